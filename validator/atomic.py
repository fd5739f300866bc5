"""Writing a user's file all at once: a temporary file beside it, then a rename.

Every file mkto-lint writes when asked (``--output``, ``--write-baseline``, ``import``, ``pull``)
goes through ``write``: a reader never sees half a file, the temporary file is removed when
anything fails, missing folders are created, the file gets the mode of an ordinary new file
(``0666`` less the umask, not ``mkstemp``'s ``0600``), and text that holds a lone surrogate
(JSON's ``"\\ud800"``) is written with the surrogate escaped instead of crashing the writer:
``\\ud800`` is the same escape in a JSON string.
"""

from __future__ import annotations

import os
from pathlib import Path


class WriteError(OSError):
    """A file that could not be written: the reason for a person, without a traceback."""


def write(path: str | os.PathLike, data: str | bytes, what: str = "the file", mode: int | None = None) -> None:
    """Write ``data`` (text is UTF-8) to ``path`` atomically; raises WriteError. ``mode``: the
    permissions to give it (``--fix`` keeps a file's own), else an ordinary new file's."""
    import tempfile

    target = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8", "backslashreplace")
    if target.is_dir():
        raise WriteError("cannot write %s to %s: it is a directory" % (what, path))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # "File exists" would not say which, nor why
        blocker = next((p for p in reversed(target.parents) if p.exists() and not p.is_dir()), target.parent)
        raise WriteError("cannot write %s to %s: %s is a file, not a folder" % (what, path, blocker)) from None
    except OSError as exc:
        raise WriteError("cannot write %s to %s: %s" % (what, path, exc.strerror or exc)) from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".%s." % target.name, suffix=".tmp", dir=str(target.parent))
    except OSError as exc:
        raise WriteError("cannot write %s to %s: %s" % (what, path, exc.strerror or exc)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, str(target))
    except OSError as exc:
        _remove(tmp)
        raise WriteError("cannot write %s to %s: %s" % (what, path, exc.strerror or exc)) from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


__all__ = ["write", "WriteError"]
