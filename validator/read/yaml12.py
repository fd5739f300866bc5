"""YAML 1.2 (core schema) on top of PyYAML's C loader.

PyYAML resolves YAML 1.1: ``no``/``on``/``yes`` become booleans, ``010`` is octal, ``1:30`` is
sexagesimal and dates become ``datetime`` objects. Marketo definitions are YAML 1.2 documents
(that is what ruamel.yaml and editors' language servers read), so both the fast loader and the
position-keeping composer use the resolver below: ``true``/``false``, ``null``/``~``, decimal,
``0o`` and ``0x`` integers and floats are typed; everything else, dates included, stays a string.

The fast loader builds values straight from libyaml's parser events (``_Builder``), one
document at a time and without recursion; it also reports duplicate keys (PyYAML silently keeps
the last one) and non-string keys, which JSON Schema cannot describe, and enforces the limits
(``max-depth``, ``max-alias-nodes``; recursive aliases, tags outside the core schema and
integers too long to convert are refused). Nothing is ever constructed from a tag. The precise
path composes node trees (``iter_nodes``) only for files with findings, one document at a time;
it runs after the fast path has accepted the file, so its recursive C composer never meets
nesting deeper than ``HARD_MAX_DEPTH``.

Known limit: libyaml breaks lines at U+0085, U+2028 and U+2029 (YAML 1.1) where YAML 1.2 does
not; such a character written raw inside a scalar is read as a line break (write it escaped,
backslash-N, -L or -P inside double quotes).
"""

from __future__ import annotations

import json
import re

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.composer import Composer
from yaml.nodes import ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

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
    """A node that has no JSON value (unsupported tag, non-scalar key, alias bomb, too deep)."""


# The largest nesting any configuration may ask for, below every parser's own limit so that
# mkto-lint's check always speaks first: libyaml 0.2.6 (PyYAML 6.0.4) refuses a 1,000th level
# (block and flow levels counted together), Python's default recursion limit of 1,000 stops
# ``json.loads``, and older libyaml's recursive C composer crashes the process at about 100,000.
HARD_MAX_DEPTH = 900
# libyaml's own refusal (0.2.6 and later), raised by its scanner. The scanner looks ahead up to
# 1,024 characters on a line for a simple key, so on ``[[[[...`` it can trip before the parser
# has given the builder the event that goes ``max-depth`` levels deep.
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
_NEW = object()  # an anchor whose node is still being read (an alias to it is recursive)


class _Anchor:
    __slots__ = ("value", "size", "height", "text", "tag", "kind", "mark")

    def __init__(self, value, size, height, text, tag, kind, mark):
        self.value = value  # the converted value (scalars: _NEW until first used as a value)
        self.size = size  # nodes it expands to
        self.height = height  # nesting levels it adds
        self.text = text  # scalars: the text as written (a key's name)
        self.tag = tag
        self.kind = kind  # "scalar" | "sequence" | "mapping"
        self.mark = mark


class _Frame:
    """A collection being read."""

    __slots__ = ("is_map", "value", "anchor", "mark", "key", "wants_key", "merges", "merging", "nodes", "deepest")

    def __init__(self, is_map, value, anchor, mark):
        self.is_map = is_map
        self.value = value  # the dict or list being filled
        self.anchor = anchor
        self.mark = mark
        self.key = None  # mappings: the pending key's name
        self.wants_key = is_map  # mappings: a key comes next (else its value)
        self.merges = None  # (value, mark) of the ``<<`` keys' values
        self.merging = False  # the pending key is ``<<``
        self.nodes = 0  # anchored frames: the node count when it started
        self.deepest = 0  # anchored frames: the depth reached before it started


class _Builder:
    """Parser events -> plain Python values, in one pass, without a node tree.

    Working on events rather than on composed nodes keeps memory to the values themselves (a
    multi-document stream is read one document at a time and nothing else is kept) and needs
    no recursion: libyaml's C composer recurses and crashes the process on very deep nesting.
    The builder handles exactly the core schema. It reports duplicate keys (PyYAML keeps the
    last silently) and non-string keys, shares the value of an alias with its anchor, refuses
    recursive aliases (a node that contains itself has no JSON value), nesting deeper than
    ``max_depth`` (counting what aliases add) and a document whose aliases expand to more than
    ``max_alias_nodes`` nodes (a "billion laughs" bomb) as soon as the budget is spent.

    Sizes and heights are only needed for anchored nodes (what an alias adds): one node
    counter and the deepest level reached give them without per-node bookkeeping.
    """

    def __init__(self, max_alias_nodes, max_depth=MAX_DEPTH):
        self.problems = []  # (kind, message, start_mark, end_mark)
        self.max_alias_nodes = max_alias_nodes
        self.max_depth = min(max_depth, HARD_MAX_DEPTH)
        # one object per distinct key and short string: a bulk export repeats "kind", "flow",
        # "Change Score"... hundreds of thousands of times (json.loads shares keys the same way)
        self.strings = {}

    def stream(self, get_event):
        docs = []
        while True:
            event = get_event()
            if event is None:
                return docs
            if event.__class__ is DocumentStartEvent:
                docs.append(self.document(get_event, event.start_mark))

    def document(self, get_event, doc_mark):
        anchors = {}
        strings = self.strings
        expanded = 0  # nodes added by aliases
        nodes = 0  # nodes read so far, aliases expanded
        deepest = 0  # the deepest level reached (for the height of anchored nodes)
        max_depth, max_alias = self.max_depth, self.max_alias_nodes
        stack = []
        push, pop = stack.append, stack.pop
        top = None  # stack[-1]
        while True:
            event = get_event()
            cls = event.__class__
            if cls is ScalarEvent:
                text = event.value
                tag = event.tag
                if tag is None or tag == "!":
                    if event.implicit[0]:
                        tag = _resolve_scalar(text, event.implicit)
                    else:
                        tag = STR_TAG
                nodes += 1
                if top is not None and top.wants_key:
                    if event.anchor is not None:
                        _define(anchors, event.anchor, event.start_mark)
                        anchors[event.anchor] = _Anchor(_NEW, 1, 0, text, tag, "scalar", event.start_mark)
                    if tag == STR_TAG and text not in top.value:
                        top.key = strings.setdefault(text, text)
                        top.wants_key = False
                    else:
                        self.key(top, strings.setdefault(text, text), tag, event.start_mark, event.end_mark)
                    continue
                if tag == STR_TAG:
                    value = strings.setdefault(text, text) if len(text) <= 40 else text
                else:
                    value = _scalar(tag, text, event.start_mark)
                if event.anchor is not None:
                    _define(anchors, event.anchor, event.start_mark)
                    anchors[event.anchor] = _Anchor(value, 1, 0, text, tag, "scalar", event.start_mark)
                mark = event.start_mark
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                is_map = cls is MappingStartEvent
                if top is not None and top.wants_key:
                    raise ConversionError(
                        "while reading a mapping", top.mark,
                        "found a %s as a mapping key; keys must be strings" % ("mapping" if is_map else "list"),
                        event.start_mark,
                    )
                tag = event.tag
                if tag is not None and tag != "!" and tag != (MAP_TAG if is_map else SEQ_TAG):
                    _unsupported(tag, event.start_mark)
                depth = len(stack) + 1
                if depth > max_depth:
                    raise ConversionError(None, None, _too_deep(max_depth), event.start_mark)
                nodes += 1
                top = _Frame(is_map, {} if is_map else [], event.anchor, event.start_mark)
                if event.anchor is not None:
                    _define(anchors, event.anchor, event.start_mark)
                    anchors[event.anchor] = _NEW
                    top.nodes, top.deepest = nodes - 1, deepest
                    deepest = depth
                elif depth > deepest:
                    deepest = depth
                push(top)
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                frame = pop()
                top = stack[-1] if stack else None
                if frame.merges:
                    self.merge(frame)
                value, mark = frame.value, frame.mark
                if frame.anchor is not None:
                    height = deepest - len(stack)
                    anchors[frame.anchor] = _Anchor(value, nodes - frame.nodes, height, None, None,
                                                    "mapping" if frame.is_map else "sequence", mark)
                    if frame.deepest > deepest:
                        deepest = frame.deepest
            elif cls is AliasEvent:
                anchor = anchors.get(event.anchor)
                if anchor is None:
                    raise ConversionError(None, None, "found undefined alias *%s" % event.anchor, event.start_mark)
                if anchor is _NEW:
                    raise ConversionError(
                        None, None,
                        "recursive alias *%s: the node anchored as &%s contains itself, which no JSON "
                        "value can" % (event.anchor, event.anchor), event.start_mark,
                    )
                expanded += anchor.size
                nodes += anchor.size
                if expanded > max_alias:
                    raise ConversionError(
                        None, None,
                        "alias expansion exceeds %d nodes (the document's aliases expand to %d)"
                        % (max_alias, expanded), doc_mark,
                    )
                reach = len(stack) + anchor.height
                if reach > max_depth:
                    raise ConversionError(None, None, _too_deep(max_depth), event.start_mark)
                if reach > deepest:
                    deepest = reach
                if anchor.kind == "scalar":
                    if top is not None and top.wants_key:
                        self.key(top, anchor.text, anchor.tag, event.start_mark, event.end_mark)
                        continue
                    if anchor.value is _NEW:  # defined as a key: converted on first use as a value
                        anchor.value = _scalar(anchor.tag, anchor.text, anchor.mark)
                elif top is not None and top.wants_key:
                    raise ConversionError(
                        "while reading a mapping", top.mark,
                        "found a %s as a mapping key; keys must be strings"
                        % ("list" if anchor.kind == "sequence" else "mapping"),
                        event.start_mark,
                    )
                value, mark = anchor.value, event.start_mark
            elif cls is DocumentEndEvent:  # pragma: no cover - libyaml gives an empty document a null
                return None
            else:  # pragma: no cover - the parser emits nothing else inside a document
                raise ConversionError(None, None, "unexpected %s" % cls.__name__, event.start_mark)
            # a complete value: hand it to the collection that holds it
            if top is None:
                end = get_event()  # the document's end
                if end.__class__ is not DocumentEndEvent:  # pragma: no cover
                    raise ConversionError(None, None, "expected the end of the document", end.start_mark)
                return value
            if not top.is_map:
                top.value.append(value)
            elif top.merging:
                top.merges.append((value, mark))
                top.merging = False
                top.wants_key = True
            else:
                top.value[top.key] = value
                top.wants_key = True

    def key(self, frame, name, tag, start, end):
        """A mapping key, as written: checks its type and whether it repeats."""
        frame.wants_key = False
        if tag == MERGE_TAG:
            frame.merging = True
            if frame.merges is None:
                frame.merges = []
            return
        if tag != STR_TAG:
            if tag not in CORE_TAGS:
                _unsupported(tag, start)
            kind = tag.rsplit(":", 1)[-1]
            self.problems.append((
                "key-type",
                "key %s is read as %s; keys must be strings (quote it)" % (json.dumps(name), _ARTICLE.get(kind, kind)),
                start, end,
            ))
        if name in frame.value:
            self.problems.append(("duplicate-key", "duplicate key %s" % json.dumps(name, ensure_ascii=False), start, end))
        frame.key = name

    @staticmethod
    def merge(frame):
        """Apply ``<<`` keys: the mapping's own keys win, then the merged mappings in order."""
        merged = {}
        for value, mark in frame.merges:
            parts = value if isinstance(value, list) else [value]
            for part in parts:
                if not isinstance(part, dict):
                    raise ConversionError(
                        "while reading a merge key", frame.mark,
                        "a merge key (<<) takes a mapping or a list of mappings", mark,
                    )
                for k, v in part.items():
                    merged.setdefault(k, v)
        result = frame.value
        for k, v in merged.items():
            if k not in result:
                result[k] = v


def _define(anchors, name, mark):
    """Refuse a second anchor of the same name in a document, as libyaml's composer does (the
    precise path composes with it, so both paths must agree)."""
    first = anchors.get(name)
    if first is not None:
        line = first.mark.line + 1 if first is not _NEW else None
        raise ConversionError(
            None, None,
            "duplicate anchor &%s%s: give each anchor its own name" % (name, " (first defined on line %d)" % line if line else ""),
            mark,
        )


def _too_deep(max_depth):
    return "nesting is deeper than %d levels (max-depth)" % max_depth


def _unsupported(tag, mark):
    raise ConversionError(
        None, None,
        "unsupported tag %s: only the YAML core schema's tags are allowed" % _short(tag),
        mark,
    )


def _short(text, limit=60):
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _max_int_digits():
    import sys

    get = getattr(sys, "get_int_max_str_digits", None)
    return get() if get is not None else 0


def _too_long_int(text, mark):
    raise ConversionError(
        None, None,
        "integer %s has more than %d digits: too long to read" % (_short(text, 30), _max_int_digits()),
        mark,
    )


def _scalar(tag, text, mark):
    """The value of a scalar of the core schema (``tag`` already resolved)."""
    if tag == STR_TAG:
        return text
    if tag == INT_TAG:
        limit = _max_int_digits()
        try:
            if text.startswith("0o"):
                value = int(text[2:], 8)
            elif text.startswith("0x"):
                value = int(text[2:], 16)
            else:
                if limit and len(text) > limit + 1:
                    _too_long_int(text, mark)
                return int(text, 10)
            if limit and value.bit_length() > limit * 3.32:  # would not print in decimal
                _too_long_int(text, mark)
            return value
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
    elif tag == MERGE_TAG:  # ``<<`` anywhere but as a key is just text
        return text
    else:
        _unsupported(tag, mark)
    raise ConversionError(None, None, "%s is not a valid %s" % (json.dumps(_short(text), ensure_ascii=False), tag.rsplit(":", 1)[-1]), mark)


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


def _resolve_scalar(value, implicit, _by_first=_FastResolve._by_first):
    """The tag of an untagged scalar, exactly as the composer resolves it."""
    if implicit[0]:
        if value == "":
            return NULL_TAG
        for tag, regexp in _by_first.get(value[0], ()):
            if regexp.match(value):
                return tag
    return STR_TAG


class PyLoader12(_FastResolve, Reader, Scanner, Parser, Composer, Resolver12):
    """The pure-Python loader: used where libyaml is missing, and to find the exact place of a
    nesting that libyaml refused on its own (its Python twin has no nesting limit, and neither
    its scanner nor its parser recurses)."""

    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        Resolver12.__init__(self)


if HAS_LIBYAML:
    from yaml.cyaml import CParser

    class Loader12(_FastResolve, CParser, Resolver12):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            Resolver12.__init__(self)

else:  # pragma: no cover - PyYAML without libyaml
    Loader12 = PyLoader12


def load_all(text, max_alias_nodes=MAX_ALIAS_NODES, max_depth=MAX_DEPTH):
    """Parse every YAML document of ``text``; returns (documents, problems).

    One document at a time, straight from the parser's events (see ``_Builder``). Raises
    ``yaml.YAMLError`` on a syntax error or a node without a JSON value.
    """
    try:
        return _load_all(Loader12, text, max_alias_nodes, max_depth)
    except yaml.MarkedYAMLError as exc:
        if exc.problem != _LIBYAML_TOO_DEEP:
            raise
    # libyaml gave up on the nesting before the builder's own check spoke: read the text again
    # with the pure-Python parser, whose events reach the builder, which then refuses the node
    # that goes ``max_depth`` levels deep, in its own words and at its own position.
    return _load_all(PyLoader12, text, max_alias_nodes, max_depth)


def _load_all(loader_class, text, max_alias_nodes, max_depth):
    builder = _Builder(max_alias_nodes, max_depth)
    loader = loader_class(text)
    try:
        docs = builder.stream(loader.get_event)
    finally:
        loader.dispose()
    return docs, builder.problems


def iter_nodes(text):
    """The node trees (with start and end marks) of the YAML documents of ``text``, composed one
    at a time (a caller that keeps only some of them keeps only their memory)."""
    loader = Loader12(text)
    try:
        while loader.check_node():
            yield loader.get_node()
    finally:
        loader.dispose()


def compose_all(text):
    """The node trees (with start and end marks) of every YAML document of ``text``."""
    return list(iter_nodes(text))


__all__ = ["load_all", "compose_all", "iter_nodes", "HAS_LIBYAML", "CORE_TAGS", "HARD_MAX_DEPTH", "yaml"]
