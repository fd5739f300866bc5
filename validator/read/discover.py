"""Discovery: which files make up the project and which of them are checked.

Every YAML/JSON file below the root is a candidate (folders starting with ``.``,
``node_modules``, ``__pycache__`` and ``venv`` are skipped, ``exclude`` patterns too); the paths
named on the command line select the checked ones. Links to folders are not followed.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from mkto_lint.config import CONFIG_YAML, PYPROJECT, holds_configuration
from mkto_lint.errors import UsageError
from mkto_lint.project import source

SKIP_DIRS = {"node_modules", "__pycache__", "venv"}


def excluded(rel, patterns):
    if not patterns:
        return False
    base = rel.rsplit("/", 1)[-1]
    for pat in patterns:
        pat = pat.rstrip("/")
        if fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(base, pat) or rel.startswith(pat + "/"):
            return True
    return False


def rel_path(path, base):
    """POSIX path of ``path`` relative to ``base`` when inside it, else absolute."""
    text, prefix = str(path), str(base).rstrip(os.sep) + os.sep
    if text.startswith(prefix):
        text = text[len(prefix):]
    elif text == str(base):
        text = "."
    return text.replace(os.sep, "/")


def discover(folder, root, exclude, nested=None):
    """Every definition-file candidate below ``folder``, sorted, links to folders not followed.
    A folder that cannot be listed is a candidate too: reading it reports why (MKL001), since
    skipping it would pass a run that never saw its files. With ``nested`` (a list), a folder
    below ``folder`` that holds its own configuration is a project of its own: it is added to
    ``nested`` and not walked."""
    found = []

    def unreadable(error):
        if error.filename is not None and Path(error.filename) != Path(folder):
            found.append(Path(error.filename))

    top = Path(folder)
    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable, followlinks=False):
        here = Path(dirpath)
        if nested is not None and here != top and _holds_configuration(here, filenames):
            nested.append(here)  # links to folders are not walked, so never a project (``self -> .``)
            dirnames[:] = []
            continue
        dirnames[:] = sorted(
            d for d in dirnames
            if not d.startswith(".") and d not in SKIP_DIRS and not excluded(rel_path(here / d, root), exclude)
        )
        for name in sorted(filenames):
            if name.lower().endswith(source.SUFFIXES):
                path = here / name
                if not excluded(rel_path(path, root), exclude):
                    found.append(path)
    return found


def _holds_configuration(folder, filenames):
    """From the listing the walk already made: no extra look-up for the folders without one."""
    if CONFIG_YAML not in filenames and PYPROJECT not in filenames:
        return False
    return holds_configuration(folder)


def collect(paths, config, cwd):
    """(all files of the project, the set of files to check, the named files ``exclude`` leaves
    unchecked), as absolute paths. Excluded files are not checked but still loaded: a campaign
    they define still resolves the references of the checked ones (no false MKL006)."""
    root = config.root
    projects = []  # folders below the root with a configuration of their own
    everything = {p: None for p in discover(root, root, (), projects)}
    checked = set()
    left_out = []
    nested = {}  # a nested project's root -> the paths it is asked to check

    def inside_nested(p):
        return next((n for n in projects if p == n or n in p.parents), None)


    def is_excluded(p):
        return excluded(rel_path(p, root), config.exclude)

    for raw in paths:
        path = resolve_path(cwd / raw)
        if not os.path.lexists(path):
            hint = ""
            if str(raw).startswith("-"):  # after `--` (the pre-commit hooks' entry) options are paths
                hint = (" (after `--` every argument is a file name; in a pre-commit hook, set options in"
                        " .mkto-lint.yaml or in the hook's `entry:`, not in `args:`)")
            raise UsageError("%s: no such file or directory%s" % (raw, hint))
        owner = inside_nested(path)
        if owner is not None:  # a path in a project of its own: that project checks it
            nested.setdefault(owner, []).append(str(path))
            continue
        if path.is_dir():
            for n in projects:  # the projects below a folder checked are checked too
                if path == root or path in n.parents:
                    nested.setdefault(n, []).append(str(n))
            under = [p for p in everything if p == path or path in p.parents]
            if not under and not (path == root or root in path.parents):
                under = discover(path, root, ())
            for p in under:
                everything.setdefault(p, None)
                if not is_excluded(p):
                    checked.add(p)
        else:
            everything.setdefault(path, None)
            if is_excluded(path):
                left_out.append(str(raw))
                continue
            checked.add(path)
    return list(everything), checked, left_out, nested


def resolve_path(path):
    """``path`` made absolute with links resolved; a link that loops is kept as it is (reading it
    is then reported as MKL001 like any file that cannot be read)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: "Symlink loop" (Python < 3.13)
        return Path(os.path.abspath(path))


__all__ = ["collect", "discover", "excluded", "rel_path", "resolve_path", "SKIP_DIRS"]
