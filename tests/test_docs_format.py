"""docs/format.md, the project's reference of the definition format, kept honest.

- Every property name the schemas define for a document kind (walked through ``$ref``,
  ``allOf``/``anyOf``/``oneOf``, ``if``/``then``/``else``, ``items``, ``dependentSchemas``...,
  and every ``$defs`` entry) appears on the page as `` `name` ``: a field added to a schema
  without being documented fails here.
- Every kind of ``document.schema.json`` has a section and at least one complete example.
- Every ```yaml block holding ``kind:`` (and every ```json block holding ``"kind"``) is written
  to a temporary project, one file per block, and ``mkto-lint check`` must accept the whole
  project without a single finding. Blocks that show an error carry no ``kind:`` or are fenced
  as ```text.
- Every other ```yaml block (fragments) is at least well-formed YAML.
"""

from __future__ import annotations

import functools
import json
import re
from urllib.parse import urldefrag, urljoin

import pytest
import yaml

from conftest import REPO, run_cli

SCHEMA_DIR = REPO / "schemas"
PAGE = REPO / "docs" / "format.md"
ROOT_FILE = "document.schema.json"
# Not a document kind's schema: the configuration file is documented in the README.
NOT_KIND_SCHEMAS = {"config.schema.json"}

# Keywords whose value is one subschema, a list of subschemas, or a mapping of name -> subschema.
ONE = ("items", "additionalProperties", "unevaluatedProperties", "not", "if", "then", "else",
       "contains", "propertyNames", "additionalItems", "unevaluatedItems")
MANY = ("allOf", "anyOf", "oneOf", "prefixItems")
from test_schemas import bundle_module  # noqa: E402  (tools/bundle_schemas.py: its loader maps every $id to a file)

MAPS = ("patternProperties", "dependentSchemas", "$defs", "definitions")


@functools.cache
def schemas_by_id() -> dict:
    return {schema_id: schema for schema_id, (_name, schema) in bundle_module().load_schemas(SCHEMA_DIR).items()}


def _file_id(name: str) -> str:
    for schema_id, (file_name, _schema) in bundle_module().load_schemas(SCHEMA_DIR).items():
        if file_name == name:
            return schema_id
    raise LookupError(name)


def _pointer(schema, fragment: str):
    node = schema
    for part in fragment.lstrip("/").split("/") if fragment.strip("/") else ():
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def property_names(schema_id: str, fragment: str = "") -> set[str]:
    """Every name under ``properties`` reachable from the schema at ``schema_id#fragment``."""
    names: set[str] = set()
    seen: set[tuple[str, str]] = set()
    todo = [(schema_id, fragment)]
    while todo:
        base, frag = todo.pop()
        if (base, frag) in seen:
            continue
        seen.add((base, frag))
        node = _pointer(schemas_by_id()[base], frag)
        if not isinstance(node, dict):
            continue
        here = frag.rstrip("/")
        ref = node.get("$ref")
        if isinstance(ref, str):
            uri, ref_frag = urldefrag(urljoin(base, ref))
            assert uri in schemas_by_id(), f"{base}#{frag}: $ref {ref!r} names no schema file"
            todo.append((uri, ref_frag))
        props = node.get("properties")
        if isinstance(props, dict):
            names.update(props)
            todo.extend((base, f"{here}/properties/{_escape(k)}") for k in props)
        for key in ONE:
            if isinstance(node.get(key), dict):
                todo.append((base, f"{here}/{key}"))
        for key in MANY:
            if isinstance(node.get(key), list):
                todo.extend((base, f"{here}/{key}/{i}") for i in range(len(node[key])))
        for key in MAPS:
            if isinstance(node.get(key), dict):
                todo.extend((base, f"{here}/{key}/{_escape(k)}") for k in node[key])
    return names


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


@functools.cache
def kind_schemas() -> dict[str, tuple[str, str]]:
    """{kind: (schema $id, fragment)}, read from document.schema.json's dispatch on ``kind``."""
    root_id = _file_id(ROOT_FILE)
    document = schemas_by_id()[root_id]["$defs"]["document"]
    found = {}
    for branch in document["allOf"]:
        kind = branch["if"]["properties"]["kind"]["const"]
        uri, frag = urldefrag(urljoin(root_id, branch["then"]["$ref"]))
        found[kind] = (uri, frag)
    assert set(found) == set(document["properties"]["kind"]["enum"])
    return found


@functools.cache
def page() -> str:
    return PAGE.read_text(encoding="utf-8")


FENCE = re.compile(r"^```([A-Za-z0-9_-]*)[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def blocks() -> list[tuple[str, str]]:
    """(language, text) of every fenced block of the page, in order."""
    return [(m.group(1).lower(), m.group(2)) for m in FENCE.finditer(page())]


def example_documents() -> list[tuple[str, str]]:
    """(file name, text) of the blocks that hold documents: yaml with ``kind:``, json with ``"kind"``."""
    files = []
    for number, (lang, text) in enumerate(blocks(), start=1):
        if lang in ("yaml", "yml") and "kind:" in text:
            files.append((f"{number:02d}-example.yaml", text))
        elif lang == "json" and '"kind"' in text:
            files.append((f"{number:02d}-example.json", text))
    return files


def _kinds_in(name: str, text: str) -> set[str]:
    if name.endswith(".json"):
        data = json.loads(text)
        docs = data if isinstance(data, list) else [data]
    else:
        docs = []
        for doc in yaml.safe_load_all(text):
            docs.extend(doc if isinstance(doc, list) else [doc])
    return {doc["kind"] for doc in docs if isinstance(doc, dict) and "kind" in doc}


# --------------------------------------------------------------------------- fields


@pytest.mark.parametrize("kind", sorted(kind_schemas()))
def test_every_field_of_the_kind_is_documented(kind):
    uri, frag = kind_schemas()[kind]
    names = property_names(uri, frag) | {"kind"}
    missing = sorted(n for n in names if f"`{n}`" not in page())
    assert not missing, f"docs/format.md does not document these {kind} fields: {missing}"


def test_every_defined_property_is_documented():
    """Also the ``$defs`` that no kind reaches (yet), in every schema file but the configuration's."""
    names = set()
    for schema_id, (name, _schema) in bundle_module().load_schemas(SCHEMA_DIR).items():
        if name not in NOT_KIND_SCHEMAS:
            names |= property_names(schema_id)
    assert len(names) > 40  # the walk found the schemas' fields at all
    missing = sorted(n for n in names if f"`{n}`" not in page())
    assert not missing, f"docs/format.md does not document these fields: {missing}"


def test_the_walker_sees_nested_fields():
    """A guard on the walker itself: fields reached only through $ref, allOf/if/then and items."""
    uri, frag = kind_schemas()["SmartCampaign"]
    names = property_names(uri, frag)
    # recurrence > intervalType (nested properties), filters > conditions (cross-file $ref),
    # choices > if (items), Execute Campaign > useParentTokenContext (allOf > then > $ref > $ref)
    assert {"intervalType", "conditions", "if", "doNothing", "useParentTokenContext", "dateToken"} <= names
    assert "flow" in names and "via" not in names


def _section(kind: str) -> str:
    """The text of the page's ``## <kind>`` section (up to the next ``## `` heading)."""
    match = re.search(rf"^## {kind}\b.*?(?=^## |\Z)", page(), re.MULTILINE | re.DOTALL)
    assert match, f"no '## {kind}' section"
    return match.group(0)


@pytest.mark.parametrize("kind", sorted(kind_schemas()))
def test_every_top_level_field_has_a_row_in_the_kind_table(kind):
    uri, frag = kind_schemas()[kind]
    node = _pointer(schemas_by_id()[uri], frag)
    while "properties" not in node and isinstance(node.get("$ref"), str):  # a kind that is only a $ref
        uri, frag = urldefrag(urljoin(uri, node["$ref"]))
        node = _pointer(schemas_by_id()[uri], frag)
    section = _section(kind)
    missing = sorted(n for n in node["properties"] if not re.search(rf"^\| `{re.escape(n)}` \|", section, re.MULTILINE))
    assert not missing, f"the {kind} table of docs/format.md has no row for: {missing}"


@pytest.mark.parametrize("kind", sorted(kind_schemas()))
def test_every_kind_has_a_section_and_an_example(kind):
    assert re.search(rf"^## {kind}\b", page(), re.MULTILINE), f"no '## {kind}' section"
    kinds = set()
    for name, text in example_documents():
        kinds |= _kinds_in(name, text)
    assert kind in kinds, f"no complete example document of kind {kind}"


# --------------------------------------------------------------------------- examples


def test_fragments_are_well_formed_yaml():
    for lang, text in blocks():
        if lang in ("yaml", "yml") and "kind:" not in text:
            list(yaml.safe_load_all(text))  # raises on a broken fragment


def test_examples_are_checked_without_findings(tmp_path):
    files = example_documents()
    assert len(files) >= 5
    for name, text in files:
        (tmp_path / name).write_text(text, encoding="utf-8")
    # pins the project root to tmp_path (no configuration above it is picked up)
    (tmp_path / ".mkto-lint.yaml").write_text("# the examples of docs/format.md\n", encoding="utf-8")
    result = run_cli("check", str(tmp_path), cwd=tmp_path)
    assert (result.code, result.out, result.err) == (0, "0 errors, 0 warnings in %d files; configuration: .mkto-lint.yaml\n" % len(files), ""), (
        "the examples of docs/format.md are not clean:\n" + result.out + result.err
    )
