"""The YAML 1.2 core schema: its tags, the implicit typing of untagged scalars, and the
conversion of a scalar's text to its value (``ConversionError`` for what has no JSON value).

PyYAML resolves YAML 1.1: ``no``/``on``/``yes`` become booleans, ``010`` is octal, ``1:30`` is
sexagesimal and dates become ``datetime`` objects. Marketo definitions are YAML 1.2 documents
(that is what ruamel.yaml and editors' language servers read), so both the fast loader and the
position-keeping composer use the resolver below: ``true``/``false``, ``null``/``~``, decimal,
``0o`` and ``0x`` integers and floats are typed; everything else, dates included, stays a string.
Nothing is ever constructed from a tag.
"""

from __future__ import annotations

import json
import re

import yaml
from yaml.nodes import ScalarNode, SequenceNode
from yaml.resolver import Resolver

STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
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


class ConversionError(yaml.MarkedYAMLError):
    """A node that has no JSON value (unsupported tag, non-scalar key, alias bomb, too deep)."""


class FastResolve:
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
    FastResolve._by_first[_first] = tuple(_pairs)


def resolve_scalar(value, implicit, _by_first=FastResolve._by_first):
    """The tag of an untagged scalar, exactly as the composer resolves it."""
    if implicit[0]:
        if value == "":
            return NULL_TAG
        for tag, regexp in _by_first.get(value[0], ()):
            if regexp.match(value):
                return tag
    return STR_TAG


def unsupported_tag(tag, mark):
    """Refuse a tag outside the core schema."""
    raise ConversionError(
        None, None,
        "unsupported tag %s: only the YAML core schema's tags are allowed" % _short(tag),
        mark,
    )


def _short(text, limit=60):
    return text if len(text) <= limit else text[:limit - 3] + "..."


def max_int_digits():
    """The most digits Python converts to an int (``sys.int_max_str_digits``; 0: no limit)."""
    import sys

    get = getattr(sys, "get_int_max_str_digits", None)
    return get() if get is not None else 0


def _too_long_int(text, mark):
    raise ConversionError(
        None, None,
        "integer %s has more than %d digits: too long to read" % (_short(text, 30), max_int_digits()),
        mark,
    )


def scalar_value(tag, text, mark):
    """The value of a scalar of the core schema (``tag`` already resolved)."""
    if tag == STR_TAG:
        return text
    if tag == INT_TAG:
        limit = max_int_digits()
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
        unsupported_tag(tag, mark)
    raise ConversionError(None, None, "%s is not a valid %s" % (json.dumps(_short(text), ensure_ascii=False), tag.rsplit(":", 1)[-1]), mark)


__all__ = ["Resolver12", "FastResolve", "ConversionError", "resolve_scalar", "scalar_value", "unsupported_tag",
           "max_int_digits", "CORE_TAGS", "STR_TAG", "INT_TAG", "FLOAT_TAG", "BOOL_TAG", "NULL_TAG", "MAP_TAG",
           "SEQ_TAG", "MERGE_TAG"]
