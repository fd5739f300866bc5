"""JSON Schema validation at two speeds.

Fast path: a compiled validator (jsonschema-rs) answers valid/invalid for every document.
Precise path: only for the documents it rejects, python-jsonschema lists the errors, which are
ranked (the best match of ``anyOf`` branches, the deepest path) and rewritten for a person
(``schema.explain``).
Each validator is built once per kind per run; every ``$ref`` is resolved offline from the
schema files shipped in the package.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkto_lint.schema.explain import SchemaError

KIND_SCHEMAS = {
    "Program": "program.schema.json",
    "Folder": "folder.schema.json",
    "SmartCampaign": "smart-campaign.schema.json",
    "SmartList": "smart-list.schema.json",
    "Run": "run.schema.json",
}
BUNDLED = "mkto-lint.bundled.schema.json"


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
def schema_file(name: str) -> Any:
    """One parsed schema shipped with the package."""
    return json.loads(_schema_text(name))


@lru_cache(maxsize=None)
def schema_files() -> dict[str, Any]:
    """{file name: parsed schema} of every schema shipped with the package."""
    from importlib import resources

    folder = resources.files("mkto_lint.schemas")
    names = sorted(e.name for e in folder.iterdir() if e.name.endswith(".json"))
    return {name: schema_file(name) for name in names}


# The files the document schemas are made of (``$ref`` targets included); the bundled editor
# schema and the configuration's schema are not among them.
DOCUMENT_SCHEMA_FILES = ("common.schema.json",) + tuple(sorted(set(KIND_SCHEMAS.values())))


def bundled_schema_text() -> str:
    """The text of the bundled schema (every kind in one file, for editors)."""
    return _schema_text(BUNDLED)


def _resources():
    return [(s["$id"], s) for s in map(schema_file, DOCUMENT_SCHEMA_FILES)]


class SchemaSet:
    """Validators for each kind, built on first use and kept for the run."""

    def __init__(self) -> None:
        self._fast = {}
        self._precise = {}

    def is_valid(self, kind: str, data: Any) -> bool:
        """The fast answer: whether the document ``data`` of ``kind`` is valid (jsonschema-rs)."""
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

    def precise_validator(self, kind: str) -> Any:
        """The python-jsonschema validator of ``kind``, whose errors can be explained."""
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

    def validate_file_schema(self, name: str, data: Any) -> list[SchemaError]:
        """Explained errors of ``data`` against the shipped schema file ``name`` (e.g. the
        configuration's): the fast validator first, the precise one only when it fails."""
        import jsonschema_rs

        schema = schema_file(name)  # self-contained: no $ref to other files
        if jsonschema_rs.validator_for(schema, offline=True).is_valid(data):
            return []
        from jsonschema import Draft202012Validator
        from mkto_lint.schema.explain import described

        out = []
        for error in Draft202012Validator(schema).iter_errors(data):
            for item in described(error):
                if item not in out:
                    out.append(item)
        return out

    def errors(self, kind: str, data: Any) -> list[SchemaError]:
        """Every distinct problem of a document, explained, in document order."""
        from mkto_lint.schema.explain import described

        out = []
        seen = set()
        for error in self.precise_validator(kind).iter_errors(data):
            for item in described(error):
                if item not in seen:
                    seen.add(item)
                    out.append(item)
        return out


__all__ = ["SchemaSet", "KIND_SCHEMAS", "schema_file", "schema_files", "bundled_schema_text", "DOCUMENT_SCHEMA_FILES"]
