"""Message helpers shared by the TOK rules: lists of names and calls as one readable phrase,
and the near miss of a misspelt token name."""

from __future__ import annotations

from typing import Iterable

from mkto_lint.project.index import Call
from mkto_lint.suggest import suggest


def unique_calls(calls: Iterable[Call]) -> list[Call]:
    """The calls with one per caller campaign, in order."""
    seen = set()
    out = []
    for call in calls:
        if call.caller in seen:
            continue
        seen.add(call.caller)
        out.append(call)
    return out


def join_names(items: Iterable[str], limit: int = 3) -> str:
    """``a``, ``a and b``, ``a, b and c``, ``a, b, c and 2 more``."""
    items = list(items)
    if len(items) > limit:
        shown = items[:limit] + ["%d more" % (len(items) - limit)]
    else:
        shown = items
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def closest_token(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate name that ``name`` most likely misspells, or None."""
    return suggest(name, candidates)


__all__ = ["unique_calls", "join_names", "closest_token"]
