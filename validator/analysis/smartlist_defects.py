"""What one smart list's own rules get wrong, without following the lists it references.

:func:`local_defects` examines the smart list of a campaign (its ``smartList``) or of a
``SmartList`` asset (the document itself): filters, triggers and constraints that need a value
and have none, invalid advanced filter logic, too few filters for advanced logic, and
membership values that name nothing. It also returns the ``Member of Smart List`` values that
do name a SmartList asset (the edges :mod:`mkto_lint.analysis.smartlists` follows to find
invalid referenced lists and cycles). The kinds of defect are described there.
"""

from __future__ import annotations

from mkto_lint.analysis import filter_logic
from mkto_lint.project.index import Campaign, ProjectIndex, SmartList, is_ref
from mkto_lint.record import FrozenRecord

NO_VALUE_OPERATORS = frozenset(("is empty", "is not empty", "is true", "is false"))
ADVANCED = frozenset(("advanced", "custom"))
MIN_ADVANCED_FILTERS = 3
INVALID_KINDS = frozenset(("incomplete", "logic", "reference", "referenced-list"))


class Defect(FrozenRecord):
    """``asset``: the Campaign or SmartList whose document ``path`` is in; ``path``: a document
    path, e.g. ("smartList", "filters", 1, "values", 0) or ("filterLogic",); ``kind``:
    "incomplete" | "logic" | "too-few" | "reference" | "referenced-list"; ``message``: e.g.
    'filter 2 "Email Address" (operator "is") needs a value'."""

    __slots__ = ("asset", "path", "kind", "message")

    @property
    def makes_invalid(self) -> bool:
        """Does Marketo treat the smart list as invalid because of it ("too-few" does not)?"""
        return self.kind in INVALID_KINDS


def is_advanced(rules: object) -> bool:
    """Is ``filterMatchType`` advanced (``advanced`` or ``custom``, any case)?"""
    kind = rules.get("filterMatchType") if isinstance(rules, dict) else None
    return isinstance(kind, str) and kind.strip().lower() in ADVANCED


def rules_of(owner: Campaign | SmartList) -> tuple[tuple, dict]:
    """(document path prefix, smart-list rules mapping) of a campaign or SmartList asset."""
    if isinstance(owner, Campaign):
        return ("smartList",), owner.smart_list
    data = owner.data if isinstance(getattr(owner, "data", None), dict) else {}
    return (), data


def _s(value):
    """``value`` stripped, or None for anything but non-blank text."""
    return value.strip() if isinstance(value, str) and value.strip() else None


def _describe(what, number, item):
    name = _s(item.get("name")) or "?"
    return '%s "%s"' % (what, name) if number is None else '%s %d "%s"' % (what, number, name)


# Pure functions of a string, cached for the whole process (a project repeats the same few
# operators and filter names): they hold no analysis of a run.
_NEEDS_VALUE = {}  # operator as written -> whether it needs a value
_REF_KIND = {}  # filter name as written -> "smart list" | "campaign" | "program" | None


def _needs_value(operator):
    hit = _NEEDS_VALUE.get(operator)
    if hit is None:
        hit = _NEEDS_VALUE[operator] = " ".join(operator.lower().split()) not in NO_VALUE_OPERATORS
    return hit


def _problem(item, membership):
    """Why a filter/trigger/constraint is incomplete: "error" (isError), "value" (a needed
    value is missing), or None. The common, complete case does a few dict look-ups only."""
    values = item.get("values")
    if values and isinstance(values, list):
        for v in values:
            if v is not None and not (isinstance(v, str) and not v.strip()):
                return "error" if item.get("isError") is True else None
    if item.get("isError") is True:
        return "error"
    operator = item.get("operator")
    if isinstance(operator, str) and operator.strip():
        return "value" if _needs_value(operator) else None
    return "value" if membership else None


def _incomplete_defect(owner, item, problem, head, path, tail=""):
    """The defect for ``problem`` of one item: ``head`` names it (``filter 2 "Email
    Address"``), ``tail`` what holds it (for a constraint: `` of filter 2 "Visited Web Page"``)."""
    if problem == "error":
        reason = _s(item.get("errorMessage"))
        if reason:
            text = '%s%s is marked as broken in the export ("%s")' % (head, tail, reason)
        else:
            text = "%s%s is marked as broken in the export (isError: true)" % (head, tail)
        return Defect(owner, path + ("isError",), "incomplete", text)
    operator = _s(item.get("operator"))
    where = path + ("values",) if "values" in item else path + ("operator",) if operator else path + ("name",)
    if operator:
        return Defect(owner, where, "incomplete", '%s (operator "%s")%s needs a value' % (head, operator, tail))
    return Defect(owner, where, "incomplete", "%s%s needs a value" % (head, tail))


def _ref_kind(index, flt):
    name = flt.get("name")
    if not isinstance(name, str):
        return None
    hit = _REF_KIND.get(name, _REF_KIND)
    if hit is _REF_KIND:
        hit = _REF_KIND[name] = index.filter_ref_kind(flt)
    return hit


def local_defects(index: ProjectIndex, owner: Campaign | SmartList) -> tuple[list[Defect], list[tuple]]:
    """The owner's own defects and its Member of Smart List edges, without following them.

    Returns (defects, edges); an edge is (position in defects, value path, SmartList, head): the
    position is where the referenced list's defects go among the owner's own.
    """
    prefix, rules = rules_of(owner)
    found = []
    edges = []
    triggers = rules.get("triggers")
    if isinstance(triggers, list):
        for i, trig in enumerate(triggers):
            if isinstance(trig, dict):
                _check_item(found, owner, "trigger", i, trig, prefix, "triggers", False)
    filters = rules.get("filters")
    filters = filters if isinstance(filters, list) else []
    for j, flt in enumerate(filters):
        if not isinstance(flt, dict):
            continue
        what = _ref_kind(index, flt)
        _check_item(found, owner, "filter", j, flt, prefix, "filters", what is not None)
        if what is None:
            continue
        values = flt.get("values")
        if not isinstance(values, list):
            continue
        for k, value in enumerate(values):
            if not is_ref(value):
                continue
            target = index.resolve_filter_value(what, value, owner)
            if target is None:
                shown = value if isinstance(value, int) else '"%s"' % value
                found.append(Defect(owner, prefix + ("filters", j, "values", k), "reference",
                                    "%s: %s %s names no %s in the project"
                                    % (_describe("filter", j + 1, flt), what, shown, what)))
            elif isinstance(target, SmartList):
                edges.append((len(found), prefix + ("filters", j, "values", k), target,
                              _describe("filter", j + 1, flt)))
    if is_advanced(rules):
        _check_logic(found, owner, prefix, rules, len(filters))
    return found, edges


def _check_item(found, owner, what, i, item, prefix, key, membership):
    """Append the defects of one trigger or filter, then of its constraints, to ``found``."""
    problem = _problem(item, membership)
    if problem:
        found.append(_incomplete_defect(owner, item, problem, _describe(what, i + 1, item), prefix + (key, i)))
    conditions = item.get("conditions")
    if not isinstance(conditions, list):
        return
    for k, cond in enumerate(conditions):
        if isinstance(cond, dict):
            problem = _problem(cond, False)
            if problem:
                found.append(_incomplete_defect(owner, cond, problem, _describe("constraint", None, cond),
                                                prefix + (key, i, "conditions", k),
                                                " of " + _describe(what, i + 1, item)))


def _check_logic(found, owner, prefix, rules, n_filters):
    """Append the defects of an advanced smart list's ``filterLogic`` to ``found``."""
    logic = rules.get("filterLogic")
    if isinstance(logic, str) and not logic.strip():
        found.append(Defect(owner, prefix + ("filterLogic",), "logic",
                            "filterMatchType is advanced but the advanced filter logic (filterLogic) is empty"))
    elif _s(logic) is None:
        where = prefix + ("filterLogic",) if "filterLogic" in rules else prefix + ("filterMatchType",)
        found.append(Defect(owner, where, "logic",
                            "filterMatchType is advanced but the advanced filter logic (filterLogic) is missing"))
    else:
        try:
            filter_logic.parse(logic, n_filters)
        except filter_logic.FilterLogicError as exc:
            found.append(Defect(owner, prefix + ("filterLogic",), "logic",
                                'advanced filter logic "%s" is invalid: %s' % (logic, exc.message)))
    if n_filters < MIN_ADVANCED_FILTERS:
        found.append(Defect(
            owner, prefix + ("filterMatchType",), "too-few",
            "advanced filter logic over %d filter%s: Marketo offers advanced logic from %d filters up"
            % (n_filters, "" if n_filters == 1 else "s", MIN_ADVANCED_FILTERS)))


__all__ = ["Defect", "local_defects", "is_advanced", "rules_of", "INVALID_KINDS", "MIN_ADVANCED_FILTERS"]
