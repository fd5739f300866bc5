"""Running ``mkto-lint`` as a separate process under watch: a time limit (the process group is
killed), and its peak memory (VmHWM, reported by ``launch.py``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

LAUNCH = Path(__file__).resolve().parent / "launch.py"


class Outcome:
    def __init__(self, code, out, err, seconds, rss_mb, timed_out):
        self.code, self.out, self.err = code, out, err
        self.seconds, self.rss_mb, self.timed_out = seconds, rss_mb, timed_out

    def __repr__(self):
        return "Outcome(code=%r, %.1fs, %d MB, out=%r, err=%r)" % (
            self.code, self.seconds, self.rss_mb, self.out[-2000:], self.err[-2000:])


def run_measured(args, cwd, timeout):
    """``mkto-lint ARGS`` in its own process group, killed after ``timeout`` seconds; the exit
    status, output, time and peak resident memory of that process alone (its VmHWM, written by
    the launcher; ``wait4``'s figure where /proc is missing)."""
    env = dict(os.environ)
    env.pop("MKTO_LINT_DEBUG", None)
    peak_file = tempfile.NamedTemporaryFile(prefix="mkto-lint-peak-", delete=False)
    peak_file.close()
    env["MKTO_LINT_TEST_PEAK_FILE"] = peak_file.name
    try:
        outcome = _run_measured(args, cwd, timeout, env)
        peak = Path(peak_file.name).read_text(encoding="ascii").strip()
        if peak.isdigit():
            outcome.rss_mb = int(peak) // 1024
        return outcome
    finally:
        os.unlink(peak_file.name)


def _run_measured(args, cwd, timeout, env):
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, str(LAUNCH), *args], cwd=str(cwd), stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        killed = []

        def kill():
            killed.append(True)
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return Outcome(proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                       seconds, usage.ru_maxrss // 1024, bool(killed))
