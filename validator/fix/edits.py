"""The fix model: a ``Fix`` is what a rule offers for one finding, as *operations* on document
paths (replace a value, rename a key, add or remove an entry, or a rule's own text edit);
``render`` turns them into ``Edit``s, spans of the original text, only for reported findings.

Edits are character offsets into the file's decoded text (the BOM left out, line endings as
written): applying them leaves every character outside their spans as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from mkto_lint.findings import Target
from mkto_lint.record import FrozenRecord, Record


class Edit(FrozenRecord):
    """Replace ``text[start:end]`` by ``new`` (an insertion when start == end)."""

    __slots__ = ("start", "end", "new")
    start: int
    end: int
    new: str


class ReplaceValue(Record):
    """The value at ``target`` becomes ``value``, written in the style of the old one where
    that style can hold it (a plain scalar that would read back as another type is quoted)."""

    __slots__ = ("target", "value")
    target: Target
    value: Any


class RenameKey(Record):
    """The key at ``target`` becomes ``key`` (not done when the mapping already has ``key``)."""

    __slots__ = ("target", "key")
    target: Target
    key: str


class InsertAfter(Record):
    """A new entry ``key: value`` right after the entry at ``target`` (a path to a key of the
    same mapping), in that mapping's style: its own line with the same indentation in a block
    mapping, ``, key: value`` in a flow mapping or JSON object."""

    __slots__ = ("target", "key", "value")
    target: Target
    key: str
    value: Any


class RemoveEntry(Record):
    """The mapping entry (or sequence item) at ``target`` goes, with its line in block style
    and its comma in flow style."""

    __slots__ = ("target",)
    target: Target


class TextEdits(Record):
    """A rule's own edits of the text of ``file``: ``make(text)`` returns them, or None."""

    __slots__ = ("file", "make")
    file: Any
    make: Callable[[str], list]


class Fix(Record):
    """One finding's repair: ``message`` (what it does, for a person), ``safe`` (whether it
    keeps the meaning the author evidently meant), ``ops`` (applied together or not at all).
    ``edits`` and ``applies`` are filled in when the finding is reported."""

    __slots__ = ("message", "safe", "ops", "edits", "applies")
    message: str
    safe: bool
    ops: Sequence
    edits: list | None
    applies: bool
    _defaults = {"edits": None, "applies": False}

    @property
    def file(self) -> Any:
        op = self.ops[0]
        return op.file if isinstance(op, TextEdits) else op.target.file


def fix(message: str, safe: bool, *ops: Any) -> Fix:
    """A Fix of ``ops``: what a rule passes to ``self.finding(..., fix=...)``."""
    return Fix(message, safe, ops)


__all__ = ["Edit", "Fix", "fix", "ReplaceValue", "RenameKey", "InsertAfter", "RemoveEntry", "TextEdits"]
