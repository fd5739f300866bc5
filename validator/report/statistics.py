"""``check --statistics``: how many findings each rule has, as ruff's ``--statistics``.

Text (every format but json): one line a rule, most frequent first, then the summary line::

    3	EXE007	error	execute-target-not-executable

json: ``[{"code", "name", "severity", "count"}, ...]`` in the same order. A rule whose findings
have several severities (``severity:`` in the configuration raises one file's) is counted once
per severity.
"""

from __future__ import annotations

import json
from collections import Counter


def counts(result) -> list[tuple[str, str, str, int]]:
    """``(code, name, severity, count)`` for each rule with findings, most frequent first."""
    tally = Counter((f.code, f.name, f.severity) for f in result.findings)
    return sorted(((c, n, s, k) for (c, n, s), k in tally.items()), key=lambda row: (-row[3], row[0], row[2]))


def renderer(fmt: str):
    """The statistics' ``render(result, color, quiet)`` for the chosen output format."""
    return render_json if fmt == "json" else render_text


def render_text(result, color: bool = False, quiet: bool = False) -> str:
    from .text import summary

    rows = counts(result)
    width = len(str(rows[0][3])) if rows else 1
    out = ["%*d\t%s\t%s\t%s" % (width, count, code, severity, name) for code, name, severity, count in rows]
    if not quiet:
        out.append(summary(result))
    return "\n".join(out) + ("\n" if out else "")


def render_json(result, color: bool = False, quiet: bool = False) -> str:
    rows = [{"code": c, "name": n, "severity": s, "count": k} for c, n, s, k in counts(result)]
    return json.dumps(rows, indent=2) + "\n"


__all__ = ["counts", "renderer", "render_text", "render_json"]
