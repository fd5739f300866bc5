"""The precise path's positions: document paths to line/column spans.

Only files with something to report come here. YAML is composed again with the same C parser
and 1.2 resolver as the fast path (so both read the file alike), keeping every node's start and
end mark; JSON is parsed by ``jsonpos`` one document at a time, so a finding in a bulk export
costs the parse of its own document, not of the whole file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkto_lint.findings import AT_KEY, AT_START, Span, Target
from mkto_lint.positions import jsonpos
from mkto_lint.read import yaml12
from mkto_lint.read.limits import HARD_MAX_DEPTH
from mkto_lint.read.stack import room_for
from mkto_lint.read.yaml_core import MERGE_TAG

if TYPE_CHECKING:
    from mkto_lint.project.source import SourceFile


class _YamlTree:
    """Uniform access to a composed YAML node tree.

    Documents are composed one at a time, as far as the one asked for, and only the ones asked
    for are kept: a finding in a 100 MB multi-document export costs the nodes of its own
    document, not of the whole stream. Asking for an earlier document that was not kept starts
    the composer again (the engine asks in document order).
    """

    def __init__(self, source):
        self.source = source
        self.kept = {}  # stream number -> root node
        self._nodes = None  # the composer, positioned before document ``self._next``
        self._next = 0

    def root(self, stream, path):
        if stream in self.kept:
            return self.kept[stream], path
        if self._nodes is None or stream < self._next:
            self._nodes = yaml12.iter_nodes(self.source.text)
            self._next = 0
        try:
            while self._next <= stream:
                node = next(self._nodes)
                self._next += 1
            self.kept[stream] = node
            return node, path
        except StopIteration:
            self._nodes = None
        except Exception:  # the fast path read it; a failure here leaves positions unknown
            self._nodes = None
        return None, path

    @staticmethod
    def kind(node):
        return node.id

    @staticmethod
    def items(node):
        """(key node, value node) pairs of a mapping, merged mappings last (each mapping once:
        merges may form cycles, which the fast path refuses but a position lookup must survive)."""
        seen = set()
        pending = [node]  # depth first, in the order the fast path merges
        while pending:
            mapping = pending.pop()
            if id(mapping) in seen:
                continue
            seen.add(id(mapping))
            merged = []
            for key, value in mapping.value:
                if key.tag == MERGE_TAG:
                    merged.extend(value.value if value.id == "sequence" else [value])
                    continue
                yield key, value
            pending.extend(sub for sub in reversed(merged) if sub.id == "mapping")

    @staticmethod
    def key_text(key):
        return key.value if key.id == "scalar" else None

    def span(self, node):
        return self.source.mark_span(node.start_mark, node.end_mark)


class _JsonTree:
    def __init__(self, source):
        self.source = source
        self._spans = None
        self._cache = {}

    def _parse(self, start, end):
        key = (start, end)
        if key not in self._cache:
            try:
                with room_for(HARD_MAX_DEPTH):
                    self._cache[key] = jsonpos.parse(self.source.text, start, end)[0]
            except (jsonpos.JSONPosError, RecursionError):
                self._cache[key] = None
        return self._cache[key]

    def root(self, stream, path):
        text = self.source.text
        if path and isinstance(path[0], int):
            if self._spans is None:
                try:
                    self._spans = jsonpos.top_level_spans(text) or []
                except ValueError:
                    self._spans = []
            if path[0] < len(self._spans):
                start, end = self._spans[path[0]]
                return self._parse(start, end), path[1:]
        return self._parse(0, len(text)), path

    @staticmethod
    def kind(node):
        return node.id

    @staticmethod
    def items(node):
        return iter(node.value)

    @staticmethod
    def key_text(key):
        return key.value

    def span(self, node):
        line, col = self.source.line_col(node.start)
        end_line, end_col = self.source.line_col(node.end)
        return Span(line, col, end_line, end_col)


class Locator:
    """A file's positions: the span of any target in it (its tree composed on first use)."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.tree = _JsonTree(source) if source.format == "json" else _YamlTree(source)
        # key text -> (key node, value node) of the mappings a path went through, and the offset
        # maps of strings, for the document being located: a mapping with 30,000 keys and a
        # finding on each, or a string with 8,000 tokens, is then read once, not once per
        # finding (findings are located in document order)
        self._keys = {}
        self._keys_stream = None

    def _child(self, node, elem):
        """(key node, value node) of ``elem`` in the mapping ``node``, the first one written."""
        table = self._keys.get(id(node))
        if table is None:
            table = {}
            for k, v in self.tree.items(node):
                table.setdefault(self.tree.key_text(k), (k, v))
            self._keys[id(node)] = table
        return table.get(str(elem), (None, None))

    def _walk(self, target):
        """(parent node, key node, node, True) at the end of the target's path, or (None, None,
        the last node reached, False) when the path leaves the document (node None: no
        document)."""
        tree = self.tree
        if target.stream != self._keys_stream:  # another document: its nodes are not these
            self._keys, self._keys_stream = {}, target.stream
        node, path = tree.root(target.stream, target.path)
        if node is None:
            return None, None, None, False
        key_node = parent = None
        for elem in path:
            nxt = None
            if tree.kind(node) == "mapping":
                key_node, nxt = self._child(node, elem)
            elif tree.kind(node) == "sequence" and isinstance(elem, int):
                if 0 <= elem < len(node.value):
                    key_node, nxt = None, node.value[elem]
            if nxt is None:
                return None, None, node, False
            parent, node = node, nxt
        return parent, key_node, node, True

    def nodes(self, target: Target) -> tuple | None:
        """(parent, key node, value node) of the exact path of ``target`` (the key node None
        for a sequence item), or None when the path is not in the file: what a fix edits."""
        parent, key_node, node, found = self._walk(target)
        return (parent, key_node, node) if found else None

    def span(self, target: Target) -> Span:
        """The span of a target; the nearest existing ancestor when the path runs out."""
        if target.span is not None:
            return target.span
        tree = self.tree
        _parent, key_node, node, found = self._walk(target)
        if node is None:
            return Span(1, 1, 1, 1)
        if not found:  # the path leaves the document: point at what holds it
            return self._start(node)
        if target.at == AT_KEY and key_node is not None:
            return tree.span(key_node)
        if target.at == AT_START:
            return self._start(node)
        if target.offset is not None and tree.kind(node) == "scalar" and isinstance(node.value, str):
            return self._inside(node, target.offset, target.length)
        return tree.span(node)

    def _inside(self, node, offset, length):
        """The span of ``[offset, offset + length)`` of a string scalar's parsed value."""
        from mkto_lint.positions import scalarpos

        text = self.source.text
        try:
            omap = self._keys.get(("map", id(node)))  # one map per string, however many tokens
            if omap is None:
                if self.source.format == "json":
                    omap = scalarpos.json_map(text, node.start, node.end, node.value)
                else:
                    omap = scalarpos.yaml_map(text, node.start_mark.index, node.end_mark.index,
                                              node.style, node.value)
                self._keys[("map", id(node))] = omap
            start = omap.source(offset)
            end = omap.source_end(offset + max(length, 1))
        except Exception:  # positions are a courtesy: never fail a report on them
            return self.tree.span(node)
        line, col = self.source.line_col(start)
        end_line, end_col = self.source.line_col(max(end, start))
        return Span(line, col, end_line, end_col)

    def _start(self, node):
        """Where a mapping starts: its first key (what an editor underlines for it)."""
        tree = self.tree
        if tree.kind(node) == "mapping":
            for k, _v in tree.items(node):
                return tree.span(k)
        span = tree.span(node)
        if span.end_line != span.line:
            return Span(span.line, span.column, span.line, span.column + 1)
        return span
