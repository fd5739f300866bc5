"""The findings of a run whose every input is what an earlier run had: each file's path, name and
bytes (their digests, from reading), which are checked, every setting and the selection, and
the run key (version, code, schemas). Such a run reports what that run reported, so its result
is kept (reported findings with their spans, after suppressions) and given back, skipping the
index, the rules and the positions: a warm full check with nothing changed, or a pre-commit
hook run again, costs little more than reading the cache.

Stored only when it can be stored whole as plain data: a finding holding anything but strings,
numbers, targets, spans and related ends (a field a later version adds), a rule that crashed,
a file that could not be read or changed while read: nothing is kept, and the next run checks.
"""

from __future__ import annotations

from mkto_lint.cache import store
from mkto_lint.findings import Finding, Related, Span, Target

_KEPT = 8  # results of this many distinct runs (a full check and a few pre-commit file sets)


class Known:
    """A run's key, and the result an earlier run with this key left (``result``: None if none)."""

    def __init__(self, folder, run_key: bytes, key: bytes, files: list, result) -> None:
        self.folder, self.run_key, self.key, self.files, self.result = folder, run_key, key, files, result

    def store(self, result) -> None:
        """Keep ``result`` for the next run with this key (when it is plain data)."""
        if result.internal_errors or any(f.changed for f in self.files):
            return
        place = {id(f): i for i, f in enumerate(self.files)}
        try:
            payload = ([plain(f, place) for f in result.findings], [place[id(f)] for f in result.files],
                       result.flows_not_exported)
            import marshal

            marshal.dumps(payload)
        except (KeyError, ValueError, TypeError):  # not plain data, or a file not of this run
            return
        entries = _load(self.folder, self.run_key)
        entries.pop(self.key, None)
        entries[self.key] = payload
        while len(entries) > _KEPT:
            entries.pop(next(iter(entries)))
        store.save(self.folder, self.run_key, entries, "results")


def lookup(files: list, config, cwd, select, ignore, run_key: bytes) -> Known | None:
    """The Known of this run (``run_key``: ``cache.key.run_key``), or None when some file has no
    digest (it could not be read)."""
    import hashlib

    import marshal

    rows = [(str(f.path), f.display, f.is_definition, f.checked, f.digest) for f in files]
    if any(row[4] is None for row in rows):
        return None
    # marshal's version 2 writes no back-references (which depend on objects' identity, not
    # their values): the same rows, the same bytes; four times quicker than a repr per file
    h = hashlib.blake2b(settings(config, cwd, select, ignore), digest_size=16)
    h.update(marshal.dumps(rows, 2))
    folder = store.cache_dir(config)
    key = h.digest()
    payload = _load(folder, run_key).get(key)
    result = _result(payload, files, config) if payload is not None else None
    return Known(folder, run_key, key, files, result)


def settings(config, cwd, select, ignore) -> bytes:
    """The digest of what a run's findings depend on besides the files and the code: every
    setting, the working folder (findings name files relative to it), the selection."""
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    slots = [s for s in type(config).__slots__ if s not in ("file", "cache")]
    h.update(repr([(s, getattr(config, s)) for s in slots]).encode("utf-8", "surrogatepass"))
    h.update(repr((str(cwd), list(select), list(ignore), Finding.__slots__, Target.__slots__)).encode(
        "utf-8", "surrogatepass"))
    return h.digest()


def _load(folder, run_key) -> dict:
    return store.load(folder, run_key, "results")


def _result(payload, files, config):
    from mkto_lint.engine import Result

    from mkto_lint.project import source
    from mkto_lint.project.index import ProjectIndex

    def index():  # built only if asked for (the command line does not)
        return ProjectIndex([d for f in files if f.is_definition for d in f.documents if d.kind in source.KINDS])

    try:
        findings, checked, flows = payload
        return Result([unplain(f, files) for f in findings], [files[i] for i in checked], [], index,
                      config.fail_on, flows)
    except (IndexError, TypeError, ValueError):  # not what this version writes: check
        return None


def _target(t: Target, place: dict) -> tuple:
    return (place[id(t.file)], t.stream, t.path, t.at, _span(t.span), t.offset, t.length)


def _span(span):
    return None if span is None else span.values()


def plain(f: Finding, place: dict) -> tuple:
    """``f`` as plain data, its files by ``place[id(file)]``; ValueError when a field holds
    anything else (a fix)."""
    out = []
    for slot in Finding.__slots__:
        value = getattr(f, slot)
        if slot == "target":
            value = _target(value, place)
        elif slot == "related":
            value = [(_target(r.target, place), r.message) for r in value]
        elif slot == "span":
            value = _span(value)
        elif not isinstance(value, (str, int, float, bool, type(None))):
            raise ValueError("not plain data")
        out.append(value)
    return tuple(out)


def _untarget(t: tuple, files: list) -> Target:
    file, stream, path, at, span, offset, length = t
    return Target(files[file], stream, path, at, None if span is None else Span(*span), offset, length)


def unplain(values: tuple, files) -> Finding:
    """The Finding ``plain`` made ``values`` of; ``files[key]``: the SourceFile of a key."""
    data = dict(zip(Finding.__slots__, values))
    data["target"] = _untarget(data["target"], files)
    data["related"] = [Related(_untarget(t, files), message) for t, message in data["related"]]
    data["span"] = None if data["span"] is None else Span(*data["span"])
    return Finding(**data)


__all__ = ["lookup", "Known", "settings", "plain", "unplain"]
