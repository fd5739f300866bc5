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
    data = {"code": f.code, "name": f.name, "severity": f.severity, "message": f.message}
    data.update(_location(f.target, f.span))
    data["related"] = [dict(_location(r.target, r.target.span), message=r.message) for r in f.related]
    fix = getattr(f, "fix", None)
    if fix is not None and fix.edits is not None:  # only on findings that have one (added in 0.1)
        data["fix"] = _fix(f.target.file, fix)
    return data


def _fix(sf, fix):
    """What ``--fix`` would do: its applicability, whether this run's settings apply it, and
    its edits (1-based, end exclusive, as the locations; ``content`` replaces that range)."""
    edits = []
    for edit in fix.edits:
        line, column = sf.line_col(edit.start)
        end_line, end_column = sf.line_col(edit.end)
        edits.append({"line": line, "column": column, "endLine": end_line, "endColumn": end_column,
                      "content": edit.new})
    return {"applicability": "safe" if fix.safe else "unsafe", "applies": fix.applies, "message": fix.message,
            "edits": edits}


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
