"""Which fixes of a run apply, and their edits applied to a text.

A fix applies when its rule is fixable under the settings (``unfixable`` in the configuration
names the rules never fixed), it is safe or ``--unsafe-fixes`` was given, and its operations
can be written as edits. Within one file the fixes are taken in the order of their first edit;
one whose edits touch or overlap an edit already taken waits for the next round (the text is
checked again then, so the waiting fix is recomputed on the new text, or disappears).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from mkto_lint.fix.edits import Edit, Fix


class Settings:
    """What ``--fix`` may do in each project: ``unsafe`` (``--unsafe-fixes``, or the project's
    ``unsafe-fixes: true``) and its ``unfixable`` (selectors of rules never fixed). A project is
    known by its configuration (``add``); a file follows the innermost project holding it."""

    __slots__ = ("unsafe", "unfixable", "_projects")

    def __init__(self, unsafe: bool = False, unfixable: Sequence[str] = ()) -> None:
        self.unsafe = unsafe
        self.unfixable = list(unfixable)
        self._projects: list = []  # (root, unsafe, unfixable), innermost first

    def add(self, cfg: Any) -> None:
        """The settings of the project of configuration ``cfg`` (its root, its fix keys)."""
        root = os.path.join(str(cfg.root), "")  # with its separator: /a/b/ holds /a/b/c, not /a/bc
        if any(known == root for known, _u, _f in self._projects):
            return
        self._projects.append((root, self.unsafe or cfg.unsafe_fixes, list(cfg.unfixable)))
        self._projects.sort(key=lambda p: -len(p[0]))

    def of(self, path: Any) -> tuple[bool, list]:
        """(unsafe, unfixable) for the file at ``path``."""
        where = str(path)
        for root, unsafe, unfixable in self._projects:
            if where.startswith(root):
                return unsafe, unfixable
        return self.unsafe, self.unfixable


def project_settings(cfg: Any, unsafe: bool = False, configure: Any = None) -> tuple[Settings, Any]:
    """(the Settings of a run whose root configuration is ``cfg``, the ``configure`` to give
    ``engine.run``: it applies ``configure`` to each nested project's configuration and adds
    that project's fix settings)."""
    settings = Settings(unsafe)
    settings.add(cfg)

    def configure_project(project_cfg):
        if configure is not None:
            configure(project_cfg)
        settings.add(project_cfg)

    return settings, configure_project


def prepare(findings: Iterable[Any], settings: Settings) -> None:
    """Give each reported finding its fix (``Rule.fix``), rendered to edits, with ``applies``
    set; a finding whose fix cannot be written, whose rule is unfixable, or which is in a file
    not checked, gets none."""
    findings = list(findings)
    if not findings:  # a clean run imports nothing more
        return
    from mkto_lint.fix.render import render
    from mkto_lint.ruleset import registry

    rules = {r.code: r for r in registry.all_rules() if r.fix_safety}
    for finding in findings:
        rule = rules.get(finding.code)
        # only the files the command line names are fixed: a finding shown because it points
        # into one of them (a pre-commit run on changed files) is about a file left alone
        fix = _rule_fix(rule, finding) if rule is not None and finding.target.file.checked else None
        unsafe, unfixable = settings.of(finding.target.file.path)
        if fix is not None and any(registry.matches(finding.code, finding.name, s) for s in unfixable):
            fix = None
        if fix is not None:
            fix.edits = render(fix)
            if fix.edits is None:
                fix = None
            else:
                fix.applies = fix.safe or unsafe
        finding.fix = fix


def _rule_fix(rule, finding):
    try:
        return rule.fix(finding)
    except Exception:  # a fix is a courtesy: one its rule cannot derive is no fix, never a crash
        return None


def counts(findings: Iterable[Any]) -> tuple[int, int]:
    """(findings ``--fix`` would repair, findings only ``--unsafe-fixes`` would)."""
    applies = hidden = 0
    for f in findings:
        if f.fix is not None and f.fix.edits is not None:  # prepared: its edits can be written
            if f.fix.applies:
                applies += 1
            else:
                hidden += 1
    return applies, hidden


def fixable_note(findings: Iterable[Any]) -> str:
    """The text report's last line: how many findings ``--fix`` would repair, and how many more
    ``--unsafe-fixes`` would (empty when none)."""
    applies, hidden = counts(findings)
    if not (applies or hidden):
        return ""
    if not applies:
        return "%d fixable with --fix --unsafe-fixes (no safe fix)" % hidden
    note = "[*] %d fixable with --fix" % applies
    return note + (" (%d more with --unsafe-fixes)" % hidden if hidden else "")


def choose(fixes: Iterable[Fix]) -> tuple[list[Fix], list[Fix]]:
    """(fixes to apply now, fixes deferred to the next round) among one file's fixes: in the
    order of their first edit, a fix whose edits start at or before the end of one already
    taken waits (touching counts: two insertions at one place are not ordered). One pass, so
    that 5,000 fixes in one file cost no more than sorting them."""
    taken, deferred = [], []
    reach = -1  # the furthest end of the edits taken so far
    for fix in sorted(fixes, key=lambda f: (f.edits[0].start, f.edits[0].end)):
        if fix.edits[0].start <= reach:
            deferred.append(fix)
            continue
        taken.append(fix)
        reach = max(reach, max(e.end for e in fix.edits))
    return taken, deferred


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with ``edits`` (which do not overlap) applied; every other character kept."""
    out, pos = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[pos:edit.start])
        out.append(edit.new)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


__all__ = ["Settings", "project_settings", "prepare", "counts", "fixable_note", "choose", "apply_edits"]
