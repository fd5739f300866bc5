"""The Python API: ``mkto_lint.check`` and ``mkto_lint.resolve``, the library twins of
``mkto-lint check`` and ``mkto-lint resolve``.

Each call reads the project afresh, keeps nothing after it returns (no module-level state, no
frozen objects: the collector is only paused while reading, as the command line does) and
raises instead of printing: ``UsageError`` for a bad path or campaign, ``ConfigError`` for a bad
configuration. Paths may be ``str`` or ``pathlib.Path``; relative ones are taken from the
current directory, and findings name files relative to it, as the command line does.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Union

from mkto_lint import config as config_mod
from mkto_lint.errors import UsageError

PathLike = Union[str, "os.PathLike[str]"]


def _configuration(root: PathLike | None, config: Any, start: Path) -> config_mod.Config:
    if isinstance(config, config_mod.Config):
        return config
    if root is not None:
        folder = Path(root)
        if not folder.is_dir():
            raise config_mod.ConfigError("root %s: not a directory" % root)
        folder = folder.resolve()
    else:
        folder = config_mod.find_root(start) or Path(os.getcwd()).resolve()
    if config is None:
        return config_mod.load(folder)
    if isinstance(config, Mapping):  # the keys of .mkto-lint.yaml, validated the same way
        cfg = config_mod.Config(root=folder)
        config_mod.apply(cfg, dict(config), "config")
        return cfg
    raise TypeError("config must be None, a mapping of configuration keys or a Config, not %s"
                    % type(config).__name__)


def check(paths: Iterable[PathLike] | PathLike = ".", root: PathLike | None = None, config: Any = None):
    """Check ``paths`` as ``mkto-lint check PATHS --root ROOT`` does; returns the ``Result``
    (``.findings``, ``.summary``, ``.exit_status``, ``.to_dict()`` = the JSON report).

    ``config``: None (the root's ``.mkto-lint.yaml`` or ``[tool.mkto-lint]``), a mapping of the
    same keys (``{"select": ["EXE"], "fail-on": "warning"}``), or a ``Config``.
    """
    from mkto_lint import engine
    from mkto_lint.read.discover import resolve_paths

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [os.fspath(p) for p in paths]
    cwd = Path(os.getcwd()).resolve()
    absolute = resolve_paths(paths, cwd) or [cwd]
    start = Path(os.path.commonpath([str(p if p.is_dir() else p.parent) for p in absolute]))
    cfg = _configuration(root, config, start)
    from mkto_lint.fix.apply import prepare, project_settings

    settings, configure = project_settings(cfg)
    result = engine.run(paths, cfg, cwd, configure=configure)
    prepare(result.findings, settings)  # each finding's fix, as the command line reports it
    return result


def resolve(campaign: str | int, root: PathLike | None = None, config: Any = None, *, via: str | None = None,
            tokens: Mapping[str, str] | None = None, person: Mapping[str, Any] | None = None,
            trigger: Mapping[str, Any] | None = None):
    """Dry-run ``campaign`` ("Program.Campaign", a unique bare name, or an id) as
    ``mkto-lint resolve`` does; returns the ``Trace`` (``.steps``, ``.effects``, ``.problems``;
    ``mkto_lint.report.trace.to_dict(trace)`` is its JSON). ``tokens`` are API tokens
    (``{"Score": "+15"}`` for ``{{my.Score}}``)."""
    from mkto_lint.cli.resolve import load_index
    from mkto_lint.evaluate import evaluator

    cwd = Path(os.getcwd()).resolve()
    cfg = _configuration(root, config, cwd)
    index, _files = load_index(cfg.root, cfg, cwd)
    spec = evaluator.RunSpec(campaign=campaign, tokens=dict(tokens or {}), person=dict(person) if person else None,
                             trigger=dict(trigger) if trigger else None)
    if via is not None:
        spec.via = via
    try:
        return evaluator.evaluate(index, spec, max_depth=cfg.max_nesting_depth,
                                  memo=evaluator.RunMemo(index, cfg.custom_actions))
    except evaluator.ResolveError as exc:
        raise UsageError(str(exc)) from None


__all__ = ["check", "resolve", "UsageError"]
