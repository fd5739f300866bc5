"""Property-based tests (hypothesis): documents generated from the project's JSON Schemas, then
broken on purpose (keys dropped, types swapped, references pointed at nothing, cycles added),
always end in findings and never in an exception, from ``check`` and from ``resolve``.

Bounded and deterministic for CI: ``derandomize=True`` (the same examples every run),
``max_examples`` small, no deadline (the machine is shared). For a deeper local run,
``MKTO_LINT_PROPERTY_SCALE=50 pytest tests/test_properties.py`` draws 50 times as many
examples, randomly (not derandomized).
"""

from __future__ import annotations

import json
import os
import re
import sys

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adversarial import strategies as gen
from conftest import REPO
from mkto_lint.evaluate import evaluator
from mkto_lint.project import source
from mkto_lint.read import jsonload, yaml12
from mkto_lint.findings import AT_KEY, AT_VALUE
from mkto_lint.project.index import ProjectIndex
from mkto_lint.schema.check import SchemaSet

sys.path.insert(0, str(REPO / "fuzz"))
import harness  # noqa: E402

SCALE = max(1, int(os.environ.get("MKTO_LINT_PROPERTY_SCALE", "1") or 1))
CI = dict(
    derandomize=SCALE == 1,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
SCHEMAS = SchemaSet()


class Dumper12(yaml.emitter.Emitter, yaml.serializer.Serializer, yaml.representer.SafeRepresenter, yaml12.Resolver12):
    """PyYAML's safe dumper with the YAML 1.2 resolver: a string that mkto-lint would read as a
    number or a boolean (``0o17``, ``1e3``) is quoted, so the text means what the data means."""

    def __init__(self, stream, **kwargs):
        yaml.emitter.Emitter.__init__(self, stream, width=kwargs.get("width"), allow_unicode=True)
        yaml.serializer.Serializer.__init__(self)
        yaml.representer.SafeRepresenter.__init__(self, sort_keys=False)
        yaml12.Resolver12.__init__(self)


def _str(dumper, text):
    # libyaml (YAML 1.1) takes U+0085, U+2028 and U+2029 for line breaks even inside quotes, so
    # such strings are written double-quoted, where the emitter escapes them (\N, \L, \P)
    style = '"' if any(c in text for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


Dumper12.add_representer(str, _str)


def to_yaml(doc):
    return yaml.dump(doc, Dumper=Dumper12, width=1000)


def precise_errors(kind, doc):
    return list(SCHEMAS.precise_validator(kind).iter_errors(doc))


# -- one document: the two speeds of the schema check agree -----------------------------------


@settings(max_examples=300 * SCALE, **CI)
@given(gen.any_document().flatmap(lambda kd: st.one_of(st.just((kd[1], [])), gen.mutated(kd[1])).map(lambda dm: (kd[0], dm))))
def test_fast_and_precise_schema_checks_agree(case):
    """Valid for jsonschema-rs (the fast path) exactly when python-jsonschema (the precise path)
    finds no error; and every invalid document gets explained errors (MKL003's messages)."""
    kind, (doc, _mutations) = case
    fast = SCHEMAS.is_valid(kind, doc)
    errors = precise_errors(kind, doc)
    assert fast == (not errors), (fast, [e.message for e in errors], doc)
    if not fast:
        explained = SCHEMAS.errors(kind, doc)
        assert explained and all(e.message for e in explained)


# -- one document: the fast read and the precise read of YAML agree ---------------------------


def _leaves(value, prefix=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, prefix + (i,))
    else:
        yield prefix, value


@settings(max_examples=150 * SCALE, **CI)
@given(gen.any_document().flatmap(lambda kd: gen.mutated(kd[1])))
def test_yaml_fast_and_precise_reads_agree(case):
    """A document written as YAML 1.2 is read back as the same data by the fast path, and the
    precise path (positions) finds every value of it where the fast path read it."""
    doc, _mutations = case
    text = to_yaml(doc)
    (data,), problems = yaml12.load_all(text)
    assert data == doc and problems == []
    sf = source.SourceFile(REPO / "p.yaml", "p.yaml", "p.yaml")
    sf.text = text
    whole = source.Document(sf, 0, (), 0, doc)
    lines = text.split("\n")
    for path, value in _leaves(doc):
        if not path:
            continue
        span = sf.locator.span(whole.target(path, AT_VALUE))
        assert 1 <= span.line <= span.end_line <= len(lines), (path, span)
        if span.line == span.end_line:  # the text at the span is the value, read alone
            written = lines[span.line - 1][span.column - 1:span.end_column - 1]
            (back,), _ = yaml12.load_all("v: %s\n" % written)
            assert back == {"v": value}, (path, value, written)
        if isinstance(path[-1], str):
            key = sf.locator.span(whole.target(path, AT_KEY))
            assert lines[key.line - 1][key.column - 1:].startswith((path[-1], '"', "'")), (path, key)


# -- a project: findings, never an exception, from check and from resolve ---------------------


@st.composite
def projects(draw):
    """Two to seven documents, some of them broken, each in its own file (YAML or JSON)."""
    docs = []
    for _ in range(draw(st.integers(2, 8))):
        kind, doc = draw(gen.any_document(gen.PROJECT_WEIGHTS))
        mutations = []
        if draw(st.booleans()):
            doc, mutations = draw(gen.mutated(doc))
        docs.append((kind, doc, mutations))
    return docs


def _files(docs, fmt):
    files = {}
    for i, (_kind, doc, _m) in enumerate(docs):
        if fmt == "yaml":
            files["doc%d.yaml" % i] = to_yaml(doc).encode("utf-8")
        else:
            files["doc%d.json" % i] = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    return files


_AT_FILE = re.compile(r" at doc\d+\.(?:yaml|json):\d+")


def _signature(result):
    """What a run found, independent of the files' format: code, file, document path, message."""
    return sorted((f.code, f.target.file.rel.rsplit(".", 1)[0], tuple(map(str, f.target.path)), f.target.at,
                   _AT_FILE.sub("", f.message)) for f in result.findings)


@settings(max_examples=120 * SCALE, **CI)
@given(projects())
def test_broken_projects_end_in_findings_never_in_an_exception(docs):
    signatures = []
    for fmt in ("yaml", "json"):
        files = _files(docs, fmt)
        result, reports, traces = harness.check_files(files)
        assert result.internal_errors == [], [e.detail for e in result.internal_errors]
        assert len(traces) == 6 * len(result.index.campaigns)  # 3 ways to start, text and JSON
        json.loads(reports["json"])
        by_file = {}
        for f in result.findings:
            assert f.span is not None and f.span.line >= 1 and f.span.column >= 1, f
            by_file.setdefault(f.target.file.rel, []).append(f)
        for i, (kind, doc, mutations) in enumerate(docs):
            rel = "doc%d.%s" % (i, fmt)
            codes = {f.code for f in by_file.get(rel, [])}
            # a broken document is reported, in its own file; a file in which no mapping has a
            # "kind" is not a definition file at all (another tool's YAML) and is left alone
            if "kind" in doc and precise_errors(kind, doc):
                assert codes & {"MKL003", "MKL004"}, (rel, doc, mutations, codes)
        index = result.index
        for item in index.unresolved:  # a reference to nothing is reported where it is written
            rel = item.asset.doc.file.rel
            wanted = "EXE001" if item.in_smart_list and getattr(item.asset, "is_executable", False) else "MKL006"
            assert any(f.code == wanted and f.target.path == item.path for f in by_file.get(rel, [])), (
                rel, item.path, item.ref, [(f.code, f.target.path) for f in by_file.get(rel, [])])
        for campaign in index.campaigns:  # an executable that executes itself is a cycle
            for call in index.executes(campaign):
                if call.target is campaign and campaign.is_executable:
                    rel = campaign.doc.file.rel
                    assert any(f.code == "EXE008" for f in by_file.get(rel, [])), (rel, call.path)
        signatures.append(_signature(result))
    assert signatures[0] == signatures[1]  # YAML and JSON spellings of a project read alike


@settings(max_examples=40 * SCALE, **CI)
@given(projects(), st.sampled_from(evaluator.VIAS),
       st.dictionaries(st.sampled_from(gen.TOKEN_NAMES), st.sampled_from(["+5", "=-3", "x", ""]), max_size=2),
       st.none() | st.dictionaries(st.sampled_from(["Job Title", "Country", "Behavior Score", "First Name"]),
                                   st.sampled_from(["VP", "Narnia", "", "12", None]), max_size=3))
def test_resolve_traces_every_campaign_of_a_broken_project(docs, via, tokens, person):
    """``resolve`` of every campaign of a generated project, however started, gives a trace."""
    from mkto_lint.report import trace as trace_report

    files = _files(docs, "json")
    cfg = harness._config()
    documents = [d for sf in harness.read_memory(files, cfg) for d in sf.documents if d.kind in source.KINDS]
    index = ProjectIndex(documents)
    for campaign in index.campaigns:
        for ref in (campaign, campaign.id, campaign.label):
            if ref is None:
                continue
            spec = evaluator.RunSpec(campaign=ref, via=via, tokens=dict(tokens), person=person, trigger={"Name": "x"})
            try:
                trace = evaluator.evaluate(index, spec, max_depth=3)
            except evaluator.ResolveError as exc:  # an ambiguous or unresolvable reference: one line
                assert str(exc) and "\n" not in str(exc)
                continue
            assert trace_report.render_text(trace)
            json.loads(trace_report.render_json(trace))


def _depth(value):
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


_TRICKY_TEXT = st.text(alphabet='[]{}"\\ab:,\n\u00e9', max_size=8)
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | _TRICKY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TRICKY_TEXT, inner, max_size=4),
    max_leaves=40,
)


@settings(max_examples=300 * SCALE, **CI)
@given(_JSON_VALUES, st.integers(min_value=0, max_value=12), st.booleans(), st.sampled_from([None, 1]))
def test_json_depth_screen_agrees_with_a_walk(value, limit, ascii_only, indent):
    # The text-level depth check of JSON (strings with brackets, quotes and backslashes dropped
    # first) answers as a walk of the parsed value does.
    text = json.dumps(value, ensure_ascii=ascii_only, indent=indent)
    assert jsonload.json_deeper_than(text, limit) is (_depth(value) > limit)


_PRETTY_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=6) | st.integers() | st.booleans() | st.none() | st.floats(), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300 * SCALE, **CI)
@given(_PRETTY_VALUES)
def test_the_fast_pretty_printer_writes_what_json_dumps_does(value):
    from mkto_lint.report import pretty

    assert pretty.dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)
