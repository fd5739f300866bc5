"""The YAML 1.2 (core schema) loaders on top of PyYAML's C parser: ``load_all`` for the fast
path, ``iter_nodes``/``compose_all`` for the precise one.

Both read the text with the same parser and the same resolver (``yaml_core``), so they read a
file alike. The fast loader builds values straight from libyaml's parser events (see
``yaml_build.Builder``), one document at a time and without recursion; it also reports
duplicate keys (PyYAML silently keeps the last one) and non-string keys, which JSON Schema
cannot describe, and enforces the limits (``max-depth``, ``max-alias-nodes``; recursive
aliases, tags outside the core schema and integers too long to convert are refused). The
precise path composes node trees (``iter_nodes``) only for files with findings, one document
at a time; it runs after the fast path has accepted the file, so its recursive C composer never
meets nesting deeper than ``HARD_MAX_DEPTH`` (``read.limits``).

Known limit: libyaml breaks lines at U+0085, U+2028 and U+2029 (YAML 1.1) where YAML 1.2 does
not; such a character written raw inside a scalar is read as a line break (write it escaped,
backslash-N, -L or -P inside double quotes).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import Node
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from mkto_lint.read.limits import MAX_ALIAS_NODES, MAX_DEPTH
from mkto_lint.read.yaml_build import Builder
from mkto_lint.read.yaml_core import ConversionError, FastResolve, Resolver12

HAS_LIBYAML = getattr(yaml, "__with_libyaml__", False)

# libyaml's own refusal (0.2.6 and later), raised by its scanner. The scanner looks ahead up to
# 1,024 characters on a line for a simple key, so on ``[[[[...`` it can trip before the parser
# has given the builder the event that goes ``max-depth`` levels deep.
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


class PyLoader12(FastResolve, Reader, Scanner, Parser, Composer, Resolver12):
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

    class Loader12(FastResolve, CParser, Resolver12):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            Resolver12.__init__(self)

else:  # pragma: no cover - PyYAML without libyaml
    Loader12 = PyLoader12


def load_all(text: str, max_alias_nodes: int = MAX_ALIAS_NODES, max_depth: int = MAX_DEPTH,
             stats: dict | None = None) -> tuple[list[Any], list[tuple[str, str, Any, Any]]]:
    """Parse every YAML document of ``text``; returns (documents, problems).

    ``stats``, when given, gets ``"alias_nodes"``: the nodes the file's aliases added (the
    run's alias budget is spent from it, see ``limits.spend_run_alias_budget``).

    One document at a time, straight from the parser's events (see ``yaml_build.Builder``); a
    problem is (kind, message, start mark, end mark), kind ``"duplicate-key"`` or
    ``"key-type"``. Raises ``yaml.YAMLError`` on a syntax error or a node without a JSON value
    (``ConversionError``).
    """
    try:
        return _load_all(Loader12, text, max_alias_nodes, max_depth, stats)
    except yaml.MarkedYAMLError as exc:
        if exc.problem != _LIBYAML_TOO_DEEP:
            raise
    # libyaml gave up on the nesting before the builder's own check spoke: read the text again
    # with the pure-Python parser, whose events reach the builder, which then refuses the node
    # that goes ``max_depth`` levels deep, in its own words and at its own position.
    return _load_all(PyLoader12, text, max_alias_nodes, max_depth, stats)


def _load_all(loader_class, text, max_alias_nodes, max_depth, stats=None):
    builder = Builder(max_alias_nodes, max_depth)
    loader = loader_class(text)
    try:
        docs = builder.stream(loader.get_event)
    finally:
        loader.dispose()
        if stats is not None:
            stats["alias_nodes"] = builder.expanded
    return docs, builder.problems


def iter_nodes(text: str) -> Iterator[Node]:
    """The node trees (with start and end marks) of the YAML documents of ``text``, composed one
    at a time (a caller that keeps only some of them keeps only their memory)."""
    loader = Loader12(text)
    try:
        while loader.check_node():
            yield loader.get_node()
    finally:
        loader.dispose()


def compose_all(text: str) -> list[Node]:
    """The node trees (with start and end marks) of every YAML document of ``text``."""
    return list(iter_nodes(text))


# ConversionError (what load_all raises) and Resolver12 (what both loaders resolve with) are
# importable from here too.
__all__ = ["load_all", "compose_all", "iter_nodes", "ConversionError", "Resolver12", "HAS_LIBYAML"]
