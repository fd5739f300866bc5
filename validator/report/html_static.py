"""The HTML report's stylesheet and script, inlined into every page (the file must be
self-contained: no request of any kind, no web font). The script builds the panels with
``textContent`` only, so no user string is ever parsed as markup."""

CSS = """
:root { --err: #b00020; --warn: #9a6700; --info: #0b5cad; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  margin: 0; color: #1f2328; background: #fff; }
header { padding: 14px 20px; background: #24292f; color: #fff; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 0; color: #d0d7de; }
main { padding: 8px 20px 40px; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 28px; }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card b { display: block; font-size: 22px; }
.sev-error, .card.error b { color: var(--err); }
.sev-warning, .card.warning b { color: var(--warn); }
.sev-info, .card.info b { color: var(--info); }
.controls { margin: 8px 0; display: flex; gap: 14px; flex-wrap: wrap; align-items: center; }
.graphwrap { display: flex; gap: 12px; align-items: flex-start; }
.scroller { overflow: auto; max-height: 78vh; border: 1px solid var(--line); flex: 1 1 auto; }
#panel { flex: 0 0 330px; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px;
  position: sticky; top: 8px; max-height: 78vh; overflow: auto; background: #fff; }
#panel h3 { margin: 0 0 6px; font-size: 15px; word-break: break-word; }
#panel dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 0 0 8px; }
#panel dt { color: #57606a; }
#panel dd { margin: 0; word-break: break-word; }
#panel ol, #panel ul { padding-left: 20px; margin: 4px 0 8px; }
button.linkish { background: none; border: 0; padding: 0; color: #0969da; cursor: pointer; font: inherit;
  text-align: left; }
svg text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
.band0 rect { fill: #f6f8fa; } .band1 rect { fill: #eef2f7; }
.band text { fill: #57606a; font-style: italic; }
.node text.prog { font-size: 9px; fill: #57606a; }
.colhead { font-weight: 600; fill: #24292f; }
.limit { stroke: var(--err); stroke-width: 1.5; stroke-dasharray: 6 4; }
.node { cursor: pointer; }
.node rect { fill: #ddf4ff; stroke: #0969da; stroke-width: 1; }
.node.executable rect { fill: #fff8c5; stroke: #9a6700; }
.node.unreached rect { fill: #f6f8fa; stroke: #6e7781; stroke-dasharray: 4 3; }
.node.broken rect { stroke: var(--err); stroke-width: 2; }
.node.selected rect { stroke: #8250df; stroke-width: 3; }
.node:focus { outline: none; } .node:focus rect { stroke-width: 3; }
.edge { fill: none; stroke: #57606a; stroke-width: 1.2; }
.edge.request { stroke-dasharray: 6 4; }
.edge.remove { stroke-dasharray: 1.5 3; stroke-width: 1.6; }
.edge.broken { stroke: var(--err); stroke-width: 2; }
.arrow-red { fill: var(--err); }
.hidden { display: none; }
.legend span { margin-right: 14px; white-space: nowrap; }
.legend svg { vertical-align: middle; }
.finding { margin: 3px 0; }
.finding .code { font-weight: 600; }
.where { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
details.program > summary { font-weight: 600; font-size: 15px; cursor: pointer; margin-top: 8px; }
.rulegroup h4 { margin: 8px 0 2px; }
.rules-doc pre { white-space: pre-wrap; background: #f6f8fa; padding: 8px; border-radius: 6px; }
.shadow { background: #fff8c5; }
@media print {
  .controls, #panel button, .noprint { display: none !important; }
  .scroller, #panel { max-height: none; overflow: visible; border: 0; position: static; }
  .graphwrap { display: block; }
  svg#graph { max-width: 100%; height: auto; }
  header { background: #fff; color: #000; border-bottom: 2px solid #000; }
  header p { color: #000; }
  details.program { display: block; }
  a { color: inherit; }
}
"""

JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("mkl-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var svg = document.getElementById("graph");
  var panel = document.getElementById("panel");

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function link(href, text) { var a = el("a", text); a.setAttribute("href", href); return a; }
  function button(text, action) {
    var b = el("button", text, "linkish"); b.type = "button"; b.addEventListener("click", action); return b;
  }
  function nodeEls() { return svg ? svg.querySelectorAll("g.node") : []; }

  function show(keep) {
    var hidden = {};
    Array.prototype.forEach.call(nodeEls(), function (g) {
      var off = keep !== null && !keep[g.getAttribute("data-id")];
      g.classList.toggle("hidden", off);
      if (off) { hidden[g.getAttribute("data-id")] = true; }
    });
    Array.prototype.forEach.call(svg ? svg.querySelectorAll("path.edge") : [], function (p) {
      p.classList.toggle("hidden", !!(hidden[p.getAttribute("data-from")] || hidden[p.getAttribute("data-to")]));
    });
    // on a large instance what is left can be far down the picture: bring it into view
    var first = keep !== null && svg.querySelector("g.node:not(.hidden)");
    if (first) { first.scrollIntoView({block: "nearest", inline: "nearest"}); }
  }
  function reach(id) {
    var out = {}, keep = {}, todo = [id];
    data.edges.forEach(function (e) { (out[e[0]] = out[e[0]] || []).push(e[1]); });
    keep[id] = true;
    while (todo.length) {
      (out[todo.pop()] || []).forEach(function (t) { if (!keep[t]) { keep[t] = true; todo.push(t); } });
    }
    return keep;
  }

  function neighbours(title, list) {
    if (!list.length) { return; }
    panel.appendChild(el("h4", title));
    var ul = el("ul");
    list.forEach(function (item) {
      var li = el("li");
      li.appendChild(button(byId[item[0]].label, function () { select(item[0]); }));
      li.appendChild(el("span", " (" + item[1] + (item[2] ? ", breaks a rule" : "") + ")", item[2] ? "sev-error" : ""));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }

  function select(id) {
    var n = byId[id];
    if (!n) { return; }
    Array.prototype.forEach.call(nodeEls(), function (g) {
      g.classList.toggle("selected", g.getAttribute("data-id") === id);
    });
    panel.textContent = "";
    panel.setAttribute("data-id", id);
    panel.appendChild(el("h3", n.label));
    var dl = el("dl");
    [["program", n.program || "(none)"], ["workspace", n.workspace], ["kind", n.kind],
     ["level", n.level === null ? "none: no parent reaches it" : n.level], ["file", n.file],
     ["smart list", n.smartList]].forEach(function (row) {
      dl.appendChild(el("dt", row[0])); dl.appendChild(el("dd", row[1]));
    });
    panel.appendChild(dl);
    if (n.url) { var p = el("p"); p.appendChild(link(n.url, "open in Marketo")); panel.appendChild(p); }
    var tools = el("p");
    tools.appendChild(button("show only what it reaches", function () { show(reach(id)); }));
    tools.appendChild(el("span", " \u00b7 "));
    tools.appendChild(button("show all", function () { show(null); }));
    panel.appendChild(tools);
    panel.appendChild(el("h4", "flow steps (" + n.steps.length + ")"));
    var ol = el("ol");
    n.steps.forEach(function (s) { ol.appendChild(el("li", s)); });
    panel.appendChild(ol);
    panel.appendChild(el("h4", "findings (" + n.findings.length + ")"));
    var ul = el("ul");
    n.findings.forEach(function (i) {
      var f = data.findings[i], li = el("li", null, "finding");
      li.appendChild(el("span", f[0] + " ", "sev-" + f[0]));
      li.appendChild(link("#rule-" + f[1], f[1]));
      li.appendChild(el("span", " " + f[2] + " "));
      li.appendChild(link(f[4], f[3]));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
    neighbours("called by", n.callers);
    neighbours("calls", n.callees);
  }

  if (svg) {
    svg.addEventListener("click", function (ev) {
      var g = ev.target.closest("g.node");
      if (g) { select(g.getAttribute("data-id")); }
    });
    svg.addEventListener("keydown", function (ev) {
      var g = ev.target.closest("g.node");
      if (g && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); select(g.getAttribute("data-id")); }
    });
  }
  var program = document.getElementById("program-filter");
  if (program) {
    program.addEventListener("change", function () {
      if (!program.value) { show(null); return; }
      var keep = {};
      data.nodes.forEach(function (n) { if (n.program === program.value) { keep[n.id] = true; } });
      data.edges.forEach(function (e) { if (keep[e[0]] === true || keep[e[1]] === true) { keep[e[0]] = keep[e[0]] || 1; keep[e[1]] = keep[e[1]] || 1; } });
      show(keep);
    });
  }

  var sevBoxes = document.querySelectorAll("input.sev-filter");
  var code = document.getElementById("code-filter");
  function filterFindings() {
    var sev = {};
    Array.prototype.forEach.call(sevBoxes, function (b) { sev[b.value] = b.checked; });
    Array.prototype.forEach.call(document.querySelectorAll("li.finding[data-sev]"), function (li) {
      li.classList.toggle("hidden", !sev[li.getAttribute("data-sev")] || (code.value && li.getAttribute("data-code") !== code.value));
    });
    Array.prototype.forEach.call(document.querySelectorAll(".rulegroup, details.program"), function (g) {
      g.classList.toggle("hidden", !g.querySelector("li.finding[data-sev]:not(.hidden)"));
    });
  }
  Array.prototype.forEach.call(sevBoxes, function (b) { b.addEventListener("change", filterFindings); });
  if (code) { code.addEventListener("change", filterFindings); }
  document.documentElement.setAttribute("data-ready", "1");
})();
"""
