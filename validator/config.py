"""Configuration: ``[tool.mkto-lint]`` in ``pyproject.toml`` or ``.mkto-lint.yaml`` at the root.

One loader for every setting; command-line options override the file. Unknown keys and wrong
types are a one-line error (exit 2) with "did you mean" for the closest known key.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_YAML = ".mkto-lint.yaml"
PYPROJECT = "pyproject.toml"

DEFAULT_ASYNC_ACTIONS = ()
DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024


class ConfigError(Exception):
    """A configuration problem: reported as one line, exit status 2."""


@dataclass
class Config:
    root: Path
    file: Path | None = None
    select: list = field(default_factory=lambda: ["ALL"])
    extend_select: list = field(default_factory=list)
    ignore: list = field(default_factory=list)
    per_file_ignores: dict = field(default_factory=dict)
    severity: dict = field(default_factory=dict)
    fail_on: str = "error"
    exclude: list = field(default_factory=list)
    max_nesting_depth: int = 3
    async_actions: list = field(default_factory=lambda: list(DEFAULT_ASYNC_ACTIONS))
    custom_actions: list = field(default_factory=list)
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES


# key -> (attribute, kind)
KEYS = {
    "select": ("select", "codes"),
    "extend-select": ("extend_select", "codes"),
    "ignore": ("ignore", "codes"),
    "per-file-ignores": ("per_file_ignores", "globmap"),
    "severity": ("severity", "levelmap"),
    "fail-on": ("fail_on", "level"),
    "exclude": ("exclude", "strings"),
    "max-nesting-depth": ("max_nesting_depth", "positive"),
    "async-actions": ("async_actions", "strings"),
    "custom-actions": ("custom_actions", "strings"),
    "max-file-size": ("max_file_bytes", "positive"),
}
LEVELS = ("error", "warning", "info")


def find_root(start):
    """The nearest directory upward from ``start`` holding a configuration, else None."""
    start = Path(start).resolve()
    if start.is_file():
        start = start.parent
    for folder in (start, *start.parents):
        if (folder / CONFIG_YAML).is_file():
            return folder
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _pyproject_table(pyproject) is not None:
            return folder
    return None


def _toml():
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    return tomllib


def _pyproject_table(path):
    try:
        data = _toml().loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    table = data.get("tool", {}).get("mkto-lint")
    return table if isinstance(table, dict) else None


def load(root):
    """The configuration of ``root`` (defaults when it has none)."""
    root = Path(root).resolve()
    cfg = Config(root=root)
    yaml_file = root / CONFIG_YAML
    if yaml_file.is_file():
        from . import yaml12

        try:
            docs, problems = yaml12.load_all(yaml_file.read_text(encoding="utf-8"))
        except Exception as exc:
            raise ConfigError("%s: cannot read the configuration: %s" % (yaml_file, str(exc).splitlines()[0]))
        if problems:
            raise ConfigError("%s:%d: %s" % (yaml_file, problems[0][2].line + 1, problems[0][1]))
        table = docs[0] if docs else {}
        if table is None:
            table = {}
        if not isinstance(table, dict):
            raise ConfigError("%s: the configuration must be a mapping" % yaml_file)
        cfg.file = yaml_file
        apply(cfg, table, str(yaml_file))
        return cfg
    pyproject = root / PYPROJECT
    if pyproject.is_file():
        table = _pyproject_table(pyproject)
        if table is not None:
            cfg.file = pyproject
            apply(cfg, table, "%s [tool.mkto-lint]" % pyproject)
    return cfg


def apply(cfg, table, where):
    for key, value in table.items():
        if key not in KEYS:
            close = difflib.get_close_matches(str(key), list(KEYS), n=1)
            hint = " (did you mean %r?)" % close[0] if close else ""
            raise ConfigError("%s: unknown key %r%s" % (where, key, hint))
        attr, kind = KEYS[key]
        setattr(cfg, attr, _coerce(value, kind, key, where))
    return cfg


def _coerce(value, kind, key, where):
    def fail(expected):
        raise ConfigError("%s: %r must be %s, got %r" % (where, key, expected, value))

    if kind in ("codes", "strings"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail("a list of strings")
        if kind == "codes":
            from .registry import known_selector

            for v in value:
                if not known_selector(v):
                    raise ConfigError("%s: %r names no rule: %r" % (where, key, v))
        return list(value)
    if kind == "level":
        if value not in LEVELS:
            fail("one of error, warning, info")
        return value
    if kind == "positive":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            fail("a positive integer")
        return value
    if kind == "globmap":
        if not isinstance(value, dict) or not all(
            isinstance(v, list) and all(isinstance(c, str) for c in v) for v in value.values()
        ):
            fail("a mapping of glob to a list of codes")
        return {str(k): list(v) for k, v in value.items()}
    if kind == "levelmap":
        if not isinstance(value, dict) or not all(v in LEVELS for v in value.values()):
            fail("a mapping of code to error, warning or info")
        return dict(value)
    raise AssertionError(kind)
