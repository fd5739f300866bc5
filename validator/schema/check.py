"""JSON Schema validation at two speeds.

Fast path: a compiled validator (jsonschema-rs) answers valid/invalid for every document.
Precise path: only for the documents it rejects, python-jsonschema lists the errors, which are
ranked (the best match of ``anyOf`` branches, the deepest path) and rewritten for a person.
Each validator is built once per kind per run; every ``$ref`` is resolved offline from the
schema files shipped in the package.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache

from mkto_lint.findings import AT_KEY, AT_START, AT_VALUE
from mkto_lint.record import FrozenRecord

KIND_SCHEMAS = {
    "Program": "program.schema.json",
    "Folder": "folder.schema.json",
    "SmartCampaign": "smart-campaign.schema.json",
    "SmartList": "smart-list.schema.json",
    "Run": "run.schema.json",
}
BUNDLED = "mkto-lint.bundled.schema.json"


class SchemaError(FrozenRecord):
    __slots__ = ("path", "at", "message")


def _schema_text(name):
    """A schema file's text: read from the package's folder (a wheel or an editable install
    puts it on disk), else through importlib.resources (a zipped install), which costs a
    one-file run a few milliseconds of imports."""
    from mkto_lint import schemas

    try:
        with open(os.path.join(os.path.dirname(schemas.__file__), name), encoding="utf-8") as handle:
            return handle.read()
    except (OSError, TypeError):
        from importlib import resources

        return resources.files("mkto_lint.schemas").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def schema_file(name):
    """One parsed schema shipped with the package."""
    return json.loads(_schema_text(name))


@lru_cache(maxsize=None)
def schema_files():
    """{file name: parsed schema} of every schema shipped with the package."""
    from importlib import resources

    folder = resources.files("mkto_lint.schemas")
    names = sorted(e.name for e in folder.iterdir() if e.name.endswith(".json"))
    return {name: schema_file(name) for name in names}


# The files the document schemas are made of (``$ref`` targets included); the bundled editor
# schema and the configuration's schema are not among them.
DOCUMENT_SCHEMA_FILES = ("common.schema.json",) + tuple(sorted(set(KIND_SCHEMAS.values())))


def bundled_schema_text():
    return _schema_text(BUNDLED)


def _resources():
    return [(s["$id"], s) for s in map(schema_file, DOCUMENT_SCHEMA_FILES)]


class SchemaSet:
    """Validators for each kind, built on first use and kept for the run."""

    def __init__(self):
        self._fast = {}
        self._precise = {}

    def is_valid(self, kind, data):
        validator = self._fast.get(kind)
        if validator is None:
            import jsonschema_rs

            registry = jsonschema_rs.Registry(_resources())
            schema = schema_file(KIND_SCHEMAS[kind])
            validator = self._fast[kind] = jsonschema_rs.validator_for(
                schema, registry=registry, offline=True
            )
        try:
            return validator.is_valid(data)
        except (ValueError, OverflowError, TypeError):  # data jsonschema-rs cannot take: be precise
            return False

    def precise_validator(self, kind):
        validator = self._precise.get(kind)
        if validator is None:
            from jsonschema import Draft202012Validator
            from referencing import Registry
            from referencing.jsonschema import DRAFT202012

            registry = Registry().with_resources(
                (uri, DRAFT202012.create_resource(s)) for uri, s in _resources()
            )
            schema = schema_file(KIND_SCHEMAS[kind])
            validator = self._precise[kind] = Draft202012Validator(schema, registry=registry)
        return validator

    def validate_file_schema(self, name, data):
        """Explained errors of ``data`` against the shipped schema file ``name`` (e.g. the
        configuration's): the fast validator first, the precise one only when it fails."""
        import jsonschema_rs

        schema = schema_file(name)  # self-contained: no $ref to other files
        if jsonschema_rs.validator_for(schema, offline=True).is_valid(data):
            return []
        from jsonschema import Draft202012Validator

        out = []
        for error in Draft202012Validator(schema).iter_errors(data):
            for item in explain(error):
                if item.at == AT_VALUE and item.path:
                    item = SchemaError(item.path, item.at, "%s: %s" % (_subject(item.path), item.message))
                if item not in out:
                    out.append(item)
        return out

    def errors(self, kind, data):
        """Every distinct problem of a document, explained, in document order."""
        out = []
        seen = set()
        for error in self.precise_validator(kind).iter_errors(data):
            for item in explain(error):
                if item.at == AT_VALUE and item.path:
                    item = SchemaError(item.path, item.at, "%s: %s" % (_subject(item.path), item.message))
                if item not in seen:
                    seen.add(item)
                    out.append(item)
        return out


# -- explaining errors ------------------------------------------------------------------------


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


def explain(error):
    """One or more SchemaError for a python-jsonschema ValidationError."""
    path = tuple(error.absolute_path)
    validator = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance

    if validator in ("anyOf", "oneOf") and error.context:
        if all(e.validator == "type" and tuple(e.absolute_path) == path for e in error.context):
            types = []
            for e in error.context:
                t = e.validator_value
                types.extend([t] if isinstance(t, str) else t)
            types = list(dict.fromkeys(types))
            return [SchemaError(path, AT_VALUE, "expected %s, got %s" % (_expected_types(types), _type_of(value)))]
        return explain(_pick(error.context))

    if validator in ("additionalProperties", "unevaluatedProperties") and isinstance(value, dict):
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
        if out:
            return out

    if validator == "required" and isinstance(value, dict):
        missing = [k for k in error.validator_value if k not in value]
        return [SchemaError(path, AT_START, "missing required key %s" % _show(k)) for k in missing]

    if validator == "enum":
        allowed = error.validator_value
        msg = "%s is not one of the allowed values: %s" % (_show(value), ", ".join(_show(a) for a in allowed))
        if isinstance(value, str):
            guess = _did_you_mean(value, [a for a in allowed if isinstance(a, str)])
            if guess:
                msg += " (did you mean %s?)" % _show(guess)
        return [SchemaError(path, AT_VALUE, msg)]

    if validator == "const":
        return [SchemaError(path, AT_VALUE, "must be %s, not %s" % (_show(error.validator_value), _show(value)))]

    if validator == "type":
        return [SchemaError(path, AT_VALUE, "expected %s, got %s" % (_expected_types(error.validator_value), _type_of(value)))]

    if validator == "pattern":
        words = schema.get("x-pattern-description")
        if words:
            msg = "%s is not %s" % (_show(value), words)
        else:
            msg = "%s does not match the pattern %s" % (_show(value), error.validator_value)
        return [SchemaError(path, AT_VALUE, msg)]

    if validator == "minLength":
        if error.validator_value == 1:
            return [SchemaError(path, AT_VALUE, "must not be empty")]
        return [SchemaError(path, AT_VALUE, "is %d characters long; at least %d needed" % (len(value), error.validator_value))]

    if validator == "maxLength":
        return [SchemaError(path, AT_VALUE, "is %d characters long; at most %d allowed" % (len(value), error.validator_value))]

    if validator == "minItems":
        n = error.validator_value
        return [SchemaError(path, AT_VALUE, "must not be empty" if n == 1 else "needs at least %d items" % n)]

    if validator == "maxItems":
        return [SchemaError(path, AT_VALUE, "has %d items; at most %d allowed" % (len(value), error.validator_value))]

    if validator in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        words = {"minimum": "at least", "exclusiveMinimum": "more than", "maximum": "at most", "exclusiveMaximum": "less than"}
        return [SchemaError(path, AT_VALUE, "%s must be %s %s" % (_show(value), words[validator], error.validator_value))]

    if validator in ("maxProperties", "minProperties", "not", "oneOf", "dependentRequired", "dependentSchemas"):
        words = schema.get("x-error-message")
        if words:
            return [SchemaError(path, AT_START, words)]

    if validator is False or error.validator_value is False:
        return [SchemaError(path, AT_KEY, "key %s is not allowed here" % _show(path[-1] if path else ""))]

    return [SchemaError(path, AT_VALUE, error.message)]
