"""Hypothesis strategies for definition documents, compiled from the project's own JSON Schemas.

``document(kind)`` reads ``schemas/<kind>.schema.json`` (and the ``$ref``'d ``common`` schema)
and builds a strategy for the subset of JSON Schema those files use: ``type``, ``const``,
``enum``, ``properties`` / ``required`` / ``additionalProperties`` / ``patternProperties``,
``items`` / ``minItems``, ``minLength`` / ``maxLength`` / ``minimum`` / ``pattern``,
``anyOf`` / ``oneOf`` / ``allOf`` and ``$ref``. ``allOf`` of ``if {properties: {k: {const: v}}}
then ...`` (how a flow step's attributes depend on its action) becomes a choice among the
branches, each merged with its ``then``, plus the rest; other ``if``/``then``, ``not`` and
``dependentSchemas`` are left to chance, so some generated documents are invalid on purpose.

Strings of the fields that reference other assets (``program``, ``campaign``, ``folder``,
``name``, filter ``values``...) are drawn from a small pool, so that references in a generated
project often resolve, collide (duplicates) and form cycles. ``mutations`` then breaks a
document: keys dropped, types swapped, references pointed at nothing, cycles added.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache

from hypothesis import strategies as st

from conftest import REPO

SCHEMAS = REPO / "schemas"
KIND_FILES = {
    "Program": "program.schema.json",
    "Folder": "folder.schema.json",
    "SmartCampaign": "smart-campaign.schema.json",
    "SmartList": "smart-list.schema.json",
}
PROGRAMS = ["OP", "OP.Scoring", "Webinar"]
CAMPAIGNS = ["Parent", "Child", "Grand Child", "Loop"]
FOLDERS = ["Ops", "Ops/Scoring"]
SMART_LISTS = ["Eligible", "Everyone"]
TOKEN_NAMES = ["Score", "Level", "Missing"]
POOL = {
    "program": PROGRAMS,
    "folder": FOLDERS,
    "path": FOLDERS,
    "campaign": ["%s.%s" % (p, c) for p in PROGRAMS[:2] for c in CAMPAIGNS] + CAMPAIGNS + ["this campaign"],
    "clonedFrom": ["OP.%s" % c for c in CAMPAIGNS],
    "workspace": ["Default", "EMEA"],
    "action": ["Execute Campaign", "Execute Campaign", "Request Campaign", "Remove from Flow", "Change Score",
               "Wait", "Call Webhook", "Change Data Value", "Send Email", "Interesting Moment",
               "Change Program Status", "Sync Person to SFDC"],
}
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
TOKENISH = st.sampled_from(["{{my.%s}}" % n for n in TOKEN_NAMES] + ["{{lead.First Name}}", "{{trigger.Name}}", "{{my.}}", "{{oops", "+5", "=-3", "4 hrs", "1 day"])


@lru_cache(maxsize=None)
def _schema(name):
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def _resolve(ref, base):
    """The schema a ``$ref`` names (same file or another file of ``schemas/``)."""
    file, _, pointer = ref.partition("#")
    file = file.rsplit("/", 1)[-1] or base
    node = _schema(file)
    for part in [p for p in pointer.split("/") if p]:
        node = node[part]
    return node, file


def _string(schema, field):
    if "pattern" in schema:
        return st.sampled_from(FOLDERS) | st.from_regex(schema["pattern"], fullmatch=True).filter(lambda s: len(s) < 30)
    pool = POOL.get(field)
    size = schema.get("minLength", 0)
    text = TEXT.filter(lambda s: len(s) >= size) | TOKENISH
    if "maxLength" in schema:
        text = text.filter(lambda s: len(s) <= schema["maxLength"])
    if field == "name":
        pool = CAMPAIGNS + PROGRAMS + SMART_LISTS + TOKEN_NAMES
    if not pool:
        return text
    names = st.sampled_from(pool)
    return st.one_of(names, names, names, text)  # mostly names that other documents use


def _scalar_of(kind, schema, field):
    if kind == "string":
        return _string(schema, field)
    if kind == "integer":
        low = schema.get("minimum")
        return st.integers(min_value=low, max_value=(low or 0) + 5) | st.integers(min_value=low)
    if kind == "number":
        return st.integers(-5, 5) | st.floats(allow_nan=False, allow_infinity=False, width=32)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        return _array(schema, field)
    if kind == "object":
        return _object(schema, field)
    raise ValueError(kind)


def _array(schema, field):
    items = from_schema(schema["items"], field) if "items" in schema else st.just("x")
    return st.lists(items, min_size=schema.get("minItems", 0), max_size=3)


def _object(schema, field):
    props = schema.get("properties", {})
    required = [k for k in schema.get("required", []) if k in props]
    optional = {k: from_schema(v, k) for k, v in props.items() if k not in required and v is not False}
    base = st.fixed_dictionaries({k: from_schema(props[k], k) for k in required}, optional=optional)
    if schema.get("patternProperties"):
        extra = st.dictionaries(st.sampled_from(["x-note", "x-owner"]), TEXT, max_size=1)
        base = st.builds(lambda d, e: {**d, **e}, base, extra)
    elif schema.get("additionalProperties", True) is not False and not props:
        # free-form (a step's attributes): a few of the names the rules and the evaluator read
        keys = st.sampled_from(["campaign", "campaigns", "useParentTokenContext", "scoreName", "change",
                                "duration", "until", "webhook", "attribute", "newValue", "x"])
        values = st.sampled_from(POOL["campaign"]) | TOKENISH | st.booleans() | st.integers(1, 3) | st.lists(
            st.sampled_from(POOL["campaign"]), max_size=2)
        base = st.dictionaries(keys, values, max_size=4)
    return base


def _merge(a, b):
    """Schema ``a`` with ``b``'s constraints added (both apply: what ``allOf``/``then`` mean)."""
    out = dict(a)
    for k, v in b.items():
        if k == "required":
            out[k] = list(dict.fromkeys(a.get(k, []) + v))
        elif isinstance(v, dict) and isinstance(a.get(k), dict) and k not in ("const", "enum"):
            out[k] = _merge(a[k], v)
        else:
            out[k] = v
    return out


def _discriminated(schema):
    """``allOf: [{if: {properties: {k: {const: v}}}, then: S}, ...]`` (or ``enum`` instead of
    ``const``) as (key, value, then) branches, or None."""
    branches = []
    for part in schema.get("allOf", []):
        cond = part.get("if", {}).get("properties", {})
        if len(cond) != 1 or "then" not in part:
            return None
        (key, test), = cond.items()
        values = [test["const"]] if "const" in test else test.get("enum")
        if not values:
            return None
        branches.extend((key, value, part["then"]) for value in values)
    return branches or None


def from_schema(schema, field="", _base="common.schema.json"):
    if schema is True or schema == {}:
        return TEXT | st.integers() | st.booleans()
    if "$ref" in schema:
        target, file = _resolve(schema["$ref"], _base)
        rest = {k: v for k, v in schema.items() if k not in ("$ref", "description", "title")}
        merged = _merge(target, rest) if rest else target
        return st.deferred(lambda: from_schema(merged, field, file))
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    branches = _discriminated(schema)
    if branches:
        base = {k: v for k, v in schema.items() if k != "allOf"}
        options = []
        for key, value, then in branches:
            options.append(from_schema(_merge(_merge(base, {"properties": {key: {"const": value}}}), then), field, _base))
        options.append(from_schema(base, field, _base))
        return st.one_of(options)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return st.one_of([from_schema(s, field, _base) for s in schema[key]])
    kind = schema.get("type")
    if kind is None:
        kind = "object" if "properties" in schema else None
    if kind is None:
        return TEXT | st.integers(0, 3) | st.booleans()
    if isinstance(kind, list):
        options = [_scalar_of(k, schema, field) for k in kind]
        if "string" in kind and field in POOL:  # references: mostly by name
            options += [_scalar_of("string", schema, field)] * 3
        return st.one_of(options)
    return _scalar_of(kind, schema, field)


@lru_cache(maxsize=None)
def document(kind):
    """Documents of ``kind`` drawn from its schema."""
    return from_schema(_schema(KIND_FILES[kind]), "", KIND_FILES[kind])


def any_document(weights=("Folder", "Program", "SmartCampaign", "SmartList")):
    """(kind, document), the kind drawn from ``weights`` (repeat a kind to draw it more often)."""
    return st.sampled_from(list(weights)).flatmap(lambda k: document(k).map(lambda d: (k, d)))


PROJECT_WEIGHTS = ("Folder", "Program", "Program", "SmartList") + ("SmartCampaign",) * 5


# -- mutations ---------------------------------------------------------------------------------


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


def _get(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def _set(doc, path, value):
    _get(doc, path[:-1])[path[-1]] = value


OTHER_TYPES = [42, "text", True, None, [], {}, ["a", 1], {"x": 1}, 1.5, -3]
NOWHERE = ["Nowhere.Nothing", 999_999, "Missing Campaign", "No/Such/Folder"]


@st.composite
def mutated(draw, doc, project_names=()):
    """``doc`` (a deep copy) with one to three mutations; returns (doc, the mutations made)."""
    doc = copy.deepcopy(doc)
    done = []
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        what = draw(st.sampled_from(["drop", "swap", "dangle", "cycle", "unknown-key"]))
        if what in ("drop", "swap") and not paths:
            continue
        if what == "drop":
            path = draw(st.sampled_from(paths))
            parent = _get(doc, path[:-1])
            if isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent.pop(path[-1])
            done.append(("drop", path))
        elif what == "swap":
            path = draw(st.sampled_from(paths))
            new = draw(st.sampled_from([v for v in OTHER_TYPES if type(v) is not type(_get(doc, path))]))
            _set(doc, path, copy.deepcopy(new))
            done.append(("swap", path))
        elif what == "dangle":
            refs = [p for p in paths if p[-1] in ("program", "folder", "campaign", "clonedFrom")
                    or (len(p) > 1 and p[-2] in ("values", "campaigns"))]
            if refs:
                path = draw(st.sampled_from(refs))
                _set(doc, path, draw(st.sampled_from(NOWHERE)))
                done.append(("dangle", path))
        elif what == "cycle" and doc.get("kind") == "SmartCampaign":
            me = "%s.%s" % (doc.get("program"), doc.get("name"))
            how = draw(st.sampled_from(["execute-self", "clone-self", "member-of-self", "execute-back"]))
            if how == "execute-self" or how == "execute-back":
                target = me if how == "execute-self" else draw(st.sampled_from(POOL["campaign"]))
                flow = doc.get("flow") if isinstance(doc.get("flow"), list) else []
                flow.append({"action": "Execute Campaign", "attributes": {"campaign": target, "useParentTokenContext": True}})
                doc["flow"] = flow
                doc["isExecutable"] = True
            elif how == "clone-self":
                doc["clonedFrom"] = me
            else:
                sl = doc.get("smartList") if isinstance(doc.get("smartList"), dict) else {}
                filters = sl.get("filters") if isinstance(sl.get("filters"), list) else []
                filters.append({"name": "Member of Smart Campaign", "operator": "in", "values": [me]})
                sl["filters"] = filters
                doc["smartList"] = sl
            done.append(("cycle", how))
        elif what == "unknown-key":
            doc[draw(st.sampled_from(["isExecuteable", "flows", "Name", "smartlist"]))] = "x"
            done.append(("unknown-key", ()))
    return doc, done


__all__ = ["document", "any_document", "mutated", "from_schema", "KIND_FILES", "POOL"]
