"""Findings and their locations.

Rules address what they flag by *document path* (``("flow", 2, "attributes", "campaign")``);
the engine turns paths into line/column spans only for findings that are reported, so valid
files never pay for positions.
"""

from __future__ import annotations

from typing import Any

from mkto_lint.record import Factory, FrozenRecord, Record

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

# Where on a path a finding points: the key that names the path's last element, the value
# stored there, or the start of the value (for "missing key" on a mapping).
AT_KEY = "key"
AT_VALUE = "value"
AT_START = "start"


class Span(FrozenRecord):
    """A 1-based, inclusive-start / exclusive-end region of a file."""

    __slots__ = ("line", "column", "end_line", "end_column")
    line: int
    column: int
    end_line: int
    end_column: int


class Target(Record):
    """An unresolved location: a file, a YAML document within it and a path inside that.

    ``file`` is the SourceFile; ``stream`` the YAML document number in it (0 for JSON);
    ``path`` the document path; ``at`` AT_KEY, AT_VALUE or AT_START; ``span`` the Span when
    already known (syntax errors, duplicate keys). Inside a string value, ``offset`` and
    ``length`` give a part of the *parsed* value (a token); locate.py maps it back to the
    source text whatever the scalar's style.
    """

    __slots__ = ("file", "stream", "path", "at", "span", "offset", "length")
    file: Any  # the SourceFile (mkto_lint.project.source)
    stream: int
    path: tuple
    at: str
    span: Span | None
    offset: int | None
    length: int
    _defaults = {"stream": 0, "path": (), "at": AT_VALUE, "span": None, "offset": None, "length": 0}


class Related(Record):
    """The other end of a finding (the caller of an executable, the definition of a token)."""

    __slots__ = ("target", "message")
    target: Target
    message: str


class Finding(Record):
    """``related`` is a list of Related; ``span`` is filled in by the engine when the finding
    is reported; ``fix`` is the repair its rule offers (a ``mkto_lint.fix.edits.Fix``) or None."""

    __slots__ = ("code", "name", "severity", "message", "target", "related", "span", "fix")
    code: str
    name: str
    severity: str  # one of SEVERITIES
    message: str
    target: Target
    related: list[Related]
    span: Span | None
    fix: Any
    _defaults = {"related": Factory(list), "span": None, "fix": None}

    @property
    def file(self) -> Any:
        return self.target.file

    def sort_key(self) -> tuple:
        span = self.span or Span(0, 0, 0, 0)
        return (self.target.file.display, span.line, span.column, self.code, self.message)
