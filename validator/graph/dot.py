"""The call graph as Graphviz DOT (``mkto-lint graph --format dot``): one cluster per workspace,
boxes for parents and rounded boxes for executables (dashed when no parent reaches them), edges
styled by kind (execute solid, request dashed, remove dotted) and red with their findings as the
tooltip when they break a rule."""

from __future__ import annotations

from mkto_lint.graph.model import KIND_NAMES, GraphModel


def quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, line ends as \\n."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"%s"' % text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _node_attrs(n) -> str:
    attrs = ["label=%s" % quote(n.label + ("\n(never runs)" if n.level is None else "\nlevel %d" % n.level))]
    style = ["rounded"] if n.executable else []
    if n.level is None:
        style.append("dashed")
    if style:
        attrs.append("style=%s" % quote(",".join(style)))
    if n.broken:
        attrs.append("color=red")
    if n.url:
        attrs.append("URL=%s" % quote(n.url))
    return ", ".join(attrs)


def render(model: GraphModel) -> str:
    """The DOT text of ``model``."""
    out = ["digraph calls {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica", fontsize=10];',
           '  edge [fontname="Helvetica", fontsize=9];']
    for i, (ws, nodes) in enumerate(model.by_workspace()):
        out.append("  subgraph cluster_%d {" % i)
        out.append("    label=%s;" % quote("workspace " + ws))
        out.extend("    %s [%s];" % (n.key, _node_attrs(n)) for n in nodes)
        out.append("  }")
    for e in model.edges:
        attrs = ["style=%s" % e.style, "tooltip=%s" % quote(
            "\n".join([KIND_NAMES[e.kind]] + ["%s %s" % (f.code, f.message) for f in e.findings]))]
        if e.kind != "execute":
            attrs.append("label=%s" % quote(e.kind))
        if e.broken:
            attrs.append("color=red")
            attrs.append("fontcolor=red")
        out.append("  %s -> %s [%s];" % (e.caller.key, e.callee.key, ", ".join(attrs)))
    out.append("}")
    return "\n".join(out) + "\n"


__all__ = ["render", "quote"]
