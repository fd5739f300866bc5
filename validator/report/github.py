"""GitHub Actions workflow commands: one annotation per finding, for the pull request's diff.

``::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=mkto-lint (CODE)::message``

- ``error`` / ``warning`` / ``notice`` for the severities error / warning / info.
- Columns are left out when the span covers several lines (GitHub then marks whole lines).
  ``endColumn`` is exclusive, as in the other reports.
- The finding's related locations (the other end of a reference) follow the message, one per
  line, as ``related: path:line:col: message``, so that the annotation on a changed file says
  which other file breaks.
- What comes from the user's files is first made ``visible`` (a line break in a name is shown
  as ``\\n``, never starts a line the runner would read as a command), then escaped as the runner
  expects (``%``, CR, LF; in properties also ``:`` and ``,``).

Actions reads workflow commands from the step's standard output: use this format without
``--output``. The summary line follows the annotations (it is not a command, just a log line).
"""

from __future__ import annotations

from . import common, text
from .visible import visible

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value):
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value):
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _where(target):
    span = common.span_of(target)
    return "%s:%d:%d" % (visible(target.file.display), span.line, span.column)


def annotation(finding):
    span = common.span_of(finding)
    props = [("file", visible(finding.target.file.display)), ("line", span.line)]
    if span.end_line == span.line:
        props += [("col", span.column), ("endLine", span.end_line), ("endColumn", span.end_column)]
    else:
        props += [("endLine", span.end_line)]
    props.append(("title", "mkto-lint (%s)" % finding.code))
    message = visible(finding.message)
    if finding.help:
        message += "\nhelp: %s" % visible(finding.help)
    for rel in finding.related:  # the one line break that is meant: GitHub shows it as one
        message += "\nrelated: %s: %s" % (_where(rel.target), visible(rel.message))
    return "::%s %s::%s" % (
        COMMANDS.get(finding.severity, "warning"),
        ",".join("%s=%s" % (k, escape_property(str(v))) for k, v in props),
        escape_data(message),
    )


def render(result, color=False, quiet=False):
    out = [annotation(f) for f in result.findings]
    if not quiet:
        out.append(text.summary(result))
    return "\n".join(out) + ("\n" if out else "")
