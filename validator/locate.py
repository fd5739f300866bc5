"""The precise path's positions: document paths to line/column spans.

Only files with something to report come here. YAML is composed again with the same C parser
and 1.2 resolver as the fast path (so both read the file alike), keeping every node's start and
end mark; JSON is parsed by ``jsonpos`` one document at a time, so a finding in a bulk export
costs the parse of its own document, not of the whole file.
"""

from __future__ import annotations

from . import jsonpos, yaml12
from .findings import AT_KEY, AT_START, Span

MERGE_TAG = yaml12.MERGE_TAG


class _YamlTree:
    """Uniform access to a composed YAML node tree."""

    def __init__(self, source):
        self.source = source
        try:
            self.roots = yaml12.compose_all(source.text)
        except Exception:  # the fast path read it; a failure here leaves positions unknown
            self.roots = []

    def root(self, stream, path):
        return (self.roots[stream] if stream < len(self.roots) else None), path

    @staticmethod
    def kind(node):
        return node.id

    @staticmethod
    def items(node):
        """(key node, value node) pairs of a mapping, merged mappings last."""
        merged = []
        for key, value in node.value:
            if key.tag == MERGE_TAG:
                merged.extend(value.value if value.id == "sequence" else [value])
                continue
            yield key, value
        for sub in merged:
            if sub.id == "mapping":
                yield from _YamlTree.items(sub)

    @staticmethod
    def key_text(key):
        return key.value if key.id == "scalar" else None

    def span(self, node):
        s, e = node.start_mark, node.end_mark
        return Span(s.line + 1, s.column + 1, e.line + 1, e.column + 1)


class _JsonTree:
    def __init__(self, source):
        self.source = source
        self._spans = None
        self._cache = {}

    def _parse(self, start, end):
        key = (start, end)
        if key not in self._cache:
            try:
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
    def __init__(self, source):
        self.source = source
        self.tree = _JsonTree(source) if source.format == "json" else _YamlTree(source)

    def span(self, target):
        """The span of a target; the nearest existing ancestor when the path runs out."""
        if target.span is not None:
            return target.span
        tree = self.tree
        node, path = tree.root(target.stream, target.path)
        if node is None:
            return Span(1, 1, 1, 1)
        key_node = None
        for elem in path:
            nxt = None
            if tree.kind(node) == "mapping":
                for k, v in tree.items(node):
                    if tree.key_text(k) == str(elem):
                        key_node, nxt = k, v
                        break
            elif tree.kind(node) == "sequence" and isinstance(elem, int):
                if 0 <= elem < len(node.value):
                    key_node, nxt = None, node.value[elem]
            if nxt is None:  # the path leaves the document: point at what holds it
                return self._start(node)
            node = nxt
        if target.at == AT_KEY and key_node is not None:
            return tree.span(key_node)
        if target.at == AT_START:
            return self._start(node)
        return tree.span(node)

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
