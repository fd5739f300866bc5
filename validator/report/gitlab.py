"""GitLab Code Quality: a JSON array of issues (the subset of the Code Climate spec GitLab reads).

Each issue has ``description`` (``CODE message``), ``check_name`` (the code), ``fingerprint``
(stable across runs: a hash of code, path, document path and message, not the line, so an
issue keeps its identity when lines are inserted above it; unique within a report, because
GitLab shows only the first issue of a fingerprint), ``severity`` (error -> major, warning ->
minor, info -> info), and ``location`` (``path`` relative to the working directory, the
repository's root in CI, and ``lines.begin``/``lines.end``).
"""

from __future__ import annotations

from . import common, pretty

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def issues(result):
    out = []
    for finding, fingerprint in zip(result.findings, common.fingerprints(result.findings)):
        span = common.span_of(finding)
        description = "%s %s" % (finding.code, finding.message)
        if finding.help:
            description += " (help: %s)" % finding.help
        if finding.related:
            description += " (related: %s)" % "; ".join(
                "%s:%d: %s" % (r.target.file.display, common.span_of(r.target).line, r.message)
                for r in finding.related
            )
        out.append({
            "type": "issue",
            "check_name": finding.code,
            "description": description,
            "categories": ["Bug Risk"],
            "fingerprint": fingerprint,
            "severity": SEVERITIES.get(finding.severity, "minor"),
            "location": {
                "path": finding.target.file.display,
                "lines": {"begin": span.line, "end": max(span.end_line, span.line)},
            },
        })
    return out


def render(result, color=False, quiet=False):
    return pretty.dumps(issues(result)) + "\n"
