"""Running the selected rules over the project, in this process, one after the other.

A rule that raises does not take the run down: it becomes an ``InternalError`` (reported on
stderr, exit status 2) and the other rules still run. One process only: running the rules in
two (a forked child for half of them) was measured side by side at 10,000 and 40,000
campaigns and saved less than the 15% that would pay for a second process protocol (the
figures are in docs/decisions.md).
"""

from __future__ import annotations

from collections.abc import Iterable

from mkto_lint.findings import Finding
from mkto_lint.record import Record


class InternalError(Record):
    """A rule that raised: its code and name, the exception in one line, and the traceback."""

    __slots__ = ("code", "name", "message", "detail")


def run_rules(rules: Iterable, ctx) -> tuple[list[Finding], list[InternalError]]:
    """(findings, internal errors) of ``rules`` over ``ctx``, in rule order."""
    findings, internal = [], []
    for rule in rules:
        try:
            findings.extend(rule.check(ctx))
        except Exception as exc:  # a broken rule must not take the run down
            import traceback

            internal.append(InternalError(rule.code, rule.name, "%s: %s" % (type(exc).__name__, exc),
                                          traceback.format_exc()))
    return findings, internal


__all__ = ["run_rules", "InternalError"]
