"""Configuration: ``[tool.mkto-lint]`` in ``pyproject.toml`` or ``.mkto-lint.yaml`` at the root.

One loader for every setting; command-line options override the file. Unknown keys and wrong
types are a one-line error (exit 2) with "did you mean" for the closest known key.
"""

from __future__ import annotations

from pathlib import Path

from mkto_lint.record import Factory, Record

CONFIG_YAML = ".mkto-lint.yaml"
PYPROJECT = "pyproject.toml"

DEFAULT_ASYNC_ACTIONS = ()
DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024


class ConfigError(Exception):
    """A configuration problem: reported as one line, exit status 2."""


class Config(Record):
    """The settings of a run (see KEYS for the file's names of them)."""

    __slots__ = ("root", "file", "select", "extend_select", "ignore", "per_file_ignores", "severity", "fail_on",
                 "exclude", "max_nesting_depth", "async_actions", "custom_actions", "max_file_bytes",
                 "max_alias_nodes", "max_depth", "fix", "unsafe_fixes", "unfixable", "overlay", "cache_dir",
                 "cache", "output_format", "baseline")
    _defaults = {
        "file": None,
        "select": Factory(lambda: ["ALL"]),
        "extend_select": Factory(list),
        "ignore": Factory(list),
        "per_file_ignores": Factory(dict),
        "severity": Factory(dict),
        "fail_on": "error",
        "exclude": Factory(list),
        "max_nesting_depth": 3,
        "async_actions": Factory(lambda: list(DEFAULT_ASYNC_ACTIONS)),
        "custom_actions": Factory(list),
        "max_file_bytes": DEFAULT_MAX_FILE_BYTES,
        "max_alias_nodes": 100_000,
        "max_depth": 200,
        "fix": False,
        "unsafe_fixes": False,
        "unfixable": Factory(list),
        "overlay": None,  # --fix: path -> the bytes of a file fixed in memory (not a setting)
        "cache_dir": ".mkto-lint-cache",
        "cache": False,  # not a key: the command line's check turns it on (not --no-cache)
        "output_format": None,  # the command line's default then: full
        "baseline": None,  # a path relative to the root
    }

    def limits(self):
        from mkto_lint.read.limits import Limits

        return Limits(self.max_alias_nodes, self.max_depth)


# key -> (attribute, what its value names); the types are checked by schemas/config.schema.json
KEYS = {
    "select": ("select", "codes"),
    "extend-select": ("extend_select", "codes"),
    "ignore": ("ignore", "codes"),
    "per-file-ignores": ("per_file_ignores", "globmap"),
    "severity": ("severity", "levelmap"),
    "fail-on": ("fail_on", "level"),
    "exclude": ("exclude", "strings"),
    "max-nesting-depth": ("max_nesting_depth", "number"),
    "async-actions": ("async_actions", "strings"),
    "custom-actions": ("custom_actions", "strings"),
    "max-file-size": ("max_file_bytes", "number"),
    "max-alias-nodes": ("max_alias_nodes", "number"),
    "max-depth": ("max_depth", "number"),
    "fix": ("fix", "flag"),
    "unsafe-fixes": ("unsafe_fixes", "flag"),
    "unfixable": ("unfixable", "codes"),
    "cache-dir": ("cache_dir", "path"),
    "output-format": ("output_format", "string"),
    "baseline": ("baseline", "string"),
}


def find_root(start):
    """The nearest directory upward from ``start`` holding a configuration; else the
    repository's root, where the search stopped (the project's root, with the defaults); else
    None (the caller's fallback, the current folder).

    The search stops at the repository's boundary (a folder with a ``.git`` entry) and at the
    user's home: a ``.mkto-lint.yaml`` planted in a shared parent such as ``/tmp`` must not
    become the root, change the rules and pull other folders' definitions in, nor may it when
    mkto-lint runs from that parent (``cd /tmp && mkto-lint check repo``)."""
    start = Path(start).resolve()
    if start.is_file():
        start = start.parent
    home = _home()
    for folder in (start, *start.parents):
        if folder == home and folder != start:
            return None
        if (folder / CONFIG_YAML).is_file():
            return folder
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _pyproject_table(pyproject) is not None:
            return folder
        if (folder / ".git").exists():  # the repository's root: nothing above it is the project's
            return folder
    return None


def holds_configuration(folder) -> bool:
    """Whether ``folder`` holds a configuration (then it is a project of its own)."""
    folder = Path(folder)
    if (folder / CONFIG_YAML).is_file():
        return True
    pyproject = folder / PYPROJECT
    return pyproject.is_file() and _pyproject_table(pyproject) is not None


def _home():
    try:
        return Path.home().resolve()
    except (RuntimeError, OSError, KeyError):  # no home (a service account)
        return None


def describe(cfg: Config) -> str:
    """``--show-settings``: the root, the configuration file (or none) and every setting by its
    configuration key, as ruff's ``--show-settings`` does."""
    from mkto_lint.report.visible import visible

    lines = ["root: %s" % visible(str(cfg.root)),
             "configuration: %s" % (visible(str(cfg.file)) if cfg.file else "none (the defaults)")]
    for key, (attr, _kind) in KEYS.items():
        lines.append("%s: %s" % (key, visible(repr(getattr(cfg, attr)))))
    return "\n".join(lines) + "\n"


def _toml():
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    return tomllib


def _pyproject_table(path):
    try:
        from mkto_lint.read.files import NotRead, read_text

        data = _toml().loads(read_text(path))
    except NotRead as exc:
        raise ConfigError("%s: cannot read the configuration: %s" % (path, exc)) from None
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    except RecursionError:  # tomllib recurses per level of nesting
        raise ConfigError("%s: cannot read the configuration: nesting is too deep to read" % path) from None
    table = data.get("tool", {}).get("mkto-lint")
    return table if isinstance(table, dict) else None


def load(root):
    """The configuration of ``root`` (defaults when it has none)."""
    root = Path(root).resolve()
    cfg = Config(root=root)
    yaml_file = root / CONFIG_YAML
    if yaml_file.is_file() or (yaml_file.exists() and not yaml_file.is_dir()):  # a FIFO, a device: said
        from mkto_lint.read import yaml12

        try:
            from mkto_lint.read.files import read_text

            text = read_text(yaml_file)
            docs, problems = yaml12.load_all(text)
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

        def locate(path, at_key=False):  # only asked when a setting is wrong
            from mkto_lint.config_position import in_yaml

            return in_yaml(text, path, at_key)

        apply(cfg, table, str(yaml_file), locate)
        return cfg
    pyproject = root / PYPROJECT
    if pyproject.is_file():
        table = _pyproject_table(pyproject)
        if table is not None:
            cfg.file = pyproject

            def locate(path, at_key=False):
                from mkto_lint.config_position import in_toml
                from mkto_lint.read.files import read_text

                return in_toml(read_text(pyproject), path)

            apply(cfg, table, "%s [tool.mkto-lint]" % pyproject, locate, str(pyproject))
    return cfg


def apply(cfg, table, where, locate=None, file=None):
    """Validate ``table`` against the configuration's JSON Schema, then apply it to ``cfg``.
    ``locate(path, at_key)`` gives the (line, column) of a setting in ``file`` for the error."""
    from mkto_lint.schema.check import SchemaSet

    def at(path, at_key=False):
        """``where`` with the setting's line and column when they can be found."""
        spot = locate(path, at_key) if locate is not None else None
        return "%s:%d:%d" % ((file or where), spot[0], spot[1]) if spot else where

    errors = SchemaSet().validate_file_schema("config.schema.json", table)
    if errors:
        err = errors[0]
        path, on_key = err.path, err.at == "key"
        unknown = [k for k in table if k not in KEYS]
        if not path and unknown:  # an unknown key is said of the mapping: point at the key itself
            path, on_key = (unknown[0],), True
        raise ConfigError("%s: %s" % (at(path, on_key), err.message.replace('"', "'")))
    for key, value in table.items():
        attr, kind = KEYS[key]
        if kind == "number":
            # JSON Schema's "integer" admits 200.0; the code needs an int (a float would crash it)
            if isinstance(value, float):
                if not value.is_integer():
                    raise ConfigError("%s: %s: %r is not a whole number" % (where, key, value))
                value = int(value)
        elif kind == "codes":
            from mkto_lint.ruleset.registry import known_selector, selector_hint

            for i, v in enumerate(value):
                if not known_selector(v):
                    raise ConfigError("%s: %s names no rule: %r%s" % (at((key, i)), key, v, selector_hint(v)))
        elif kind == "globmap":
            from mkto_lint.ruleset.registry import known_selector, selector_hint

            for glob, codes in value.items():
                for i, v in enumerate(codes):
                    if not known_selector(v):
                        raise ConfigError("%s: per-file-ignores[%r] names no rule: %r%s"
                                          % (at((key, glob, i)), glob, v, selector_hint(v)))
        elif kind == "levelmap":
            from mkto_lint.ruleset.registry import known_selector, selector_hint

            for code in value:
                if not known_selector(code):
                    raise ConfigError("%s: severity names no rule: %r%s"
                                      % (at((key, code), True), code, selector_hint(code)))
        setattr(cfg, attr, value)
    return cfg
