"""The GitHub Action (action.yml) runs as GitHub would run it: each step's script, in order,
through bash, with the runner's variables (RUNNER_TEMP, GITHUB_PATH, GITHUB_STEP_SUMMARY,
GITHUB_ACTION_PATH) and the inputs' defaults in the step's environment, in a copy of the
reporters' fixture project. GITHUB_ACTION_PATH is a copy of this checkout, as the runner's
checkout of the action at the revision a workflow names; the install step installs it into a
fresh virtual environment (from the package index, as on a runner).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
import yaml

from conftest import REPO, TESTS, copy_project
from docs_recipes import recipe

ACTION = REPO / "action.yml"
PROJECT = TESTS / "golden" / "report" / "project"
SUMMARY = "3 errors, 1 warning, 1 info in 6 files; configuration: .mkto-lint.yaml\n"


def _action():
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def _checkout_copy(dest):
    """The files of this checkout (tracked, and new ones not ignored), as the runner fetches them."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, check=True, timeout=120).stdout
    for raw in filter(None, listed.split(b"\0")):
        src = REPO / os.fsdecode(raw)
        if src.is_file():
            (dest / os.fsdecode(raw)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / os.fsdecode(raw))
    return dest


def _inputs(step_env, defaults):
    """A step's ``env:`` with ``${{ inputs.NAME }}`` as the input's default."""
    out = {}
    for key, value in (step_env or {}).items():
        match = re.fullmatch(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", str(value))
        assert match, "step variables come from inputs only: %s=%s" % (key, value)
        out[key] = defaults[match.group(1)]
    return out


def test_the_action_declares_its_inputs_and_steps():
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert {k: v["default"] for k, v in action["inputs"].items()} == {
        "paths": ".", "sarif-file": "mkto-lint.sarif", "upload-sarif": "true", "job-summary": "true"}
    steps = action["runs"]["steps"]
    assert [s["name"] for s in steps] == ["Install mkto-lint", "mkto-lint (annotations)", "mkto-lint (SARIF)",
                                          "mkto-lint (job summary)", "Upload SARIF to code scanning"]
    for step in steps:
        assert "${{" not in step.get("run", ""), "inputs reach scripts through env only: %r" % step["name"]
    assert steps[1].get("if") is None  # the gate
    assert steps[2]["if"] == "${{ !cancelled() && inputs.sarif-file != '' }}"
    assert steps[3]["if"] == "${{ !cancelled() && inputs.job-summary == 'true' }}"
    assert steps[4]["uses"].startswith("github/codeql-action/upload-sarif@")
    assert steps[4]["with"] == {"sarif_file": "${{ inputs.sarif-file }}", "category": "mkto-lint"}


@pytest.fixture(scope="module")
def action_run(tmp_path_factory):
    """Every ``run`` step of the action, in order: [(step, CompletedProcess)], and the runner's files."""
    base = tmp_path_factory.mktemp("action")
    action_path = _checkout_copy(base / "action")
    workspace = base / "workspace"
    copy_project(PROJECT, workspace)
    runner_temp = base / "runner-temp"
    runner_temp.mkdir()
    github_path, summary = base / "github_path", base / "step_summary"
    github_path.write_text("", encoding="utf-8")
    summary.write_text("", encoding="utf-8")
    defaults = {k: v["default"] for k, v in _action()["inputs"].items()}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MKTO_LINT_", "GITHUB_", "VIRTUAL_ENV"))}
    env.update(RUNNER_TEMP=str(runner_temp), GITHUB_PATH=str(github_path), GITHUB_STEP_SUMMARY=str(summary),
               GITHUB_ACTION_PATH=str(action_path), GITHUB_WORKSPACE=str(workspace))
    runs = []
    for step in _action()["runs"]["steps"]:
        if "run" not in step:
            continue
        added = [line for line in github_path.read_text(encoding="utf-8").splitlines() if line]
        step_env = dict(env, PATH=os.pathsep.join(added[::-1] + [env.get("PATH", "")]))
        step_env.update(_inputs(step.get("env"), defaults))
        assert step["shell"] == "bash"
        proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workspace, env=step_env,
                              capture_output=True, text=True, timeout=600)
        runs.append((step, proc))
    return {"runs": runs, "workspace": workspace, "summary": summary, "runner_temp": runner_temp,
            "github_path": github_path}


def test_the_install_step_installs_the_actions_own_revision(action_run):
    (step, proc), *_rest = action_run["runs"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    venv_bin = action_run["runner_temp"] / "mkto-lint-venv" / "bin"
    assert action_run["github_path"].read_text(encoding="utf-8") == "%s\n" % venv_bin
    version = subprocess.run([str(venv_bin / "mkto-lint"), "--version"], capture_output=True, text=True, timeout=60)
    from mkto_lint import __version__

    assert version.stdout == "mkto-lint %s\n" % __version__


def test_the_action_annotates_writes_sarif_and_the_job_summary(action_run):
    runs = action_run["runs"]
    assert [s["name"] for s, _p in runs] == ["Install mkto-lint", "mkto-lint (annotations)", "mkto-lint (SARIF)",
                                             "mkto-lint (job summary)"]
    gate = runs[1][1]
    assert gate.returncode == 1, gate.stderr  # the fixture has errors: the job fails here
    annotations = [line for line in gate.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 5 and annotations[0].startswith("::error file=webinar/attended.yaml,line=14,")
    sarif = runs[2][1]
    assert (sarif.returncode, sarif.stdout, sarif.stderr) == (0, SUMMARY, "")
    log = json.loads((action_run["workspace"] / "mkto-lint.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and len(log["runs"][0]["results"]) == 5
    summary = runs[3][1]
    assert (summary.returncode, summary.stdout, summary.stderr) == (0, SUMMARY, "")
    markdown = action_run["summary"].read_text(encoding="utf-8")
    assert markdown.startswith("## mkto-lint\n\n| errors | warnings | infos | files checked |\n|---:|---:|---:|---:|\n"
                               "| 3 | 1 | 1 | 6 |\n")


def test_the_github_recipe_uses_the_action_at_a_named_revision():
    lang, text = recipe("github-actions")
    assert lang == "yaml"
    (job,) = yaml.safe_load(text)["jobs"].values()
    uses = [s["uses"] for s in job["steps"] if "uses" in s]
    assert uses == ["actions/checkout@v4", "mkto-lint/mkto-lint@main"]
