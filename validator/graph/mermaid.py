"""The call graph as a Mermaid flowchart (``mkto-lint graph --format mermaid``), for wikis and
Markdown: a subgraph per workspace, rounded nodes for executables, ``-->`` Execute Campaign,
``-.->`` Request Campaign, ``--x`` Remove from Flow, and what breaks a rule in red
(``linkStyle`` / ``classDef``)."""

from __future__ import annotations

from mkto_lint.graph.model import GraphModel

ARROWS = {"execute": "-->", "request": "-.->|request|", "remove": "--x|remove|"}
# Mermaid reads a label's text as HTML-ish markup: these characters go in as its entity codes
_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "\n": " ", "\r": " ",
             "`": "#96;", "|": "#124;"}


def text(label: str) -> str:
    """A label as a Mermaid double-quoted string."""
    return '"%s"' % "".join(_ENTITIES.get(ch, ch) for ch in label)


def render(model: GraphModel) -> str:
    """The Mermaid text of ``model``."""
    out = ["flowchart LR"]
    for i, (ws, nodes) in enumerate(model.by_workspace()):
        out.append("  subgraph ws%d[%s]" % (i, text("workspace " + ws)))
        for n in nodes:
            shown = n.label + (" (never runs)" if n.level is None else " - level %d" % n.level)
            out.append(("    %s(%s)" if n.executable else "    %s[%s]") % (n.key, text(shown)))
        out.append("  end")
    red = []
    for i, e in enumerate(model.edges):
        out.append("  %s %s %s" % (e.caller.key, ARROWS[e.kind], e.callee.key))
        if e.broken:
            red.append(str(i))
    out.append("  classDef broken stroke:#c00,stroke-width:2px")
    out.append("  classDef unreached stroke-dasharray:4 3")
    broken = [n.key for n in model.nodes if n.broken]
    if broken:
        out.append("  class %s broken" % ",".join(broken))
    unreached = [n.key for n in model.nodes if n.style == "unreached"]
    if unreached:
        out.append("  class %s unreached" % ",".join(unreached))
    if red:
        out.append("  linkStyle %s stroke:#c00,stroke-width:2px" % ",".join(red))
    return "\n".join(out) + "\n"


__all__ = ["render", "text"]
