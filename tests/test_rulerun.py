"""Rules in two processes (rulerun.py): a large project's token rules run here while a forked
child runs the others. The report must not tell which way a run went: these tests force the
split on small projects (PARALLEL_MIN_CAMPAIGNS = 0) and compare with one process."""

from __future__ import annotations

import json
import os

import pytest

from conftest import TESTS, check_golden, run_cli
from mkto_lint import __version__
from mkto_lint.ruleset import run as rulerun
from mkto_lint.findings import Finding, Related, Span, Target
from mkto_lint.ruleset.registry import all_rules, rule_by_code_or_name

BROKEN = TESTS / "broken_example"
GOLDEN_DIR = TESTS / "golden"


@pytest.fixture
def forks(monkeypatch):
    """Split every run, and count the children forked."""
    monkeypatch.delenv("MKTO_LINT_NO_POOL", raising=False)
    monkeypatch.setattr(rulerun, "PARALLEL_MIN_CAMPAIGNS", 0)
    monkeypatch.setattr(rulerun, "_two_cores", lambda: True)
    children = []
    real_fork = os.fork

    def fork():
        pid = real_fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return children


def check_broken(*args):
    return run_cli("check", "--no-color", "--root", str(BROKEN), *args, ".", cwd=BROKEN)


def test_the_rules_fall_into_two_groups_that_both_hold_rules():
    rules = [r for r in all_rules() if not r.engine]
    shared = sorted(r.code for r in rules if r.shares == "tokens")
    assert shared == ["TOK001", "TOK002", "TOK003", "TOK005", "TOK006", "TOK007"]
    assert len(rules) - len(shared) == 26


@pytest.mark.parametrize("fmt, golden", [("text", "broken_example.txt"), ("json", "broken_example.json")])
def test_two_processes_report_exactly_what_one_does(forks, fmt, golden):
    run = check_broken("--format", fmt)
    assert (run.code, run.err) == (1, "")
    assert len(forks) == 1
    out = run.out
    if fmt == "json":  # as test_broken_example pins it
        data = json.loads(out)
        assert data["version"] == __version__
        data["version"] = "<version>"
        out = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    check_golden(GOLDEN_DIR / golden, out)


def test_a_small_project_stays_in_one_process(monkeypatch):
    monkeypatch.delenv("MKTO_LINT_NO_POOL", raising=False)
    monkeypatch.setattr(rulerun, "_two_cores", lambda: True)
    forked = []
    monkeypatch.setattr(os, "fork", lambda: forked.append(1) or 0)
    run = check_broken()
    assert run.code == 1 and forked == []


def test_no_pool_keeps_one_process(forks, monkeypatch):
    monkeypatch.setenv("MKTO_LINT_NO_POOL", "1")
    run = check_broken()
    assert run.code == 1 and forks == []


def test_internal_errors_of_both_processes_are_reported_in_rule_order(forks, monkeypatch):
    parent = os.getpid()

    def broken(code, exc):
        rule = rule_by_code_or_name(code)
        real = type(rule).check

        def check(ctx):
            yield from real(rule, ctx)
            raise exc

        monkeypatch.setattr(rule, "check", check)

    broken("EXE002", KeyError("late"))  # runs in the child
    broken("TOK001", ZeroDivisionError("division by zero"))  # runs here
    run = check_broken()
    assert os.getpid() == parent and len(forks) == 1
    assert run.code == 2
    assert run.err == (
        "mkto-lint: internal error in rule EXE002 (wait-in-executable): KeyError: 'late'; the other rules ran\n"
        "mkto-lint: internal error in rule TOK001 (undefined-my-token): ZeroDivisionError: division by zero; "
        "the other rules ran\n")
    # the findings each rule made before it raised are kept, from either process
    assert " EXE002 [error] " in run.out and " TOK001 [error] " in run.out


def test_a_child_that_dies_has_its_rules_run_here(forks, monkeypatch):
    parent = os.getpid()
    rule = rule_by_code_or_name("EXE005")
    real = type(rule).check

    def check(ctx):
        if os.getpid() != parent:
            os._exit(7)  # as if killed: no findings, no internal error, nothing sent
        yield from real(rule, ctx)

    monkeypatch.setattr(rule, "check", check)
    run = check_broken()
    assert (run.code, run.err) == (1, "")
    assert len(forks) == 1
    check_golden(GOLDEN_DIR / "broken_example.txt", run.out)


def test_findings_cross_the_process_boundary_whole():
    class File:
        pass

    files = [File(), File()]
    finding = Finding(
        "TOK001", "undefined-my-token", "error", "{{my.X}} is not defined",
        Target(files[1], 2, ("flow", 0, "attributes", "description"), "value", None, 4, 8),
        [Related(Target(files[0], 0, ("tokens",), "key", Span(3, 1, 3, 7)), "defined here")],
    )
    error = rulerun.InternalError("EXE002", "wait-in-executable", "KeyError: 'x'", "Traceback...")
    import marshal

    back, errors = rulerun._unpack(marshal.loads(marshal.dumps(rulerun._pack([finding], [error], files))), files)
    assert back == [finding] and errors == [error]
    assert back[0].target.file is files[1] and back[0].related[0].target.file is files[0]
