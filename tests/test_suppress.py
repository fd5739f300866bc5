"""Inline and document-level suppressions, and MKL007 for the unused ones."""

from __future__ import annotations

from conftest import run_cli, write_tree


def lines(root, *args):
    run = run_cli("check", "--no-color", "--quiet", *args, str(root), cwd=root)
    return run.out.splitlines()


def test_trailing_comment_suppresses_its_line(tmp_path):
    write_tree(tmp_path, {"p.yaml": "kind: Program\nname: P\nfolder: Nowhere  # mkto-lint: ignore[MKL006] legacy\n"})
    assert lines(tmp_path) == []


def test_comment_alone_above_suppresses_the_next_line_and_stacks(tmp_path):
    write_tree(tmp_path, {"p.yaml": (
        "kind: Program\nname: P\n"
        "# mkto-lint: ignore[MKL006] folder comes from the old tree\n"
        "# mkto-lint: ignore[schema-violation]\n"
        "folder: Nowhere\ntype: webinar\n")})
    # the comment covers line 5 only: line 6's MKL003 remains, and the MKL003 suppression
    # (covering line 5, where there is none) is unused
    assert lines(tmp_path) == [
        "p.yaml:4:21: MKL007 [warning] [*] suppression of schema-violation suppresses nothing: remove it (unused-suppression)",
        'p.yaml:6:7: MKL003 [error] type: "webinar" is not one of the allowed values: "default", "event", "email", "engagement" (schema-violation)',
    ]


def test_ignore_file(tmp_path):
    write_tree(tmp_path, {"p.yaml": "# mkto-lint: ignore-file[MKL003, MKL006] imported as is\nkind: Program\nname: P\nfolder: X\ntype: webinar\n"})
    assert lines(tmp_path) == []


def test_document_level_in_yaml_and_json(tmp_path):
    write_tree(tmp_path, {
        "p.yaml": "kind: Program\nname: P\nfolder: X\nx-mkto-lint: {ignore: [MKL006]}\n---\nkind: Program\nname: Q\nfolder: Y\n",
        "e.json": '[{"kind": "Program", "name": "R", "folder": "Z", "x-mkto-lint": {"ignore": ["MKL006"]}},\n'
                  ' {"kind": "Program", "name": "S", "folder": "W"}]\n',
    })
    assert lines(tmp_path) == [
        'e.json:2:45: MKL006 [error] folder "W" names no folder in the project (unresolved-reference)',
        'p.yaml:8:9: MKL006 [error] folder "Y" names no folder in the project (unresolved-reference)',
    ]


def test_unused_and_malformed_suppressions_are_mkl007(tmp_path):
    write_tree(tmp_path, {"p.yaml": (
        "kind: Program  # mkto-lint: ignore[MKL006]\n"
        "name: P  # mkto-lint: ignore[NOPE1]\n"
        "type: default  # mkto-lint: ignore\n"
        "x-mkto-lint: {ignore: [MKL003]}\n")})
    assert lines(tmp_path) == [
        "p.yaml:1:36: MKL007 [warning] [*] suppression of MKL006 suppresses nothing: remove it (unused-suppression)",
        "p.yaml:2:30: MKL007 [warning] [*] suppression names no rule: 'NOPE1' (unused-suppression)",
        "p.yaml:3:29: MKL007 [warning] suppression names no rule: write ignore[CODE, ...] (unused-suppression)",
        "p.yaml:4:24: MKL007 [warning] [*] suppression of MKL003 suppresses nothing: remove it (unused-suppression)",
    ]


def test_suppressions_of_rules_that_did_not_run_are_not_unused(tmp_path):
    write_tree(tmp_path, {"p.yaml": "kind: Program  # mkto-lint: ignore[MKL006]\nname: P\n"})
    assert lines(tmp_path, "--select", "MKL003,MKL007") == []
    assert lines(tmp_path, "--ignore", "MKL007") == []


def test_a_hash_inside_a_quoted_value_is_not_a_comment(tmp_path):
    write_tree(tmp_path, {"p.yaml": 'kind: Program\nname: "P #mkto-lint: nothing"\nfolder: Nowhere\n'})
    assert lines(tmp_path) == ['p.yaml:3:9: MKL006 [error] folder "Nowhere" names no folder in the project (unresolved-reference)']
