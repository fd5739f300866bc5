"""The call-graph model (golden, on the broken example) and ``mkto-lint graph``: DOT that a DOT
parser reads back, Mermaid that follows the flowchart syntax, a campaign's reachable subgraph,
one program, hostile names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pydot
import pytest
from conftest import TESTS, check_golden, run_cli, write_tree

# pydot's parser calls pyparsing's old names, which newer pyparsing releases warn about
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BROKEN = TESTS / "broken_example"
GOLDEN = TESTS / "golden" / "graph"


def _model(root: Path):
    from mkto_lint import config, engine
    from mkto_lint.graph import model

    cfg = config.load(root)
    result = engine.run([str(root)], cfg, root)
    return model.build(result.index, result.findings, cfg.max_nesting_depth), result


def test_model_of_the_broken_example_is_golden():
    m, _ = _model(BROKEN)
    check_golden(GOLDEN / "broken_example.model.json", json.dumps(m.to_dict(), indent=2, ensure_ascii=False) + "\n")


def test_model_levels_styles_and_broken_edges():
    m, _ = _model(BROKEN)
    by_label = {n.label: n for n in m.nodes}
    assert by_label["OP-Lifecycle.Alert Owner"].level == 4  # the level beyond the limit (3)
    assert by_label["OP-Lifecycle.Route New People"].level == 0
    assert by_label["OP-Scoring Library.Child - Change Score"].style == "executable"
    assert by_label["APAC-Webinar 2026.Attended - Score"].workspace == "APAC"
    edges = {(e.caller.label, e.callee.label, e.kind): e for e in m.edges}
    # each kind of break is an edge in red, with its finding
    assert [f.code for f in edges[("APAC-Webinar 2026.Attended - Score", "OP-Scoring Library.Child - Change Score",
                                   "execute")].findings] == ["EXE004"]
    assert [f.code for f in edges[("OP-Lifecycle.Sync to CRM", "OP-Lifecycle.Alert Owner", "execute")].findings] == ["EXE005"]
    assert [f.code for f in edges[("OP-Webinar 2026.Attended - Score", "OP-Webinar 2026.Follow-up Requested",
                                   "execute")].findings] == ["EXE007"]
    closing = edges[("OP-Lifecycle.Recheck Duplicates", "OP-Lifecycle.Merge Duplicates", "execute")]
    assert closing.closes_cycle and [f.code for f in closing.findings] == ["EXE008"]
    fine = edges[("OP-Webinar 2026.Attended - Score", "OP-Scoring Library.Child - Change Score", "execute")]
    assert not fine.broken and fine.style == "solid"
    assert edges[("OP-Lead Routing.New Lead - Route", "OP-Lead Routing.Notify Sales - Requested", "request")].style == "dashed"
    assert edges[("OP-Lead Routing.Unsubscribed - Stop Routing", "OP-Lead Routing.Child - Route Lead",
                  "remove")].style == "dotted"
    # campaigns that call nothing and that nothing calls are counted, not drawn
    assert m.campaigns == 22 and len(m.nodes) == 19 and m.not_drawn == 3
    assert m.deepest[0][-1] == "OP-Lifecycle.Alert Owner" and len(m.deepest[0]) == 5


def test_model_without_findings_marks_nothing():
    from mkto_lint.graph import model

    m, result = _model(BROKEN)
    bare = model.build(result.index, (), 3)
    assert [n.label for n in bare.nodes] == [n.label for n in m.nodes]
    assert not any(e.broken for e in bare.edges) and not any(n.broken for n in bare.nodes)


def test_graph_dot_is_golden_and_parses():
    run = run_cli("graph", "--root", str(BROKEN))
    assert run.code == 0, run.err
    check_golden(GOLDEN / "broken_example.dot", run.out)
    graphs = pydot.graph_from_dot_data(run.out)
    assert len(graphs) == 1
    g = graphs[0]
    nodes = [n.get_name() for sub in g.get_subgraphs() for n in sub.get_nodes()]
    assert len(nodes) == 19 and len(g.get_edges()) == 20
    red = [(e.get_source(), e.get_destination()) for e in g.get_edges() if e.get("color") == "red"]
    assert len(red) == 8


MERMAID_NODE = re.compile(r'^    (n\d+)(\["[^"\n]*"\]|\("[^"\n]*"\))$')
STYLES = r"[a-z-]+: ?[#0-9a-z. ]+(?:,[a-z-]+: ?[#0-9a-z. ]+)*"  # fill:#bbf,stroke-dasharray: 5 5
MERMAID_EDGE = re.compile(r"^  (n\d+) (-->|-\.->\|[a-z ]+\||--x\|[a-z ]+\|) (n\d+)$")


def check_mermaid(text: str) -> tuple[set, int]:
    """Mermaid's flowchart syntax, for the statements the writer uses: the header, subgraphs,
    node shapes with quoted labels (no quote, no line end inside), the three arrows, classDef,
    class and linkStyle naming defined nodes and edges. Returns (node ids, number of edges)."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes, edges, open_subgraphs, classes = set(), 0, 0, set()
    for line in lines[1:]:
        if m := re.match(r'^  subgraph (ws\d+)\["[^"\n]*"\]$', line):
            assert open_subgraphs == 0
            open_subgraphs += 1
        elif line == "  end":
            assert open_subgraphs == 1
            open_subgraphs -= 1
        elif m := MERMAID_NODE.match(line):
            assert open_subgraphs == 1 and m.group(1) not in nodes
            nodes.add(m.group(1))
        elif m := MERMAID_EDGE.match(line):
            assert m.group(1) in nodes and m.group(3) in nodes
            edges += 1
        elif m := re.match(r"^  classDef ([a-z]+) %s$" % STYLES, line):
            classes.add(m.group(1))
        elif m := re.match(r"^  class (n\d+(?:,n\d+)*) ([a-z]+)$", line):
            assert set(m.group(1).split(",")) <= nodes and m.group(2) in classes
        elif m := re.match(r"^  linkStyle (\d+(?:,\d+)*) %s$" % STYLES, line):
            assert all(int(i) < edges for i in m.group(1).split(","))
        else:
            pytest.fail("not Mermaid flowchart syntax: %r" % line)
    assert open_subgraphs == 0
    return nodes, edges


def test_graph_mermaid_is_golden_and_follows_the_flowchart_syntax():
    run = run_cli("graph", "--root", str(BROKEN), "--format", "mermaid")
    assert run.code == 0, run.err
    check_golden(GOLDEN / "broken_example.mmd", run.out)
    nodes, edges = check_mermaid(run.out)
    assert len(nodes) == 19 and edges == 20


def test_graph_of_one_campaign_is_what_it_reaches():
    run = run_cli("graph", "--root", str(BROKEN), "--format", "mermaid", "OP-Lifecycle.Route New People")
    assert run.code == 0, run.err
    labels = re.findall(r'"(OP-[^"]+?)(?: - level \d+| \(never runs\))"', run.out)
    assert labels == ["OP-Lifecycle.Assign Stage", "OP-Lifecycle.Score Stage", "OP-Lifecycle.Score Executive",
                      "OP-Lifecycle.Sync to CRM", "OP-Lifecycle.Alert Owner", "OP-Lifecycle.Route New People"]
    check_mermaid(run.out)


def test_graph_of_one_program_keeps_its_neighbours():
    run = run_cli("graph", "--root", str(BROKEN), "--program", "OP-Scoring Library")
    assert run.code == 0, run.err
    g = pydot.graph_from_dot_data(run.out)[0]
    assert len(g.get_edges()) == 4  # its executable's three callers, and one request of it


def test_graph_usage_errors():
    run = run_cli("graph", "--root", str(BROKEN), "OP-Lifecycle.Route New Peple")
    assert run.code == 2 and run.out == ""
    assert run.err == ('mkto-lint: error: no campaign "OP-Lifecycle.Route New Peple" in the project (did you mean '
                       '"OP-Lifecycle.Route New People"?); name it as "Program Name.Campaign Name" or by id\n')
    run = run_cli("graph", "--root", str(BROKEN), "--program", "OP-Scoring Librar")
    assert run.code == 2
    assert run.err == ('mkto-lint: error: no campaign of program "OP-Scoring Librar" is on a call path '
                       '(did you mean "OP-Scoring Library"?)\n')
    run = run_cli("graph", "--root", str(BROKEN), "OP-Webinar 2027.Registered - Score")
    assert run.code == 0
    assert run.err == 'mkto-lint: note: "OP-Webinar 2027.Registered - Score" is on no call path: it calls nothing and nothing calls it\n'
    assert pydot.graph_from_dot_data(run.out)[0].get_edges() == []


HOSTILE_PROGRAM = 'P "q" \\ </script><img src=x onerror="window.pwned=1"> # | `x`'


def hostile_project(root: Path) -> Path:
    """A parent executing a child, in a program whose name is built to break every writer."""
    name = json.dumps(HOSTILE_PROGRAM)
    return write_tree(root, {
        "program.yaml": "kind: Program\nid: 1\nname: %s\ntype: default\n" % name,
        "parent.yaml": ("kind: SmartCampaign\nid: 10\nname: 'Parent\n\n  <b>bold</b>'\nprogram: %s\nsmartList:\n"
                        "  filters:\n    - {name: Email Address, operator: is not empty}\nflow:\n"
                        "  - action: Execute Campaign\n    attributes: {campaign: 11}\n" % name),
        "child.yaml": ("kind: SmartCampaign\nid: 11\nname: Child\nprogram: %s\nisExecutable: true\nsmartList:\n"
                       "  filters:\n    - {name: Email Address, operator: is not empty}\nflow:\n"
                       "  - action: Interesting Moment\n    attributes: {type: Milestone, description: x}\n"
                       "x-marketo: {url: 'javascript:alert(1)'}\n" % name),
    })


def test_graph_writers_quote_hostile_names(tmp_path):
    root = hostile_project(tmp_path)
    dot = run_cli("graph", "--root", str(root))
    assert dot.code == 0, dot.err
    g = pydot.graph_from_dot_data(dot.out)[0]
    labels = sorted(n.get("label") for sub in g.get_subgraphs() for n in sub.get_nodes())
    assert labels[0].startswith('"P \\"q\\" \\\\ </script>')  # one quoted string, as written
    assert len(g.get_edges()) == 1
    mermaid = run_cli("graph", "--root", str(root), "--format", "mermaid")
    nodes, edges = check_mermaid(mermaid.out)
    assert len(nodes) == 2 and edges == 1
    assert "#lt;/script#gt;#lt;img" in mermaid.out and "<img" not in mermaid.out
