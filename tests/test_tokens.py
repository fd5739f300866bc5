"""Token parsing (mkto_lint.analysis.tokens) and the exact position of a token inside a string scalar
(mkto_lint.positions.scalarpos through locate.py), for every way YAML and JSON write a string."""

from __future__ import annotations

import pytest

from mkto_lint.analysis import tokens
from mkto_lint.analysis.contexts import ContextGraph
from mkto_lint.read.discover import collect
from mkto_lint.read.files import read_files
from mkto_lint import config as config_mod
from mkto_lint.project.index import ProjectIndex
from mkto_lint.project.source import KINDS

from conftest import write_tree


# -- parsing ----------------------------------------------------------------------------------------
def test_well_formed_tokens_with_families_defaults_and_offsets():
    text = "Hi {{lead.First Name:default=friend}}, {{my.Score}} {{Lead.City}} {{person.Title}} {{Company.Name}}"
    found = tokens.parse(text)
    assert [(t.family, t.written_family, t.name, t.default) for t in found] == [
        ("lead", "lead", "First Name", "friend"),
        ("my", "my", "Score", None),
        ("lead", "Lead", "City", None),
        ("lead", "person", "Title", None),
        ("company", "Company", "Name", None),
    ]
    first = found[0]
    assert (first.start, first.end) == (3, 37)
    assert text[first.start:first.end] == "{{lead.First Name:default=friend}}"
    assert all(t.ok for t in found)


def test_default_may_be_empty_and_hold_punctuation():
    (tok,) = tokens.parse("{{lead.City:default=}}")
    assert tok.ok and tok.default == ""
    (tok,) = tokens.parse("{{lead.City:default=your city, friend!}}")
    assert tok.default == "your city, friend!"


@pytest.mark.parametrize("text, error", [
    ("{{my.Score}", '"{{" without a closing "}}"'),
    ("{{my.Score and more", '"{{" without a closing "}}"'),
    ("{my.Score}}", 'a single "{" before the token: write "{{"'),
    ("{{Score}}", 'no family before the name: write family.Name (did you mean "{{my.Score}}"?)'),
    ("{{my.}}", 'the token has no name after "my."'),
    ("{{}}", "the token is empty"),
    ("{{ my.Score }}", "spaces inside the braces"),
    ("{{my.Date:format=iso}}", 'unknown modifier ":format" (only ":default=" is understood)'),
    ("{{{my.Score}}}", "braces inside the token"),
])
def test_malformed_tokens(text, error):
    found = tokens.parse(text)
    assert found and not found[0].ok
    assert found[0].error == error
    assert found[0].start == 0


def test_unknown_family_suggests_the_known_one():
    (tok,) = tokens.parse("{{My.Score}}")
    assert tok.error.startswith('unknown token family "My" (did you mean "my"?)')
    (tok,) = tokens.parse("{{contact.Email}}")
    assert tok.error.startswith('unknown token family "contact"; families: campaign, company, lead')


def test_text_that_is_not_a_token_is_left_alone():
    assert tokens.parse("plain text") == ()
    assert tokens.parse('{"json": {"nested": 1}}') == ()  # ends in "}}" but looks like no token
    assert tokens.parse("a { b } c") == ()
    assert tokens.parse(42) == ()


def test_an_unclosed_token_does_not_swallow_the_next_one():
    found = tokens.parse("a {{my.X and {{my.Y}}")
    assert [(t.text, t.ok) for t in found] == [("{{my.X and", False), ("{{my.Y}}", True)]


def test_render_replaces_well_formed_tokens_only():
    out = tokens.render("{{my.A}} + {{my.B}} + {{my.}}", lambda t: {"A": "1"}.get(t.name))
    assert out == "1 + {{my.B}} + {{my.}}"


def test_iter_strings_skips_descriptions_error_messages_and_annotations():
    data = {
        "kind": "SmartCampaign",
        "description": "{{top}}",
        "x-note": "{{annotation}}",
        "flow": [{"action": "Interesting Moment",
                  "attributes": {"description": "{{my.A}}", "x-mine": "{{my.B}}"}}],
        "smartList": {"filters": [{"name": "F", "errorMessage": "{{my.C}}", "values": ["{{my.D}}"]}]},
    }
    found = [(p, s) for p, s in tokens.iter_strings(data, top_level=True, braces_only=True)]
    assert found == [
        (("flow", 0, "attributes", "description"), "{{my.A}}"),
        (("smartList", "filters", 0, "values", 0), "{{my.D}}"),
    ]
    assert [p for p, _t in tokens.iter_tokens(data, top_level=True)] == [
        ("flow", 0, "attributes", "description"), ("smartList", "filters", 0, "values", 0)]


def test_iter_strings_survives_very_deep_documents():
    deep = "{{my.X}}"
    for _ in range(3000):
        deep = [deep]
    (found,) = list(tokens.iter_tokens({"a": deep}))
    assert len(found[0]) == 3001 and found[1].name == "X"


# -- positions inside scalars ---------------------------------------------------------------------
def _spans(tmp_path, files, code="TOK001"):
    from conftest import run_cli

    write_tree(tmp_path, files)
    run = run_cli("check", "--select", code, "--no-color", "--root", str(tmp_path), str(tmp_path),
                  "--format", "json", cwd=tmp_path)
    import json

    data = json.loads(run.out)
    return [(f["path"], f["line"], f["column"], f["endLine"], f["endColumn"]) for f in data["findings"]]


PROGRAM = "kind: Program\nname: P\n"


def test_token_on_the_third_line_of_a_literal_block_scalar(tmp_path):
    yaml_text = PROGRAM + """---
kind: SmartCampaign
name: C
program: P
flow:
  - action: Send Alert
    attributes:
      body: |
        line one
          indented two
        three {{my.Missing}} end
"""
    spans = _spans(tmp_path, {"c.yaml": yaml_text})
    assert spans == [("c.yaml", 13, 15, 13, 29)]
    assert yaml_text.splitlines()[12][14:28] == "{{my.Missing}}"


def test_token_in_a_folded_block_scalar_with_indentation_indicator(tmp_path):
    yaml_text = PROGRAM + """---
kind: SmartCampaign
name: C
program: P
flow:
  - action: Send Alert
    attributes:
      body: >2-
          first
          second {{my.Missing}}
"""
    assert _spans(tmp_path, {"c.yaml": yaml_text}) == [("c.yaml", 12, 18, 12, 32)]


def test_token_in_a_double_quoted_string_with_escapes_and_a_line_break(tmp_path):
    yaml_text = PROGRAM + r"""---
kind: SmartCampaign
name: C
program: P
flow:
  - action: Send Alert
    attributes:
      subject: "Caf\u00e9 \"news\"\t and
        more \
        now {{my.Missing}}!"
"""
    spans = _spans(tmp_path, {"c.yaml": yaml_text})
    assert spans == [("c.yaml", 12, 13, 12, 27)]
    assert yaml_text.splitlines()[11][12:26] == "{{my.Missing}}"


def test_token_after_escapes_on_one_double_quoted_line(tmp_path):
    yaml_text = PROGRAM + r"""---
kind: SmartCampaign
name: C
program: P
flow:
  - action: Send Alert
    attributes: {subject: "\x41\u00e9\U0001F600 \\ {{my.Missing}}"}
"""
    line = yaml_text.splitlines()[8]
    assert line.index("{{my.Missing}}") == 51
    assert _spans(tmp_path, {"c.yaml": yaml_text}) == [("c.yaml", 9, 52, 9, 66)]


def test_token_in_single_quoted_and_multi_line_plain_scalars(tmp_path):
    yaml_text = PROGRAM + """---
kind: SmartCampaign
name: C
program: P
flow:
  - action: Send Alert
    attributes:
      subject: 'it''s {{my.One}}'
      body: plain text
        folded over

        lines {{my.Two}} here
"""
    assert _spans(tmp_path, {"c.yaml": yaml_text}) == [
        ("c.yaml", 10, 23, 10, 33),
        ("c.yaml", 14, 15, 14, 25),
    ]


def test_token_in_a_json_string_with_escapes(tmp_path):
    json_text = (
        '[{"kind": "Program", "name": "P"},\n'
        ' {"kind": "SmartCampaign", "name": "C", "program": "P", "flow": [\n'
        '  {"action": "Send Alert", "attributes": {"subject": "Caf\\u00e9 \\ud83d\\ude00 \\"q\\" \\n {{my.Missing}}"}}]}]\n'
    )
    assert json_text.splitlines()[2].index("{{my.Missing}}") == 86
    assert _spans(tmp_path, {"c.json": json_text}) == [("c.json", 3, 87, 3, 101)]


def test_a_token_spanning_a_folded_line_break(tmp_path):
    yaml_text = PROGRAM + """---
kind: SmartCampaign
name: C
program: P
flow:
  - action: Send Alert
    attributes:
      subject: "Hi {{my.Long
        Name}}"
"""
    assert _spans(tmp_path, {"c.yaml": yaml_text}) == [("c.yaml", 10, 20, 11, 15)]


# -- contexts --------------------------------------------------------------------------------------
def _index(tmp_path, files):
    write_tree(tmp_path, files)
    cfg = config_mod.load(tmp_path)
    paths, _checked, _left_out, _nested = collect([str(tmp_path)], cfg, tmp_path)
    docs = [d for f in read_files(paths, cfg, tmp_path) for d in f.documents if d.kind in KINDS]
    return ProjectIndex(docs)


def test_my_chain_nearest_wins_and_keeps_the_origin(tmp_path):
    index = _index(tmp_path, {"a.yaml": """
kind: Folder
path: Ops
tokens: [{name: A, type: text, value: ops-a}, {name: B, type: text, value: ops-b}]
---
kind: Folder
path: Ops/Scoring
tokens: [{name: A, type: text, value: scoring-a}]
---
kind: Program
name: P
folder: Ops/Scoring
tokens: [{name: B, type: text, value: p-b}, {name: C, type: number, value: 3}]
---
kind: SmartCampaign
name: C
program: P
"""})
    graph = ContextGraph(index)
    chain = graph.chain(index.campaigns[0])
    assert {k: (v.text, v.origin) for k, v in chain.items()} == {
        "A": ("scoring-a", "folder Ops/Scoring (inherited)"),
        "B": ("p-b", "program P (overridden: hides folder Ops ops-b)"),
        "C": ("3", "program P (local)"),
    }


def test_context_walk_is_iterative_on_a_long_chain_of_true_calls(tmp_path):
    n = 3000
    docs = ["kind: Program\nname: P\ntokens: [{name: X, type: text, value: x}]\n",
            "kind: Program\nname: L\n",
            "kind: SmartCampaign\nname: Root\nprogram: P\nflow:\n"
            "  - {action: Execute Campaign, attributes: {campaign: L.E0, useParentTokenContext: true}}\n"]
    for i in range(n):
        nxt = ("  - {action: Execute Campaign, attributes: {campaign: L.E%d, useParentTokenContext: true}}\n" % (i + 1)
               if i + 1 < n else "  - {action: Send Alert, attributes: {subject: \"{{my.X}}\"}}\n")
        docs.append("kind: SmartCampaign\nname: E%d\nprogram: L\nisExecutable: true\nflow:\n%s" % (i, nxt))
    index = _index(tmp_path, {"all.yaml": "---\n".join(docs)})
    graph = ContextGraph(index)
    last = index.campaign_by_key[("L", "E%d" % (n - 1))]
    values = graph.my_values(last, "X")
    assert [v.text for v in values] == ["x"]
    assert graph.without_trigger(last) is index.campaign_by_key[("P", "Root")]
