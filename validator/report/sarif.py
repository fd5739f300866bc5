"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

- ``tool.driver.rules`` lists every rule (not only those that fired): id, name, short
  description (the summary), full description (the documentation's "What it does"), help
  (the whole documentation, as text and markdown) and default level.
- Each result has ``ruleId``/``ruleIndex``, ``level``, ``message``, one physical location with
  a region (start/end line and column; columns count Unicode code points, as
  ``run.columnKind`` says; the end column is exclusive, as in SARIF), and the finding's related
  locations, which the message links to (``[text](id)``) so that GitHub shows them.
- Paths are URIs relative to the working directory, with ``uriBaseId: "%SRCROOT%"``: run
  mkto-lint from the repository's root and they are what code scanning expects (paths
  relative to the root of the repository). A file outside the working directory gets an
  absolute ``file:`` URI.
- ``partialFingerprints["mktoLint/v1"]`` is the same line-independent fingerprint as the GitLab
  report's; GitHub adds its own line hash beside it.
- Nothing depends on the time or the machine, so the same input gives the same bytes.
"""

from __future__ import annotations

from mkto_lint import __version__

from . import common, pretty

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "mktoLint/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def rule_descriptor(rule):
    doc = rule.documentation()
    full = common.doc_section(doc, "What it does") or rule.summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": full},
        "help": {"text": doc or rule.summary, "markdown": doc or rule.summary},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"tags": [rule.code.rstrip("0123456789") or rule.code]},
    }


def _escape(text):
    """Plain text for a message that holds embedded links: brackets are escaped (SARIF 3.11.6)."""
    return text.replace("[", "\\[").replace("]", "\\]")


def _physical(target, span):
    display = target.file.display
    location = {"uri": common.uri(display)}
    if common.is_relative(display):
        location["uriBaseId"] = SRCROOT
    return {
        "artifactLocation": location,
        "region": {
            "startLine": span.line,
            "startColumn": span.column,
            "endLine": span.end_line,
            "endColumn": max(span.end_column, 1),
        },
    }


def _result(finding, index_of, fingerprint):
    result = {"ruleId": finding.code}
    if finding.code in index_of:
        result["ruleIndex"] = index_of[finding.code]
    result["level"] = LEVELS.get(finding.severity, "warning")
    text = finding.message
    if finding.related:
        links = ", ".join("[%s](%d)" % (_escape(r.message), i) for i, r in enumerate(finding.related, 1))
        text = "%s (see %s)" % (_escape(finding.message), links)
    result["message"] = {"text": text}
    if finding.help:  # the fix for this finding; the rule's help (the driver's) holds the full story
        result["properties"] = {"help": finding.help}
    result["locations"] = [{"physicalLocation": _physical(finding.target, common.span_of(finding))}]
    if finding.related:
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical(r.target, common.span_of(r.target)), "message": {"text": r.message}}
            for i, r in enumerate(finding.related, 1)
        ]
    result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
    return result


def build(result):
    """The SARIF log of a check Result, as a dict."""
    rules = list(common.rules_by_code().values())
    descriptors = [rule_descriptor(r) for r in rules]
    index_of = {r.code: i for i, r in enumerate(rules)}
    prints = common.fingerprints(result.findings)
    notifications = [
        {
            "level": "error",
            "message": {"text": "internal error in rule %s (%s): %s; the other rules ran" % (e.code, e.name, e.message)},
            "descriptor": {"id": e.code},
        }
        for e in result.internal_errors
    ]
    invocation = {"executionSuccessful": not result.internal_errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = {
        "tool": {
            "driver": {
                "name": "mkto-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }
        },
        "originalUriBaseIds": {
            SRCROOT: {"description": {"text": "The folder mkto-lint ran in: the repository's root in CI"}},
        },
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index_of, p) for f, p in zip(result.findings, prints)],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result, color=False, quiet=False):
    return pretty.dumps(build(result)) + "\n"
