"""``json.dumps(value, indent=2, ensure_ascii=False)``, several times faster.

With ``indent`` set, the standard library gives up its C encoder for a pure-Python generator
that yields every comma and bracket on its own: writing ``resolve --all --format json`` over
10,000 campaigns spent 60% of its time there. This writes the same text (a property test
compares the two) with one plain recursive function; strings still go through the C
``encode_basestring``. Values of other types are left to ``json.dumps``, errors included.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

_INFINITY = float("inf")


def dumps(value, indent=2, prefix=""):
    """The text of ``json.dumps(value, indent=indent, ensure_ascii=False)``, every line after
    the first starting with ``prefix`` (for a value written inside an enclosing document)."""
    out = []
    _write(value, out, "\n" + prefix, " " * indent)
    return "".join(out)


def _float(value):
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key):
    t = type(key)
    if t is str:
        return key
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if t is int:
        return int.__repr__(key)
    if t is float:
        return _float(key)
    raise TypeError("keys must be str, int, float, bool or None, not %s" % t.__name__)


def _write(value, out, newline, step):
    t = type(value)
    if t is str:
        out.append(encode_basestring(value))
    elif t is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + step
        sep = "{" + inner
        for k, v in value.items():
            out.append(sep + encode_basestring(_key(k)) + ": ")
            _write(v, out, inner, step)
            sep = "," + inner
        out.append(newline + "}")
    elif t is list or t is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + step
        sep = "[" + inner
        for v in value:
            out.append(sep)
            _write(v, out, inner, step)
            sep = "," + inner
        out.append(newline + "]")
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif t is int:
        out.append(int.__repr__(value))
    elif t is float:
        out.append(_float(value))
    else:  # anything else (subclasses, unknown types): exactly as json.dumps would, or its error
        out.append(json.dumps(value, indent=len(step), ensure_ascii=False).replace("\n", newline))


__all__ = ["dumps"]
