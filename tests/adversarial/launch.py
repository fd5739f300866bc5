"""Run ``mkto-lint`` as an ordinary user would, even when the tests run as root.

Root reads files whatever their permissions, so the "unreadable file" case cannot fail to read
as root. Under root this launcher makes ``os.open`` refuse, with EACCES, a file that has no
read permission bit at all (what the kernel does for everybody else); otherwise it changes
nothing. Then it runs the command line exactly as the ``mkto-lint`` script does. With
``MKTO_LINT_TEST_PEAK_FILE`` set, it writes its peak memory there on exit; with
``MKTO_LINT_TEST_NO_NETWORK`` set, any use of a socket ends the process (exit status 99).

    python tests/adversarial/launch.py check .
"""

from __future__ import annotations

import errno
import os
import stat
import sys


def _deny_unreadable():
    real_open = os.open

    def guarded_open(path, flags, *args, **kwargs):
        if (flags & os.O_ACCMODE) == os.O_RDONLY and kwargs.get("dir_fd") is None:
            try:
                mode = os.stat(path).st_mode
            except OSError:
                mode = None
            if mode is not None and stat.S_ISREG(mode) and not mode & 0o444:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_open(path, flags, *args, **kwargs)

    os.open = guarded_open


def _record_peak_memory(path):
    """Write the process's peak resident memory (VmHWM, in KiB) to ``path`` as it exits.

    ``wait4``'s ru_maxrss would also count the parent's memory copied by ``fork`` before the
    ``exec`` (the whole pytest process); VmHWM counts this program only.
    """
    real_exit = os._exit

    def exit_(code):
        try:
            with open("/proc/self/status", encoding="ascii") as status:
                peak = next((line.split()[1] for line in status if line.startswith("VmHWM:")), "")
            with open(path, "w", encoding="ascii") as out:
                out.write(peak)
        except OSError:
            pass
        real_exit(code)

    os._exit = exit_


NETWORK_EVENTS = ("socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname",
                  "socket.gethostbyaddr", "socket.sendto", "urllib.Request", "http.client.connect")


def _forbid_network():
    """Abort (exit status 99, one line on stderr) at the first attempt to use the network, in
    this process and in the worker processes it forks (the hook is inherited)."""

    def hook(event, args):
        if event in NETWORK_EVENTS:
            os.write(2, ("network use forbidden: %s %r\n" % (event, args[:2])).encode("utf-8", "replace"))
            os._exit(99)

    sys.addaudithook(hook)


if __name__ == "__main__":
    if os.environ.get("MKTO_LINT_TEST_NO_NETWORK"):
        _forbid_network()
    if os.environ.get("MKTO_LINT_TEST_PEAK_FILE"):
        _record_peak_memory(os.environ["MKTO_LINT_TEST_PEAK_FILE"])
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        _deny_unreadable()
    from mkto_lint.cli.main import entry

    sys.argv[0] = "mkto-lint"
    entry()
