"""``mkto-lint resolve --all`` on every core: the campaigns are cut into contiguous slices; this
process dry-runs the first and streams it out while forked children (which share the loaded
project, copy-on-write) each render theirs to a temporary file, copied out in campaign order.
The output is the same text as one process writes (each run is rendered alone: its separator
depends only on whether it is the very first).
"""

from __future__ import annotations

import os

MIN_CAMPAIGNS = 200  # below this a fork costs more than the second core saves
_FAILED = "\0mkto-lint worker failed: "  # what a child's file holds when its slice raised


def write_all(index, specs: list, depth: int, fmt: str, out, custom_actions=()) -> None:
    """Write the ``--all`` report of ``specs`` (RunSpecs in campaign order) to ``out``;
    ``custom_actions``: the configuration's (steps the dry run does not call unknown)."""
    from mkto_lint.read.files import can_fork
    from mkto_lint.report import trace as trace_report

    item = trace_report.json_item if fmt == "json" else trace_report.text_item
    head, tail = trace_report.ALL_JSON if fmt == "json" else trace_report.ALL_TEXT
    out.write(head)
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(specs) < MIN_CAMPAIGNS or not can_fork():
        _write_slice(index, specs, depth, item, out.write, 0, custom_actions)
    else:
        size = -(-len(specs) // workers)
        slices = [(start, specs[start:start + size]) for start in range(0, len(specs), size)]
        children = [_fork(index, part, depth, item, start, custom_actions) for start, part in slices[1:]]
        try:
            _write_slice(index, slices[0][1], depth, item, out.write, 0, custom_actions)
            while children:
                _copy_out(children[0], out)
                children.pop(0)
        finally:
            for child in children:  # interrupted: stop the others, remove their files
                _stop(child)
    out.write(tail(len(specs)))


def _write_slice(index, specs, depth, item, write, start, custom_actions=()):
    from mkto_lint.evaluate import evaluator

    memo = evaluator.RunMemo(index, custom_actions)  # the runs of one index share its smart lists and token chains
    for n, spec in enumerate(specs, start):
        write(item(evaluator.evaluate(index, spec, max_depth=depth, memo=memo), n == 0))


def _fork(index, specs, depth, item, start, custom_actions=()):
    import tempfile

    fd, path = tempfile.mkstemp(prefix="mkto-lint-resolve-", suffix=".txt")
    pid = os.fork()
    if pid == 0:  # the child: its slice to the file, then leave without the parent's cleanup
        code = 0
        try:
            import signal

            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            with open(fd, "w", encoding="utf-8", errors="surrogatepass", newline="") as handle:
                try:
                    _write_slice(index, specs, depth, item, handle.write, start, custom_actions)
                except Exception as exc:
                    handle.seek(0)
                    handle.truncate()
                    handle.write("%s%s: %s" % (_FAILED, type(exc).__name__, exc))
                    code = 1
        finally:
            os._exit(code)
    os.close(fd)
    return pid, path


def _copy_out(child, out):
    pid, path = child
    try:
        _pid, status = os.waitpid(pid, 0)
        with open(path, encoding="utf-8", errors="surrogatepass", newline="") as handle:
            if os.waitstatus_to_exitcode(status) != 0:
                text = handle.read(2000)
                reason = text[len(_FAILED):] if text.startswith(_FAILED) else "exit status %d" % os.waitstatus_to_exitcode(status)
                raise RuntimeError("resolve --all: a worker process failed: %s" % reason)
            while True:
                chunk = handle.read(1 << 20)
                if not chunk:
                    break
                out.write(chunk)
    finally:
        _remove(path)


def _stop(child):
    import signal

    pid, path = child
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except OSError:
        pass
    _remove(path)


def _remove(path):
    try:
        os.unlink(path)
    except OSError:
        pass


__all__ = ["write_all", "MIN_CAMPAIGNS"]
