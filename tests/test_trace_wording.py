"""The dry run's text reads right: a default that was used is not "sent literally", a token
sent literally says so once, and an unknown action is a problem, not a step like the others."""

from __future__ import annotations

import json

from conftest import run_cli, write_tree

PROJECT = {
    ".mkto-lint.yaml": "custom-actions: [Enrich with Clearbit]\n",
    "p.yaml": (
        "kind: Program\nname: P\ntokens:\n  - {name: Score, type: score, value: \"+5\"}\n---\n"
        "kind: SmartCampaign\nname: C\nprogram: P\nflow:\n"
        "  - action: Interesting Moment\n"
        "    attributes: {type: Milestone, description: \"Hi {{my.Scor}} {{my.Nope:default=there}}\"}\n"
        "  - action: Chnage Score\n"
        "    attributes: {scoreName: Behavior Score, change: \"+1\"}\n"
        "  - action: Enrich with Clearbit\n"
        "  - action: Change Score\n"
        "    attributes: {scoreName: Behavior Score, change: \"{{my.Score}}\"}\n"),
}


def test_the_text_trace_says_each_thing_once(tmp_path):
    write_tree(tmp_path, PROJECT)
    run = run_cli("resolve", "P.C", cwd=tmp_path)
    assert run.code == 0, run
    lines = run.out.splitlines()
    steps = lines[lines.index("Steps:") + 1:lines.index("Effects:") - 1]
    assert steps == [
        "  1. Interesting Moment",
        "     type: Milestone",
        "     description: Hi {{my.Scor}} there",
        "       {{my.Scor}}: sent literally <- undefined",
        '       {{my.Nope:default=there}} = "there" <- default (undefined)',
        "  2. Chnage Score  [unknown action: see Problems]",
        "     scoreName: Behavior Score",
        "     change: +1",
        "  3. Enrich with Clearbit",  # a custom action of the configuration: a step like the others
        "  4. Change Score",
        "     scoreName: Behavior Score",
        "     change: +5",
        '       {{my.Score}} = "+5" <- program P (local)',
        "     effect: Behavior Score +5 (0 -> 5)",
    ]
    assert lines[lines.index("Problems:") + 1:] == [
        "  step 1: {{my.Scor}} is not defined in this context: Marketo sends it literally (P.C)",
        '  step 2: unknown flow action "Chnage Score" (did you mean "Change Score"?): Marketo has no such step, '
        "so nothing runs here (FLW003)",
    ]
    assert "  Behavior Score: +5 (0 -> 5)" in lines  # the unknown step changed nothing


def test_the_json_trace_marks_the_unknown_action(tmp_path):
    write_tree(tmp_path, PROJECT)
    data = json.loads(run_cli("resolve", "P.C", "--format", "json", cwd=tmp_path).out)
    assert [s["status"] for s in data["steps"]] == ["runs", "unknown-action", "runs", "runs"]
    assert [p["step"] for p in data["problems"]] == ["1", "2"]
    tokens = data["steps"][0]["attributes"]["description"]["tokens"]
    assert [(t["status"], t["origin"]) for t in tokens] == [("literal", "undefined"), ("default", "default (undefined)")]
