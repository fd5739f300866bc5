"""What starts a dry run: the RunSpec, the ways a run can start (``VIAS``), the campaign a reference
names (``find_campaign``, ``ResolveError``), and the RunSpec of a
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


class ResolveError(Exception):
    """A run that cannot start (unknown campaign...): one line for a person."""


def find_campaign(index: Any, ref: object) -> Any:
    """The Campaign a reference names, or raise ResolveError with a "did you mean"."""
    if hasattr(ref, "steps") and hasattr(ref, "label"):
        return ref
    found = index.resolve_campaign(ref) if isinstance(ref, (int, str)) and not isinstance(ref, bool) else None
    if found is not None:
        return found
    if isinstance(ref, int):
        raise ResolveError("no campaign with id %d in the project" % ref)
    found = next((c for c in index.campaigns if c.label == ref), None)  # "Folder/Path/Name": outside programs
    if found is not None:
        return found
    named = [c for c in index.campaigns if c.name == ref]  # a bare campaign name, as a person types it
    if len(named) == 1:
        return named[0]
    if named:
        raise ResolveError('campaign name "%s" is used in %d programs (%s): name it as "Program Name.Campaign Name"'
                           % (ref, len(named), ", ".join('"%s"' % c.label for c in named[:5])))
    from mkto_lint.suggest import suggest

    close = [suggest(str(ref), [c.label for c in index.campaigns] + [c.name for c in index.campaigns if c.name])]
    hint = ' (did you mean "%s"?)' % close[0] if close[0] else ""
    raise ResolveError('no campaign "%s" in the project%s; name it as "Program Name.Campaign Name" or by id'
                       % (ref, hint))


__all__ = ["VIAS", "RunSpec", "token_name", "run_from_document", "ResolveError", "find_campaign"]
