"""The Python API: ``mkto_lint.check`` and ``mkto_lint.resolve``, as documented in the README."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

import mkto_lint
from conftest import EXAMPLES, REPO, TESTS, run_cli
from mkto_lint.config import ConfigError
from mkto_lint.errors import UsageError

BROKEN = TESTS / "broken_example"


def test_the_documented_one_liner_prints_the_summary():
    code = "import mkto_lint; r = mkto_lint.check(['examples'], root='examples'); print(r.summary)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert (out.returncode, out.stderr) == (0, "")
    assert out.stdout == "{'errors': 0, 'warnings': 0, 'infos': 0, 'files': 17}\n"


@pytest.mark.parametrize("as_path", [str, Path])
def test_check_takes_str_and_path_and_equals_the_json_report(monkeypatch, as_path):
    monkeypatch.chdir(REPO)
    result = mkto_lint.check([as_path("tests/broken_example")], root=as_path("tests/broken_example"))
    assert result.summary == {"errors": 24, "warnings": 12, "infos": 1, "files": 26}
    assert result.exit_status == 1
    cli = run_cli("check", "--format", "json", "--root", "tests/broken_example", "tests/broken_example", cwd=REPO)
    assert result.to_dict() == json.loads(cli.out)
    assert mkto_lint.check(as_path("examples"), root=as_path("examples")).exit_status == 0


def test_check_takes_configuration_keys(monkeypatch):
    monkeypatch.chdir(REPO)
    result = mkto_lint.check(["tests/broken_example"], root="tests/broken_example",
                             config={"select": ["EXE002"], "fail-on": "warning"})
    assert {f.code for f in result.findings} == {"EXE002", "MKL001", "MKL002"}  # unreadable files always show
    with pytest.raises(ConfigError, match="did you mean 'select'"):
        mkto_lint.check(["examples"], root="examples", config={"selct": ["EXE"]})
    with pytest.raises(UsageError, match="nope: no such file or directory"):
        mkto_lint.check(["nope"], root="examples")


def test_check_keeps_nothing_after_the_call(monkeypatch):
    """Twice in one process: no growth in memory, no frozen objects, the collector as it was."""
    monkeypatch.chdir(REPO)
    mkto_lint.check(["tests/broken_example"], root="tests/broken_example")  # imports, caches of code
    gc.collect()
    frozen = gc.get_freeze_count()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(3):
            result = mkto_lint.check(["tests/broken_example"], root="tests/broken_example")
            assert result.summary["errors"] == 24
            del result
            gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 200_000, "check() kept %d bytes after three calls" % grown
    assert gc.get_freeze_count() == frozen and gc.isenabled()


def test_resolve_gives_the_reference_example():
    frozen = gc.get_freeze_count()
    trace = mkto_lint.resolve("OP-Webinar 2026.Attended - Score", root=EXAMPLES)
    assert {k: v.change for k, v in trace.effects.items()} == {"Behavior Score": "+10"}
    trace = mkto_lint.resolve(2101, root=str(EXAMPLES), via="schedule", tokens={"Score": "+15"})
    assert {k: v.change for k, v in trace.effects.items()} == {"Behavior Score": "+15"}
    with pytest.raises(UsageError, match='no campaign "OP-Webinar 2026.Atended - Score"'):
        mkto_lint.resolve("OP-Webinar 2026.Atended - Score", root=EXAMPLES)
    assert gc.isenabled() and gc.get_freeze_count() == frozen  # nothing frozen for the rest of the process


def test_the_evaluator_docs_snippet_runs_as_written():
    text = (REPO / "docs" / "evaluator.md").read_text(encoding="utf-8")
    block = text.split("## Library API", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    expected = [line.split("# ", 1)[1] for line in block.splitlines() if line.startswith("print(")]
    out = subprocess.run([sys.executable, "-c", block], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert (out.returncode, out.stderr) == (0, "")
    assert out.stdout.splitlines() == expected
