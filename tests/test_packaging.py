"""Packaging: the lower bounds pyproject.toml declares are the versions CI's second job tests;
the wheel holds what runs and its metadata; the sdist holds, and runs, its tests.

The wheel and the sdist are built once per session, without network or build isolation, from a
copy of the files git would commit (tracked, plus untracked ones not ignored), so that neither a
stale build/ or egg-info of the working tree nor a file another change left lying around gets in.
"""

from __future__ import annotations

import email.parser
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
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


# -- the wheel and the sdist ---------------------------------------------------------------------

# What a copy of a checkout without git (an unpacked sdist) leaves out: build products and caches.
NOT_SOURCES = {".git", "build", "dist", "__pycache__", ".pytest_cache", ".hypothesis", ".benchmarks"}
BUILD_ENV = {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def _source_files():
    """The files a commit would hold: `git ls-files` plus untracked files that are not ignored.

    Outside a git checkout (tests run from an unpacked sdist) every file but build products."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=ROOT, capture_output=True,
                             text=True, timeout=60)
    except OSError:  # no git
        top = None
    if top is not None and top.returncode == 0 and Path(top.stdout.strip()).resolve() == ROOT:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=ROOT, capture_output=True, check=True, timeout=60).stdout
        names = [os.fsdecode(n) for n in listed.split(b"\0") if n]
        return [n for n in names if (ROOT / n).is_file()]  # deleted in the tree, not yet in the index
    names = []
    for folder, dirs, files in os.walk(ROOT):
        rel = Path(folder).relative_to(ROOT)
        dirs[:] = [d for d in dirs if d not in NOT_SOURCES and not d.startswith(".venv")
                   and not d.endswith(".egg-info") and (rel / d).as_posix() != "benchmarks/out"]
        names += [(rel / f).as_posix() for f in files if not f.endswith((".pyc", ".pyo"))]
    return names


def _run(args, cwd, timeout=300):
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **BUILD_ENV})
    assert proc.returncode == 0, "%s failed (%d):\n%s\n%s" % (args, proc.returncode, proc.stdout, proc.stderr)
    return proc


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """(source copy, wheel path, sdist path), built once."""
    work = tmp_path_factory.mktemp("packaging")
    src, dist = work / "src", work / "dist"
    for name in _source_files():
        target = src / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    dist.mkdir()
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
          "-q", "-w", str(dist), str(src)], cwd=src)
    _run([sys.executable, "-c", "import sys; from setuptools import build_meta; build_meta.build_sdist(sys.argv[1])",
          str(dist)], cwd=src)
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    return src, wheel, sdist


def _wheel_names(wheel):
    with zipfile.ZipFile(wheel) as zf:
        return zf.namelist()


def _sdist_names(sdist):
    """Member names with the top folder (mkto_lint-VERSION/) stripped."""
    with tarfile.open(sdist) as tf:
        names = tf.getnames()
    top = {n.split("/", 1)[0] for n in names}
    assert len(top) == 1, top
    return {n.split("/", 1)[1] for n in names if "/" in n}


def test_the_wheel_holds_every_module_schema_and_rule(built):
    src, wheel, _ = built
    names = set(_wheel_names(wheel))
    assert "mkto_lint/py.typed" in names
    schemas = sorted("mkto_lint/schemas/" + p.name for p in (src / "schemas").glob("*.json"))
    assert len(schemas) > 5 and [n for n in schemas if n not in names] == []
    rules = sorted("mkto_lint/rules/" + p.name for p in (src / "rules").glob("*.py"))
    assert len(rules) > 30 and [n for n in rules if n not in names] == []
    # every module of the engine, in every subpackage: a subpackage of validator/ missing from
    # [tool.setuptools] packages in pyproject.toml is left out of the wheel without an error
    engine = sorted("mkto_lint/" + p.relative_to(src / "validator").as_posix()
                    for p in (src / "validator").rglob("*.py"))
    missing = [n for n in engine if n not in names]
    assert missing == [], "not in the wheel (add the subpackage to [tool.setuptools] packages): %s" % missing
    # only the package and its metadata: no tests, examples, docs or benchmarks
    dist_info = {n.split("/", 1)[0] for n in names} - {"mkto_lint"}
    assert len(dist_info) == 1 and dist_info.pop().endswith(".dist-info")
    assert not [n for n in names if "/tests/" in n or n.startswith("tests/")]


def test_the_wheel_holds_no_developer_script(built):
    # tools/bundle_schemas.py regenerates mkto-lint.bundled.schema.json; it is not part of the linter
    names = _wheel_names(built[1])
    assert [n for n in names if n.endswith("/bundle.py")] == []
    assert [n for n in names if n.startswith("mkto_lint/schemas/") and n.endswith(".py")] == [
        "mkto_lint/schemas/__init__.py"]


def test_the_wheel_metadata_declares_the_license_and_classifiers(built):
    _, wheel, _ = built
    with zipfile.ZipFile(wheel) as zf:
        (meta_name,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        meta = email.parser.Parser().parsestr(zf.read(meta_name).decode("utf-8"))
        licenses = [n for n in zf.namelist() if ".dist-info/licenses/" in n]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert Version(meta["Metadata-Version"]) >= Version("2.4")
    assert meta["License-Expression"] == "MIT"
    assert meta["License"] is None  # the SPDX expression only, not the legacy free-text field
    assert [n.rsplit("/", 1)[1] for n in licenses] == ["LICENSE"]
    classifiers = meta.get_all("Classifier")
    assert classifiers == project["classifiers"]
    for expected in ("Development Status :: 4 - Beta", "Typing :: Typed",
                     "Topic :: Software Development :: Quality Assurance",
                     "Programming Language :: Python :: 3.10", "Programming Language :: Python :: 3.13"):
        assert expected in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # refused with an SPDX expression
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert sorted(urls) == ["Changelog", "Documentation", "Homepage", "Issues"]
    assert all(u.startswith("https://github.com/mkto-lint/mkto-lint") for u in urls.values())
    assert meta["Keywords"]


def test_the_sdist_holds_the_tests_and_what_they_read(built):
    src, _, sdist = built
    names = _sdist_names(sdist)
    for required in ("tests/conftest.py", "tests/test_loading.py", "LICENSE", "CHANGELOG.md", "README.md",
                     ".pre-commit-hooks.yaml", ".ci/run", "pyproject.toml", "MANIFEST.in",
                     "tools/bundle_schemas.py"):
        assert required in names, required
    for folder in ("tests/golden/", "tests/rules/", "examples/", "docs/", "benchmarks/"):
        assert any(n.startswith(folder) for n in names), folder
    # every file of those folders that a commit holds: fixtures, golden files, examples...
    for name in _source_files():
        if name.split("/", 1)[0] in {"tests", "examples", "docs", "benchmarks"}:
            assert name in names, name
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc") or n.startswith(".venv")
                or n.startswith("benchmarks/out/")]


def test_the_sdist_runs_its_tests(built, tmp_path):
    """A subset of the sdist's own tests, run from the unpacked sdist against the installed package."""
    with tarfile.open(built[2]) as tf:
        if hasattr(tarfile, "data_filter"):
            tf.extractall(tmp_path, filter="data")
        else:  # pragma: no cover - Python < 3.10.12
            tf.extractall(tmp_path)
    (unpacked,) = tmp_path.iterdir()
    assert (unpacked / "tests" / "conftest.py").is_file()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_loading.py"],
                          cwd=unpacked, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    # 0: tests were collected and all passed (no tests at all would be 5)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
