"""A "did you mean" wherever a name is typed: rule codes and names (``rule``, ``--select``,
``--ignore``, the configuration's ``select``/``ignore``/``severity``/``per-file-ignores``), and
campaigns for ``resolve``; configuration errors carry the file's line and column."""

from __future__ import annotations

import pytest

from conftest import run_cli, write_tree

P = {"p.yaml": "kind: Program\nname: P\n"}


@pytest.mark.parametrize("typed, meant", [
    ("wait-in-exec", "wait-in-executable"), ("EXE02", "EXE002"), ("flw3", "FLW003"), ("TOK0001", "TOK001"),
    ("unknwn-flow-action", "unknown-flow-action"),
])
def test_rule_suggests_the_rule_meant(tmp_path, typed, meant):
    run = run_cli("rule", typed, cwd=tmp_path)
    assert run.code == 2 and run.out == ""
    assert run.err == "mkto-lint: error: no rule %r (did you mean '%s'?) (see `mkto-lint rules`)\n" % (typed, meant)


def test_rule_without_a_near_name_says_so_plainly(tmp_path):
    run = run_cli("rule", "nothing-like-it", cwd=tmp_path)
    assert run.err == "mkto-lint: error: no rule 'nothing-like-it' (see `mkto-lint rules`)\n"


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_command_line_selectors_suggest(tmp_path, option):
    write_tree(tmp_path, P)
    run = run_cli("check", option, "EXE,FLW03", ".", cwd=tmp_path)
    assert (run.code, run.out) == (2, "")
    assert run.err == "mkto-lint: error: 'FLW03' names no rule (did you mean 'FLW003'?) (see `mkto-lint rules`)\n"


@pytest.mark.parametrize("config, where, message", [
    ("select: [EXE, FLW03]\n", "1:15", "select names no rule: 'FLW03' (did you mean 'FLW003'?)"),
    ("ignore:\n  - EXE\n  - wait-in-exec\n", "3:5", "ignore names no rule: 'wait-in-exec' (did you mean 'wait-in-executable'?)"),
    ("severity:\n  TOK01: info\n", "2:3", "severity names no rule: 'TOK01' (did you mean 'TOK001'?)"),
    ('per-file-ignores:\n  "legacy/*": [EXE, REQ1]\n', "2:21",
     "per-file-ignores['legacy/*'] names no rule: 'REQ1' (did you mean 'REQ001'?)"),
    ("fail-on: fatal\n", "1:10", "fail-on: 'fatal' is not one of the allowed values: 'error', 'warning', 'info'"),
    ("output-format: concise\nmax-nesting-depth: 0\n", "2:20", "max-nesting-depth: 0 must be at least 1"),
    ("fail-on: error\nmax-nesting-dept: 4\n", "2:1", "unknown key 'max-nesting-dept' (did you mean 'max-nesting-depth'?)"),
])
def test_configuration_errors_carry_line_and_column(tmp_path, config, where, message):
    write_tree(tmp_path, dict(P, **{".mkto-lint.yaml": config}))
    run = run_cli("check", ".", cwd=tmp_path)
    assert (run.code, run.out) == (2, "")
    assert run.err == "mkto-lint: error: %s:%s: %s\n" % (tmp_path / ".mkto-lint.yaml", where, message)


def test_pyproject_errors_carry_the_key_line(tmp_path):
    write_tree(tmp_path, dict(P, **{"pyproject.toml": '[project]\nname = "x"\n\n[tool.mkto-lint]\nfail-on = "error"\n'
                                                     'ignore = ["EXE02"]\n'}))
    run = run_cli("check", ".", cwd=tmp_path)
    assert run.err == "mkto-lint: error: %s:6:1: ignore names no rule: 'EXE02' (did you mean 'EXE002'?)\n" % (
        tmp_path / "pyproject.toml")


CAMPAIGNS = {
    "p.yaml": "kind: Program\nname: OP-Webinar\n---\nkind: Program\nname: OP-Other\n",
    "c.yaml": ("kind: SmartCampaign\nname: Attended - Score\nprogram: OP-Webinar\nflow: []\n---\n"
               "kind: SmartCampaign\nname: Shared\nprogram: OP-Webinar\nflow: []\n---\n"
               "kind: SmartCampaign\nname: Shared\nprogram: OP-Other\nflow: []\n"),
}


def test_resolve_accepts_a_bare_campaign_name_unique_in_the_project(tmp_path):
    write_tree(tmp_path, CAMPAIGNS)
    run = run_cli("resolve", "Attended - Score", cwd=tmp_path)
    assert run.code == 0, run
    assert run.out.startswith('Dry run of "OP-Webinar.Attended - Score"')


def test_resolve_names_the_programs_of_an_ambiguous_bare_name(tmp_path):
    write_tree(tmp_path, CAMPAIGNS)
    run = run_cli("resolve", "Shared", cwd=tmp_path)
    assert run.code == 2
    assert run.err == ('mkto-lint: error: campaign name "Shared" is used in 2 programs ("OP-Webinar.Shared", '
                       '"OP-Other.Shared"): name it as "Program Name.Campaign Name"\n')


@pytest.mark.parametrize("typed, meant", [("Atended - Score", "Attended - Score"),
                                          ("OP-Webinar.Attended - Scor", "OP-Webinar.Attended - Score")])
def test_resolve_suggests_the_campaign_meant(tmp_path, typed, meant):
    write_tree(tmp_path, CAMPAIGNS)
    run = run_cli("resolve", typed, cwd=tmp_path)
    assert run.code == 2
    assert run.err == ('mkto-lint: error: no campaign "%s" in the project (did you mean "%s"?); name it as '
                       '"Program Name.Campaign Name" or by id\n' % (typed, meant))
