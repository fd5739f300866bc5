"""The Execute Campaign call graph: nesting depths and cycles, computed once per run.

Rules get the analysis through the run's shared context::

    graph = callgraph.of(ctx)   # = ctx.analysis("callgraph", ...)

The graph's nodes are the project's campaigns; its edges are the *resolved* Execute Campaign
calls of ``index.calls`` (the step's own attributes and every choice that acts, see
``Step.variants``). Several calls from one caller to one callee (two steps, or a step and its
choices) are one edge; the edge keeps all of them, in flow order, and findings are reported on
the first.

Everything is linear in campaigns + calls and nothing recurses in Python: one iterative
depth-first search (Tarjan's strongly connected components) and one pass in topological order
(the steps are in :mod:`mkto_lint.analysis.callgraph_build`; this module holds the results).
(The sets of levels are bit masks of ``max_depth + 1`` bits, so that pass is
O((campaigns + calls) * max_depth / 64) word operations: linear for the configured limit.)

Definitions (the project documentation repeats them):

Cycles
    The search starts from the non-executable campaigns (in index order, so from the parents
    down), then from the executables no parent reaches. A call whose callee is still on the
    search's current chain *closes a cycle*: EXE008 reports it once, with the cycle it closes,
    the chain from the callee down to the caller and back (``A > B > C > A``); a campaign that
    executes itself closes ``A > A``. Every cycle of the graph contains at least one closing
    call, so removing the reported calls removes every cycle; a cycle that goes through
    several closing calls (possible when cycles overlap) is not reported on its own, since its
    closing calls are. Calls into non-executable campaigns count too (the rule's wording:
    Execute Campaign calls form a cycle).

Levels and depth
    A non-executable campaign (a parent, which runs on its own) is at level 0; an executable
    it calls is at level 1, and so on. Only calls to *executable* campaigns count (a call to a
    non-executable is EXE007's, and Marketo does not run it). Calls that close a cycle are
    left out, so depth is measured along chains in which no campaign repeats and it always
    terminates; the cycle itself is EXE008's finding. (A cycle entered from a parent still
    gives its campaigns the levels of the chain that enters it, and whatever they call is
    counted from there.)

    ``depth.get(c)`` is the deepest level at which executable ``c`` can run, with a witness
    chain from a parent (``chain(c)``: predecessor pointers, through the first caller in file
    order that reaches the level), or ``None`` when no parent reaches it (it never runs).
    ``levels[c]`` is the set of levels up to ``max_depth`` at which it can run (a bit mask;
    ``can_run_at(c, level)``). A call from a campaign that can run at level ``max_depth`` to an
    executable enters level ``max_depth + 1``, beyond the limit: ``too_deep`` lists these
    calls, each once, with a chain that brings the caller to ``max_depth`` (``chain_at``). A
    diamond (two routes to one executable) therefore yields one finding per offending call,
    not one per route, and a chain that goes several levels too deep is reported where it
    crosses the limit.

Messages
    Chains and cycles longer than ``MAX_SHOWN`` calls are printed with their middle elided
    (``A > B > ... (4980 more) ... > Y > Z``), so a report stays short and cheap.
"""

from __future__ import annotations

from typing import Iterable

from mkto_lint.project.index import Call, Campaign, ProjectIndex

EXECUTE = "execute"
MAX_SHOWN = 16  # campaigns printed in a chain or cycle before the middle is elided


class Edge:
    """Every resolved Execute Campaign call from ``caller`` to ``callee`` (flow order)."""

    __slots__ = ("caller", "callee", "calls", "closes_cycle")

    def __init__(self, caller: Campaign, callee: Campaign, call: Call):
        self.caller = caller
        self.callee = callee
        self.calls = [call]
        self.closes_cycle = False

    @property
    def call(self) -> Call:
        """The first call: where findings about this edge are reported."""
        return self.calls[0]

    def __repr__(self):
        return "<Edge %s -> %s>" % (self.caller.label, self.callee.label)


class Cycle:
    """A cycle, closed by ``edge`` (its callee is the first and last campaign); ``length`` is
    its number of calls."""

    __slots__ = ("edge", "length", "_head", "_graph")

    def __init__(self, edge: Edge, length: int, head: list[Edge] | None, graph: CallGraph):
        self.edge = edge
        self.length = length
        self._head = head  # the first MAX_SHOWN // 2 calls of a long cycle, else None
        self._graph = graph

    def _up(self, count=None):
        """The calls from the closing one up the search's tree, ``count`` of them (or up to
        the closing call's callee), closing call last."""
        graph, start = self._graph, self.edge.callee
        out = [self.edge]
        node = self.edge.caller
        while node is not start and (count is None or len(out) < count):
            tree = graph._tree_edge[node]
            out.append(tree)
            node = tree.caller
        out.reverse()
        return out

    def edges(self) -> list[Edge]:
        """Every call of the cycle in order, from the callee of the closing call round to it
        (walks the whole cycle: for messages, use ``shown`` and ``text``)."""
        return self._up()

    def campaigns(self) -> list[Campaign]:
        """``[A, B, C, A]``."""
        edges = self.edges()
        return [edges[0].caller] + [e.callee for e in edges]

    @property
    def shown(self) -> list[Edge]:
        """The calls a message shows: all of them, or for a very long cycle the first and
        last ``MAX_SHOWN // 2`` (at a cost that does not grow with the cycle)."""
        if self._head is None:
            return self._up()
        return self._head + self._up(MAX_SHOWN // 2)

    def text(self) -> str:
        """``A > B > C > A`` (the middle of a very long cycle elided)."""
        shown = self.shown
        if self._head is None:
            return " > ".join(by_program([shown[0].caller] + [e.callee for e in shown]))
        keep = len(shown) // 2
        head, tail = shown[:keep], shown[keep:]
        items = [head[0].caller] + [e.callee for e in head]
        items.append("... (%d more) ..." % (self.length - len(shown) - 1))
        items += [tail[0].caller] + [e.callee for e in tail]
        return " > ".join(by_program(items))

    def __repr__(self):
        return "<Cycle %s>" % self.text()


class Nesting:
    """A call that enters the level beyond the limit: ``edge.caller`` can run at level
    ``max_depth`` and ``edge.callee`` is executable."""

    __slots__ = ("edge", "_graph")

    def __init__(self, edge: Edge, graph: CallGraph):
        self.edge = edge
        self._graph = graph

    @property
    def level(self) -> int:
        return self._graph.max_depth + 1

    def edges(self) -> list[Edge]:
        """The chain's edges from a parent down to (and including) this call."""
        return self._graph.chain_at(self.edge.caller, self._graph.max_depth) + [self.edge]

    def campaigns(self) -> list[Campaign]:
        """The campaigns of ``edges()``, from the parent to the callee beyond the limit."""
        edges = self.edges()
        return [edges[0].caller] + [e.callee for e in edges]

    def __repr__(self):
        return "<Nesting %s>" % format_chain(c.label for c in self.campaigns())


class CallGraph:
    """The Execute Campaign calls of one index, with their cycles and nesting levels (built by
    :func:`analyse`; the definitions are in the module's docstring)."""

    def __init__(self, index: ProjectIndex, max_depth: int):
        self.index = index
        self.max_depth = max_depth
        self.edges_from = {}  # Campaign -> [Edge], in flow order of each edge's first call
        self.edges_to = {}  # Campaign -> [Edge]
        self.depth = {}  # executable Campaign -> deepest level (reached executables only)
        self.levels = {}  # Campaign -> bit mask of levels 0..max_depth (reached ones only)
        self.component = {}  # Campaign -> strongly connected component number
        self.cycles = []  # [Cycle], in search order
        self.too_deep = []  # [Nesting], callers in index order, calls in flow order
        self._pred = {}  # Campaign -> Edge giving its deepest level
        self._pred_at = {}  # (Campaign, level) -> Edge reaching it at that level
        self._tree_edge = {}  # Campaign -> Edge through which the search discovered it
        self._cyclic = set()  # components with a cycle (size > 1, or a self-call)

    # -- queries -----------------------------------------------------------------------------
    def in_cycle(self, campaign: Campaign) -> bool:
        """True when ``campaign`` lies on a cycle of Execute Campaign calls."""
        comp = self.component.get(campaign)
        return comp is not None and comp in self._cyclic

    def chain(self, campaign: Campaign) -> list[Edge]:
        """The edges of a deepest chain from a parent to ``campaign`` (``[]`` for a parent or
        an executable no parent reaches)."""
        out = []
        edge = self._pred.get(campaign)
        while edge is not None:
            out.append(edge)
            edge = self._pred.get(edge.caller)
        out.reverse()
        return out

    def chain_at(self, campaign: Campaign, level: int) -> list[Edge]:
        """The edges of a chain from a parent that brings ``campaign`` to exactly ``level``
        (``[]`` at level 0). ``level`` must be in ``levels[campaign]``."""
        out = []
        while level > 0:
            edge = self._pred_at[(campaign, level)]
            out.append(edge)
            campaign, level = edge.caller, level - 1
        out.reverse()
        return out

    def can_run_at(self, campaign: Campaign, level: int) -> bool:
        """Can ``campaign`` run at ``level`` (0 to ``max_depth``)?"""
        return bool(self.levels.get(campaign, 0) >> level & 1)


def format_chain(labels: Iterable[str], limit: int = MAX_SHOWN + 3) -> str:
    """``A > B > C``; a very long chain keeps its ends and says how much was left out."""
    labels = list(labels)
    if len(labels) > limit:
        keep = MAX_SHOWN // 2
        hidden = len(labels) - 2 * keep
        labels = labels[:keep] + ["... (%d more) ..." % hidden] + labels[-keep:]
    return " > ".join(labels)


def by_program(items: Iterable) -> list[str]:
    """Campaigns as a chain names them: each program once, before the first of its campaigns
    in a row (``NUR-2026 Q1 Nurture: Main``, ``Step 1``, ``Step 2``), so that a chain of one
    program does not repeat its name at every hop. Strings (an elision) pass unchanged."""
    out, program = [], None
    for item in items:
        if isinstance(item, str):
            out.append(item)
            continue
        name = getattr(item, "name", None)
        own = getattr(item, "program_name", None)
        if not own or not name:
            out.append(item.label)
            program = None
            continue
        out.append(name if own == program else "%s: %s" % (own, name))
        program = own
    return out


def of(ctx) -> CallGraph:
    """The run's call graph, computed once and shared by every rule."""
    return ctx.analysis("callgraph", lambda c: analyse(c.index, c.config.max_nesting_depth))


def analyse(index: ProjectIndex, max_depth: int = 3) -> CallGraph:
    """Build the call graph of ``index`` and compute its cycles and nesting levels."""
    graph = CallGraph(index, max_depth)
    campaigns = index.campaigns
    number = {c: i for i, c in enumerate(campaigns)}  # campaigns are numbered in index order
    executable = [c.is_executable for c in campaigns]
    # imported here: the steps build this module's classes (a cycle of imports at the top)
    from mkto_lint.analysis.callgraph_build import add_edges, levels, search

    adj = add_edges(graph, campaigns, number)
    postorder = search(graph, campaigns, number, adj, executable)
    levels(graph, campaigns, adj, executable, postorder)
    return graph


__all__ = ["analyse", "of", "CallGraph", "Edge", "Cycle", "Nesting", "format_chain", "by_program"]
