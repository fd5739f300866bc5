"""The cache (``.mkto-lint-cache/``): where it lives, what bypasses and removes it, and that a
cache that is not sound (corrupt, truncated, foreign, of other settings) or a file that changed
behind its stat is never trusted. That cached runs report what uncached runs report on random
edits is test_cache_properties.py's."""

from __future__ import annotations

import marshal
import os
import shutil

import pytest

from conftest import EXAMPLES, copy_project, run_cli
from mkto_lint.cache import key as cache_key
from mkto_lint.cache import store


@pytest.fixture
def cached(monkeypatch):
    monkeypatch.delenv("MKTO_LINT_NO_CACHE", raising=False)


@pytest.fixture
def project(tmp_path, cached):
    root = tmp_path / "project"
    copy_project(EXAMPLES, root)
    return root


def _cache_files(root, folder=".mkto-lint-cache"):
    return sorted(p.relative_to(root / folder).as_posix() for p in (root / folder).rglob("*") if p.is_file())


def _check(root, *args):
    return run_cli("check", "--format", "json", *args, cwd=root)


def _uncached(root, *args):
    return run_cli("check", "--format", "json", "--no-cache", *args, cwd=root)


def test_a_check_writes_its_cache_at_the_root_ignored_by_git(project):
    first = _check(project)
    files = _cache_files(project)
    # the first run keeps no state for the incremental run (tests/test_incremental.py)
    assert [f.split("-")[0] for f in files] == [".gitignore", "0.1.0/read", "0.1.0/results", "CACHEDIR.TAG"]
    assert (project / ".mkto-lint-cache" / ".gitignore").read_text() == "# Automatically created by mkto-lint.\n*\n"
    assert (project / ".mkto-lint-cache" / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55\n")
    second = _check(project)
    assert (second.code, second.out) == (first.code, first.out)
    assert (first.code, first.out) == (lambda r: (r.code, r.out))(_uncached(project))


def test_no_cache_neither_reads_nor_writes_it(project, monkeypatch):
    _uncached(project)
    assert not (project / ".mkto-lint-cache").exists()
    monkeypatch.setenv("MKTO_LINT_NO_CACHE", "1")
    _check(project)
    assert not (project / ".mkto-lint-cache").exists()


def test_the_python_api_keeps_no_cache(project):
    import mkto_lint

    old = os.getcwd()
    os.chdir(project)
    try:
        mkto_lint.check(".")
    finally:
        os.chdir(old)
    assert not (project / ".mkto-lint-cache").exists()


def test_cache_dir_in_the_configuration(project):
    (project / ".mkto-lint.yaml").write_text("cache-dir: build/lint-cache\n")
    _check(project)
    assert not (project / ".mkto-lint-cache").exists()
    assert len(_cache_files(project, "build/lint-cache")) == 4
    assert "cache-dir: 'build/lint-cache'" in run_cli("check", "--show-settings", cwd=project).out


def test_cache_dir_must_be_a_string(project):
    (project / ".mkto-lint.yaml").write_text("cache-dir: 3\n")
    run = _check(project)
    assert run.code == 2
    assert "cache-dir" in run.err and "string" in run.err


def test_clean_removes_the_cache_and_nothing_else(project):
    _check(project)
    run = run_cli("clean", cwd=project)
    assert run.code == 0
    assert run.err == "mkto-lint: removed 4 cache files from %s\n" % (project / ".mkto-lint-cache")
    assert not (project / ".mkto-lint-cache").exists()
    assert run_cli("clean", cwd=project).err.startswith("mkto-lint: removed 0 cache files")


def test_clean_leaves_a_users_files_in_a_shared_cache_dir(project):
    (project / ".mkto-lint.yaml").write_text("cache-dir: build\n")
    (project / "build").mkdir()
    (project / "build" / "notes.txt").write_text("mine\n")
    _check(project)
    run_cli("clean", cwd=project)
    assert sorted(p.name for p in (project / "build").iterdir()) == ["notes.txt"]


def test_clean_does_not_touch_a_folder_mkto_lint_did_not_make(project):
    (project / ".mkto-lint.yaml").write_text("cache-dir: scoring\n")  # a folder of definitions
    before = sorted(p.name for p in (project / "scoring").iterdir())
    run_cli("clean", cwd=project)
    assert sorted(p.name for p in (project / "scoring").iterdir()) == before


def _the_cache_file(project, kind="read"):
    return next(p for p in (project / ".mkto-lint-cache").rglob(kind + "-*"))


@pytest.mark.parametrize("kind", ["read", "results"])
@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty", "other-key"])
def test_an_unsound_cache_is_ignored_and_written_again(project, damage, kind):
    expected = _uncached(project).out
    _check(project)
    path = _the_cache_file(project, kind)
    blob = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "flip":
        middle = len(blob) // 2
        path.write_bytes(blob[:middle] + bytes([blob[middle] ^ 0x20]) + blob[middle + 1:])
    elif damage == "garbage":
        path.write_bytes(os.urandom(len(blob)))
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # a sound file of another key under this name: another project's, or a copy
        import marshal
        import zlib

        payload = marshal.dumps((b"\0" * 16, {}))
        path.write_bytes(store.MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)
    assert _check(project).out == expected
    assert store.load(path.parent.parent, bytes.fromhex(path.name.split("-")[1]), kind) != {}  # written again


def test_an_entry_is_reused_only_while_the_file_is_unchanged(project, monkeypatch):
    """Same size and modification time, other bytes: the changed time and the hash tell."""
    _check(project)
    target = project / "scoring" / "child-change-score.yaml"
    st = target.stat()
    text = target.read_text()
    target.write_text(text.replace("isExecutable: true", "isExecutable: truE"))
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert target.stat().st_size == st.st_size
    cached_run = _check(project)
    assert cached_run.out == _uncached(project).out
    assert "isExecutable" in cached_run.out


def test_a_file_rewritten_unchanged_is_hashed_not_parsed(project, monkeypatch):
    _check(project)
    target = project / "scoring" / "child-change-score.yaml"
    target.write_bytes(target.read_bytes())  # a git checkout: new times, same bytes
    from mkto_lint.read import parse

    parsed = []
    real = parse.read
    monkeypatch.setattr(parse, "read", lambda sf, *a, **k: parsed.append(sf.rel) or real(sf, *a, **k))
    monkeypatch.setattr(cache_key, "RACY_NS", 0)  # the other files' entries are trusted by their stat
    _check(project)
    assert parsed == []


def test_unchanged_files_are_not_parsed_again(project, monkeypatch):
    _check(project)
    (project / "scoring" / "program.yaml").write_text((project / "scoring" / "program.yaml").read_text() + "\n")
    from mkto_lint.read import parse

    parsed = []
    real = parse.read
    monkeypatch.setattr(parse, "read", lambda sf, *a, **k: parsed.append(sf.rel) or real(sf, *a, **k))
    monkeypatch.setattr(cache_key, "RACY_NS", 0)
    _check(project)
    assert parsed == ["scoring/program.yaml"]


def test_a_setting_that_changes_reading_changes_the_key(project):
    _check(project)
    (project / ".mkto-lint.yaml").write_text("max-depth: 8\n")
    assert _check(project).out == _uncached(project).out
    assert len(list((project / ".mkto-lint-cache").rglob("read-*"))) == 2  # both kept (KEPT_KEYS)


def test_a_cache_that_cannot_be_written_is_done_without(project):
    (project / ".mkto-lint-cache").write_text("a file, not a folder\n")
    run = _check(project)
    assert run.code == _uncached(project).code and run.out == _uncached(project).out
    assert run.err == ""


def test_two_runs_at_once_each_report_what_one_run_reports(project):
    """Two processes writing the same cache: each rename is atomic, and either file is sound."""
    import subprocess
    import sys

    expected = _uncached(project).out
    env = {k: v for k, v in os.environ.items() if k != "MKTO_LINT_NO_CACHE"}
    cmd = [sys.executable, "-m", "mkto_lint", "check", "--format", "json"]
    for _ in range(3):
        procs = [subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
        outs = [p.communicate()[0] for p in procs]
        assert outs == [expected, expected]
        (project / "webinar" / "attended.yaml").write_text(
            (project / "webinar" / "attended.yaml").read_text() + "# touched\n")
        expected = _uncached(project).out
    names = sorted(p.name.split("-")[0] for p in _the_cache_file(project).parent.iterdir())
    assert names == ["delta", "facts", "project", "read", "results"]  # no temporary file left behind


def test_racy_means_modified_just_before_it_was_read():
    ident = (10, 5_000_000_000, 5_000_000_000, 1)
    assert cache_key.racy(ident, 5_000_000_000 + cache_key.RACY_NS - 1)
    assert not cache_key.racy(ident, 5_000_000_000 + cache_key.RACY_NS)


def _no_rules(monkeypatch):
    from mkto_lint import engine

    def refuse(*args):
        raise AssertionError("the rules ran")

    monkeypatch.setattr(engine, "run_rules", refuse)


def test_a_run_with_every_input_unchanged_reports_the_last_result_without_running_the_rules(project, monkeypatch):
    (project / "scoring" / "program.yaml").write_text((project / "scoring" / "program.yaml").read_text() + "x: 1\n")
    first = _check(project)
    text = run_cli("check", cwd=project)
    _no_rules(monkeypatch)
    again = _check(project)
    assert (again.code, again.out, again.err) == (first.code, first.out, first.err)
    assert '"code": "MKL003"' in again.out
    assert run_cli("check", cwd=project).out == text.out  # the text report of the same findings
    other = _check(project, "--select", "MKL,EXE")  # another selection: another run
    assert (other.code, other.err) == (2, "mkto-lint: internal error: AssertionError: the rules ran "
                                          "(set MKTO_LINT_DEBUG=1 for details)\n")


def test_the_results_of_a_few_runs_are_kept(project, monkeypatch):
    runs = [(), ("scoring/program.yaml",), ("webinar",), ("--ignore", "TOK")]
    expected = [_check(project, *args).out for args in runs]
    _no_rules(monkeypatch)
    assert [_check(project, *args).out for args in runs] == expected


def test_a_result_that_is_not_plain_data_is_not_kept(project, monkeypatch):
    from mkto_lint.cache import results

    _check(project)
    _the_cache_file(project, "results").unlink()
    real = results.plain
    monkeypatch.setattr(results, "plain", lambda f, place: real(f, place) + (object(),))
    (project / "scoring" / "program.yaml").write_text((project / "scoring" / "program.yaml").read_text() + "x: 1\n")
    _check(project)
    assert not list((project / ".mkto-lint-cache").rglob("results-*"))


def test_a_run_where_a_rule_crashed_is_not_kept(project, monkeypatch):
    from mkto_lint import engine
    from mkto_lint.ruleset.run import InternalError

    real = engine.run_rules
    monkeypatch.setattr(engine, "run_rules", lambda rules, ctx: (real(rules, ctx)[0], [InternalError("X", "x", "m", "d")]))
    assert _check(project).code == 2
    assert not list((project / ".mkto-lint-cache").rglob("results-*"))
    monkeypatch.setattr(engine, "run_rules", real)
    assert _check(project).code == _uncached(project).code != 2


def test_git_sees_nothing_new_after_a_cached_check(project):
    import subprocess

    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_SYSTEM=os.devnull)
    subprocess.run(["git", "init", "-q"], cwd=project, check=True, env=env)
    _check(project)
    assert (project / ".mkto-lint-cache").is_dir()
    untracked = subprocess.run(["git", "ls-files", "--others", "--exclude-standard"], cwd=project, env=env,
                               capture_output=True, text=True, check=True).stdout
    assert ".mkto-lint-cache" not in untracked and "scoring/program.yaml" in untracked


def test_a_few_changed_entries_go_to_the_delta_file_many_to_the_base(project, monkeypatch):
    _check(project)
    base = _the_cache_file(project, "read")
    written = base.stat().st_mtime_ns
    target = project / "scoring" / "program.yaml"
    target.write_text(target.read_text() + "# one\n")
    assert _check(project).out == _uncached(project).out
    assert base.stat().st_mtime_ns == written  # the base is as it was
    delta = _the_cache_file(project, "delta")
    assert list(store.load(delta.parent.parent, bytes.fromhex(delta.name.split("-")[1]), "delta")) == [str(target)]
    from mkto_lint.cache import reuse

    monkeypatch.setattr(reuse, "DELTA_MIN", 0)  # any change is "many"
    monkeypatch.setattr(reuse, "DELTA_SHARE", 10**9)
    target.write_text(target.read_text() + "# two\n")
    assert _check(project).out == _uncached(project).out
    assert base.stat().st_mtime_ns != written
    assert store.load(delta.parent.parent, bytes.fromhex(delta.name.split("-")[1]), "delta") == {}


def test_the_files_of_only_the_last_few_run_keys_are_kept(project):
    for depth in (8, 9, 10, 11, 12):  # a setting reading depends on: a new key each time
        (project / ".mkto-lint.yaml").write_text("max-depth: %d\n" % depth)
        assert _check(project).out == _uncached(project).out
    kinds = sorted(p.name.split("-")[0] for p in (project / ".mkto-lint-cache").rglob("*-*") if p.is_file())
    assert kinds == sorted(["read", "results"] * store.KEPT_KEYS)  # each key's first run: no state


def test_clean_leaves_a_cache_folder_of_another_tool(project):
    (project / ".mkto-lint.yaml").write_text("cache-dir: target\n")
    (project / "target").mkdir()
    tag = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by cargo.\n"
    (project / "target" / "CACHEDIR.TAG").write_text(tag)
    (project / "target" / ".gitignore").write_text("*\n")
    run_cli("clean", cwd=project)
    assert (project / "target" / "CACHEDIR.TAG").read_text() == tag
    assert (project / "target" / ".gitignore").read_text() == "*\n"


def test_the_run_key_changes_with_a_rule_module(project, tmp_path):
    """A development install changes its code without a new version: the key follows the
    modules (the engine's and the rules')."""
    from mkto_lint import config, rules

    cfg = config.load(project)
    before = cache_key.run_key(cfg)
    rule = next(p for p in sorted(os.listdir(os.path.dirname(rules.__file__))) if p.endswith(".py") and p != "__init__.py")
    path = os.path.join(os.path.dirname(rules.__file__), rule)
    st = os.stat(path)
    try:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        assert cache_key.run_key(cfg) != before
    finally:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert cache_key.run_key(cfg) == before


def test_the_runs_alias_budget_is_spent_over_cached_and_read_files_alike(tmp_path, cached):
    """Each file's aliases within its own budget, the run's (ten files' worth) overspent: the
    files past it in path order lose their documents, whether they came from the cache or not."""
    root = tmp_path / "bombs"
    root.mkdir()
    (root / ".mkto-lint.yaml").write_text("max-alias-nodes: 3\n")
    for i in range(14):
        (root / ("f%02d.yaml" % i)).write_text("kind: Folder\npath: F%d\nx-a: &a [1, 2]\nx-b: *a\n" % i)
    expected = _uncached(root)
    assert "alias expansion in this run exceeds" in expected.out
    assert _check(root).out == expected.out  # cold
    (root / "f00.yaml").write_text("kind: Folder\npath: F0\n")  # one bomb fewer: the budget reaches further
    expected = _uncached(root)
    assert _check(root).out == expected.out  # f00 read, the others from the cache
    (root / "f13.yaml").write_text("kind: Folder\npath: F13\n")
    assert _check(root).out == _uncached(root).out


@pytest.mark.parametrize("pool", [False, True], ids=["one process", "pool"])
def test_the_records_kept_are_what_reading_found_whoever_read_it(project, monkeypatch, pool):
    """A worker of the pool hands each file back as the cache keeps it (``stored``): those
    records, and the runs through them, are the ones the files give read in this process."""
    from mkto_lint import config as config_mod
    from mkto_lint.read import discover, files

    monkeypatch.setattr(files, "POOL_MIN_FILES", 2 if pool else 10**6)
    cfg = config_mod.load(project)
    paths = discover.discover(project, project, ())
    records = []
    read = files.read_files(paths, cfg, project, frozenset(paths), digest=True, records=records)
    assert len(records) == len(read) == len(paths) > 2
    for sf, (meta, blob) in zip(read, records):
        expected_meta, expected_blob = files.stored(sf)
        assert (meta, marshal.loads(blob)) == (expected_meta, marshal.loads(expected_blob)), sf.rel
        again = files.from_stored(sf.path, (meta, blob), cfg, project)
        assert [(d.number, d.data, d.valid) for d in again.documents] == [(d.number, d.data, d.valid) for d in sf.documents]
    expected = _uncached(project)
    assert (_check(project).out, _check(project).out) == (expected.out, expected.out)  # cold, then warm


FIX_CASES = sorted(p for p in (EXAMPLES.parent / "tests" / "fix").iterdir() if (p / "before").is_dir())


@pytest.mark.parametrize("case", FIX_CASES, ids=lambda p: p.name)
def test_fix_and_diff_through_a_warm_cache_do_what_they_do_without_it(case, tmp_path, cached):
    """--fix's later rounds read the fixed text from memory, never the cache; the files it
    writes are read again by the next run."""
    def files(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
                if p.is_file() and ".mkto-lint-cache" not in p.parts}

    options = (case / "options").read_text().split() if (case / "options").exists() else []
    outcomes = []
    for use_cache in (True, False):
        work = tmp_path / ("cached" if use_cache else "uncached")
        shutil.copytree(case / "before", work)
        extra = [] if use_cache else ["--no-cache"]
        if use_cache:
            run_cli("check", ".", cwd=work)  # warm
        diff = run_cli("check", "--diff", "--no-color", *extra, *options, ".", cwd=work)
        fixed = run_cli("check", "--fix", "--no-color", *extra, *options, ".", cwd=work)
        after = run_cli("check", "--format", "json", *extra, *options, ".", cwd=work)
        outcomes.append(((diff.code, diff.out, diff.err), (fixed.code, fixed.out, fixed.err),
                         (after.code, after.out), files(work)))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("command", [("report", "--out", "-"), ("graph",), ("graph", "--format", "mermaid")])
def test_report_and_graph_through_a_warm_cache_draw_what_they_draw_without_it(project, command):
    """A run given back whole (nothing changed) builds its index when the picture asks for it."""
    first = run_cli(*command, cwd=project)
    again = run_cli(*command, cwd=project)
    os.environ["MKTO_LINT_NO_CACHE"] = "1"
    try:
        uncached = run_cli(*command, cwd=project)
    finally:
        del os.environ["MKTO_LINT_NO_CACHE"]
    assert (first.code, first.out) == (again.code, again.out) == (uncached.code, uncached.out)
    assert first.code in (0, 1) and len(first.out) > 100
    assert list((project / ".mkto-lint-cache").rglob("results-*"))
