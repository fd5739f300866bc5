"""pre-commit: the hooks this repository publishes (.pre-commit-hooks.yaml), end to end.

The end-to-end test makes a temporary git repository of Marketo definitions whose
``.pre-commit-config.yaml`` is the snippet of docs/ci.md pointing at this repository, installs
the hook, and commits: a good commit passes; a commit that touches only a child campaign (it
un-ticks ``isExecutable``) fails, naming the caller's Execute Campaign step in another file.

pre-commit clones a hook repository at a commit, and this checkout may hold work that is not
committed yet; so the test commits a copy of the working tree (the files git tracks or does not
ignore) to a scratch repository and points the configuration at that. pre-commit then builds
one hook environment (``pip install`` of the copy: this needs the package index) in a
``PRE_COMMIT_HOME`` inside pytest's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import REPO, write_tree
from docs_recipes import recipe

HOOKS_FILE = REPO / ".pre-commit-hooks.yaml"
TIMEOUT = 900  # the first commit builds the hook's environment

PROJECT = {
    "folders.yaml": "kind: Folder\npath: Operations/Scoring\n---\nkind: Folder\npath: Events/Webinars\n",
    "programs.yaml": "kind: Program\nid: 1001\nname: OP-Scoring Library\nfolder: Operations/Scoring\n"
                     "---\nkind: Program\nid: 1101\nname: OP-Webinar 2026\nfolder: Events/Webinars\n",
    "scoring/child-change-score.yaml": (
        "kind: SmartCampaign\n"
        "id: 2001\n"
        "name: Child - Change Score\n"
        "program: OP-Scoring Library\n"
        "isExecutable: true\n"
        "smartList:\n"
        "  filters:\n"
        "    - name: Email Address\n"
        "      operator: is not empty\n"
        "flow:\n"
        "  - action: Change Score\n"
        "    attributes:\n"
        "      scoreName: Behavior Score\n"
        "      change: \"+10\"\n"
    ),
    "webinar/attended.yaml": (
        "kind: SmartCampaign\n"
        "id: 2101\n"
        "name: Attended - Score\n"
        "program: OP-Webinar 2026\n"
        "isActive: true\n"
        "smartList:\n"
        "  triggers:\n"
        "    - name: Program Status is Changed\n"
        "      conditions:\n"
        "        - {name: New Status, operator: is, values: [Webinar > Attended]}\n"
        "flow:\n"
        "  - action: Execute Campaign\n"
        "    attributes:\n"
        "      campaign: \"OP-Scoring Library.Child - Change Score\"\n"  # line 14, column 17
        "      useParentTokenContext: true\n"
    ),
    "README.md": "Marketing operations definitions.\n",
    ".github/labels.yaml": "- name: bug\n  color: red\n",  # YAML without a kind: never reported
}
CALLER_FINDING = ('webinar/attended.yaml:14:17: EXE007 [error] Execute Campaign calls '
                  '"OP-Scoring Library.Child - Change Score", which is not executable')


def _hooks():
    return {h["id"]: h for h in yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))}


def test_hooks_file_declares_the_hooks():
    hooks = _hooks()
    assert sorted(hooks) == ["mkto-lint", "mkto-lint-all", "mkto-lint-fix"]
    for hook in hooks.values():
        # file names never become options
        assert hook["entry"] == ("mkto-lint check --fix --" if hook["id"] == "mkto-lint-fix" else "mkto-lint check --")
        assert hook["language"] == "python"
        assert hook["require_serial"] is True  # one process: the project is read once, no duplicates
    assert hooks["mkto-lint"]["types_or"] == ["yaml", "json"]
    assert hooks["mkto-lint"].get("pass_filenames", True) is True
    assert hooks["mkto-lint-all"]["pass_filenames"] is False
    assert hooks["mkto-lint-all"]["always_run"] is True
    assert hooks["mkto-lint-fix"]["types_or"] == ["yaml", "json"]


def test_hook_entry_is_the_installed_console_script():
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib

    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    for hook in _hooks().values():
        assert hook["entry"].split()[0] in scripts


def test_snippet_names_the_published_hooks():
    lang, text = recipe("pre-commit")
    assert lang == "yaml"
    (repo,) = yaml.safe_load(text)["repos"]
    assert [h["id"] for h in repo["hooks"]] == ["mkto-lint", "mkto-lint-all"]
    assert set(h["id"] for h in repo["hooks"]) <= set(_hooks())
    assert repo["hooks"][1]["stages"] == ["manual"]


# -- end to end ----------------------------------------------------------------------------

def _env(home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and not k.startswith("PRE_COMMIT")}
    env.update({
        "PRE_COMMIT_HOME": str(home / "pre-commit"),
        "VIRTUALENV_OVERRIDE_APP_DATA": str(home / "virtualenv"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "NO_COLOR": "1",
    })
    return env


def _run(cmd, cwd, env):
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    return proc.returncode, proc.stdout + proc.stderr


def _git(cwd, env, *args):
    code, out = _run(["git", *args], cwd, env)
    assert code == 0, "git %s: %s" % (" ".join(args), out)
    return out


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="session")
def hook_repo(pre_commit_home):
    """(path, commit) of a scratch repository holding this checkout's working tree."""
    env = _env(pre_commit_home)
    dest = pre_commit_home / "mkto-lint-checkout"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, env=env, capture_output=True, check=True, timeout=120).stdout
    copied = 0
    for raw in listed.split(b"\0"):
        if not raw:
            continue
        rel = os.fsdecode(raw)
        src = REPO / rel
        if not src.is_file():  # deleted in the working tree
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / rel)
        copied += 1
    assert (dest / ".pre-commit-hooks.yaml").is_file() and copied > 10
    _git(dest, env, "init", "-q")
    _git(dest, env, "add", "-A")
    _git(dest, env, "-c", "user.name=mkto-lint tests", "-c", "user.email=tests@example.invalid",
         "-c", "commit.gpgsign=false", "commit", "-q", "-m", "working tree")
    return dest, _git(dest, env, "rev-parse", "HEAD").strip()


def test_commit_hook_end_to_end(hook_repo, pre_commit_home, tmp_path):
    hook_path, rev = hook_repo
    env = _env(pre_commit_home)
    pre_commit = [sys.executable, "-m", "pre_commit"]

    project = write_tree(tmp_path / "marketing-ops", PROJECT)
    config = yaml.safe_load(recipe("pre-commit")[1])
    config["repos"][0]["repo"] = str(hook_path)
    config["repos"][0]["rev"] = rev
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    _git(project, env, "init", "-q")
    _git(project, env, "config", "user.name", "Marketing Ops")
    _git(project, env, "config", "user.email", "ops@example.invalid")
    _git(project, env, "config", "commit.gpgsign", "false")
    code, out = _run([*pre_commit, "install"], project, env)
    assert code == 0, out

    # a good commit: every file is checked and clean
    _git(project, env, "add", "-A")
    code, out = _run(["git", "commit", "-m", "Scoring library and webinar"], project, env)
    assert code == 0, out
    assert "mkto-lint" in out and "Passed" in out
    assert "whole project" not in out  # mkto-lint-all is a manual stage
    assert _git(project, env, "rev-list", "--count", "HEAD").strip() == "1"

    # a bad commit touching only the child: it fails with the caller's step, in another file
    child = project / "scoring" / "child-change-score.yaml"
    child.write_text(child.read_text(encoding="utf-8").replace("isExecutable: true", "isExecutable: false"),
                     encoding="utf-8")
    _git(project, env, "add", "scoring/child-change-score.yaml")
    code, out = _run(["git", "commit", "-m", "Child is no longer executable"], project, env)
    assert code == 1, out
    assert "- hook id: mkto-lint\n" in out
    assert CALLER_FINDING in out
    assert "1 error, 0 warnings in 1 file" in out
    assert _git(project, env, "rev-list", "--count", "HEAD").strip() == "1"  # the commit did not happen

    # the example docs/ci.md shows is this output
    doc = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    shown = next(line.strip() for line in doc.splitlines() if "EXE007 [error]" in line)
    assert shown.endswith("...") and shown[:-3].rstrip() in out

    # `pre-commit try-repo`, the way to try the hooks before configuring them (the same
    # repository and commit: pre-commit reuses the environment built above)
    code, out = _run([*pre_commit, "try-repo", str(hook_path), "mkto-lint", "--ref", rev,
                      "--files", "scoring/child-change-score.yaml"], project, env)
    assert code == 1, out
    assert CALLER_FINDING in out

    # the whole project, as CI runs it
    code, out = _run([*pre_commit, "run", "mkto-lint-all", "--hook-stage", "manual", "--all-files"], project, env)
    assert code == 1, out
    assert "mkto-lint (whole project)" in out and "- hook id: mkto-lint-all\n" in out
    assert CALLER_FINDING in out
    assert "1 error, 0 warnings in 4 files" in out


def test_file_names_cannot_inject_options(hook_repo, pre_commit_home, tmp_path):
    """Committed files named like options are file names to the hooks: the commit that also
    breaks the child still fails, and nothing is written where the names point."""
    hook_path, rev = hook_repo
    env = _env(pre_commit_home)
    project = write_tree(tmp_path / "marketing-ops", PROJECT)
    config = yaml.safe_load(recipe("pre-commit")[1])
    config["repos"][0]["repo"] = str(hook_path)
    config["repos"][0]["rev"] = rev
    config_text = yaml.safe_dump(config, sort_keys=False)
    (project / ".pre-commit-config.yaml").write_text(config_text, encoding="utf-8")
    for args in (("init", "-q"), ("config", "user.name", "Marketing Ops"),
                 ("config", "user.email", "ops@example.invalid"), ("config", "commit.gpgsign", "false")):
        _git(project, env, *args)
    code, out = _run([sys.executable, "-m", "pre_commit", "install"], project, env)
    assert code == 0, out

    # options as file names: without `--` the first makes the hook pass (it writes a baseline
    # and exits 0), the second overwrites the pre-commit configuration with the report
    planted = {"--write-baseline=.x.json": "{}\n", "--output=.pre-commit-config.yaml": "note: planted\n"}
    for name, text in planted.items():
        (project / name).write_text(text, encoding="utf-8")
    child = project / "scoring" / "child-change-score.yaml"
    child.write_text(child.read_text(encoding="utf-8").replace("isExecutable: true", "isExecutable: false"),
                     encoding="utf-8")
    _git(project, env, "add", "--", *planted, ".pre-commit-config.yaml", "scoring/child-change-score.yaml")
    code, out = _run(["git", "commit", "-m", "Options as file names"], project, env)
    assert code == 1, out
    assert CALLER_FINDING in out
    assert not (project / ".x.json").exists()
    assert (project / ".pre-commit-config.yaml").read_text(encoding="utf-8") == config_text
    assert _git(project, env, "rev-list", "--all", "--count").strip() == "0"  # nothing was committed

    # the whole-project hook, with the planted files in the tree
    code, out = _run([sys.executable, "-m", "pre_commit", "run", "mkto-lint-all", "--hook-stage", "manual",
                      "--all-files"], project, env)
    assert code == 1 and CALLER_FINDING in out, out
    assert not (project / ".x.json").exists()


def test_fix_hook_end_to_end(hook_repo, pre_commit_home, tmp_path):
    """The mkto-lint-fix hook of docs/ci.md: a commit with a fixable finding fails, the file is
    fixed in the working tree (only its wrong line changed), and committing the fix passes."""
    hook_path, rev = hook_repo
    env = _env(pre_commit_home)
    project = write_tree(tmp_path / "marketing-ops", PROJECT)
    config = yaml.safe_load(recipe("pre-commit-fix")[1])
    assert [h["id"] for h in config["repos"][0]["hooks"]] == ["mkto-lint-fix"]
    config["repos"][0]["repo"] = str(hook_path)
    config["repos"][0]["rev"] = rev
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    for args in (("init", "-q"), ("config", "user.name", "Marketing Ops"),
                 ("config", "user.email", "ops@example.invalid"), ("config", "commit.gpgsign", "false")):
        _git(project, env, *args)
    code, out = _run([sys.executable, "-m", "pre_commit", "install"], project, env)
    assert code == 0, out

    child = project / "scoring" / "child-change-score.yaml"
    broken = child.read_text(encoding="utf-8").replace('change: "+10"', "change: \u201c+10\u201d   # pasted")
    child.write_text(broken, encoding="utf-8")
    _git(project, env, "add", "-A")
    code, out = _run(["git", "commit", "-m", "Scoring library and webinar"], project, env)
    assert code == 1, out  # the hook changed a file: the commit stops for a review
    assert "- hook id: mkto-lint-fix\n" in out and "- files were modified by this hook" in out
    assert "mkto-lint: fixed 1 finding in 1 file" in out
    assert "0 errors, 0 warnings in" in out  # nothing is left
    assert _git(project, env, "rev-list", "--all", "--count").strip() == "0"
    assert child.read_text(encoding="utf-8") == broken.replace("\u201c+10\u201d", '"+10"')

    _git(project, env, "add", "-A")
    code, out = _run(["git", "commit", "-m", "Scoring library and webinar"], project, env)
    assert code == 0, out
    assert "mkto-lint (fix)" in out and "Passed" in out
