"""`mkto-lint resolve`: golden text and JSON traces of the example instance, options and errors."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from conftest import EXAMPLES, TESTS, check_golden, run_cli, run_process, write_tree

GOLDEN = TESTS / "golden" / "resolve"
ATTENDED = "OP-Webinar 2026.Attended - Score"


def resolve(*args, cwd=EXAMPLES):
    return run_cli("resolve", *args, cwd=cwd)


@pytest.mark.parametrize("name, args", [
    ("attended", [ATTENDED]),
    ("registered", ["2102"]),
    ("attended-api-token", [ATTENDED, "--via", "schedule", "--token", "my.Score=+15"]),
    ("run-registered-vp", ["--run", "runs/registered-vp.yaml"]),
    ("run-attended-vp", ["--run", "runs/attended-vp.yaml"]),
])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_golden_traces(name, args, fmt):
    run = resolve(*args, "--format", fmt)
    assert (run.code, run.err) == (0, "")
    check_golden(GOLDEN / ("%s.%s" % (name, "txt" if fmt == "text" else "json")), run.out)


@pytest.mark.parametrize("args, change", [
    ([ATTENDED], "+10"),
    (["2102"], "+0"),
    ([ATTENDED, "--via", "schedule", "--token", "my.Score=+15"], "+15"),
    ([ATTENDED, "--via", "request", "--token", "{{my.Score}}=+15"], "+15"),
    (["--run", "runs/attended-api-override.yaml"], "+15"),
    (["2102", "--token", "my.Score=+15"], "+0"),  # the child is executed without the context
])
def test_reference_example_effects(args, change):
    run = resolve(*args, "--format", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["effects"] == {"Behavior Score": {"change": change, "start": 0, "end": int(change)}}
    text = resolve(*args).out
    assert text.endswith("Effects:\n  Behavior Score: %s (0 -> %d)\n" % (change, int(change)))


def test_json_shape_top_level():
    data = json.loads(resolve(ATTENDED, "--format", "json").out)
    assert list(data) == ["schemaVersion", "campaign", "via", "apiTokens", "person", "trigger", "qualification",
                          "maxNestingDepth", "notes", "steps", "effects", "problems", "truncated"]
    child = data["steps"][2]
    assert (child["number"], child["depth"], child["campaign"]) == ("2.1", 1, "OP-Scoring Library.Child - Change Score")
    assert child["attributes"]["change"]["tokens"] == [{
        "token": "{{my.Score}}", "family": "my", "name": "Score", "value": "+10", "status": "resolved",
        "source": "program", "context": ATTENDED,
        "origin": 'caller "OP-Webinar 2026.Attended - Score" context: program OP-Webinar 2026 (local)',
    }]


def test_command_line_options_override_the_run_file():
    run = resolve("--run", "runs/registered-vp.yaml", "--set", "Behavior Score=10", "--format", "json")
    data = json.loads(run.out)
    assert data["person"]["Behavior Score"] == "10"
    assert data["effects"]["Behavior Score"] == {"change": "+0", "start": 10, "end": 10}
    run = resolve("--run", "runs/attended-api-override.yaml", "--token", "my.Score=-3", "--format", "json")
    assert json.loads(run.out)["effects"]["Behavior Score"]["change"] == "-3"


def test_person_file_and_trigger_values(tmp_path):
    person = tmp_path / "ada.json"
    person.write_text('{"Email Address": "ada@example.com", "Unsubscribed": false, "Behavior Score": 7}')
    run = resolve(ATTENDED, "--person", str(person), "--trigger-value", "Name=Webinar 2026", "--format", "json")
    data = json.loads(run.out)
    assert data["person"] == {"Email Address": "ada@example.com", "Unsubscribed": False, "Behavior Score": 7}
    assert data["trigger"] == {"Name": "Webinar 2026"}
    assert data["steps"][1]["call"]["qualification"]["result"] == "qualified"
    assert data["effects"]["Behavior Score"] == {"change": "+10", "start": 7, "end": 17}


def test_root_option_from_another_folder(tmp_path):
    run = run_cli("resolve", "2101", "--root", str(EXAMPLES), "--format", "json", cwd=tmp_path)
    assert run.code == 0
    assert json.loads(run.out)["effects"]["Behavior Score"]["change"] == "+10"


def test_all_resolves_every_non_executable_campaign(tmp_path):
    # the reference example alone (other examples come and go)
    for folder in ("operations", "scoring", "webinar"):
        shutil.copytree(EXAMPLES / folder, tmp_path / folder)
    run = resolve("--all", cwd=tmp_path)
    assert run.code == 0
    check_golden(GOLDEN / "all.txt", run.out)
    data = json.loads(resolve("--all", "--format", "json", cwd=tmp_path).out)
    assert [r["campaign"]["name"] for r in data["runs"]] == [
        "OP-Webinar 2026.Attended - Score", "OP-Webinar 2026.Follow-up Requested", "OP-Webinar 2026.Registered - Score"]
    assert [r["effects"] for r in data["runs"]] == [
        {"Behavior Score": {"change": "+10", "start": 0, "end": 10}}, {},
        {"Behavior Score": {"change": "+0", "start": 0, "end": 0}}]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_all_on_every_core_writes_what_one_process_writes(monkeypatch, fmt):
    """The slices' runs come out in campaign order, each separator as one process writes it."""
    from mkto_lint.cli import resolve_all

    monkeypatch.setenv("MKTO_LINT_NO_POOL", "1")
    alone = resolve("--all", "--format", fmt)
    monkeypatch.delenv("MKTO_LINT_NO_POOL")
    monkeypatch.setattr(resolve_all, "MIN_CAMPAIGNS", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)  # three slices: two children
    forked = []
    real_fork = resolve_all._fork
    monkeypatch.setattr(resolve_all, "_fork", lambda *a: forked.append(a[-1]) or real_fork(*a))
    split = resolve("--all", "--format", fmt)
    assert (split.code, split.err) == (0, "")
    assert split.out == alone.out
    assert len(forked) == 2 and alone.out.count("Score") > 2


def test_all_says_when_a_worker_fails(monkeypatch):
    from mkto_lint.cli import resolve_all
    from mkto_lint.evaluate import evaluator

    monkeypatch.setattr(resolve_all, "MIN_CAMPAIGNS", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    real = evaluator.evaluate
    in_parent = os.getpid()

    def evaluate(*a, **k):
        if os.getpid() != in_parent:
            raise ValueError("broken on purpose")
        return real(*a, **k)

    monkeypatch.setattr(evaluator, "evaluate", evaluate)
    run = resolve("--all")
    assert run.code == 2
    assert run.err == ("mkto-lint: internal error: RuntimeError: resolve --all: a worker process failed: "
                       "ValueError: broken on purpose (set MKTO_LINT_DEBUG=1 for details)\n")


@pytest.mark.parametrize("args, message", [
    (["OP-Webinar 2026.Attended - Scor"],
     'no campaign "OP-Webinar 2026.Attended - Scor" in the project (did you mean "OP-Webinar 2026.Attended - Score"?); '
     'name it as "Program Name.Campaign Name" or by id'),
    (["Atended - Score"],  # a bare name unique in the project is accepted (test_did_you_mean.py); misspelt:
     'no campaign "Atended - Score" in the project (did you mean "Attended - Score"?); '
     'name it as "Program Name.Campaign Name" or by id'),
    (["4242"], "no campaign with id 4242 in the project"),
    ([ATTENDED, "--token", "my.Score"], "--token 'my.Score': expected my.Name=VALUE or {{my.Name}}=VALUE"),
    ([ATTENDED, "--token", "lead.Score=+1"],
     "--token 'lead.Score=+1': 'lead.Score' is not a My Token (write my.Name=VALUE or {{my.Name}}=VALUE)"),
    ([ATTENDED, "--token", "{{my.Score}+1"], "--token '{{my.Score}+1': expected my.Name=VALUE or {{my.Name}}=VALUE"),
    ([ATTENDED, "--set", "Job Title"], "--set 'Job Title': expected NAME=VALUE"),
    ([ATTENDED, "--trigger-value", "=x"], "--trigger-value '=x': the name before \"=\" is empty"),
    ([ATTENDED, "--person", "no-such-person.yaml"], "--person no-such-person.yaml: cannot read it: No such file or directory"),
    (["--run", "no-such-run.yaml"], "--run no-such-run.yaml: cannot read it: No such file or directory"),
    ([], "name the campaign to resolve (CAMPAIGN or --run FILE), or use --all"),
    ([ATTENDED, "--root", "no-such-dir"], "--root no-such-dir: not a directory"),
])
def test_errors_are_one_line_and_exit_2(args, message):
    run = resolve(*args)
    assert (run.code, run.out) == (2, "")
    assert run.err == "mkto-lint: error: %s\n" % message


def test_bad_person_and_run_files(tmp_path):
    write_tree(tmp_path, {
        "list.yaml": "- a\n- b\n",
        "nested.yaml": "Address: {City: Paris}\n",
        "broken.yaml": "a: [1,\n",
        "bad-run.yaml": "kind: Run\ncampaign: 2101\nvia: api\n",
        "not-run.yaml": "kind: Program\nname: P\n",
    })
    cases = {
        ("--person", "list.yaml"): "--person %s: expected one mapping",
        ("--person", "nested.yaml"): "--person %s: field 'Address' must hold text, a number, true/false or null",
        ("--person", "broken.yaml"): "--person %s: not valid YAML/JSON: ",
        ("--run", "bad-run.yaml"): "--run %s: via: ",
        ("--run", "not-run.yaml"): "--run %s: not a Run document (kind: Run)",
    }
    for (option, name), expected in cases.items():
        path = str(tmp_path / name)
        run = resolve(ATTENDED, option, path) if option == "--person" else resolve(option, path)
        assert run.code == 2 and run.out == ""
        assert run.err.startswith("mkto-lint: error: " + expected % path), run.err
        assert run.err.count("\n") == 1


def test_resolve_as_a_process():
    run = run_process("resolve", "2101", "--token", "{{my.Score}}=+15", cwd=EXAMPLES)
    assert run.code == 0 and run.err == ""
    assert "Behavior Score: +15 (0 -> 15)" in run.out


def test_unreadable_files_are_noted(tmp_path):
    write_tree(tmp_path, {
        "ok.yaml": "kind: Program\nname: P\n---\nkind: SmartCampaign\nname: C\nprogram: P\nflow: []\n",
        "broken.yaml": "kind: SmartCampaign\nname: [unclosed\n",
    })
    run = resolve("P.C", cwd=tmp_path)
    assert run.code == 0
    assert ("  note: 1 file of the project could not be read (broken.yaml): their campaigns are missing from "
            "this run; see `mkto-lint check`\n") in run.out
    assert "Steps: none (the flow is empty)" in run.out
