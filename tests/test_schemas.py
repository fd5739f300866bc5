"""Tests of the JSON Schemas in ``schemas/`` (draft 2020-12).

The schema files are read from the repository folder (the package need not be installed).
Every document is checked by four engines that must agree:

- ``jsonschema`` with the source files resolved offline through a ``referencing.Registry``;
- ``jsonschema_rs`` with the source files in a ``jsonschema_rs.Registry`` (network disabled);
- both of them again on ``mkto-lint.bundled.schema.json`` alone, with no registry at all.
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import json
import re
from pathlib import Path

import jsonschema
import jsonschema_rs
import pytest
import referencing
import yaml
from jsonschema import Draft202012Validator
from referencing.jsonschema import DRAFT202012

TESTS = Path(__file__).resolve().parent
SCHEMA_DIR = TESTS.parent / "schemas"
EXAMPLES_DIR = TESTS / "schemas" / "format_examples"
FORMAT_MD = TESTS.parents[1] / "shared" / "format.md"

BASE = "https://mkto-lint.dev/schemas/v1/"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
BUNDLE_FILE = "mkto-lint.bundled.schema.json"
SOURCE_FILES = [
    "common.schema.json",
    "document.schema.json",
    "folder.schema.json",
    "program.schema.json",
    "run.schema.json",
    "smart-campaign.schema.json",
    "smart-list.schema.json",
]
ALL_FILES = SOURCE_FILES + [BUNDLE_FILE]

# The flow actions whose attributes the schema checks (format.md, "Flow").
KNOWN_ACTIONS = {
    "Execute Campaign",
    "Request Campaign",
    "Remove from Flow",
    "Change Score",
    "Change Data Value",
    "Wait",
    "Call Webhook",
    "Send Email",
    "Interesting Moment",
    "Change Program Status",
    "Change Status in Progression",
}


# --------------------------------------------------------------------------- loading


@functools.cache
def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@functools.cache
def bundle_module():
    spec = importlib.util.spec_from_file_location("_mkto_lint_schema_bundle", SCHEMA_DIR.parent / "tools" / "bundle_schemas.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _no_network(uri: str):
    raise LookupError(f"schemas must resolve offline, but {uri} was fetched")


@functools.cache
def py_registry() -> referencing.Registry:
    resources = [(schema(n)["$id"], DRAFT202012.create_resource(schema(n))) for n in SOURCE_FILES]
    return referencing.Registry(retrieve=_no_network).with_resources(resources).crawl()


@functools.cache
def rs_registry() -> jsonschema_rs.Registry:
    return jsonschema_rs.Registry(
        [(schema(n)["$id"], schema(n)) for n in SOURCE_FILES], retriever=_no_network
    )


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- engines

# What to validate an instance against: the whole document schema, or one common `$defs`
# entry (for format.md's fragments); `wrap` validates the value under that one key.
DOCUMENT = ("document", None)
SMART_LIST_RULES = ("smartListRules", None)
FLOW = ("flow", "flow")


def _target_schema(target, bundled: bool) -> dict:
    name, wrap = target
    if name == "document":
        return schema(BUNDLE_FILE) if bundled else schema("document.schema.json")
    if bundled:
        inner = {"$ref": f"#/$defs/{name}"}
    else:
        inner = {"$ref": f"{BASE}common.schema.json#/$defs/{name}"}
    if wrap:
        inner = {
            "type": "object",
            "required": [wrap],
            "properties": {wrap: inner},
            "additionalProperties": False,
        }
    if bundled:  # self-contained: carry the bundle's $defs, no registry
        inner = {"$defs": schema(BUNDLE_FILE)["$defs"], **inner}
    return {"$schema": DRAFT, **inner}


def pointer(parts) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


@functools.cache
def _py_validator(target, bundled: bool):
    sch = _target_schema(target, bundled)
    if bundled:  # an empty registry that cannot fetch: the bundle must be self-contained
        return Draft202012Validator(sch, registry=referencing.Registry(retrieve=_no_network))
    return Draft202012Validator(sch, registry=py_registry())


@functools.cache
def _rs_validator(target, bundled: bool):
    sch = _target_schema(target, bundled)
    if bundled:
        return jsonschema_rs.Draft202012Validator(sch, offline=True)
    return jsonschema_rs.Draft202012Validator(sch, registry=rs_registry(), offline=True)


ENGINES = {
    "jsonschema": lambda t: _py_errors(_py_validator(t, False)),
    "jsonschema-rs": lambda t: _rs_errors(_rs_validator(t, False)),
    "jsonschema/bundled": lambda t: _py_errors(_py_validator(t, True)),
    "jsonschema-rs/bundled": lambda t: _rs_errors(_rs_validator(t, True)),
}


def _py_errors(validator):
    def run(instance):
        return sorted(
            (e.validator if e.validator is not None else "false", pointer(e.absolute_path))
            for e in validator.iter_errors(instance)
        )

    return run


def _rs_errors(validator):
    def run(instance):
        return sorted((e.kind.name, pointer(e.instance_path)) for e in validator.iter_errors(instance))

    return run


def errors_by_engine(instance, target=DOCUMENT) -> dict[str, list[tuple[str, str]]]:
    return {name: make(target)(instance) for name, make in ENGINES.items()}


def assert_valid(instance, target=DOCUMENT):
    found = errors_by_engine(instance, target)
    assert found == {name: [] for name in ENGINES}, found
    # the fast path's boolean check agrees too
    assert _rs_validator(target, False).is_valid(instance)
    assert _rs_validator(target, True).is_valid(instance)


def assert_single_error(instance, keyword: str, path: str, target=DOCUMENT):
    """Every engine reports exactly one error: `keyword` at JSON pointer `path`."""
    found = errors_by_engine(instance, target)
    assert found == {name: [(keyword, path)] for name in ENGINES}, found
    assert not _rs_validator(target, False).is_valid(instance)
    assert not _rs_validator(target, True).is_valid(instance)


# --------------------------------------------------------------------------- sample data

EXAMPLE_FILES = sorted(EXAMPLES_DIR.glob("*.yaml"))


def example_target(data) -> tuple:
    if isinstance(data, dict) and "kind" in data:
        return DOCUMENT
    if isinstance(data, dict) and set(data) == {"flow"}:
        return FLOW
    return SMART_LIST_RULES


def campaign(**changes) -> dict:
    """A small valid SmartCampaign; keyword arguments replace (None removes) keys."""
    doc = {
        "kind": "SmartCampaign",
        "id": 2001,
        "name": "Child - Change Score",
        "program": "OP-Scoring Library",
        "isExecutable": True,
        "smartList": {
            "filterMatchType": "all",
            "filters": [{"name": "Member of Smart List", "operator": "in", "values": ["Scoring Eligible"]}],
        },
        "flow": [{"action": "Change Score", "attributes": {"scoreName": "Behavior Score", "change": "{{my.Score}}"}}],
    }
    for key, value in changes.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    return doc


def step_campaign(*steps) -> dict:
    return campaign(flow=list(steps))


def kitchen_sink() -> list:
    """A bulk export using every kind, every known action, choices and free-form actions."""
    return [
        {
            "kind": "Folder",
            "path": "Operations",
            "workspace": "Default",
            "description": None,
            "tokens": [{"name": t.replace(" ", "_"), "type": t, "value": "x"} for t in
                       ["text", "rich text", "score", "number", "date", "calendar", "email script", "sfdc campaign"]],
        },
        {
            "kind": "Program",
            "id": 1002,
            "name": "OP-Webinar",
            "folder": "Operations/Events",
            "type": "event",
            "description": "Monthly webinar",
            "tokens": [{"name": "Score", "type": "score", "value": "+10"}, {"name": "Seats", "type": "number", "value": 40}],
        },
        {
            "kind": "SmartList",
            "name": "Webinar Eligible",
            "folder": "Operations/Events",
            "filterMatchType": "Advanced",
            "filterLogic": "1 and (2 or 3)",
            "description": "Who may attend",
            "filters": [
                {"name": "Email Address", "operator": "is not empty"},
                {"name": "Lead Score", "operator": "greater than", "values": [10]},
                {"name": "Country", "operator": None, "values": [], "isError": True, "errorMessage": "Field deleted"},
            ],
        },
        {
            "kind": "SmartCampaign",
            "name": "Attended - Score",
            "program": 1002,
            "workspace": "Default",
            "isActive": True,
            "isRequestable": True,
            "clonedFrom": "OP-Webinar.Attended - Template",
            "qualificationRuleType": "interval",
            "qualificationRuleInterval": 2,
            "qualificationRuleUnit": "week",
            "schedule": {"runAt": "2026-12-01T09:00:00Z", "recurrence": {"intervalType": "Weekly"}},
            "smartList": {
                "filterMatchType": "CUSTOM",
                "filterLogic": None,
                "triggers": [{"name": "Campaign is Requested", "conditions": [
                    {"name": "Source", "operator": "is", "values": ["Web Service API"]}]}],
                "filters": [],
            },
            "flow": [
                {"id": 1, "action": "Execute Campaign",
                 "attributes": {"campaign": 2001, "useParentTokenContext": False},
                 "choices": [{"if": {"name": "Job Title", "operator": "contains", "values": ["VP"]},
                              "attributes": {"useParentTokenContext": True}}]},
                {"action": "Request Campaign", "attributes": {"campaign": "Attended - Follow-up"}},
                {"action": "Remove from Flow", "attributes": {"campaigns": [2051, "OP-Webinar.Nurture"]}},
                {"action": "Change Score", "attributes": {"scoreName": "Behavior Score", "change": 5}},
                {"action": "Change Data Value", "attributes": {"attribute": "Lead Status", "newValue": "MQL"},
                 "choices": [{"if": {"name": "Unsubscribed", "operator": "is true"}, "attributes": {"newValue": False}},
                             {"if": {"name": "Country", "operator": "is", "values": ["Narnia"]}, "doNothing": True}]},
                {"action": "Wait", "attributes": {"until": "2026-12-01"},
                 "choices": [{"if": {"name": "Country", "operator": "is", "values": ["Germany"]},
                              "attributes": {"dateToken": "{{my.Event Date}}"}}]},
                {"action": "Wait", "attributes": {"dateToken": "{{my.Event Date}}"}},
                {"action": "Call Webhook", "attributes": {"webhook": 17}},
                {"action": "Send Email", "attributes": {"email": "OP-Webinar.Thank You"}},
                {"action": "Interesting Moment", "attributes": {"type": "Milestone", "description": "Attended {{trigger.Name}}"}},
                {"action": "Change Program Status", "attributes": {"program": "OP-Webinar", "newStatus": "Webinar -> Attended"}},
                {"action": "Change Status in Progression", "attributes": {"program": 1002, "newStatus": "Webinar -> Attended"}},
                {"action": "Send Alert", "attributes": {"sendTo": ["Lead Owner"], "summary": 3, "nested": {"a": [1]}},
                 "choices": [{"if": {"name": "Country", "operator": "is", "values": ["France"]},
                              "attributes": {"whatever": None}}]},
                {"action": "Delete Lead"},
                {"action": "My Self-Service Step", "attributes": {}},
            ],
        },
        {
            "kind": "Run",
            "campaign": 2001,
            "via": "trigger",
            "tokens": [{"name": "{{my.Score}}", "value": 15}],
            "person": {"First Name": "Ada", "Lead Score": 12, "Unsubscribed": False, "Phone": None},
            "trigger": {"Name": "Webinar 2026"},
        },
    ]


def all_valid_samples():
    """(id, instance, target) for every valid sample: format.md copies and the kitchen sink."""
    samples = [(p.name, load_yaml(p), example_target(load_yaml(p))) for p in EXAMPLE_FILES]
    samples.append(("kitchen-sink", kitchen_sink(), DOCUMENT))
    return samples


def dict_paths(node, path=()):
    """Every mapping in an instance, with its path."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from dict_paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from dict_paths(value, path + (index,))


def get(node, path):
    for part in path:
        node = node[part]
    return node


def _is_free_root(instance, path) -> bool:
    if not path:
        return False
    parent = get(instance, path[:-1])
    if isinstance(parent, dict) and parent.get("kind") == "Run" and path[-1] in ("person", "trigger"):
        return True
    if path[-1] != "attributes":
        return False
    # the step owning these attributes: .../flow/N/attributes or .../flow/N/choices/M/attributes
    step_path = path[:-1]
    if len(step_path) >= 2 and step_path[-2] == "choices":
        step_path = step_path[:-2]
    step = get(instance, step_path)
    return isinstance(step, dict) and "action" in step and step["action"] not in KNOWN_ACTIONS


def is_free_object(instance, path) -> bool:
    """Mappings whose keys are not checked: Run person/trigger, attributes of unknown actions
    (and anything inside them)."""
    return any(_is_free_root(instance, path[:n]) for n in range(1, len(path) + 1))


# --------------------------------------------------------------------------- 0. files and conventions


def test_schema_folder_holds_exactly_the_expected_files():
    found = {p.name for p in SCHEMA_DIR.glob("*.json")}
    # config.schema.json describes .mkto-lint.yaml, not documents: tests/test_config.py checks it
    assert found == set(ALL_FILES) | {"config.schema.json"}
    assert (SCHEMA_DIR / "__init__.py").is_file()
    assert {p.name for p in SCHEMA_DIR.glob("*.py")} == {"__init__.py"}  # the bundler is a tool, not package code


def walk_schemas(node, path=()):
    """Yield (path, subschema) for every subschema position of a schema."""
    if not isinstance(node, dict):
        return
    yield path, node
    for key in ("properties", "patternProperties", "$defs", "dependentSchemas"):
        for name, sub in node.get(key, {}).items():
            yield from walk_schemas(sub, path + (key, name))
    for key in ("items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"):
        if key in node:
            yield from walk_schemas(node[key], path + (key,))
    for key in ("allOf", "anyOf", "oneOf", "prefixItems"):
        for index, sub in enumerate(node.get(key, [])):
            yield from walk_schemas(sub, path + (key, index))


@pytest.mark.parametrize("name", ALL_FILES)
def test_schema_conventions(name):
    sch = schema(name)
    assert sch["$schema"] == DRAFT
    assert sch["$id"] == BASE + name
    assert sch.get("title") and sch.get("description")
    for def_name, sub in sch.get("$defs", {}).items():
        assert sub.get("title") and sub.get("description"), f"$defs/{def_name} needs a title and a description"
    problems = []
    for path, sub in walk_schemas(sch):
        where = pointer(path)
        for prop, prop_schema in sub.get("properties", {}).items():
            # if/then branches only re-apply schemas to properties declared elsewhere
            in_branch = any(p in ("if", "then", "else", "dependentSchemas") for p in path)
            if not in_branch and not (isinstance(prop_schema, dict) and prop_schema.get("description")):
                problems.append(f"{where}/properties/{prop}: no description")
        for banned in ("format", "oneOf", "unevaluatedProperties", "unevaluatedItems"):
            if banned in sub:
                problems.append(f"{where}: uses {banned}")
        if sub.get("additionalProperties") is False:
            if set(sub.get("patternProperties", {})) != {"^x-"}:
                problems.append(f"{where}: closed object without the ^x- escape hatch")
        # the engine words these errors with the schema's own message (validator/schema.py)
        if "not" in sub and "if" not in path and not sub.get("x-error-message"):  # `if` reports nothing
            problems.append(f"{where}: `not` without x-error-message")
        if "pattern" in sub and not sub.get("x-pattern-description"):
            problems.append(f"{where}: `pattern` without x-pattern-description")
        for pattern in [sub.get("pattern")] + list(sub.get("patternProperties", {})):
            if pattern is None:
                continue
            if not pattern.startswith("^") or "(?" in pattern or re.search(r"\\[0-9pPbBdDwWsS]", pattern):
                problems.append(f"{where}: pattern {pattern!r} is not a simple anchored pattern")
    assert problems == []


def test_every_property_of_the_kinds_is_in_format_md():
    """Exactly the fields of the format (docs/format.md; plus `description`), per kind."""
    fields = {
        "folder.schema.json": {"kind", "path", "workspace", "tokens", "description"},
        "program.schema.json": {"kind", "id", "name", "folder", "workspace", "type", "tokens", "description"},
        "smart-list.schema.json": {"kind", "id", "name", "program", "folder", "workspace", "filterMatchType",
                                   "filterLogic", "filters", "description"},
        "smart-campaign.schema.json": {"kind", "id", "name", "program", "workspace", "description", "isExecutable",
                                       "isActive", "isRequestable", "clonedFrom", "qualificationRuleType",
                                       "qualificationRuleInterval", "qualificationRuleUnit", "schedule",
                                       "smartList", "flow", "folder", "flowExported"},  # the last two: import
        "run.schema.json": {"kind", "campaign", "via", "tokens", "person", "trigger"},
    }
    for name, expected in fields.items():
        assert set(schema(name)["properties"]) == expected, name
        assert schema(name)["additionalProperties"] is False


# --------------------------------------------------------------------------- 1. metaschema


@pytest.mark.parametrize("name", ALL_FILES)
def test_schema_passes_the_2020_12_metaschema(name):
    Draft202012Validator.check_schema(schema(name))
    assert jsonschema_rs.meta.is_valid(schema(name))


def test_metaschema_check_can_fail():
    with pytest.raises(jsonschema.SchemaError):
        Draft202012Validator.check_schema({"type": "objekt"})


# --------------------------------------------------------------------------- 2. references


def _refs(node):
    """Every ``$ref`` string in a schema: the bundler's own walk."""
    return bundle_module()._refs(node)


@pytest.mark.parametrize("name", SOURCE_FILES)
def test_every_ref_resolves_offline(name):
    sch = schema(name)
    resolver = py_registry().resolver(base_uri=sch["$id"])
    refs = list(_refs(sch))
    for ref in refs:
        resolved = resolver.lookup(ref)
        assert isinstance(resolved.contents, (dict, bool)), ref
        # cross-file references are relative, never absolute URLs
        assert not ref.startswith(("http:", "https:")), ref
    # jsonschema_rs resolves the same schema offline (building the validator resolves all $refs)
    jsonschema_rs.Draft202012Validator(sch, registry=rs_registry(), offline=True)


def test_unresolvable_ref_is_detected_offline():
    broken = {"$id": BASE + "broken.schema.json", "$ref": "common.schema.json#/$defs/nope"}
    with pytest.raises(Exception):
        Draft202012Validator(broken, registry=py_registry()).is_valid({})
    with pytest.raises(Exception):
        jsonschema_rs.Draft202012Validator(
            {"$id": BASE + "broken.schema.json", "$ref": "missing.schema.json"}, registry=rs_registry(), offline=True
        )


# --------------------------------------------------------------------------- 3. format.md examples


def test_there_is_one_copy_per_format_md_example():
    assert [p.name for p in EXAMPLE_FILES] == [
        "01-folder.yaml",
        "02-program.yaml",
        "03-smart-list.yaml",
        "04-smart-campaign.yaml",
        "05-filters-and-triggers.yaml",
        "06-flow.yaml",
        "07-run.yaml",
    ]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_format_md_example_is_valid(path):
    data = load_yaml(path)
    assert_valid(data, example_target(data))
    if example_target(data) == DOCUMENT:  # also inside a bulk export
        assert_valid([data, data])


PLACEHOLDER_STRING = "..."
PLACEHOLDER_LIST = ["..."]  # how YAML reads `[...]`


def _compare_with_placeholders(expected, actual, path="") -> list[str]:
    if expected == PLACEHOLDER_STRING or expected == PLACEHOLDER_LIST:
        return []  # a placeholder in format.md: the copy fills it in
    if isinstance(expected, dict):
        if not isinstance(actual, dict) or list(expected) != list(actual):
            return [f"{path or '/'}: keys {list(expected)} != {list(actual) if isinstance(actual, dict) else actual!r}"]
        return [d for k in expected for d in _compare_with_placeholders(expected[k], actual[k], f"{path}/{k}")]
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(expected) != len(actual):
            return [f"{path}: {expected!r} != {actual!r}"]
        return [d for i, (e, a) in enumerate(zip(expected, actual)) for d in _compare_with_placeholders(e, a, f"{path}/{i}")]
    return [] if expected == actual and type(expected) is type(actual) else [f"{path}: {expected!r} != {actual!r}"]


def format_md_blocks(text: str) -> list:
    return [yaml.safe_load(b) for b in re.findall(r"^```ya?ml[ \t]*\n(.*?)^```", text, re.S | re.M)]


@pytest.mark.skipif(not FORMAT_MD.is_file(), reason="../shared/format.md is not next to the repository")
def test_copies_match_format_md():
    blocks = format_md_blocks(FORMAT_MD.read_text(encoding="utf-8"))
    assert len(blocks) == len(EXAMPLE_FILES), "format.md has a new or removed example: update the copies"
    problems = []
    for block, path in zip(blocks, EXAMPLE_FILES):
        problems += [f"{path.name}: {d}" for d in _compare_with_placeholders(block, load_yaml(path))]
    assert problems == []


def test_placeholder_comparison_can_fail():
    assert _compare_with_placeholders({"a": 1, "b": ["..."]}, {"a": 1, "b": [{"x": 1}]}) == []
    assert _compare_with_placeholders({"a": 1}, {"a": 2})
    assert _compare_with_placeholders({"a": 1, "b": 2}, {"b": 2, "a": 1})  # key order too
    assert _compare_with_placeholders({"a": [1, 2]}, {"a": [1]})
    assert _compare_with_placeholders({"a": "1"}, {"a": 1})
    assert _compare_with_placeholders({"a": "x"}, {"a": "x", "b": 1})
    blocks = format_md_blocks("text\n```yaml\nkind: Folder\npath: [...]\n```\n```\nnot: yaml block\n```\n")
    assert blocks == [{"kind": "Folder", "path": ["..."]}]


# --------------------------------------------------------------------------- 4. targeted cases


NEGATIVES = {
    # name: (instance, keyword, JSON pointer of the offending value)
    "unknown top-level key": (campaign(isExecuteable=True), "additionalProperties", ""),
    "unknown key in a filter": (
        campaign(smartList={"filters": [{"name": "Country", "operator": "is", "values": ["DE"], "valeus": []}]}),
        "additionalProperties", "/smartList/filters/0",
    ),
    "wrong enum": (campaign(qualificationRuleType="sometimes"), "enum", "/qualificationRuleType"),
    "missing required name": (campaign(name=None), "required", ""),
    "wrong type isExecutable": (campaign(isExecutable="yes"), "type", "/isExecutable"),
    "Execute Campaign without campaign": (
        step_campaign({"action": "Execute Campaign", "attributes": {"useParentTokenContext": True}}),
        "required", "/flow/0/attributes",
    ),
    "Execute Campaign without attributes": (
        step_campaign({"action": "Execute Campaign"}), "required", "/flow/0",
    ),
    "unknown attribute on Execute Campaign": (
        step_campaign({"action": "Execute Campaign",
                       "attributes": {"campaign": "OP.Child", "useParentTokenContex": True}}),
        "additionalProperties", "/flow/0/attributes",
    ),
    "unknown attribute in an Execute Campaign choice": (
        step_campaign({"action": "Execute Campaign", "attributes": {"campaign": 2001},
                       "choices": [{"if": {"name": "Job Title", "operator": "is", "values": ["VP"]},
                                    "attributes": {"campaing": 2002}}]}),
        "additionalProperties", "/flow/0/choices/0/attributes",
    ),
    "useParentTokenContext as a string": (
        step_campaign({"action": "Execute Campaign", "attributes": {"campaign": 2001, "useParentTokenContext": "true"}}),
        "type", "/flow/0/attributes/useParentTokenContext",
    ),
    "campaign reference 0": (
        step_campaign({"action": "Request Campaign", "attributes": {"campaign": 0}}),
        "minimum", "/flow/0/attributes/campaign",
    ),
    "empty campaign reference": (
        step_campaign({"action": "Request Campaign", "attributes": {"campaign": ""}}),
        "minLength", "/flow/0/attributes/campaign",
    ),
    "Remove from Flow with no campaigns": (
        step_campaign({"action": "Remove from Flow", "attributes": {"campaigns": []}}),
        "minItems", "/flow/0/attributes/campaigns",
    ),
    "Remove from Flow with a single string": (
        step_campaign({"action": "Remove from Flow", "attributes": {"campaigns": "this campaign"}}),
        "type", "/flow/0/attributes/campaigns",
    ),
    "Wait with duration and until": (
        step_campaign({"action": "Wait", "attributes": {"duration": "4 hours", "until": "2026-12-01"}}),
        "not", "/flow/0/attributes/until",
    ),
    "Wait with until and dateToken in a choice": (
        step_campaign({"action": "Wait", "attributes": {"duration": "1 day"},
                       "choices": [{"if": {"name": "Country", "operator": "is", "values": ["DE"]},
                                    "attributes": {"until": "2026-12-01", "dateToken": "{{my.Date}}"}}]}),
        "not", "/flow/0/choices/0/attributes/dateToken",
    ),
    "Wait with nothing": (
        step_campaign({"action": "Wait", "attributes": {"x-note": "forgot"}}), "required", "/flow/0/attributes",
    ),
    "Change Score change as a boolean": (
        step_campaign({"action": "Change Score", "attributes": {"scoreName": "Behavior Score", "change": True}}),
        "type", "/flow/0/attributes/change",
    ),
    "Change Program Status alias checked": (
        step_campaign({"action": "Change Status in Progression", "attributes": {"program": "P", "status": "x"}}),
        "additionalProperties", "/flow/0/attributes",
    ),
    "step without action": (step_campaign({"attributes": {}}), "required", "/flow/0"),
    "empty action": (step_campaign({"action": ""}), "minLength", "/flow/0/action"),
    "attributes not an object": (step_campaign({"action": "Delete Lead", "attributes": ["x"]}), "type", "/flow/0/attributes"),
    "choice with doNothing and attributes": (
        step_campaign({"action": "Change Score", "attributes": {"change": "+1"},
                       "choices": [{"if": {"name": "A", "operator": "is", "values": ["b"]}, "doNothing": True,
                                    "attributes": {"change": "+2"}}]}),
        "not", "/flow/0/choices/0/attributes",
    ),
    "choice with neither": (
        step_campaign({"action": "Change Score", "attributes": {"change": "+1"},
                       "choices": [{"if": {"name": "A", "operator": "is", "values": ["b"]}}]}),
        "required", "/flow/0/choices/0",
    ),
    "choice without if": (
        step_campaign({"action": "Change Score", "attributes": {"change": "+1"}, "choices": [{"doNothing": True}]}),
        "required", "/flow/0/choices/0",
    ),
    "filterMatchType misspelled": (
        campaign(smartList={"filterMatchType": "every"}), "enum", "/smartList/filterMatchType",
    ),
    "filter values not a list": (
        campaign(smartList={"filters": [{"name": "Country", "operator": "is", "values": "DE"}]}),
        "type", "/smartList/filters/0/values",
    ),
    "interval without unit": (
        campaign(qualificationRuleType="interval", qualificationRuleInterval=1), "required", "",
    ),
    "interval of 0": (
        campaign(qualificationRuleType="interval", qualificationRuleInterval=0, qualificationRuleUnit="day"),
        "minimum", "/qualificationRuleInterval",
    ),
    "id 0": (campaign(id=0), "minimum", "/id"),
    "id as a string": (campaign(id="2001"), "type", "/id"),
    "runAt as a date object would be (a number here)": (
        campaign(schedule={"runAt": 20261201}), "type", "/schedule/runAt",
    ),
    "recurrence without intervalType": (
        campaign(schedule={"recurrence": {"interval": 1}}), "required", "/schedule/recurrence",
    ),
    "campaign without program": (campaign(program=None), "required", ""),
    "token name of 51 characters": (
        {"kind": "Program", "name": "P", "tokens": [{"name": "S" * 51, "type": "score", "value": "+1"}]},
        "maxLength", "/tokens/0/name",
    ),
    "token type unknown": (
        {"kind": "Program", "name": "P", "tokens": [{"name": "Score", "type": "integer", "value": "+1"}]},
        "enum", "/tokens/0/type",
    ),
    "token without value": (
        {"kind": "Folder", "path": "Ops", "tokens": [{"name": "Score", "type": "score"}]}, "required", "/tokens/0",
    ),
    "program type unknown": ({"kind": "Program", "name": "P", "type": "nurture"}, "enum", "/type"),
    "folder path with a leading slash": ({"kind": "Folder", "path": "/Operations"}, "pattern", "/path"),
    "folder path with an empty segment": (
        {"kind": "Program", "name": "P", "folder": "Operations//Scoring"}, "pattern", "/folder",
    ),
    "folder without path": ({"kind": "Folder", "workspace": "Default"}, "required", ""),
    "smart list without owner": ({"kind": "SmartList", "name": "L"}, "required", ""),
    "smart list with triggers": (
        {"kind": "SmartList", "name": "L", "program": "P", "triggers": []}, "additionalProperties", "",
    ),
    "run with an unknown via": (
        {"kind": "Run", "campaign": 2001, "via": "api"}, "enum", "/via",
    ),
    "run without via": ({"kind": "Run", "campaign": 2001}, "required", ""),
    "run token without the wrapper": (
        {"kind": "Run", "campaign": 2001, "via": "request", "tokens": [{"name": "my.Score", "value": "+1"}]},
        "pattern", "/tokens/0/name",
    ),
    "run person field that is not a scalar": (
        {"kind": "Run", "campaign": 2001, "via": "schedule", "person": {"Address": {"City": "Paris"}}},
        "type", "/person/Address",
    ),
    "unknown kind": ({"kind": "EmailProgram", "name": "E"}, "enum", "/kind"),
    "no kind": ({"name": "E"}, "required", ""),
    "kind with the wrong case": ({"kind": "smartCampaign", "name": "E"}, "enum", "/kind"),
    "scalar document": ("kind: Program", "type", ""),
    "bad document in a bulk export": (
        [campaign(), campaign(isActive="no")], "type", "/1/isActive",
    ),
}


@pytest.mark.parametrize("name", list(NEGATIVES))
def test_negative_reports_one_specific_error(name):
    instance, keyword, path = NEGATIVES[name]
    assert_single_error(instance, keyword, path)


POSITIVES = {
    "minimal campaign": campaign(),
    "x-anything keys at the top": campaign(**{"x-owner": "ops", "x-anything": {"nested": [1, {"a": None}]}}),
    "unknown action with arbitrary attributes": step_campaign(
        {"action": "Some Self-Service Step", "attributes": {"anything": [1, 2], "Other Key": {"deep": True}},
         "choices": [{"if": {"name": "A", "operator": "is", "values": ["b"]}, "attributes": {"free": 1}}]}
    ),
    "filterMatchType Advanced": campaign(smartList={"filterMatchType": "Advanced", "filterLogic": "1 or 2"}),
    "Execute Campaign choice with only useParentTokenContext": step_campaign(
        {"action": "Execute Campaign", "attributes": {"campaign": "Child"},
         "choices": [{"if": {"name": "A", "operator": "is", "values": ["b"]}, "attributes": {"useParentTokenContext": True}}]}
    ),
    "tokens in string attributes": step_campaign(
        {"action": "Execute Campaign", "attributes": {"campaign": "{{my.Child Campaign}}"}},
        {"action": "Change Data Value", "attributes": {"attribute": "{{my.Field}}", "newValue": "{{lead.First Name}}"}},
        {"action": "Wait", "attributes": {"duration": "{{my.Delay}}"}},
    ),
    "incomplete filters are the rules' job (SML001)": campaign(smartList={"filters": [
        {"name": "Country", "operator": "is", "values": []}, {"name": "Country", "operator": "is"},
        {"name": "Email", "isError": True, "errorMessage": "Missing"}]}),
    "advanced logic without filterLogic is the rules' job (SML002)": campaign(smartList={"filterMatchType": "advanced"}),
    "executable with triggers and a schedule is the rules' job (EXE009/EXE010)": campaign(
        smartList={"triggers": [{"name": "Fills Out Form"}]}, schedule={"runAt": "2026-12-01T09:00:00Z"}),
    "Change Score without attributes' keys is not a schema matter": step_campaign(
        {"action": "Change Score", "attributes": {}}),
    "token name of 50 characters": {"kind": "Program", "name": "P", "tokens": [{"name": "S" * 50, "type": "text", "value": ""}]},
    "empty bulk export": [],
    "kitchen sink bulk export": kitchen_sink(),
}


@pytest.mark.parametrize("name", list(POSITIVES))
def test_positive_is_valid(name):
    assert_valid(POSITIVES[name])


@pytest.mark.parametrize("spelling", ["all", "All", "ALL", "any", "Any", "ANY", "advanced", "Advanced",
                                      "ADVANCED", "custom", "Custom", "CUSTOM"])
def test_every_filter_match_type_spelling(spelling):
    assert_valid(campaign(smartList={"filterMatchType": spelling}))
    assert_valid({"kind": "SmartList", "name": "L", "program": "P", "filterMatchType": spelling})


@pytest.mark.parametrize("action", sorted(KNOWN_ACTIONS))
def test_every_known_action_rejects_unknown_attributes_but_accepts_x_keys(action):
    required = {
        "Execute Campaign": {"campaign": 1},
        "Request Campaign": {"campaign": 1},
        "Remove from Flow": {"campaigns": ["this campaign"]},
        "Wait": {"duration": "1 day"},
    }.get(action, {})
    assert_valid(step_campaign({"action": action, "attributes": {**required, "x-why": "audit"}}))
    assert_single_error(
        step_campaign({"action": action, "attributes": {**required, "bogus": 1}}),
        "additionalProperties", "/flow/0/attributes",
    )


@pytest.mark.parametrize("sample", all_valid_samples(), ids=lambda s: s[0])
def test_x_keys_are_accepted_on_every_object(sample):
    _, instance, target = sample
    for path, _ in list(dict_paths(instance)):
        if not path and target == FLOW:
            continue  # the fragment's wrapper, not a schema object
        changed = copy.deepcopy(instance)
        free_scalars = is_free_object(instance, path) and get(instance, path[:-1]).get("kind") == "Run"
        get(changed, path)["x-anything"] = "note" if free_scalars else {"any": ["thing", 1, None]}
        assert_valid(changed, target)


@pytest.mark.parametrize("sample", all_valid_samples(), ids=lambda s: s[0])
def test_unknown_keys_are_rejected_on_every_closed_object(sample):
    _, instance, target = sample
    checked = 0
    for path, _ in list(dict_paths(instance)):
        if not path and target == FLOW:
            continue
        changed = copy.deepcopy(instance)
        get(changed, path)["notAField"] = 1
        if is_free_object(instance, path):
            assert_valid(changed, target)
        else:
            assert_single_error(changed, "additionalProperties", pointer(path), target)
            checked += 1
    assert checked > 0


# --------------------------------------------------------------------------- 5. the bundle


def test_bundled_file_is_what_bundle_py_generates():
    module = bundle_module()
    expected = module.render(module.build_bundle(SCHEMA_DIR))
    assert (SCHEMA_DIR / BUNDLE_FILE).read_bytes() == expected.encode("utf-8"), (
        "mkto-lint.bundled.schema.json is stale: run python tools/bundle_schemas.py"
    )
    assert module.main(["--check"]) == 0


def test_bundle_output_is_deterministic_and_formatted():
    module = bundle_module()
    text = module.render(module.build_bundle(SCHEMA_DIR))
    assert text == module.render(module.build_bundle(SCHEMA_DIR))
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_bundled_schema_has_no_external_ref():
    refs = list(_refs(schema(BUNDLE_FILE)))
    assert refs and all(ref.startswith("#/") for ref in refs), [r for r in refs if not r.startswith("#/")]
    bundle_id = schema(BUNDLE_FILE)["$id"]
    resolver = (
        referencing.Registry(retrieve=_no_network)
        .with_resource(bundle_id, DRAFT202012.create_resource(schema(BUNDLE_FILE)))
        .resolver(base_uri=bundle_id)
    )
    for ref in refs:
        resolver.lookup(ref)
    # the bundle's definitions are the common ones plus one per kind
    defs = schema(BUNDLE_FILE)["$defs"]
    assert set(schema("common.schema.json")["$defs"]) <= set(defs)
    assert {"Program", "Folder", "SmartCampaign", "SmartList", "Run", "document"} <= set(defs)


def test_bundle_rejects_unknown_references(tmp_path):
    module = bundle_module()
    for name in SOURCE_FILES:
        (tmp_path / name).write_text(json.dumps(schema(name)), encoding="utf-8")
    broken = dict(schema("run.schema.json"))
    broken["properties"] = dict(broken["properties"], via={"description": "x", "$ref": "nowhere.schema.json"})
    (tmp_path / "run.schema.json").write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(module.BundleError):
        module.build_bundle(tmp_path)


def test_bundle_check_detects_a_stale_file(tmp_path, monkeypatch):
    module = bundle_module()
    for name in ALL_FILES:
        (tmp_path / name).write_bytes((SCHEMA_DIR / name).read_bytes())
    monkeypatch.setattr(module, "HERE", tmp_path)
    assert module.main(["--check"]) == 0
    (tmp_path / BUNDLE_FILE).write_text("{}\n", encoding="utf-8")
    assert module.main(["--check"]) == 1
    assert module.main([]) == 0
    assert module.main(["--check"]) == 0
