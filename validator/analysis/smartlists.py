"""Smart-list validity: one analysis shared by EXE001, SML001-SML003 and the evaluator.

:func:`defects` lists what is wrong with the smart list of a campaign (its ``smartList``) or of
a ``SmartList`` asset (the document itself); :func:`is_valid` says whether Marketo would run
it. Every defect names the document path it is about, so a rule can report it precisely.

What makes a smart list invalid (docs/format.md, "Filters and triggers"):

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

One list's own defects are :mod:`mkto_lint.analysis.smartlist_defects`; this module follows
the references. Referenced SmartList assets are checked once per run whatever the number of
lists that use them: the results are memoised in a :class:`SmartListChecks` (the memo of one
run: the rules share the one of their index, the dry-run evaluator makes its own), and a
depth-first walk (iterative, so that long chains cannot exhaust Python's stack) detects cycles.
The cost is linear in the total size of the smart lists.
"""

from __future__ import annotations

from typing import Iterator

from mkto_lint.analysis.smartlist_defects import Defect, local_defects
from mkto_lint.project.index import Campaign, ProjectIndex, SmartList

Owner = Campaign | SmartList  # what has a smart list


class SmartListChecks:
    """Smart-list validity over one index, memoised: one object per run (each list is examined
    at most once, however many lists and campaigns use it)."""

    def __init__(self, index: ProjectIndex):
        self.index = index
        self.results = {}  # owner -> tuple of Defects (final)
        self.causes = {}  # referenced-list Defect -> _Chain
        self.local_checks = 0  # how many smart lists were examined (each at most once)

    def defects(self, owner: Owner) -> list[Defect]:
        """Every defect of ``owner``'s smart list, in document order (triggers, filters, logic;
        a membership value's defects right after its filter's own).

        ``owner`` is a Campaign (its ``smartList``) or a SmartList asset (the document itself).
        """
        found = self.results.get(owner)
        if found is None:
            if isinstance(owner, SmartList):
                _walk(self.index, self, owner)
            else:
                own, edges = _local(self.index, self, owner)
                for _position, _path, target, _head in edges:
                    if target not in self.results:
                        _walk(self.index, self, target)
                self.results[owner] = _resolve_edges(self, owner, own, edges)
            found = self.results[owner]
        return list(found)

    def is_valid(self, owner: Owner) -> bool:
        """False when a defect makes Marketo treat the smart list as invalid (nobody qualifies);
        a "too-few" defect alone is only a warning."""
        return not any(d.makes_invalid for d in self.defects(owner))

    def first_problem(self, owner: Owner) -> Defect | None:
        """The defect that makes ``owner`` invalid, followed down through referenced smart lists
        (so never a "referenced-list" defect), or None when the list is valid."""
        for d in self.defects(owner):
            if d.makes_invalid:
                return self.cause_of(d)
        return None

    def cause_of(self, defect: Defect) -> Defect:
        """For a "referenced-list" defect, the defect inside the referenced list(s) that causes
        it; any other defect is its own cause."""
        hit = self.causes.get(defect)
        return hit.root if hit else defect

    def own_defects(self, kind: str, executables: bool = False) -> Iterator[tuple[Owner, Defect]]:
        """(owner, defect) for every smart list's own defects of ``kind`` (the SML rules' loop);
        executables' lists are left out unless asked for (EXE001 reports those)."""
        for owner in owners(self.index):
            if not executables and getattr(owner, "is_executable", False):
                continue
            for defect in self.defects(owner):
                if defect.kind == kind and defect.asset is owner:
                    yield owner, defect


def of(ctx) -> SmartListChecks:
    """The SmartListChecks of a rule run, shared by every rule."""
    return ctx.analysis("smart-lists", lambda c: SmartListChecks(c.index))


# -- what every rule needs -------------------------------------------------------------------
def owners(index: ProjectIndex) -> Iterator[Owner]:
    """Everything that has a smart list: every campaign, then every SmartList asset."""
    yield from index.campaigns
    yield from index.smart_lists


def consequence(owner: Owner) -> str:
    """What an invalid smart list means for its owner, as the end of a message."""
    if owner.kind == "SmartList":
        return '; smart list "%s" is invalid' % owner.label
    return "; the smart list is invalid and the campaign does not run"


# -- following the references ------------------------------------------------------------------
def _local(index, memo, owner):
    """One list examined on its own (:func:`smartlist_defects.local_defects`), counted in
    ``memo.local_checks`` (tests check that no list is examined twice)."""
    memo.local_checks += 1
    return local_defects(index, owner)


def _label(smart_list):
    if smart_list.name:
        return '"%s"' % smart_list.name
    return "id %d" % smart_list.id if smart_list.id is not None else '"?"'


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


__all__ = ["SmartListChecks", "of", "owners", "consequence"]
