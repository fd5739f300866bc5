"""One run of ``mkto-lint check``: discover, read (fast path), validate, index, run the rules,
then locate (precise path) only what is reported."""

from __future__ import annotations

import json
import fnmatch
import gc
import os
import stat
from pathlib import Path

from mkto_lint import codes
from mkto_lint.ruleset import registry
from mkto_lint.project import source
from mkto_lint.suppress import comments as suppress
from mkto_lint.record import Factory, Record
from mkto_lint.ruleset.run import InternalError, can_fork, run_rules  # noqa: F401 (InternalError: engine's API)
from mkto_lint.findings import AT_KEY, AT_START, AT_VALUE, SEVERITY_RANK, Finding, Span, Target
from mkto_lint.project.index import ProjectIndex
from mkto_lint.schema.check import KIND_SCHEMAS, SchemaSet

SKIP_DIRS = {"node_modules", "__pycache__", "venv"}


class UsageError(Exception):
    """A bad command line or path: one line on stderr, exit status 2."""


class Result(Record):
    """``files``: the SourceFiles checked; ``index``: the ProjectIndex."""

    __slots__ = ("findings", "files", "internal_errors", "index")
    _defaults = {"internal_errors": Factory(list), "index": None}

    def count(self, severity):
        return sum(1 for f in self.findings if f.severity == severity)


def _excluded(rel, patterns):
    if not patterns:
        return False
    base = rel.rsplit("/", 1)[-1]
    for pat in patterns:
        pat = pat.rstrip("/")
        if fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(base, pat) or rel.startswith(pat + "/"):
            return True
    return False


def _rel(path, base):
    """POSIX path of ``path`` relative to ``base`` when inside it, else absolute."""
    text, prefix = str(path), str(base).rstrip(os.sep) + os.sep
    if text.startswith(prefix):
        text = text[len(prefix):]
    elif text == str(base):
        text = "."
    return text.replace(os.sep, "/")


def discover(folder, root, exclude):
    """Every definition-file candidate below ``folder``, sorted, links to folders not followed."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames
            if not d.startswith(".") and d not in SKIP_DIRS and not _excluded(_rel(here / d, root), exclude)
        )
        for name in sorted(filenames):
            if name.lower().endswith(source.SUFFIXES):
                path = here / name
                if not _excluded(_rel(path, root), exclude):
                    found.append(path)
    return found


def collect(paths, config, cwd):
    """(all files of the project, the set of files to check) as absolute paths."""
    root = config.root
    everything = {p: None for p in discover(root, root, config.exclude)}
    checked = set()
    for raw in paths:
        path = resolve_path(cwd / raw)
        if not os.path.lexists(path):
            hint = ""
            if str(raw).startswith("-"):  # after `--` (the pre-commit hooks' entry) options are paths
                hint = (" (after `--` every argument is a file name; in a pre-commit hook, set options in"
                        " .mkto-lint.yaml or in the hook's `entry:`, not in `args:`)")
            raise UsageError("%s: no such file or directory%s" % (raw, hint))
        if path.is_dir():
            under = [p for p in everything if p == path or path in p.parents]
            if not under and not (path == root or root in path.parents):
                under = discover(path, root, config.exclude)
            for p in under:
                everything.setdefault(p, None)
                checked.add(p)
        else:
            if _excluded(_rel(path, root), config.exclude):
                continue
            everything.setdefault(path, None)
            checked.add(path)
    return list(everything), checked


def resolve_path(path):
    """``path`` made absolute with links resolved; a link that loops is kept as it is (reading it
    is then reported as MKL001 like any file that cannot be read)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: "Symlink loop" (Python < 3.13)
        return Path(os.path.abspath(path))


POOL_MIN_FILES = 400  # below this a process pool costs more than it saves (perf-notes.md)


def read_files(paths, config, cwd, checked=frozenset()):
    """Read every file (fast path) and schema-check the documents of the checked ones.

    Large projects are read by a pool of forked worker processes, one per core.
    """
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < POOL_MIN_FILES or workers < 2 or not can_fork():
        return _read_chunk((paths, config, cwd, checked))
    import multiprocessing

    size = max(50, len(paths) // (workers * 8))
    chunks = []
    for i in range(0, len(paths), size):
        part = paths[i:i + size]
        chunks.append((part, config, cwd, frozenset(p for p in part if p in checked)))
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_read_chunk_packed, chunks, chunksize=1)
    files = []
    for part, (chunk_paths, *_rest) in zip(parts, chunks):
        files.extend(_unpack(part, chunk_paths, config, cwd))
    return files


def _read_chunk_packed(job):
    """A worker's share, sent back as one ``marshal`` blob: plain data crosses the process
    boundary several times faster than pickled objects."""
    import marshal

    out = []
    for sf in _read_chunk(job):
        out.append((
            sf.is_definition,
            sf.has_directives,
            [(d.stream, d.prefix, d.number, d.data, d.valid) for d in sf.documents],
            [(f.code, f.message, f.target.span.values()) for f in sf.problems],
        ))
    return marshal.dumps(out)


def _unpack(blob, paths, config, cwd):
    import marshal

    files = []
    for path, (is_def, directives, docs, problems) in zip(paths, marshal.loads(blob)):
        sf = source.SourceFile(path, _rel(path, cwd), _rel(path, config.root))
        sf.is_definition = is_def
        sf.has_directives = directives
        for stream, prefix, number, data, valid in docs:
            doc = source.Document(sf, stream, prefix, number, data)
            doc.valid = valid
            sf.documents.append(doc)
        for code, message, span in problems:
            sf.problem(code, message, Span(*span))
        files.append(sf)
    return files


def _read_chunk(job):
    paths, config, cwd, checked = job
    schemas = SchemaSet()
    files = []
    for path in paths:
        sf = _read_one(path, config, cwd)
        if path in checked and sf.is_definition:
            for doc in sf.documents:
                if doc.kind in KIND_SCHEMAS:
                    doc.valid = schemas.is_valid(doc.kind, doc.data)
        files.append(sf)
    return files


def _read_one(path, config, cwd):
    sf = source.SourceFile(path, _rel(path, cwd), _rel(path, config.root))
    box = []  # source.read empties it: the bytes are freed once decoded
    try:
        box.append(_read_bytes(path, config.max_file_bytes))
    except _NotRead as exc:
        sf.is_definition = True
        sf.problem(codes.SYNTAX, str(exc), Span(1, 1, 1, 1))
        return sf
    except OSError as exc:
        sf.is_definition = True
        sf.problem(codes.SYNTAX, "cannot read the file: %s" % (exc.strerror or exc), Span(1, 1, 1, 1))
        return sf
    return source.read(sf, box, config.limits())


class _NotRead(Exception):
    """A file that is not read: too large, or not a regular file (a reason for a person)."""


_NOT_REGULAR = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
                (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def _check_regular(mode):
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _NOT_REGULAR if test(mode)), "not a regular file")
        raise _NotRead("cannot read the file: it is %s, not a regular file" % kind)


def _read_bytes(path, limit):
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
            raise _NotRead("file is %d bytes, over the limit of %d bytes (max-file-size): not read" % (st.st_size, limit))
        raw = handle.read(st.st_size + 1)
        if len(raw) > st.st_size:  # it grew since: read on, to the limit
            raw += handle.read(limit + 1 - len(raw))
            if len(raw) > limit:
                raise _NotRead("file is over the limit of %d bytes (max-file-size): not read" % limit)
        return raw


def _doc_findings(doc, schemas, known_rules):
    """MKL003/MKL004 for one document of a checked file."""
    out = []
    kind = doc.data.get("kind")
    if "kind" not in doc.data:
        allowed = ", ".join(source.KINDS)
        out.append(_engine(codes.UNKNOWN_KIND, "document has no \"kind\" (expected one of: %s)" % allowed,
                           doc.target((), AT_START)))
        return out
    if not isinstance(kind, str) or kind not in KIND_SCHEMAS:
        from mkto_lint.suggest import suggest

        close = suggest(kind, source.KINDS) if isinstance(kind, str) else None
        hint = ' (did you mean "%s"?)' % close if close else ""
        shown = json.dumps(kind, ensure_ascii=False) if isinstance(kind, (str, int, float, bool)) or kind is None else "a %s" % type(kind).__name__
        out.append(_engine(codes.UNKNOWN_KIND, "unknown kind %s%s; expected one of: %s" % (
            shown, hint, ", ".join(source.KINDS)), doc.target(("kind",))))
        return out
    valid = doc.valid if doc.valid is not None else schemas.is_valid(kind, doc.data)
    if not valid:
        for err in schemas.errors(kind, doc.data):
            out.append(_engine(codes.SCHEMA, err.message, doc.target(err.path, err.at)))
    return out


def _engine(code, message, target, severity="error"):
    return Finding(code, codes.NAMES[code], severity, message, target)


def run(paths, config, cwd=None, select=None, ignore=None):
    """Check ``paths`` (inside ``config.root``); returns a Result."""
    cwd = Path(cwd or os.getcwd()).resolve()
    all_paths, checked = collect(paths, config, cwd)

    gc_was = gc.isenabled()
    gc.disable()  # a run allocates millions of objects, next to none of them garbage
    try:
        return _run(all_paths, checked, config, cwd, select, ignore)
    finally:
        if gc_was:
            gc.enable()


class Timings:
    """Phase timings, printed to stderr when MKTO_LINT_TIMINGS=1 (used by the benchmarks)."""

    def __init__(self):
        import time

        self._clock = time.perf_counter
        self._last = self._clock()
        self.phases = []

    def lap(self, name):
        now = self._clock()
        self.phases.append((name, now - self._last))
        self._last = now

    def report(self):
        if os.environ.get("MKTO_LINT_TIMINGS"):
            import sys

            sys.stderr.write("timings: %s\n" % " ".join("%s=%.3f" % p for p in self.phases))


def _run(all_paths, checked, config, cwd, select, ignore):
    timings = Timings()
    files = read_files(all_paths, config, cwd, checked)
    timings.lap("read")

    select = list(select if select is not None else config.select) + list(config.extend_select)
    ignore = list(ignore if ignore is not None else config.ignore)
    rules = registry.all_rules()
    enabled = {r.code for r in rules if registry.is_enabled(r.code, r.name, select, ignore)}

    findings = []
    schemas = SchemaSet()
    definition_files = [f for f in files if f.is_definition]
    checked_files = []
    for f in definition_files:
        f.checked = f.path in checked
        if not f.checked:
            continue
        checked_files.append(f)
        findings.extend(f.problems)
        for doc in f.documents:
            findings.extend(_doc_findings(doc, schemas, enabled))

    timings.lap("validate")
    documents = [d for f in definition_files for d in f.documents if d.kind in source.KINDS]
    index = ProjectIndex(documents)
    timings.lap("index")
    ctx = registry.RuleContext(index, config, definition_files)
    found, internal = run_rules([r for r in rules if not r.engine and r.code in enabled], ctx)
    findings.extend(found)

    timings.lap("rules")
    findings = _filter(findings, config, enabled)
    _locate(findings)
    ran = [(r.code, r.name) for r in rules if r.code in enabled]
    findings, unused = suppress.apply(findings, definition_files, ran, codes.UNUSED_SUPPRESSION in enabled)
    unused = _filter(unused, config, enabled)
    _locate(unused)
    findings.extend(unused)
    findings.sort(key=Finding.sort_key)
    timings.lap("locate")
    timings.report()
    return Result(findings, checked_files, internal, index)


def _locate(findings):
    """Spans of the findings' targets (and related ones), looked up file by file in document
    order, so that a YAML stream is composed once however its findings are ordered."""
    jobs = [(f.target, f) for f in findings]
    jobs.extend((rel.target, rel.target) for f in findings for rel in f.related)
    jobs.sort(key=lambda job: (id(job[0].file), job[0].stream))
    for target, holder in jobs:
        holder.span = target.file.locator.span(target)


def _filter(findings, config, enabled):
    kept = []
    names = {r.code: r.name for r in registry.all_rules()}
    for f in findings:
        if f.code not in enabled:
            continue
        if not (f.target.file.checked or any(r.target.file.checked for r in f.related)):
            continue
        level = config.severity.get(f.code) or config.severity.get(names.get(f.code, ""))
        if level:
            f.severity = level
        if _per_file_ignored(f, config):
            continue
        kept.append(f)
    return kept


def _per_file_ignored(finding, config):
    rel = finding.target.file.rel
    for pattern, selectors in config.per_file_ignores.items():
        if _excluded(rel, [pattern]) and any(registry.matches(finding.code, finding.name, s) for s in selectors):
            return True
    return False


def exit_status(result, fail_on):
    if result.internal_errors:
        return 2
    threshold = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in result.findings) else 0


__all__ = ["run", "Result", "UsageError", "exit_status", "AT_KEY", "AT_VALUE", "Target"]
