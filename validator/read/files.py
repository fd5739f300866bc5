"""Reading the project's files: each one alone (``read_one``: the regular-file check, the
size limit, then the fast parse and, for checked files, the fast schema check), or a large
project by a pool of forked workers, one per core, whose results come back as ``marshal``
blobs (plain data crosses the process boundary several times faster than pickled objects).

``MKTO_LINT_NO_POOL=1`` keeps the reading in one process.
"""

from __future__ import annotations

import marshal  # loaded with the interpreter (importlib reads bytecode with it): importing it costs nothing
import os
import stat

from mkto_lint import codes
from mkto_lint.findings import Span
from mkto_lint.project import source
from mkto_lint.read.discover import rel_path
from mkto_lint.schema.check import KIND_SCHEMAS, SchemaSet


def can_fork() -> bool:
    """Whether worker processes may be forked here (``MKTO_LINT_NO_POOL`` says no)."""
    if os.environ.get("MKTO_LINT_NO_POOL") or not hasattr(os, "fork"):
        return False
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


RUN_ALIAS_FILES = 10  # a run may expand as many alias nodes as ten files may, together
POOL_MIN_FILES = 400  # below this a process pool costs more than it saves (measured: forking and unpacking cost more than they save)


def read_files(paths, config, cwd, checked=frozenset(), digest=False, budget=True, records=None):
    """Read every file (fast path) and schema-check the documents of the checked ones.

    Large projects are read by a pool of forked worker processes, one per core. ``digest``:
    note every file's digest (``read_one``) even when it is read in this process (the cache
    keeps it). ``budget=False``: leave the run's alias budget to the caller (the cache spends
    it over the files it has and the files read, in path order). ``records`` (a list): gets
    each file's ``stored`` record, in path order, as the cache keeps it; a worker makes it
    from what it read, so the files are not packed twice (0.05 s of a first run at 12,000).
    """
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < POOL_MIN_FILES or workers < 2 or not can_fork() or config.overlay:
        files = _read_chunk((paths, config, cwd, checked, *(("digest",) if digest else ())))
        if records is not None:
            records.extend(map(stored, files))
        return _budget(files, config, budget)
    import multiprocessing

    size = max(50, len(paths) // (workers * 8))
    chunks = []
    for i in range(0, len(paths), size):
        part = paths[i:i + size]
        chunks.append((part, config, cwd, frozenset(p for p in part if p in checked), "digest"))
    with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_signals) as pool:
        parts = pool.map(_read_chunk_stored if records is not None else _read_chunk_packed, chunks, chunksize=1)
    files = []
    for part, (chunk_paths, *_rest) in zip(parts, chunks):
        if records is None:
            files.extend(_unpack(part, chunk_paths, config, cwd))
            continue
        for path, record in zip(chunk_paths, marshal.loads(part)):
            records.append(record)
            files.append(from_stored(path, record, config, cwd))
    return _budget(files, config, budget)


def _budget(files, config, budget):
    return spend_run_alias_budget(files, config.limits()) if budget else files


def spend_run_alias_budget(files, limits):
    """The run's alias budget (``RUN_ALIAS_FILES`` files' worth of ``max-alias-nodes``), spent
    file by file in path order, so that the outcome does not depend on which worker read what:
    a file whose aliases would overspend it keeps none of its documents and gets MKL001
    instead. Each file is held to its own budget while it is read; this bounds what a project
    of many small bombs makes the index and the rules walk."""
    budget = limits.max_alias_nodes * RUN_ALIAS_FILES
    spent = 0
    for sf in files:
        if not sf.alias_nodes:
            continue
        spent += sf.alias_nodes
        if spent > budget:
            sf.documents = []
            sf.problem(codes.SYNTAX, "alias expansion in this run exceeds %d nodes (%d times max-alias-nodes); "
                       "this file's aliases, which add %d, were not expanded" % (budget, RUN_ALIAS_FILES, sf.alias_nodes),
                       Span(1, 1, 1, 1))
    return files


def _worker_signals():
    """Ctrl-C reaches the whole process group: the workers leave it to the parent (which stops
    the pool and says "interrupted" once), instead of each printing its own traceback; SIGTERM,
    which the pool itself sends to stop them, ends a worker at once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _read_chunk_packed(job):
    """A worker's share, sent back as one ``marshal`` blob: plain data crosses the process
    boundary several times faster than pickled objects."""
    return marshal.dumps([pack(sf) for sf in _read_chunk(job)])


def _read_chunk_stored(job):
    """``_read_chunk_packed`` with each file as the cache keeps it (``stored``)."""
    return marshal.dumps([stored(sf) for sf in _read_chunk(job)])


def pack(sf: source.SourceFile) -> tuple:
    """What reading ``sf`` found, as plain data (``marshal``-able): how a worker sends it back
    and how the cache (``mkto_lint.cache``) keeps it; ``unpack`` makes it a SourceFile again."""
    return (
        sf.is_definition,
        sf.has_directives,
        [(d.stream, d.prefix, d.number, d.data, d.valid) for d in sf.documents],
        [(f.code, f.message, f.target.span.values(), f.help) for f in sf.problems],
        sf.digest,
        sf.alias_nodes,
    )


def stored(sf: source.SourceFile) -> tuple:
    """``pack``'s record as the cache keeps it: ``(meta, blob)``, where ``meta`` is what a run
    needs of every file (whether it is a definition, holds directives, its digest and alias
    nodes) and ``blob`` the documents and problems, ``marshal``-ed apart: a run loads the blob
    of only the files it looks into (``StoredFile``)."""
    is_def, directives, docs, problems, digest, alias_nodes = pack(sf)
    return (is_def, directives, digest, alias_nodes), marshal.dumps((docs, problems))


class _Unpacked:
    """A StoredFile's attribute that its blob holds: unpacked when first read or replaced."""

    def __init__(self, slot: str) -> None:
        self.slot = slot

    def __get__(self, sf, owner=None):
        if sf is None:
            return self
        if sf._blob is not None:
            sf._unpack()
        return getattr(sf, self.slot)

    def __set__(self, sf, value) -> None:
        if sf._blob is not None:
            sf._unpack()
        setattr(sf, self.slot, value)


class StoredFile(source.SourceFile):
    """A SourceFile made from the cache (``stored``): its documents and problems are unpacked
    the first time they are asked for, so that a run that looks into a few files of a large
    project (a pre-commit hook's) does not build the others' documents."""

    # SourceFile's per-file state, as class defaults: a run makes 12,000 of these and changes
    # the few it checks (SourceFile.__init__ cost a third of a warm pre-commit run's reading)
    checked, fail_on, changed = False, None, False
    _text = _locator = _line_starts = None

    def __init__(self, path, display: str, rel: str, meta: tuple, blob: bytes) -> None:
        self.path = path
        self.display = display if display.isprintable() else source.printable(display)
        self.rel = rel if rel.isprintable() else source.printable(rel)
        self.is_definition, self.has_directives, self.digest, self.alias_nodes = meta
        self._blob = blob

    @property
    def format(self) -> str:
        return "json" if source.suffix(str(self.path)).lower() in source.JSON_SUFFIXES else "yaml"

    def _unpack(self):
        blob, self._blob = self._blob, None
        self._docs, self._problems = [], []
        _fill(self, *marshal.loads(blob))

    documents = _Unpacked("_docs")
    problems = _Unpacked("_problems")

    @property
    def unpacked(self) -> bool:
        """Whether its documents have been built."""
        return self._blob is None


def _unpack(blob, paths, config, cwd):
    return [unpack(path, record, config, cwd) for path, record in zip(paths, marshal.loads(blob))]


def from_stored(path, record: tuple, config, cwd) -> source.SourceFile:
    """The SourceFile of a ``stored`` record, its documents built now."""
    (is_def, directives, digest, alias_nodes), blob = record
    docs, problems = marshal.loads(blob)
    return unpack(path, (is_def, directives, docs, problems, digest, alias_nodes), config, cwd)


def unpack(path, record: tuple, config, cwd, display: str | None = None) -> source.SourceFile:
    """The SourceFile that ``pack`` made ``record`` of (its text is read again if needed);
    ``display``: its name relative to ``cwd``, when the caller has it already."""
    is_def, directives, docs, problems, digest, alias_nodes = record
    sf = source.SourceFile(path, display if display is not None else rel_path(path, cwd), rel_path(path, config.root))
    sf.is_definition = is_def
    sf.has_directives = directives
    sf.digest = digest  # the text is read again only for positions: it must be these bytes
    sf.alias_nodes = alias_nodes
    _fill(sf, docs, problems)
    return sf


def _fill(sf, docs, problems):
    """``sf``'s documents and problems from ``pack``'s plain data."""
    for stream, prefix, number, data, valid in docs:
        doc = source.Document(sf, stream, prefix, number, data)
        doc.valid = valid
        sf.documents.append(doc)
    for code, message, span, *rest in problems:  # rest: the help (records packed before it had one)
        sf.problem(code, message, Span(*span), help=rest[0] if rest else None)


def _read_chunk(job):
    paths, config, cwd, checked, *digests = job
    schemas = SchemaSet()
    files = []
    for path in paths:
        sf = read_one(path, config, cwd, bool(digests))
        if path in checked and sf.is_definition:
            for doc in sf.documents:
                if doc.kind in KIND_SCHEMAS:
                    doc.valid = schemas.is_valid(doc.kind, doc.data)
        files.append(sf)
    return files


def read_one(path, config, cwd, digest=False):
    """A SourceFile read and parsed; ``digest`` (in a worker, or for the cache): also note the
    bytes' length, CRC and BLAKE2 hash, so that the parent, which reads the text again for
    positions, can tell it is the same, and the cache can tell a file it has seen."""
    sf = source.SourceFile(path, rel_path(path, cwd), rel_path(path, config.root))
    box = []  # parse.read empties it: the bytes are freed once decoded
    try:
        _within_root(path, config.root)
        if os.path.isdir(path):  # discovery could not list it
            try:
                os.scandir(path).close()
            except OSError as exc:
                raise NotRead("cannot read the folder: %s" % (exc.strerror or exc)) from None
        overlay = config.overlay  # --fix's later rounds read the fixed text, not the disk
        box.append(overlay[path] if overlay and path in overlay else read_bytes(path, config.max_file_bytes))
        if digest:
            sf.digest = content_digest(box[0])
    except NotRead as exc:
        sf.is_definition = True
        sf.problem(codes.SYNTAX, str(exc), Span(1, 1, 1, 1))
        return sf
    except OSError as exc:
        sf.is_definition = True
        sf.problem(codes.SYNTAX, "cannot read the file: %s" % (exc.strerror or exc), Span(1, 1, 1, 1))
        return sf
    from mkto_lint.read import parse  # PyYAML's import, only in a run that parses

    return parse.read(sf, box, config.limits())


def content_digest(raw: bytes) -> tuple:
    """(length, CRC-32, BLAKE2b-128) of a file's bytes: the first two tell a re-read text is the
    same (``SourceFile.text``), the hash tells the cache the content it has seen."""
    import hashlib
    import zlib

    return (len(raw), zlib.crc32(raw), hashlib.blake2b(raw, digest_size=16).digest())


def _within_root(path, root):
    """A link that leads out of the project root is not followed: its target's values would be
    quoted in reports of a project that does not hold it (a link planted in a repository)."""
    if not os.path.islink(path):
        return
    target = os.path.realpath(path)
    base = os.path.realpath(root)
    if target != base and not target.startswith(base.rstrip(os.sep) + os.sep):
        raise NotRead("a link to a file outside the project root (%s): not followed" % target)


SIDE_FILE_LIMIT = 10 * 1024 * 1024  # a configuration, baseline, --run or --person file


def read_text(path, limit: int = SIDE_FILE_LIMIT) -> str:
    """The UTF-8 text of a file mkto-lint reads besides the definitions (a configuration, a
    baseline, a --run or --person file), through the same regular-file check and size limit:
    /dev/zero, a named pipe or a 20 GB file is refused, never read whole. Raises NotRead (with
    a reason for a person) or OSError."""
    raw = read_bytes(path, limit)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotRead("not UTF-8 text") from None


class NotRead(Exception):
    """A file that is not read: too large, or not a regular file (a reason for a person)."""


_NOT_REGULAR = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
                (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def _check_regular(mode):
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _NOT_REGULAR if test(mode)), "not a regular file")
        raise NotRead("cannot read the file: it is %s, not a regular file" % kind)


def read_bytes(path, limit):
    """The bytes of a regular file of at most ``limit`` bytes.

    A named pipe or a device (e.g. a link to /dev/zero) would block or never end: only regular
    files are opened (and checked again once open), and never more than ``limit`` bytes read.
    """
    _check_regular(os.stat(path).st_mode)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with open(fd, "rb", buffering=0) as handle:
        st = os.fstat(fd)
        _check_regular(st.st_mode)
        if st.st_size > limit:
            raise NotRead("file is %d bytes, over the limit of %d bytes (max-file-size): not read" % (st.st_size, limit))
        raw = handle.read(st.st_size + 1)
        if len(raw) > st.st_size:  # it grew since: read on, to the limit
            raw += handle.read(limit + 1 - len(raw))
            if len(raw) > limit:
                raise NotRead("file is over the limit of %d bytes (max-file-size): not read" % limit)
        return raw




__all__ = ["read_files", "read_one", "pack", "unpack", "content_digest", "read_bytes", "NotRead", "can_fork", "POOL_MIN_FILES"]
