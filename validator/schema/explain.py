"""Schema errors in a person's words: a python-jsonschema ``ValidationError`` becomes one or
more ``SchemaError`` (document path, whether the key, the value or the mapping's start is
meant, and a message): the best branch of an ``anyOf``, unknown keys with a did-you-mean,
missing keys, enums, types and bounds said plainly, the schema's own ``x-error-message`` and
``x-pattern-description`` where it gives them (MKL003)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from mkto_lint.findings import AT_KEY, AT_START, AT_VALUE
from mkto_lint.record import FrozenRecord


class SchemaError(FrozenRecord):
    """One problem of a document: where (``path``, and ``at``: the key, the value or the start of
    the mapping) and what, in words."""

    __slots__ = ("path", "at", "message")


def described(error: Any) -> Iterator[SchemaError]:
    """``explain(error)``, a message about a value led by the value's name (``values[0]: ...``)."""
    for item in explain(error):
        if item.at == AT_VALUE and item.path:
            item = SchemaError(item.path, item.at, "%s: %s" % (_subject(item.path), item.message))
        yield item


def _subject(path):
    """How a message names the value it is about: ``isExecutable``, ``values[0]``."""
    last = path[-1]
    if isinstance(last, int):
        parent = next((p for p in reversed(path) if isinstance(p, str)), "item")
        return "%s[%d]" % (parent, last) if path[-2:-1] == (parent,) else "item %d" % last
    return last


_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}


def _type_of(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean (%s)" % ("true" if value else "false")
    if isinstance(value, int):
        return "an integer (%d)" % value
    if isinstance(value, float):
        return "a number (%r)" % value
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return "a string (%s)" % json.dumps(shown, ensure_ascii=False)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _show(value):
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return json.dumps(shown, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, default=str)


def _expected_types(types):
    if isinstance(types, str):
        types = [types]
    names = [_TYPE_NAMES.get(t, t) for t in types]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _allowed_keys(schema):
    return sorted(k for k in schema.get("properties", {}) if schema["properties"][k] is not False)


def _did_you_mean(word, choices):
    from mkto_lint.suggest import suggest

    return suggest(word, choices)


def _pick(context):
    """The best match among the errors of ``anyOf``/``oneOf`` branches.

    A branch whose type matched is preferred over one that failed on type; among those, the
    error deepest in the document wins (check-jsonschema's ranking).
    """
    def rank(err):
        return (err.validator != "type", len(err.absolute_path), -len(err.schema_path))

    return max(context, key=rank)


def explain(error: Any) -> list[SchemaError]:
    """One or more SchemaError for a python-jsonschema ValidationError."""
    path = tuple(error.absolute_path)
    validator = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    how = _BY_VALIDATOR.get(validator) if isinstance(validator, str) else None
    if how is not None:
        out = how(error, path, schema, error.instance)
        if out is not None:
            return out
    if validator is False or error.validator_value is False:
        return [SchemaError(path, AT_KEY, "key %s is not allowed here" % _show(path[-1] if path else ""))]
    return [SchemaError(path, AT_VALUE, error.message)]


# Each explains the errors of one validator, or returns None to leave them to the general
# words at the end of ``explain``.

def _branches(error, path, schema, value):
    """``anyOf``/``oneOf``: the expected types when every branch failed on type alone, else the
    best match among the branches."""
    if not error.context:
        return None
    if all(e.validator == "type" and tuple(e.absolute_path) == path for e in error.context):
        types = []
        for e in error.context:
            t = e.validator_value
            types.extend([t] if isinstance(t, str) else t)
        types = list(dict.fromkeys(types))
        return [SchemaError(path, AT_VALUE, "expected %s, got %s" % (_expected_types(types), _type_of(value)))]
    return explain(_pick(error.context))


def _one_of(error, path, schema, value):
    out = _branches(error, path, schema, value)
    return out if out is not None else _own_words(error, path, schema, value)


def _unknown_keys(error, path, schema, value):
    if not isinstance(value, dict):
        return None
    allowed = _allowed_keys(schema)
    patterns = list(schema.get("patternProperties", {}))
    out = []
    import re

    for key in value:
        if key in schema.get("properties", {}) or any(re.search(p, key) for p in patterns):
            continue
        guess = _did_you_mean(key, allowed)
        if guess:
            msg = "unknown key %s (did you mean %s?)" % (_show(key), _show(guess))
        elif allowed and len(allowed) <= 16:
            msg = "unknown key %s; allowed keys: %s" % (_show(key), ", ".join(allowed))
        else:
            msg = "unknown key %s" % _show(key)
        out.append(SchemaError(path + (key,), AT_KEY, msg))
    return out or None


def _required(error, path, schema, value):
    if not isinstance(value, dict):
        return None
    missing = [k for k in error.validator_value if k not in value]
    return [SchemaError(path, AT_START, "missing required key %s" % _show(k)) for k in missing]


def _enum(error, path, schema, value):
    allowed = error.validator_value
    msg = "%s is not one of the allowed values: %s" % (_show(value), ", ".join(_show(a) for a in allowed))
    if isinstance(value, str):
        guess = _did_you_mean(value, [a for a in allowed if isinstance(a, str)])
        if guess:
            msg += " (did you mean %s?)" % _show(guess)
    return [SchemaError(path, AT_VALUE, msg)]


def _const(error, path, schema, value):
    return [SchemaError(path, AT_VALUE, "must be %s, not %s" % (_show(error.validator_value), _show(value)))]


def _type(error, path, schema, value):
    return [SchemaError(path, AT_VALUE, "expected %s, got %s" % (_expected_types(error.validator_value), _type_of(value)))]


def _pattern(error, path, schema, value):
    words = schema.get("x-pattern-description")
    if words:
        msg = "%s is not %s" % (_show(value), words)
    else:
        msg = "%s does not match the pattern %s" % (_show(value), error.validator_value)
    return [SchemaError(path, AT_VALUE, msg)]


def _min_length(error, path, schema, value):
    if error.validator_value == 1:
        return [SchemaError(path, AT_VALUE, "must not be empty")]
    return [SchemaError(path, AT_VALUE, "is %d characters long; at least %d needed" % (len(value), error.validator_value))]


def _max_length(error, path, schema, value):
    return [SchemaError(path, AT_VALUE, "is %d characters long; at most %d allowed" % (len(value), error.validator_value))]


def _min_items(error, path, schema, value):
    n = error.validator_value
    return [SchemaError(path, AT_VALUE, "must not be empty" if n == 1 else "needs at least %d items" % n)]


def _max_items(error, path, schema, value):
    return [SchemaError(path, AT_VALUE, "has %d items; at most %d allowed" % (len(value), error.validator_value))]


_BOUND_WORDS = {"minimum": "at least", "exclusiveMinimum": "more than", "maximum": "at most", "exclusiveMaximum": "less than"}


def _bound(error, path, schema, value):
    return [SchemaError(path, AT_VALUE, "%s must be %s %s" % (_show(value), _BOUND_WORDS[error.validator], error.validator_value))]


def _own_words(error, path, schema, value):
    """The schema's own message for a rule that plain words cannot explain (``x-error-message``)."""
    words = schema.get("x-error-message")
    if words:
        return [SchemaError(path, AT_START, words)]
    return None


_BY_VALIDATOR = {
    "anyOf": _branches,
    "oneOf": _one_of,
    "additionalProperties": _unknown_keys,
    "unevaluatedProperties": _unknown_keys,
    "required": _required,
    "enum": _enum,
    "const": _const,
    "type": _type,
    "pattern": _pattern,
    "minLength": _min_length,
    "maxLength": _max_length,
    "minItems": _min_items,
    "maxItems": _max_items,
    "minimum": _bound,
    "exclusiveMinimum": _bound,
    "maximum": _bound,
    "exclusiveMaximum": _bound,
    "maxProperties": _own_words,
    "minProperties": _own_words,
    "not": _own_words,
    "dependentRequired": _own_words,
    "dependentSchemas": _own_words,
}


__all__ = ["SchemaError", "explain", "described"]
