"""Parser events to plain Python values (``Builder``): the fast loader's one pass over
libyaml's events, one document at a time, without a node tree and without recursion, checking
keys (duplicates, non-string keys) and what a document may cost (``max-depth``,
``max-alias-nodes``, recursive aliases) as it goes."""

from __future__ import annotations

import json

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

from mkto_lint.read.limits import HARD_MAX_DEPTH, MAX_DEPTH, too_deep
from mkto_lint.read.yaml_core import (
    CORE_TAGS,
    MAP_TAG,
    MERGE_TAG,
    SEQ_TAG,
    STR_TAG,
    ConversionError,
    resolve_scalar,
    scalar_value,
    unsupported_tag,
)

_ARTICLE = {"int": "an integer", "float": "a number", "bool": "a boolean", "null": "null", "merge": "a merge key"}

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


class Builder:
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
        # nodes added by aliases so far: the budget is the file's, not each document's (a
        # stream of a thousand small bombs must not cost a thousand budgets)
        self.expanded = 0
        self.documents = 0

    def stream(self, get_event):
        docs = []
        while True:
            event = get_event()
            if event is None:
                return docs
            if event.__class__ is DocumentStartEvent:
                docs.append(self.document(get_event, event.start_mark))

    # One function of about 140 lines on purpose: this loop runs once per parser event of every
    # YAML file (the hot path), and keeping each event's handling inline, on local variables,
    # spares a Python call per event; splitting it by event type would slow every read.
    def document(self, get_event, doc_mark):
        """The value of one document, from the event after its start to its end."""
        anchors = {}
        strings = self.strings
        expanded = self.expanded  # nodes added by aliases, in this file so far
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
                        tag = resolve_scalar(text, event.implicit)
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
                    value = scalar_value(tag, text, event.start_mark)
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
                    unsupported_tag(tag, event.start_mark)
                depth = len(stack) + 1
                if depth > max_depth:
                    raise ConversionError(None, None, too_deep(max_depth), event.start_mark)
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
                        "alias expansion exceeds %d nodes (the %s aliases expand to %d)"
                        % (max_alias, "file's" if self.documents else "document's", expanded), doc_mark,
                    )
                reach = len(stack) + anchor.height
                if reach > max_depth:
                    raise ConversionError(None, None, too_deep(max_depth), event.start_mark)
                if reach > deepest:
                    deepest = reach
                if anchor.kind == "scalar":
                    if top is not None and top.wants_key:
                        self.key(top, anchor.text, anchor.tag, event.start_mark, event.end_mark)
                        continue
                    if anchor.value is _NEW:  # defined as a key: converted on first use as a value
                        anchor.value = scalar_value(anchor.tag, anchor.text, anchor.mark)
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
                self.expanded = expanded
                self.documents += 1
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
                unsupported_tag(tag, start)
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


__all__ = ["Builder"]
