"""``check --fix``, ``--diff`` and ``--unsafe-fixes``: their options and the run they make
(the check's report itself is cmd_check's)."""

from __future__ import annotations

import sys
from typing import Any

from mkto_lint.report.visible import visible


def add_arguments(check: Any) -> None:
    check.add_argument("--fix", action="store_true", help="apply the safe fixes, then report what is left")
    check.add_argument("--no-fix", action="store_true", help="do not fix, whatever the configuration's fix says")
    check.add_argument("--diff", action="store_true",
                       help="print the fixes as a unified diff and write nothing (exit 1 when there is something to fix)")
    check.add_argument("--unsafe-fixes", action="store_true",
                       help="also apply (and mark) the fixes that may change what a campaign does")


def run(args: Any, cfg: Any, cwd: Any, configure: Any, out: Any, named: Any = None) -> tuple[Any, int | None]:
    """(the check's Result, or None; an exit status when the run is over, or None).

    Without --fix or --diff: one check, its findings' fixes marked. With --diff: the diff on
    ``out`` and an exit status. With --fix: the fixed files written, and the last round's Result
    (the findings left); an exit status of 1 at least when a file could not be written.
    ``named``: what naming the paths learnt (``read.discover.named_paths``), for the one check."""
    from mkto_lint import engine
    from mkto_lint.fix.apply import prepare, project_settings

    # a nested project's own unfixable and unsafe-fixes count for its files
    # report and graph have no fix options: their findings are marked as check's are
    unsafe, fix, no_fix, diff = (getattr(args, name, False) for name in ("unsafe_fixes", "fix", "no_fix", "diff"))
    settings, configure_project = project_settings(cfg, unsafe, configure)
    fixing = (fix or cfg.fix) and not no_fix and hasattr(args, "fix")
    if not (fixing or diff):
        result = engine.run(args.paths, cfg, cwd, configure=configure_project, named=named)
        prepare(result.findings, settings)
        return result, None
    from mkto_lint.fix import rounds

    reported = None
    if args.baseline:  # what the baseline accepts is not reported, and not fixed either
        from mkto_lint.suppress import baseline

        known = baseline.load(args.baseline)

        def reported(findings):
            return baseline.filter_new(findings, known)

    outcome = rounds.fix_rounds(args.paths, cfg, cwd, configure_project, settings, reported)
    changed = outcome.changed()
    if diff:
        from mkto_lint.fix.diff import unified

        for _path, display, old, new in changed:
            out.write(unified(display, old, new))
        _say("would fix", outcome, changed)
        _problems(outcome.problems)
        return None, 1 if changed else 0
    problems = outcome.problems + rounds.write(outcome)
    _say("fixed", outcome, changed)
    _problems(problems)
    return outcome.result, 1 if problems else None


def _say(verb, outcome, changed):
    if outcome.total:
        n, files = outcome.total, len(changed)
        sys.stderr.write("mkto-lint: %s %d finding%s in %d file%s\n"
                         % (verb, n, "" if n == 1 else "s", files, "" if files == 1 else "s"))


def _problems(problems):
    for display, why in problems:
        sys.stderr.write("mkto-lint: warning: %s%s\n" % (visible(display) + ": " if display else "", visible(why)))


__all__ = ["add_arguments", "run"]
