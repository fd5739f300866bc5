"""Baselines: record today's findings, then report only new ones."""

from __future__ import annotations

import json

from conftest import run_cli, write_tree

FILES = {
    "programs.yaml": "kind: Program\nname: P\nfolder: Nowhere\n---\nkind: Program\nname: Q\ntype: webinar\n",
    "other.json": '[{"kind": "Program", "name": "R", "folder": "Gone"}]\n',
}


def check(root, *args):
    return run_cli("check", "--output-format", "concise", "--no-color", "--quiet", *args, str(root), cwd=root)


def test_baseline_round_trip_survives_inserted_lines_and_reordering(tmp_path):
    root = write_tree(tmp_path / "p", FILES)
    base = tmp_path / "baseline.json"
    wrote = check(root, "--write-baseline", str(base))
    assert wrote.code == 0 and wrote.out == ""
    assert wrote.err == "mkto-lint: wrote 3 fingerprints of 3 findings to %s\n" % base
    data = json.loads(base.read_text())
    assert [(e["code"], e["path"], e["count"]) for e in data["findings"]] == [
        ("MKL006", "other.json", 1), ("MKL003", "programs.yaml", 1), ("MKL006", "programs.yaml", 1)]
    assert check(root, "--baseline", str(base)).code == 0

    # 10 lines inserted at the top, documents swapped: still nothing new
    text = (root / "programs.yaml").read_text()
    first, second = text.split("---\n")
    (root / "programs.yaml").write_text("# comment\n" * 10 + second + "---\n" + first)
    run = check(root, "--baseline", str(base))
    assert (run.code, run.out) == (0, "")

    # a new problem is reported, an old one on the same path of another document too
    (root / "programs.yaml").write_text(
        (root / "programs.yaml").read_text() + "---\nkind: Program\nname: S\nfolder: Nowhere\n")
    run = check(root, "--baseline", str(base))
    assert run.code == 1
    assert run.out.splitlines() == ['programs.yaml:21:9: MKL006 [error] folder "Nowhere" names no folder in the project (unresolved-reference)']


def test_fixing_a_finding_keeps_the_rest_baselined(tmp_path):
    root = write_tree(tmp_path / "p", FILES)
    base = tmp_path / "b.json"
    check(root, "--write-baseline", str(base))
    (root / "other.json").write_text('[{"kind": "Program", "name": "R"}]\n')
    assert check(root, "--baseline", str(base)).out == ""


def test_bad_baseline_is_one_line_exit_2(tmp_path):
    (tmp_path / "b.json").write_text("{nope")
    run = check(tmp_path, "--baseline", str(tmp_path / "b.json"))
    assert run.code == 2 and run.err.startswith("mkto-lint: error: the baseline ") and run.err.count("\n") == 1
    run = check(tmp_path, "--baseline", str(tmp_path / "missing.json"))
    assert run.code == 2 and "cannot read the baseline" in run.err
