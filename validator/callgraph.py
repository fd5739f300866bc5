"""The Execute Campaign call graph: nesting depths and cycles, computed once per run.

Rules get the analysis through the run's shared context::

    graph = callgraph.of(ctx)   # = ctx.analysis("callgraph", ...)

The graph's nodes are the project's campaigns; its edges are the *resolved* Execute Campaign
calls of ``index.calls`` (the step's own attributes and every choice that acts, see
``Step.variants``). Several calls from one caller to one callee (two steps, or a step and its
choices) are one edge; the edge keeps all of them, in flow order, and findings are reported on
the first.

Everything is linear in campaigns + calls and nothing recurses in Python: one iterative
depth-first search (Tarjan's strongly connected components) and one pass in topological order.

Definitions (the project documentation repeats them):

Cycles
    The search starts from the non-executable campaigns (in index order, so from the parents
    downwards), then from the executables no parent reaches. A call whose callee is still on
    the search's current chain *closes a cycle*: it is reported once (EXE008), with the cycle
    as the chain from the callee down to the caller and back to the callee (``A > B > C > A``);
    a campaign that executes itself closes ``A > A``. Every cycle of the graph contains at least
    one closing call, so removing the reported calls removes every cycle; a cycle made only of
    calls that close other cycles is not reported again. Calls into non-executable campaigns
    count too (the rule's wording: Execute Campaign calls form a cycle).

Levels and depth
    A non-executable campaign (a parent, which runs on its own) is at level 0; an executable
    it calls is at level 1, and so on. Only calls to *executable* campaigns count (a call to a
    non-executable is EXE007's, and Marketo does not run it). Calls that close a cycle are
    left out: depth is measured along chains in which no campaign repeats, so it always
    terminates, and the cycle itself is EXE008's finding.

    ``depth[c]`` is the deepest level at which executable ``c`` can run, with a witness chain
    from a parent (``chain(c)``), or ``None`` when no parent reaches it. ``levels[c]`` is the
    set of levels (0..max_depth, as a bit mask) at which it can run; a call from a campaign
    that can run at level ``max_depth`` to an executable enters level ``max_depth + 1``, beyond
    Marketo's limit: ``too_deep`` lists these calls, each once, with a chain that reaches it
    (``chain_at``). A diamond (two routes to one executable) therefore yields one finding per
    offending call, not one per route.
"""

from __future__ import annotations

EXECUTE = "execute"
MAX_SHOWN = 16  # campaigns printed in a chain or cycle before the middle is elided


class Edge:
    """Every resolved Execute Campaign call from ``caller`` to ``callee`` (flow order)."""

    __slots__ = ("caller", "callee", "calls", "closes_cycle")

    def __init__(self, caller, callee, call):
        self.caller = caller
        self.callee = callee
        self.calls = [call]
        self.closes_cycle = False

    @property
    def call(self):
        """The first call: where findings about this edge are reported."""
        return self.calls[0]

    def __repr__(self):
        return "<Edge %s -> %s>" % (self.caller.label, self.callee.label)


class Cycle:
    """A cycle, closed by ``edge`` (its callee is the first and last campaign)."""

    __slots__ = ("edge", "_graph")

    def __init__(self, edge, graph):
        self.edge = edge
        self._graph = graph

    def edges(self):
        """The cycle's edges in order, from the callee of the closing call round to it."""
        graph, start = self._graph, self.edge.callee
        out = [self.edge]
        node = self.edge.caller
        while node is not start:
            tree = graph._tree_edge[node]
            out.append(tree)
            node = tree.caller
        out.reverse()
        return out

    def campaigns(self):
        """``[A, B, C, A]``."""
        edges = self.edges()
        return [edges[0].caller] + [e.callee for e in edges]

    def __repr__(self):
        return "<Cycle %s>" % format_chain(c.label for c in self.campaigns())


class Nesting:
    """A call that enters the level beyond the limit: ``edge.caller`` can run at level
    ``max_depth`` and ``edge.callee`` is executable."""

    __slots__ = ("edge", "_graph")

    def __init__(self, edge, graph):
        self.edge = edge
        self._graph = graph

    @property
    def level(self):
        return self._graph.max_depth + 1

    def edges(self):
        """The chain's edges from a parent down to (and including) this call."""
        return self._graph.chain_at(self.edge.caller, self._graph.max_depth) + [self.edge]

    def campaigns(self):
        edges = self.edges()
        return [edges[0].caller] + [e.callee for e in edges]

    def __repr__(self):
        return "<Nesting %s>" % format_chain(c.label for c in self.campaigns())


class CallGraph:
    def __init__(self, index, max_depth):
        self.index = index
        self.max_depth = max_depth
        self.edges_from = {}  # Campaign -> [Edge], in flow order of each edge's first call
        self.edges_to = {}  # Campaign -> [Edge]
        self.depth = {}  # executable Campaign -> deepest level (reached executables only)
        self.levels = {}  # Campaign -> bit mask of levels 0..max_depth (reached ones only)
        self.component = {}  # Campaign -> strongly connected component number
        self.cycles = []  # [Cycle], in search order
        self.too_deep = []  # [Nesting], in search order of the callers
        self._pred = {}  # Campaign -> Edge giving its deepest level
        self._pred_at = {}  # (Campaign, level) -> Edge reaching it at that level
        self._tree_edge = {}  # Campaign -> Edge through which the search discovered it
        self._cyclic = set()  # components with a cycle (size > 1, or a self-call)

    # -- queries -----------------------------------------------------------------------------
    def callees(self, campaign):
        return [e.callee for e in self.edges_from.get(campaign, ())]

    def in_cycle(self, campaign):
        """True when ``campaign`` lies on a cycle of Execute Campaign calls."""
        comp = self.component.get(campaign)
        return comp is not None and comp in self._cyclic

    def chain(self, campaign):
        """The edges of a deepest chain from a parent to ``campaign`` (``[]`` for a parent or
        an executable no parent reaches)."""
        out = []
        edge = self._pred.get(campaign)
        while edge is not None:
            out.append(edge)
            edge = self._pred.get(edge.caller)
        out.reverse()
        return out

    def chain_at(self, campaign, level):
        """The edges of a chain from a parent that brings ``campaign`` to exactly ``level``
        (``[]`` at level 0). ``level`` must be in ``levels[campaign]``."""
        out = []
        while level > 0:
            edge = self._pred_at[(campaign, level)]
            out.append(edge)
            campaign, level = edge.caller, level - 1
        out.reverse()
        return out

    def can_run_at(self, campaign, level):
        return bool(self.levels.get(campaign, 0) >> level & 1)


def format_chain(labels, limit=MAX_SHOWN):
    """``A > B > C``; a very long chain keeps its ends and says how much was left out."""
    labels = list(labels)
    if len(labels) > limit:
        keep = limit // 2
        hidden = len(labels) - 2 * keep
        labels = labels[:keep] + ["... (%d more) ..." % hidden] + labels[-keep:]
    return " > ".join(labels)


def of(ctx):
    """The run's call graph, computed once and shared by every rule."""
    return ctx.analysis("callgraph", lambda c: analyse(c.index, c.config.max_nesting_depth))


def analyse(index, max_depth=3):
    """Build the call graph of ``index`` and compute its cycles and nesting levels."""
    graph = CallGraph(index, max_depth)
    campaigns = index.campaigns
    number = {}
    for i, c in enumerate(campaigns):
        number[c] = i
    n = len(campaigns)
    executable = [c.is_executable for c in campaigns]

    # Edges: one per (caller, callee), calls in flow order.
    adj = [[] for _ in range(n)]  # [(callee number, Edge)]
    calls_from = index.calls_from
    for i, c in enumerate(campaigns):
        calls = calls_from.get(c)
        if not calls:
            continue
        by_callee = {}
        out = []
        for call in calls:
            if call.kind != EXECUTE or call.target is None:
                continue
            t = number.get(call.target)
            if t is None:
                continue
            edge = by_callee.get(t)
            if edge is None:
                edge = by_callee[t] = Edge(c, call.target, call)
                out.append(edge)
                adj[i].append((t, edge))
                graph.edges_to.setdefault(call.target, []).append(edge)
            else:
                edge.calls.append(call)
        if out:
            graph.edges_from[c] = out

    # Iterative Tarjan: components, cycle-closing calls, post-order.
    order = [i for i in range(n) if not executable[i]] + [i for i in range(n) if executable[i]]
    disc = [-1] * n
    low = [0] * n
    on_path = [False] * n  # on the search's current chain (closing a cycle)
    on_stack = [False] * n  # on Tarjan's component stack
    comp_stack = []
    postorder = []
    component = [0] * n
    cyclic = set()
    tree_edge = graph._tree_edge
    counter = 0
    comp_count = 0
    for root in order:
        if disc[root] != -1:
            continue
        disc[root] = low[root] = counter
        counter += 1
        on_path[root] = on_stack[root] = True
        comp_stack.append(root)
        work = [[root, 0]]
        while work:
            frame = work[-1]
            v, k = frame
            succ = adj[v]
            if k < len(succ):
                frame[1] = k + 1
                t, edge = succ[k]
                if disc[t] == -1:
                    tree_edge[campaigns[t]] = edge
                    disc[t] = low[t] = counter
                    counter += 1
                    on_path[t] = on_stack[t] = True
                    comp_stack.append(t)
                    work.append([t, 0])
                elif on_path[t]:
                    edge.closes_cycle = True
                    graph.cycles.append(Cycle(edge, graph))
                    if disc[t] < low[v]:
                        low[v] = disc[t]
                elif on_stack[t] and disc[t] < low[v]:
                    low[v] = disc[t]
                continue
            work.pop()
            on_path[v] = False
            postorder.append(v)
            if work:
                parent = work[-1][0]
                if low[v] < low[parent]:
                    low[parent] = low[v]
            if low[v] == disc[v]:
                size = 0
                while True:
                    w = comp_stack.pop()
                    on_stack[w] = False
                    component[w] = comp_count
                    size += 1
                    if w == v:
                        break
                if size > 1:
                    cyclic.add(comp_count)
                comp_count += 1
    for i, c in enumerate(campaigns):
        graph.component[c] = component[i]
    for cycle in graph.cycles:  # self-calls are single-campaign components with a cycle
        cyclic.add(component[number[cycle.edge.caller]])
    graph._cyclic = cyclic

    # Levels, in topological order of the graph without the cycle-closing calls.
    mask = (1 << (max_depth + 1)) - 1
    top = 1 << max_depth
    depth = [-1] * n
    levels = [0] * n
    pred = graph._pred
    pred_at = graph._pred_at
    for i in range(n):
        if not executable[i]:
            depth[i] = 0
            levels[i] = 1
    for u in reversed(postorder):
        du = depth[u]
        if du < 0:
            continue
        lu = levels[u]
        shifted = (lu << 1) & mask
        for t, edge in adj[u]:
            if edge.closes_cycle or not executable[t]:
                continue
            if du + 1 > depth[t]:
                depth[t] = du + 1
                pred[campaigns[t]] = edge
            new = shifted & ~levels[t]
            if new:
                levels[t] |= new
                callee = campaigns[t]
                while new:
                    bit = new & -new
                    pred_at[(callee, bit.bit_length() - 1)] = edge
                    new ^= bit
            if lu & top:
                graph.too_deep.append(Nesting(edge, graph))
    for i, c in enumerate(campaigns):
        if depth[i] >= 0:
            graph.levels[c] = levels[i]
            if executable[i]:
                graph.depth[c] = depth[i]
    return graph


__all__ = ["analyse", "of", "CallGraph", "Edge", "Cycle", "Nesting", "format_chain"]
