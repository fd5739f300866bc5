"""Every configuration key, both configuration files, and their precedence."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli, write_tree

BROKEN = {
    "programs.yaml": "kind: Program\nname: P\nfolder: Nowhere\ntype: webinar\n",
    "legacy/old.yaml": "kind: Program\nname: Q\ntype: webinar\n",
}


def findings(root, *args):
    run = run_cli("check", "--output-format", "concise", "--format", "json", *args, str(root), cwd=root)
    assert run.err == "", run.err
    report = json.loads(run.out)
    return run.code, [(f["path"], f["code"], f["severity"]) for f in report["findings"]]


def project(tmp_path, config=None, pyproject=None, files=BROKEN):
    write_tree(tmp_path, files)
    if config is not None:
        (tmp_path / ".mkto-lint.yaml").write_text(config, encoding="utf-8")
    if pyproject is not None:
        (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return tmp_path


ALL = [("legacy/old.yaml", "MKL003", "error"), ("programs.yaml", "MKL006", "error"), ("programs.yaml", "MKL003", "error")]


def test_defaults(tmp_path):
    assert findings(project(tmp_path)) == (1, ALL)


def test_select_and_extend_select(tmp_path):
    root = project(tmp_path, "select: [MKL006]\n")
    assert findings(root) == (1, [("programs.yaml", "MKL006", "error")])
    (root / ".mkto-lint.yaml").write_text("select: [MKL006]\nextend-select: [schema-violation]\n")
    assert findings(root) == (1, ALL)


def test_ignore_by_prefix_and_name(tmp_path):
    assert findings(project(tmp_path, "ignore: [MKL00]\n")) == (0, [])
    assert findings(tmp_path, "--select", "MKL") == (0, [])  # the file's ignore still applies
    (tmp_path / ".mkto-lint.yaml").write_text("ignore: [unresolved-reference]\n")
    assert findings(tmp_path)[1] == [f for f in ALL if f[1] != "MKL006"]


def test_per_file_ignores(tmp_path):
    root = project(tmp_path, "per-file-ignores:\n  'legacy/*': [MKL003]\n")
    assert findings(root)[1] == ALL[1:]


def test_severity_and_fail_on(tmp_path):
    root = project(tmp_path, "severity: {MKL003: warning, unresolved-reference: info}\n")
    assert findings(root) == (0, [("legacy/old.yaml", "MKL003", "warning"), ("programs.yaml", "MKL006", "info"),
                                  ("programs.yaml", "MKL003", "warning")])
    (root / ".mkto-lint.yaml").write_text("severity: {MKL003: warning, MKL006: info}\nfail-on: warning\n")
    assert findings(root)[0] == 1
    assert findings(root, "--fail-on", "error")[0] == 0  # the command line wins


def test_exclude(tmp_path):
    root = project(tmp_path, "exclude: ['legacy']\n")
    assert findings(root)[1] == ALL[1:]
    (root / ".mkto-lint.yaml").write_text("exclude: ['*.yaml']\n")
    run = run_cli("check", "--output-format", "concise", str(root), cwd=root)
    assert (run.code, run.out) == (0, "0 errors, 0 warnings in 0 files; configuration: .mkto-lint.yaml\n")
    assert run.err == ('mkto-lint: warning: no definition files under %s (files without a "kind" are ignored)\n'
                       % root)  # excluding everything is not a silent pass


def test_max_file_size(tmp_path):
    text = "kind: Program\nname: P\ndescription: %s\n" % ("x" * 50)
    root = project(tmp_path, "max-file-size: 40\n", files={"p.yaml": text})
    run = run_cli("check", "--output-format", "concise", "--no-color", str(root), cwd=root)
    assert run.out.splitlines()[0] == (
        "p.yaml:1:1: MKL001 [error] file is %d bytes, over the limit of 40 bytes (max-file-size): not read (syntax-error)"
        % len(text))


def test_max_alias_nodes_and_max_depth(tmp_path):
    text = "kind: Program\nname: P\nx-a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nx-b: [*a, *a]\nx-deep: [[[[[[[[[[1]]]]]]]]]]\n"
    root = project(tmp_path, "max-alias-nodes: 15\n", files={"p.yaml": text})
    assert run_cli("check", "--output-format", "concise", str(root), cwd=root).out.startswith(
        "p.yaml:1:1: MKL001 [error] alias expansion exceeds 15 nodes (the document's aliases expand to 22)")
    (root / ".mkto-lint.yaml").write_text("max-depth: 9\n")
    assert run_cli("check", "--output-format", "concise", str(root), cwd=root).out.startswith(
        "p.yaml:5:17: MKL001 [error] nesting is deeper than 9 levels (max-depth)")


def test_pyproject_table(tmp_path):
    root = project(tmp_path, pyproject='[project]\nname = "x"\n\n[tool.mkto-lint]\nselect = ["MKL006"]\n')
    assert findings(root) == (1, [("programs.yaml", "MKL006", "error")])


def test_dot_file_wins_over_pyproject(tmp_path):
    root = project(tmp_path, config="select: [MKL003]\n", pyproject='[tool.mkto-lint]\nselect = ["MKL006"]\n')
    assert [c for _p, c, _s in findings(root)[1]] == ["MKL003", "MKL003"]


def test_command_line_select_overrides_the_file(tmp_path):
    root = project(tmp_path, "select: [MKL006]\n")
    assert findings(root, "--select", "MKL003")[1] == [f for f in ALL if f[1] == "MKL003"]


@pytest.mark.parametrize("config, message", [
    ("max-nesting-dept: 4\n", "unknown key 'max-nesting-dept' (did you mean 'max-nesting-depth'?)"),
    ("max-nesting-depth: 0\n", "max-nesting-depth: 0 must be at least 1"),
    ("max-depth: 901\n", "max-depth: 901 must be at most 900"),
    ("fail-on: fatal\n", "fail-on: 'fatal' is not one of the allowed values: 'error', 'warning', 'info'"),
    ("select: EXE\n", "select: expected a list, got a string ('EXE')"),
    ("select: [EXE999]\n", "select names no rule: 'EXE999'"),
    ("per-file-ignores: {'a/*': [XX1]}\n", "per-file-ignores['a/*'] names no rule: 'XX1'"),
    ("- a\n", "the configuration must be a mapping"),
    ("a: [\n", "cannot read the configuration"),
])
def test_bad_configuration_is_one_line_exit_2(tmp_path, config, message):
    (tmp_path / ".mkto-lint.yaml").write_text(config)
    run = run_cli("check", "--output-format", "concise", ".", cwd=tmp_path)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("mkto-lint: error: %s" % (tmp_path / ".mkto-lint.yaml"))
    assert message in run.err and run.err.count("\n") == 1


def test_config_schema_ships_and_is_valid():
    from jsonschema import Draft202012Validator

    from mkto_lint.schema.check import schema_files

    Draft202012Validator.check_schema(schema_files()["config.schema.json"])
    assert all("description" in v for v in schema_files()["config.schema.json"]["properties"].values())


# -- a configuration planted above the project (hardening item 4) ---------------------------------
PLANTED = "select: [MKL]\nexclude: ['*']\n"  # would hide every finding of the project below


def test_a_configuration_above_the_repository_is_not_used(tmp_path):
    shared = tmp_path / "shared-tmp"
    repo = shared / "repo"
    write_tree(repo, {"p.yaml": "kind: Program\nname: P\ntype: Bogus\n"})
    (repo / ".git").mkdir()
    (shared / ".mkto-lint.yaml").write_text(PLANTED)
    run = run_cli("check", "--output-format", "concise", ".", cwd=repo)
    assert run.code == 1 and run.out.startswith("p.yaml:3:7: MKL003"), run
    settings = run_cli("check", "--output-format", "concise", "--show-settings", ".", cwd=repo)
    assert settings.out.splitlines()[:2] == ["root: %s" % repo, "configuration: none (the defaults)"]


def test_the_search_stops_at_the_home_folder(tmp_path, monkeypatch):
    home = tmp_path / "home"
    project = home / "work" / "marketo"
    write_tree(project, {"p.yaml": "kind: Program\nname: P\ntype: Bogus\n"})
    (home / ".mkto-lint.yaml").write_text(PLANTED)
    monkeypatch.setenv("HOME", str(home))
    run = run_cli("check", "--output-format", "concise", ".", cwd=project)
    assert run.code == 1 and run.out.startswith("p.yaml:3:7: MKL003"), run
    (project / ".mkto-lint.yaml").write_text("select: [EXE]\n")  # the project's own is found
    settings = run_cli("check", "--output-format", "concise", "--show-settings", ".", cwd=project)
    assert settings.out.splitlines()[1] == "configuration: %s" % (project / ".mkto-lint.yaml")
    assert "select: ['EXE']" in settings.out


def test_excluded_files_still_resolve_references(tmp_path):
    """Hardening item 24: exclude leaves files unchecked, not unknown: a caller of a campaign
    defined in an excluded file gets no MKL006, and naming the excluded file says so."""
    write_tree(tmp_path, {
        ".mkto-lint.yaml": "exclude: ['legacy']\n",
        "legacy/child.yaml": "kind: Program\nname: OP-Legacy\ntype: Bogus\n---\nkind: SmartCampaign\nname: Child\n"
                             "program: OP-Legacy\nisExecutable: true\nflow: [{action: Send Alert}]\n",
        "parent.yaml": "kind: Program\nname: P\n---\nkind: SmartCampaign\nname: Parent\nprogram: P\n"
                       "smartList: {triggers: [{name: Campaign is Requested}]}\n"
                       "flow: [{action: Execute Campaign, attributes: {campaign: OP-Legacy.Child}}]\n",
    })
    run = run_cli("check", "--output-format", "concise", ".", cwd=tmp_path)
    assert (run.code, run.out, run.err) == (0, "0 errors, 0 warnings in 1 file; configuration: .mkto-lint.yaml\n", "")
    named = run_cli("check", "--output-format", "concise", "legacy/child.yaml", cwd=tmp_path)
    assert named.err == "mkto-lint: note: legacy/child.yaml is excluded by the configuration (exclude): not checked\n" + \
        'mkto-lint: warning: no definition files under legacy/child.yaml (files without a "kind" are ignored)\n'


# -- a configuration in a subfolder (hardening item 25) -----------------------------------------
NESTED = {
    ".mkto-lint.yaml": "severity: {MKL006: warning}\n",
    "programs.yaml": "kind: Program\nname: P\ntype: Bogus\n",
    "emea/.mkto-lint.yaml": "ignore: [MKL003]\n",
    "emea/programs.yaml": "kind: Program\nname: P-EMEA\ntype: Bogus\n---\nkind: SmartCampaign\nname: C\n"
                          "program: P-EMEA\nsmartList: {triggers: [{name: Campaign is Requested}]}\n"
                          "flow: [{action: Request Campaign, attributes: {campaign: P.Nowhere}}]\n",
}
EXPECTED_NESTED = [
    # emea/ is a project of its own: its own ignore applies, and "P" is not one of its programs
    ("emea/programs.yaml", "MKL006", "error"),
    ("programs.yaml", "MKL003", "error"),
]


def test_a_subfolder_configuration_applies_whichever_way_its_files_are_checked(tmp_path):
    write_tree(tmp_path, NESTED)
    (tmp_path / ".git").mkdir()

    def found(*paths):
        run = run_cli("check", "--output-format", "concise", "--format", "json", "--", *paths, cwd=tmp_path)
        return sorted((f["path"], f["code"], f["severity"]) for f in json.loads(run.out)["findings"])

    everything = found()  # mkto-lint-all, or check from the repository's root
    assert everything == EXPECTED_NESTED
    assert found(".") == everything
    assert found("programs.yaml", "emea/programs.yaml") == everything  # the pre-commit hook: the changed files
    assert found("emea/programs.yaml") == [f for f in everything if f[0].startswith("emea/")]
    assert found("emea") == [f for f in everything if f[0].startswith("emea/")]
