"""The CI recipes of docs/ci.md run as they are written.

Each marked block is parsed (YAML for workflows, shell for the audit); every ``mkto-lint``
command line in it is run as written, through the shell, with this environment's console
script first on PATH, in a copy of the reporters' fixture project (which has findings). The
test checks the exit status, that the report lands where the recipe's next step (upload,
artifact) looks for it, and that it is a valid report of its format.

The pre-commit snippet is run end to end by tests/test_precommit.py.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import TESTS
from docs_recipes import recipe, recipes

PROJECT = TESTS / "golden" / "report" / "project"
SARIF_SCHEMA = TESTS.parent.parent / "shared" / "schemas" / "sarif-2.1.0.json"
SHELL_OPERATORS = ("|", "&", ";", ">", "<", "$(", "`")


def mkto_lint_lines(lines):
    out = []
    for line in lines:
        line = line.strip()
        if line.startswith("mkto-lint "):
            assert not any(op in line for op in SHELL_OPERATORS), "keep recipe command lines plain: %r" % line
            # a file name that starts with "-" must never be read as an option
            assert shlex.split(line)[-2:] == ["--", "."], "end the recipe's options with -- .: %r" % line
            out.append(line)
    return out


def run_line(line, cwd):
    script = Path(sys.executable).parent / "mkto-lint"
    assert script.exists(), "the mkto-lint console script is not installed beside %s" % sys.executable
    env = dict(os.environ, PATH=str(script.parent) + os.pathsep + os.environ.get("PATH", ""))
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(line, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def project(tmp_path):
    dest = tmp_path / "repo"
    shutil.copytree(PROJECT, dest)
    return dest


def test_every_recipe_is_tested():
    assert sorted(recipes()) == ["audit", "github-actions", "gitlab-ci", "gitlab-junit", "pre-commit", "pre-commit-fix"]


def test_github_actions_recipe(project):
    lang, text = recipe("github-actions")
    assert lang == "yaml"
    workflow = yaml.safe_load(text)
    assert workflow["permissions"]["security-events"] == "write"
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    runs = [s for s in steps if "run" in s]
    lines = mkto_lint_lines(s["run"] for s in runs)
    assert lines == ["mkto-lint check --format github -- .",
                     "mkto-lint check --format sarif --output mkto-lint.sarif -- ."]

    # the gate: annotations on standard output, exit 1 on the fixture's errors
    gate = run_line(lines[0], project)
    assert gate.returncode == 1, gate
    annotations = [line for line in gate.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 5
    for line in annotations:
        command, props = line[2:].split("::", 1)[0].split(" ", 1)
        assert command in ("error", "warning", "notice")
        path = dict(p.split("=", 1) for p in props.split(","))["file"]
        assert (project / path).is_file()  # paths relative to the repository's root
    assert any(",title=mkto-lint (EXE007)::" in line for line in annotations)

    # the SARIF step runs whatever the gate said, and the upload finds its file
    sarif_step = next(s for s in steps if s.get("run", "").strip() == lines[1])
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    assert steps.index(sarif_step) < steps.index(upload)
    assert sarif_step["if"] == upload["if"] == "${{ !cancelled() }}"
    sarif = run_line(lines[1], project)
    assert (sarif.returncode, sarif.stdout) == (1, "3 errors, 1 warning, 1 info in 6 files\n")
    log = json.loads((project / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and len(log["runs"][0]["results"]) == 5
    for res in log["runs"][0]["results"]:
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert (project / uri).is_file()
    if SARIF_SCHEMA.is_file():
        import jsonschema

        schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
        assert list(jsonschema.Draft4Validator(schema).iter_errors(log)) == []


def _gitlab_job(name, report_kind):
    lang, text = recipe(name)
    assert lang == "yaml"
    (job,) = yaml.safe_load(text).values()
    (line,) = mkto_lint_lines(job["script"])
    assert job["artifacts"]["when"] == "always"
    return line, job["artifacts"]["reports"][report_kind]


def test_gitlab_code_quality_recipe(project):
    line, report = _gitlab_job("gitlab-ci", "codequality")
    run = run_line(line, project)
    assert (run.returncode, run.stdout) == (1, "3 errors, 1 warning, 1 info in 6 files\n")
    issues = json.loads((project / report).read_text(encoding="utf-8"))
    assert len(issues) == 5
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert (project / issue["location"]["path"]).is_file()
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({i["fingerprint"] for i in issues}) == 5


def test_gitlab_junit_recipe(project):
    line, report = _gitlab_job("gitlab-junit", "junit")
    run = run_line(line, project)
    assert run.returncode == 1, run
    root = ET.parse(project / report).getroot()
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 6 and sum(1 for c in cases if c.find("failure") is not None) == 2


def test_audit_recipe(project):
    lang, text = recipe("audit")
    assert lang == "sh"
    (line,) = mkto_lint_lines(text.splitlines())
    run = run_line(line, project)
    assert (run.returncode, run.stdout) == (1, "3 errors, 1 warning, 1 info in 6 files\n")
    out = shlex.split(line)[shlex.split(line).index("--output") + 1]
    report = json.loads((project / out).read_text(encoding="utf-8"))
    assert report["summary"] == {"errors": 3, "warnings": 1, "infos": 1, "files": 6}
