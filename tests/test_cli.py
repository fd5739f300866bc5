"""The command line: commands, options, exit statuses, errors as one line."""

from __future__ import annotations

import json

from conftest import EXAMPLES, REPO, run_cli, run_process, write_tree
from mkto_lint import __version__
from mkto_lint.ruleset.registry import all_rules

CATALOGUE = (
    ["MKL%03d" % i for i in range(1, 8)]
    + ["EXE%03d" % i for i in range(1, 14)]
    + ["REQ001", "REQ002", "REQ003", "SML001", "SML002", "SML003", "FLW001", "FLW002", "FLW003", "FLW004"]
    + ["TOK%03d" % i for i in range(1, 8)]
)

PROJECT = {
    "program.yaml": "kind: Program\nname: OP\n",
    "child.yaml": "kind: SmartCampaign\nname: Child\nprogram: OP\nisExecutable: true\n"
                  "flow:\n  - {action: Interesting Moment, attributes: {type: Web, description: x}}\n",
    "parent.yaml": "kind: SmartCampaign\nname: Parent\nprogram: OP\n"
                   "flow:\n  - action: Execute Campaign\n    attributes: {campaign: OP.Child}\n",
}


def test_version():
    run = run_process("--version")
    assert (run.code, run.out) == (0, "mkto-lint %s\n" % __version__)


def test_no_command_is_a_usage_error():
    run = run_cli()
    assert run.code == 2
    assert "a command is required" in run.err


def test_rules_lists_the_whole_catalogue():
    run = run_cli("rules")
    assert run.code == 0
    codes = [line.split()[0] for line in run.out.splitlines()]
    assert codes == sorted(CATALOGUE)
    assert [r.code for r in all_rules()] == sorted(CATALOGUE)


def test_every_rule_is_documented():
    for rule in all_rules():
        doc = rule.documentation()
        for heading in ("## What it does", "## Why is this bad?", "## Example"):
            assert heading in doc, (rule.code, heading)
        assert rule.summary and rule.name == rule.name.lower() and " " not in rule.name


def test_rule_prints_documentation_by_code_or_name():
    by_code = run_cli("rule", "MKL002")
    by_name = run_cli("rule", "duplicate-key")
    assert by_code.code == 0 and by_code.out == by_name.out
    assert by_code.out.startswith("# MKL002 duplicate-key (error)\n")
    missing = run_cli("rule", "XYZ999")
    assert (missing.code, missing.err) == (2, "mkto-lint: error: no rule 'XYZ999' (see `mkto-lint rules`)\n")


def test_schema_prints_the_bundled_schema():
    run = run_cli("schema")
    schema = json.loads(run.out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert run.out == (REPO / "schemas" / "mkto-lint.bundled.schema.json").read_text(encoding="utf-8")


def test_python_dash_m_runs_the_example_clean():
    run = run_process("check", "examples", cwd=REPO)
    assert run.code == 0, run.out + run.err
    assert run.err == ""
    assert run.out.endswith(" in %d files; configuration: examples/.mkto-lint.yaml\n" % len([p for p in EXAMPLES.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and not p.name.startswith(".")]))
    assert run.out.startswith("0 errors, 0 warnings")


def test_missing_path_is_one_line_and_exit_2(tmp_path):
    run = run_cli("check", "--output-format", "concise", "nope", cwd=tmp_path)
    assert (run.code, run.out, run.err) == (2, "", "mkto-lint: error: nope: no such file or directory\n")


def test_after_double_dash_an_option_is_a_file_name(tmp_path):
    """The pre-commit hooks' entry is ``mkto-lint check --``: what follows is never an option."""
    (tmp_path / "p.yaml").write_text("kind: Program\nname: P\ntype: Bogus\n")
    run = run_cli("check", "--output-format", "concise", "--", "--write-baseline=.x.json", "p.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (2, "")
    assert run.err == ("mkto-lint: error: --write-baseline=.x.json: no such file or directory (after `--` every "
                       "argument is a file name; in a pre-commit hook, set options in .mkto-lint.yaml or in the "
                       "hook's `entry:`, not in `args:`)\n")
    assert not (tmp_path / ".x.json").exists()
    (tmp_path / "--output=p.yaml").write_text("note: not a definition\n")
    run = run_cli("check", "--output-format", "concise", "--", "--output=p.yaml", "p.yaml", cwd=tmp_path)
    assert run.code == 1 and run.out.startswith("p.yaml:3:7: MKL003 [error]"), run
    assert (tmp_path / "p.yaml").read_text() == "kind: Program\nname: P\ntype: Bogus\n"


def test_unknown_selector_is_exit_2(tmp_path):
    run = run_cli("check", "--output-format", "concise", "--select", "EXE999", cwd=tmp_path)
    assert run.code == 2
    assert run.err == "mkto-lint: error: 'EXE999' names no rule (did you mean 'EXE009'?) (see `mkto-lint rules`)\n"


def test_bad_option_is_exit_2(tmp_path):
    run = run_cli("check", "--output-format", "concise", "--format", "xml", cwd=tmp_path)
    assert run.code == 2 and "invalid choice: 'xml'" in run.err


def test_checking_one_file_still_sees_the_whole_root(tmp_path):
    write_tree(tmp_path, PROJECT)
    (tmp_path / ".mkto-lint.yaml").write_text("{}\n")
    run = run_cli("check", "--output-format", "concise", "parent.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (0, "0 errors, 0 warnings in 1 file; configuration: .mkto-lint.yaml\n")


def test_root_is_the_nearest_configured_folder_above_the_paths(tmp_path):
    write_tree(tmp_path / "instance", PROJECT)
    (tmp_path / "instance" / ".mkto-lint.yaml").write_text("ignore: [EXE]\n")
    write_tree(tmp_path / "other", {"dup.yaml": "kind: Program\nname: OP\n"})
    run = run_cli("check", "--output-format", "concise", "instance/parent.yaml", cwd=tmp_path)
    assert run.code == 0, run.out  # other/dup.yaml is outside the root: no duplicate program


def test_select_ignore_by_code_prefix_and_name(tmp_path):
    write_tree(tmp_path, {"p.yaml": "kind: Program\nname: P\nfolder: Nowhere\ntype: webinar\n"})
    def codes(*args):
        out = run_cli("check", "--output-format", "concise", "--format", "json", *args, str(tmp_path), cwd=tmp_path).out
        return [f["code"] for f in json.loads(out)["findings"]]
    assert codes() == ["MKL006", "MKL003"]
    assert codes("--select", "MKL003") == ["MKL003"]
    assert codes("--ignore", "unresolved-reference") == ["MKL003"]
    assert codes("--select", "MKL", "--ignore", "MKL00") == []
    assert codes("--select", "MKL", "--ignore", "MKL00", "--extend-select", "MKL006") == ["MKL006"]


def test_exit_status_follows_fail_on(tmp_path):
    write_tree(tmp_path, {"c.yaml": "kind: SmartCampaign\nname: C\nprogram: P\n", "p.yaml": "kind: Program\nname: P\n"})
    warn_only = run_cli("check", "--output-format", "concise", "--select", "FLW004", str(tmp_path), cwd=tmp_path)
    assert warn_only.code == 0 and "FLW004 [warning]" in warn_only.out
    assert run_cli("check", "--output-format", "concise", "--select", "FLW004", "--fail-on", "warning", str(tmp_path), cwd=tmp_path).code == 1
    assert run_cli("check", "--output-format", "concise", "--select", "MKL", "--fail-on", "info", str(tmp_path), cwd=tmp_path).code == 0


def test_quiet_prints_findings_only(tmp_path):
    write_tree(tmp_path, {"p.yaml": "kind: Program\nname: P\ntype: webinar\n"})
    run = run_cli("check", "--output-format", "concise", "--quiet", str(tmp_path), cwd=tmp_path)
    assert run.code == 1
    assert run.out.count("\n") == 1 and run.out.startswith("p.yaml:3:7: MKL003 [error] type:")
    clean = run_cli("check", "--output-format", "concise", "--quiet", str(EXAMPLES), cwd=REPO)
    assert (clean.code, clean.out) == (0, "")


def test_json_report_is_stable_and_documented(tmp_path):
    write_tree(tmp_path, {"p.yaml": "kind: Program\nname: P\ntype: webinar\n"})
    report = json.loads(run_cli("check", "--output-format", "concise", "--format", "json", str(tmp_path), cwd=tmp_path).out)
    assert report == {
        "version": __version__,
        "schemaVersion": 1,
        "findings": [{
            "code": "MKL003", "name": "schema-violation", "severity": "error",
            "message": 'type: "webinar" is not one of the allowed values: "default", "event", "email", "engagement"',
            "help": None,
            "path": "p.yaml", "line": 3, "column": 7, "endLine": 3, "endColumn": 14, "related": [],
        }],
        "summary": {"errors": 1, "warnings": 0, "infos": 0, "files": 1},
    }


def test_output_is_identical_across_runs(tmp_path):
    write_tree(tmp_path, {"p.yaml": "kind: Program\nname: P\ntype: webinar\nfolder: X\n", "q.json": '{"kind": "Folder"}'})
    first = run_process("check", "--format", "json", ".", cwd=tmp_path, env={"PYTHONHASHSEED": "1"})
    second = run_process("check", "--format", "json", ".", cwd=tmp_path, env={"PYTHONHASHSEED": "2"})
    assert first.out == second.out and first.code == second.code == 1


def test_config_errors_are_one_line(tmp_path):
    (tmp_path / ".mkto-lint.yaml").write_text("max-nesting-dept: 4\n")
    run = run_cli("check", "--output-format", "concise", ".", cwd=tmp_path)
    assert run.code == 2
    assert run.err.count("\n") == 1
    assert "unknown key 'max-nesting-dept' (did you mean 'max-nesting-depth'?)" in run.err


def test_a_rule_that_raises_is_an_internal_error_and_the_others_still_run(tmp_path, monkeypatch):
    from mkto_lint.ruleset.registry import rule_by_code_or_name

    rule = rule_by_code_or_name("MKL005")

    def boom(ctx):
        raise ValueError("kaput")

    monkeypatch.setattr(rule, "check", boom)
    write_tree(tmp_path, {"p.yaml": "kind: Program\nname: P\nfolder: Nowhere\n"})
    run = run_cli("check", "--output-format", "concise", "--no-color", str(tmp_path), cwd=tmp_path)
    assert run.code == 2
    assert "MKL006 [error]" in run.out
    assert run.err == ("mkto-lint: internal error in rule MKL005 (duplicate-asset): ValueError: kaput; "
                       "the other rules ran\n")


def test_the_resolve_parser_knows_the_evaluators_starts_without_importing_it():
    from mkto_lint.evaluate import evaluator
    from mkto_lint.cli import resolve

    assert tuple(resolve.VIAS) == tuple(evaluator.VIAS)


def test_checking_one_file_imports_neither_the_evaluator_nor_other_reporters(tmp_path):
    write_tree(tmp_path, {"p.yaml": "kind: Program\nname: P\n"})
    code = ("import sys; from mkto_lint.cli.main import main; rc = main(['check', 'p.yaml']); "
            "print(sorted(m for m in sys.modules if m.startswith('mkto_lint.') and "
            "(m.endswith(('evaluator', 'qualify')) or m.startswith('mkto_lint.report.'))))")
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True).stdout
    # visible: escaping; the code frames' module only when there is a finding to frame
    assert out.splitlines()[-1] == "['mkto_lint.report.text', 'mkto_lint.report.visible']"


def test_checking_one_file_imports_no_module_it_does_not_need(tmp_path):
    # What a one-file run (a pre-commit hook) imports is most of its time: these standard
    # modules are imported only by the commands and errors that use them.
    write_tree(tmp_path, {"p.yaml": "kind: Program\nname: P\n", ".mkto-lint.yaml": "ignore: [MKL006]\n"})
    heavy = ["dataclasses", "inspect", "hashlib", "shutil", "difflib", "tempfile", "traceback",
             "importlib.resources", "pkgutil", "jsonschema", "mkto_lint.suppress.baseline"]
    code = ("import sys; from mkto_lint.cli.main import main; rc = main(['check', 'p.yaml']); "
            "print(rc, sorted(m for m in %r if m in sys.modules))" % heavy)
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True).stdout
    assert out.splitlines()[-1] == "0 []"
