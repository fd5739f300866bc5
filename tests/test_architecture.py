"""docs/architecture.md draws the engine: every module of validator/ is named there, and the
stages' folders each say their job in a docstring."""

from __future__ import annotations

import ast

from conftest import REPO

VALIDATOR = REPO / "validator"


def _modules():
    return sorted(p.relative_to(REPO).as_posix() for p in VALIDATOR.rglob("*.py") if "__pycache__" not in p.parts)


def _drawn():
    """The modules the page's tree draws: ``validator/`` at the left, folders two spaces in
    (``read/``), their modules four spaces in (several may share a line, comma-separated)."""
    page = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = next(b for b in page.split("```") if "\nvalidator/" in "\n" + b)
    drawn, folder = set(), None
    for line in block.splitlines():
        stripped = line.strip()
        if not stripped or line.startswith("validator/"):
            continue
        indent = len(line) - len(line.lstrip())
        names = stripped.split("  ")[0]
        if indent == 2 and names.endswith("/"):
            folder = names
        elif indent == 2:
            folder = None
            drawn.add("validator/" + names)
        elif indent == 4 and folder:
            drawn.update("validator/" + folder + n.strip() for n in names.split(","))
    return drawn


def test_every_module_is_in_the_architecture_page():
    modules = set(_modules())
    drawn = _drawn()
    missing = sorted(m for m in modules - drawn if not m.endswith("/__init__.py") or m == "validator/__init__.py")
    assert missing == [], "docs/architecture.md does not draw: %s" % ", ".join(missing)
    assert sorted(drawn - modules) == [], "docs/architecture.md draws modules that do not exist"


def test_every_module_says_its_job_and_stays_small():
    for path in _modules():
        source = (REPO / path).read_text(encoding="utf-8")
        assert ast.get_docstring(ast.parse(source)), "%s has no docstring saying its job" % path
        assert source.count("\n") <= 400, "%s is over 400 lines: split it by job" % path
