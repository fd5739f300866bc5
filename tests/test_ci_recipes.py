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
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import TESTS, copy_project
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


def run_line(line, cwd, **variables):
    script = Path(sys.executable).parent / "mkto-lint"
    assert script.exists(), "the mkto-lint console script is not installed beside %s" % sys.executable
    env = dict(os.environ, PATH=str(script.parent) + os.pathsep + os.environ.get("PATH", ""), **variables)
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(line, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def project(tmp_path):
    dest = tmp_path / "repo"
    copy_project(PROJECT, dest)
    return dest


def test_every_recipe_is_tested():
    # github-actions (the action) is run by tests/test_action.py, pre-commit by tests/test_precommit.py
    assert sorted(recipes()) == ["audit", "github-actions", "github-actions-steps", "gitlab-ci", "gitlab-junit",
                                 "pre-commit", "pre-commit-fix"]


REPOSITORY = "https://github.com/mkto-lint/mkto-lint"
INSTALL = 'pip install "git+%s@main"' % REPOSITORY


def _install_lines():
    """Every ``pip install`` line of the recipes, as printed."""
    lines = []
    for name, (lang, text) in recipes().items():
        if lang == "yaml":
            data = yaml.safe_load(text)
            jobs = data.get("jobs", {}).values() if "jobs" in data else data.values()
            for job in jobs:
                if not isinstance(job, dict):
                    continue
                for step in job.get("steps", []) + job.get("script", []):
                    line = step.get("run", "") if isinstance(step, dict) else step
                    lines += [(name, x.strip()) for x in line.splitlines() if "pip install" in x]
    return lines


def test_every_recipe_installs_from_the_repository_at_a_named_revision():
    assert _install_lines() == [("github-actions-steps", INSTALL), ("gitlab-ci", INSTALL), ("gitlab-junit", INSTALL)]


def test_the_install_line_installs_as_printed(tmp_path):
    """The line run as printed, the repository's URL pointed at a local clone of this checkout
    whose ``main`` is the working tree (what the URL's main will hold once it is pushed)."""
    from test_action import _checkout_copy

    clone = _checkout_copy(tmp_path / "clone")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "working tree"]):
        subprocess.run(git + args, cwd=clone, check=True, capture_output=True, timeout=120)
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "venv")], check=True, timeout=300)
    bin_dir = tmp_path / "venv" / "bin"
    line = INSTALL.replace(REPOSITORY, clone.as_uri())
    env = dict(os.environ, PATH=str(bin_dir) + os.pathsep + os.environ.get("PATH", ""))
    env.pop("VIRTUAL_ENV", None)
    proc = subprocess.run(line, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    from mkto_lint import __version__

    version = subprocess.run([str(bin_dir / "mkto-lint"), "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout == "mkto-lint %s\n" % __version__


def test_github_actions_steps_recipe(project):
    lang, text = recipe("github-actions-steps")
    assert lang == "yaml"
    workflow = yaml.safe_load(text)
    assert workflow["permissions"]["security-events"] == "write"
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    runs = [s for s in steps if "run" in s]
    lines = mkto_lint_lines(s["run"] for s in runs)
    assert lines == ["mkto-lint check --format github -- .",  # after the install line (see above)
                     "mkto-lint check --format sarif --output mkto-lint.sarif -- .",
                     'mkto-lint check --format markdown --exit-zero --output "$GITHUB_STEP_SUMMARY" -- .']

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
    assert (sarif.returncode, sarif.stdout) == (1, "3 errors, 1 warning, 1 info in 6 files; configuration: .mkto-lint.yaml\n")
    log = json.loads((project / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and len(log["runs"][0]["results"]) == 5
    for res in log["runs"][0]["results"]:
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert (project / uri).is_file()
    if SARIF_SCHEMA.is_file():
        import jsonschema

        schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
        assert list(jsonschema.Draft4Validator(schema).iter_errors(log)) == []

    # the job summary: the Markdown report in the file the runner names, whatever the gate said
    summary_step = next(s for s in steps if s.get("run", "").strip() == lines[2])
    assert summary_step["if"] == "${{ !cancelled() }}"
    summary_file = project.parent / "step_summary_file"  # the runner's file, outside the checkout
    summary_file.write_text("", encoding="utf-8")
    written = run_line(lines[2], project, GITHUB_STEP_SUMMARY=str(summary_file))
    assert (written.returncode, written.stdout) == (0, "3 errors, 1 warning, 1 info in 6 files; configuration: .mkto-lint.yaml\n")
    markdown = summary_file.read_text(encoding="utf-8")
    assert markdown.startswith("## mkto-lint\n\n| errors | warnings | infos | files checked |\n")
    assert "### `webinar/attended.yaml`" in markdown


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
    assert (run.returncode, run.stdout) == (1, "3 errors, 1 warning, 1 info in 6 files; configuration: .mkto-lint.yaml\n")
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
    assert (run.returncode, run.stdout) == (1, "3 errors, 1 warning, 1 info in 6 files; configuration: .mkto-lint.yaml\n")
    out = shlex.split(line)[shlex.split(line).index("--output") + 1]
    report = json.loads((project / out).read_text(encoding="utf-8"))
    assert report["summary"] == {"errors": 3, "warnings": 1, "infos": 1, "files": 6}
