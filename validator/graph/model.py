"""What the call-graph pictures draw: the campaigns on call paths, the Execute Campaign, Request
Campaign and Remove from Flow edges between them, each campaign's nesting level, and what
breaks a rule, with the findings that say so.

Built from the project index and its call graph (:mod:`mkto_lint.analysis.callgraph`) plus,
optionally, the findings of a check: an edge is *broken* when a reported finding points at one
of its calls (EXE004 cross-workspace, EXE005 the step that enters the level beyond the limit,
EXE007 a call of a non-executable, EXE008 the call that closes a cycle, REQ/EXE011 ...), so the
picture shows what the check reports, suppressions and baseline included, and nothing else.

Only campaigns with an edge are nodes (on a 10,000-campaign instance most are not: they are
counted, not drawn). Levels follow the call graph's definitions: a non-executable campaign is
at level 0, an executable at the deepest level a parent reaches it at, and an executable no
parent reaches has no level (it never runs; it is drawn in column 1, dashed).
"""

from __future__ import annotations

from typing import Iterable

from mkto_lint.analysis import callgraph as callgraph_mod
from mkto_lint.findings import Finding
from mkto_lint.project.index import Call, Campaign, ProjectIndex

KINDS = ("execute", "request", "remove")
KIND_NAMES = {"execute": "Execute Campaign", "request": "Request Campaign", "remove": "Remove from Flow"}
EDGE_STYLES = {"execute": "solid", "request": "dashed", "remove": "dotted"}
DEEPEST_SHOWN = 5


class Node:
    """A campaign on a call path."""

    __slots__ = ("key", "campaign", "label", "program", "workspace", "executable", "level", "in_cycle",
                 "findings", "url")

    def __init__(self, key: str, campaign: Campaign, workspace: str, level: int | None, in_cycle: bool):
        self.key = key  # "n0", "n1": stable ids for DOT, Mermaid and the page
        self.campaign = campaign
        self.label = campaign.label
        self.program = campaign.program_name or ""
        self.workspace = workspace
        self.executable = campaign.is_executable
        self.level = level  # None: an executable no parent reaches
        self.in_cycle = in_cycle
        self.findings: list[Finding] = []  # reported findings located in the campaign's document
        self.url = marketo_url(campaign.data)

    @property
    def column(self) -> int:
        """Where the layout puts it: its level, column 1 for an executable that never runs."""
        return 1 if self.level is None else self.level

    @property
    def style(self) -> str:
        """parent | executable | unreached (an executable no parent reaches)."""
        if not self.executable:
            return "parent"
        return "executable" if self.level is not None else "unreached"

    @property
    def broken(self) -> bool:
        """An error is reported in the campaign's document."""
        return any(f.severity == "error" for f in self.findings)


class GraphEdge:
    """Every call of one kind from one campaign to another (flow order)."""

    __slots__ = ("caller", "callee", "kind", "calls", "findings", "closes_cycle")

    def __init__(self, caller: Node, callee: Node, kind: str, call: Call):
        self.caller = caller
        self.callee = callee
        self.kind = kind
        self.calls = [call]
        self.findings: list[Finding] = []  # reported findings located at one of the calls
        self.closes_cycle = False

    @property
    def style(self) -> str:
        return EDGE_STYLES[self.kind]

    @property
    def broken(self) -> bool:
        return bool(self.findings)


class GraphModel:
    """The nodes (index order) and edges (callers in index order, calls in flow order) of the
    picture, with the counts of what is not drawn and the deepest chains."""

    def __init__(self, max_depth: int, index: ProjectIndex | None = None):
        self.max_depth = max_depth
        self.index = index
        self.nodes: list[Node] = []
        self.edges: list[GraphEdge] = []
        self.campaigns = 0  # campaigns of the project
        self.deepest: list[list[str]] = []  # the deepest chains, labels from the parent down
        self.by_depth: dict[str, int] = {}  # executables by depth ("never runs" for None)
        self.node_of: dict[Campaign, Node] = {}

    @property
    def not_drawn(self) -> int:
        """Campaigns of the project on no call path."""
        return self.campaigns - len(self.nodes)

    def by_workspace(self) -> list[tuple[str, list[Node]]]:
        """[(workspace, its nodes)]: Default first, then the others by name (every picture's bands)."""
        groups: dict[str, list[Node]] = {}
        for n in self.nodes:
            groups.setdefault(n.workspace, []).append(n)
        return sorted(groups.items(), key=lambda kv: (kv[0] != "Default", kv[0].lower(), kv[0]))

    def reachable(self, start: Node) -> list[Node]:
        """``start`` and every node its edges lead to, of any kind (index order)."""
        out_edges: dict[Node, list[GraphEdge]] = {}
        for e in self.edges:
            out_edges.setdefault(e.caller, []).append(e)
        seen = {start}
        todo = [start]
        while todo:
            for e in out_edges.get(todo.pop(), ()):
                if e.callee not in seen:
                    seen.add(e.callee)
                    todo.append(e.callee)
        return [n for n in self.nodes if n in seen]

    def restricted(self, keep: Iterable[Node]) -> GraphModel:
        """The same model with only the nodes ``keep`` and the edges between them."""
        keep = set(keep)
        sub = GraphModel(self.max_depth, self.index)
        sub.campaigns, sub.deepest, sub.by_depth = self.campaigns, self.deepest, self.by_depth
        sub.nodes = [n for n in self.nodes if n in keep]
        sub.edges = [e for e in self.edges if e.caller in keep and e.callee in keep]
        sub.node_of = {n.campaign: n for n in sub.nodes}
        return sub

    def to_dict(self) -> dict:
        """A stable, JSON-able view (the golden tests' and the page's)."""
        return {
            "maxDepth": self.max_depth,
            "counts": {"campaigns": self.campaigns, "drawn": len(self.nodes), "notDrawn": self.not_drawn,
                       "edges": {k: sum(1 for e in self.edges if e.kind == k) for k in KINDS}},
            "byDepth": self.by_depth,
            "deepest": self.deepest,
            "nodes": [{"id": n.key, "label": n.label, "program": n.program, "workspace": n.workspace,
                       "executable": n.executable, "level": n.level, "column": n.column, "style": n.style,
                       "inCycle": n.in_cycle, "broken": n.broken,
                       "codes": sorted({f.code for f in n.findings})} for n in self.nodes],
            "edges": [{"from": e.caller.key, "to": e.callee.key, "kind": e.kind, "style": e.style,
                       "calls": len(e.calls), "closesCycle": e.closes_cycle, "broken": e.broken,
                       "codes": sorted({f.code for f in e.findings})} for e in self.edges],
        }


def marketo_url(data: dict) -> str | None:
    """The asset's address in Marketo from the importer's ``x-marketo`` keys (``url``, else
    ``computedUrl``), when it is an http(s) address: anything else (``javascript:``...) is not
    a link a report may offer."""
    extra = data.get("x-marketo")
    if not isinstance(extra, dict):
        return None
    for key in ("url", "computedUrl"):
        value = extra.get(key)
        if isinstance(value, str) and value.lower().startswith(("https://", "http://")):
            return value
    return None


def build(index: ProjectIndex, findings: Iterable[Finding] = (), max_depth: int = 3,
          graph: callgraph_mod.CallGraph | None = None) -> GraphModel:
    """The model of ``index``'s calls; ``findings`` (a check's reported ones) mark what breaks
    a rule; ``graph``: the run's call graph when one is at hand."""
    graph = graph or callgraph_mod.analyse(index, max_depth)
    model = GraphModel(max_depth, index)
    model.campaigns = len(index.campaigns)
    pairs = {}  # (caller, callee, kind) -> GraphEdge
    on_path = set()
    for call in index.calls:
        if call.target is not None:
            on_path.add(call.caller)
            on_path.add(call.target)
    for c in index.campaigns:
        if c in on_path:
            level = 0 if not c.is_executable else graph.depth.get(c)
            node = Node("n%d" % len(model.nodes), c, index.workspace(c), level, graph.in_cycle(c))
            model.nodes.append(node)
            model.node_of[c] = node
    closing = {(e.caller, e.callee) for e in _closing_edges(graph)}
    for c in index.campaigns:
        for call in index.calls_from.get(c, ()):
            if call.target is None:
                continue
            key = (c, call.target, call.kind)
            edge = pairs.get(key)
            if edge is None:
                edge = pairs[key] = GraphEdge(model.node_of[c], model.node_of[call.target], call.kind, call)
                edge.closes_cycle = call.kind == "execute" and (c, call.target) in closing
                model.edges.append(edge)
            else:
                edge.calls.append(call)
    _attach(model, index, findings)
    _depths(model, graph)
    return model


def _closing_edges(graph):
    return [cycle.edge for cycle in graph.cycles]


def _attach(model, index, findings):
    """Each finding to the edge whose call it points at, and to the campaign of its document."""
    at_call = {}
    for edge in model.edges:
        for call in edge.calls:
            t = call.location()
            at_call[(id(t.file), t.stream, tuple(t.path))] = edge
    docs = {}
    for node in model.nodes:
        doc = node.campaign.doc
        docs[(id(doc.file), doc.stream, doc.prefix)] = node
    for f in findings:
        t = f.target
        edge = at_call.get((id(t.file), t.stream, tuple(t.path)))
        if edge is not None:
            edge.findings.append(f)
        node = docs.get((id(t.file), t.stream, ())) or docs.get((id(t.file), t.stream, tuple(t.path[:1])))
        if node is not None:
            node.findings.append(f)


def _depths(model, graph):
    """Executables by depth, and the deepest chains (witnesses from the call graph)."""
    counts = {}
    executables = [n for n in model.nodes if n.executable]
    for n in executables:
        key = "never runs" if n.level is None else str(n.level)
        counts[key] = counts.get(key, 0) + 1
    model.by_depth = dict(sorted(counts.items(), key=lambda kv: (kv[0] == "never runs", int(kv[0]) if kv[0].isdigit() else 0)))
    shown = set()  # every prefix of a chain already listed: a chain inside a deeper one is not news
    for n in sorted((n for n in executables if n.level), key=lambda n: -n.level):
        if len(model.deepest) == DEEPEST_SHOWN:
            break
        edges = graph.chain(n.campaign)
        chain = tuple([edges[0].caller.label] + [e.callee.label for e in edges]) if edges else ()
        if chain and chain not in shown:
            model.deepest.append(list(chain))
            shown.update(chain[:i] for i in range(2, len(chain) + 1))


__all__ = ["build", "GraphModel", "Node", "GraphEdge", "KINDS", "KIND_NAMES", "EDGE_STYLES", "marketo_url"]
