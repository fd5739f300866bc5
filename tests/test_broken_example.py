"""The deliberately broken copy of the example project (tests/broken_example).

tests/broken_example is examples/ with realistic Marketo mistakes added, so that every rule of
the registry fires at least once; each break has a ``# BREAK <CODE>: ...`` comment above it.
The text (concise and full) and JSON reports are pinned by golden files (tests/golden/broken_example.*):
refresh them with ``MKTO_LINT_UPDATE_GOLDEN=1`` and read every line. A new rule fails
``test_every_rule_fires`` until the broken example demonstrates it.
"""

from __future__ import annotations

import json
import re

from conftest import EXAMPLES, REPO, TESTS, check_golden, run_cli
from mkto_lint import __version__
from mkto_lint.ruleset.registry import all_rules

BROKEN = TESTS / "broken_example"
GOLDEN = TESTS / "golden"
FINDING = re.compile(r"^\S+:\d+:\d+: ([A-Z]+\d+) \[(?:error|warning|info)\] ", re.M)


def check_broken(*args):
    return run_cli("check", "--output-format", "concise", "--no-color", "--root", str(BROKEN), *args, ".", cwd=BROKEN)


def registered_codes():
    return {rule.code for rule in all_rules()}


def test_text_report_golden():
    run = check_broken()
    assert run.err == ""
    assert run.code == 1
    check_golden(GOLDEN / "broken_example.txt", run.out)


def test_full_text_report_golden():
    """The default style: every finding with its code frame, over real mistakes."""
    run = check_broken("--output-format", "full")
    assert (run.err, run.code) == ("", 1)
    check_golden(GOLDEN / "broken_example.full.txt", run.out)


def test_json_report_golden():
    run = check_broken("--format", "json")
    assert run.err == ""
    assert run.code == 1
    data = json.loads(run.out)
    assert data["version"] == __version__
    data["version"] = "<version>"
    check_golden(GOLDEN / "broken_example.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def test_every_rule_fires():
    run = check_broken()
    assert run.code == 1
    assert set(FINDING.findall(run.out)) == registered_codes()
    findings = json.loads(check_broken("--format", "json").out)["findings"]
    assert {f["code"] for f in findings} == registered_codes()


def test_every_rule_has_a_commented_break():
    """Each rule's demonstration is documented where it is (``# BREAK <CODE>: ...``)."""
    documented = set()
    for path in BROKEN.rglob("*"):
        if path.is_file() and ".mkto-lint-cache" not in path.parts:  # a run by hand leaves its cache
            documented |= set(re.findall(r"# BREAK ([A-Z]+\d+)\b", path.read_text(encoding="utf-8")))
    assert documented == registered_codes()


def test_examples_are_clean():
    run = run_cli("check", "--output-format", "concise", "--no-color", "examples/", cwd=REPO)
    assert run.err == ""
    assert run.code == 0, run.out
    assert re.fullmatch(r"0 errors, 0 warnings in \d+ files?; configuration: examples/\.mkto-lint\.yaml\n", run.out), run.out
    assert EXAMPLES.is_dir()
