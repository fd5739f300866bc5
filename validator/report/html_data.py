"""What the HTML report shows, as plain values: findings grouped by program and rule, the
summary counts, and each drawn campaign's panel (flow steps, smart-list validity, findings,
callers and callees), which the page's script reads from one embedded JSON object.

Nothing here is markup: :mod:`mkto_lint.report.html_report` escapes and lays it out.
"""

from __future__ import annotations

import os
from urllib.parse import quote

from mkto_lint.analysis.smartlists import SmartListChecks
from mkto_lint.analysis.values import value_text
from mkto_lint.graph.model import KIND_NAMES, GraphModel, marketo_url
from mkto_lint.report.common import span_of

STEPS_SHOWN = 40  # a panel lists this many flow steps, then says how many more
NO_PROGRAM = "(no program)"


class Located:
    """One reported finding as the page shows it."""

    __slots__ = ("finding", "number", "program", "where", "href", "url")

    def __init__(self, finding, number: int, program: str, where: str, href: str, url: str | None):
        self.finding = finding
        self.number = number  # its position in the report: the panels point at it
        self.program = program
        self.where = where  # "webinar/attended.yaml:28:17"
        self.href = href  # the file, relative to the report's folder
        self.url = url  # the asset in Marketo, when the document carries its address


def file_href(path, out_dir) -> str:
    """A relative link from the report's folder to ``path`` (absolute when on another drive)."""
    try:
        rel = os.path.relpath(str(path), str(out_dir))
    except ValueError:
        return "file://" + quote(str(path).replace(os.sep, "/"))
    return quote(rel.replace(os.sep, "/"))


def located(result, out_dir) -> list[Located]:
    """Every reported finding with its program, place, file link and Marketo address."""
    index = result.index
    by_doc = {}
    if index is not None:
        for doc in index.documents:
            by_doc.setdefault((id(doc.file), doc.stream), []).append(doc)
    out = []
    for i, f in enumerate(result.findings):
        t = f.target
        data = None
        for doc in by_doc.get((id(t.file), t.stream), ()):
            if not doc.prefix or tuple(t.path[:len(doc.prefix)]) == doc.prefix:
                data = doc.data
                break
        program, url = _program(data)
        span = span_of(f)
        out.append(Located(f, i, program, "%s:%d:%d" % (t.file.display, span.line, span.column),
                           file_href(t.file.path, out_dir), url))
    return out


def _program(data):
    if not isinstance(data, dict):
        return NO_PROGRAM, None
    if data.get("kind") == "Program" and isinstance(data.get("name"), str):
        return data["name"], marketo_url(data)
    program = data.get("program")
    return (program if isinstance(program, str) and program else NO_PROGRAM), marketo_url(data)


def grouped(items: list[Located]) -> list[tuple[str, list[tuple[str, list[Located]]]]]:
    """[(program, [(code, [Located])])]: programs by name (no program last), codes in order."""
    programs: dict[str, dict[str, list[Located]]] = {}
    for item in items:
        programs.setdefault(item.program, {}).setdefault(item.finding.code, []).append(item)
    order = sorted(programs, key=lambda p: (p == NO_PROGRAM, p.lower(), p))
    return [(p, sorted(programs[p].items())) for p in order]


def counts(items: list[Located]) -> dict:
    """{"severity": {...}, "rule": {code: n}, "program": {name: n}}."""
    sev = {"error": 0, "warning": 0, "info": 0}
    rule: dict[str, int] = {}
    program: dict[str, int] = {}
    for item in items:
        f = item.finding
        sev[f.severity] = sev.get(f.severity, 0) + 1
        rule[f.code] = rule.get(f.code, 0) + 1
        program[item.program] = program.get(item.program, 0) + 1
    return {"severity": sev, "rule": dict(sorted(rule.items())),
            "program": dict(sorted(program.items(), key=lambda kv: (-kv[1], kv[0])))}


def _step_text(step) -> str:
    attrs = step.attributes
    shown = [step.raw_action if isinstance(step.raw_action, str) else "?"]
    for key in ("campaign", "campaigns", "scoreName", "change", "email", "duration", "webhook"):
        if key in attrs:
            value = attrs[key]
            shown.append("%s: %s" % (key, ", ".join(map(value_text, value)) if isinstance(value, list)
                                     else value_text(value)))
    if step.choices:
        shown.append("(%d choice%s)" % (len(step.choices), "" if len(step.choices) == 1 else "s"))
    return " \u00b7 ".join(shown)


def panels(model: GraphModel, items: list[Located]) -> list[dict]:
    """One panel per drawn node, in the model's order (the page's ``nodes``)."""
    numbers = {id(item.finding): item.number for item in items}
    checks = SmartListChecks(model.index) if model.index is not None else None
    callers: dict[str, list] = {}
    callees: dict[str, list] = {}
    for e in model.edges:
        callees.setdefault(e.caller.key, []).append([e.callee.key, KIND_NAMES[e.kind], e.broken])
        callers.setdefault(e.callee.key, []).append([e.caller.key, KIND_NAMES[e.kind], e.broken])
    out = []
    for n in model.nodes:
        c = n.campaign
        problem = checks.first_problem(c) if checks is not None else None
        steps = [_step_text(s) for s in c.steps[:STEPS_SHOWN]]
        if len(c.steps) > STEPS_SHOWN:
            steps.append("... and %d more steps" % (len(c.steps) - STEPS_SHOWN))
        out.append({
            "id": n.key, "label": n.label, "program": n.program, "workspace": n.workspace,
            "kind": "executable" if n.executable else ("trigger campaign" if c.is_trigger else "batch campaign"),
            "level": n.level, "file": c.doc.file.display, "url": n.url,
            "smartList": "valid" if problem is None else "invalid: " + problem.message,
            "steps": steps, "findings": [numbers[id(f)] for f in n.findings if id(f) in numbers],
            "callers": callers.get(n.key, []), "callees": callees.get(n.key, []),
        })
    return out


__all__ = ["located", "grouped", "counts", "panels", "file_href", "Located", "NO_PROGRAM"]
