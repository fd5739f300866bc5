"""Findings and their locations.

Rules address what they flag by *document path* (``("flow", 2, "attributes", "campaign")``);
the engine turns paths into line/column spans only for findings that are reported, so valid
files never pay for positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Tuple, Union

PathElem = Union[str, int]
Path = Tuple[PathElem, ...]

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

# Where on a path a finding points: the key that names the path's last element, the value
# stored there, or the start of the value (for "missing key" on a mapping).
AT_KEY = "key"
AT_VALUE = "value"
AT_START = "start"


@dataclass(frozen=True)
class Span:
    """A 1-based, inclusive-start / exclusive-end region of a file."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass
class Target:
    """An unresolved location: a file, a YAML document within it and a path inside that."""

    file: "object"  # validator.source.SourceFile
    stream: int = 0  # YAML document number in the file (0 for JSON)
    path: Path = ()
    at: str = AT_VALUE
    span: Optional[Span] = None  # known already (syntax errors, duplicate keys)
    # Inside a string value: the character offset and length of a part of the *parsed* value
    # (a token); locate.py maps it back to the source text whatever the scalar's style.
    offset: Optional[int] = None
    length: int = 0


@dataclass
class Related:
    target: Target
    message: str


@dataclass
class Finding:
    code: str
    name: str
    severity: str
    message: str
    target: Target
    related: list = field(default_factory=list)  # list[Related]
    # Filled in by the engine when the finding is reported:
    span: Optional[Span] = None

    @property
    def file(self):
        return self.target.file

    def sort_key(self):
        span = self.span or Span(0, 0, 0, 0)
        return (self.target.file.display, span.line, span.column, self.code, self.message)
