"""One run of ``mkto-lint check``: discover, read (fast path), validate, index, run the rules,
then locate (precise path) only what is reported."""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path

from mkto_lint import codes
from mkto_lint.errors import UsageError
from mkto_lint.findings import AT_KEY, AT_START, SEVERITY_RANK, Finding, Span, Target
from mkto_lint.project import source
from mkto_lint.project.index import ProjectIndex
from mkto_lint.read.discover import collect, excluded
from mkto_lint.read.files import read_files
from mkto_lint.record import Factory, Record
from mkto_lint.ruleset import registry
from mkto_lint.ruleset.run import InternalError, run_rules
from mkto_lint.schema.check import KIND_SCHEMAS, SchemaSet
from mkto_lint.suppress import comments as suppress


# A file that cannot be read is never a clean run, whatever is selected (as ruff reports syntax
# errors): MKL001 (syntax, decoding, unreadable) and MKL002 (duplicate keys) always show.
ALWAYS_REPORTED = frozenset((codes.SYNTAX, codes.DUPLICATE_KEY))


class Result(Record):
    """A check: ``findings`` (reported, sorted), ``files`` (the SourceFiles checked),
    ``internal_errors`` (rules that crashed), ``index`` (the ProjectIndex)."""

    __slots__ = ("findings", "files", "internal_errors", "_index", "fail_on", "flows_not_exported", "excluded",
                 "configurations", "baseline_hidden")
    _defaults = {"internal_errors": Factory(list), "_index": None, "fail_on": "error", "flows_not_exported": 0,
                 "excluded": Factory(list),  # excluded: the named paths that `exclude` leaves unchecked
                 "configurations": Factory(list),  # the configuration files used, as the summary names them
                 "baseline_hidden": 0}  # findings a baseline left out (set by the command line)

    @property
    def index(self):
        """The ProjectIndex; built on first use when no rule needed it (only MKL rules ran)."""
        if callable(self._index):
            self._index = self._index()
        return self._index

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def summary(self) -> dict:
        """``{"errors", "warnings", "infos", "files"}``: the JSON report's summary."""
        return {"errors": self.count("error"), "warnings": self.count("warning"), "infos": self.count("info"),
                "files": len(self.files)}

    @property
    def exit_status(self) -> int:
        """The command line's exit status for this result (0, 1, or 2 for internal errors)."""
        return exit_status(self, self.fail_on)

    def to_dict(self) -> dict:
        """The JSON report (``--format json``) as a Python object."""
        from mkto_lint.report import json_report

        return json_report.report(self)


def _doc_findings(doc, schemas):
    """MKL003/MKL004 for one document of a checked file."""
    out = []
    kind = doc.data.get("kind")
    if "kind" not in doc.data:
        from mkto_lint.read.parse import near_kind

        near = near_kind(doc.data)
        if near is not None:
            out.append(_engine(codes.UNKNOWN_KIND, 'key "%s" is not "kind" (did you mean "kind"?): mkto-lint reads a '
                               'document by its lower-case "kind"' % near, doc.target((near,), AT_KEY)))
            return out
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


def run(paths, config, cwd=None, select=None, ignore=None, configure=None, named=None):
    """Check ``paths`` (inside ``config.root``); returns a Result.

    A folder below the root that holds its own configuration is a project of its own, as the
    pre-commit hook sees it when it checks a file there: its files are checked with its
    configuration (``configure(cfg)`` applies the command line's overrides to it) and its
    references resolve among its own files. The Result covers every project the paths reach.
    ``named``: what ``read.discover.named_paths`` learnt of the paths, when the caller has it.
    """
    from mkto_lint import config as config_mod

    cwd = Path(cwd or os.getcwd()).resolve()
    results = []
    pending = [(paths, config)]
    seen = {Path(config.root).resolve()}  # each project once, whatever links lead to it
    gc_was = gc.isenabled()
    gc.disable()  # a run allocates millions of objects, next to none of them garbage
    try:
        while pending:
            these, cfg = pending.pop(0)
            all_paths, checked, left_out, nested = collect(these, cfg, cwd, named if these is paths else None)
            result = _run(all_paths, checked, cfg, cwd, select, ignore)
            result.excluded = left_out
            if cfg.file is not None:
                result.configurations = [_shown(cfg.file, cwd)]
            results.append(result)
            for root, asked in sorted(nested.items()):
                if Path(root).resolve() in seen:
                    continue
                seen.add(Path(root).resolve())
                sub = config_mod.load(root)
                if configure is not None:
                    configure(sub)
                pending.append((asked, sub))
    finally:
        if gc_was:
            gc.enable()
    return results[0] if len(results) == 1 else _merged(results)


def _merged(results):
    """One Result of several projects' (each finding keeps its own project's fail level)."""
    first = results[0]
    findings = sorted((f for r in results for f in r.findings), key=Finding.sort_key)
    return Result(findings, [f for r in results for f in r.files], [e for r in results for e in r.internal_errors],
                  first._index, first.fail_on, sum(r.flows_not_exported for r in results),
                  [x for r in results for x in r.excluded], [c for r in results for c in r.configurations])


def _shown(path, cwd):
    """A configuration file as the summary line names it: relative to the working folder when below it."""
    try:
        return Path(path).relative_to(cwd).as_posix()
    except ValueError:
        return str(path)


class Timings:
    """Phase timings, printed to stderr when MKTO_LINT_TIMINGS=1 (used by the benchmarks)."""

    def __init__(self):
        import time

        self._clock = time.perf_counter
        self._last = self._clock()
        self.phases = []
        self.notes = []  # lines printed before the timings (how far an incremental run reached)

    def lap(self, name):
        now = self._clock()
        self.phases.append((name, now - self._last))
        self._last = now

    def note(self, line):
        self.notes.append(line)

    def report(self):
        if os.environ.get("MKTO_LINT_TIMINGS"):
            import sys

            sys.stderr.write("".join(line + "\n" for line in self.notes))
            sys.stderr.write("timings: %s\n" % " ".join("%s=%.3f" % p for p in self.phases))


def _run(all_paths, checked, config, cwd, select, ignore):
    timings = Timings()
    cached = config.cache and not config.overlay  # --fix's later rounds read fixed text from memory
    if cached:  # what reading each unchanged file found, from the last run
        from mkto_lint.cache.key import run_key
        from mkto_lint.cache.reuse import read_files as read_cached

        key = run_key(config)  # one walk over the code for both caches
        files = read_cached(all_paths, config, cwd, key, checked)
    else:
        files = read_files(all_paths, config, cwd, checked)
    timings.lap("read")

    select = list(select if select is not None else config.select) + list(config.extend_select)
    ignore = list(ignore if ignore is not None else config.ignore)
    rules = registry.all_rules()
    enabled = {r.code for r in rules if registry.is_enabled(r.code, r.name, select, ignore)}

    definition_files = [f for f in files if f.is_definition]
    checked_files = []
    for f in definition_files:
        f.checked = f.path in checked
        f.fail_on = config.fail_on  # the fail level of this file's project
        if f.checked:
            checked_files.append(f)
    known = None
    if cached:  # every input as an earlier run had it: that run's findings (no document unpacked)
        from mkto_lint.cache import results

        known = results.lookup(files, config, cwd, select, ignore, key)
        if known is not None and known.result is not None:
            timings.report()
            return known.result
    findings = []
    schemas = SchemaSet()
    for f in checked_files:
        findings.extend(f.problems)
        for doc in f.documents:
            findings.extend(_doc_findings(doc, schemas))
    timings.lap("validate")
    to_run = [r for r in rules if not r.engine and r.code in enabled]

    def project_documents():  # a cached file's documents are built when asked for
        return [d for f in definition_files for d in f.documents if d.kind in source.KINDS]

    index, internal = (lambda: ProjectIndex(project_documents())), []  # built if asked for
    if to_run:
        found, internal, index = _rules(to_run, files, definition_files, project_documents, config, cwd, select,
                                        ignore, key if cached else None, timings)
        findings.extend(found)

    timings.lap("rules")
    findings = _filter(findings, config, enabled)
    _locate(findings)
    ran = [(r.code, r.name) for r in rules if r.code in enabled]
    findings, unused = suppress.apply(findings, definition_files, ran, codes.UNUSED_SUPPRESSION in enabled)
    unused = _filter(unused, config, enabled)
    _locate(unused)
    findings.extend(unused)
    for f in definition_files:  # saved while we read it: say so rather than show stale positions
        if f.changed and f.checked:
            findings.append(_engine(codes.SYNTAX, "the file changed while mkto-lint read it: check it again",
                                    Target(f, span=Span(1, 1, 1, 1))))
            findings[-1].span = findings[-1].target.span
    findings.sort(key=Finding.sort_key)
    timings.lap("locate")
    timings.report()
    # campaigns imported without their flow (flowExported: false): the flow rules skip them
    unknown_flows = sum(1 for f in checked_files for d in f.documents
                        if d.kind == "SmartCampaign" and d.data.get("flowExported") is False)
    result = Result(findings, checked_files, internal, index, config.fail_on, unknown_flows)
    if known is not None:
        known.store(result)
    return result


def _rules(to_run, files, definition_files, project_documents, config, cwd, select, ignore, run_key, timings):
    """(findings, internal errors, the project's index) of the rules: through the last run's
    state when only a few files changed (``cache.incremental``, with ``run_key``; the index is
    then built only if asked for), else over the whole project."""
    def context(index, files):
        return registry.RuleContext(index, config, files)

    settings = None
    if run_key is not None:
        from mkto_lint.cache import incremental, results

        settings = results.settings(config, cwd, select, ignore)
        try:
            outcome = incremental.attempt(files, config, run_key, settings, to_run, context, timings.note)
        except Exception:  # the cache never fails a check: a full run tells (MKTO_LINT_DEBUG shows why)
            if os.environ.get("MKTO_LINT_DEBUG"):
                raise
            outcome = None
        if outcome is not None:
            timings.lap("rules-incremental")
            return outcome.findings, outcome.internal, lambda: ProjectIndex(project_documents())
    documents = project_documents()
    index = ProjectIndex(documents)
    timings.lap("index")
    found, internal = run_rules(to_run, context(index, definition_files))
    # the state for the next run, kept once the cache is warm: CI's one run, or a project's
    # first, does not pay for what only a later run uses (0.2 s at 10,000 campaigns)
    if settings is not None and _warm(files):
        incremental.record(files, documents, index, found, internal, config, settings, run_key)
    return found, internal, index


def _warm(files):
    from mkto_lint.read.files import StoredFile

    return any(type(f) is StoredFile for f in files)


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
        if f.code not in enabled and f.code not in ALWAYS_REPORTED:
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
        if excluded(rel, [pattern]) and any(registry.matches(finding.code, finding.name, s) for s in selectors):
            return True
    return False


def exit_status(result, fail_on):
    """2 for internal errors, 1 for a finding at or above its project's fail level, else 0."""
    if result.internal_errors:
        return 2
    default = SEVERITY_RANK[fail_on]
    for f in result.findings:
        level = getattr(f.target.file, "fail_on", None)
        if SEVERITY_RANK[f.severity] >= (SEVERITY_RANK[level] if level else default):
            return 1
    return 0


__all__ = ["run", "Result", "UsageError", "InternalError", "exit_status"]
