"""What a run says about itself: the summary line (configuration used, findings a baseline hid),
``--statistics``, ``--exit-zero``, and the ``output-format`` and ``baseline`` configuration keys."""

from __future__ import annotations

import json

from conftest import run_cli, write_tree

FILES = {
    "programs.yaml": "kind: Program\nname: P\nfolder: Nowhere\n---\nkind: Program\nname: Q\ntype: webinar\n",
    "other.json": '[{"kind": "Program", "name": "R", "folder": "Gone"}]\n',
}


def check(root, *args):
    return run_cli("check", "--no-color", *args, ".", cwd=root)


def test_the_summary_names_no_configuration_when_none_is_used(tmp_path):
    write_tree(tmp_path, FILES)
    assert check(tmp_path, "--statistics").out.splitlines()[-1] == "3 errors, 0 warnings in 2 files"


def test_the_summary_names_the_configuration_relative_to_the_working_folder(tmp_path):
    root = write_tree(tmp_path / "project", dict(FILES, **{".mkto-lint.yaml": "{}\n"}))
    (root / ".git").mkdir()
    (root / "sub").mkdir()
    (root / "sub" / "p.yaml").write_text("kind: Program\nname: S\n")
    run = run_cli("check", "--output-format", "concise", ".", cwd=root / "sub")
    assert run.out == "0 errors, 0 warnings in 1 file; configuration: %s\n" % (root / ".mkto-lint.yaml")
    run = run_cli("check", "--output-format", "concise", "sub", cwd=root)
    assert run.out == "0 errors, 0 warnings in 1 file; configuration: .mkto-lint.yaml\n"


def test_statistics_count_each_rule_most_frequent_first(tmp_path):
    write_tree(tmp_path, FILES)
    run = check(tmp_path, "--statistics")
    assert run.code == 1
    assert run.out == ("2\tMKL006\terror\tunresolved-reference\n"
                       "1\tMKL003\terror\tschema-violation\n"
                       "3 errors, 0 warnings in 2 files\n")
    data = json.loads(check(tmp_path, "--statistics", "--format", "json").out)
    assert data == [{"code": "MKL006", "name": "unresolved-reference", "severity": "error", "count": 2},
                    {"code": "MKL003", "name": "schema-violation", "severity": "error", "count": 1}]


def test_exit_zero_keeps_the_report_and_exits_0(tmp_path):
    write_tree(tmp_path, FILES)
    failing = check(tmp_path, "--output-format", "concise")
    passing = check(tmp_path, "--output-format", "concise", "--exit-zero")
    assert (failing.code, passing.code) == (1, 0)
    assert passing.out == failing.out


def test_output_format_in_the_configuration(tmp_path):
    write_tree(tmp_path, dict(FILES, **{".mkto-lint.yaml": "output-format: concise\n"}))
    concise = check(tmp_path)
    assert concise.out.splitlines()[0] == \
        'other.json:1:45: MKL006 [error] folder "Gone" names no folder in the project (unresolved-reference)'
    assert concise.out.count("\n") == 4  # one line a finding and the summary
    assert check(tmp_path, "--format", "text").out == concise.out  # text: the configured style
    full = check(tmp_path, "--output-format", "full")  # the command line wins
    assert full.out.splitlines()[1:4] == ["  |", '1 | [{"kind": "Program", "name": "R", "folder": "Gone"}]',
                                          "  |                                             ^^^^^^ MKL006"]
    (tmp_path / ".mkto-lint.yaml").write_text("output-format: json\n")
    assert json.loads(check(tmp_path).out)["summary"]["errors"] == 3


def test_a_wrong_output_format_in_the_configuration_is_one_line(tmp_path):
    write_tree(tmp_path, dict(FILES, **{".mkto-lint.yaml": "output-format: fancy\n"}))
    run = check(tmp_path)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("mkto-lint: error: %s:1:16: output-format: " % (tmp_path / ".mkto-lint.yaml"))
    assert run.err.count("\n") == 1 and "'fancy' is not one of" in run.err


def test_baseline_in_the_configuration_and_the_hidden_count(tmp_path):
    root = write_tree(tmp_path / "p", FILES)
    (root / ".mkto-lint.yaml").write_text("{}\n")
    wrote = check(root, "--write-baseline", "ci/baseline.json")
    assert wrote.code == 0, wrote
    (root / ".mkto-lint.yaml").write_text("baseline: ci/baseline.json\n")
    (root / "new.yaml").write_text("kind: Program\nname: N\nfolder: Missing\n")
    run = check(root, "--output-format", "concise")
    assert run.code == 1
    assert run.out.splitlines() == [
        'new.yaml:3:9: MKL006 [error] folder "Missing" names no folder in the project (unresolved-reference)',
        "1 error, 0 warnings in 3 files; 3 findings hidden by the baseline; configuration: .mkto-lint.yaml"]
    # the baseline is relative to the root, wherever the run starts
    (root / "sub").mkdir()
    (root / "sub" / "s.yaml").write_text("kind: Program\nname: S\n")
    assert run_cli("check", "--output-format", "concise", ".", cwd=root / "sub").code == 0
    # --baseline on the command line overrides the configuration's
    (root / "empty.json").write_text('{"format": 1, "findings": []}\n')
    other = check(root, "--output-format", "concise", "--baseline", "empty.json")
    assert other.out.splitlines()[-1] == "4 errors, 0 warnings in 4 files; configuration: .mkto-lint.yaml"


def test_a_configured_baseline_that_is_missing_is_one_line(tmp_path):
    write_tree(tmp_path, dict(FILES, **{".mkto-lint.yaml": "baseline: nowhere.json\n"}))
    run = check(tmp_path)
    assert run.code == 2 and run.err.count("\n") == 1
    assert "cannot read the baseline" in run.err and "nowhere.json" in run.err
