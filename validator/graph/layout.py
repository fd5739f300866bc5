"""A layered layout of the call graph, of our own (no Graphviz: call graphs here are shallow).

Columns are nesting levels (parents on the left, executables at levels 1, 2, 3 ...);
workspaces are horizontal bands across every column, so a call that leaves its band crosses a
workspace line. Inside a band, parents are sorted by program and name and each deeper column
by the mean row of its callers (one barycentre sweep, left to right), which untangles most
edges of a shallow graph at a cost linear in the edges.
"""

from __future__ import annotations

from mkto_lint.graph.model import GraphModel, Node

NODE_W, NODE_H = 200, 30  # a node's box
COL_GAP = 64  # between columns, where edges run
ROW_H = 38  # one row of a band
BAND_GAP = 28  # between workspace bands (their label lives there)
MARGIN_X, MARGIN_TOP = 16, 40  # room for the column headings


class Layout:
    """Positions of every node (``x``, ``y``: the box's top-left corner), the bands
    (workspace, top, height) and the picture's size."""

    def __init__(self):
        self.pos: dict[Node, tuple[int, int]] = {}
        self.bands: list[tuple[str, int, int]] = []
        self.columns = 0
        self.width = 0
        self.height = 0

    def column_x(self, column: int) -> int:
        return MARGIN_X + column * (NODE_W + COL_GAP)


def layout(model: GraphModel) -> Layout:
    """Lay out ``model``; linear in nodes + edges (plus a few sorts per column)."""
    out = Layout()
    callers: dict[Node, list[Node]] = {}
    callees: dict[Node, list[Node]] = {}
    for e in model.edges:
        if e.caller.column < e.callee.column:
            callers.setdefault(e.callee, []).append(e.caller)
            callees.setdefault(e.caller, []).append(e.callee)
    columns = max((n.column for n in model.nodes), default=0) + 1
    out.columns = columns
    grid: dict[tuple[str, int], list[Node]] = {}
    for n in model.nodes:
        grid.setdefault((n.workspace, n.column), []).append(n)
    rank: dict[Node, float] = {}
    # three sweeps: deeper columns by name, parents by their callees, deeper columns by their callers
    for cell in grid.values():
        cell.sort(key=lambda n: (n.program.lower(), n.label.lower(), n.key))
        rank.update((n, i) for i, n in enumerate(cell))
    for (ws, col), cell in grid.items():
        if col == 0:
            cell.sort(key=lambda n: (_barycentre(n, callees, rank), n.program.lower(), n.label.lower(), n.key))
            rank.update((n, i) for i, n in enumerate(cell))
    for col in range(1, columns):
        for (ws, c), cell in grid.items():
            if c == col:
                cell.sort(key=lambda n: (n.level is None, _barycentre(n, callers, rank), n.label.lower(), n.key))
                rank.update((n, i) for i, n in enumerate(cell))
    top = MARGIN_TOP
    for ws, _nodes in model.by_workspace():
        height = 0
        for col in range(columns):
            cell = grid.get((ws, col), [])
            for i, n in enumerate(cell):
                out.pos[n] = (out.column_x(col), top + i * ROW_H + BAND_GAP // 2)
            height = max(height, len(cell))
        band_h = height * ROW_H + BAND_GAP
        out.bands.append((ws, top, band_h))
        top += band_h
    out.width = out.column_x(columns) - COL_GAP + MARGIN_X + 60  # room for loops on the right
    out.height = top + 16
    return out


def _barycentre(node, neighbours, rank):
    """The mean rank of a node's neighbours in the next column (infinite without any)."""
    rows = [rank[c] for c in neighbours.get(node, ()) if c in rank]
    return sum(rows) / len(rows) if rows else float("inf")


__all__ = ["layout", "Layout", "NODE_W", "NODE_H", "COL_GAP", "ROW_H"]
