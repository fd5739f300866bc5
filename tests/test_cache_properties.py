"""A cached run reports exactly what an uncached run reports (hypothesis): random sequences of
edits, additions, deletions, renames and configuration changes on a project (the example
instance, whose files call, reference and shadow each other), each followed by a check of the
whole root and of one file (as the pre-commit hook runs it), with the cache and without it,
whose JSON reports must be byte-identical.

Bounded and deterministic for CI (``derandomize``, a few examples); ``MKTO_LINT_PROPERTY_SCALE=20``
draws 20 times as many, randomly.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, copy_project, run_cli

SCALE = max(1, int(os.environ.get("MKTO_LINT_PROPERTY_SCALE", "1") or 1))

# Edits that change what a file holds, what it references or defines, or only its bytes; most
# keep the file's size (then only its times, inode and hash can tell the cache it changed)
EDITS = (
    ("append", "\nextra: 1\n"),  # MKL003 in this file
    ("append", "\n# mkto-lint: ignore-file\n"),  # a suppression (MKL007 when unused)
    ("append", "\n: [broken\n"),  # MKL001
    ("replace", ("Scoring Eligible", "Scoring Eligiblx")),  # a smart list's name: its users break
    ("replace", ("OP-Scoring Library", "OP-Scoring Librarx")),  # a program's name: its campaigns move
    ("replace", ("Child - Change Score", "Child - Change Scorx")),  # a callee's name: its callers break
    ("replace", ("isExecutable: true", "isExecutable: truE")),
    ("replace", ("+10", "+1x")),  # a token's value
    ("replace", ("{{my.", "{{my_")),  # a token use
    ("replace", ("Webinar", "Webinax")),
    ("same", None),  # rewritten unchanged (a git checkout)
    ("truncate", None),
)

CONFIGS = (
    "max-nesting-depth: 3\n",
    "max-nesting-depth: 1\n",
    "ignore: [TOK007]\n",
    "select: [MKL, EXE]\n",
    "severity: {MKL006: warning}\nfail-on: warning\n",
    "per-file-ignores: {'scoring/*': [MKL003]}\n",
    "exclude: ['webinar/**']\n",
    "max-depth: 8\n",
    "custom-actions: [Sync to CRM]\n",
    "",
)

operation = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 50), st.integers(0, len(EDITS) - 1)),
    st.tuples(st.just("edit"), st.integers(0, 50), st.integers(3, 9)),  # more of the same-size edits
    st.tuples(st.just("add"), st.integers(0, 50), st.sampled_from(["yaml", "json"])),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("rename"), st.integers(0, 50), st.sampled_from(["moved", "scoring", "webinar"])),
    st.tuples(st.just("config"), st.integers(0, len(CONFIGS) - 1)),
)


def _definition_files(root):
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".json") and p.name != ".mkto-lint.yaml"
                  and ".mkto-lint-cache" not in p.parts)


def _apply(root, op, step):
    files = _definition_files(root)
    if op[0] == "config":
        (root / ".mkto-lint.yaml").write_text(CONFIGS[op[1]])
        return
    if not files:
        return
    path = files[op[1] % len(files)]
    if op[0] == "edit":
        how, arg = EDITS[op[2]]
        if how == "replace":  # a file the edit changes, when there is one
            holding = [f for f in files if arg[0] in f.read_text(encoding="utf-8", errors="replace")]
            path = holding[op[1] % len(holding)] if holding else path
        text = path.read_text(encoding="utf-8")
        if how == "append":
            text += arg
        elif how == "replace":
            text = text.replace(*arg)
        elif how == "truncate":
            text = text[: len(text) // 2]
        path.write_text(text, encoding="utf-8")
    elif op[0] == "add":
        target = root / "added" / ("%d-%s.%s" % (step, path.stem, op[2]))
        target.parent.mkdir(exist_ok=True)
        if op[2] == "json" and path.suffix == ".yaml":
            try:
                docs = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]
                target.write_text(json.dumps(docs if len(docs) != 1 else docs[0], default=str), encoding="utf-8")
            except yaml.YAMLError:
                target.write_text("{not json", encoding="utf-8")
        else:
            shutil.copyfile(path, target.with_suffix(path.suffix))
    elif op[0] == "delete":
        path.unlink()
    elif op[0] == "rename":
        target = root / op[2] / ("%d-%s" % (step, path.name))
        target.parent.mkdir(exist_ok=True)
        path.rename(target)


def _reports(root, *paths):
    """(the cached run's report, the uncached run's), after a second cached run (whose inputs
    are unchanged: it gives the first one's result back) reported the same as the first."""
    cached = run_cli("check", "--format", "json", *paths, cwd=root)
    again = run_cli("check", "--format", "json", *paths, cwd=root)
    uncached = run_cli("check", "--format", "json", "--no-cache", *paths, cwd=root)
    assert (again.code, again.out, again.err) == (cached.code, cached.out, cached.err)
    return (cached.code, cached.out, cached.err), (uncached.code, uncached.out, uncached.err)


@settings(max_examples=25 * SCALE, derandomize=SCALE == 1, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=1, max_size=8))
def test_cached_and_uncached_runs_report_the_same(operations):
    saved = os.environ.pop("MKTO_LINT_NO_CACHE", None)
    tmp = Path(tempfile.mkdtemp(prefix="mkto-cache-prop-"))
    try:
        root = tmp / "project"
        copy_project(EXAMPLES, root)
        run_cli("check", "--format", "json", cwd=root)  # a warm cache to start from
        for step, op in enumerate(operations):
            _apply(root, op, step)
            cached, uncached = _reports(root)
            assert cached == uncached, "after %r" % (operations[: step + 1],)
            files = _definition_files(root)
            if files:
                one = files[(step * 7) % len(files)].relative_to(root).as_posix()
                cached, uncached = _reports(root, one)
                assert cached == uncached, "checking %s after %r" % (one, operations[: step + 1])
        assert (root / ".mkto-lint-cache" / ".gitignore").is_file()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if saved is not None:
            os.environ["MKTO_LINT_NO_CACHE"] = saved
