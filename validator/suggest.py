"""One "did you mean" for every name a user types: keys, kinds, actions, tokens, references,
campaigns on the command line, rule codes.

The candidate that differs from ``word`` only in case and spacing wins outright; otherwise the
closest one by ``difflib``'s ratio, if it reaches ``CUTOFF``. One cut-off everywhere, so that a
misspelling is caught (or not) the same way whatever was misspelled.
"""

from __future__ import annotations

from collections.abc import Iterable

CUTOFF = 0.6  # difflib's own default: "Chnage Score" -> "Change Score", "Behaviour" -> "Behavior"


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``word`` most likely misspells, or None. Candidates are tried in sorted
    order, so that the answer does not depend on the order they were found in."""
    choices = sorted({c for c in candidates if isinstance(c, str)})
    if not isinstance(word, str) or not choices:
        return None
    folded = _fold(word)
    for choice in choices:
        if _fold(choice) == folded:
            return choice
    import difflib  # only when a name is wrong: not on a clean run's path

    by_fold = {}
    for choice in choices:
        by_fold.setdefault(_fold(choice), choice)
    close = difflib.get_close_matches(folded, list(by_fold), n=1, cutoff=CUTOFF)
    return by_fold[close[0]] if close else None


__all__ = ["suggest", "CUTOFF"]
