"""Reading files: the fast path's values, the precise path's positions, and reading problems."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli, write_tree
from mkto_lint.read import files, parse
from mkto_lint.project import source
from mkto_lint.read import yaml12
from mkto_lint.findings import AT_KEY, AT_START, AT_VALUE, Span


def read_text(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    sf = source.SourceFile(path, name, name)
    return parse.read(sf, path.read_bytes())


def test_yaml_12_scalars_are_read_alike_on_both_paths():
    text = "a: no\nb: on\nc: yes\nd: 010\ne: 1:30\nf: 2026-12-01\ng: 0o17\nh: 0x1F\ni: ~\nj: True\nk: 1e3\nl: .inf\n"
    (data,), problems = yaml12.load_all(text)
    assert problems == []
    assert data == {"a": "no", "b": "on", "c": "yes", "d": 10, "e": "1:30", "f": "2026-12-01",
                    "g": 15, "h": 31, "i": None, "j": True, "k": 1000.0, "l": float("inf")}
    # the precise path composes the same text with the same resolver: same tags, same values
    (root,) = yaml12.compose_all(text)
    tags = {k.value: v.tag.rsplit(":", 1)[-1] for k, v in root.value}
    assert tags == {"a": "str", "b": "str", "c": "str", "d": "int", "e": "str", "f": "str",
                    "g": "int", "h": "int", "i": "null", "j": "bool", "k": "float", "l": "float"}


def test_dates_stay_strings_and_validate_as_strings(tmp_path):
    sf = read_text(tmp_path, "p.yaml", "kind: Program\nname: P\ntokens:\n  - {name: D, type: date, value: 2026-12-01}\n")
    assert sf.documents[0].data["tokens"][0]["value"] == "2026-12-01"
    run = run_cli("check", "--output-format", "concise", "--root", str(tmp_path), str(tmp_path / "p.yaml"), cwd=tmp_path)
    assert run.code == 0, run.out


def test_multi_document_yaml_and_top_level_lists_are_split(tmp_path):
    sf = read_text(tmp_path, "m.yaml", "kind: Program\nname: A\n---\n- kind: Program\n  name: B\n- kind: Program\n  name: C\n---\n")
    assert [(d.number, d.stream, d.prefix, d.data["name"]) for d in sf.documents] == [
        (0, 0, (), "A"), (1, 1, (0,), "B"), (2, 1, (1,), "C")]
    sj = read_text(tmp_path, "m.json", '[{"kind": "Program", "name": "A"}, {"kind": "Folder", "path": "X"}]')
    assert [(d.prefix, d.kind) for d in sj.documents] == [((0,), "Program"), ((1,), "Folder")]


def test_files_without_any_kind_are_not_definitions(tmp_path):
    assert not read_text(tmp_path, "ci.yaml", "jobs:\n  build: {runs-on: ubuntu}\n").is_definition
    assert not read_text(tmp_path, "package.json", '{"name": "x"}').is_definition
    assert read_text(tmp_path, "p.yaml", "kind: Program\nname: A\n").is_definition


@pytest.mark.parametrize("raw, message, line, col", [
    (b"\xff\xfek\x00i\x00", "file is encoded as UTF-16; mkto-lint reads UTF-8 only (re-save the file as UTF-8)", 1, 1),
    (b"kind: Program\nname: \x00x\n", "file holds a NUL byte: it is binary, not YAML or JSON", 2, 7),
    (b"kind: Program\nname: Caf\xe9\n", "file is not valid UTF-8: byte 0xe9 cannot start a character (re-save the file as UTF-8)", 2, 10),
])
def test_unreadable_encodings_are_mkl001(tmp_path, raw, message, line, col):
    sf = read_text(tmp_path, "x.yaml", raw)
    (problem,) = sf.problems
    assert (problem.code, problem.message, problem.target.span.line, problem.target.span.column) == (
        "MKL001", message, line, col)


def test_utf8_bom_is_accepted_and_columns_are_not_shifted(tmp_path):
    sf = read_text(tmp_path, "p.yaml", "\ufeffkind: Program\nname: [A]\n")
    assert sf.problems == [] and sf.documents[0].data["name"] == ["A"]
    span = sf.locator.span(sf.documents[0].target(("kind",), AT_KEY))
    assert (span.line, span.column, span.end_column) == (1, 1, 5)


def test_alias_bomb_is_refused_with_a_clear_finding(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append("a%d: &a%d [%s]" % (i, i, ", ".join(["*a%d" % (i - 1)] * 10)))
    sf = read_text(tmp_path, "bomb.yaml", "kind: Program\nname: B\n" + "\n".join(lines) + "\n")
    (problem,) = sf.problems
    assert problem.code == "MKL001"
    assert problem.message.startswith("alias expansion exceeds 100000 nodes")


def test_positions_of_keys_values_and_mapping_starts_in_yaml(tmp_path):
    text = "kind: SmartCampaign\nname: C\nflow:\n  - action: Wait\n    attributes:\n      duration: \"4 hrs\"\n"
    sf = read_text(tmp_path, "c.yaml", text)
    doc = sf.documents[0]
    loc = sf.locator
    assert loc.span(doc.target(("flow", 0, "attributes", "duration"), AT_VALUE)) == Span(line=6, column=17, end_line=6, end_column=24)
    assert loc.span(doc.target(("flow", 0, "attributes", "duration"), AT_KEY)) == Span(line=6, column=7, end_line=6, end_column=15)
    assert loc.span(doc.target(("flow", 0), AT_START)) == Span(line=4, column=5, end_line=4, end_column=11)
    # a path that leaves the document points at the deepest mapping that exists
    assert loc.span(doc.target(("flow", 0, "attributes", "until"))).line == 6


def test_positions_through_merge_keys(tmp_path):
    text = "kind: Program\nname: P\nbase: &b\n  type: score\ntokens:\n  - <<: *b\n    name: S\n"
    sf = read_text(tmp_path, "p.yaml", text)
    span = sf.locator.span(sf.documents[0].target(("tokens", 0, "type")))
    assert (span.line, span.column) == (4, 9)


def test_bulk_json_export_of_5_mb_keeps_exact_positions(tmp_path):
    docs = []
    for i in range(6000):
        docs.append({"kind": "SmartCampaign", "id": i + 1, "name": "Campaign %d" % i, "program": "P",
                     "description": "x" * 700, "flow": [{"action": "Wait", "attributes": {"duration": "1 day"}}]})
    docs[5999]["flow"][0]["attributes"]["duration"] = 5  # the last document has a schema error
    docs.insert(0, {"kind": "Program", "name": "P"})
    text = json.dumps(docs, indent=1)
    assert len(text) > 5_000_000
    (tmp_path / "export.json").write_text(text, encoding="utf-8")
    run = run_cli("check", "--output-format", "concise", "--format", "json", "--root", str(tmp_path), str(tmp_path), cwd=tmp_path)
    findings = json.loads(run.out)["findings"]
    assert [(f["code"], f["message"]) for f in findings] == [
        ("MKL003", "duration: expected a string, got an integer (5)")]
    offset = text.rindex('"duration": 5') + len('"duration": ')
    line = text.count("\n", 0, offset) + 1
    col = offset - text.rfind("\n", 0, offset)
    assert (findings[0]["line"], findings[0]["column"], findings[0]["endColumn"]) == (line, col, col + 1)


def test_json_positions_with_escapes_and_unicode(tmp_path):
    text = '{"kind": "Program", "name": "Caf\\u00e9 \\"Q\\"", "type": "webinär"}'
    sf = read_text(tmp_path, "p.json", text)
    span = sf.locator.span(sf.documents[0].target(("type",)))
    start = text.index('"webinär"') + 1  # 1-based columns count characters, not bytes
    assert (span.line, span.column, span.end_column) == (1, start, start + len('"webinär"'))
    span = sf.locator.span(sf.documents[0].target(("name",)))
    assert (span.column, span.end_column) == (text.index('"Caf') + 1, text.index(', "type"') + 1)


def test_read_problems_do_not_stop_other_files(tmp_path):
    write_tree(tmp_path, {
        "a.yaml": "kind: Program\nname: [\n",
        "b.yaml": "kind: Program\nname: B\nfolder: Nowhere\n",
    })
    run = run_cli("check", "--output-format", "concise", "--no-color", "--root", str(tmp_path), str(tmp_path), cwd=tmp_path)
    assert run.out.splitlines() == [
        "a.yaml:3:1: MKL001 [error] did not find expected node content (while parsing a flow node) (syntax-error)",
        'b.yaml:3:9: MKL006 [error] folder "Nowhere" names no folder in the project (unresolved-reference)',
        "2 errors, 0 warnings in 2 files",
    ]


def test_pool_and_single_process_read_alike(tmp_path, monkeypatch):
    tree = {}
    for i in range(files.POOL_MIN_FILES + 10):
        tree["c%04d.yaml" % i] = "kind: Program\nname: P%d\n%s" % (i, "type: webinar\n" if i % 97 == 0 else "")
    write_tree(tmp_path, tree)
    pooled = run_cli("check", "--output-format", "concise", "--format", "json", "--root", str(tmp_path), str(tmp_path), cwd=tmp_path)
    monkeypatch.setenv("MKTO_LINT_NO_POOL", "1")
    single = run_cli("check", "--output-format", "concise", "--format", "json", "--root", str(tmp_path), str(tmp_path), cwd=tmp_path)
    assert pooled.out == single.out
    assert json.loads(pooled.out)["summary"]["errors"] == 5


# -- nesting: mkto-lint's own check speaks first, whichever parser would trip ------------------
# libyaml 0.2.6 (PyYAML 6.0.4) refuses a 1,000th level on its own, and its scanner looks ahead
# up to 1,024 characters, so on ``[[[[...`` it trips before the builder has seen level 201;
# Python's recursion limit stops json.loads near 1,000. Each case names the place where the
# nesting first goes deeper than max-depth (the x-deep value's outer container is level 2).
def _yaml_position(style, limit):
    return {"flow-list": (3, limit + 8), "flow-map": (3, 9 + 4 * (limit - 1)),
            "block-list": (4, 1 + 2 * (limit - 1)), "block-map": (limit + 3, limit + 1)}[style]


@pytest.mark.parametrize("limit", [200, 900])
@pytest.mark.parametrize("depth", [899, 900, 901, 999, 1000, 1001, 10_000])
@pytest.mark.parametrize("style", ["flow-list", "flow-map", "block-list", "block-map"])
def test_yaml_nesting_is_refused_by_max_depth_alone(style, depth, limit):
    from adversarial import generators

    text = generators.deep_yaml(depth, style)
    if depth + 1 <= limit:  # the document itself is one level
        (data,), _problems = yaml12.load_all(text, max_depth=limit)
        assert data["name"] == "Deep"
        return
    with pytest.raises(yaml12.ConversionError) as caught:
        yaml12.load_all(text, max_depth=limit)
    assert caught.value.problem == "nesting is deeper than %d levels (max-depth)" % limit
    mark = caught.value.problem_mark
    assert (mark.line + 1, mark.column + 1) == _yaml_position(style, limit)


@pytest.mark.parametrize("depth", [899, 999, 1000, 10_000])
@pytest.mark.parametrize("style", ["list", "map"])
def test_json_nesting_is_refused_by_max_depth_alone(tmp_path, style, depth):
    """Deep enough to stop json.loads at Python's recursion limit, or not: the same finding."""
    from adversarial import generators

    (tmp_path / ".mkto-lint.yaml").write_text("max-depth: 900\n")
    (tmp_path / "deep.json").write_text(generators.deep_json(depth, style))
    run = run_cli("check", "--output-format", "concise", str(tmp_path), cwd=tmp_path)
    if depth < 900:
        assert (run.code, run.out) == (0, "0 errors, 0 warnings in 1 file; configuration: .mkto-lint.yaml\n")
        return
    col = 946 if style == "list" else 47 + 6 * 899
    assert run.out.splitlines()[0] == (
        "deep.json:1:%d: MKL001 [error] nesting is deeper than 900 levels (max-depth) (syntax-error)" % col)
    assert run.code == 1


def test_json_nesting_near_the_limit_keeps_exact_positions(tmp_path):
    """A finding in a JSON file nested 880 levels deep is located exactly: the position parser
    recurses per level and is given the room for it."""
    (tmp_path / ".mkto-lint.yaml").write_text("max-depth: 900\n")
    (tmp_path / "deep.json").write_text(
        '{"kind": "Program", "name": "Deep", "type": "Bogus", "x-deep": %s}\n' % ("[" * 880 + "]" * 880))
    run = run_cli("check", "--output-format", "concise", str(tmp_path), cwd=tmp_path)
    assert run.out.splitlines()[0].startswith('deep.json:1:45: MKL003 [error] type: "Bogus"')


@pytest.mark.parametrize("config", ["x: " + "[" * 5000 + "]" * 5000 + "\n",
                                    "".join(" " * n + "a:\n" for n in range(1200)) + " " * 1200 + "a: 1\n"])
def test_deep_configuration_is_the_same_configuration_error(tmp_path, config):
    (tmp_path / ".mkto-lint.yaml").write_text(config)
    run = run_cli("check", "--output-format", "concise", str(tmp_path), cwd=tmp_path)
    assert run.code == 2
    assert run.err == "mkto-lint: error: %s: cannot read the configuration: nesting is deeper than 200 levels (max-depth)\n" % (
        tmp_path / ".mkto-lint.yaml")
