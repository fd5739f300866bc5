"""The assets a rule reads: ``Program``, ``Folder``, ``SmartList`` and ``Campaign`` (with its
flow ``Step``s), each a view of one document, and the defensive field readers they share.

Documents may be schema-invalid (the schema finding is reported separately), so every accessor
here is defensive: a field of the wrong type reads as missing (``as_str`` and its kin).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from mkto_lint.findings import AT_VALUE, Target
from mkto_lint.project import actions

if TYPE_CHECKING:
    from mkto_lint.project.source import Document


def as_str(value: Any) -> str | None:
    """``value`` if it is a non-empty string, else None."""
    return value if isinstance(value, str) and value != "" else None


def as_int(value: Any) -> int | None:
    """``value`` if it is an integer (not a boolean), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def as_list(value: Any) -> list:
    """``value`` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict:
    """``value`` if it is a mapping, else an empty one."""
    return value if isinstance(value, dict) else {}


def is_ref(value: Any) -> bool:
    """Whether ``value`` can name an asset: an id (integer) or a name (non-empty string)."""
    return as_int(value) is not None or as_str(value) is not None


class Asset:
    """One document seen as an asset: its id and name, and where findings about it point."""

    kind = ""
    doc: Document
    data: dict
    id: int | None
    name: str | None

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.data = doc.data
        self.id = as_int(self.data.get("id"))
        self.name = as_str(self.data.get("name"))

    def target(self, path: Sequence[str | int] = (), at: str = AT_VALUE) -> Target:
        """Where a finding about ``path`` (inside the asset's document) points."""
        return self.doc.target(path, at)

    def __repr__(self):
        return "<%s %s>" % (type(self).__name__, self.label)

    @property
    def label(self) -> str:
        """How messages name the asset."""
        return self.name or "?"


class Folder(Asset):
    kind = "Folder"

    @property
    def path(self) -> str | None:
        """The folder's path, without leading or trailing slashes."""
        value = as_str(self.data.get("path"))
        return value.strip("/") if value else None

    @property
    def label(self) -> str:
        return self.path or "?"


class Program(Asset):
    kind = "Program"

    @property
    def folder(self) -> str | None:
        """The path of the folder the program is in, without leading or trailing slashes."""
        value = as_str(self.data.get("folder"))
        return value.strip("/") if value else None

    @property
    def type(self) -> str:
        """The program's type (``default``, ``event``, ``webinar``...)."""
        return as_str(self.data.get("type")) or "default"


class SmartList(Asset):
    kind = "SmartList"


class Step:
    """A flow step: its canonical action, attributes (the Default choice) and choices."""

    __slots__ = ("campaign", "index", "data", "action", "raw_action")
    campaign: Campaign
    index: int
    data: dict
    action: str | None
    raw_action: Any

    def __init__(self, campaign: Campaign, index: int, data: dict) -> None:
        self.campaign = campaign
        self.index = index
        self.data = data
        self.raw_action = data.get("action")
        self.action = actions.canonical(self.raw_action)

    @property
    def path(self) -> tuple[str, int]:
        """The step's path in its campaign's document."""
        return ("flow", self.index)

    @property
    def attributes(self) -> dict:
        return as_dict(self.data.get("attributes"))

    @property
    def choices(self) -> list[dict]:
        return [c if isinstance(c, dict) else {} for c in as_list(self.data.get("choices"))]

    def variants(self) -> Iterator[tuple[tuple, dict, dict]]:
        """(path prefix, effective attributes, own attributes) of the Default and of every
        choice that acts. A choice gives only the attributes it changes; the rest come from the
        Default.
        """
        default = self.attributes
        yield self.path + ("attributes",), default, default
        for j, choice in enumerate(self.choices):
            if choice.get("doNothing") is True:
                continue
            own = as_dict(choice.get("attributes"))
            merged = dict(default)
            merged.update(own)
            yield self.path + ("choices", j, "attributes"), merged, own

    def target(self, path: Sequence[str | int] = (), at: str = AT_VALUE) -> Target:
        """Where a finding about ``path`` (inside the step) points."""
        return self.campaign.target(self.path + tuple(path), at)


class Campaign(Asset):
    kind = "SmartCampaign"
    program: Program | None
    program_name: str | None
    steps: list[Step]
    is_executable: bool
    is_active: bool
    is_requestable: bool

    def __init__(self, doc: Document) -> None:
        super().__init__(doc)
        data = self.data
        self.program = None  # Program, once resolved
        self.program_name = as_str(data.get("program"))
        self.steps = [Step(self, i, s) for i, s in enumerate(as_list(data.get("flow"))) if isinstance(s, dict)]
        # asked by most rules of every campaign: attributes, not properties
        self.is_executable = data.get("isExecutable") is True
        self.is_active = data.get("isActive") is True
        self.is_requestable = data.get("isRequestable") is True

    @property
    def label(self) -> str:
        if self.program_name is None and isinstance(self.data.get("folder"), str):  # outside any program
            return "%s/%s" % (self.data["folder"].strip("/"), self.name or "?")
        return "%s.%s" % (self.program_name or "?", self.name or "?")

    @property
    def smart_list(self) -> dict:
        return as_dict(self.data.get("smartList"))

    @property
    def triggers(self) -> list[dict]:
        return [t for t in as_list(self.smart_list.get("triggers")) if isinstance(t, dict)]

    @property
    def filters(self) -> list[dict]:
        return [f for f in as_list(self.smart_list.get("filters")) if isinstance(f, dict)]

    @property
    def is_trigger(self) -> bool:
        return bool(self.triggers)

    @property
    def is_batch(self) -> bool:
        return not self.triggers

    def has_trigger(self, name: str) -> bool:
        """Whether the smart list has a trigger named ``name`` (case and spacing aside)."""
        want = name.lower()
        return any(as_str(t.get("name")) and t["name"].strip().lower() == want for t in self.triggers)


__all__ = ["Asset", "Program", "Folder", "SmartList", "Campaign", "Step", "is_ref", "as_str", "as_int", "as_list",
           "as_dict"]
