"""Person qualification: does a given person pass a smart list, or a choice's condition?

The dry-run evaluator's view of a smart list (docs/evaluator.md, semantics 2 and 3). Three-valued:
True, False, or None (unknown), each with a reason a person can read.

- An invalid smart list (``SmartListChecks.is_valid``) means nobody qualifies.
- Filters on person fields are evaluated against the person: ``is``, ``is not``, ``contains``,
  ``not contains``, ``starts with``, ``not starts with``, ``ends with``, ``is empty``,
  ``is not empty``, ``is true``, ``is false``, ``greater than``, ``less than``, ``at least``,
  ``at most``, ``between``, ``in`` and ``not in``. Values compare as numbers when both sides
  are numbers, else as text, case-insensitively (Marketo's own comparison).
- A field the person does not give is *unknown* (not empty: the dry run does not guess); a
  field given as null or "" is empty.
- ``Member of Smart List`` is evaluated by evaluating the named SmartList asset's own rules
  against the person (cycles are unknown). Everything that depends on history or on
  membership Marketo keeps (activity filters, filters with constraints such as ``Date of
  Activity``, ``Member of Program`` / ``List`` / ``Smart Campaign``, date operators such as
  ``in past``) is unknown, and the reason says so.
- ``filterMatchType`` ``all`` / ``any`` / advanced ``filterLogic`` combine the filters with
  three-valued logic (``filter_logic.kleene_and``, ``kleene_or`` and ``evaluate``). Triggers
  are not evaluated: a run started by a trigger is assumed to have been started by one of them.
"""

from __future__ import annotations

import re
from typing import Any

from mkto_lint.analysis import filter_logic
from mkto_lint.analysis.smartlists import SmartListChecks
from mkto_lint.analysis.values import MISSING, lookup_field, value_text
from mkto_lint.project.index import Campaign, SmartList
from mkto_lint.record import Factory, Record

DATE_OPERATORS = frozenset((
    "in past", "in future", "in time frame", "in timeframe", "before", "after", "on", "on or before",
    "on or after", "not in past", "not in future", "in past before", "in date range",
))
_HISTORY = re.compile(
    r"^(not\s+)?("
    r"was |has |had |is |visited|visits|filled out|fills out|opened|opens|clicked|clicks|"
    r"added to|removed from|changed|data value changed|score is changed|program status|"
    r"member of|registered|attended|sent|received|unsubscribed from|email |inferred|"
    r"interesting moment|in sfdc|in list|lead was|person was|acquired|became|campaign is|"
    r"web page|form|called webhook|converted|deleted|merged|created|moved|synced|"
    r"opportunity|has opportunity|sales|nurture|engagement|program success|"
    r"received |times|activity)", re.I)
SMART_LIST_FILTER = "member of smart list"
MAX_LIST_NESTING = 50  # Member of Smart List chains evaluated for a person (deeper: unknown)


class Check(Record):
    """One filter's (or condition's) result: ``number``, its 1-based position (0 for a choice
    condition); ``text``, the filter as written (`Job Title contains VP`); ``value``, True |
    False | None; ``reason``, why, for a person."""

    __slots__ = ("number", "text", "value", "reason")


class Qualification(Record):
    """The result of a smart list for a person: ``result``, "qualified" | "not-qualified" |
    "unknown" | "not-evaluated" | "invalid", with its ``reason``; ``checks``, [Check];
    ``defects``, the messages of an invalid smart list."""

    __slots__ = ("result", "reason", "checks", "defects")
    _defaults = {"checks": Factory(list), "defects": Factory(list)}

    @property
    def runs(self) -> bool:
        """Does the child run for this person (unknown and not evaluated: assumed so)?"""
        return self.result not in ("not-qualified", "invalid")


def describe(cond: Any) -> str:
    """``Job Title contains VP, Director`` for a filter or condition."""
    if not isinstance(cond, dict):
        return "?"
    parts = [str(cond.get("name") or "?")]
    op = cond.get("operator")
    if isinstance(op, str) and op:
        parts.append(op)
    values = cond.get("values")
    if isinstance(values, list) and values:
        parts.append(", ".join(value_text(v) for v in values))
    text = " ".join(parts)
    conds = cond.get("conditions")
    if isinstance(conds, list) and conds:
        text += " (%s)" % "; ".join(describe(c) for c in conds)
    return text


def condition(person: dict, cond: Any, smart_lists: SmartListChecks | None = None,
              seen: set | None = None) -> tuple[bool | None, str]:
    """(value, reason) of one filter or choice condition for ``person`` (a dict).
    ``smart_lists`` (the run's smart-list memo, which knows the index) lets ``Member of Smart List`` be
    evaluated; without it that filter is judged as any other."""
    if not isinstance(cond, dict):
        return None, "not a condition"
    name = cond.get("name")
    if not isinstance(name, str) or not name.strip():
        return None, "the filter has no name"
    op = cond.get("operator")
    op = op.strip().lower() if isinstance(op, str) else ""
    values = cond.get("values") if isinstance(cond.get("values"), list) else []
    low = name.strip().lower()
    if low == SMART_LIST_FILTER and smart_lists is not None:
        return _member_of_smart_list(smart_lists, person, op, values, seen)
    if isinstance(cond.get("conditions"), list) and cond["conditions"]:
        return None, "depends on the person's activity history (constraints): not evaluated"
    if _HISTORY.match(low) and lookup_field(person, name) is MISSING:
        return None, "depends on the person's activity history or memberships: not evaluated"
    if op in DATE_OPERATORS:
        return None, "date comparison \"%s\" is not evaluated in a dry run" % op
    value = lookup_field(person, name)
    if value is MISSING:
        return None, "field \"%s\" not given for the person" % name
    return _compare(name, value, op, values)


def _compare(name, value, op, values):
    shown = "%s is %s" % (name, _show(value))
    empty = value is None or (isinstance(value, str) and value.strip() == "")
    if op == "is empty":
        return empty, shown
    if op == "is not empty":
        return not empty, shown
    if op in ("is true", "is false"):
        truth = _truth(value)
        if truth is None:
            return None, "%s: not true/false" % shown
        return truth == (op == "is true"), shown
    if not values:
        return None, "%s: the filter has no value to compare with" % shown
    if op in ("is", "equals", "in", ""):
        return any(_equal(value, v) for v in values), shown
    if op in ("is not", "not equals", "not in"):
        return not any(_equal(value, v) for v in values), shown
    text = "" if empty else value_text(value).casefold()
    wanted = [value_text(v).casefold() for v in values]
    if op in ("contains", "includes"):
        return any(w in text for w in wanted), shown
    if op in ("not contains", "does not contain", "not includes"):
        return not any(w in text for w in wanted), shown
    if op == "starts with":
        return any(text.startswith(w) for w in wanted), shown
    if op in ("not starts with", "does not start with"):
        return not any(text.startswith(w) for w in wanted), shown
    if op == "ends with":
        return any(text.endswith(w) for w in wanted), shown
    if op in ("greater than", "less than", "at least", "at most", "between"):
        number = _number(value)
        bounds = [_number(v) for v in values]
        if op == "between" and len(values) == 1 and isinstance(values[0], str) and " and " in values[0]:
            bounds = [_number(x) for x in values[0].split(" and ", 1)]
        if number is None or any(b is None for b in bounds):
            return None, "%s: not a number comparison" % shown
        if op == "greater than":
            return number > bounds[0], shown
        if op == "less than":
            return number < bounds[0], shown
        if op == "at least":
            return number >= bounds[0], shown
        if op == "at most":
            return number <= bounds[0], shown
        if len(bounds) < 2:
            return None, "%s: \"between\" needs two values" % shown
        low, high = sorted(bounds[:2])
        return low <= number <= high, shown
    return None, "operator \"%s\" is not evaluated in a dry run" % op


def _show(value):
    if value is None or value == "":
        return "empty"
    if isinstance(value, (bool, int, float)):
        return value_text(value)
    return '"%s"' % value


def _truth(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ("true", "yes", "1"):
            return True
        if low in ("false", "no", "0", ""):
            return False
    if value is None:
        return False
    return None


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", ""))
        except ValueError:
            return None
    return None


def _equal(a, b):
    na, nb = _number(a), _number(b)
    if na is not None and nb is not None:
        return na == nb
    if isinstance(a, bool) or isinstance(b, bool):
        return _truth(a) == _truth(b)
    return value_text(a).strip().casefold() == value_text(b).strip().casefold()


def _member_of_smart_list(smart_lists, person, op, values, seen):
    negate = op in ("not in", "is not", "not member of")
    if not values:
        return None, "names no smart list"
    results = []
    reasons = []
    for ref in values:
        lst = smart_lists.index.resolve_smart_list(ref)
        if lst is None:
            results.append(False)
            reasons.append('"%s" names no smart list: matches nobody' % ref)
            continue
        seen = set(seen or ())
        if id(lst) in seen:
            results.append(None)
            reasons.append('smart list "%s" contains itself: unknown' % lst.label)
            continue
        if len(seen) >= MAX_LIST_NESTING:
            results.append(None)
            reasons.append('smart list "%s" is nested more than %d lists deep: not evaluated'
                           % (lst.label, MAX_LIST_NESTING))
            continue
        seen.add(id(lst))
        q = smart_list(smart_lists, lst, person, _seen=seen)
        value = {"qualified": True, "not-qualified": False, "invalid": False}.get(q.result)
        results.append(value)
        reasons.append('smart list "%s" %s' % (lst.label, summary(q)))
    value = filter_logic.kleene_or(results)
    if negate and value is not None:
        value = not value
    return value, "; ".join(reasons)


def smart_list(smart_lists: SmartListChecks, owner: Campaign | SmartList, person: dict | None,
               _seen: set | None = None) -> Qualification:
    """The Qualification of ``person`` (a dict, or None) for the smart list of ``owner``
    (a Campaign: its ``smartList``; a SmartList asset: the document itself); ``smart_lists``
    is the run's smart-list memo."""
    try:
        valid = smart_lists.is_valid(owner)
        defects = [] if valid else [d for d in smart_lists.defects(owner) if d.kind != "too-few"]
    except Exception:  # a broken document must not stop the dry run
        valid, defects = True, []
    if not valid:
        first = defects[0].message if defects else "see `mkto-lint check`"
        return Qualification("invalid", "invalid smart list: nobody qualifies (%s)" % first,
                             defects=[d.message for d in defects])
    rules = owner.smart_list if isinstance(owner, Campaign) else owner.data
    rules = rules if isinstance(rules, dict) else {}
    filters = rules.get("filters") if isinstance(rules.get("filters"), list) else []
    filters = [f if isinstance(f, dict) else {} for f in filters]
    if person is None:
        return Qualification("not-evaluated", "not evaluated (no person given)")
    checks = []
    for i, flt in enumerate(filters, start=1):
        value, reason = condition(person, flt, smart_lists, _seen)
        checks.append(Check(i, describe(flt), value, reason))
    values = {c.number: c.value for c in checks}
    if not checks:
        result = True
        how = "no filters: everybody"
    elif str(rules.get("filterMatchType") or "").strip().lower() in ("advanced", "custom"):
        logic = rules.get("filterLogic")
        try:
            result = filter_logic.evaluate(filter_logic.parse(logic, len(filters)), values)
        except Exception:
            result = None
        how = "filter logic %s" % logic
    elif str(rules.get("filterMatchType") or "all").lower() == "any":
        result = filter_logic.kleene_or(values.values())
        how = "any filter"
    else:
        result = filter_logic.kleene_and(values.values())
        how = "all filters"
    word = {True: "qualified", False: "not-qualified", None: "unknown"}[result]
    reason = "%s (%s)" % ({True: "qualifies", False: "does not qualify", None: "unknown"}[result], how)
    return Qualification(word, reason, checks)


def summary(q: Qualification) -> str:
    """The reason of a Qualification with its filters, on one line (for nested smart lists)."""
    shown = {True: "TRUE", False: "FALSE", None: "unknown"}
    parts = []
    for c in q.checks:
        part = "%s: %s" % (c.text, shown[c.value])
        if c.value is None:
            part += " (%s)" % c.reason
        parts.append(part)
    return "%s%s" % (q.reason, ": " + "; ".join(parts) if parts else "")


__all__ = ["Qualification", "Check", "smart_list", "condition", "describe"]
