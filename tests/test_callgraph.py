"""The Execute Campaign call graph (mkto_lint.analysis.callgraph): depths, witness chains, cycles, and
the EXE005/EXE008 findings built on them."""

from __future__ import annotations

import json
import re


from conftest import run_cli, write_tree
from mkto_lint import config, engine
from mkto_lint.analysis import callgraph


def campaign(name, calls=(), executable=True, choice_calls=(), program="P"):
    """A schema-valid SmartCampaign executing ``calls`` (one step each) and, in one extra step,
    ``choice_calls`` as choices of a step whose default executes the first of them."""
    flow = [{"action": "Execute Campaign", "attributes": {"campaign": c}} for c in calls]
    if choice_calls:
        flow.append({
            "action": "Execute Campaign",
            "attributes": {"campaign": choice_calls[0]},
            "choices": [
                {"if": {"name": "Country", "operator": "is", "values": ["C%d" % k]}, "attributes": {"campaign": c}}
                for k, c in enumerate(choice_calls[1:])
            ],
        })
    if not flow:
        flow = [{"action": "Send Alert"}]
    doc = {"kind": "SmartCampaign", "name": name, "program": program, "flow": flow}
    if executable:
        doc["isExecutable"] = True
    else:
        doc["smartList"] = {"filters": [{"name": "Created At", "operator": "in past", "values": ["1 day"]}]}
    return doc


def parent(name, calls=(), **kw):
    return campaign(name, calls, executable=False, **kw)


def project(tmp_path, docs, cfg=None):
    files = {"project.json": json.dumps([{"kind": "Program", "name": "P"}] + list(docs), indent=1)}
    if cfg is not None:
        files[".mkto-lint.yaml"] = cfg
    return write_tree(tmp_path, files)


def graph_of(root, max_depth=3):
    result = engine.run([str(root)], config.load(root), cwd=root)
    assert result.internal_errors == []
    graph = callgraph.analyse(result.index, max_depth)
    by_name = {c.name: c for c in result.index.campaigns}
    return graph, by_name


def labels(edges):
    return [edges[0].caller.label] + [e.callee.label for e in edges] if edges else []


def check(root, code, fmt="concise"):
    run = run_cli("check", "--select", code, "--no-color", "--format", fmt, "--root", str(root), str(root), cwd=root)
    assert run.err == ""
    return run


def messages(run, code):
    return re.findall(r"^\S+:\d+:\d+: %s \[\w+\] (.*) \(\S+\)$" % code, run.out, flags=re.M)


def helps(root, code):
    """The help of each finding of ``code`` (the JSON report's)."""
    return [f["help"] for f in json.loads(check(root, code, "json").out)["findings"] if f["code"] == code]


def chain_docs(n, prefix="E"):
    """Parent > E1 > ... > En."""
    docs = [parent("Parent", ["%s1" % prefix])]
    for i in range(1, n + 1):
        docs.append(campaign("%s%d" % (prefix, i), ["%s%d" % (prefix, i + 1)] if i < n else []))
    return docs


# -- depth -------------------------------------------------------------------------------------


def test_chain_of_four_executables_gives_exactly_one_exe005_naming_the_whole_chain(tmp_path):
    root = project(tmp_path, chain_docs(4))
    graph, c = graph_of(root)
    assert [graph.depth[c["E%d" % i]] for i in range(1, 5)] == [1, 2, 3, 4]
    assert labels(graph.chain(c["E4"])) == ["P.Parent", "P.E1", "P.E2", "P.E3", "P.E4"]
    assert [(n.edge.caller.name, n.edge.callee.name) for n in graph.too_deep] == [("E3", "E4")]

    found = messages(check(root, "EXE005"), "EXE005")
    # the chain names its program once
    assert found == ["executables nest 4 levels deep, beyond the limit of 3 (max-nesting-depth): "
                     "P: Parent > E1 > E2 > E3 > E4"]
    assert helps(root, "EXE005") == [
        'Marketo nests executables at most 3 levels below the parent campaign; call "P.E4" from a campaign '
        'higher up the chain or merge its steps into "P.E3"']


def test_exe005_related_locations_are_the_chain_and_the_repeated_calls(tmp_path):
    docs = chain_docs(3)
    docs.append(campaign("E4"))
    docs[3]["flow"] = [{"action": "Execute Campaign", "attributes": {"campaign": "E4"}},
                       {"action": "Send Alert"},
                       {"action": "Execute Campaign", "attributes": {"campaign": "P.E4"}}]
    root = project(tmp_path, docs)
    report = json.loads(check(root, "EXE005", "json").out)
    assert len(report["findings"]) == 1
    finding = report["findings"][0]
    assert [r["message"] for r in finding["related"]] == [
        'level 1: "P.Parent" executes "P.E1"',
        'level 2: "P.E1" executes "P.E2"',
        'level 3: "P.E2" executes "P.E3"',
        'also executes "P.E4" here',
    ]
    assert finding["line"] < finding["related"][3]["line"]


def test_chain_of_three_executables_is_clean(tmp_path):
    root = project(tmp_path, chain_docs(3))
    graph, c = graph_of(root)
    assert graph.depth[c["E3"]] == 3
    assert graph.too_deep == []
    run = check(root, "EXE005")
    assert run.code == 0 and messages(run, "EXE005") == []


def test_parents_are_level_zero_and_unreached_executables_have_no_depth(tmp_path):
    docs = [parent("Parent", ["E1"]), campaign("E1"), campaign("Orphan", ["E1"])]
    graph, c = graph_of(project(tmp_path, docs))
    assert graph.depth.get(c["Parent"]) is None and graph.can_run_at(c["Parent"], 0)
    assert graph.depth[c["E1"]] == 1
    assert graph.depth.get(c["Orphan"]) is None
    assert graph.chain(c["Orphan"]) == []


def test_calls_to_non_executables_add_no_level(tmp_path):
    # Parent > NotExec (EXE007) > E1 > E2 > E3: NotExec runs on its own, at level 0.
    docs = [parent("Parent", ["NotExec"]), parent("NotExec", ["E1"]),
            campaign("E1", ["E2"]), campaign("E2", ["E3"]), campaign("E3")]
    graph, c = graph_of(project(tmp_path, docs))
    assert graph.depth[c["E3"]] == 3
    assert labels(graph.chain(c["E3"])) == ["P.NotExec", "P.E1", "P.E2", "P.E3"]
    assert graph.too_deep == []


def test_diamond_gives_the_deepest_level_and_no_duplicate(tmp_path):
    # Parent executes A (default) or B (choice); both execute C; C > D > E is too deep once.
    docs = [parent("Parent", choice_calls=["A", "B"]), parent("Other", ["B"]),
            campaign("A", ["C"]), campaign("B", ["C"]), campaign("C", ["D"]), campaign("D", ["E"]),
            campaign("E")]
    root = project(tmp_path, docs)
    graph, c = graph_of(root)
    assert graph.depth[c["C"]] == 2 and graph.depth[c["E"]] == 4
    # the witness goes through the first caller in file order
    assert labels(graph.chain(c["E"])) == ["P.Parent", "P.A", "P.C", "P.D", "P.E"]
    assert len(graph.too_deep) == 1
    assert len(messages(check(root, "EXE005"), "EXE005")) == 1


def test_unequal_routes_deepest_depth_and_levels(tmp_path):
    # Parent > A > B > C and Parent > C: C runs at levels 1 and 3, deepest 3.
    docs = [parent("Parent", ["A", "C"]), campaign("A", ["B"]), campaign("B", ["C"]), campaign("C")]
    graph, c = graph_of(project(tmp_path, docs))
    assert graph.depth[c["C"]] == 3
    assert [lvl for lvl in range(5) if graph.can_run_at(c["C"], lvl)] == [1, 3]
    assert labels(graph.chain_at(c["C"], 1)) == ["P.Parent", "P.C"]
    assert labels(graph.chain_at(c["C"], 3)) == ["P.Parent", "P.A", "P.B", "P.C"]


def test_every_call_that_crosses_the_limit_is_reported(tmp_path):
    # U runs at level 3 (Parent > A1 > A2 > U) and at level 5 (through B1..B4): B3 > B4 crosses
    # the limit, and so does U > V on the shorter route.
    docs = [parent("Parent", ["A1", "B1"]), campaign("A1", ["A2"]), campaign("A2", ["U"]),
            campaign("B1", ["B2"]), campaign("B2", ["B3"]), campaign("B3", ["B4"]), campaign("B4", ["U"]),
            campaign("U", ["V"]), campaign("V")]
    root = project(tmp_path, docs)
    graph, c = graph_of(root)
    assert graph.depth[c["U"]] == 5 and graph.depth[c["V"]] == 6
    assert sorted((n.edge.caller.name, n.edge.callee.name) for n in graph.too_deep) == [("B3", "B4"), ("U", "V")]
    found = messages(check(root, "EXE005"), "EXE005")
    assert len(found) == 2
    assert any(m.endswith(": P: Parent > A1 > A2 > U > V") for m in found)
    assert any(m.endswith(": P: Parent > B1 > B2 > B3 > B4") for m in found)


def test_max_nesting_depth_from_the_configuration(tmp_path):
    root = project(tmp_path, chain_docs(3), cfg="max-nesting-depth: 2\n")
    found = messages(check(root, "EXE005"), "EXE005")
    assert found == ["executables nest 3 levels deep, beyond the limit of 2 (max-nesting-depth): P: Parent > E1 > E2 > E3"]
    assert helps(root, "EXE005") == [
        'this project allows at most 2 levels below the parent campaign (Marketo: 3); call "P.E3" from a campaign '
        'higher up the chain or merge its steps into "P.E2"']


def test_max_nesting_depth_two_near_miss(tmp_path):
    root = project(tmp_path, chain_docs(2), cfg="max-nesting-depth: 2\n")
    run = check(root, "EXE005")
    assert run.code == 0 and messages(run, "EXE005") == []


# -- cycles ------------------------------------------------------------------------------------


def test_three_cycle_gives_exactly_one_exe008(tmp_path):
    docs = [parent("Parent", ["A"]), campaign("A", ["B"]), campaign("B", ["C"]), campaign("C", ["A"])]
    root = project(tmp_path, docs)
    graph, c = graph_of(root)
    assert len(graph.cycles) == 1
    cycle = graph.cycles[0]
    assert [x.name for x in cycle.campaigns()] == ["A", "B", "C", "A"]
    assert cycle.text() == "P: A > B > C > A"
    assert all(graph.in_cycle(c[n]) for n in "ABC") and not graph.in_cycle(c["Parent"])
    # the closing call adds no level
    assert graph.depth[c["C"]] == 3 and graph.too_deep == []
    found = messages(check(root, "EXE008"), "EXE008")
    assert found == ["this call closes a cycle of Execute Campaign calls: P: A > B > C > A"]
    assert helps(root, "EXE008") == [
        "the campaigns would run each other without end, deeper than Marketo allows executables to nest; "
        "remove this call or another call of the cycle"]
    assert messages(check(root, "EXE005"), "EXE005") == []


def test_cycle_is_closed_where_it_returns_whatever_the_file_order(tmp_path):
    # The executables come before their parent in the file: the search still starts at the
    # parent, so the closing call is C's call back to A.
    docs = [campaign("C", ["A"]), campaign("B", ["C"]), campaign("A", ["B"]), parent("Parent", ["A"])]
    graph, _c = graph_of(project(tmp_path, docs))
    assert [(cy.edge.caller.name, cy.edge.callee.name) for cy in graph.cycles] == [("C", "A")]


def test_cycle_without_parent_is_still_reported_once(tmp_path):
    docs = [campaign("A", ["B"]), campaign("B", ["C"]), campaign("C", ["A"])]
    root = project(tmp_path, docs)
    assert len(messages(check(root, "EXE008"), "EXE008")) == 1


def test_self_call(tmp_path):
    docs = [parent("Parent", ["A"]), campaign("A", ["A", "B"]), campaign("B")]
    root = project(tmp_path, docs)
    graph, c = graph_of(root)
    assert [cy.text() for cy in graph.cycles] == ["P: A > A"]
    assert graph.in_cycle(c["A"]) and not graph.in_cycle(c["B"])
    assert graph.depth[c["A"]] == 1 and graph.depth[c["B"]] == 2
    assert messages(check(root, "EXE008"), "EXE008") == ['"P.A" executes itself (P: A > A)']
    assert helps(root, "EXE008") == [
        "it would run itself without end, deeper than Marketo allows executables to nest; remove this call"]


def test_diamond_is_no_cycle(tmp_path):
    docs = [parent("Parent", ["A", "B"]), campaign("A", ["C"]), campaign("B", ["C"]), campaign("C")]
    graph, c = graph_of(project(tmp_path, docs))
    assert graph.cycles == [] and not any(graph.in_cycle(x) for x in c.values())


def test_two_cycles_through_one_campaign_are_two_findings(tmp_path):
    docs = [parent("Parent", ["A"]), campaign("A", ["B", "C"]), campaign("B", ["A"]), campaign("C", ["A"])]
    root = project(tmp_path, docs)
    graph, _c = graph_of(root)
    assert sorted(cy.text() for cy in graph.cycles) == ["P: A > B > A", "P: A > C > A"]
    assert len(messages(check(root, "EXE008"), "EXE008")) == 2


def test_repeated_closing_calls_are_one_finding(tmp_path):
    # C calls A twice (a step, and a choice of a step that executes Sync by default): one
    # cycle, one finding; the second call is a related location.
    docs = [parent("Parent", ["A"]), campaign("A", ["B"]), campaign("B", ["C"]),
            campaign("C", ["A"], choice_calls=["Sync", "A"]), campaign("Sync")]
    root = project(tmp_path, docs)
    report = json.loads(check(root, "EXE008", "json").out)
    assert len(report["findings"]) == 1
    assert [r["message"] for r in report["findings"][0]["related"]] == [
        '"P.A" executes "P.B"', '"P.B" executes "P.C"', 'also executes "P.A" here']


def test_depth_goes_on_after_a_cycle(tmp_path):
    # Parent > A > B (> A closes a cycle), and B > X > Y: Y is at level 4.
    docs = [parent("Parent", ["A"]), campaign("A", ["B"]), campaign("B", ["A", "X"]),
            campaign("X", ["Y"]), campaign("Y")]
    root = project(tmp_path, docs)
    graph, c = graph_of(root)
    assert graph.depth[c["Y"]] == 4
    assert len(graph.cycles) == 1
    assert [(n.edge.caller.name, n.edge.callee.name) for n in graph.too_deep] == [("X", "Y")]
    assert len(messages(check(root, "EXE005"), "EXE005")) == 1


# -- scale: no recursion, linear ---------------------------------------------------------------


def test_chain_of_5000_executables(tmp_path):
    root = project(tmp_path, chain_docs(5000))
    graph, c = graph_of(root)
    assert graph.depth[c["E5000"]] == 5000
    assert len(graph.chain(c["E5000"])) == 5000
    assert [(n.edge.caller.name, n.edge.callee.name) for n in graph.too_deep] == [("E3", "E4")]
    assert graph.cycles == []
    found = messages(check(root, "EXE005"), "EXE005")
    assert len(found) == 1 and found[0].endswith(": P: Parent > E1 > E2 > E3 > E4")
    # a limit just under the chain's length: one finding, the chain's middle elided
    deep = callgraph.analyse(graph.index, 4999)
    assert len(deep.too_deep) == 1
    text = callgraph.format_chain(labels(deep.too_deep[0].edges()))
    assert text.startswith("P.Parent > P.E1 > ") and text.endswith(" > P.E4999 > P.E5000")
    assert "... (4985 more) ..." in text


def test_cycle_of_5000_executables(tmp_path):
    docs = chain_docs(5000)
    docs[-1]["flow"] = [{"action": "Execute Campaign", "attributes": {"campaign": "E1"}}]
    root = project(tmp_path, docs)
    graph, c = graph_of(root)
    assert len(graph.cycles) == 1
    cycle = graph.cycles[0]
    assert cycle.length == 5000 and len(cycle.edges()) == 5000
    assert graph.in_cycle(c["E2500"])
    assert cycle.text() == (
        "P: E1 > E2 > E3 > E4 > E5 > E6 > E7 > E8 > E9 > ... (4983 more) ... > "
        "E4993 > E4994 > E4995 > E4996 > E4997 > E4998 > E4999 > E5000 > E1")
    found = messages(check(root, "EXE008"), "EXE008")
    assert len(found) == 1 and cycle.text() in found[0]


def test_analysis_is_computed_once_per_run(tmp_path, monkeypatch):
    calls = []
    real = callgraph.analyse

    def counting(index, max_depth=3):
        calls.append(max_depth)
        return real(index, max_depth)

    monkeypatch.setattr(callgraph, "analyse", counting)
    root = project(tmp_path, chain_docs(4) + [campaign("Loop", ["Loop"])])
    run = check(root, "EXE005,EXE008")
    assert len(messages(run, "EXE005")) == 1 and len(messages(run, "EXE008")) == 1
    assert calls == [3]


# -- robustness --------------------------------------------------------------------------------


def test_schema_invalid_documents_do_not_break_the_analysis(tmp_path):
    root = write_tree(tmp_path, {"bad.yaml": """\
kind: Program
name: P
---
kind: SmartCampaign
name: A
program: P
isExecutable: "yes"
flow: {action: Execute Campaign}
---
kind: SmartCampaign
name: B
program: P
isActive: 1
schedule: tomorrow
clonedFrom: [1, 2]
smartList: {triggers: Fills Out Form}
flow:
  - action: Execute Campaign
    attributes: {campaign: [A]}
  - action: Execute Campaign
    attributes: [A]
  - action: Execute Campaign
    attributes: {campaign: A}
    choices: [{if: null, attributes: {campaign: 7}}, oops, {doNothing: true}]
  - action: Remove from Flow
    attributes: {campaigns: this campaign}
  - action: 42
  - just a string
---
kind: SmartCampaign
name: C
program: P
isExecutable: true
workspace: [x]
smartList: {triggers: [{}, {name: 3}]}
flow:
  - action: Execute Campaign
    attributes: {campaign: B}
"""})
    run = run_cli("check", "--select", "EXE", "--no-color", "--root", str(root), str(root), cwd=root)
    assert run.err == ""
    # A is not executable ("yes" is not true): B's call is EXE007; C (executable) calls B too
    assert len(re.findall(r" EXE007 ", run.out)) == 2
    assert re.findall(r" EXE009 .*has triggers, which", run.out)  # no trigger names to show


def test_a_huge_configured_limit_costs_nothing(tmp_path):
    graph, c = graph_of(project(tmp_path, chain_docs(5)), max_depth=10 ** 9)
    assert graph.too_deep == [] and graph.depth[c["E5"]] == 5
    assert graph.can_run_at(c["E5"], 5) and not graph.can_run_at(c["E5"], 4)
