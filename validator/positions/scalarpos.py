"""Positions inside a string scalar: a character offset of the *parsed value* to an offset of the
source text, for every way a string can be written.

A token found in a value (``{{my.Score}}`` at value offset 14) must be reported at its own line
and column, although the value may have been folded, unescaped or de-indented on the way from
the file: YAML plain and quoted scalars fold line breaks into spaces and drop indentation,
double-quoted ones decode escapes (``\\n``, ``\\u00e9``, an escaped line break), single-quoted
ones turn ``''`` into ``'``, block scalars (``|``, ``>``) drop their indentation, and JSON
strings decode escapes.

The mapping is built from the source text of the scalar alone: it is cut into *content lines*,
each decoded into (value character, source offset) pairs, and the content lines are found in
the value in order, the text between them being the whitespace that folding produced. This
needs no knowledge of the indentation of the parent node, and it tolerates what it does not
model (a comment line inside a block scalar's span is simply not found in the value).
Only the few scalars that hold a reported token come here.
"""

from __future__ import annotations

import re

_YAML_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}
_YAML_HEX = {"x": 2, "u": 4, "U": 8}
_JSON_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_WS = " \t\r"


class OffsetMap:
    """Value offset -> source offset, for one scalar."""

    def __init__(self, pairs, start):
        self.pairs = pairs  # list of source offsets, one per value character (None: unknown)
        self.start = start  # source offset of the scalar

    def source(self, value_offset):
        """The source offset of the value character at ``value_offset`` (the nearest known
        character before it when that one came from folding)."""
        pairs = self.pairs
        if not pairs:
            return self.start
        i = min(max(value_offset, 0), len(pairs) - 1)
        j = i
        while j >= 0 and pairs[j] is None:
            j -= 1
        if j < 0:
            return self.start
        return pairs[j] + (1 if j < i else 0)

    def source_end(self, value_end):
        """The source offset just after the value character ``value_end - 1``."""
        if value_end <= 0 or not self.pairs:
            return self.start
        return self.source(value_end - 1) + 1


def yaml_map(text, start, end, style, value):
    """The OffsetMap of a YAML string scalar at ``text[start:end]`` written in ``style``
    (None/"" plain, ``'`` single-quoted, ``"`` double-quoted, ``|`` literal, ``>`` folded)."""
    if style in ("|", ">"):
        lines = _block_lines(text, start, end)
    elif style == '"':
        lines = _quoted_lines(text, start + 1, max(start + 1, end - 1), _decode_double)
    elif style == "'":
        lines = _quoted_lines(text, start + 1, max(start + 1, end - 1), _decode_single)
    else:
        lines = _quoted_lines(text, start, end, _decode_plain)
    return OffsetMap(_align(lines, value), start)


class _Verbatim:
    """The offset map of a string written without escapes: value character ``i`` is source
    character ``first + i``. A 45 MB JSON string with a token in it then costs nothing, where a
    list of offsets cost 120 bytes a character."""

    __slots__ = ("first", "length", "start")

    def __init__(self, first, length, start):
        self.first, self.length, self.start = first, length, start

    def source(self, value_offset):
        if self.length == 0:
            return self.start
        return self.first + min(max(value_offset, 0), self.length - 1)

    def source_end(self, value_end):
        if value_end <= 0 or self.length == 0:
            return self.start
        return self.source(value_end - 1) + 1


def json_map(text, start, end, value):
    """The OffsetMap of a JSON string at ``text[start:end]`` (quotes included)."""
    if text.find("\\", start + 1, end - 1) == -1 and len(value) == end - start - 2:
        return _Verbatim(start + 1, len(value), start)
    return OffsetMap(_align([_decode_json(text, start + 1, end - 1)], value), start)


# -- content lines ------------------------------------------------------------------------------
def _split(text, start, end):
    """(line start, line end) of each line of ``text[start:end]``; ends exclude the break."""
    out = []
    pos = start
    while True:
        nl = text.find("\n", pos, end)
        if nl == -1:
            out.append((pos, end))
            return out
        out.append((pos, nl))
        pos = nl + 1


def _quoted_lines(text, start, end, decode):
    """Content lines of a flow scalar: leading whitespace of continuation lines and trailing
    whitespace before a break are folding, not content."""
    spans = _split(text, start, end)
    lines = []
    last = len(spans) - 1
    for k, (a, b) in enumerate(spans):
        if k > 0:
            while a < b and text[a] in _WS:
                a += 1
        if k < last:
            if decode is _decode_double and _ends_with_escape(text, a, b):
                b -= 1  # "\" at the end of a line: the break is removed, spaces before it kept
            else:
                while b > a and text[b - 1] in _WS:
                    b -= 1
        if b > a:
            lines.append(decode(text, a, b))
    return lines


def _ends_with_escape(text, a, b):
    n = 0
    i = b - 1
    while i >= a and text[i] == "\\":
        n += 1
        i -= 1
    return n % 2 == 1


def _block_lines(text, start, end):
    """Content lines of a block scalar: every line after the header, without indentation."""
    nl = text.find("\n", start, end)
    if nl == -1:
        return []
    lines = []
    for a, b in _split(text, nl + 1, end):
        while a < b and text[a] in _WS:
            a += 1
        while b > a and text[b - 1] in _WS:
            b -= 1
        if b > a:
            lines.append([(text[i], i) for i in range(a, b)])
    return lines


def _decode_plain(text, a, b):
    return [(text[i], i) for i in range(a, b)]


def _decode_single(text, a, b):
    out = []
    i = a
    while i < b:
        ch = text[i]
        out.append((ch, i))
        i += 2 if ch == "'" and i + 1 < b and text[i + 1] == "'" else 1
    return out


def _decode_double(text, a, b):
    out = []
    i = a
    while i < b:
        ch = text[i]
        if ch == "\\" and i + 1 < b:
            esc = text[i + 1]
            if esc in _YAML_HEX:
                width = _YAML_HEX[esc]
                digits = text[i + 2:i + 2 + width]
                try:
                    out.append((chr(int(digits, 16)), i))
                except ValueError:
                    out.append((esc, i))
                i += 2 + width
                continue
            out.append((_YAML_ESCAPES.get(esc, esc), i))
            i += 2
            continue
        out.append((ch, i))
        i += 1
    return out


def _decode_json(text, a, b):
    out = []
    i = a
    while i < b:
        ch = text[i]
        if ch == "\\" and i + 1 < b:
            esc = text[i + 1]
            if esc == "u":
                try:
                    code = int(text[i + 2:i + 6], 16)
                except ValueError:
                    code = 0xFFFD
                if 0xD800 <= code < 0xDC00 and text.startswith("\\u", i + 6):
                    try:
                        low = int(text[i + 8:i + 12], 16)
                    except ValueError:
                        low = 0
                    if 0xDC00 <= low < 0xE000:
                        out.append((chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), i))
                        i += 12
                        continue
                out.append((chr(code), i))
                i += 6
                continue
            out.append((_JSON_ESCAPES.get(esc, esc), i))
            i += 2
            continue
        out.append((ch, i))
        i += 1
    return out


# -- alignment ------------------------------------------------------------------------------
_GAP = re.compile(r"[ \t\r\n]*")


def _align(lines, value):
    """One source offset (or None) per value character: each content line is found in the
    value after the previous one, with only whitespace (folding) between."""
    if not isinstance(value, str):
        return []
    pairs = [None] * len(value)
    pos = 0
    for line in lines:
        chars = "".join(c for c, _ in line)
        if not chars:
            continue
        gap_end = _GAP.match(value, pos).end()
        at = value.find(chars, pos, gap_end + len(chars))
        if at == -1:
            continue  # not content (a comment in a block scalar's span): skip it
        for k, (_c, src) in enumerate(line):
            pairs[at + k] = src
        pos = at + len(chars)
    return pairs


__all__ = ["OffsetMap", "yaml_map", "json_map"]
