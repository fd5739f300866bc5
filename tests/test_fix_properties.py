"""Property test of ``check --fix`` on generated projects with injected defects.

Each project is written twice from the same choices: with the defects (``before``) and with the
repairs ``--fix`` must make (``expected``). Fixable defects: EXE006 (a clone of an executable
without ``isExecutable``, or with ``isExecutable: false``), FLW001 (``4 hrs``, ``2d``), TOK004
(typographic quotes), MKL007 (stale suppression comments, trailing or alone on a line).
Unfixable ones stay: a duration with no understood unit, a bare number as a score change
(its fix is unsafe). Layouts vary: LF or CRLF, a BOM, flow or block attributes, plain or quoted
scalars, comments beside and between entries, a final line break or not.

The same for a bulk JSON export (one line per object, or indented by 2 or 4, LF or CRLF).

Properties: ``--fix`` writes exactly ``expected`` (so only the lines holding a defect change,
byte for byte); what is left are the unfixable findings alone, the same as a check of
``expected``; a second ``--fix`` changes nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli

CI = dict(derandomize=True, deadline=None, database=None, max_examples=40,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HEAD = ["kind: Program", "name: OP-Prop", "---", "kind: SmartCampaign", "name: Lib", "program: OP-Prop",
        "isExecutable: true", "flow:", "  - action: Change Score",
        '    attributes: {scoreName: Behavior Score, change: "+1"}']


def _quote(text, style):
    return {"plain": text, "double": '"%s"' % text, "single": "'%s'" % text}[style]


@st.composite
def campaign(draw, i):
    """(lines before, lines expected) of one campaign document."""
    before, after = [], []

    def both(line, fixed=None):
        before.append(line)
        after.append(line if fixed is None else fixed)

    if draw(st.booleans()):
        both("# campaign %d" % i)
    both("kind: SmartCampaign")
    both("name: C%d%s" % (i, draw(st.sampled_from(["", "   # a trailing comment"]))))
    both("program: OP-Prop")
    clone = draw(st.sampled_from(["no", "missing", "false"]))
    flow = draw(st.booleans())
    if clone != "no":
        comment = draw(st.sampled_from(["", "  # the copy"]))
        both("clonedFrom: OP-Prop.Lib" + comment)
        if clone == "missing":
            after.append("isExecutable: true")
        else:
            both("isExecutable: false   # un-ticked", "isExecutable: true   # un-ticked")
    both("flow:")
    if clone == "no":  # a clone becomes executable, where a Wait would be another finding
        number = draw(st.integers(1, 30))
        unit, fixed = draw(st.sampled_from([("days", None), ("hrs", "hours"), ("d", "days"), ("fortnights", None)]))
        style = draw(st.sampled_from(["plain", "double", "single"]))
        if unit == "d":
            style = draw(st.sampled_from(["plain", "double"]))
        written = "%d%s%s" % (number, "" if unit == "d" else " ", unit)
        repaired = "%d %s" % (number, fixed) if fixed else written
        if fixed and number == 1:
            repaired = repaired[:-1]
        old, new = _quote(written, style), _quote(repaired, style)
        both("  - action: Wait")
        if flow:
            both("    attributes: {duration: %s}" % old, "    attributes: {duration: %s}" % new)
        else:
            both("    attributes:")
            if draw(st.booleans()):
                both("      # how long")
            both("      duration: %s" % old, "      duration: %s" % new)
    change, fixed_change = draw(st.sampled_from([('"+5"', None), ("\u201c+5\u201d", '"+5"'), ('"\u201c=3\u201d"', '"=3"'),
                                                 ("7", None)]))
    stale = draw(st.sampled_from(["none", "trailing", "alone"]))
    if stale == "alone":
        before.append("  # mkto-lint: ignore[REQ001] nothing to suppress")
    action = "  - action: Change Score"
    both(action + ("   # mkto-lint: ignore[REQ002] stale" if stale == "trailing" else ""), action)
    line = "    attributes: {scoreName: Behavior Score, change: %s}"
    if flow:
        both(line % change, line % (fixed_change or change))
    else:
        both("    attributes:")
        both("      scoreName: Behavior Score")
        both("      change: %s" % change, "      change: %s" % (fixed_change or change))
    return before, after


@st.composite
def projects(draw):
    docs = [draw(campaign(i)) for i in range(draw(st.integers(1, 4)))]
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    final = draw(st.sampled_from([eol, ""]))

    def text(k):
        lines = list(HEAD)
        for doc in docs:
            lines.append("---")
            lines.extend(doc[k])
        return bom + eol.join(lines) + final

    return text(0), text(1)


@st.composite
def json_campaign(draw, i, indent):
    """(members before, members expected) of one campaign of a bulk JSON export: (key, value)
    pairs written as JSON text."""
    before, after = [], []

    def both(key, value, fixed=None):
        before.append((key, value))
        after.append((key, value if fixed is None else fixed))

    both('"kind"', '"SmartCampaign"')
    both('"name"', '"J%d"' % i)
    both('"program"', '"OP-Prop"')
    clone = draw(st.sampled_from(["no", "missing", "false"]))
    if clone != "no":
        both('"clonedFrom"', '"OP-Prop.Lib"')
        if clone == "missing":
            after.append(('"isExecutable"', "true"))
        else:
            both('"isExecutable"', "false", "true")
    steps_before, steps_after = [], []
    if clone == "no":
        number = draw(st.integers(2, 9))
        unit, fixed = draw(st.sampled_from([("days", None), ("hrs", "hours"), ("d", "days")]))
        written = "%d%s%s" % (number, "" if unit == "d" else " ", unit)
        step = '{"action": "Wait", "attributes": {"duration": "%s"}}'
        steps_before.append(step % written)
        steps_after.append(step % ("%d %s" % (number, fixed) if fixed else written))
    change, fixed_change = draw(st.sampled_from([("+5", None), ("\u201c+5\u201d", "+5"), ("\u2018-2\u2019", "-2")]))
    step = '{"action": "Change Score", "attributes": {"scoreName": "Behavior Score", "change": "%s"}}'
    steps_before.append(step % change)
    steps_after.append(step % (fixed_change or change))
    pad = "\n" + " " * (indent * 3) if indent else " "
    close = "\n" + " " * (indent * 2) if indent else ""
    before.append(('"flow"', "[" + ",".join(pad + x for x in steps_before) + close + "]"))
    after.append(('"flow"', "[" + ",".join(pad + x for x in steps_after) + close + "]"))
    return before, after


@st.composite
def json_projects(draw):
    indent = draw(st.sampled_from([0, 2, 4]))
    docs = [draw(json_campaign(i, indent)) for i in range(draw(st.integers(1, 4)))]
    eol = draw(st.sampled_from(["\n", "\r\n"]))

    def obj(members):
        if not indent:
            return "{" + ", ".join("%s: %s" % m for m in members) + "}"
        inner = " " * (indent * 2)
        return "{\n" + ",\n".join(inner + "%s: %s" % m for m in members) + "\n" + " " * indent + "}"

    def text(k):
        items = ['{"kind": "Program", "name": "OP-Prop"}',
                 '{"kind": "SmartCampaign", "name": "Lib", "program": "OP-Prop", "isExecutable": true, "flow": []}']
        items += [obj(doc[k]) for doc in docs]
        return ("[\n" + ",\n".join(" " * indent + x for x in items) + "\n]\n").replace("\n", eol)

    return text(0), text(1)


def _check(folder, *options):
    return run_cli("check", "--no-color", *options, ".", cwd=folder)


@settings(**CI)
@given(projects())
def test_fix_repairs_exactly_the_fixable_defects(project):
    _fix_and_compare(project, "project.yaml")


@settings(**CI)
@given(json_projects())
def test_fix_repairs_exactly_the_fixable_defects_of_a_bulk_json_export(project):
    _fix_and_compare(project, "export.json")


def _fix_and_compare(project, name):
    before, expected = project
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as repaired:
        folder = Path(tmp)
        path = folder / name
        path.write_bytes(before.encode("utf-8"))
        (Path(repaired) / name).write_bytes(expected.encode("utf-8"))
        left = _check(Path(repaired))

        run = _check(folder, "--fix")
        assert path.read_bytes() == expected.encode("utf-8")
        assert "[*]" not in run.out  # only unfixable findings are left
        assert run.out == left.out  # the same findings as the repaired project's
        assert run.code == left.code
        assert ("fixed" in run.err) == (before != expected)

        again = _check(folder, "--fix")
        assert path.read_bytes() == expected.encode("utf-8")
        assert "fixed" not in again.err
        assert again.out == run.out
