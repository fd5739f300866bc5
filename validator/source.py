"""Files and the documents they hold, read on the fast path.

Every file is read with a C-accelerated parser that keeps no positions (PyYAML's C loader with
the YAML 1.2 resolver, or ``json.loads``). Positions are computed later, and only for files
that have something to report (see ``locate.py``).
"""

from __future__ import annotations

import codecs
import json
from bisect import bisect_right

import yaml

from . import codes, yaml12
from .findings import AT_KEY, AT_START, AT_VALUE, Finding, Span, Target

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
        self.display = display  # how findings name it (relative to the working directory)
        self.rel = rel  # POSIX path relative to the root (config globs, baselines)
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
            from .locate import Locator

            self._locator = Locator(self)
        return self._locator

    def line_col(self, offset):
        """1-based (line, column) of a character offset in the text."""
        if self._line_starts is None:
            starts = [0]
            text = self.text or ""
            find = text.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts = starts
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def lines(self):
        return (self.text or "").splitlines()

    def problem(self, code, message, span):
        self.problems.append(
            Finding(code, codes.NAMES[code], "error", message, Target(self, span=span))
        )

    def __repr__(self):
        return "<SourceFile %s>" % self.display


def _mark_span(start, end):
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


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
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        line = raw.count(b"\n", 0, at) + 1
        col = len(raw[raw.rfind(b"\n", 0, at) + 1:at].decode("utf-8", "replace")) + 1
        raise DecodeError("file holds a NUL byte: it is binary, not YAML or JSON", line, col)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[raw.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
        raise DecodeError(
            "file is not valid UTF-8: byte 0x%02x cannot start a character (re-save the file as UTF-8)"
            % raw[exc.start], line, col
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


class Limits:
    """What a document may cost: alias expansion and nesting (configurable, see config.py)."""

    def __init__(self, max_alias_nodes=yaml12.MAX_ALIAS_NODES, max_depth=yaml12.MAX_DEPTH):
        self.max_alias_nodes = max_alias_nodes
        self.max_depth = max_depth


DEFAULT_LIMITS = Limits()


def read(source, raw, limits=DEFAULT_LIMITS):
    """Fill ``source`` from its bytes: text, documents and reading problems."""
    try:
        text = decode(raw)
    except DecodeError as exc:
        source.is_definition = True  # we cannot tell; a .yaml/.json we cannot read is reported
        source.problem(codes.SYNTAX, str(exc), _point(exc.line, exc.column))
        return source
    source.text = text
    source.has_directives = "mkto-lint:" in text
    if "kind" not in text:  # cheap pre-filter: no document of ours can lack the word
        return source
    if source.format == "json":
        streams = _read_json(source, text)
    else:
        streams = _read_yaml(source, text, limits)
    number = 0
    for stream, data in enumerate(streams):
        items = data if isinstance(data, list) else [data]
        prefix_of = (lambda i: (i,)) if isinstance(data, list) else (lambda i: ())
        for i, item in enumerate(items):
            if isinstance(item, dict):
                source.documents.append(Document(source, stream, prefix_of(i), number, item))
                number += 1
    if any(doc.kind is not None or "kind" in doc.data for doc in source.documents):
        source.is_definition = True
    elif source.problems:
        source.is_definition = True
    return source


def _read_yaml(source, text, limits):
    try:
        streams, problems = yaml12.load_all(text, limits.max_alias_nodes, limits.max_depth)
    except yaml.MarkedYAMLError as exc:
        source.is_definition = True
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or "invalid YAML"
        if exc.context and exc.problem:
            message = "%s (%s)" % (exc.problem, exc.context)
        source.problem(codes.SYNTAX, message, _point(mark.line + 1, mark.column + 1))
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
        source.problem(code, message, _mark_span(start, end))
    return streams


class _DuplicateKey(Exception):
    pass


def _pairs_hook(pairs):
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateKey
    return result


def _read_json(source, text):
    try:
        data = json.loads(text, object_pairs_hook=_pairs_hook)
    except _DuplicateKey:
        from . import jsonpos

        data = json.loads(text)
        try:
            _node, dups = jsonpos.parse(text)
        except (jsonpos.JSONPosError, RecursionError):
            dups = []
        for key in dups:
            line, col = source.line_col(key.start)
            end_line, end_col = source.line_col(key.end)
            source.problem(
                codes.DUPLICATE_KEY, "duplicate key %s" % json.dumps(key.value, ensure_ascii=False), Span(line, col, end_line, end_col)
            )
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
        source.problem(codes.SYNTAX, "nesting is too deep to read", _point(1, 1))
        return []
    return [data]


__all__ = ["SourceFile", "Document", "read", "decode", "AT_KEY", "AT_START", "AT_VALUE"]
