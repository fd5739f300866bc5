"""Files and the documents they hold, read on the fast path.

Every file is read with a C-accelerated parser that keeps no positions (PyYAML's C loader with
the YAML 1.2 resolver, or ``json.loads``). Positions are computed later, and only for files
that have something to report (see ``locate.py``).
"""

from __future__ import annotations

import codecs
import json
import re
from bisect import bisect_right

import yaml

from mkto_lint import codes
from mkto_lint.read import yaml12
from mkto_lint.findings import AT_KEY, AT_START, AT_VALUE, Finding, Span, Target
from mkto_lint.read.stack import room_for

YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)
SUFFIXES = YAML_SUFFIXES + JSON_SUFFIXES
KINDS = ("Program", "Folder", "SmartCampaign", "SmartList")
RUN_KIND = "Run"

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


class Document:
    """One definition: a mapping with a ``kind``, somewhere in a file."""

    __slots__ = ("file", "stream", "prefix", "number", "data", "kind", "valid")

    def __init__(self, file, stream, prefix, number, data):
        self.file = file
        self.stream = stream  # YAML document number (0 for JSON)
        self.prefix = prefix  # path of the document inside that stream: () or (index,)
        self.number = number  # 0-based position among the file's documents
        self.data = data
        kind = data.get("kind") if isinstance(data, dict) else None
        self.kind = kind if isinstance(kind, str) else None
        self.valid = None  # the fast schema check's answer, once asked

    def target(self, path=(), at=AT_VALUE):
        return Target(self.file, self.stream, self.prefix + tuple(path), at)

    def __repr__(self):
        return "<Document %s#%d %s>" % (self.file.display, self.number, self.kind)


class SourceFile:
    """A file below the root, its text and documents, and (lazily) its positions."""

    def __init__(self, path, display, rel):
        self.path = path  # pathlib.Path
        self.display = printable(display)  # how findings name it (relative to the working directory)
        self.rel = printable(rel)  # POSIX path relative to the root (config globs, baselines)
        self.format = "json" if path.suffix.lower() in JSON_SUFFIXES else "yaml"
        self._text = None
        self.documents = []
        self.problems = []  # findings met while reading (MKL001, MKL002, key types)
        self.is_definition = False  # holds at least one document with a `kind`
        self.checked = False  # named by the command line (findings are reported)
        self.has_directives = False  # holds "mkto-lint:" (a suppression comment, probably)
        self._locator = None
        self._line_starts = None

    @property
    def text(self):
        """The decoded text; read again from disk when the file was read in a worker process."""
        if self._text is None:
            try:
                self._text = decode(self.path.read_bytes())
            except (OSError, DecodeError):
                self._text = ""
        return self._text

    @text.setter
    def text(self, value):
        self._text = value

    # -- positions -------------------------------------------------------------------------
    @property
    def locator(self):
        if self._locator is None:
            from mkto_lint.positions.locate import Locator

            self._locator = Locator(self)
        return self._locator

    def line_col(self, offset):
        """1-based (line, column) of a character offset in the text.

        Lines end at ``\n``, ``\r\n`` or a lone ``\r`` (the line breaks of YAML 1.2 and JSON,
        and what editors show); other Unicode separators (U+0085, U+2028...) are characters.
        """
        if self._line_starts is None:
            starts = [0]
            text = self.text or ""
            if "\r" in text:
                starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
            else:
                find = text.find
                pos = find("\n")
                while pos != -1:
                    starts.append(pos + 1)
                    pos = find("\n", pos + 1)
            self._line_starts = starts
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def lines(self):
        """The text's lines, split as ``line_col`` counts them."""
        return split_lines(self.text or "")

    def mark_span(self, start, end=None):
        """The span between two PyYAML marks, from their character offsets (libyaml's own line
        count also breaks at U+0085, U+2028 and U+2029, which YAML 1.2 and editors do not)."""
        line, col = self.line_col(start.index)
        if end is None:
            return Span(line, col, line, col + 1)
        end_line, end_col = self.line_col(end.index)
        return Span(line, col, end_line, end_col)

    def problem(self, code, message, span):
        self.problems.append(
            Finding(code, codes.NAMES[code], "error", message, Target(self, span=span))
        )

    def __repr__(self):
        return "<SourceFile %s>" % self.display


_LINE_BREAK = re.compile(r"\r\n?|\n")


def split_lines(text):
    """``text`` split at ``\n``, ``\r\n`` and lone ``\r`` (not at ``str.splitlines``'s other
    separators, so that line numbers agree with ``SourceFile.line_col``)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


def printable(name):
    """A file name fit for a one-line report: control characters escaped, and bytes that are not
    UTF-8 (which the file system gives as lone surrogates) shown as ``\\xNN``."""
    if not _UNPRINTABLE.search(name):
        return name
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "backslashreplace")
    text = raw.decode("utf-8", "backslashreplace")
    return _UNPRINTABLE.sub(lambda m: "\\x%02x" % ord(m.group()) if ord(m.group()) < 0x100 else "\\u%04x" % ord(m.group()), text)


def _point(line, column):
    return Span(line, column, line, column + 1)


class DecodeError(ValueError):
    def __init__(self, message, line=1, column=1):
        super().__init__(message)
        self.line = line
        self.column = column


def decode(raw):
    """UTF-8 text of a file, or raise DecodeError with a message a person understands."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            raise DecodeError(
                "file is encoded as %s; mkto-lint reads UTF-8 only (re-save the file as UTF-8)" % name
            )
    name = _bomless_utf16_32(raw)
    if name:
        raise DecodeError(
            "file looks encoded as %s (without a byte order mark); mkto-lint reads UTF-8 only "
            "(re-save the file as UTF-8)" % name
        )
    if b"\x00" in raw:
        raise DecodeError("file holds a NUL byte: it is binary, not YAML or JSON", *_byte_position(raw, raw.index(b"\x00")))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(
            "file is not valid UTF-8: byte 0x%02x cannot start a character (re-save the file as UTF-8)"
            % raw[exc.start], *_byte_position(raw, exc.start)
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _byte_position(raw, at):
    """(line, column) of byte offset ``at``, lines and columns counted as ``line_col`` does."""
    breaks = raw.count(b"\n", 0, at) + raw.count(b"\r", 0, at) - raw.count(b"\r\n", 0, at)
    start = max(raw.rfind(b"\n", 0, at), raw.rfind(b"\r", 0, at)) + 1
    return breaks + 1, len(raw[start:at].decode("utf-8", "replace")) + 1


def _bomless_utf16_32(raw):
    """UTF-16 or UTF-32 text without a BOM, told by where the NUL bytes of its first (ASCII)
    character fall, as RFC 4627 section 3 detects JSON's encoding."""
    head = raw[:4]
    if len(head) < 2 or head[:2] == b"\x00\x00" and len(head) < 4:
        return None
    if len(head) == 4 and head[:3] == b"\x00\x00\x00" and head[3]:
        return "UTF-32"
    if len(head) == 4 and head[0] and head[1:] == b"\x00\x00\x00":
        return "UTF-32"
    if head[0] == 0 and head[1] and (len(head) < 4 or head[2] == 0):
        return "UTF-16"
    if head[0] and head[1] == 0 and (len(head) < 4 or head[3] == 0):
        return "UTF-16"
    return None


class Limits:
    """What a document may cost: alias expansion and nesting (configurable, see config.py)."""

    def __init__(self, max_alias_nodes=yaml12.MAX_ALIAS_NODES, max_depth=yaml12.MAX_DEPTH):
        self.max_alias_nodes = max_alias_nodes
        self.max_depth = max_depth


DEFAULT_LIMITS = Limits()


def read(source, raw, limits=DEFAULT_LIMITS):
    """Fill ``source`` from its bytes: text, documents and reading problems.

    ``raw`` is the bytes, or a list holding them, which is emptied so that the bytes are freed
    as soon as they are decoded (a large YAML file is then in memory once, as text). A JSON
    file's bytes are kept while it is parsed: its depth check reads them (a copy of the text as
    bytes would cost as much memory, and a large allocation more).
    """
    if isinstance(raw, list):
        raw = raw.pop()
    try:
        text = decode(raw)
        if source.format != "json":
            del raw
    except DecodeError as exc:
        source.is_definition = True  # we cannot tell; a .yaml/.json we cannot read is reported
        source.problem(codes.SYNTAX, str(exc), _point(exc.line, exc.column))
        return source
    source.text = text
    source.has_directives = "mkto-lint:" in text
    if "kind" not in text:  # cheap pre-filter: no document of ours can lack the word
        return source
    if source.format == "json":
        streams = _read_json(source, text, limits, raw)
        del raw
    else:
        streams = _read_yaml(source, text, limits)
    number = 0
    strays = []  # (stream, prefix, value) of what is neither a document nor empty
    for stream, data in enumerate(streams):
        items = data if isinstance(data, list) else [data]
        prefix_of = (lambda i: (i,)) if isinstance(data, list) else (lambda i: ())
        for i, item in enumerate(items):
            if isinstance(item, dict):
                source.documents.append(Document(source, stream, prefix_of(i), number, item))
                number += 1
            elif item is not None:
                strays.append((stream, prefix_of(i), item))
    if any(doc.kind is not None or "kind" in doc.data for doc in source.documents):
        source.is_definition = True
        _report_strays(source, strays, len(streams))
    elif source.problems:
        source.is_definition = True
    return source


_MAX_STRAYS = 100
_WHAT = ((bool, "true or false"), (int, "a number"), (float, "a number"), (str, "a string"), (list, "a list"))


def _report_strays(source, strays, streams):
    """MKL004 for each value of a definition file that is not a document (a mapping): a stray
    scalar or list next to documents would otherwise be skipped without a word."""
    shown = strays[:_MAX_STRAYS]
    for n, (stream, prefix, value) in enumerate(shown):
        what = next((name for cls, name in _WHAT if isinstance(value, cls)), "not a mapping")
        if prefix:
            message = "item %d of the list%s is %s, not a document (a mapping with a \"kind\")" % (
                prefix[0] + 1, " of YAML document %d" % (stream + 1) if streams > 1 else "", what)
        elif streams > 1:
            message = "YAML document %d is %s, not a mapping with a \"kind\"" % (stream + 1, what)
        else:
            message = "the file holds %s, not a mapping with a \"kind\"" % what
        if n == _MAX_STRAYS - 1 and len(strays) > _MAX_STRAYS:
            message += " (and %d more values of this file that are not documents)" % (len(strays) - _MAX_STRAYS)
        try:
            span = source.locator.span(Target(source, stream, prefix, AT_VALUE))
        except Exception:  # positions are a courtesy
            span = _point(1, 1)
        source.problem(codes.UNKNOWN_KIND, message, span)


def _read_yaml(source, text, limits):
    try:
        streams, problems = yaml12.load_all(text, limits.max_alias_nodes, limits.max_depth)
    except yaml.MarkedYAMLError as exc:
        source.is_definition = True
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or "invalid YAML"
        if exc.context and exc.problem:
            message = "%s (%s)" % (exc.problem, exc.context)
        source.problem(codes.SYNTAX, message, source.mark_span(mark) if mark is not None else _point(1, 1))
        return []
    except yaml.YAMLError as exc:  # reader errors without a mark
        source.is_definition = True
        source.problem(codes.SYNTAX, str(exc).splitlines()[0], _point(1, 1))
        return []
    except RecursionError:
        source.is_definition = True
        source.problem(codes.SYNTAX, "nesting is too deep to read", _point(1, 1))
        return []
    for kind, message, start, end in problems:
        code = codes.DUPLICATE_KEY if kind == "duplicate-key" else codes.SCHEMA
        source.problem(code, message, source.mark_span(start, end))
    return streams


class _DuplicateKey(Exception):
    pass


def _pairs_hook(pairs):
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateKey
    return result


def _read_json(source, text, limits=None, raw=None):
    limits = limits or DEFAULT_LIMITS
    duplicates = False
    try:
        with room_for(yaml12.HARD_MAX_DEPTH):
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
        source.problem(codes.SYNTAX, message, _point(*source.line_col(pos)))
        return []
    except RecursionError:
        source.is_definition = True
        _too_deep_json(source, text, limits.max_depth, certain=False)
        return []
    except ValueError as exc:  # an integer longer than Python converts (sys.int_max_str_digits)
        source.is_definition = True
        match = re.search(r"-?[0-9]{%d,}" % (yaml12._max_int_digits() + 1), text) if yaml12._max_int_digits() else None
        where = _point(*source.line_col(match.start())) if match else _point(1, 1)
        if match:
            message = "number %s... has %d digits: too long to read" % (match.group()[:20], len(match.group()))
        else:
            message = "invalid JSON: %s" % str(exc).splitlines()[0]
        source.problem(codes.SYNTAX, message, where)
        return []
    if (text.count("[") + text.count("{") > limits.max_depth
            and _json_deeper_than(text if raw is None else raw, min(limits.max_depth, yaml12.HARD_MAX_DEPTH))):
        source.is_definition = True
        _too_deep_json(source, text, limits.max_depth)
        return []
    if duplicates:
        from mkto_lint.positions import jsonpos

        try:
            with room_for(yaml12.HARD_MAX_DEPTH):
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


def _json_deeper_than(text, limit):
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
    limit = min(max_depth, yaml12.HARD_MAX_DEPTH)
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        ch = match.group()
        if ch == "[" or ch == "{":
            depth += 1
            if depth > limit:
                source.problem(codes.SYNTAX, yaml12._too_deep(limit), _point(*source.line_col(match.start())))
                return
        elif ch == "]" or ch == "}":
            depth -= 1
    # not found by the scan (only when max-depth is set above what Python's parser reaches)
    source.problem(codes.SYNTAX, "nesting is too deep to read" if not certain else yaml12._too_deep(limit), _point(1, 1))


__all__ = ["SourceFile", "Document", "read", "decode", "AT_KEY", "AT_START", "AT_VALUE"]
