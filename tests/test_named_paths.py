"""Paths named on the command line (issue 16: a file list as fast as its folder): the named
files are not looked at one by one where discovery's listing tells what they are, and the
answer is the one that looking at each (``resolve_named``) gives: the same root, the same
files checked, the same errors.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from conftest import run_cli, write_tree
from mkto_lint import config as config_mod
from mkto_lint.errors import UsageError
from mkto_lint.read import discover

TREE = {
    ".mkto-lint.yaml": "{}\n",
    "p.yaml": "kind: Program\nname: P\n",
    "a/c1.yaml": "kind: SmartCampaign\nname: C1\nprogram: P\n",
    "a/b/c2.yaml": "kind: SmartCampaign\nname: C2\nprogram: P\n",
    "sub/.mkto-lint.yaml": "ignore: [MKL006]\n",
    "sub/s.yaml": "kind: SmartCampaign\nname: S\nprogram: Q\n",
    "x.yaml/inside.yaml": "kind: Program\nname: X\n",  # a folder with a file's name
}


@pytest.fixture
def tree(tmp_path):
    root = write_tree(tmp_path / "root", TREE)
    write_tree(tmp_path / "outside", {"o.yaml": "kind: Program\nname: O\n"})
    os.symlink(root / "a" / "c1.yaml", root / "link.yaml")  # a link to a file inside
    os.symlink(tmp_path / "outside", root / "a" / "out")  # a link to a folder outside
    return root


NAMES = ["p.yaml", "a", "a/c1.yaml", "a/b", "a/b/c2.yaml", "sub", "sub/s.yaml", "x.yaml", "link.yaml",
         "a/out/o.yaml", "./p.yaml", "a/../p.yaml", "a/", ".", "missing.yaml"]


def _looked_at_one_by_one(names, cwd):
    """What the start folder and the kinds were before: ``resolve_named`` of every path."""
    named = [discover.resolve_named(os.path.join(str(cwd), n)) for n in names]
    folders = {str(p) if kind == "dir" else os.path.dirname(str(p)) for p, kind in named}
    return Path(os.path.commonpath(sorted(folders))), {n: (str(p), kind) for n, (p, kind) in zip(names, named)}


@pytest.mark.parametrize("size", [1, 2, 3])
def test_the_start_folder_and_every_kind_are_those_of_looking_at_each_path(tree, size):
    for names in itertools.combinations(NAMES, size):
        for cwd in (tree, tree / "a"):
            names_here = [n if cwd == tree else os.path.relpath(tree / n, cwd) for n in names]
            start, named = discover.named_paths(names_here, cwd)
            assert (start, named.kinds) == _looked_at_one_by_one(names_here, cwd), names_here


@pytest.mark.parametrize("size", [1, 2])
def test_collect_checks_the_files_that_looking_at_each_path_checks(tree, size):
    cfg = config_mod.load(tree)
    for names in itertools.combinations([n for n in NAMES if n != "missing.yaml"], size):
        _start, named = discover.named_paths(list(names), tree)
        fast = discover.collect(list(names), cfg, tree, named)
        full = discover.collect(list(names), cfg, tree)  # every name looked at again
        assert (fast[0], sorted(map(str, fast[1])), fast[2], fast[3]) == \
            (full[0], sorted(map(str, full[1])), full[2], full[3]), names


def test_discovery_takes_the_listings_of_naming_instead_of_its_own(tree, monkeypatch):
    cfg = config_mod.load(tree)
    names = ["a/c1.yaml", "a/b/c2.yaml", "p.yaml"]
    _start, named = discover.named_paths(names, tree)
    listed = []
    real = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path=".": listed.append(os.fspath(path)) or real(path))
    everything, checked, _left, _nested = discover.collect(names, cfg, tree, named)
    assert sorted(listed) == sorted({str(tree), str(tree / "a"), str(tree / "a" / "b"), str(tree / "sub"),
                                     str(tree / "x.yaml")} - {str(tree), str(tree / "a"), str(tree / "a" / "b")})
    assert sorted(map(str, checked)) == [str(tree / n) for n in sorted(names)]
    assert str(tree / "x.yaml" / "inside.yaml") in map(str, everything)


def test_a_missing_file_in_a_list_is_a_usage_error_naming_it(tree):
    cfg = config_mod.load(tree)
    names = ["p.yaml", "a/missing.yaml"]
    _start, named = discover.named_paths(names, tree)
    assert named.kinds["a/missing.yaml"] == (str(tree / "a" / "missing.yaml"), "missing")
    with pytest.raises(UsageError, match="^a/missing.yaml: no such file or directory$"):
        discover.collect(names, cfg, tree, named)


def test_a_named_folder_whose_parent_holds_the_other_paths_starts_the_search_there(tree):
    # `sub` is a folder with a configuration of its own: naming it (alone, or with one of its
    # files) makes it the root, as it did when every path was looked at
    for names in (["sub"], ["sub", "sub/s.yaml"], ["sub/s.yaml", "sub"]):
        run = run_cli("check", "--output-format", "concise", *names, cwd=tree)
        assert (run.code, run.out) == (0, 'sub/s.yaml:2:7: FLW004 [warning] campaign "Q.S" has no flow steps (empty-flow)\n'
                                          "0 errors, 1 warning in 1 file; configuration: sub/.mkto-lint.yaml\n"), names


def test_a_folder_named_like_a_file_is_walked(tree):
    run = run_cli("check", "--output-format", "concise", "x.yaml", cwd=tree)
    assert (run.code, run.out) == (0, "0 errors, 0 warnings in 1 file; configuration: .mkto-lint.yaml\n")


def test_a_file_list_reports_what_its_folder_reports(tree):
    # what `git ls-files` passes: every file, none below a link to a folder (a link to a file
    # named is its target, and checked as that: named, it is not a file of its own)
    (tree / "link.yaml").unlink()
    listed = sorted(os.path.relpath(os.path.join(here, name), tree)
                    for here, _dirs, names in os.walk(tree) for name in names if name.endswith(".yaml"))
    assert "sub/s.yaml" in listed and not any(n.startswith("a/out") for n in listed)
    by_list = run_cli("check", "--output-format", "concise", "--format", "json", *listed, cwd=tree)
    by_folder = run_cli("check", "--output-format", "concise", "--format", "json", ".", cwd=tree)
    assert (by_list.code, by_list.err) == (by_folder.code, by_folder.err) == (0, "")
    assert by_list.out.count("\"code\": \"FLW004\"") == 3  # in the project and in the nested one
    assert by_list.out == by_folder.out
