"""A JSON file's documents: ``json.loads`` (the C scanner) with the checks it does not make,
each a reading problem of the file: duplicate keys (MKL002, placed by ``jsonpos``), nesting
deeper than ``max-depth`` (screened at C speed, then placed), syntax errors in a person's words
(a trailing comma named as such) and integers too long to convert (MKL001)."""

from __future__ import annotations

import json
import re

from mkto_lint import codes
from mkto_lint.findings import Span
from mkto_lint.project.source import SourceFile, point
from mkto_lint.read.limits import DEFAULT_LIMITS, HARD_MAX_DEPTH, Limits, too_deep
from mkto_lint.read.stack import room_for
from mkto_lint.read.yaml_core import max_int_digits


class _DuplicateKey(Exception):
    pass


def _pairs_hook(pairs):
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateKey
    return result


def read_json(source: SourceFile, text: str, limits: Limits | None = None, raw: bytes | None = None) -> list:
    """The values of a JSON file (a list of one), or ``[]`` when it cannot be read: its problems
    go to ``source``. ``raw`` is the file's bytes, when still held: the depth screen reads them
    rather than encoding the text again."""
    limits = limits or DEFAULT_LIMITS
    duplicates = False
    try:
        with room_for(HARD_MAX_DEPTH):
            try:
                data = json.loads(text, object_pairs_hook=_pairs_hook)
            except _DuplicateKey:  # a syntax error after the duplicate still raises below
                data = json.loads(text)
                duplicates = True
    except json.JSONDecodeError as exc:
        source.is_definition = True
        message, pos = "invalid JSON: %s" % exc.msg, exc.pos
        before = text[:pos].rstrip()
        if exc.msg.startswith(("Expecting value", "Expecting property name")) and before.endswith(","):
            pos = len(before) - 1
            message = "invalid JSON: trailing comma before %r (JSON allows none)" % text[exc.pos:exc.pos + 1]
        source.problem(codes.SYNTAX, message, point(*source.line_col(pos)))
        return []
    except RecursionError:
        source.is_definition = True
        _too_deep_json(source, text, limits.max_depth, certain=False)
        return []
    except ValueError as exc:  # an integer longer than Python converts (sys.int_max_str_digits)
        source.is_definition = True
        match = re.search(r"-?[0-9]{%d,}" % (max_int_digits() + 1), text) if max_int_digits() else None
        where = point(*source.line_col(match.start())) if match else point(1, 1)
        if match:
            message = "number %s... has %d digits: too long to read" % (match.group()[:20], len(match.group()))
        else:
            message = "invalid JSON: %s" % str(exc).splitlines()[0]
        source.problem(codes.SYNTAX, message, where)
        return []
    # nesting deeper than max-depth takes more than max-depth opening and as many closing
    # brackets; a length test, not a count of them (0.017 s of an 18 MB export, which the
    # screen then reads anyway)
    limit = min(limits.max_depth, HARD_MAX_DEPTH)
    if len(text) > 2 * limit + 1 and json_deeper_than(text if raw is None else raw, limit):
        source.is_definition = True
        _too_deep_json(source, text, limits.max_depth)
        return []
    if duplicates:
        from mkto_lint.positions import jsonpos

        try:
            with room_for(HARD_MAX_DEPTH):
                _node, dups = jsonpos.parse(text)
        except (jsonpos.JSONPosError, RecursionError):
            dups = []
        for key in dups:
            line, col = source.line_col(key.start)
            end_line, end_col = source.line_col(key.end)
            source.problem(
                codes.DUPLICATE_KEY, "duplicate key %s" % json.dumps(key.value, ensure_ascii=False), Span(line, col, end_line, end_col)
            )
    return [data]


_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_ONE_BRACKET = bytes.maketrans(b"{}", b"[]")
_QUOTED = re.compile(rb'"[^"]*"')


def json_deeper_than(text: str | bytes, limit: int) -> bool:
    """Whether the (well-formed) JSON ``text`` (str, or its UTF-8 bytes) nests more than
    ``limit`` levels, at C speed:
    escapes, then everything but quotes and brackets, then strings are dropped; each pass of
    removing ``[]`` then takes away one level, so ``limit`` passes leave nothing unless some
    container is deeper. (Two strings next to each other may leave a quote pair that spans
    both, with only their contents between: the string pattern still removes it whole.)"""
    s = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if b"\\" in s:
        s = s.replace(b"\\\\", b"").replace(b'\\"', b"")  # escaped backslashes, then quotes
    s = s.translate(_ONE_BRACKET, _NOT_STRUCTURE).replace(b'""', b"")
    if b'"' in s:
        s = _QUOTED.sub(b"", s)
    for _ in range(limit):
        if not s:
            return False
        s = s.replace(b"[]", b"")
    return bool(s)


def _too_deep_json(source, text, max_depth, certain=True):
    """MKL001 at the first ``[`` or ``{`` that nests deeper than ``max_depth``."""
    limit = min(max_depth, HARD_MAX_DEPTH)
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        ch = match.group()
        if ch == "[" or ch == "{":
            depth += 1
            if depth > limit:
                source.problem(codes.SYNTAX, too_deep(limit), point(*source.line_col(match.start())))
                return
        elif ch == "]" or ch == "}":
            depth -= 1
    # not found by the scan (only when max-depth is set above what Python's parser reaches)
    source.problem(codes.SYNTAX, "nesting is too deep to read" if not certain else too_deep(limit), point(1, 1))


__all__ = ["read_json", "json_deeper_than"]
