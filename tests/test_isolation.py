"""Isolation (issue 6, part 5): a rule that raises is an internal error of that rule and the run
goes on (exit 2); a file that cannot be read does not stop the others, in one process or in
the pool of workers; the process never uses the network; the output does not depend on the
run, the hash seed, or whether the files were read by a pool.

(``tests/test_cli.py`` holds the first tests of the first and last points; these extend them.)
"""

from __future__ import annotations

import json
import os
import sys

import pytest

from adversarial import launch
from conftest import EXAMPLES, REPO, run_cli, write_tree
from mkto_lint.read import files
from mkto_lint.ruleset.registry import rule_by_code_or_name
from adversarial.runner import run_measured

PROJECT = {
    "program.yaml": "kind: Program\nname: OP\nfolder: Nowhere\ntokens:\n  - {name: Score, type: score, value: \"+5\"}\n",
    "child.yaml": "kind: SmartCampaign\nname: Child\nprogram: OP\nisExecutable: true\n"
                  "flow:\n  - {action: Wait, attributes: {duration: 1 day}}\n",
    "parent.yaml": "kind: SmartCampaign\nname: Parent\nprogram: OP\n"
                   "flow:\n  - action: Execute Campaign\n    attributes: {campaign: OP.Child}\n",
}


# -- a rule that raises ------------------------------------------------------------------------


def _break(monkeypatch, code, exc):
    rule = rule_by_code_or_name(code)

    def check(ctx):
        raise exc

    monkeypatch.setattr(rule, "check", check)


def _half_broken(monkeypatch, code):
    """The rule yields its findings, then raises partway."""
    rule = rule_by_code_or_name(code)
    real = type(rule).check

    def check(ctx):
        yield from real(rule, ctx)
        raise KeyError("late")

    monkeypatch.setattr(rule, "check", check)


@pytest.mark.parametrize("fmt", ["concise", "json", "sarif"])
def test_several_broken_rules_are_each_one_line_and_the_others_run(tmp_path, monkeypatch, fmt):
    write_tree(tmp_path, PROJECT)
    _break(monkeypatch, "EXE007", RecursionError("maximum recursion depth exceeded"))
    _break(monkeypatch, "TOK001", ZeroDivisionError("division by zero"))
    _half_broken(monkeypatch, "EXE002")
    run = run_cli("check", "--no-color", "--format", fmt, "--root", str(tmp_path), str(tmp_path), cwd=tmp_path)
    assert run.code == 2
    assert run.err == (
        "mkto-lint: internal error in rule EXE002 (wait-in-executable): KeyError: 'late'; the other rules ran\n"
        "mkto-lint: internal error in rule EXE007 (execute-target-not-executable): RecursionError: maximum "
        "recursion depth exceeded; the other rules ran\n"
        "mkto-lint: internal error in rule TOK001 (undefined-my-token): ZeroDivisionError: division by zero; "
        "the other rules ran\n")
    if fmt == "concise":
        codes = [line.split()[1] for line in run.out.splitlines()[:-1]]
        # MKL006 and the findings EXE002 made before it broke are still reported
        assert codes == ["EXE002", "MKL006"], run.out
    else:
        json.loads(run.out)  # the report is whole


def test_a_broken_rule_in_a_real_process_prints_no_traceback(tmp_path):
    write_tree(tmp_path, PROJECT)
    (tmp_path / ".mkto-lint.yaml").write_text("{}\n")
    plugin = tmp_path / "sitecustomize.py"  # breaks a rule in the process under test
    plugin.write_text(
        "from mkto_lint.ruleset.registry import rule_by_code_or_name\n"
        "def boom(ctx):\n    raise RuntimeError('kaput')\n"
        "rule_by_code_or_name('EXE002').check = boom\n")
    env_path = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = str(tmp_path) + (os.pathsep + env_path if env_path else "")
    try:
        outcome = run_measured(("check", "--no-color", "."), tmp_path, 60)
    finally:
        if env_path:
            os.environ["PYTHONPATH"] = env_path
        else:
            del os.environ["PYTHONPATH"]
    assert outcome.code == 2, outcome
    assert outcome.err == "mkto-lint: internal error in rule EXE002 (wait-in-executable): RuntimeError: kaput; the other rules ran\n"
    assert "MKL006 [error]" in outcome.out and "Traceback" not in outcome.out + outcome.err


# -- files that cannot be read -------------------------------------------------------------------


def _hostile_project(root, n):
    """``n`` ordinary programs (one with a schema error) and every kind of unreadable file."""
    files = {"p%04d.yaml" % i: "kind: Program\nname: P%d\n%s" % (i, "type: webinar\n" if i == 7 else "") for i in range(n)}
    files.update({
        "binary.yaml": "",
        "deep.json": '{"kind": "Program", "name": "D", "x": %s}' % ("[" * 500 + "]" * 500),
        "bomb.yaml": "kind: Program\nname: B\nx-a: &a [1,2,3,4,5,6,7,8,9,10]\n" + "".join(
            "x-%d: &a%d [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n" % ((i, i) + ("a" if i == 0 else "a%d" % (i - 1),) * 10)
            for i in range(6)),
        "syntax.yaml": "kind: Program\nname: [\n",
    })
    write_tree(root, files)
    (root / "binary.yaml").write_bytes(b"kind\x00\x01\x02")
    os.mkfifo(root / "pipe.yaml")
    os.symlink("loop.yaml", root / "loop.yaml")
    (root / "secret.yaml").write_text("kind: Program\nname: S\n")
    (root / "secret.yaml").chmod(0)
    (root / ".mkto-lint.yaml").write_text("{}\n")
    return root


def _read_problems(out):
    return sorted(line for line in out.splitlines() if " MKL001 " in line or " MKL003 " in line)


@pytest.mark.parametrize("pool", [False, True], ids=["one-process", "worker-pool"])
def test_unreadable_files_do_not_stop_the_others(tmp_path, monkeypatch, pool):
    n = files.POOL_MIN_FILES + 20 if pool else 10
    root = _hostile_project(tmp_path, n)
    if not pool:
        monkeypatch.setenv("MKTO_LINT_NO_POOL", "1")
    if os.geteuid() == 0:  # root reads anything: refuse the file without read permission
        monkeypatch.setattr(os, "open", os.open)
        launch._deny_unreadable()
    run = run_cli("check", "--output-format", "concise", "--no-color", ".", cwd=root)
    assert run.code == 1 and run.err == "", run
    assert _read_problems(run.out) == sorted([
        "binary.yaml:1:5: MKL001 [error] file holds a NUL byte: it is binary, not YAML or JSON (syntax-error)",
        "bomb.yaml:1:1: MKL001 [error] alias expansion exceeds 100000 nodes (the document's aliases expand to 101218) (syntax-error)",
        "deep.json:1:238: MKL001 [error] nesting is deeper than 200 levels (max-depth) (syntax-error)",
        "loop.yaml:1:1: MKL001 [error] cannot read the file: Too many levels of symbolic links (syntax-error)",
        'p0007.yaml:3:7: MKL003 [error] type: "webinar" is not one of the allowed values: "default", "event", "email", "engagement" (schema-violation)',
        "pipe.yaml:1:1: MKL001 [error] cannot read the file: it is a named pipe, not a regular file (syntax-error)",
        "secret.yaml:1:1: MKL001 [error] cannot read the file: Permission denied (syntax-error)",
        "syntax.yaml:3:1: MKL001 [error] did not find expected node content (while parsing a flow node) (syntax-error)",
    ])
    assert run.out.splitlines()[-1] == "8 errors, 0 warnings in %d files; configuration: .mkto-lint.yaml" % (n + 7)


# -- no network --------------------------------------------------------------------------------


class _NetworkWatch:
    """An audit hook (hooks cannot be removed, so it records only while switched on)."""

    installed = False
    active = False
    events = []

    @classmethod
    def install(cls):
        if not cls.installed:
            def hook(event, args):
                if cls.active and event in launch.NETWORK_EVENTS:
                    cls.events.append((event, repr(args)[:200]))
            sys.addaudithook(hook)
            cls.installed = True


def test_a_full_check_and_every_dry_run_of_the_examples_use_no_network():
    _NetworkWatch.install()
    _NetworkWatch.events.clear()
    _NetworkWatch.active = True
    try:
        for fmt in ("text", "json", "sarif", "github", "gitlab", "junit"):
            run = run_cli("check", "--output-format", "concise", "--format", fmt, str(EXAMPLES), cwd=REPO)
            assert run.code == 0, run
        resolved = run_cli("resolve", "--all", "--root", str(EXAMPLES), cwd=EXAMPLES)
        assert resolved.code == 0, resolved
        traced = run_cli("resolve", "--format", "json", "--root", str(EXAMPLES), "--token", "my.Score=+15",
                         "--set", "Job Title=VP", "OP-Webinar 2026.Attended - Score", cwd=EXAMPLES)
        assert traced.code == 0, traced
    finally:
        _NetworkWatch.active = False
    assert _NetworkWatch.events == []


def test_the_watch_sees_a_socket():
    """The hook of the test above does see network use (so that test can fail)."""
    import socket

    _NetworkWatch.install()
    _NetworkWatch.events.clear()
    _NetworkWatch.active = True
    try:
        socket.socket().close()
    finally:
        _NetworkWatch.active = False
    assert [e for e, _ in _NetworkWatch.events] == ["socket.__new__"]


def test_a_pooled_check_in_a_real_process_uses_no_network(tmp_path):
    """The forked workers inherit the launcher's hook: any socket ends the run with status 99."""
    write_tree(tmp_path, {"c%04d.yaml" % i: "kind: Program\nname: P%d\n" % i for i in range(files.POOL_MIN_FILES + 10)})
    (tmp_path / ".mkto-lint.yaml").write_text("{}\n")
    os.environ["MKTO_LINT_TEST_NO_NETWORK"] = "1"
    try:
        outcome = run_measured(("check", "--no-color", "."), tmp_path, 60)
    finally:
        del os.environ["MKTO_LINT_TEST_NO_NETWORK"]
    assert (outcome.code, outcome.err) == (0, ""), outcome
    assert outcome.out == "0 errors, 0 warnings in %d files; configuration: .mkto-lint.yaml\n" % (files.POOL_MIN_FILES + 10)


# -- the same output every time ------------------------------------------------------------------


def _varied_project(root):
    """Findings of many kinds, in YAML and JSON, with names that hash differently."""
    write_tree(root, dict(PROJECT, **{
        "dups.yaml": "kind: Program\nname: OP\nid: 1\n---\nkind: Program\nname: Other\nid: 1\n",
        "bulk.json": json.dumps([{"kind": "SmartCampaign", "name": "C%d" % i, "program": "OP",
                                  "flow": [{"action": "Execute Campaign", "attributes": {"campaign": "OP.C%d" % ((i + 1) % 7)}},
                                           {"action": "Wait", "attributes": {"duration": "4 hrs"}}],
                                  "isExecutable": i % 2 == 0} for i in range(7)]),
        "tokens.yaml": "kind: SmartCampaign\nname: T\nprogram: OP\nflow:\n  - action: Change Score\n"
                       "    attributes: {scoreName: S, change: \"{{my.Nope}} {{oops\"}\n",
    }))
    (root / ".mkto-lint.yaml").write_text("{}\n")
    return root


def test_output_is_identical_across_hash_seeds_pools_and_formats(tmp_path):
    from conftest import run_process

    root = _varied_project(tmp_path)
    write_tree(root / "filler", {"f%04d.yaml" % i: "kind: Folder\npath: F%d\n" % i for i in range(files.POOL_MIN_FILES)})
    for args in (("check", "--format", "json", "."), ("check", "--format", "sarif", "."),
                 ("resolve", "--all", "--format", "json"), ("resolve", "OP.Parent")):
        outs = set()
        for seed, no_pool in (("1", ""), ("2", "1"), ("random", "")):
            run = run_process(*args, cwd=root, env={"PYTHONHASHSEED": seed, "MKTO_LINT_NO_POOL": no_pool})
            assert run.err == "" or args[0] == "check", run
            outs.add((run.code, run.out))
        assert len(outs) == 1, (args, [o[1][:300] for o in outs])


def test_a_link_out_of_the_root_is_reported_not_followed(tmp_path):
    """Hardening item 5: a file linked from outside the root is not read, so its values are
    never quoted; a link inside the root is read as usual."""
    outside = tmp_path / "outside"
    root = tmp_path / "project"
    write_tree(outside, {"secret.yaml": "kind: Program\nname: Secret Program\ntype: Bogus\n"})
    write_tree(root, {"p.yaml": "kind: Program\nname: P\n"})
    os.symlink(outside / "secret.yaml", root / "link.yaml")
    run = run_cli("check", "--output-format", "concise", "--root", ".", ".", cwd=root)
    assert run.out == ("link.yaml:1:1: MKL001 [error] a link to a file outside the project root (%s): not followed "
                       "(syntax-error)\n1 error, 0 warnings in 2 files\n" % (outside / "secret.yaml").resolve())
    assert "Secret Program" not in run.out and "Bogus" not in run.out


def test_an_unreadable_folder_is_a_finding_not_a_pass(tmp_path, monkeypatch):
    """Hardening item 19: a folder discovery cannot list used to be skipped (exit 0)."""
    write_tree(tmp_path, {"p.yaml": "kind: Program\nname: P\n", "locked/c.yaml": "kind: Program\nname: Q\ntype: Bogus\n"})
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)  # as root, file modes do not stop a read
    run = run_cli("check", "--output-format", "concise", "--root", ".", ".", cwd=tmp_path)
    assert run.out == ("locked:1:1: MKL001 [error] cannot read the folder: Permission denied (syntax-error)\n"
                       "1 error, 0 warnings in 2 files\n")
    assert run.code == 1
