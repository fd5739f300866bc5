"""The incremental run (``cache.incremental``) reports exactly what a full run reports.

Every project of the test corpus (each rule's cases, the broken example, the examples) is made
one file per document, so that a change to one document leaves the others' files alone; then,
for every document, edits that keep what it defines (a comment; the executable flag, the flow's
last step, the parent context, the tokens, a program's type, a folder's workspace, a filter)
are made one at a time, each followed by a check with the cache (whose state is the project
before the edit) and one without, whose JSON reports must be byte-identical: what an edit can
affect (its callers, its callees, a program's campaigns) and what the affected documents look
up must be what the incremental run finds. The world's size limit is lifted, so that small
projects take the incremental path too; a test counts that they do (79 of the 85 projects).
"""

from __future__ import annotations

import shutil

import pytest
import yaml

from conftest import EXAMPLES, TESTS, run_cli

CORPUS = sorted(p for p in (TESTS / "rules").glob("*/*") if p.is_dir()) + [TESTS / "broken_example", EXAMPLES]


def _documents(project):
    docs = []
    for path in sorted(p for p in project.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file()):
        if path.name.startswith(".mkto-lint") or ".mkto-lint-cache" in path.parts or path.name == "expected.txt":
            continue
        try:
            found = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue  # a syntax case: not a project of documents
        docs += [d for d in found if isinstance(d, dict) and "kind" in d]
    return docs


def _exploded(project, dest):
    """``project``'s documents, one file each, in the same order; its configuration kept."""
    dest.mkdir()
    for name in (".mkto-lint.yaml",):
        if (project / name).is_file():
            shutil.copy(project / name, dest / name)
    docs = _documents(project)
    for i, doc in enumerate(docs):
        (dest / ("d%03d.yaml" % i)).write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return docs


# the projects of more than one document (with one, every edit affects everything)
PROJECTS = [p for p in CORPUS if len(_documents(p)) >= 2]
LARGE = 20  # documents: a larger project gets one of its documents' semantic edits, in turn


def _edits(doc):
    """Edits of ``doc`` that keep its kind, name, id, program and folder path."""
    kind = doc.get("kind")
    out = [("comment", None)]
    if kind == "SmartCampaign":
        out += [("flip", "isExecutable"), ("flip", "isActive"), ("pop", "flow"), ("context", None), ("tokens", None),
                ("pop", "smartList")]
    elif kind == "Program":
        out += [("drop", "tokens"), ("type", None)]
    elif kind == "Folder":
        out += [("drop", "tokens"), ("workspace", None)]
    elif kind == "SmartList":
        out += [("pop", "filters")]
    return out


def _edited(doc, edit):
    import copy

    what, key = edit
    doc = copy.deepcopy(doc)
    if what == "flip":
        doc[key] = not doc.get(key)
    elif what == "pop":
        holder = doc.get(key)
        if key == "smartList" and isinstance(holder, dict):
            holder = holder.get("filters")
        if isinstance(holder, list) and holder:
            holder.pop()
    elif what == "drop":
        doc.pop(key, None)
    elif what == "type":
        doc["type"] = "default" if doc.get("type") == "event" else "event"
    elif what == "workspace":
        doc["workspace"] = "Other" if doc.get("workspace") != "Other" else "Default"
    elif what == "context":
        for step in doc.get("flow") or ():
            if isinstance(step, dict) and isinstance(step.get("attributes"), dict) and "campaign" in step["attributes"]:
                step["attributes"]["useParentTokenContext"] = step["attributes"].get("useParentTokenContext") is not True
    elif what == "tokens":
        text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True).replace("{{my.", "{{my.Other ")
        return text
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    return text + ("# edited\n" if what == "comment" else "")


@pytest.fixture
def incremental_always(monkeypatch):
    """The cache on, the world's size limit off, and a count of the runs that were incremental."""
    from mkto_lint.cache import incremental

    monkeypatch.delenv("MKTO_LINT_NO_CACHE", raising=False)
    monkeypatch.setenv("MKTO_LINT_DEBUG", "1")  # an exception in the incremental run is not hidden
    monkeypatch.setattr(incremental, "WHOLE_SHARE", 0)
    taken = []
    real = incremental.attempt

    def attempt(*args, **kwargs):
        outcome = real(*args, **kwargs)
        taken.append(outcome is not None)
        return outcome

    monkeypatch.setattr(incremental, "attempt", attempt)
    return taken


def _report(root, *args):
    run = run_cli("check", "--format", "json", "--root", str(root), *args, cwd=root)
    return run.code, run.out, run.err


def _primed(root):
    """The project checked twice, a file changed in between: the first run (a cold cache) keeps
    no state, the second (a full run through a warm cache) keeps it."""
    _report(root, ".")
    first = sorted(p for p in root.rglob("*.yaml") if ".mkto-lint-cache" not in p.parts)[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _report(root, ".")


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.relative_to(TESTS.parent).as_posix())
def test_an_edited_document_is_reported_as_a_full_run_reports_it(project, tmp_path, incremental_always):
    root = tmp_path / "p"
    docs = _exploded(project, root)
    _primed(root)  # the state of the project before the edits
    for i, doc in enumerate(docs):
        path = root / ("d%03d.yaml" % i)
        before = path.read_text(encoding="utf-8")
        edits = _edits(doc)
        if len(docs) > LARGE and len(edits) > 1:
            edits = [edits[0], edits[1 + i % (len(edits) - 1)]]
        for n, edit in enumerate(edits):
            path.write_text(_edited(doc, edit), encoding="utf-8")
            # the whole root, and (for the comment) the hook's run of the one file
            for args in ((".",), (path.name,))[:2 if n == 0 else 1]:
                assert _report(root, *args) == _report(root, "--no-cache", *args), (path.name, edit, args)
            path.write_text(before, encoding="utf-8")


def test_most_of_the_corpus_is_checked_incrementally(tmp_path, incremental_always):
    """The projects above take the incremental path, not the full run it falls back to (which
    a project whose affected part holds a reference to nothing takes: the broken example)."""
    multi = PROJECTS
    assert len(multi) >= 40
    taken = []
    for n, project in enumerate(multi):
        root = tmp_path / str(n)
        docs = _exploded(project, root)
        _primed(root)
        path = root / "d000.yaml"
        path.write_text(_edited(docs[0], ("comment", None)), encoding="utf-8")
        del incremental_always[:]
        _report(root, path.name)
        taken.append(incremental_always == [True])
    assert sum(taken) >= 0.6 * len(multi), [p.name for p, t in zip(multi, taken) if not t]


def test_a_stored_file_has_every_attribute_a_read_file_has(tmp_path):
    """StoredFile skips SourceFile.__init__ (a warm run makes 12,000): it must still answer for
    everything a SourceFile holds, with the same values."""
    from mkto_lint import config
    from mkto_lint.read import files

    (tmp_path / "a b.json").write_text('{"kind": "Folder", "path": "X"}', encoding="utf-8")
    cfg = config.load(tmp_path)
    read = files.read_one(tmp_path / "a b.json", cfg, tmp_path, digest=True)
    meta, blob = files.stored(read)
    stored = files.StoredFile(read.path, read.display, read.rel, meta, blob)
    assert [name for name in vars(read) if not hasattr(stored, name)] == []
    fields = ("path", "display", "rel", "format", "is_definition", "has_directives", "digest", "alias_nodes",
              "checked", "fail_on", "changed")
    assert [getattr(stored, n) for n in fields] == [getattr(read, n) for n in fields]
    assert (stored.format, stored.checked, stored.changed, stored.fail_on) == ("json", False, False, None)
    assert [d.data for d in stored.documents] == [d.data for d in read.documents]
    assert stored.text == read.text


def _generated(root, programs=30, children=10):
    """``programs`` programs of three trigger campaigns, each executing one of ``children``
    library children (one file each) with its context: program p's calls Child{p % children}."""
    root.mkdir()
    (root / "lib").mkdir()
    (root / "lib" / "program.yaml").write_text("kind: Program\nname: Lib\n", encoding="utf-8")
    for k in range(children):
        (root / "lib" / ("child%d.yaml" % k)).write_text(
            "kind: SmartCampaign\nname: Child%d\nprogram: Lib\nisExecutable: true\nflow:\n- action: Change Score\n"
            "  attributes: {scoreName: Behavior Score, change: '{{my.Score}}'}\n" % k, encoding="utf-8")
    for p in range(programs):
        folder = root / ("p%02d" % p)
        folder.mkdir()
        (folder / "program.yaml").write_text(
            "kind: Program\nname: P%02d\ntokens:\n- {name: Score, type: score, value: '+%d'}\n" % (p, p + 1),
            encoding="utf-8")
        for c in range(3):
            (folder / ("c%d.yaml" % c)).write_text(
                "kind: SmartCampaign\nname: C%d\nprogram: P%02d\nsmartList:\n  triggers: [{name: Fills Out Form}]\n"
                "flow:\n- action: Execute Campaign\n  attributes: {campaign: Lib.Child%d, useParentTokenContext: true}\n"
                % (c, p, p % children), encoding="utf-8")


def test_one_changed_campaign_is_checked_in_a_small_world(tmp_path, monkeypatch):
    monkeypatch.delenv("MKTO_LINT_NO_CACHE", raising=False)
    root = tmp_path / "p"
    _generated(root)
    _primed(root)
    edited = root / "p03" / "c1.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Fills Out Form", "Visits Web Page"), encoding="utf-8")
    monkeypatch.setenv("MKTO_LINT_TIMINGS", "1")
    code, out, err = _report(root, "p03/c1.yaml")
    assert (code, out) == _report(root, "--no-cache", "p03/c1.yaml")[:2]
    # affected: the campaign and the child it executes (whose findings weigh its callers); the
    # world: the child's callers (programs 3, 13 and 23) and what they all look up
    assert err.splitlines()[0] == "incremental: 1 files changed, 2 affected, a world of 15 documents of 131"


def test_a_rename_makes_a_full_run(tmp_path, monkeypatch):
    from mkto_lint.cache import incremental

    monkeypatch.delenv("MKTO_LINT_NO_CACHE", raising=False)
    monkeypatch.setattr(incremental, "WHOLE_SHARE", 0)  # a small project: its world is a large share
    outcomes = []
    real = incremental.attempt
    monkeypatch.setattr(incremental, "attempt", lambda *a, **k: outcomes.append(real(*a, **k)) or outcomes[-1])
    root = tmp_path / "p"
    _generated(root, programs=9)
    _primed(root)
    edited = root / "p03" / "c1.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("name: C1", "name: C9"), encoding="utf-8")
    assert _report(root, "p03/c1.yaml") == _report(root, "--no-cache", "p03/c1.yaml")
    edited.write_text(edited.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert _report(root, "p03/c1.yaml") == _report(root, "--no-cache", "p03/c1.yaml")
    assert [o is not None for o in outcomes] == [False, False, False, True]  # _primed's full run, the rename


def test_the_cache_never_fails_a_check(tmp_path, monkeypatch):
    """An exception in the incremental run (a bug, a state no version wrote) makes a full run."""
    from mkto_lint.cache import incremental

    monkeypatch.delenv("MKTO_LINT_NO_CACHE", raising=False)
    root = tmp_path / "p"
    _generated(root, programs=3, children=2)
    _primed(root)
    (root / "p01" / "c0.yaml").write_text((root / "p01" / "c0.yaml").read_text() + "# edited\n")

    def broken(*args, **kwargs):
        raise KeyError("a state no version wrote")

    monkeypatch.setattr(incremental, "attempt", broken)
    assert _report(root, "p01/c0.yaml") == _report(root, "--no-cache", "p01/c0.yaml")
    monkeypatch.setenv("MKTO_LINT_DEBUG", "1")
    (root / "p01" / "c0.yaml").write_text((root / "p01" / "c0.yaml").read_text() + "# again\n")
    code, out, err = _report(root, "p01/c0.yaml")
    assert (code, out) == (2, "") and "internal error: KeyError" in err


def test_the_first_run_keeps_no_state(tmp_path, monkeypatch):
    """A cold cache (CI's one run, a project's first) does not pay for the state; the next full
    run, through the warm cache, keeps it."""
    monkeypatch.delenv("MKTO_LINT_NO_CACHE", raising=False)
    root = tmp_path / "p"
    _generated(root, programs=2, children=1)

    def kinds():
        return sorted(p.name.split("-")[0] for p in (root / ".mkto-lint-cache").rglob("*-*"))

    _report(root, ".")
    assert kinds() == ["read", "results"]
    _primed(root)
    assert kinds() == ["delta", "facts", "project", "read", "results"]
