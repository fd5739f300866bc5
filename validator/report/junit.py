"""JUnit XML: one test case per checked file, for CI systems that show test reports.

A file without findings is a passing test case. A file with findings is a failing one: one
``<failure>`` whose ``type`` is the worst severity, whose ``message`` counts the findings, and
whose text lists them as the text report does (with their related locations). A finding of a
file that was not named on the command line (reported because a related location is in a named
file) gives that file a test case too. A rule that failed with an internal error is a test case
with an ``<error>``. No times, no host names: the same input gives the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from . import common, text
from .visible import visible

SUITE = "mkto-lint"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_RANK = {"info": 0, "warning": 1, "error": 2}


def _clean(value):
    return _INVALID_XML.sub("\ufffd", value)


def _plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def _failure_text(findings):
    lines = []
    for f in findings:
        lines.append(text.line(f))
        for r in f.related:
            span = common.span_of(r.target)
            lines.append("    related: %s:%d:%d: %s" % (visible(r.target.file.display), span.line, span.column,
                                                         visible(r.message)))
        if f.help:
            lines.append("    help: %s" % visible(f.help))
    return "\n".join(lines)


def build(result):
    by_file = {}
    for f in getattr(result, "files", []) or []:
        by_file.setdefault(f.display, [])
    for finding in result.findings:
        by_file.setdefault(finding.target.file.display, []).append(finding)
    names = sorted(by_file)
    failures = sum(1 for n in names if by_file[n])
    errors = len(result.internal_errors)
    tests = len(names) + errors

    root = ET.Element("testsuites", {"name": SUITE, "tests": str(tests), "failures": str(failures), "errors": str(errors)})
    suite = ET.SubElement(root, "testsuite", {
        "name": SUITE, "tests": str(tests), "failures": str(failures), "errors": str(errors), "skipped": "0",
    })
    for name in names:
        findings = by_file[name]
        case = ET.SubElement(suite, "testcase", {"classname": SUITE, "name": visible(name), "file": visible(name)})
        if not findings:
            continue
        worst = max((f.severity for f in findings), key=lambda s: _RANK.get(s, 1))
        counts = [_plural(sum(1 for f in findings if f.severity == s), s)
                  for s in ("error", "warning", "info") if any(f.severity == s for f in findings)]
        failure = ET.SubElement(case, "failure", {
            "type": worst,
            "message": "%s: %s" % (_plural(len(findings), "finding"), ", ".join(counts)),
        })
        failure.text = _clean(_failure_text(findings))
    for err in result.internal_errors:
        case = ET.SubElement(suite, "testcase", {"classname": SUITE + ".rules", "name": "%s %s" % (err.code, err.name)})
        error = ET.SubElement(case, "error", {"type": "internal-error", "message": _clean(err.message)})
        error.text = _clean("internal error in rule %s (%s): %s; the other rules ran" % (err.code, err.name, err.message))
    return root


def render(result, color=False, quiet=False):
    root = build(result)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
