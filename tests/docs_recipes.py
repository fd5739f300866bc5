"""The recipes of docs/ci.md: fenced code blocks marked with ``<!-- recipe: NAME -->``.

The tests run what these blocks show (tests/test_ci_recipes.py, tests/test_precommit.py), so
the page and the tool cannot drift apart.
"""

from __future__ import annotations

import re

from conftest import REPO

CI_DOC = REPO / "docs" / "ci.md"
_RECIPE = re.compile(r"<!-- recipe: ([\w-]+) -->\s*\n```(\w*)\n(.*?)\n```", re.S)


def recipes():
    """``{name: (language, text)}`` of every marked block of docs/ci.md."""
    found = {}
    for name, lang, body in _RECIPE.findall(CI_DOC.read_text(encoding="utf-8")):
        assert name not in found, "recipe %s is marked twice in %s" % (name, CI_DOC)
        found[name] = (lang, body + "\n")
    return found


def recipe(name):
    found = recipes()
    assert name in found, "docs/ci.md has no block marked <!-- recipe: %s -->" % name
    return found[name]
