"""The JSON report: a stable, documented object (see README, "Output formats")."""

from __future__ import annotations

from mkto_lint import __version__

from . import pretty

SCHEMA_VERSION = 1


def _location(target, span):
    return {
        "path": target.file.display,
        "line": span.line,
        "column": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
    }


def finding_dict(f):
    data = {"code": f.code, "name": f.name, "severity": f.severity, "message": f.message, "help": f.help}
    data.update(_location(f.target, f.span))
    data["related"] = [dict(_location(r.target, r.target.span), message=r.message) for r in f.related]
    return data


def report(result) -> dict:
    """The report as a Python object (``Result.to_dict`` of the API)."""
    return {
        "version": __version__,
        "schemaVersion": SCHEMA_VERSION,
        "findings": [finding_dict(f) for f in result.findings],
        "summary": result.summary,
    }


def render(result, color=False, quiet=False):
    return pretty.dumps(report(result)) + "\n"
