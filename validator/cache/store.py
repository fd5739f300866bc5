"""The cache's files: where they live, how one is read (and refused) and written.

One file per run key and kind, ``<cache-dir>/<version>/read-<key>`` and ``delta-<key>`` (what
reading each file found) and ``results-<key>`` (whole runs' findings): a magic line, the CRC-32 of the
payload, then the payload (``marshal``: plain data, read several times faster than JSON or a
pickle, and unable to run code). A file that is truncated, corrupt, of another version or key,
or half-written by a concurrent run is ignored and written again: never trusted. Writes go
through ``mkto_lint.atomic`` (a temporary file, then a rename), so two runs at once each see a
whole file, the last writer's.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DIR = ".mkto-lint-cache"
MAGIC = b"mkto-lint cache 1\n"
GITIGNORE = "# Automatically created by mkto-lint.\n*\n"
# https://bford.info/cachedir/: backup tools skip the folder
CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by mkto-lint.\n"
OWN_FILES = (".gitignore", "CACHEDIR.TAG")


def cache_dir(config) -> Path:
    """The configuration's ``cache-dir`` (relative to the root), else ``.mkto-lint-cache``."""
    return Path(config.root) / (getattr(config, "cache_dir", None) or DEFAULT_DIR)


# what reading found (cache.reuse: a base file and a delta of the entries changed since), the
# results of whole runs (cache.results), the project's state (cache.incremental)
KINDS = ("read", "delta", "results", "project", "facts")


def _file(folder: Path, key: bytes, kind: str) -> Path:
    import mkto_lint

    return folder / mkto_lint.__version__ / ("%s-%s" % (kind, key.hex()))


def load(folder: Path, key: bytes, kind: str = "read") -> dict:
    """The entries of the cache file for ``key``; ``{}`` when there is none or it is not sound."""
    import marshal
    import zlib

    try:
        with open(_file(folder, key, kind), "rb") as handle:
            blob = handle.read()
    except OSError:
        return {}
    head = len(MAGIC) + 4
    if not blob.startswith(MAGIC) or len(blob) < head:
        return {}
    payload = memoryview(blob)[head:]
    if zlib.crc32(payload) != int.from_bytes(blob[len(MAGIC):head], "big"):
        return {}
    try:
        stored_key, entries = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    if stored_key != key or not isinstance(entries, dict):
        return {}
    return entries


def save(folder: Path, key: bytes, entries: dict, kind: str = "read") -> bool:
    """Write the cache file for ``key`` atomically; False when the folder cannot be written (a
    read-only checkout): the run goes on without a cache, as ruff's does."""
    import marshal
    import zlib

    from mkto_lint import atomic

    payload = marshal.dumps((key, entries))
    try:
        _own_files(folder)
        atomic.write(_file(folder, key, kind), MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload, "the cache")
    except (OSError, ValueError):
        return False
    return True


KEPT_KEYS = 3  # run keys whose files are kept (settings or code changed since: the others go)


def prune(folder: Path, key: bytes) -> None:
    """Remove the files of all but the ``KEPT_KEYS`` most recently written run keys (``key``
    among them) of this version: each key of a 12,000-file project holds 12 MB, and every
    change of a setting that reading depends on (or of mkto-lint's code) makes a new one."""
    import mkto_lint

    here = folder / mkto_lint.__version__
    try:
        bases = [(p.stat().st_mtime_ns, p.name.split("-", 1)[1]) for p in here.iterdir()
                 if p.name.startswith("read-") and p.is_file()]
    except OSError:
        return
    others = sorted((b for b in bases if b[1] != key.hex()), reverse=True)
    keep = {key.hex()} | {k for _t, k in others[:KEPT_KEYS - 1]}
    for _t, old in bases:
        if old not in keep:
            for kind in KINDS:
                _unlink(here / ("%s-%s" % (kind, old)))


def _own_files(folder: Path) -> None:
    """The ``.gitignore`` (so that the cache is never committed) and the cache-directory tag."""
    from mkto_lint import atomic

    for name, text in ((".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)):
        if not (folder / name).is_file():
            atomic.write(folder / name, text, "the cache")


def clean(folder: Path) -> int:
    """Remove what mkto-lint put in ``folder`` (never anything else, even when ``cache-dir``
    names a folder of the user's); returns how many files were removed."""
    import mkto_lint  # noqa: F401 - the version folders are named after it

    removed = 0
    if _text(folder / "CACHEDIR.TAG") != CACHEDIR_TAG:  # not a folder mkto-lint made (a cargo target/...)
        return 0
    try:
        versions = [v for v in folder.iterdir() if v.is_dir() and not v.is_symlink()]
    except OSError:
        return 0
    for version in versions:
        for entry in version.iterdir():
            kind = entry.name.lstrip(".").split("-", 1)[0]
            if kind not in KINDS:
                continue
            if not entry.name.startswith(".") and entry.is_file() and _is_ours(entry):
                removed += _unlink(entry)
            elif entry.name.startswith(".") and entry.name.endswith(".tmp"):  # a run killed while writing
                removed += _unlink(entry)
        _rmdir(version)
    for name, text in zip(OWN_FILES, (GITIGNORE, CACHEDIR_TAG)):
        if _text(folder / name) == text:  # a .gitignore the user edited stays
            removed += _unlink(folder / name)
    _rmdir(folder)
    return removed


def _text(path: Path) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read(4096)
    except (OSError, UnicodeDecodeError):
        return None


def _is_ours(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _unlink(path: Path) -> int:
    try:
        os.unlink(path)
        return 1
    except OSError:
        return 0


def _rmdir(path: Path) -> None:
    try:
        os.rmdir(path)  # only if empty: a user's file in it stays, and so does the folder
    except OSError:
        pass


__all__ = ["cache_dir", "load", "save", "clean", "prune", "DEFAULT_DIR"]
