"""The call graph as inline SVG for the HTML report: one ``<g class="node">`` per campaign on a
call path (``data-id`` ties it to the page's data), one ``<path class="edge">`` per edge, styled
by kind (CSS classes: execute solid, request dashed, remove dotted; ``broken`` red), a
``<title>`` on each (the browser's tooltip: the edge's findings on hover), workspaces as bands
and the nesting limit as a red line between its columns.

Every user string is escaped here (names are the user's, and may be hostile).
"""

from __future__ import annotations

from html import escape

from mkto_lint.graph.layout import NODE_H, NODE_W, Layout
from mkto_lint.graph.model import KIND_NAMES, GraphEdge, GraphModel

LABEL_CHARS = 30  # a box shows this much of a label; the tooltip and the panel show all of it


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def _edge_path(edge: GraphEdge, lay: Layout) -> str:
    x1, y1 = lay.pos[edge.caller]
    x2, y2 = lay.pos[edge.callee]
    y1 += NODE_H // 2
    y2 += NODE_H // 2
    if edge.callee.column > edge.caller.column:  # forward: right side to left side
        sx, ex = x1 + NODE_W, x2
        mid = (sx + ex) / 2
        return "M%d %d C%.0f %d %.0f %d %d %d" % (sx, y1, mid, y1, mid, y2, ex - 6, y2)
    # the same column or backwards (requests of parents, cycles): a loop out on the right
    sx, ex = x1 + NODE_W, x2 + NODE_W
    bulge = 40 + min(abs(y2 - y1) // 8, 30)
    return "M%d %d C%d %d %d %d %d %d" % (sx, y1, max(sx, ex) + bulge, y1, max(sx, ex) + bulge, y2, ex + 6, y2)


def _edge_title(edge: GraphEdge) -> str:
    lines = ["%s: %s \u2192 %s (%d call%s)" % (KIND_NAMES[edge.kind], edge.caller.label, edge.callee.label,
                                              len(edge.calls), "" if len(edge.calls) == 1 else "s")]
    lines += ["%s %s" % (f.code, f.message) for f in edge.findings]
    return "\n".join(lines)


def render(model: GraphModel, lay: Layout) -> str:
    """The ``<svg>`` element of ``model`` laid out as ``lay``."""
    out = ['<svg xmlns="http://www.w3.org/2000/svg" id="graph" width="%d" height="%d" viewBox="0 0 %d %d" '
           'role="img" aria-label="call graph">' % (lay.width, lay.height, lay.width, lay.height)]
    out.append('<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" '
               'orient="auto-start-reverse"><path d="M0 0L8 4L0 8z" fill="context-stroke"/></marker>'
               '<marker id="arrow-red" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" '
               'orient="auto-start-reverse"><path d="M0 0L8 4L0 8z" class="arrow-red"/></marker></defs>')
    for i, (ws, top, height) in enumerate(lay.bands):
        out.append('<g class="band band%d"><rect x="0" y="%d" width="%d" height="%d"/>'
                   '<text x="6" y="%d">workspace %s</text></g>'
                   % (i % 2, top, lay.width, height, top + 12, escape(ws)))
    for col in range(lay.columns):
        name = "level 0: parents" if col == 0 else "level %d" % col
        if col == model.max_depth + 1:
            name += ": beyond the limit"
        out.append('<text class="colhead" x="%d" y="18">%s</text>' % (lay.column_x(col), escape(name)))
    if lay.columns > model.max_depth + 1:
        x = lay.column_x(model.max_depth + 1) - 45
        out.append('<line class="limit" x1="%d" y1="24" x2="%d" y2="%d"><title>the nesting limit '
                   '(max-nesting-depth %d)</title></line>' % (x, x, lay.height, model.max_depth))
    for e in model.edges:
        cls = "edge %s%s%s" % (e.kind, " broken" if e.broken else "", " closes" if e.closes_cycle else "")
        # only an edge that breaks a rule has a tooltip (its findings): on a large instance the
        # titles of every edge would be a good part of the file
        title = "<title>%s</title>" % escape(_edge_title(e)) if e.broken else ""
        out.append('<path class="%s" data-from="%s" data-to="%s" d="%s" marker-end="url(#%s)">%s</path>'
                   % (cls, e.caller.key, e.callee.key, _edge_path(e, lay), "arrow-red" if e.broken else "arrow", title))
    for n in model.nodes:
        x, y = lay.pos[n]
        cls = "node %s%s%s" % (n.style, " broken" if n.broken else "", " cyclic" if n.in_cycle else "")
        title = n.label + ("" if n.level is None else " (level %d)" % n.level)
        if n.level is None and n.executable:
            title += " (no parent reaches it: it never runs)"
        # two lines: the program, small, over the campaign's name (a label as one line is cut early)
        name = n.campaign.name or n.label
        over = n.program
        if not over and n.label.endswith("/" + name):  # a campaign outside any program: its folder
            over = n.label[:-len(name) - 1]
        out.append('<g class="%s" data-id="%s" tabindex="0" transform="translate(%d %d)"><title>%s</title>'
                   '<rect width="%d" height="%d" rx="%d"/><text class="prog" x="8" y="11">%s</text>'
                   '<text x="8" y="24">%s</text></g>'
                   % (cls, n.key, x, y, escape(title), NODE_W, NODE_H, 10 if n.executable else 2,
                      escape(_short(over, LABEL_CHARS + 6)), escape(_short(name))))
    out.append("</svg>")
    return "".join(out)


__all__ = ["render", "LABEL_CHARS"]
