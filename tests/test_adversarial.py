"""Hostile and broken input: every case of ``tests/adversarial/cases.py`` ends in its expected
findings or error line, within its time limit, without a traceback (issue 6).

Each case runs as a separate process (``tests/adversarial/launch.py``, i.e. the console script),
two at a time, killed if it outlives its time limit; its peak memory is its VmHWM. Large inputs
are generated into the test's temporary folder, never committed. The fuzz harness's crashers
are replayed too.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from adversarial import cases as corpus
from adversarial import generators, launch
from adversarial.runner import run_measured
from conftest import REPO, TESTS, run_cli, write_tree

CRASHERS = TESTS / "adversarial" / "crashers"
MIB = 1024 * 1024


def _write(folder, files):
    for rel, content in files.items():
        path = Path(os.fsdecode(os.path.join(os.fsencode(str(folder)), rel if isinstance(rel, bytes) else rel.encode())))
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, dict):
            path.mkdir(exist_ok=True)
            _write(path, content)
        elif isinstance(content, corpus.Fifo):
            os.mkfifo(path)
        elif isinstance(content, corpus.Symlink):
            os.symlink(content.target, path)
        elif isinstance(content, corpus.Unreadable):
            path.write_bytes(content.content)
            path.chmod(0)
        else:
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def materialize(case, folder):
    folder.mkdir(parents=True)
    if case.config is not None:  # None: the case brings its own configuration (a pyproject.toml)
        (folder / ".mkto-lint.yaml").write_text(case.config, encoding="utf-8")
    _write(folder, case.build(folder) if case.build else case.files)
    return folder


def _run_case(case, base):
    folder = materialize(case, base / case.name)
    return folder, run_measured(case.args, folder, case.timeout)


@pytest.fixture(scope="session")
def small_outcomes(tmp_path_factory):
    base = tmp_path_factory.mktemp("adversarial")
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = dict(zip([c.name for c in corpus.SMALL], pool.map(lambda c: _run_case(c, base), corpus.SMALL)))
    return runs


def check_outcome(case, outcome):
    assert not outcome.timed_out, "%s: no result within %ss (a hang)" % (case.name, case.timeout)
    assert "Traceback" not in outcome.err and "Traceback" not in outcome.out, outcome
    if callable(case.err):
        case.err(outcome.err)
    else:
        assert outcome.err == case.err, outcome
    if callable(case.out):
        case.out(outcome.out)
    else:
        assert outcome.out.splitlines() == case.out, outcome
    assert outcome.code == case.code, outcome
    if case.max_rss_mb is not None:
        assert outcome.rss_mb < case.max_rss_mb, "%s: peak memory %d MB" % (case.name, outcome.rss_mb)


@pytest.mark.parametrize("case", corpus.SMALL, ids=lambda c: c.name)
def test_small_case(case, small_outcomes):
    _folder, outcome = small_outcomes[case.name]
    check_outcome(case, outcome)


@pytest.mark.parametrize("case", [c for c in corpus.SMALL if c.args[0] == "check"], ids=lambda c: c.name)
def test_small_case_in_every_report_format(case, small_outcomes, monkeypatch):
    """Every report format survives every case (odd file names, huge columns...), in process."""
    folder, outcome = small_outcomes[case.name]
    if outcome.timed_out:
        pytest.fail("the process run of %s hung" % case.name)
    if any(isinstance(v, corpus.Unreadable) for v in case.files.values()) and os.geteuid() == 0:
        monkeypatch.setattr(os, "open", os.open)  # restored after the test
        launch._deny_unreadable()
    count = sum(1 for line in outcome.out.splitlines() if " [error] " in line or " [warning] " in line or " [info] " in line)
    for fmt in ("full", "json", "sarif", "github", "gitlab", "junit", "markdown"):
        # the case's own "--no-color --output-format concise" left out: this format instead
        rest = case.args[4:] if case.args[2:4] == ("--output-format", "concise") else case.args[2:]
        run = run_cli(*case.args[:1], "--format", fmt, *rest, cwd=folder)
        assert (run.code, run.err) == (outcome.code, outcome.err), (fmt, run)
        if run.code == 2:
            continue
        if fmt == "json":
            assert len(json.loads(run.out)["findings"]) == count
        if fmt == "sarif":
            assert len(json.loads(run.out)["runs"][0]["results"]) == count
        if fmt == "gitlab":
            assert len(json.loads(run.out)) == count
        if fmt == "full":  # the default: every finding's line, then its frame; nothing unescaped
            assert sum(1 for line in run.out.splitlines() if re.match(r"\S.*:\d+:\d+: [A-Z]+\d+ \[", line)) == count
            assert all(line.isprintable() for line in run.out.splitlines()), fmt


@pytest.fixture(scope="session")
def big_outcomes(tmp_path_factory):
    base = tmp_path_factory.mktemp("adversarial-big")
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = dict(zip([c.name for c in corpus.BIG], pool.map(lambda c: _run_case(c, base), corpus.BIG)))
    return runs


@pytest.mark.parametrize("case", corpus.BIG, ids=lambda c: c.name)
def test_big_case(case, big_outcomes):
    _folder, outcome = big_outcomes[case.name]
    check_outcome(case, outcome)


def test_no_case_prints_a_traceback(small_outcomes, big_outcomes):
    """The grep of issue 6: no adversarial case puts "Traceback" on stderr (or stdout)."""
    shown = [name for name, (_folder, outcome) in sorted({**small_outcomes, **big_outcomes}.items())
             if "Traceback" in outcome.err or "Traceback" in outcome.out]
    assert shown == []
    assert len(small_outcomes) + len(big_outcomes) == len(corpus.SMALL) + len(corpus.BIG)


# -- the 100 MB file ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def hundred_mb(tmp_path_factory):
    """A 100 MB bulk JSON export and a 100 MB multi-document YAML stream (about 95,000 and
    105,000 campaigns), each with one schema error in its last document."""
    base = tmp_path_factory.mktemp("hundred-mb")
    size = 100 * MIB
    (base / "json").mkdir()
    (base / "yaml").mkdir()
    counts = {
        "json": generators.bulk_json(base / "json" / "export.json", size),
        "yaml": generators.multi_document_yaml(base / "yaml" / "export.yaml", size),
    }
    return base, counts


def test_hundred_mb_files_are_skipped_with_a_finding_by_default(hundred_mb):
    base, _counts = hundred_mb
    for kind, name in (("json", "export.json"), ("yaml", "export.yaml")):
        (base / kind / ".mkto-lint.yaml").write_text("{}\n")
        size = (base / kind / name).stat().st_size
        assert size > 100 * MIB
        outcome = run_measured(("check", "--no-color", "--output-format", "concise", "."), base / kind, 60)
        assert outcome.out.splitlines() == [
            "%s:1:1: MKL001 [error] file is %d bytes, over the limit of 52428800 bytes (max-file-size): not read (syntax-error)"
            % (name, size),
            corpus.summary(1, 0, 1),
        ], outcome
        assert (outcome.code, outcome.err) == (1, "")
        assert outcome.seconds < 10 and outcome.rss_mb < 200, outcome


def test_hundred_mb_files_read_in_under_1_gib(hundred_mb):
    """With max-file-size raised, both files are read whole: the one finding is found and
    located in the last document, and peak memory stays under 1 GiB (YAML is read one document
    at a time, and only the documents with findings are composed again for positions)."""
    base, counts = hundred_mb
    expected = {}
    for kind, name in (("json", "export.json"), ("yaml", "export.yaml")):
        (base / kind / ".mkto-lint.yaml").write_text("max-file-size: 209715200\n")
        text_tail = (base / kind / name).read_bytes()[-4000:].decode()
        marker = '"duration": 5' if kind == "json" else "duration: 5"
        total_lines = (base / kind / name).read_bytes().count(b"\n")
        line = total_lines - text_tail[text_tail.index(marker):].count("\n") + 1
        col = text_tail[:text_tail.index(marker)].rsplit("\n", 1)[1].__len__() + len(marker) - 1 + 1
        expected[kind] = [
            "%s:%d:%d: MKL003 [error] duration: expected a string, got an integer (5) (schema-violation)" % (name, line, col),
            corpus.summary(1, 0, 1),
        ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = dict(zip(("json", "yaml"), pool.map(
            lambda kind: run_measured(("check", "--no-color", "--output-format", "concise", "."), base / kind, 110), ("json", "yaml"))))
    for kind, outcome in outcomes.items():
        assert not outcome.timed_out, (kind, outcome)
        assert outcome.out.splitlines() == expected[kind], (kind, outcome)
        assert (outcome.code, outcome.err) == (1, ""), (kind, outcome)
        assert outcome.rss_mb < 1024, "%s: peak memory %d MB" % (kind, outcome.rss_mb)
    assert counts["json"] > 90_000 and counts["yaml"] > 100_000


def test_alias_bomb_stays_small():
    """The bomb is refused as soon as its expansion passes the limit, in little memory."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / ".mkto-lint.yaml").write_text("{}\n")
        (root / "bomb.yaml").write_text(generators.alias_bomb(levels=12))  # 10^12 nodes expanded
        outcome = run_measured(("check", "--no-color", "--output-format", "concise", "."), root, 30)
    assert outcome.out.startswith("bomb.yaml:1:1: MKL001 [error] alias expansion exceeds 100000 nodes"), outcome
    assert outcome.seconds < 10 and outcome.rss_mb < 200, outcome


# -- crashers found by the fuzz harness --------------------------------------------------------


def _crashers():
    return sorted(p for p in CRASHERS.iterdir() if p.is_file() and not p.name.startswith(".")) if CRASHERS.is_dir() else []


@pytest.mark.parametrize("path", _crashers(), ids=lambda p: p.name)
def test_fuzz_crasher_is_handled(path):
    """Each input that once crashed the fuzz harness now runs through it without an exception
    (the first byte picks the target and file name, as in fuzz/fuzz_check.py)."""
    sys.path.insert(0, str(REPO / "fuzz"))
    import harness

    data = path.read_bytes()
    selector, body = data[0], data[1:]
    name = ("fuzzed.yaml", "fuzzed.json", "fuzzed.yml")[selector % 3]
    result, reports, _traces = harness.check_bytes(body, name, with_examples=bool((selector >> 3) % 2))
    assert set(reports) >= {"text", "json"}
    assert result.internal_errors == []


@pytest.mark.parametrize("case", [c for c in corpus.SMALL if c.args[0] == "check"], ids=lambda c: c.name)
def test_small_case_resolve_all(case, small_outcomes):
    """The dry run of every campaign of every case's project (broken files are left out of the
    project, as by ``check``): a trace each, never an internal error."""
    folder, outcome = small_outcomes[case.name]
    if outcome.timed_out:
        pytest.fail("the process run of %s hung" % case.name)
    run = run_cli("resolve", "--all", cwd=folder)
    if outcome.code == 2 and not {"--baseline", "--write-baseline"} & set(case.args):  # a configuration that cannot be read: the same line
        assert (run.code, run.out, run.err.count("\n")) == (2, "", 1) and run.err == outcome.err, run
        return
    assert (run.code, run.err) == (0, ""), run
    assert run.out.splitlines()[-1].endswith(" resolved"), run
    json_run = run_cli("resolve", "--all", "--format", "json", cwd=folder)
    assert json_run.code == 0 and isinstance(json.loads(json_run.out), (list, dict)), json_run


# -- the reproducers of hardening round two that need something to happen during the run (a
# signal, an editor's save): not expressible as a static case of cases.py, so they live here,
# beside the corpus, and run in both CI jobs with it

@pytest.mark.parametrize("signum, code, said", [(signal.SIGINT, 130, "mkto-lint: interrupted\n"),
                                                (signal.SIGTERM, 143, "mkto-lint: terminated\n")])
def test_a_signal_while_the_pool_reads_ends_in_one_line(tmp_path, signum, code, said):
    """Hardening item 17: Ctrl-C (to the whole process group, as a terminal sends it) or SIGTERM
    while the workers read: the exit status of a signal, one line, no worker's traceback, and no
    temporary file left behind."""
    import subprocess
    import sys
    import time

    body = "".join("x-note-%d: text %d\n" % (k, k) for k in range(300))  # slow enough to read
    write_tree(tmp_path, {"c%05d.yaml" % i: "kind: Program\nname: P%d\n%s" % (i, body) for i in range(6000)})
    proc = subprocess.Popen([sys.executable, "-m", "mkto_lint", "check", "--output", "report.json", "--format", "json",
                             "."], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    time.sleep(1.0)  # the pool is reading (6,000 files of 300 lines take several seconds)
    if proc.poll() is None:
        os.killpg(proc.pid, signum) if signum == signal.SIGINT else proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (code, said), (out, err)
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_file_saved_while_the_pool_read_it_is_said_changed(tmp_path, monkeypatch):
    """Hardening item 18: the workers parse a file and the parent reads its text again for
    positions and suppressions; a save in between (here: between the two reads) must not apply
    the new text's suppression to the old findings, nor a FIFO swapped in hang the run."""
    from mkto_lint.read import files as read_files_module

    n = read_files_module.POOL_MIN_FILES + 10
    write_tree(tmp_path, {"c%04d.yaml" % i: "kind: Program\nname: P%d\n" % i for i in range(n)})
    (tmp_path / "bad.yaml").write_text("kind: Program\nname: Bad\ntype: Bogus\n")
    real = read_files_module.read_files

    def then_save(*args, **kwargs):
        out = real(*args, **kwargs)
        (tmp_path / "bad.yaml").write_text("# mkto-lint: ignore-file[ALL]\nkind: Program\nname: Bad\ntype: Bogus\n")
        return out

    monkeypatch.setattr("mkto_lint.engine.read_files", then_save)
    run = run_cli("check", ".", cwd=tmp_path)
    assert run.code == 1
    assert "bad.yaml:1:1: MKL001 [error] the file changed while mkto-lint read it: check it again (syntax-error)" in run.out
    assert 'MKL003 [error] type: "Bogus"' in run.out  # the old finding, not suppressed by the new text
