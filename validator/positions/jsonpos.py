"""A small JSON parser that keeps the position of every key and value.

``json.loads`` is the fast path; this parser is the precise path for JSON files that have a
finding (and for the ones whose fast parse saw a duplicate key). It works on a slice of the
text, so that in a bulk export only the documents with findings are parsed again.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
# json.loads also reads NaN and (-)Infinity (not JSON, but the fast path accepts them)
_LITERALS = (("true", True), ("false", False), ("null", None), ("NaN", float("nan")),
             ("Infinity", float("inf")), ("-Infinity", float("-inf")))


class JSONPosError(ValueError):
    def __init__(self, message, offset):
        super().__init__(message)
        self.message = message
        self.offset = offset


class Node:
    """A JSON value with its [start, end) offsets; ``value`` holds children for containers."""

    __slots__ = ("id", "start", "end", "value")

    def __init__(self, id, start, end, value):
        self.id = id  # "mapping" | "sequence" | "scalar"
        self.start = start
        self.end = end
        self.value = value  # mapping: [(key Node, value Node)]; sequence: [Node]; scalar: python value


class _Parser:
    def __init__(self, text, end):
        self.text = text
        self.end = end
        self.duplicates = []  # (key node) of every repeated key

    def ws(self, pos):
        return _WS.match(self.text, pos).end()

    def value(self, pos):
        text = self.text
        pos = self.ws(pos)
        if pos >= self.end:
            raise JSONPosError("unexpected end of data, expected a value", pos)
        ch = text[pos]
        if ch == "{":
            return self.mapping(pos)
        if ch == "[":
            return self.sequence(pos)
        if ch == '"':
            return self.string(pos)
        m = _NUMBER.match(text, pos)
        if m and m.end() > pos:
            raw = m.group()
            val = float(raw) if any(c in raw for c in ".eE") else int(raw)
            return Node("scalar", pos, m.end(), val)
        for word, val in _LITERALS:
            if text.startswith(word, pos):
                return Node("scalar", pos, pos + len(word), val)
        raise JSONPosError("expected a value, found %r" % ch, pos)

    def string(self, pos):
        # the json module's C scanner: linear in the string's length and light on memory (a
        # regular expression over a 45 MB string cost seconds and gigabytes)
        try:
            value, end = scanstring(self.text, pos + 1, True)
        except ValueError:
            raise JSONPosError("invalid string", pos) from None
        if end > self.end:
            raise JSONPosError("invalid string", pos)
        return Node("scalar", pos, end, value)

    def mapping(self, start):
        text = self.text
        pairs = []
        seen = set()
        pos = self.ws(start + 1)
        if pos < self.end and text[pos] == "}":
            return Node("mapping", start, pos + 1, pairs)
        while True:
            pos = self.ws(pos)
            if pos >= self.end or text[pos] != '"':
                raise JSONPosError("expected a key in double quotes", pos)
            key = self.string(pos)
            if key.value in seen:
                self.duplicates.append(key)
            seen.add(key.value)
            pos = self.ws(key.end)
            if pos >= self.end or text[pos] != ":":
                raise JSONPosError("expected ':' after a key", pos)
            val = self.value(pos + 1)
            pairs.append((key, val))
            pos = self.ws(val.end)
            if pos < self.end and text[pos] == ",":
                pos += 1
                continue
            if pos < self.end and text[pos] == "}":
                return Node("mapping", start, pos + 1, pairs)
            raise JSONPosError("expected ',' or '}'", pos)

    def sequence(self, start):
        text = self.text
        items = []
        pos = self.ws(start + 1)
        if pos < self.end and text[pos] == "]":
            return Node("sequence", start, pos + 1, items)
        while True:
            item = self.value(pos)
            items.append(item)
            pos = self.ws(item.end)
            if pos < self.end and text[pos] == ",":
                pos += 1
                continue
            if pos < self.end and text[pos] == "]":
                return Node("sequence", start, pos + 1, items)
            raise JSONPosError("expected ',' or ']'", pos)


def parse(text, start=0, end=None):
    """Parse one JSON value in ``text[start:end]``; returns (node, duplicate key nodes)."""
    parser = _Parser(text, len(text) if end is None else end)
    node = parser.value(start)
    return node, parser.duplicates


def top_level_spans(text):
    """[start, end) offsets of each element of a top-level JSON array, in C speed.

    ``raw_decode`` parses each element with the C scanner and says where it ends.
    """
    decoder = json.JSONDecoder()
    spans = []
    pos = _WS.match(text, 0).end()
    if pos >= len(text) or text[pos] != "[":
        return None
    pos = _WS.match(text, pos + 1).end()
    if text.startswith("]", pos):
        return spans
    while True:
        _obj, end = decoder.raw_decode(text, pos)
        spans.append((pos, end))
        pos = _WS.match(text, end).end()
        if text.startswith(",", pos):
            pos = _WS.match(text, pos + 1).end()
            continue
        return spans
