"""Characters that look like the ones Marketo needs but are not: what Word, Excel and web
pages paste (curly quotes, a non-breaking space, an en dash in ``–5``).

A campaign name with a non-breaking space names no campaign, a score change ``–5`` changes no
score, and the admin sees nothing wrong on the screen. Rules that find a value wrong ask
``cause(value)`` and, when it answers, name the character as the cause (with its code point,
since it cannot be told apart by eye) and say what to type instead.
"""

from __future__ import annotations

# character -> (what to type instead, how a person calls it, what belongs there)
LOOKALIKES = {
    "\u201c": ('"', "a curly quote \u201c", "a straight quote"),
    "\u201d": ('"', "a curly quote \u201d", "a straight quote"),
    "\u201e": ('"', "a low curly quote \u201e", "a straight quote"),
    "\u2018": ("'", "a curly apostrophe \u2018", "a straight apostrophe"),
    "\u2019": ("'", "a curly apostrophe \u2019", "a straight apostrophe"),
    "\u00a0": (" ", "a non-breaking space", "a space"),
    "\u202f": (" ", "a narrow non-breaking space", "a space"),
    "\u2007": (" ", "a figure space", "a space"),
    "\u2013": ("-", "an en dash \u2013", "a minus sign -"),
    "\u2014": ("-", "an em dash \u2014", "a minus sign -"),
    "\u2212": ("-", "a typographic minus \u2212", "a minus sign -"),
    "\uff0b": ("+", "a full-width plus \uff0b", "a plus sign +"),
    "\u200b": ("", "a zero-width space", "nothing"),
}
_QUOTES = "\u201c\u201d\u201e\u2018\u2019"


def found(text: str) -> list[str]:
    """The look-alike characters of ``text``, each once, in order of appearance."""
    return list(dict.fromkeys(ch for ch in text if ch in LOOKALIKES))


def plain(text: str) -> str:
    """``text`` as it was meant: curly quotes around the whole value dropped (a YAML plain
    scalar keeps them), every other look-alike replaced by what it stands for."""
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1]
    return "".join(LOOKALIKES[ch][0] if ch in LOOKALIKES else ch for ch in text)


def cause(text: str) -> str | None:
    """``'it holds a non-breaking space (U+00A0) where a space belongs, ...'``, or None when
    ``text`` holds no look-alike."""
    chars = found(text)
    if not chars:
        return None
    parts = []
    for ch in chars:
        _instead, called, belongs = LOOKALIKES[ch]
        parts.append("%s (U+%04X) where %s belongs" % (called, ord(ch), belongs))
    return "it holds " + " and ".join(parts) + ", as text pasted from Word or Excel often does"


__all__ = ["LOOKALIKES", "found", "plain", "cause"]
