"""``--format markdown``: a summary table, then the findings grouped by file, for a pull-request
comment or GitHub's job summary (``$GITHUB_STEP_SUMMARY``).

Names and values come from the user's files and land in a page GitHub renders: control
characters are escaped (``visible``), and so is everything Markdown or HTML would act on
(``|`` would break the table, ``<`` start a tag, ``@`` mention a person, ``[`` make a link), so
that a campaign name shows as it is written and does nothing else.
"""

from __future__ import annotations

import re

from .text import context
from .visible import visible

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")  # what acts inside a line of a list item or a table cell
SEVERITY_LABELS = {"error": "error", "warning": "warning", "info": "info"}


def escape(text: str) -> str:
    """``text`` shown literally in Markdown (and HTML) that GitHub renders."""
    text = visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")
    return _SPECIAL.sub(r"\\\1", text)


def _plural(n: int, word: str) -> str:
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def render(result, color: bool = False, quiet: bool = False) -> str:
    errors, warnings, infos = result.count("error"), result.count("warning"), result.count("info")
    out = ["## mkto-lint", ""]
    if not result.findings:
        out.append("No findings in %s." % _plural(len(result.files), "file"))
    else:
        out += ["| errors | warnings | infos | files checked |", "|---:|---:|---:|---:|",
                "| %d | %d | %d | %d |" % (errors, warnings, infos, len(result.files)), ""]
        from .statistics import counts

        out += ["| code | rule | severity | findings |", "|---|---|---|---:|"]
        out += ["| %s | %s | %s | %d |" % (code, name, severity, n) for code, name, severity, n in counts(result)]
    shaped = context(result)  # the baseline's hidden findings, the configuration used
    if shaped:
        out += ["", escape(shaped[2:])]
    current = None
    for f in result.findings:
        path = f.target.file.display
        if path != current:
            out += ["", "### `%s`" % visible(path).replace("`", "'"), ""]
            current = path
        span = f.span
        out.append("- **%s** %s, line %d col %d: %s (`%s`)" % (
            f.code, SEVERITY_LABELS.get(f.severity, f.severity), span.line, span.column, escape(f.message), f.name))
        if f.help:
            out.append("  <br>help: %s" % escape(f.help))
        for rel in f.related:
            rspan = rel.target.span
            if rspan is not None:
                out.append("  <br>related: `%s:%d:%d`: %s" % (visible(rel.target.file.display).replace("`", "'"),
                                                              rspan.line, rspan.column, escape(rel.message)))
    return "\n".join(out) + "\n"


__all__ = ["render", "escape"]
