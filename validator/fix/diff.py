"""``--diff``: the fixes as a unified diff, every line as the file writes it (CRLF kept)."""

from __future__ import annotations

import re

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text):
    return _LINES.findall(text)


def unified(name: str, old: str, new: str) -> str:
    """The unified diff (3 lines of context) of ``old`` to ``new``, labelled ``a/name``, ``b/name``;
    a last line without a line break is marked as ``diff`` marks it."""
    import difflib

    out = []
    for line in difflib.unified_diff(_lines(old), _lines(new), "a/" + name, "b/" + name):
        if line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


__all__ = ["unified"]
