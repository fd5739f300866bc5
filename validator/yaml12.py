"""YAML 1.2 (core schema) on top of PyYAML's C loader.

PyYAML resolves YAML 1.1: ``no``/``on``/``yes`` become booleans, ``010`` is octal, ``1:30`` is
sexagesimal and dates become ``datetime`` objects. Marketo definitions are YAML 1.2 documents
(that is what ruamel.yaml and editors' language servers read), so both the fast loader and the
position-keeping composer use the resolver below: ``true``/``false``, ``null``/``~``, decimal,
``0o`` and ``0x`` integers and floats are typed; everything else, dates included, stays a string.

The constructor also reports duplicate keys (PyYAML silently keeps the last one) and
non-string keys, which JSON Schema cannot describe.
"""

from __future__ import annotations

import re

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, ScalarNode
from yaml.resolver import Resolver

HAS_LIBYAML = getattr(yaml, "__with_libyaml__", False)

STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
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


class Constructor12(SafeConstructor):
    """Safe construction with YAML 1.2 numbers, duplicate-key and key-type checks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems = []  # (kind, message, start_mark, end_mark)

    def construct_yaml_int(self, node):
        text = self.construct_scalar(node)
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text, 10)

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, MappingNode):
            raise ConstructorError(
                None, None, "expected a mapping node, but found %s" % node.id, node.start_mark
            )
        seen = set()
        pairs = node.value
        for i, (key_node, _value) in enumerate(pairs):
            if key_node.tag == MERGE_TAG:
                continue
            if not (isinstance(key_node, ScalarNode) and key_node.tag == STR_TAG):
                if not isinstance(key_node, ScalarNode):
                    raise ConstructorError(
                        "while constructing a mapping",
                        node.start_mark,
                        "found a %s as a mapping key; keys must be plain strings"
                        % ("list" if key_node.id == "sequence" else key_node.id),
                        key_node.start_mark,
                    )
                # `1:` or `null:` or `true:` - JSON keys are strings; keep the text as written.
                self.problems.append(
                    (
                        "key-type",
                        "key %r is read as a %s; keys must be strings (quote it)"
                        % (key_node.value, key_node.tag.rsplit(":", 1)[-1]),
                        key_node.start_mark,
                        key_node.end_mark,
                    )
                )
                key_node = ScalarNode(STR_TAG, key_node.value, key_node.start_mark, key_node.end_mark)
                pairs[i] = (key_node, _value)
            key = key_node.value
            if key in seen:
                self.problems.append(
                    ("duplicate-key", "duplicate key %r" % key, key_node.start_mark, key_node.end_mark)
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_undefined(self, node):
        raise ConstructorError(
            None,
            None,
            "unsupported tag %s: only the YAML core schema's tags are allowed" % node.tag,
            node.start_mark,
        )


Constructor12.yaml_constructors = dict(SafeConstructor.yaml_constructors)
Constructor12.add_constructor("tag:yaml.org,2002:int", Constructor12.construct_yaml_int)
for _tag in ("timestamp", "binary", "omap", "pairs", "set"):
    Constructor12.yaml_constructors.pop("tag:yaml.org,2002:" + _tag, None)
Constructor12.add_constructor(None, Constructor12.construct_undefined)


# CSafeLoader is CParser + SafeConstructor + Resolver; ours swaps in the 1.2 resolver and the
# checking constructor.
if HAS_LIBYAML:
    from yaml.cyaml import CParser

    class Loader12(CParser, Constructor12, Resolver12):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            Constructor12.__init__(self)
            Resolver12.__init__(self)

else:  # pragma: no cover
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class Loader12(Reader, Scanner, Parser, Composer, Constructor12, Resolver12):
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            Constructor12.__init__(self)
            Resolver12.__init__(self)


def load_all(text):
    """Parse every YAML document of ``text``; returns (documents, problems).

    Raises ``yaml.YAMLError`` on a syntax error.
    """
    loader = Loader12(text)
    docs = []
    try:
        while loader.check_data():
            docs.append(loader.get_data())
    finally:
        loader.dispose()
    return docs, loader.problems


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
