"""Reading a project through the cache: a file whose identity the cache knows is made from
its entry (no read, no parse), the others are read as usual (``read.files``, in the pool when
they are many) and their entries stored for next time.

An entry is ``(display, identity, racy, meta, blob)``: how findings name the file (a message
may quote it), its stat when it was read (``key.identity``), whether that stat can be trusted,
and what reading found (``read.files.stored``: the digest of the bytes and what every run needs
in ``meta``; the documents, problems and schema answers in ``blob``, unpacked only for the
files a run looks into). A file whose stat differs, or was racy, is hashed: same bytes, same entry (a
``git checkout`` that rewrote it unchanged costs a hash, not a parse).
"""

from __future__ import annotations

import os
import time

from mkto_lint.cache import key as cache_key
from mkto_lint.cache import store
from mkto_lint.read import files as reader
from mkto_lint.read.discover import relative_to


# the delta file holds at most this many entries, or this share of the project's
DELTA_MIN, DELTA_SHARE = 200, 10


def read_files(paths, config, cwd, run_key: bytes, checked=frozenset()):
    """``read.files.read_files`` through the cache of ``config``'s root (entries of ``run_key``,
    ``cache.key.run_key``); same SourceFiles."""
    folder = store.cache_dir(config)
    base, delta = store.load(folder, run_key, "read"), store.load(folder, run_key, "delta")
    entries = {**base, **delta}
    now = time.time_ns()
    kept, files, missed, dirty = {}, [None] * len(paths), [], False
    to_display, to_rel = relative_to(cwd), relative_to(config.root)
    for i, path in enumerate(paths):
        name = str(path)
        try:
            ident = cache_key.identity(os.lstat(name))
        except OSError:
            ident = None
        entry = entries.get(name)
        display = to_display(name)
        if ident is not None and entry is not None and entry[0] == display:
            if entry[1] == ident and not entry[2] or _same_bytes(path, entry[3][2], config):
                files[i] = reader.StoredFile(path, display, to_rel(name), entry[3], entry[4])
                if entry[1] != ident or entry[2] != cache_key.racy(ident, now):
                    entry = (display, ident, cache_key.racy(ident, now), entry[3], entry[4])
                    dirty = True
                kept[name] = entry
                continue
        missed.append((i, path, ident, display))
    if missed:
        records = []  # what the cache keeps of each, made where it was read
        read = reader.read_files([m[1] for m in missed], config, cwd, frozenset(m[1] for m in missed if m[1] in checked),
                                 digest=True, budget=False, records=records)
        for (i, path, ident, display), sf, record in zip(missed, read, records):
            files[i] = sf
            if ident is not None and sf.digest is not None and not sf.changed:
                kept[str(path)] = (display, ident, cache_key.racy(ident, now), *record)
                dirty = True
    _save(folder, run_key, base, bool(delta), kept, dirty)  # what each file holds, before the budget
    # the run's alias budget, over every file in path order, as an uncached run spends it
    return reader.spend_run_alias_budget(files, config.limits())


def _save(folder, run_key, base, had_delta, kept, dirty):
    """A few entries changed since the base file was written: only they are written, to the
    delta file (a one-file change then writes kilobytes, not the whole cache); many changed, or
    many entries of files that are gone: the base is written again, and the delta emptied. Any
    mixture of the two files a concurrent run leaves is sound: each entry is checked against its
    file before it is used."""
    changed = {name: entry for name, entry in kept.items() if base.get(name) is not entry}
    gone = len(base) - (len(kept) - len(changed))  # base entries no file of this run has
    small = max(DELTA_MIN, len(kept) // DELTA_SHARE)
    if base and len(changed) <= small and gone <= small:
        if dirty:
            store.save(folder, run_key, changed, "delta")
        return
    if dirty or gone:
        if store.save(folder, run_key, kept, "read") and not base:  # a new key
            store.prune(folder, run_key)
        if had_delta:
            store.save(folder, run_key, {}, "delta")


def _same_bytes(path, digest, config) -> bool:
    """Whether the file still holds the bytes whose digest the entry keeps."""
    try:
        raw = reader.read_bytes(path, config.max_file_bytes)
    except (OSError, reader.NotRead):
        return False
    return reader.content_digest(raw) == tuple(digest)


__all__ = ["read_files"]
