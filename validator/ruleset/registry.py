"""The rule contract and the registry.

A rule is a class in a module of ``mkto_lint.rules`` (one module per rule or per small family)::

    class WaitInExecutable(Rule):
        '''## What it does ... ## Why is this bad? ... ## Example ... ## Use instead ...'''

        code = "EXE002"
        name = "wait-in-executable"
        severity = "error"
        summary = "An executable campaign's flow has a Wait step"

        def check(self, ctx):
            for campaign in ctx.index.campaigns:
                ...
                yield self.finding(step.target(("action",)), "message")

``check`` receives the shared :class:`RuleContext` (the project index, the configuration and
the analyses computed once for all rules) and yields findings, each placed in the document it
is about (a call's finding at the call, in the caller): the incremental run of a few changed
files (``cache.incremental``) keeps the other files' findings by that document. Rules whose code the engine
emits itself while reading and validating (MKL001-MKL004, MKL007) only carry documentation.
Adding a rule touches only its own module: the registry finds every ``Rule`` subclass of every
module in ``mkto_lint.rules``.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar

from mkto_lint.findings import SEVERITIES, Finding, Related, Target

T = TypeVar("T")
FIX_SAFETIES = ("", "safe", "unsafe", "sometimes")


class Rule:
    """A rule: its identity (``code``, ``name``), default ``severity``, one-line ``summary``,
    documentation (the class docstring) and ``check``."""

    code: str = ""
    name: str = ""
    severity: str = "error"
    summary: str = ""
    engine: bool = False  # emitted by the engine itself (reading, schemas, suppressions)
    # The rule's fix, if it has one: "safe" (keeps the meaning the author evidently meant),
    # "unsafe" (may change what the campaign does: only with --unsafe-fixes) or "sometimes"
    # (safe for some findings, unsafe for others); ``fix_description`` says what it does.
    fix_safety: str = ""
    fix_description: str = ""

    def check(self, ctx: RuleContext) -> Iterable[Finding]:  # pragma: no cover - the engine rules have no check
        return ()

    def finding(self, target: Target, message: str, related: Iterable[Related | tuple[Target, str]] = (),
                severity: str | None = None, fix: Any = None, help: str | None = None) -> Finding:
        """A finding of this rule at ``target``; ``related``: (target, message) pairs; ``fix``:
        a ``mkto_lint.fix.edits.Fix`` (operations on document paths, resolved to text edits
        only when the finding is reported); ``message`` is the problem in one sentence, ``help``
        why it matters and the fix."""
        return Finding(
            self.code,
            self.name,
            severity or self.severity,
            message,
            target,
            [r if isinstance(r, Related) else Related(*r) for r in related],
            fix=fix,
            help=help,
        )

    def fix(self, finding: Finding) -> Any:
        """The fix of a reported finding: the one ``check`` attached. The engine's rules, whose
        findings are born outside ``check``, override this to derive theirs."""
        return finding.fix

    @classmethod
    def documentation(cls) -> str:
        import inspect

        return inspect.getdoc(cls) or ""


class RuleContext:
    """What every rule sees: the index, the configuration, and shared analyses."""

    def __init__(self, index: Any, config: Any, files: list) -> None:
        self.index = index  # mkto_lint.project.index.ProjectIndex
        self.config = config  # mkto_lint.config.Config
        self.files = files  # the definition files (SourceFile) of the project
        self._analyses: dict = {}

    def analysis(self, key: str, compute: Callable[[RuleContext], T]) -> T:
        """The result of ``compute(self)``, computed once per run and shared by every rule."""
        if key not in self._analyses:
            self._analyses[key] = compute(self)
        return self._analyses[key]


@lru_cache(maxsize=None)
def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by code."""
    from mkto_lint import rules as package

    found = {}
    for name in _module_names(package):
        module = importlib.import_module("%s.%s" % (package.__name__, name))
        for _name, obj in vars(module).items():
            if isinstance(obj, type) and issubclass(obj, Rule) and obj is not Rule and obj.code:
                if obj.__module__ != module.__name__:
                    continue
                if obj.code in found and found[obj.code] is not obj:
                    raise RuntimeError("rule code %s is defined twice" % obj.code)
                if obj.severity not in SEVERITIES:
                    raise RuntimeError("rule %s has an unknown severity %r" % (obj.code, obj.severity))
                if obj.fix_safety not in FIX_SAFETIES or bool(obj.fix_safety) != bool(obj.fix_description):
                    raise RuntimeError("rule %s: fix_safety must be one of %s, with a fix_description"
                                       % (obj.code, "/".join(FIX_SAFETIES[1:])))
                found[obj.code] = obj
    return tuple(found[code]() for code in sorted(found))


def _module_names(package):
    """The modules of ``package``, sorted: its folders' ``*.py`` files (pkgutil's answer when
    the package is not a folder; pkgutil costs a run ``inspect``'s import)."""
    names = set()
    for folder in package.__path__:
        try:
            entries = os.listdir(folder)
        except OSError:
            import pkgutil

            return sorted(info.name for info in pkgutil.iter_modules(package.__path__))
        names.update(e[:-3] for e in entries if e.endswith(".py") and e != "__init__.py" and e[:-3].isidentifier())
    return sorted(names)


def rule_by_code_or_name(key: str) -> Rule | None:
    key = key.strip()
    for rule in all_rules():
        if rule.code.lower() == key.lower() or rule.name == key.lower():
            return rule
    return None


def matches(rule_code: str, rule_name: str, selector: str) -> bool:
    """A selector names a rule by code, code prefix (``EXE``, ``EXE00``), name, or ``ALL``."""
    sel = selector.strip()
    if sel.upper() == "ALL":
        return True
    if sel.lower() == rule_name:
        return True
    return rule_code.upper().startswith(sel.upper()) and sel != ""


def specificity(rule_code, rule_name, selector):
    sel = selector.strip()
    if sel.upper() == "ALL":
        return 0
    if sel.lower() == rule_name:
        return 100
    return len(sel)


def known_selector(selector: str) -> bool:
    return any(matches(r.code, r.name, selector) for r in all_rules())


def selector_hint(selector: str) -> str:
    """``" (did you mean 'FLW003'?)"`` for a selector that names no rule, else ''. A code short of
    its zeros (``FLW03``, ``EXE2``) is the padded code, before any spelling is compared."""
    import re

    from mkto_lint.suggest import suggest

    if not isinstance(selector, str):
        return ""
    rules = all_rules()
    codes = {r.code for r in rules}
    short = re.fullmatch(r"\s*([A-Za-z]+)0*(\d{1,3})\s*", selector)
    padded = short and short.group(1).upper() + short.group(2).zfill(3)
    close = padded if padded in codes else suggest(
        selector.strip(), codes | {r.name for r in rules} | {c.rstrip("0123456789") for c in codes})
    return " (did you mean '%s'?)" % close if close else ""


def is_enabled(code: str, name: str, select: Iterable[str], ignore: Iterable[str]) -> bool:
    """ruff's rule: the most specific matching selector wins; on a tie ``ignore`` wins."""
    best_sel = max((specificity(code, name, s) for s in select if matches(code, name, s)), default=-1)
    best_ign = max((specificity(code, name, s) for s in ignore if matches(code, name, s)), default=-1)
    if best_sel < 0:
        return False
    return best_sel > best_ign
