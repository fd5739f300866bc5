"""Strings from the user's files, made safe to print: control characters shown as escapes.

A campaign, program, token or step name, a value, even a file name can hold a line break, a
carriage return, ESC or a bidi override. Printed as they are they clear the screen, move the
cursor, hide text, or start a line that GitHub Actions runs as a workflow command
(``::add-mask::``, ``::stop-commands::``, a fake ``::error``). Every text-like output (the text
and github reports, JUnit's texts, the dry-run trace, messages on stderr) passes what it prints
through ``visible``: C0 controls (tab and line breaks included), DEL, C1 controls, U+2028 and
U+2029, the bidi controls and lone surrogates become ``\\n``, ``\\r``, ``\\t``, ``\\x1b``, ``\\u2028``, ``\\u202e``...;
everything else is left as it is (a backslash too, so ordinary text stays readable). The JSON
formats are not changed: JSON escapes C0 itself, and their strings stay exact for programs.
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# lone surrogates too (JSON's "\ud800"): no encoding can print them
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029%s\ud800-\udfff]" % _BIDI)


def _escape(match: re.Match) -> str:
    ch = match.group()
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    return "\\x%02x" % code if code < 0x100 else "\\u%04x" % code


def visible(text: str) -> str:
    """``text`` with every control, line-separator and bidi character escaped visibly."""
    if text.isprintable():  # none of them is printable: the common case costs one C call
        return text
    return _UNSAFE.sub(_escape, text)


__all__ = ["visible"]
