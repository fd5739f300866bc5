"""Schema validation: jsonschema-rs on every document (the fast path, valid or not), and
python-jsonschema with ``referencing`` only for invalid ones, whose errors are ranked and
rewritten for a person (MKL003). The schemas themselves are the ``mkto_lint.schemas`` data."""
