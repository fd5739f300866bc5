"""The lower bounds pyproject.toml declares are the versions CI's second job tests."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def _lower_bounds():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bounds = {}
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([0-9.]+)(;.*)?", spec.strip())
        assert match, "every dependency has a lower bound: %r" % spec
        if match.group(3) is None:  # markers: tomli only on Python 3.10
            bounds[match.group(1).lower()] = match.group(2)
    return bounds


def test_the_oldest_constraints_are_the_declared_lower_bounds():
    pinned = {}
    for line in (ROOT / "tests" / "constraints-oldest.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pinned[name.lower()] = version
    declared = _lower_bounds()
    assert sorted(pinned) == sorted(declared)
    assert {n: Version(v) for n, v in pinned.items()} == {n: Version(v) for n, v in declared.items()}
