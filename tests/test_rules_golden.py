"""actionlint-style golden tests for every rule.

Each folder ``tests/rules/<CODE>/<case>/`` is a small project. The test runs
``mkto-lint check --select <CODE> --format text --no-color`` in it (the folder is the root)
and compares the output with ``expected.txt`` beside the inputs. Cases named ``fail-*`` must
produce at least one finding of the code; cases named ``pass-*`` (the near misses) must produce
none at all.
"""

from __future__ import annotations

import re

import pytest

from conftest import TESTS, check_golden, run_cli

# MKL007 judges a suppression only for rules that ran: its cases run every MKL rule so that
# the suppressions of MKL003/MKL005/MKL006 are judged.
SELECT = {"MKL007": "MKL"}

CASES = sorted(p for p in (TESTS / "rules").glob("*/*") if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=lambda p: "%s/%s" % (p.parent.name, p.name))
def test_rule_case(case):
    code = case.parent.name
    run = run_cli("check", "--output-format", "concise", "--select", SELECT.get(code, code), "--no-color", "--root", str(case), str(case), cwd=case)
    assert run.err == ""
    check_golden(case / "expected.txt", run.out)
    found = re.findall(r"^\S+:\d+:\d+: (\w+) ", run.out, flags=re.M)
    if case.name.startswith("fail"):
        assert code in found, "a fail-* case must trigger %s" % code
        assert run.code == (1 if " [error] " in run.out else 0)
    elif case.name.startswith("pass"):
        assert found == [], "a pass-* case (near miss) must be clean"
        assert run.code == 0
    else:
        pytest.fail("case folders are named fail-* or pass-*: %s" % case.name)
    if not code.startswith("MKL"):
        # the fixtures of a rule are well-formed documents: only the rule under test speaks
        docs = run_cli("check", "--output-format", "concise", "--select", "MKL001,MKL002,MKL003,MKL004", "--quiet", "--no-color",
                       "--root", str(case), str(case), cwd=case)
        assert docs.out == "", "fixture documents must be schema-valid:\n" + docs.out


def test_every_catalogued_rule_has_cases():
    from mkto_lint.ruleset.registry import all_rules

    missing = []
    for rule in all_rules():
        folder = TESTS / "rules" / rule.code
        names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
        if not any(n.startswith("fail") for n in names) or not any(n.startswith("pass") for n in names):
            missing.append(rule.code)
    assert missing == [], "rules without a fail-* and a pass-* case: %s" % missing
