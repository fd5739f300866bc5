"""``mkto-lint report --out FILE``: the audit report, one self-contained HTML page.

Sections: the summary (counts by severity, rule and program; executables by depth; the deepest
chains), the call graph drawn as inline SVG (:mod:`mkto_lint.graph.svg`) with a panel per
campaign, the findings grouped by program and rule (filterable by severity and code, each with
its file and line and, when the document carries it, its address in Marketo), the token
picture (:mod:`mkto_lint.report.token_picture`) and the documentation of every rule reported.

No request of any kind: the stylesheet, the script, the picture and the data are in the page;
there is no font, image or link to load. Every user string is escaped (``html.escape``; the
embedded JSON has ``<``, ``>`` and ``&`` as ``\\u`` escapes, so it cannot close its script).
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from mkto_lint import __version__
from mkto_lint.graph import layout as layout_mod
from mkto_lint.graph import model as model_mod
from mkto_lint.graph import svg
from mkto_lint.report import html_data, html_static, token_picture
from mkto_lint.report.common import rules_by_code

SEVERITIES = ("error", "warning", "info")


def _json(value) -> str:
    """JSON safe inside ``<script type="application/json">``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _table(head, rows) -> str:
    out = ["<table><tr>%s</tr>" % "".join("<th>%s</th>" % escape(h) for h in head)]
    for row in rows:
        out.append("<tr>%s</tr>" % "".join("<td>%s</td>" % escape(str(c)) for c in row))
    out.append("</table>")
    return "".join(out)


def _summary(counts, model) -> str:
    sev = counts["severity"]
    out = ['<section id="summary"><h2>Summary</h2><div class="cards">']
    for s in SEVERITIES:
        out.append('<div class="card %s"><b>%d</b>%s%s</div>' % (s, sev.get(s, 0), s, "" if sev.get(s, 0) == 1 else "s"))
    out.append('<div class="card"><b>%d</b>campaigns</div><div class="card"><b>%d</b>on call paths</div>'
               % (model.campaigns, len(model.nodes)))
    out.append("</div>")
    rules = rules_by_code()
    out.append("<h3>By rule</h3>")
    out.append(_table(("rule", "name", "findings"),
                      [(c, getattr(rules.get(c), "name", ""), n) for c, n in counts["rule"].items()]) if counts["rule"]
               else "<p>No findings.</p>")
    if counts["program"]:
        out.append("<h3>By program</h3>")
        out.append(_table(("program", "findings"), list(counts["program"].items())))
    out.append("<h3>Executables by depth</h3>")
    out.append(_table(("level", "executables"), list(model.by_depth.items())) if model.by_depth
               else "<p>No executable is on a call path.</p>")
    out.append("<h3>Deepest chains</h3>")
    if model.deepest:
        out.append("<ol>%s</ol>" % "".join("<li>%s (level %d)</li>" % (escape(" > ".join(chain)), len(chain) - 1)
                                           for chain in model.deepest))
    else:
        out.append("<p>No parent executes an executable.</p>")
    out.append("</section>")
    return "".join(out)


def _legend() -> str:
    def line(cls, text):
        return ('<span><svg width="40" height="10"><path class="edge %s" d="M2 5H38"/></svg>%s</span>'
                % (cls, escape(text)))

    def box(cls, text):
        return ('<span><svg width="26" height="14"><g class="node %s"><rect width="24" height="12" rx="%d"/></g>'
                '</svg> %s</span>' % (cls, 5 if cls != "parent" else 1, escape(text)))

    return ('<p class="legend">%s%s%s%s%s%s%s</p>'
            % (box("parent", "parent (runs on its own)"), box("executable", "executable"),
               box("unreached", "executable no parent reaches"), line("execute", "Execute Campaign"),
               line("request", "Request Campaign"), line("remove", "Remove from Flow"),
               line("execute broken", "breaks a rule (hover for the finding)")))


def _graph(model, lay) -> str:
    programs = sorted({n.program for n in model.nodes if n.program}, key=str.lower)
    out = ['<section id="graph-section"><h2>Call graph</h2>',
           "<p>%d campaigns on call paths are drawn; %d campaigns of the project are on no call path "
           "(they call nothing and nothing calls them) and are not drawn. Click a campaign for its flow, "
           "smart list and findings.</p>" % (len(model.nodes), model.not_drawn)]
    if not model.nodes:
        out.append("<p>No campaign calls another.</p></section>")
        return "".join(out)
    out.append('<div class="controls"><label>program <select id="program-filter"><option value="">all programs'
               '</option>%s</select></label></div>'
               % "".join('<option value="%s">%s</option>' % (escape(p), escape(p)) for p in programs))
    out.append(_legend())
    out.append('<div class="graphwrap"><div class="scroller">%s</div>' % svg.render(model, lay))
    out.append('<aside id="panel" aria-live="polite"><p>Click a campaign to see its flow steps, its smart '
               "list's validity and its findings.</p></aside></div></section>")
    return "".join(out)


def _findings(items) -> str:
    out = ['<section id="findings"><h2>Findings</h2>']
    if not items:
        out.append("<p>No findings.</p></section>")
        return "".join(out)
    codes = sorted({i.finding.code for i in items})
    out.append('<div class="controls">%s<label>code <select id="code-filter"><option value="">all codes</option>'
               "%s</select></label></div>"
               % ("".join('<label><input type="checkbox" class="sev-filter" value="%s" checked> %s</label>' % (s, s)
                          for s in SEVERITIES),
                  "".join('<option value="%s">%s</option>' % (c, c) for c in codes)))
    for program, rules in html_data.grouped(items):
        n = sum(len(v) for _, v in rules)
        out.append('<details class="program" open><summary>%s (%d)</summary>' % (escape(program), n))
        for code, group in rules:
            out.append('<div class="rulegroup"><h4><a href="#rule-%s">%s</a> %s</h4><ul>'
                       % (escape(code), escape(code), escape(group[0].finding.name)))
            for item in group:
                f = item.finding
                marketo = ' <a href="%s">in Marketo</a>' % escape(item.url) if item.url else ""
                out.append('<li class="finding" data-sev="%s" data-code="%s"><span class="sev-%s">%s</span> '
                           '<a class="where" href="%s">%s</a> %s%s</li>'
                           % (f.severity, escape(f.code), f.severity, f.severity, escape(item.href),
                              escape(item.where), escape(f.message), marketo))
            out.append("</ul></div>")
        out.append("</details>")
    out.append("</section>")
    return "".join(out)


def _tokens(uses) -> str:
    out = ['<section id="tokens"><h2>Token picture</h2>',
           "<p>For each executable on a call path, the My Tokens its steps use: its own value, and the value "
           "each resolves to in the runs each caller starts (a dry run without a person), with where it comes "
           "from. A caller's value that differs from the executable's own is highlighted.</p>"]
    if not uses:
        out.append("<p>No executable on a call path uses a My Token.</p></section>")
        return "".join(out)
    for use in uses:
        out.append("<h3>%s</h3><table><tr><th>token</th><th>run by</th><th>context passed</th><th>value</th>"
                   "<th>from</th></tr>" % escape(use.label))
        for name in use.names:
            own_value, own_origin = use.own[name]
            out.append("<tr><td>%s</td><td>(its own)</td><td></td><td>%s</td><td>%s</td></tr>"
                       % (escape(name), escape(own_value), escape(own_origin)))
            for caller, ctx, values in use.callers:
                if name not in values:
                    continue
                value, origin = values[name]
                cls = ' class="shadow"' if value != own_value else ""
                out.append("<tr%s><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>"
                           % (cls, escape(name), escape(caller), "yes" if ctx else "no", escape(value), escape(origin)))
        out.append("</table>")
    out.append("</section>")
    return "".join(out)


def _rule_docs(codes) -> str:
    rules = rules_by_code()
    out = ['<section id="rules" class="rules-doc"><h2>Rules reported</h2>']
    if not codes:
        out.append("<p>No rule reported anything.</p>")
    for code in codes:
        rule = rules.get(code)
        text = rule.documentation() if rule is not None else ""
        out.append('<details id="rule-%s"><summary><b>%s</b> %s</summary><pre>%s</pre></details>'
                   % (escape(code), escape(code), escape(getattr(rule, "name", "")), escape(text)))
    out.append("</section>")
    return "".join(out)


def render(result, cfg, out_dir: Path) -> str:
    """The page for a check's ``result``; links to files are relative to ``out_dir``."""
    model = model_mod.build(result.index, result.findings, cfg.max_nesting_depth) if result.index is not None \
        else model_mod.GraphModel(cfg.max_nesting_depth)
    lay = layout_mod.layout(model)
    items = html_data.located(result, out_dir)
    counts = html_data.counts(items)
    uses = token_picture.picture(model) if model.index is not None else []
    data = {"nodes": html_data.panels(model, items),
            "edges": [[e.caller.key, e.callee.key] for e in model.edges],
            "findings": [[i.finding.severity, i.finding.code, i.finding.message, i.where, i.href] for i in items]}
    root = str(cfg.root)
    return "".join([
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
        'script-src \'unsafe-inline\'">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>mkto-lint report: %s</title><style>%s</style></head><body>" % (escape(Path(root).name or root),
                                                                            html_static.CSS),
        "<header><h1>mkto-lint audit report</h1><p>%s &middot; %d files &middot; mkto-lint %s</p></header><main>"
        % (escape(root), len(result.files), escape(__version__)),
        '<nav class="noprint"><a href="#summary">Summary</a> &middot; <a href="#graph-section">Call graph</a> &middot; '
        '<a href="#findings">Findings</a> &middot; <a href="#tokens">Token picture</a> &middot; '
        '<a href="#rules">Rules</a></nav>',
        _summary(counts, model), _graph(model, lay), _findings(items), _tokens(uses),
        _rule_docs(sorted(counts["rule"])),
        '</main><script type="application/json" id="mkl-data">%s</script><script>%s</script></body></html>\n'
        % (_json(data), html_static.JS),
    ])


__all__ = ["render"]
