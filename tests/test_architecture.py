"""docs/architecture.md draws the engine: every module of validator/ is named there, and the
stages' folders each say their job in a docstring."""

from __future__ import annotations

import ast

from conftest import REPO

VALIDATOR = REPO / "validator"


def _modules():
    return sorted(p.relative_to(REPO).as_posix() for p in VALIDATOR.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_is_in_the_architecture_page():
    page = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [m for m in _modules() if m.rsplit("/", 1)[-1] != "__init__.py" and m.split("/", 1)[1] not in page]
    assert missing == [], "docs/architecture.md does not name: %s" % ", ".join(missing)
    stale = [line for line in page.splitlines() if ".py" in line and "validator/" not in line
             and line.strip().split()[0].endswith(".py") and not any(line.strip().split()[0] in m for m in _modules())]
    assert stale == [], "docs/architecture.md names modules that do not exist: %s" % stale


def test_every_module_says_its_job_and_stays_small():
    for path in _modules():
        source = (REPO / path).read_text(encoding="utf-8")
        assert ast.get_docstring(ast.parse(source)), "%s has no docstring saying its job" % path
        assert source.count("\n") <= 400, "%s is over 400 lines: split it by job" % path
