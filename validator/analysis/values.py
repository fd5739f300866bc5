"""Values as a dry run reads and shows them: a field of a person or trigger looked up by name,
and a value's text as Marketo puts it in place of a token."""

from __future__ import annotations

from typing import Any, Mapping

MISSING = object()  # lookup_field's answer for a field the mapping does not give


def value_text(value: Any) -> str:
    """The text Marketo substitutes for ``value``: "" for null, true/false, whole floats
    without their ".0" (YAML/JSON numbers), everything else as ``str``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def lookup_field(mapping: Mapping, name: str) -> Any:
    """A field of a person or trigger by name, case-insensitively; MISSING when absent."""
    if name in mapping:
        return mapping[name]
    low = name.strip().lower()
    for key, value in mapping.items():
        if isinstance(key, str) and key.strip().lower() == low:
            return value
    return MISSING


__all__ = ["MISSING", "lookup_field", "value_text"]
