"""Output formats (text, json, sarif, github, gitlab, junit) and ``check --output FILE``.

Every format is pinned by a golden file over one fixture project (tests/golden/report/project:
findings of the three severities, related locations in other files, a span over several
lines, a JSON file with a list of documents). Refresh with ``MKTO_LINT_UPDATE_GOLDEN=1`` and
read the diff. In the SARIF golden the rule catalogue is one placeholder (the catalogue is
checked against the registry by ``test_sarif_driver_lists_every_rule``, and each result's
``ruleIndex`` against its ``ruleId``), so that rules added or documented elsewhere do not churn it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from conftest import REPO, TESTS, check_golden, run_cli, write_tree
from mkto_lint import __version__
from mkto_lint.ruleset.registry import all_rules

GOLDEN = TESTS / "golden" / "report"
PROJECT = GOLDEN / "project"
# The rules the fixture is about: findings of rules written later do not churn the goldens.
SELECT = "EXE007,EXE011,FLW004,MKL"
GOLDEN_NAMES = {
    "full": "full.txt",
    "concise": "concise.txt",
    "json": "json.json",
    "sarif": "sarif.sarif",
    "github": "github.txt",
    "gitlab": "gitlab.json",
    "junit": "junit.xml",
    "markdown": "markdown.md",
}

SARIF_SCHEMA = REPO.parent / "shared" / "schemas" / "sarif-2.1.0.json"
# Projects whose SARIF must validate against the SARIF 2.1.0 schema. Explicit on purpose: a
# listed folder that is missing fails the test instead of silently shrinking the list.
SARIF_PROJECTS = [
    PROJECT,
    TESTS / "broken_example",
]


def check(*args, cwd=PROJECT):
    return run_cli("check", "--no-color", *args, cwd=cwd)


def normalized(fmt, out):
    """The golden's view of a report: the version and (for SARIF) the rule catalogue's texts
    are checked by other tests."""
    if fmt == "json":
        data = json.loads(out)
        assert data["version"] == __version__
        data["version"] = "<version>"
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        data = json.loads(out)
        driver = data["runs"][0]["tool"]["driver"]
        assert driver["version"] == driver["semanticVersion"] == __version__
        driver["version"] = driver["semanticVersion"] = "<version>"
        rules = driver["rules"]
        for res in data["runs"][0]["results"]:
            assert rules[res.pop("ruleIndex")]["id"] == res["ruleId"]
        driver["rules"] = "<every rule of the registry: see test_sarif_driver_lists_every_rule>"
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return out


@pytest.mark.parametrize("fmt", sorted(GOLDEN_NAMES))
def test_golden(fmt):
    run = check("--select", SELECT, "--format", fmt)
    assert run.err == ""
    assert run.code == 1  # the fixture has errors
    check_golden(GOLDEN / GOLDEN_NAMES[fmt], normalized(fmt, run.out))


def test_golden_covers_what_it_claims():
    data = json.loads(check("--select", SELECT, "--format", "json").out)
    findings = data["findings"]
    assert {f["severity"] for f in findings} == {"error", "warning", "info"}
    assert any(r["path"] != f["path"] for f in findings for r in f["related"])
    assert any(f["endLine"] > f["line"] for f in findings)
    assert {f["path"] for f in findings} == {"webinar/attended.yaml", "webinar/placeholders.json"}


def test_every_format_is_registered():
    from mkto_lint.report import FORMATS

    assert sorted(FORMATS) == sorted([*GOLDEN_NAMES, "text"])  # text: the earlier spelling, kept


# -- SARIF ---------------------------------------------------------------------------------

def _sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip("the SARIF 2.1.0 schema is not at %s (CI puts ../shared/schemas beside the clone)"
                    % SARIF_SCHEMA)
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("project", SARIF_PROJECTS, ids=lambda p: p.relative_to(TESTS).as_posix())
def test_sarif_validates_against_the_schema(project):
    assert project.is_dir(), "%s is listed in SARIF_PROJECTS but missing" % project
    validator = _sarif_validator()
    run = run_cli("check", "--format", "sarif", cwd=project)
    assert run.code in (0, 1), run
    log = json.loads(run.out)
    errors = ["%s: %s" % ("/".join(map(str, e.absolute_path)), e.message) for e in validator.iter_errors(log)]
    assert errors == []
    assert log["runs"][0]["results"], "a project without findings proves little"


def test_sarif_validator_rejects_a_broken_log():
    """The schema test can fail: a result without a message is refused."""
    validator = _sarif_validator()
    log = json.loads(check("--select", SELECT, "--format", "sarif").out)
    del log["runs"][0]["results"][0]["message"]
    assert list(validator.iter_errors(log))


def test_sarif_driver_lists_every_rule():
    from mkto_lint.report.common import doc_section

    log = json.loads(check("--select", "EXE007", "--format", "sarif").out)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "mkto-lint"
    rules = all_rules()
    assert [r["id"] for r in driver["rules"]] == [r.code for r in rules]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for entry, rule in zip(driver["rules"], rules):
        doc = rule.documentation()
        assert entry["name"] == rule.name
        assert entry["shortDescription"] == {"text": rule.summary}
        assert entry["fullDescription"]["text"] == doc_section(doc, "What it does")
        assert entry["fullDescription"]["text"], rule.code
        assert entry["help"] == {"text": doc, "markdown": doc}
        assert entry["defaultConfiguration"] == {"level": levels[rule.severity]}


def test_doc_section_reads_one_section_as_plain_paragraphs():
    from mkto_lint.report.common import doc_section

    doc = "## What it does\nReports a\nthing.\n\nTwice.\n```yaml\nx: 1\n```\n## Why is this bad?\nNo."
    assert doc_section(doc, "What it does") == "Reports a thing.\n\nTwice."
    assert doc_section(doc, "Why is this bad?") == "No."
    assert doc_section(doc, "Example") == ""


def test_sarif_result_links_its_related_locations():
    log = json.loads(check("--select", "EXE007", "--format", "sarif").out)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "EXE007" and result["level"] == "error"
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "webinar/attended.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 14, "startColumn": 17, "endLine": 14, "endColumn": 58},
    }
    (related,) = result["relatedLocations"]
    assert related["id"] == 1
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "scoring/child-change-score.yaml"
    assert related["physicalLocation"]["region"] == {"startLine": 6, "startColumn": 15, "endLine": 6, "endColumn": 20}
    assert result["message"]["text"].endswith(
        '(see ["OP-Scoring Library.Child - Change Score" is not executable](1))')


def test_sarif_escapes_brackets_and_encodes_paths(tmp_path):
    write_tree(tmp_path, {
        "my programs/program.yaml": "kind: Program\nname: OP [EU]\n",
        "my programs/campaigns.yaml": "kind: SmartCampaign\nname: A\nprogram: OP [EU]\nflow:\n"
                                      "  - {action: Execute Campaign, attributes: {campaign: B}}\n"
                                      "---\nkind: SmartCampaign\nname: B\nprogram: OP [EU]\n"
                                      "flow:\n  - {action: Interesting Moment, attributes: {type: Web, description: x}}\n",
    })
    log = json.loads(run_cli("check", "--select", "EXE007", "--format", "sarif", cwd=tmp_path).out)
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "my%20programs/campaigns.yaml"
    assert 'calls "OP \\[EU\\].B"' in result["message"]["text"]
    assert result["message"]["text"].endswith('(see ["OP \\[EU\\].B" is not executable](1))')
    # the related location's own message is plain text: no links, nothing escaped
    assert result["relatedLocations"][0]["message"]["text"] == '"OP [EU].B" is not executable'


def test_sarif_file_outside_the_working_directory_gets_a_file_uri(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    log = json.loads(run_cli("check", "--select", "EXE007", "--format", "sarif", str(project), cwd=elsewhere).out)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (project / "webinar" / "attended.yaml").as_uri()}


def test_sarif_reports_internal_errors_as_notifications():
    from types import SimpleNamespace

    from mkto_lint.engine import InternalError
    from mkto_lint.report import sarif

    result = SimpleNamespace(findings=[], files=[], internal_errors=[
        InternalError("EXE007", "execute-target-not-executable", "KeyError: 'x'", "trace")])
    invocation = sarif.build(result)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == (
        "internal error in rule EXE007 (execute-target-not-executable): KeyError: 'x'; the other rules ran")


# -- GitHub --------------------------------------------------------------------------------

def test_github_annotations():
    lines = check("--select", SELECT, "--format", "github").out.splitlines()
    assert lines[0].startswith(
        "::error file=webinar/attended.yaml,line=14,col=17,endLine=14,endColumn=58,title=mkto-lint (EXE007)::"
        "Execute Campaign calls ")
    assert lines[0].endswith(
        '%0Arelated: scoring/child-change-score.yaml:6:15: "OP-Scoring Library.Child - Change Score" is not executable')
    assert lines[1].startswith("::warning file=webinar/attended.yaml,line=18,col=19,")
    assert lines[2].startswith("::notice file=webinar/placeholders.json,line=7,col=13,endLine=7,endColumn=15,")
    # a span over several lines: no columns
    assert lines[4].startswith("::error file=webinar/placeholders.json,line=14,endLine=17,title=mkto-lint (MKL003)::")
    assert lines[5] == "3 errors, 1 warning, 1 info in 6 files; configuration: .mkto-lint.yaml"
    assert check("--select", SELECT, "--format", "github", "--quiet").out.splitlines() == lines[:5]


def test_github_escaping():
    from mkto_lint.report.github import escape_data, escape_property

    assert escape_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_escapes_file_names(tmp_path):
    write_tree(tmp_path, {"a,b:c%.yaml": "kind: Program\nname: OP\nbogus: 1\n"})
    out = run_cli("check", "--format", "github", "--quiet", cwd=tmp_path).out
    assert out.startswith("::error file=a%2Cb%3Ac%25.yaml,line=3,col=1,endLine=3,endColumn=6,title=mkto-lint (MKL003)::")


def test_github_format_refuses_output(tmp_path):
    run = check("--format", "github", "--output", str(tmp_path / "annotations.txt"))
    assert run.code == 2
    assert run.err == ("mkto-lint: error: --format github writes workflow commands, which GitHub Actions "
                       "reads from standard output only: leave out --output\n")
    assert not (tmp_path / "annotations.txt").exists()


# -- GitLab --------------------------------------------------------------------------------

def _gitlab(cwd, *args):
    return json.loads(run_cli("check", "--select", SELECT, "--format", "gitlab", *args, cwd=cwd).out)


def test_gitlab_code_quality_issue_shape():
    issues = _gitlab(PROJECT)
    assert [i["check_name"] for i in issues] == ["EXE007", "EXE011", "FLW004", "MKL005", "MKL003"]
    assert [i["severity"] for i in issues] == ["major", "minor", "info", "major", "major"]
    first = issues[0]
    assert first["location"] == {"path": "webinar/attended.yaml", "lines": {"begin": 14, "end": 14}}
    assert re.fullmatch(r"[0-9a-f]{32}", first["fingerprint"])
    assert first["description"].startswith('EXE007 Execute Campaign calls "OP-Scoring Library.Child - Change Score"')
    assert issues[4]["location"]["lines"] == {"begin": 14, "end": 17}
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_survive_inserted_lines(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    before = _gitlab(project)
    for rel in ("webinar/attended.yaml", "webinar/placeholders.json"):
        path = project / rel
        text = path.read_text(encoding="utf-8")
        path.write_text(("# moved down\n# by two lines\n" if rel.endswith(".yaml") else "\n\n") + text,
                        encoding="utf-8")
    after = _gitlab(project)
    assert [i["location"]["lines"]["begin"] + 2 for i in before] == [i["location"]["lines"]["begin"] for i in after]
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]


def test_gitlab_fingerprints_change_with_the_message(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    before = _gitlab(project)
    child = project / "scoring" / "child-change-score.yaml"
    child.write_text(child.read_text(encoding="utf-8").replace("Child - Change Score", "Child - Score"), encoding="utf-8")
    attended = project / "webinar" / "attended.yaml"
    attended.write_text(attended.read_text(encoding="utf-8").replace("Child - Change Score", "Child - Score"),
                        encoding="utf-8")
    after = _gitlab(project)
    assert before[0]["check_name"] == after[0]["check_name"] == "EXE007"
    assert before[0]["fingerprint"] != after[0]["fingerprint"]
    assert [i["fingerprint"] for i in before[1:]] == [i["fingerprint"] for i in after[1:]]


def test_gitlab_fingerprints_survive_reordered_documents(tmp_path):
    a = "kind: SmartCampaign\nname: A\nprogram: OP\nbogus: 1\nflow: [{action: Send Email}]\n"
    b = "kind: SmartCampaign\nname: B\nprogram: OP\nbogus: 1\nflow: [{action: Send Email}]\n"
    write_tree(tmp_path, {"program.yaml": "kind: Program\nname: OP\n", "campaigns.yaml": a + "---\n" + b})
    before = {i["location"]["lines"]["begin"]: i["fingerprint"] for i in _gitlab(tmp_path)}
    write_tree(tmp_path, {"campaigns.yaml": b + "---\n" + a})
    after = {i["location"]["lines"]["begin"]: i["fingerprint"] for i in _gitlab(tmp_path)}
    assert sorted(before) == sorted(after) == [4, 10]
    assert before[4] == after[10] and before[10] == after[4] and before[4] != before[10]


def test_gitlab_fingerprints_of_twin_findings_differ(tmp_path):
    # the same duplicate key twice in one file: same code, file and message, no document path
    write_tree(tmp_path, {"program.yaml": "kind: Program\nname: OP\nname: OP\n---\nkind: Program\nname: OQ\nname: OQ\n"})
    issues = json.loads(run_cli("check", "--format", "gitlab", "--select", "MKL002", cwd=tmp_path).out)
    assert [i["description"] for i in issues] == ['MKL002 duplicate key "name"'] * 2
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]


# -- JUnit ---------------------------------------------------------------------------------

def test_junit_one_testcase_per_file():
    root = ET.fromstring(check("--select", SELECT, "--format", "junit").out)
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [
        "folders.yaml", "programs.yaml", "scoring/child-change-score.yaml", "scoring/cleanup.yaml",
        "webinar/attended.yaml", "webinar/placeholders.json"]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("6", "2", "0")
    failures = {c.get("name"): c.find("failure") for c in cases if c.find("failure") is not None}
    assert sorted(failures) == ["webinar/attended.yaml", "webinar/placeholders.json"]
    attended = failures["webinar/attended.yaml"]
    assert (attended.get("type"), attended.get("message")) == ("error", "2 findings: 1 error, 1 warning")
    assert attended.text.splitlines()[1] == (
        '    related: scoring/child-change-score.yaml:6:15: "OP-Scoring Library.Child - Change Score" is not executable')


def test_junit_a_file_named_by_a_related_location_gets_a_testcase():
    root = ET.fromstring(check("--select", SELECT, "--format", "junit", "scoring/child-change-score.yaml").out)
    cases = root.find("testsuite").findall("testcase")
    assert [c.get("name") for c in cases] == ["scoring/child-change-score.yaml", "webinar/attended.yaml"]
    assert cases[0].find("failure") is None
    assert cases[1].find("failure").text.startswith("webinar/attended.yaml:14:17: EXE007 [error] ")


def test_junit_strips_characters_xml_cannot_hold():
    from mkto_lint.report.junit import _clean

    assert _clean("a\x00b\x1bc\td\n") == "a\ufffdb\ufffdc\td\n"


# -- hook mode: findings related to a changed file -----------------------------------------

def test_a_changed_child_shows_the_callers_step():
    run = check("--output-format", "concise", "--select", SELECT, "scoring/child-change-score.yaml")
    assert run.code == 1
    assert run.out.splitlines() == [
        'webinar/attended.yaml:14:17: EXE007 [error] Execute Campaign calls "OP-Scoring Library.Child - Change '
        'Score", which is not executable (execute-target-not-executable)',
        # the caller's file did not change: the note says which changed location explains it
        '    scoring/child-change-score.yaml:6:15: note: "OP-Scoring Library.Child - Change Score" is not executable',
        "1 error, 0 warnings in 1 file; configuration: .mkto-lint.yaml",
    ]


def test_an_unrelated_changed_file_shows_nothing():
    run = check("--select", SELECT, "folders.yaml", "programs.yaml")
    assert (run.code, run.out) == (0, "0 errors, 0 warnings in 2 files; configuration: .mkto-lint.yaml\n")


# -- --output ------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["full", "concise", "json", "sarif", "gitlab", "junit"])
def test_output_writes_the_report_and_prints_the_summary(tmp_path, fmt):
    target = tmp_path / "reports" / "nested" / ("mkto-lint." + fmt)
    run = check("--select", SELECT, "--format", fmt, "--output", str(target))
    assert (run.code, run.out, run.err) == (1, "3 errors, 1 warning, 1 info in 6 files; configuration: .mkto-lint.yaml\n", "")
    assert target.read_text(encoding="utf-8") == check("--select", SELECT, "--format", fmt).out
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no temporary file left
    mode = target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def test_output_replaces_an_existing_file_and_quiet_prints_nothing(tmp_path):
    target = tmp_path / "report.txt"
    target.write_text("old and much longer than the new report " * 100, encoding="utf-8")
    run = check("--select", "EXE007", "--quiet", "--output", str(target))
    assert (run.code, run.out) == (1, "")
    assert target.read_text(encoding="utf-8") == check("--select", "EXE007", "--quiet").out
    assert target.read_text(encoding="utf-8").startswith("webinar/attended.yaml:14:17: EXE007 [error] ")


def test_output_relative_to_the_working_directory(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    run = run_cli("check", "--select", SELECT, "--format", "sarif", "--output", "out/mkto-lint.sarif", cwd=project)
    assert run.code == 1
    assert json.loads((project / "out" / "mkto-lint.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_output_dash_is_standard_output():
    run = check("--select", SELECT, "--format", "gitlab", "--output", "-")
    assert run.out == check("--select", SELECT, "--format", "gitlab").out


def test_output_that_cannot_be_written_is_one_line_and_exit_2(tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    run = check("--format", "sarif", "--output", str(folder))
    assert run.code == 2
    assert run.err.startswith("mkto-lint: error: cannot write the report to %s: " % folder)
    assert run.err.count("\n") == 1
    assert list(tmp_path.iterdir()) == [folder] and list(folder.iterdir()) == []
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    run = check("--format", "sarif", "--output", str(blocker / "x.sarif"))
    assert run.code == 2 and run.err.startswith("mkto-lint: error: cannot write the report to ")


def test_output_in_the_help():
    from mkto_lint.cli.main import build_parser

    text = build_parser()._subparsers._group_actions[0].choices["check"].format_help()
    assert "--output FILE" in text
    assert "--output-format FORMAT, --format FORMAT" in text
    assert "concise (one line per finding), or json, sarif, github, gitlab, junit, markdown;" in " ".join(text.split())


# -- markdown ------------------------------------------------------------------------------

def test_markdown_shows_user_strings_literally(tmp_path):
    from mkto_lint.report.markdown import escape

    assert escape("a|b <script>alert(1)</script> @team [x](http://e.test) *bold* `c` \x1b[2J") == (
        "a\\|b &lt;script&gt;alert(1)&lt;/script&gt; &#64;team \\[x\\](http://e.test) \\*bold\\* \\`c\\` \\\\x1b\\[2J")
    write_tree(tmp_path, {"p.yaml": "kind: Program\nname: P\n",
                          "c.yaml": "kind: SmartCampaign\nname: C\nprogram: P\nflow:\n  - action: Request Campaign\n"
                                    "    attributes: {campaign: 'P.<b>x</b>|@all'}\n"})
    out = run_cli("check", "--format", "markdown", ".", cwd=tmp_path).out
    assert '- **MKL006** error, line 6 col 28: campaign "P.&lt;b&gt;x&lt;/b&gt;\\|&#64;all" names no campaign' in out
    assert "<b>" not in out and "@all" not in out


def test_markdown_of_a_clean_run(tmp_path):
    write_tree(tmp_path, {"p.yaml": "kind: Program\nname: P\n"})
    run = run_cli("check", "--format", "markdown", ".", cwd=tmp_path)
    assert (run.code, run.out) == (0, "## mkto-lint\n\nNo findings in 1 file.\n")
