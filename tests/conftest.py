"""Shared test helpers: run mkto-lint in-process or as a subprocess, and compare golden files.

Golden files are rewritten with ``MKTO_LINT_UPDATE_GOLDEN=1 pytest``; review the diff before
committing.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
EXAMPLES = REPO / "examples"


def copy_project(src, dest):
    """A copy of a project folder of the checkout without the cache a run of mkto-lint may have
    left in it (the README's first command checks examples/, and the cache is on by default)."""
    import shutil

    return shutil.copytree(src, dest, ignore=shutil.ignore_patterns(".mkto-lint-cache"))
UPDATE = os.environ.get("MKTO_LINT_UPDATE_GOLDEN") == "1"
# `check` keeps a cache at the root it checks: not in the repository's fixtures. The cache's own
# tests (test_cache.py) turn it back on, in temporary folders.
os.environ["MKTO_LINT_NO_CACHE"] = "1"


class Run:
    def __init__(self, code, out, err):
        self.code = code
        self.out = out
        self.err = err

    def __repr__(self):
        return "Run(code=%r, out=%r, err=%r)" % (self.code, self.out, self.err)


def run_cli(*args, cwd=None):
    """``mkto-lint ARGS`` in this process (fast); returns Run(code, out, err)."""
    from mkto_lint.cli.main import main

    old_cwd = os.getcwd()
    out, err = io.StringIO(), io.StringIO()
    old_err = sys.stderr
    try:
        if cwd is not None:
            os.chdir(cwd)
        sys.stderr = err
        code = main(list(args), out=out)
    finally:
        sys.stderr = old_err
        os.chdir(old_cwd)
    return Run(code, out.getvalue(), err.getvalue())


def run_process(*args, cwd=None, env=None):
    """``python -m mkto_lint ARGS`` in a subprocess; returns Run(code, out, err)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "mkto_lint", *args],
        cwd=cwd, env=full_env, capture_output=True, text=True, timeout=600,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def check_golden(path, actual):
    """Compare ``actual`` with the golden file at ``path`` (rewrite it when updating)."""
    path = Path(path)
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail("golden file %s is missing; run with MKTO_LINT_UPDATE_GOLDEN=1 to create it" % path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, "output differs from golden file %s" % path


def write_tree(root, files):
    """Create ``{relative path: text}`` below ``root``; returns root."""
    root = Path(root)
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root
