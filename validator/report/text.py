"""``path:line:col: CODE [severity] message (rule-name)``, one line per finding, then a summary."""

from __future__ import annotations

from .visible import visible

COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
BOLD, RESET = "\x1b[1m", "\x1b[0m"


def _plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def summary(result):
    parts = [_plural(result.count("error"), "error"), _plural(result.count("warning"), "warning")]
    infos = result.count("info")
    if infos:
        parts.append(_plural(infos, "info"))
    line = "%s in %s" % (", ".join(parts), _plural(len(result.files), "file"))
    skipped = getattr(result, "flows_not_exported", 0)
    if skipped:
        line += "; %s without exported flow steps (flow rules skipped)" % _plural(skipped, "campaign")
    from mkto_lint.fix.apply import fixable_note

    note = fixable_note(result.findings)  # how many --fix would repair
    return line + "; " + note if note else line


def line(finding, color=False):
    span = finding.span
    where = "%s:%d:%d:" % (visible(finding.target.file.display), span.line, span.column)
    sev = finding.severity
    message = visible(finding.message)  # names and values from the user's files
    fix = getattr(finding, "fix", None)
    mark = " [*]" if fix is not None and fix.applies else ""  # --fix repairs it (ruff's mark)
    if color:
        return "%s%s%s %s%s%s [%s%s%s]%s %s (%s)" % (
            BOLD, where, RESET, BOLD, finding.code, RESET, COLORS[sev], sev, RESET, mark, message, finding.name)
    return "%s %s [%s]%s %s (%s)" % (where, finding.code, sev, mark, message, finding.name)


def notes(finding):
    """For a finding shown only because it points into a checked file (a pre-commit run on the
    changed files), the related locations in those files: why an unchanged file is reported."""
    if finding.target.file.checked:
        return []
    out = []
    for rel in finding.related:
        if rel.target.file.checked and rel.target.span is not None:
            span = rel.target.span
            out.append("    %s:%d:%d: note: %s" % (visible(rel.target.file.display), span.line, span.column,
                                                   visible(rel.message)))
    return out


def render(result, color=False, quiet=False):
    out = []
    for f in result.findings:
        out.append(line(f, color))
        out.extend(notes(f))
    if not quiet:
        out.append(summary(result))
    return "\n".join(out) + ("\n" if out else "")
