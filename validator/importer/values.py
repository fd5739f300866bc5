"""Normalising the values Marketo writes in more than one way: datetimes, booleans, names."""

from __future__ import annotations

import re

_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})[T ](\d{2}):?(\d{2}):?(\d{2})(?:[.,]\d+)?[a-z]?\s*(Z)?\s*([+-]\d{2}:?\d{2})?$",
                  re.I)


def datetime_text(value) -> str | None:
    """``2016-09-10T23:16:19Z+0000``, ``20160910T23:08:05.0t+0000``, ``2026-12-01T09:00:00-05:00``
    -> ``2016-09-10T23:16:19Z`` (UTC written as Z, other offsets kept); None when unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    m = _ISO.match(value.strip())
    if not m:
        return None
    year, month, day, hour, minute, second, zulu, offset = m.groups()
    text = "%s-%s-%sT%s:%s:%s" % (year, month, day, hour, minute, second)
    if offset:
        offset = offset.replace(":", "")
        if offset in ("+0000", "-0000"):
            return text + "Z"
        return text + offset[:3] + ":" + offset[3:]
    return text + "Z" if zulu else text


def boolean(value) -> bool | None:
    """``true``/``"true"``/``"True"`` -> True; None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def camel(name: str) -> str:
    """``Score Name`` -> ``scoreName``; ``Use Parent Campaign Token Context`` -> ``useParentCampaignTokenContext``."""
    words = re.findall(r"[A-Za-z0-9]+", name)
    if not words:
        return "value"
    return words[0].lower() + "".join(w[:1].upper() + w[1:] for w in words[1:])


def reference(value):
    """A campaign or asset reference as Marketo writes it: digits are an id."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


__all__ = ["datetime_text", "boolean", "camel", "reference"]
