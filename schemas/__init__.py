"""JSON Schemas (draft 2020-12) of the mkto-lint definition format.

Data-only package: the ``*.schema.json`` files are read with :mod:`importlib.resources`.
``document.schema.json`` is the entry point (any document, dispatched on ``kind``, or a list of
documents); it refers to the per-kind schemas and to ``common.schema.json`` by relative
``$ref``, all under ``https://mkto-lint.dev/schemas/v1/``, to be resolved offline from these
files. ``mkto-lint.bundled.schema.json`` is the same schema made self-contained for editors;
regenerate it with ``python tools/bundle_schemas.py`` after changing any other schema file.
"""
