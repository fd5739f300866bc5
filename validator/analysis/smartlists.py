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
    ``and``/``or`` without parentheses (see :mod:`mkto_lint.analysis.filter_logic`).
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


from mkto_lint.analysis import filter_logic
from mkto_lint.record import FrozenRecord
from mkto_lint.project.index import Campaign, SmartList, is_ref

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
    def makes_invalid(self):
        return self.kind in INVALID_KINDS


def defects(index, owner):
    """Every defect of ``owner``'s smart list, in document order (triggers, filters, logic; a
    membership value's defects right after its filter's own).

    ``owner`` is a Campaign (its ``smartList``) or a SmartList asset (the document itself).
    """
    memo = _memo(index)
    found = memo.results.get(owner)
    if found is None:
        if isinstance(owner, SmartList):
            _walk(index, memo, owner)
        else:
            own, edges = _local(index, memo, owner)
            for _position, _path, target, _head in edges:
                if target not in memo.results:
                    _walk(index, memo, target)
            memo.results[owner] = _resolve_edges(memo, owner, own, edges)
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
            return cause_of(index, d)
    return None


def cause_of(index, defect):
    """For a "referenced-list" defect, the defect inside the referenced list(s) that causes it;
    any other defect is its own cause."""
    hit = _memo(index).causes.get(defect)
    return hit.root if hit else defect


def owners(index):
    """Everything that has a smart list: every campaign, then every SmartList asset."""
    yield from index.campaigns
    yield from index.smart_lists


def own_defects(index, kind, executables=False):
    """(owner, defect) for every smart list's own defects of ``kind`` (the SML rules' loop);
    executables' lists are left out unless asked for (EXE001 reports those)."""
    for owner in owners(index):
        if not executables and getattr(owner, "is_executable", False):
            continue
        for defect in defects(index, owner):
            if defect.kind == kind and defect.asset is owner:
                yield owner, defect


def consequence(owner):
    """What an invalid smart list means for its owner, as the end of a message."""
    if owner.kind == "SmartList":
        return '; smart list "%s" is invalid' % owner.label
    return "; the smart list is invalid and the campaign does not run"


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
        self.causes = {}  # referenced-list Defect -> _Chain
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
    return '%s "%s"' % (what, name) if number is None else '%s %d "%s"' % (what, number, name)


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


def _local(index, memo, owner):
    """The owner's own defects and its Member of Smart List edges, without following them.

    Returns (defects, edges); an edge is (position in defects, value path, SmartList, head).
    """
    memo.local_checks += 1
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


def _resolve_edges(memo, owner, found, edges, on_stack=None):
    """Insert the defects that the owner's Member of Smart List edges contribute. Each target
    is memoised by now, or still on the walk's stack, in which case the edge closes a cycle."""
    extra = {}
    for position, vpath, target, head in edges:
        if on_stack is not None and target in on_stack:
            chain = on_stack.path_from(target) + [target]
            if len(chain) == 2:
                text = "%s makes smart list %s a member of itself" % (head, _label(target))
            else:
                text = "%s closes a cycle of smart lists: %s" % (head, " > ".join(_label(s) for s in chain))
            extra.setdefault(position, []).append(Defect(owner, vpath, "reference", text))
            continue
        bad = next((d for d in memo.results.get(target, ()) if d.makes_invalid), None)
        if bad is None:
            continue
        inner = memo.causes.get(bad) if bad.kind == "referenced-list" else None
        chain = _Chain(_label(target), inner, bad)
        text = "%s uses smart list %s, which is invalid: %s" % (head, chain.describe(), chain.root.message)
        d = Defect(owner, vpath, "referenced-list", text)
        memo.causes[d] = chain
        extra.setdefault(position, []).append(d)
    if not extra:
        return tuple(found)
    out = []
    for position in range(len(found) + 1):
        # edge positions are len(found) at the time the edge was seen: a value's defects come
        # after its filter's own ones and before the next filter's
        out.extend(extra.get(position, ()))
        if position < len(found):
            out.append(found[position])
    return tuple(out)


class _Chain:
    """The lists a "referenced-list" defect passes through, linked (each list stores only its
    own step, so long chains cost linear memory), with the problem at the end."""

    __slots__ = ("label", "inner", "length", "last", "root")
    SHOWN = 4  # longer chains are shortened in messages

    def __init__(self, label, inner, bad):
        self.label = label
        self.inner = inner
        self.length = 1 + (inner.length if inner else 0)
        self.last = inner.last if inner else label
        self.root = inner.root if inner else bad

    def describe(self):
        labels = []
        link = self
        while link is not None and len(labels) < (self.length if self.length <= self.SHOWN else 2):
            labels.append(link.label)
            link = link.inner
        text = ", which uses ".join(labels)
        if self.length > self.SHOWN:
            text += ", which uses %d more smart lists down to %s" % (self.length - 3, self.last)
        return text


class _Stack:
    """The walk's path: a list for the order and a set for O(1) membership."""

    def __init__(self):
        self.items = []
        self.members = set()

    def push(self, item):
        self.items.append(item)
        self.members.add(item)

    def pop(self):
        self.members.discard(self.items.pop())

    def top(self):
        return self.items[-1]

    def __bool__(self):
        return bool(self.items)

    def __contains__(self, item):
        return item in self.members

    def path_from(self, item):
        # only asked when a cycle is found: linear in the cycle's length
        return self.items[self.items.index(item):]


def _walk(index, memo, start):
    """Compute and memoise ``start`` and every SmartList it reaches, depth first, post-order:
    each list is examined once, and an edge to a list still on the stack closes a cycle."""
    local = {start: _local(index, memo, start)}
    cursor = {start: 0}
    stack = _Stack()
    stack.push(start)
    while stack:
        node = stack.top()
        found, edges = local[node]
        i = cursor[node]
        pushed = False
        while i < len(edges):
            target = edges[i][2]
            if target not in memo.results and target not in stack:
                cursor[node] = i
                local[target] = _local(index, memo, target)
                cursor[target] = 0
                stack.push(target)
                pushed = True
                break
            i += 1
        if pushed:
            continue
        memo.results[node] = _resolve_edges(memo, node, found, edges, stack)
        stack.pop()
