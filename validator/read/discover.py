"""Discovery: which files make up the project and which of them are checked.

Every YAML/JSON file below the root is a candidate (folders starting with ``.``,
``node_modules``, ``__pycache__`` and ``venv`` are skipped, ``exclude`` patterns too); the paths
named on the command line select the checked ones. Links to folders are not followed.
"""

from __future__ import annotations

import fnmatch
import os
import stat
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
    return relative_to(base)(str(path))


def relative_to(base):
    """``rel_path(p, base)`` as a function of a path string, ``base``'s prefix computed once
    (a cached run names 12,000 files)."""
    whole = str(base)
    prefix = whole.rstrip(os.sep) + os.sep

    def relative(text: str) -> str:
        if text.startswith(prefix):
            text = text[len(prefix):]
        elif text == whole:
            text = "."
        return text.replace(os.sep, "/")

    return relative


def discover(folder, root, exclude, nested=None, by_text=None, listings=None):
    """Every definition-file candidate below ``folder``, sorted, links to folders not followed.
    A folder that cannot be listed is a candidate too: reading it reports why (MKL001), since
    skipping it would pass a run that never saw its files. With ``nested`` (a list), a folder
    below ``folder`` that holds its own configuration is a project of its own: it is added to
    ``nested`` and not walked. ``by_text`` (a dict), when given, gets each file's Path by its
    path string: a file named on the command line is then found, not built and hashed again.
    ``listings``: folders already listed ({folder: {name: DirEntry}}), taken instead of
    listing them again."""
    found = []
    top = str(folder)
    stack = [(top, Path(folder))]
    # a walk of os.scandir's entries as strings (os.walk with a Path per folder and per file cost
    # a tenth of a second at 12,000 files); the order is os.walk's: a folder's files, sorted, then
    # its sub-folders one after the other, sorted
    while stack:
        here, here_path = stack.pop()
        try:
            known = listings.pop(here, None) if listings else None
            if known is not None:
                entries = list(known.values())
            else:
                with os.scandir(here) as listing:
                    entries = list(listing)
        except OSError as error:  # listed by its parent, but not readable: a candidate (see above)
            if here != top:
                found.append(Path(error.filename if error.filename is not None else here))
            continue
        filenames = sorted(e.name for e in entries if not _is_folder(e))
        if nested is not None and here != top and _holds_configuration(here_path, filenames):
            nested.append(here_path)  # links to folders are not walked, so never a project (``self -> .``)
            continue
        sep = here if here.endswith(os.sep) else here + os.sep
        links = {e.name for e in entries if e.is_symlink()} if by_text is not None else ()
        dirnames = sorted(
            e.name for e in entries
            if _is_folder(e) and not e.is_symlink() and not e.name.startswith(".") and e.name not in SKIP_DIRS
            and not (exclude and excluded(rel_path(sep + e.name, root), exclude))
        )
        for name in filenames:
            if name.lower().endswith(source.SUFFIXES):
                path = sep + name
                if not (exclude and excluded(rel_path(path, root), exclude)):
                    child = _child(here_path, name)
                    found.append(child)
                    if by_text is not None and name not in links:  # a named link is resolved to its target
                        by_text[path] = child
        stack.extend((sep + d, _child(here_path, d)) for d in reversed(dirnames))
    return found


def _child(folder: Path, name: str) -> Path:
    """``folder / name`` for a plain name: pathlib's own shortcut for it where there is one
    (five times quicker than parsing the path again: 40 ms of a pre-commit run)."""
    make = getattr(folder, "_make_child_relpath", None)
    return make(name) if make is not None else folder / name


def _is_folder(entry):
    """os.walk's test: a folder, or a link to one (which is listed but not walked)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _holds_configuration(folder, filenames):
    """From the listing the walk already made: no extra look-up for the folders without one."""
    if CONFIG_YAML not in filenames and PYPROJECT not in filenames:
        return False
    return holds_configuration(folder)


def collect(paths, config, cwd, named: Named | None = None):
    """(all files of the project, the set of files to check, the named files ``exclude`` leaves
    unchecked), as absolute paths; ``named``: what ``named_paths`` learnt of the paths, when the
    caller has it. Excluded files are not checked but still loaded: a campaign
    they define still resolves the references of the checked ones (no false MKL006)."""
    root = config.root
    projects = []  # folders below the root with a configuration of their own
    by_text: dict = {}
    listings = named.listings if named is not None else None
    everything = {p: None for p in discover(root, root, (), projects, by_text, listings)}
    checked = set()
    left_out = []
    nested = {}  # a nested project's root -> the paths it is asked to check

    def inside_nested(p):
        return next((n for n in projects if p == n or _below(p, n)), None)


    def is_excluded(p):
        return bool(config.exclude) and excluded(rel_path(p, root), config.exclude)

    kinds = named.kinds if named is not None else {}
    if any(str(raw) not in kinds for raw in paths):
        kinds = dict(zip(map(str, paths), resolve_texts(paths, cwd)))
    for raw in paths:
        text, kind = kinds[str(raw)]
        path = by_text.get(text) or Path(text)  # discovery's own Path: already hashed, its string known
        is_dir = kind == "dir"
        if kind == "missing":
            hint = ""
            if str(raw).startswith("-"):  # after `--` (the pre-commit hooks' entry) options are paths
                hint = (" (after `--` every argument is a file name; in a pre-commit hook, set options in"
                        " .mkto-lint.yaml or in the hook's `entry:`, not in `args:`)")
            raise UsageError("%s: no such file or directory%s" % (raw, hint))
        owner = inside_nested(path) if projects else None
        if owner is not None:  # a path in a project of its own: that project checks it
            nested.setdefault(owner, []).append(str(path))
            continue
        if is_dir:
            for n in projects:  # the projects below a folder checked are checked too
                if path == root or _below(n, path):
                    nested.setdefault(n, []).append(str(n))
            under = [p for p in everything if p == path or _below(p, path)]
            if not under and not (path == root or _below(path, root)):
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


def _below(path, folder):
    """Whether ``path`` is inside ``folder`` (both absolute and resolved): a string test, where
    ``folder in path.parents`` builds every parent (12,000 files named: a second lost)."""
    prefix = str(folder)
    return str(path).startswith(prefix if prefix.endswith(os.sep) else prefix + os.sep)


def resolve_path(path):
    """``path`` made absolute with links resolved; a link that loops is kept as it is (reading it
    is then reported as MKL001 like any file that cannot be read)."""
    return resolve_named(path)[0]


def resolve_named(path) -> tuple:
    """(``resolve_path(path)``, what it is: ``"dir"``, ``"file"`` (or anything but a folder) or
    ``"missing"``): ``os.path.realpath`` and one ``lstat``, not ``Path.resolve`` (which costs six
    times as much). Many paths at once: ``resolve_texts``, which looks at most of them through
    their folders' listings."""
    text = os.fspath(path)
    try:
        real = os.path.realpath(text)
    except (OSError, ValueError):
        return Path(os.path.abspath(text)), "missing" if not os.path.lexists(text) else "file"
    st = _lstat(real)
    if st is not None and stat.S_ISLNK(st.st_mode):  # what realpath cannot resolve any further: a loop
        return Path(os.path.abspath(text)), "file"
    return Path(real), _kind(st)


def _lstat(path):
    try:
        return os.lstat(path)
    except (OSError, ValueError):
        return None


def _kind(st) -> str:
    if st is None:
        return "missing"
    return "dir" if stat.S_ISDIR(st.st_mode) else "file"


def resolve_paths(paths: list, cwd) -> list:
    """``resolve_path`` of every path (relative to ``cwd``), folders resolved once."""
    return [Path(text) for text, _kind in resolve_texts(paths, cwd)]


def resolve_texts(paths: list, cwd, listings: dict | None = None) -> list:
    """``resolve_named`` of every path (relative to ``cwd``) as (path string, kind), with no
    Path made and, for a plain name, no look of its own: its folder is resolved and listed once
    (``listings``, by folder: discovery reuses them) and the listing tells what the name is. A
    pre-commit run names 12,000 files in 1,000 folders: 1,000 listings cost a third of 12,000
    ``lstat``, and discovery makes them anyway. A link, a name with ``..`` or ``.``, or one the
    listing does not hold, is looked at (``resolve_named``)."""
    base = os.fspath(cwd)
    sep = os.sep
    listings = {} if listings is None else listings
    heads: dict = {}  # folder as named -> the folder resolved
    plain = os.altsep is None  # one separator: a name's folder is what its last one leaves
    out = []
    for raw in paths:
        name = os.fspath(raw)
        full = name if os.path.isabs(name) else base + sep + name
        head, _, tail = full.rpartition(sep)
        if plain and tail not in ("", ".", "..") and ".." not in name:
            real_head = heads.get(head)
            if real_head is None:
                real_head = heads[head] = os.path.realpath(head or sep)
            entry = _listing(real_head, listings).get(tail)
            try:
                if entry is not None and not entry.is_symlink():
                    out.append(((real_head if real_head != sep else "") + sep + tail,
                                "dir" if entry.is_dir() else "file"))
                    continue
            except OSError:
                pass
        path, kind = resolve_named(os.path.join(base, name))
        out.append((str(path), kind))
    return out


def _listing(folder: str, listings: dict) -> dict:
    """{name: DirEntry} of ``folder`` (empty when it cannot be listed), listed once."""
    found = listings.get(folder)
    if found is None:
        try:
            with os.scandir(folder) as listing:
                found = {e.name: e for e in listing}
        except OSError:  # discovery lists it again and says why
            return {}
        listings[folder] = found
    return found


class Named:
    """What naming the paths learnt (``named_paths``): each path's (string, kind) by path, and the
    folder listings made on the way (``listings``), which discovery takes instead of its own."""

    __slots__ = ("kinds", "listings")

    def __init__(self, kinds: dict, listings: dict) -> None:
        self.kinds = kinds
        self.listings = listings


def named_paths(paths: list, cwd) -> tuple:
    """(the folder that holds every path, where the configuration search starts; ``Named``)."""
    listings: dict = {}
    kinds = dict(zip(map(str, paths), resolve_texts(paths, cwd, listings)))
    folders = {t if kind == "dir" else os.path.dirname(t) for t, kind in kinds.values()}  # 1,000 for 12,000 files
    return Path(os.path.commonpath(sorted(folders))), Named(kinds, listings)


__all__ = ["collect", "discover", "excluded", "rel_path", "relative_to", "resolve_path", "resolve_paths",
           "resolve_named", "resolve_texts", "named_paths", "Named", "SKIP_DIRS"]
