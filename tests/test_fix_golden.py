"""Golden before/after pairs of ``check --fix`` (one folder per fix in ``tests/fix/``).

Each ``tests/fix/<CODE>-<what>/`` holds ``before/`` (a small project), ``after/`` (every file
as ``--fix`` must leave it, byte for byte: line endings, BOM, comments, flow style), ``fix.diff``
(what ``--diff`` prints for ``before/``: exactly the lines that change) and, optionally,
``options`` (more options for the command line, e.g. ``--unsafe-fixes``). Regenerate with
``MKTO_LINT_UPDATE_GOLDEN=1`` and read the diff before committing.
"""

from __future__ import annotations

import difflib
import re
import shutil

import pytest

from conftest import TESTS, UPDATE, run_cli

CASES = sorted(p for p in (TESTS / "fix").iterdir() if (p / "before").is_dir())


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _options(case):
    path = case / "options"
    return path.read_text(encoding="utf-8").split() if path.exists() else []


def _lines(data):
    return re.findall(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", data)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_fix_golden(case, tmp_path):
    work = tmp_path / "project"
    shutil.copytree(case / "before", work)
    before = _files(work)
    options = _options(case)

    diff = run_cli("check", "--diff", "--no-color", *options, ".", cwd=work)
    assert diff.code == 1, diff.err
    assert _files(work) == before, "--diff writes nothing"
    golden = case / "fix.diff"  # bytes: a CRLF file's diff has CRLF lines
    if UPDATE:
        golden.write_bytes(diff.out.encode("utf-8"))
    assert diff.out.encode("utf-8") == golden.read_bytes(), "--diff differs from %s" % golden

    run = run_cli("check", "--fix", "--no-color", *options, ".", cwd=work)
    assert run.code in (0, 1), run.err
    assert re.search(r"^mkto-lint: fixed \d+ findings? in \d+ files?$", run.err, re.M), run.err
    after = _files(work)
    if UPDATE:
        shutil.rmtree(case / "after", ignore_errors=True)
        for rel, data in after.items():
            (case / "after" / rel).parent.mkdir(parents=True, exist_ok=True)
            (case / "after" / rel).write_bytes(data)
    assert after == _files(case / "after"), "the fixed files differ from %s/after" % case.name

    # every line outside the diff's - and + lines is byte-identical, in order (CRLF, BOM included)
    removed = added = 0
    for rel, old in before.items():
        old_lines, new_lines = _lines(old), _lines(after[rel])
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
            if tag == "equal":
                assert old_lines[i1:i2] == new_lines[j1:j2]
            else:
                removed += i2 - i1
                added += j2 - j1
        if old.startswith(b"\xef\xbb\xbf"):
            assert after[rel].startswith(b"\xef\xbb\xbf"), "the BOM is kept"
        if b"\r\n" in old:
            assert after[rel].count(b"\n") == after[rel].count(b"\r\n"), "CRLF stays CRLF"
    diff_lines = diff.out.splitlines()
    assert removed == sum(1 for x in diff_lines if x.startswith("-") and not x.startswith("--- "))
    assert added == sum(1 for x in diff_lines if x.startswith("+") and not x.startswith("+++ "))

    again = run_cli("check", "--fix", "--no-color", *options, ".", cwd=work)
    assert _files(work) == after, "a second --fix changes nothing"
    assert "fixed" not in again.err
    assert run_cli("check", "--diff", "--no-color", *options, ".", cwd=work).out == ""
