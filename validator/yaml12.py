"""YAML 1.2 (core schema) on top of PyYAML's C loader.

PyYAML resolves YAML 1.1: ``no``/``on``/``yes`` become booleans, ``010`` is octal, ``1:30`` is
sexagesimal and dates become ``datetime`` objects. Marketo definitions are YAML 1.2 documents
(that is what ruamel.yaml and editors' language servers read), so both the fast loader and the
position-keeping composer use the resolver below: ``true``/``false``, ``null``/``~``, decimal,
``0o`` and ``0x`` integers and floats are typed; everything else, dates included, stays a string.

The converter (nodes to values) also reports duplicate keys (PyYAML silently keeps the last
one) and non-string keys, which JSON Schema cannot describe.
"""

from __future__ import annotations

import json
import re

import yaml
from yaml.nodes import ScalarNode, SequenceNode
from yaml.resolver import Resolver

HAS_LIBYAML = getattr(yaml, "__with_libyaml__", False)

_ARTICLE = {"int": "an integer", "float": "a number", "bool": "a boolean", "null": "null", "merge": "a merge key"}
STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
MERGE_TAG = "tag:yaml.org,2002:merge"
MAX_ALIAS_NODES = 100_000
MAX_DEPTH = 200
CORE_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "merge")
)


class Resolver12(Resolver):
    """Implicit typing of the YAML 1.2 core schema (plus ``<<`` merge keys)."""


Resolver12.yaml_implicit_resolvers = {}
Resolver12.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
Resolver12.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
Resolver12.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
Resolver12.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
Resolver12.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^<<$"), ["<"])


class ConversionError(yaml.MarkedYAMLError):
    """A node that has no JSON value (unsupported tag, non-scalar key, alias bomb)."""


class _Converter:
    """Node tree -> plain Python values, in one tight pass.

    PyYAML's generic constructor costs about twice the C parse; this one handles exactly the
    core schema. It reports duplicate keys (PyYAML keeps the last silently) and non-string keys,
    shares the value of an alias with its anchor, and refuses a document whose aliases expand
    to more than ``max_alias_nodes`` nodes (a "billion laughs" bomb).
    """

    def __init__(self, max_alias_nodes, max_depth=MAX_DEPTH):
        self.problems = []  # (kind, message, start_mark, end_mark)
        self.max_alias_nodes = max_alias_nodes
        self.max_depth = max_depth
        self.depth = 0
        self.memo = {}  # id(node) -> (value, expanded size)

    def document(self, node):
        self.memo = {}
        self.real = 0
        value, size = self.convert(node)
        if size - self.real > self.max_alias_nodes:
            raise ConversionError(
                None, None,
                "alias expansion exceeds %d nodes (the document's aliases expand to %d)"
                % (self.max_alias_nodes, size - self.real),
                node.start_mark,
            )
        return value

    def convert(self, node):
        key = id(node)
        hit = self.memo.get(key)
        if hit is not None:
            return hit
        self.real += 1
        nid = node.id
        if nid == "scalar":
            return (_scalar(node), 1)
        self.depth += 1
        if self.depth > self.max_depth:
            raise ConversionError(None, None, _too_deep(self.max_depth), node.start_mark)
        if nid == "sequence":
            if node.tag != SEQ_TAG:
                _unsupported(node)
            items = []
            size = 1
            self.memo[key] = (items, 1)  # a recursive alias sees the list being built
            for child in node.value:
                value, n = self.convert(child)
                items.append(value)
                size += n
            out = (items, size)
        else:
            if node.tag != MAP_TAG:
                _unsupported(node)
            out = self.mapping(node, key)
        self.memo[key] = out
        self.depth -= 1
        return out

    def mapping(self, node, key):
        result = {}
        self.memo[key] = (result, 1)
        self.real += len(node.value)  # the keys
        size = 1
        seen = set()
        merges = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merges.append(value_node)
                continue
            if key_node.id != "scalar":
                raise ConversionError(
                    "while reading a mapping", node.start_mark,
                    "found a %s as a mapping key; keys must be strings"
                    % ("list" if key_node.id == "sequence" else "mapping"),
                    key_node.start_mark,
                )
            name = key_node.value
            if key_node.tag != STR_TAG:
                kind = key_node.tag.rsplit(":", 1)[-1]
                if key_node.tag not in CORE_TAGS:
                    _unsupported(key_node)
                self.problems.append((
                    "key-type",
                    "key %s is read as %s; keys must be strings (quote it)"
                    % (json.dumps(name), _ARTICLE.get(kind, kind)),
                    key_node.start_mark, key_node.end_mark,
                ))
            if name in seen:
                self.problems.append((
                    "duplicate-key", "duplicate key %s" % json.dumps(name, ensure_ascii=False),
                    key_node.start_mark, key_node.end_mark,
                ))
            seen.add(name)
            value, n = self.convert(value_node)
            result[name] = value
            size += n + 1
        if merges:
            merged = {}
            for source in merges:
                parts = source.value if source.id == "sequence" else [source]
                for part in parts:
                    if part.id != "mapping":
                        raise ConversionError(
                            "while reading a merge key", node.start_mark,
                            "a merge key (<<) takes a mapping or a list of mappings", part.start_mark,
                        )
                    value, n = self.convert(part)
                    size += n
                    for k, v in value.items():
                        merged.setdefault(k, v)
            for k, v in merged.items():
                if k not in result:
                    result[k] = v
        return result, size


def _too_deep(max_depth):
    return "nesting is deeper than %d levels (max-depth)" % max_depth


def check_depth(text, max_depth=MAX_DEPTH):
    """Refuse text nested deeper than ``max_depth`` before the C composer sees it.

    libyaml's composer recurses in C and crashes the process on very deep nesting (about
    100,000 levels). Flow and compact nesting need a ``[``, ``{`` or ``-`` per level, so a text
    with few of them cannot be deep; any other text is scanned event by event.
    """
    if text.count("[") + text.count("{") + text.count("-") <= max_depth:
        return
    from yaml.events import CollectionEndEvent, CollectionStartEvent

    loader = Loader12(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None:
                return
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > max_depth:
                    raise ConversionError(None, None, _too_deep(max_depth), event.start_mark)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _unsupported(node):
    raise ConversionError(
        None, None,
        "unsupported tag %s: only the YAML core schema's tags are allowed" % node.tag,
        node.start_mark,
    )


def _scalar(node):
    tag, text = node.tag, node.value
    if tag == STR_TAG:
        return text
    if tag == INT_TAG:
        try:
            if text.startswith("0o"):
                return int(text[2:], 8)
            if text.startswith("0x"):
                return int(text[2:], 16)
            return int(text, 10)
        except ValueError:
            pass
    elif tag == FLOAT_TAG:
        low = text.lower()
        if low.endswith(".inf"):
            return float("-inf") if low.startswith("-") else float("inf")
        if low == ".nan":
            return float("nan")
        try:
            return float(text)
        except ValueError:
            pass
    elif tag == BOOL_TAG:
        low = text.lower()
        if low in ("true", "false"):
            return low == "true"
    elif tag == NULL_TAG:
        if text in ("", "~", "null", "Null", "NULL"):
            return None
    else:
        _unsupported(node)
    raise ConversionError(None, None, "%r is not a valid %s" % (text, tag.rsplit(":", 1)[-1]), node.start_mark)


class _FastResolve:
    """``resolve`` for the composer: the core schema's implicit typing, by first character."""

    _by_first = {}

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            if implicit[0]:
                if value == "":
                    return NULL_TAG
                for tag, regexp in self._by_first.get(value[0], ()):
                    if regexp.match(value):
                        return tag
            return STR_TAG
        return SEQ_TAG if kind is SequenceNode else MAP_TAG


for _first, _pairs in Resolver12.yaml_implicit_resolvers.items():
    _FastResolve._by_first[_first] = tuple(_pairs)


if HAS_LIBYAML:
    from yaml.cyaml import CParser

    class Loader12(_FastResolve, CParser, Resolver12):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            Resolver12.__init__(self)

else:  # pragma: no cover - PyYAML without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class Loader12(_FastResolve, Reader, Scanner, Parser, Composer, Resolver12):
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            Resolver12.__init__(self)


def load_all(text, max_alias_nodes=MAX_ALIAS_NODES, max_depth=MAX_DEPTH):
    """Parse every YAML document of ``text``; returns (documents, problems).

    Raises ``yaml.YAMLError`` on a syntax error or a node without a JSON value.
    """
    check_depth(text, max_depth)
    converter = _Converter(max_alias_nodes, max_depth)
    docs = [converter.document(node) for node in compose_all(text)]
    return docs, converter.problems


def compose_all(text):
    """The node trees (with start and end marks) of every YAML document of ``text``."""
    loader = Loader12(text)
    try:
        nodes = []
        while loader.check_node():
            nodes.append(loader.get_node())
        return nodes
    finally:
        loader.dispose()


__all__ = ["load_all", "compose_all", "HAS_LIBYAML", "CORE_TAGS", "yaml"]
