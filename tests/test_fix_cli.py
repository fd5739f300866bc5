"""``check --fix`` on the command line: the options, the configuration's fix settings, the
text report's marks, and what is never written."""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import run_cli, write_tree
from mkto_lint import config as config_mod
from mkto_lint.fix import rounds
from mkto_lint.fix.apply import Settings

PROJECT = {
    "nurture.yaml": (
        "kind: Program\nname: OP-Nurture\n---\nkind: SmartCampaign\nname: Follow Up\nprogram: OP-Nurture\n"
        "flow:\n"
        "  - action: Wait\n    attributes: {duration: \"4 hrs\"}   # half a day\n"  # FLW001, safe
        "  - action: Change Score\n    attributes: {scoreName: Behavior Score, change: 10}\n"  # TOK004, unsafe
        "  - action: Wait\n    attributes: {duration: 3 fortnights}\n"  # FLW001, no fix
    ),
}
FIXED_SAFE = PROJECT["nurture.yaml"].replace('"4 hrs"', '"4 hours"')


def _project(tmp_path, files=PROJECT):
    return write_tree(tmp_path / "p", files)


def test_report_marks_fixable_findings_and_counts_them(tmp_path):
    root = _project(tmp_path)
    run = run_cli("check", "--no-color", ".", cwd=root)
    lines = run.out.splitlines()
    assert lines[0].startswith('nurture.yaml:9:28: FLW001 [warning] [*] Wait duration "4 hrs"')
    assert lines[1].startswith("nurture.yaml:11:53: TOK004 [error] Change Score change 10")
    assert lines[2].startswith('nurture.yaml:13:28: FLW001 [warning] Wait duration "3 fortnights"')
    assert lines[-1] == "1 error, 2 warnings in 1 file; [*] 1 fixable with --fix (1 more with --unsafe-fixes)"
    unsafe = run_cli("check", "--no-color", "--unsafe-fixes", ".", cwd=root)
    assert " TOK004 [error] [*] " in unsafe.out and unsafe.out.endswith("in 1 file; [*] 2 fixable with --fix\n")
    quiet = run_cli("check", "--no-color", "--quiet", ".", cwd=root)
    assert "fixable" not in quiet.out


def test_fix_writes_the_safe_fixes_and_reports_what_is_left(tmp_path):
    root = _project(tmp_path)
    os.chmod(root / "nurture.yaml", 0o640)
    run = run_cli("check", "--fix", "--no-color", ".", cwd=root)
    assert (root / "nurture.yaml").read_text(encoding="utf-8") == FIXED_SAFE
    assert run.err == "mkto-lint: fixed 1 finding in 1 file\n"
    assert run.code == 1  # TOK004 is left
    assert run.out.splitlines()[-1] == "1 error, 1 warning in 1 file; 1 fixable with --fix --unsafe-fixes (no safe fix)"
    assert (root / "nurture.yaml").stat().st_mode & 0o777 == 0o640  # the file's own mode is kept
    assert sorted(p.name for p in root.iterdir()) == ["nurture.yaml"]  # no temporary file left


def test_unsafe_fixes_and_unfixable(tmp_path):
    root = _project(tmp_path)
    (root / ".mkto-lint.yaml").write_text("unfixable: [FLW]\n", encoding="utf-8")
    run = run_cli("check", "--fix", "--unsafe-fixes", "--no-color", ".", cwd=root)
    text = (root / "nurture.yaml").read_text(encoding="utf-8")
    assert text == PROJECT["nurture.yaml"].replace("change: 10", 'change: "+10"')
    assert run.err == "mkto-lint: fixed 1 finding in 1 file\n"
    assert " [*] " not in run.out and "FLW001" in run.out


def test_fix_in_the_configuration_and_no_fix(tmp_path):
    root = _project(tmp_path)
    (root / ".mkto-lint.yaml").write_text("fix: true\n", encoding="utf-8")
    run_cli("check", "--no-fix", "--no-color", ".", cwd=root)
    assert (root / "nurture.yaml").read_text(encoding="utf-8") == PROJECT["nurture.yaml"]
    run_cli("check", "--no-color", ".", cwd=root)
    assert (root / "nurture.yaml").read_text(encoding="utf-8") == FIXED_SAFE


def test_bad_fix_settings_are_one_line_errors(tmp_path):
    root = _project(tmp_path)
    (root / ".mkto-lint.yaml").write_text("unfixable: [NOPE9]\n", encoding="utf-8")
    run = run_cli("check", ".", cwd=root)
    assert run.code == 2 and run.err.strip().endswith("unfixable names no rule: 'NOPE9'")
    (root / ".mkto-lint.yaml").write_text("fix: yes please\n", encoding="utf-8")
    run = run_cli("check", ".", cwd=root)
    assert run.code == 2 and len(run.err.strip().splitlines()) == 1


def test_diff_writes_nothing_and_exits_1(tmp_path):
    root = _project(tmp_path)
    run = run_cli("check", "--diff", ".", cwd=root)
    assert run.code == 1
    assert run.out == (
        "--- a/nurture.yaml\n+++ b/nurture.yaml\n@@ -6,7 +6,7 @@\n program: OP-Nurture\n flow:\n"
        "   - action: Wait\n-    attributes: {duration: \"4 hrs\"}   # half a day\n"
        "+    attributes: {duration: \"4 hours\"}   # half a day\n"
        "   - action: Change Score\n     attributes: {scoreName: Behavior Score, change: 10}\n   - action: Wait\n")
    assert run.err == "mkto-lint: would fix 1 finding in 1 file\n"
    assert (root / "nurture.yaml").read_text(encoding="utf-8") == PROJECT["nurture.yaml"]
    run_cli("check", "--fix", ".", cwd=root)
    clean = run_cli("check", "--diff", ".", cwd=root)
    assert (clean.code, clean.out, clean.err) == (0, "", "")


def test_a_file_saved_meanwhile_is_not_written(tmp_path):
    root = _project(tmp_path)
    cfg = config_mod.load(root)
    outcome = rounds.fix_rounds(["."], cfg, root, None, Settings())
    assert outcome.total == 1
    saved = PROJECT["nurture.yaml"] + "# saved by someone else\n"
    (root / "nurture.yaml").write_text(saved, encoding="utf-8")
    problems = rounds.write(outcome)
    assert problems == [("nurture.yaml", "the file changed since mkto-lint read it: not written (run --fix again)")]
    assert (root / "nurture.yaml").read_text(encoding="utf-8") == saved


def test_files_that_cannot_be_read_are_not_fixed(tmp_path):
    broken = PROJECT["nurture.yaml"] + "name: [unclosed\n"
    root = _project(tmp_path, {"nurture.yaml": broken})
    run = run_cli("check", "--fix", ".", cwd=root)
    assert run.code == 1 and "MKL001" in run.out and run.err == ""
    assert (root / "nurture.yaml").read_text(encoding="utf-8") == broken


def test_only_the_named_files_are_fixed(tmp_path):
    files = {"a.yaml": PROJECT["nurture.yaml"], "b.yaml": PROJECT["nurture.yaml"].replace("OP-Nurture", "OP-B")}
    root = _project(tmp_path, files)
    run_cli("check", "--fix", "a.yaml", cwd=root)
    assert (root / "a.yaml").read_text(encoding="utf-8") == FIXED_SAFE
    assert (root / "b.yaml").read_text(encoding="utf-8") == files["b.yaml"]


def test_rule_page_shows_the_fix():
    run = run_cli("rule", "EXE006")
    assert run.out.splitlines()[4].startswith("Fix: safe. `mkto-lint check --fix` sets `isExecutable: true`")
    assert "Fix: unsafe (only with `--unsafe-fixes`)." in run_cli("rule", "FLW003").out
    assert "Fix:" not in run_cli("rule", "EXE002").out


def test_every_fixing_rule_has_a_golden_pair():
    from mkto_lint.ruleset.registry import all_rules

    cases = {p.name.split("-")[0] for p in (Path(__file__).parent / "fix").iterdir()}
    assert sorted(r.code for r in all_rules() if r.fix_safety and r.code not in cases) == []


def test_a_nested_project_keeps_its_own_unfixable(tmp_path):
    files = {"a.yaml": PROJECT["nurture.yaml"], "sub/b.yaml": PROJECT["nurture.yaml"].replace("OP-Nurture", "OP-B"),
             "sub/.mkto-lint.yaml": "unfixable: [FLW001]\n", ".mkto-lint.yaml": "select: [ALL]\n"}
    root = _project(tmp_path, files)
    run = run_cli("check", "--fix", "--no-color", ".", cwd=root)
    assert run.err == "mkto-lint: fixed 1 finding in 1 file\n"
    assert (root / "a.yaml").read_text(encoding="utf-8") == FIXED_SAFE
    assert (root / "sub" / "b.yaml").read_text(encoding="utf-8") == files["sub/b.yaml"]


def test_what_a_span_edit_cannot_repair_alone_is_not_offered(tmp_path):
    """A key from a merged mapping (the edit would change every document merging it), an
    anchored or tagged value (the anchor would go): reported without [*], left as written."""
    text = ("kind: Program\nname: OP-Lib\n---\nkind: SmartCampaign\nname: Child\nprogram: OP-Lib\n"
            "isExecutable: true\nflow: []\n---\n"
            "kind: SmartCampaign\nname: Base\nprogram: OP-Lib\nflow:\n"
            "  - action: Wait\n    attributes: {duration: &d 4 hrs}\n"
            "  - action: Change Score\n    attributes: {scoreName: Behavior Score, change: !!int 10}\n"
            "---\n"
            "base: &base {program: OP-Lib, clonedFrom: OP-Lib.Child}\n"
            "<<: *base\nkind: SmartCampaign\nname: Clone\nflow: []\n")
    root = _project(tmp_path, {"lib.yaml": text})
    run = run_cli("check", "--no-color", "--fix", "--unsafe-fixes", "--ignore", "MKL003", ".", cwd=root)
    assert (root / "lib.yaml").read_text(encoding="utf-8") == text
    assert run.err == "" and "[*]" not in run.out
    assert {"EXE006", "FLW001", "TOK004"} <= set(re.findall(r" (\w+\d+) \[", run.out))


def test_findings_the_baseline_accepts_are_not_fixed(tmp_path):
    root = _project(tmp_path)
    run_cli("check", "--write-baseline", "base.json", ".", cwd=root)
    (root / "later.yaml").write_text(PROJECT["nurture.yaml"].replace("OP-Nurture", "OP-Later"), encoding="utf-8")
    run = run_cli("check", "--fix", "--baseline", "base.json", "--no-color", ".", cwd=root)
    assert run.err == "mkto-lint: fixed 1 finding in 1 file\n"
    assert (root / "nurture.yaml").read_text(encoding="utf-8") == PROJECT["nurture.yaml"]
    assert (root / "later.yaml").read_text(encoding="utf-8") == FIXED_SAFE.replace("OP-Nurture", "OP-Later")
