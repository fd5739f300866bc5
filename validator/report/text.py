"""``path:line:col: CODE [severity] message (rule-name)``, one line per finding, then a summary."""

from __future__ import annotations

COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
BOLD, RESET = "\x1b[1m", "\x1b[0m"


def _plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def summary(result):
    parts = [_plural(result.count("error"), "error"), _plural(result.count("warning"), "warning")]
    infos = result.count("info")
    if infos:
        parts.append(_plural(infos, "info"))
    return "%s in %s" % (", ".join(parts), _plural(len(result.files), "file"))


def line(finding, color=False):
    span = finding.span
    where = "%s:%d:%d:" % (finding.target.file.display, span.line, span.column)
    sev = finding.severity
    if color:
        return "%s%s%s %s%s%s [%s%s%s] %s (%s)" % (
            BOLD, where, RESET, BOLD, finding.code, RESET, COLORS[sev], sev, RESET, finding.message, finding.name)
    return "%s %s [%s] %s (%s)" % (where, finding.code, sev, finding.message, finding.name)


def render(result, color=False, quiet=False):
    out = [] if quiet and not result.findings else [line(f, color) for f in result.findings]
    if not quiet:
        out.append(summary(result))
    return "\n".join(out) + ("\n" if out else "")
