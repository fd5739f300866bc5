"""What starts a dry run: the RunSpec, the ways a run can start (``VIAS``), and the RunSpec of a
``kind: Run`` document (docs/format.md, "Run").

Light on purpose: the command line builds its ``resolve`` options from ``VIAS`` for every
command, and must not import the evaluator to do so.
"""

from __future__ import annotations

from typing import Any

from mkto_lint.record import Factory, Record

VIAS = ("schedule", "request", "trigger")


class RunSpec(Record):
    """What starts a dry run (docs/format.md, "Run"): ``campaign``, a campaign reference (int id or
    "Program.Campaign") or a Campaign; ``via``, schedule | request | trigger, or None for
    trigger when the campaign has triggers; ``tokens``, API-passed My Tokens ({"Score": "+15"});
    ``person``, person fields by name (or None); ``trigger``, trigger token values (or None)."""

    __slots__ = ("campaign", "via", "tokens", "person", "trigger")
    _defaults = {"via": None, "tokens": Factory(dict), "person": None, "trigger": None}


def token_name(text: Any) -> str | None:
    """``Score`` from ``my.Score`` or ``{{my.Score}}``; None when it is not a My Token."""
    if not isinstance(text, str):
        return None
    t = text.strip()
    if t.startswith("{{") and t.endswith("}}"):
        t = t[2:-2]
    if not t.startswith("my.") or len(t) <= 3 or "{" in t or "}" in t:
        return None
    return t[3:]


def run_from_document(data: dict) -> RunSpec:
    """A RunSpec from a ``kind: Run`` mapping (already schema-valid)."""
    api = {}
    for item in data.get("tokens") or []:
        name = token_name(item.get("name")) if isinstance(item, dict) else None
        if name is not None:
            api[name] = item.get("value")
    return RunSpec(campaign=data.get("campaign"), via=data.get("via"), tokens=api,
                   person=data.get("person"), trigger=data.get("trigger"))


__all__ = ["VIAS", "RunSpec", "token_name", "run_from_document"]
