"""How the call graph is computed (:func:`mkto_lint.analysis.callgraph.analyse` runs these steps
in order): the edges, one iterative depth-first search (Tarjan's strongly connected components,
which also finds the calls that close a cycle), and one pass in topological order for the
levels. The definitions are in :mod:`mkto_lint.analysis.callgraph`.
"""

from __future__ import annotations

from mkto_lint.analysis.callgraph import EXECUTE, MAX_SHOWN, CallGraph, Cycle, Edge, Nesting
from mkto_lint.project.index import Campaign


def add_edges(graph: CallGraph, campaigns: list[Campaign], number: dict[Campaign, int]) -> list[list]:
    """Fill ``edges_from`` / ``edges_to``: one Edge per (caller, callee), calls in flow order.
    Returns the adjacency lists by campaign number: [[(callee number, Edge)]]."""
    adj = [[] for _ in campaigns]
    calls_from = graph.index.calls_from
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
    return adj


def search(graph: CallGraph, campaigns: list[Campaign], number: dict[Campaign, int], adj: list[list],
           executable: list[bool]) -> list[int]:
    """Iterative Tarjan from the parents, then the executables no parent reaches: marks the
    calls that close a cycle (``cycles``), numbers the strongly connected components
    (``component``, ``_cyclic``) and records the search tree (``_tree_edge``). Returns the
    campaign numbers in post-order. The loop stays in one function, without a call per call
    or per campaign: it is the hot part of a run over a large project."""
    n = len(campaigns)
    order = [i for i in range(n) if not executable[i]] + [i for i in range(n) if executable[i]]
    disc = [-1] * n
    low = [0] * n
    on_path = [False] * n  # on the search's current chain (closing a cycle)
    path_pos = [0] * n  # position on that chain (index into ``path``)
    on_stack = [False] * n  # on Tarjan's component stack
    comp_stack = []
    postorder = []
    component = [0] * n
    cyclic = set()
    tree_edge = graph._tree_edge
    cycles = graph.cycles
    long_cycle = MAX_SHOWN + 2
    keep = MAX_SHOWN // 2
    counter = 0
    comp_count = 0
    for root in order:
        if disc[root] != -1:
            continue
        disc[root] = low[root] = counter
        counter += 1
        on_path[root] = on_stack[root] = True
        comp_stack.append(root)
        path_pos[root] = 0
        path = [root]
        work = [iter(adj[root])]
        while work:
            v = path[-1]
            for t, edge in work[-1]:
                if disc[t] == -1:
                    tree_edge[campaigns[t]] = edge
                    disc[t] = low[t] = counter
                    counter += 1
                    on_path[t] = on_stack[t] = True
                    comp_stack.append(t)
                    path_pos[t] = len(path)
                    path.append(t)
                    work.append(iter(adj[t]))
                    break
                if on_path[t]:
                    edge.closes_cycle = True
                    first = path_pos[t]
                    length = len(path) - first  # the tree calls below t, and this one
                    head = None
                    if length > long_cycle:
                        head = [tree_edge[campaigns[path[p]]] for p in range(first + 1, first + 1 + keep)]
                    cycles.append(Cycle(edge, length, head, graph))
                    if disc[t] < low[v]:
                        low[v] = disc[t]
                elif on_stack[t] and disc[t] < low[v]:
                    low[v] = disc[t]
            else:  # every call of v explored
                work.pop()
                path.pop()
                on_path[v] = False
                postorder.append(v)
                if path:
                    parent = path[-1]
                    if low[v] < low[parent]:
                        low[parent] = low[v]
                if low[v] == disc[v]:
                    comp_count = _pop_component(comp_stack, on_stack, component, comp_count, v, cyclic)
    for i, c in enumerate(campaigns):
        graph.component[c] = component[i]
    for cycle in graph.cycles:  # self-calls are single-campaign components with a cycle
        cyclic.add(component[number[cycle.edge.caller]])
    graph._cyclic = cyclic
    return postorder


def _pop_component(comp_stack, on_stack, component, comp_count, v, cyclic):
    """Pop the component whose root is ``v`` off Tarjan's stack as number ``comp_count``
    (cyclic when it has several campaigns); returns the next component number."""
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
    return comp_count + 1


def levels(graph: CallGraph, campaigns: list[Campaign], adj: list[list], executable: list[bool],
           postorder: list[int]) -> None:
    """Levels, in topological order of the graph without the cycle-closing calls: fills
    ``depth``, ``levels``, the witnesses ``_pred`` / ``_pred_at`` and ``too_deep``.

    Each campaign pulls from its callers in index order (and flow order), so a witness chain
    goes through the first caller, in file order, that reaches the level. No chain without a
    closing call is longer than there are campaigns: a huge configured limit costs no more
    than that (and is never exceeded)."""
    n = len(campaigns)
    max_depth = graph.max_depth
    window = min(max_depth, n)
    mask = (1 << (window + 1)) - 1
    top = 1 << max_depth if max_depth <= n else 0
    depth = [-1] * n
    levels = [0] * n
    pred = graph._pred
    pred_at = graph._pred_at
    incoming = [[] for _ in range(n)]  # [(caller number, Edge)], callers in index order
    for u in range(n):
        for t, edge in adj[u]:
            if executable[t] and not edge.closes_cycle:
                incoming[t].append((u, edge))
    for i in range(n):
        if not executable[i]:
            depth[i] = 0
            levels[i] = 1
    for v in reversed(postorder):
        if not executable[v]:
            continue
        callee = campaigns[v]
        for u, edge in incoming[v]:
            du = depth[u]
            if du < 0:
                continue
            if du + 1 > depth[v]:
                depth[v] = du + 1
                pred[callee] = edge
            new = ((levels[u] << 1) & mask) & ~levels[v]
            if new:
                levels[v] |= new
                while new:
                    bit = new & -new
                    pred_at[(callee, bit.bit_length() - 1)] = edge
                    new ^= bit
    for u in range(n):
        if levels[u] & top:
            for t, edge in adj[u]:
                if executable[t] and not edge.closes_cycle:
                    graph.too_deep.append(Nesting(edge, graph))
    for i, c in enumerate(campaigns):
        if depth[i] >= 0:
            graph.levels[c] = levels[i]
            if executable[i]:
                graph.depth[c] = depth[i]


__all__ = ["add_edges", "search", "levels"]
