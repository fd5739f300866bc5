"""The file model: a ``SourceFile`` (a file below the root, its text, documents and reading
problems) and its ``Document``s, with the line and column arithmetic every position uses
(``line_col``, ``split_lines``, ``point``) and the printable form of a file name. Filled by the
reader (``mkto_lint.read.parse``); positions come lazily from ``positions.locate``.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkto_lint import codes
from mkto_lint.findings import AT_KEY, AT_START, AT_VALUE, Finding, Span, Target
from mkto_lint.read.decode import DecodeError, decode

if TYPE_CHECKING:
    from mkto_lint.positions.locate import Locator

YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)
SUFFIXES = YAML_SUFFIXES + JSON_SUFFIXES
KINDS = ("Program", "Folder", "SmartCampaign", "SmartList")


class Document:
    """One definition: a mapping with a ``kind``, somewhere in a file."""

    __slots__ = ("file", "stream", "prefix", "number", "data", "kind", "valid")
    file: SourceFile
    stream: int
    prefix: tuple
    number: int
    data: dict
    kind: str | None
    valid: bool | None

    def __init__(self, file: SourceFile, stream: int, prefix: tuple, number: int, data: dict) -> None:
        self.file = file
        self.stream = stream  # YAML document number (0 for JSON)
        self.prefix = prefix  # path of the document inside that stream: () or (index,)
        self.number = number  # 0-based position among the file's documents
        self.data = data
        kind = data.get("kind") if isinstance(data, dict) else None
        self.kind = kind if isinstance(kind, str) else None
        self.valid = None  # the fast schema check's answer, once asked

    def target(self, path: Sequence[str | int] = (), at: str = AT_VALUE) -> Target:
        """Where a finding about ``path`` (inside this document) points."""
        return Target(self.file, self.stream, self.prefix + tuple(path), at)

    def __repr__(self):
        return "<Document %s#%d %s>" % (self.file.display, self.number, self.kind)


class SourceFile:
    """A file below the root, its text and documents, and (lazily) its positions."""

    path: Path
    display: str
    rel: str
    format: str
    documents: list[Document]
    problems: list[Finding]
    is_definition: bool
    checked: bool
    has_directives: bool

    def __init__(self, path: Path, display: str, rel: str) -> None:
        self.path = path  # pathlib.Path
        self.display = printable(display)  # how findings name it (relative to the working directory)
        self.rel = printable(rel)  # POSIX path relative to the root (config globs, baselines)
        self.format = "json" if suffix(str(path)).lower() in JSON_SUFFIXES else "yaml"
        self._text = None
        self.documents = []
        self.problems = []  # findings met while reading (MKL001, MKL002, key types)
        self.is_definition = False  # holds at least one document with a `kind`
        self.checked = False  # named by the command line (findings are reported)
        self.has_directives = False  # holds "mkto-lint:" (a suppression comment, probably)
        self._locator = None
        self._line_starts = None
        self.digest = None  # (length, CRC-32, BLAKE2b) of the bytes a worker process (or the cache) parsed
        self.fail_on = None  # the fail level of the file's project (set when it is checked)
        self.changed = False  # read again, the file was not those bytes any more
        self.alias_nodes = 0  # nodes its aliases added (the run's alias budget is spent from it)

    @property
    def text(self) -> str:
        """The decoded text; read again from disk when the file was read in a worker process
        (through the same regular-file check, and checked against the bytes the worker parsed:
        a file saved in between gets no positions or suppressions of its new text)."""
        if self._text is None:
            self._text = self._read_again()
        return self._text

    def _read_again(self) -> str:
        import zlib

        from mkto_lint.read.files import NotRead, read_bytes

        size = self.digest[0] if self.digest else None
        try:
            raw = read_bytes(self.path, size if size is not None else 1 << 40)
            if self.digest is not None and (len(raw), zlib.crc32(raw)) != tuple(self.digest[:2]):
                raise NotRead("changed")
            return decode(raw)
        except (NotRead, OSError, DecodeError):
            self.changed = self.digest is not None
            return ""

    @text.setter
    def text(self, value: str) -> None:
        self._text = value

    # -- positions -------------------------------------------------------------------------
    @property
    def locator(self) -> Locator:
        """Positions of this file's targets (``positions.locate``), built on first use."""
        if self._locator is None:
            from mkto_lint.positions.locate import Locator

            self._locator = Locator(self)
        return self._locator

    def line_col(self, offset: int) -> tuple[int, int]:
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

    def lines(self) -> list[str]:
        """The text's lines, split as ``line_col`` counts them."""
        return split_lines(self.text or "")

    def mark_span(self, start: Any, end: Any = None) -> Span:
        """The span between two PyYAML marks, from their character offsets (libyaml's own line
        count also breaks at U+0085, U+2028 and U+2029, which YAML 1.2 and editors do not)."""
        line, col = self.line_col(start.index)
        if end is None:
            return Span(line, col, line, col + 1)
        end_line, end_col = self.line_col(end.index)
        return Span(line, col, end_line, end_col)

    def problem(self, code: str, message: str, span: Span, help: str | None = None) -> None:
        """Record a reading problem (an error of the engine's code ``code``) at ``span``."""
        self.problems.append(
            Finding(code, codes.NAMES[code], "error", message, Target(self, span=span), help=help)
        )

    def __repr__(self):
        return "<SourceFile %s>" % self.display


def suffix(path: str) -> str:
    """``PurePath(path).suffix``, without building a path (12,000 of them in a cached run)."""
    name = os.path.basename(path)
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


_LINE_BREAK = re.compile(r"\r\n?|\n")


def split_lines(text: str) -> list[str]:
    """``text`` split at ``\n``, ``\r\n`` and lone ``\r`` (not at ``str.splitlines``'s other
    separators, so that line numbers agree with ``SourceFile.line_col``)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


def printable(name: str) -> str:
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


def point(line: int, column: int) -> Span:
    """The one-character span at (line, column): where a problem without an extent is shown."""
    return Span(line, column, line, column + 1)


__all__ = ["SourceFile", "Document", "decode", "DecodeError", "point", "split_lines", "printable", "suffix",
           "KINDS", "SUFFIXES", "AT_KEY", "AT_START", "AT_VALUE"]
