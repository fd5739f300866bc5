"""Smart-list validity: one analysis shared by EXE001, SML001-SML003 and the evaluator.

:func:`defects` lists what is wrong with the smart list of a campaign (its ``smartList``) or of
a ``SmartList`` asset (the document itself); :func:`is_valid` says whether Marketo would run
it. Every defect names the document path it is about, so a rule can report it precisely.

What makes a smart list invalid (format.md, "Filters and triggers"; domain.md):

``incomplete``
    A filter or trigger whose operator needs a value has none (``values`` missing, empty, or
    only blank strings). The operators ``is empty``, ``is not empty``, ``is true`` and
    ``is false`` need no value. A filter, trigger or constraint written without an operator is
    one that takes no operator and no value (``Campaign is Requested``, ``Fills Out Form``
    with constraints), so it is complete without values, except the membership filters
    ``Member of Smart List``, ``Member of Smart Campaign`` and ``Member of Program``, which
    always name what they test. A constraint (``conditions``) is incomplete in the same way as
    a filter. Anything marked ``isError: true`` by an export is incomplete, with its
    ``errorMessage`` when there is one.
``logic``
    ``filterMatchType`` is advanced (``advanced`` or ``custom``, any case) and ``filterLogic``
    is missing or blank, does not parse, names a filter number out of range, or mixes
    ``and``/``or`` without parentheses (see :mod:`mkto_lint.filter_logic`).
``reference``
    A membership filter's value names nothing in the project, or a ``Member of Smart List``
    value makes smart lists contain each other (a cycle, the self-reference included).
``referenced-list``
    A ``Member of Smart List`` value names a SmartList asset that is itself invalid; the
    message follows the chain down to the problem.
``too-few``
    Advanced logic over fewer than 3 filters. Marketo offers advanced logic from three filters
    up; this is only a warning (SML003) and does not make the list invalid.

Referenced SmartList assets are checked once per run whatever the number of lists that use
them: the results are memoised on the index object (``index._smart_list_memo``), and a
depth-first walk (iterative, so that long chains cannot exhaust Python's stack) detects cycles.
The cost is linear in the total size of the smart lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import filter_logic
from .index import Campaign, SmartList, is_ref

NO_VALUE_OPERATORS = frozenset(("is empty", "is not empty", "is true", "is false"))
ADVANCED = frozenset(("advanced", "custom"))
MIN_ADVANCED_FILTERS = 3
INVALID_KINDS = frozenset(("incomplete", "logic", "reference", "referenced-list"))


@dataclass(frozen=True)
class Defect:
    asset: object  # the Campaign or SmartList whose document `path` is in
    path: tuple  # document path, e.g. ("smartList", "filters", 1, "values", 0) or ("filterLogic",)
    kind: str  # "incomplete" | "logic" | "too-few" | "reference" | "referenced-list"
    message: str  # e.g. 'filter 2 "Email Address" (operator "is") needs a value'

    @property
    def makes_invalid(self):
        return self.kind in INVALID_KINDS


def defects(index, owner):
    """Every defect of ``owner``'s smart list, in document order (triggers, filters, logic).

    ``owner`` is a Campaign (its ``smartList``) or a SmartList asset (the document itself).
    """
    memo = _memo(index)
    found = memo.results.get(owner)
    if found is None:
        if isinstance(owner, SmartList):
            _walk(index, memo, owner)
        else:
            memo.results[owner] = _resolve_edges(index, memo, owner, *_local(index, memo, owner))
        found = memo.results[owner]
    return list(found)


def is_valid(index, owner):
    """False when a defect makes Marketo treat the smart list as invalid (nobody qualifies);
    a "too-few" defect alone is only a warning."""
    return not any(d.makes_invalid for d in defects(index, owner))


def first_problem(index, owner):
    """The defect that makes ``owner`` invalid, followed down through referenced smart lists
    (so never a "referenced-list" defect), or None when the list is valid."""
    for d in defects(index, owner):
        if d.makes_invalid:
            if d.kind == "referenced-list":
                return memo_cause(index, d)
            return d
    return None


def memo_cause(index, defect):
    """For a "referenced-list" defect, the problem inside the referenced list (else itself)."""
    return _memo(index).causes.get(defect, defect)


def is_advanced(rules):
    kind = rules.get("filterMatchType") if isinstance(rules, dict) else None
    return isinstance(kind, str) and kind.strip().lower() in ADVANCED


def rules_of(owner):
    """(document path prefix, smart-list rules mapping) of a campaign or SmartList asset."""
    if isinstance(owner, Campaign):
        return ("smartList",), owner.smart_list
    data = owner.data if isinstance(getattr(owner, "data", None), dict) else {}
    return (), data


# -- internals ---------------------------------------------------------------------------------


class _Memo:
    def __init__(self):
        self.results = {}  # owner -> tuple of Defects (final)
        self.causes = {}  # referenced-list Defect -> the Defect it stands for, deep down
        self.local_checks = 0  # how many smart lists were examined (each at most once)


def _memo(index):
    memo = getattr(index, "_smart_list_memo", None)
    if memo is None:
        memo = _Memo()
        index._smart_list_memo = memo
    return memo


def _s(value):
    return value.strip() if isinstance(value, str) and value.strip() else None


def _label(smart_list):
    if smart_list.name:
        return '"%s"' % smart_list.name
    return "id %d" % smart_list.id if smart_list.id is not None else '"?"'


def _describe(what, number, item):
    name = _s(item.get("name")) or "?"
    head = '%s "%s"' % (what, name) if number is None else '%s %d "%s"' % (what, number, name)
    return head


def _has_value(values):
    if not isinstance(values, list):
        return False
    return any(not (isinstance(v, str) and v.strip() == "") and v is not None for v in values)


def _incomplete(item, head, path, needs_value_without_operator):
    """The incompleteness defect message and path of one filter/trigger/constraint, or None."""
    if item.get("isError") is True:
        reason = _s(item.get("errorMessage"))
        if reason:
            return '%s is marked as broken in the export: %s' % (head, reason), path
        return "%s is marked as broken in the export (isError: true)" % head, path + ("isError",)
    operator = _s(item.get("operator"))
    if operator is not None and " ".join(operator.lower().split()) in NO_VALUE_OPERATORS:
        return None
    if operator is None and not needs_value_without_operator:
        return None
    if _has_value(item.get("values")):
        return None
    where = path + ("values",) if "values" in item else path + ("operator",) if operator else path + ("name",)
    if operator:
        return '%s (operator "%s") needs a value' % (head, operator), where
    return "%s needs a value" % head, where


def _local(index, memo, owner):
    """The owner's own defects and its Member of Smart List edges, without following them.

    Returns (defects, edges); an edge is (position in defects, path, value, SmartList, head).
    """
    memo.local_checks += 1
    prefix, rules = rules_of(owner)
    found = []
    edges = []
    triggers = rules.get("triggers")
    for i, trig in enumerate(triggers if isinstance(triggers, list) else []):
        if isinstance(trig, dict):
            _check_item(found, owner, "trigger", i, trig, prefix + ("triggers", i), None)
    filters = rules.get("filters")
    filters = filters if isinstance(filters, list) else []
    for j, flt in enumerate(filters):
        if not isinstance(flt, dict):
            continue
        path = prefix + ("filters", j)
        what = index.filter_ref_kind(flt)
        _check_item(found, owner, "filter", j, flt, path, what)
        if what is None:
            continue
        head = _describe("filter", j + 1, flt)
        values = flt.get("values")
        for k, value in enumerate(values if isinstance(values, list) else []):
            if not is_ref(value):
                continue
            target = index.resolve_filter_value(what, value, owner)
            vpath = path + ("values", k)
            if target is None:
                shown = value if isinstance(value, int) else '"%s"' % value
                found.append(Defect(owner, vpath, "reference",
                                    "%s: %s %s names no %s in the project" % (head, what, shown, what)))
            elif isinstance(target, SmartList):
                edges.append((len(found), vpath, target, head))
    if is_advanced(rules):
        _check_logic(found, owner, prefix, rules, len(filters))
    return found, edges


def _check_item(found, owner, what, i, item, path, ref_kind):
    head = _describe(what, i + 1, item)
    hit = _incomplete(item, head, path, ref_kind is not None)
    if hit:
        found.append(Defect(owner, hit[1], "incomplete", hit[0]))
    conditions = item.get("conditions")
    for k, cond in enumerate(conditions if isinstance(conditions, list) else []):
        if not isinstance(cond, dict):
            continue
        chead = '%s of %s' % (_describe("constraint", None, cond), head)
        hit = _incomplete(cond, chead, path + ("conditions", k), False)
        if hit:
            found.append(Defect(owner, hit[1], "incomplete", hit[0]))


def _check_logic(found, owner, prefix, rules, n_filters):
    logic = rules.get("filterLogic")
    if _s(logic) is None:
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


def _resolve_edges(index, memo, owner, found, edges, on_stack=None):
    """Insert the defects that the owner's Member of Smart List edges contribute (the targets
    are memoised by now, or on the walk's stack, which makes the edge close a cycle)."""
    extra = {}
    for position, vpath, target, head in edges:
        if on_stack is not None and target in on_stack:
            chain = on_stack[on_stack.index(target):] + [target]
            if len(chain) == 2:
                text = "%s: smart list %s is a member of itself" % (head, _label(target))
            else:
                text = "%s closes a cycle of smart lists: %s" % (head, " > ".join(_label(s) for s in chain))
            extra.setdefault(position, []).append(Defect(owner, vpath, "reference", text))
            continue
        cause_chain = _cause_chain(memo, target)
        if cause_chain is None:
            continue
        names, cause = cause_chain
        via = "".join(", which uses %s" % n for n in names)
        text = "%s uses smart list %s%s, which is invalid: %s" % (head, _label(target), via, cause.message)
        d = Defect(owner, vpath, "referenced-list", text)
        memo.causes[d] = cause
        extra.setdefault(position, []).append(d)
    if not extra:
        return tuple(found)
    out = []
    for position in range(len(found) + 1):
        # a value's defects come after the filter's own ones and before the next filter's
        out.extend(extra.get(position, ()))
        if position < len(found):
            out.append(found[position])
    return tuple(out)


def _cause_chain(memo, smart_list):
    """([labels of the lists passed through], root Defect) of an invalid memoised list, else None."""
    names = []
    current = smart_list
    seen = set()
    while current not in seen:
        seen.add(current)
        bad = next((d for d in memo.results.get(current, ()) if d.makes_invalid), None)
        if bad is None:
            return None
        if bad.kind != "referenced-list":
            return names, bad
        cause = memo.causes.get(bad)
        if cause is None:
            return names, bad
        return names + _through(memo, bad), cause
    return None


def _through(memo, defect):
    """The lists a referenced-list defect passes through, read back from its own chain."""
    chain = []
    current = defect
    while current.kind == "referenced-list":
        target = getattr(current, "_target", None)
        if target is None:
            break
        chain.append(_label(target))
        nxt = next((d for d in memo.results.get(target, ()) if d.makes_invalid), None)
        if nxt is None:
            break
        current = nxt
    return chain


def _walk(index, memo, start):
    """Compute and memoise ``start`` and every SmartList it reaches, depth first, post-order."""
    local = {}
    stack = [start]
    on_stack = [start]
    cursor = {start: 0}
    local[start] = _local(index, memo, start)
    while stack:
        node = stack[-1]
        found, edges = local[node]
        i = cursor[node]
        pushed = False
        while i < len(edges):
            target = edges[i][2]
            if target not in memo.results and target not in on_stack:
                cursor[node] = i
                local[target] = _local(index, memo, target)
                cursor[target] = 0
                stack.append(target)
                on_stack.append(target)
                pushed = True
                break
            i += 1
        if pushed:
            continue
        memo.results[node] = _resolve_edges(index, memo, node, found, edges, on_stack)
        stack.pop()
        on_stack.pop()
