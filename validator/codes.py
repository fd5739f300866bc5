"""The engine's own codes (MKL): emitted while reading, validating and indexing documents.

Their documentation lives with the other rules, in ``mkto_lint/rules/mkl*.py``.
"""

SYNTAX = "MKL001"
DUPLICATE_KEY = "MKL002"
SCHEMA = "MKL003"
UNKNOWN_KIND = "MKL004"
DUPLICATE_ASSET = "MKL005"
UNRESOLVED = "MKL006"
UNUSED_SUPPRESSION = "MKL007"

NAMES = {
    SYNTAX: "syntax-error",
    DUPLICATE_KEY: "duplicate-key",
    SCHEMA: "schema-violation",
    UNKNOWN_KIND: "unknown-kind",
    DUPLICATE_ASSET: "duplicate-asset",
    UNRESOLVED: "unresolved-reference",
    UNUSED_SUPPRESSION: "unused-suppression",
}
