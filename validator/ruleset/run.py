"""Running the rules: in this process, or, for a large project, in two at once.

The rules that share the walk of every string for tokens (``Rule.shares == "tokens"``: most
TOK rules) and all the others (the call graph, smart-list validity, executables' steps, token
contexts for TOK004) take about as long as each other on a large project and share no analysis.
For a project of at least ``PARALLEL_MIN_CAMPAIGNS`` campaigns, on a machine with two cores
that can fork, a forked child runs the others while this process runs the token rules; the
child sends its findings back as one ``marshal`` blob. The child is a copy of this process made after the
project was read and indexed, so it reads nothing again. Should it fail in any way (killed,
out of memory, a finding it cannot send), its rules run here: the output is the same.

``MKTO_LINT_NO_POOL=1`` keeps every run in one process.
"""

from __future__ import annotations

import os

from mkto_lint.findings import Finding, Related, Span, Target
from mkto_lint.record import Record

PARALLEL_MIN_CAMPAIGNS = 2000  # below this a second process costs more than it saves


class InternalError(Record):
    """A rule that raised: its code and name, the exception in one line, and the traceback."""

    __slots__ = ("code", "name", "message", "detail")


def run_rules(rules, ctx):
    """(findings, internal errors) of ``rules`` over ``ctx``; internal errors in rule order."""
    if len(ctx.index.campaigns) >= PARALLEL_MIN_CAMPAIGNS and _two_cores() and can_fork():
        tokens = [r for r in rules if r.shares == "tokens"]
        others = [r for r in rules if r.shares != "tokens"]
        if tokens and others:
            return _in_two_processes(tokens, others, ctx)
    return _run(rules, ctx)


def can_fork():
    """Whether worker processes may be forked here (``MKTO_LINT_NO_POOL`` says no)."""
    if os.environ.get("MKTO_LINT_NO_POOL") or not hasattr(os, "fork"):
        return False
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _two_cores():
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except AttributeError:  # not on Linux
        return (os.cpu_count() or 1) >= 2


def _run(rules, ctx):
    findings, internal = [], []
    for rule in rules:
        try:
            findings.extend(rule.check(ctx))
        except Exception as exc:  # a broken rule must not take the run down
            import traceback

            internal.append(InternalError(rule.code, rule.name, "%s: %s" % (type(exc).__name__, exc),
                                          traceback.format_exc()))
    return findings, internal


def _in_two_processes(here, there, ctx):
    import marshal

    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return _merge(_run(here, ctx), _run(there, ctx))
    if pid == 0:  # the child: run ``there``, send the results, and leave without any clean-up
        status = 1
        try:
            os.close(read_end)
            blob = marshal.dumps(_pack(*_run(there, ctx), ctx.files))
            with os.fdopen(write_end, "wb") as out:
                out.write(blob)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    mine = _run(here, ctx)
    with os.fdopen(read_end, "rb") as inp:
        blob = inp.read()  # before waiting: a child with more than a pipe's worth to say waits for it
    _pid, status = os.waitpid(pid, 0)
    try:
        if status != 0:
            raise ValueError("the child process ended with status %d" % status)
        theirs = _unpack(marshal.loads(blob), ctx.files)
    except (ValueError, EOFError, TypeError, IndexError):
        theirs = _run(there, ctx)
    return _merge(mine, theirs)


def _merge(first, second):
    findings = first[0] + second[0]
    internal = sorted(first[1] + second[1], key=lambda e: e.code)
    return findings, internal


def _pack(findings, internal, files):
    """Plain data for ``marshal``: a target's file is its position in ``files``."""
    where = {id(f): i for i, f in enumerate(files)}

    def target(t):
        return (where[id(t.file)], t.stream, tuple(t.path), t.at, t.span.values() if t.span else None,
                t.offset, t.length)

    return (
        [(f.code, f.name, f.severity, f.message, target(f.target), [(target(r.target), r.message) for r in f.related])
         for f in findings],
        [e.values() for e in internal],
    )


def _unpack(packed, files):
    def target(t):
        file, stream, path, at, span, offset, length = t
        return Target(files[file], stream, path, at, Span(*span) if span else None, offset, length)

    found, internal = packed
    findings = [Finding(code, name, severity, message, target(t), [Related(target(rt), rm) for rt, rm in related])
                for code, name, severity, message, t, related in found]
    return findings, [InternalError(*e) for e in internal]


__all__ = ["run_rules", "can_fork", "InternalError", "PARALLEL_MIN_CAMPAIGNS"]
