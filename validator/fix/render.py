"""A Fix's operations to text edits, from the node tree the reporter already composed
(``positions.locate``): every edit replaces the source text of exactly the node, entry or line
it changes, so nothing outside it moves. An operation that cannot be written without touching
something else (an alias, an anchored or tagged value, a block scalar, a key that is not alone
at the start of its line) gives no edit, and the fix is not offered.
"""

from __future__ import annotations

import json
import re

from mkto_lint.fix.edits import Edit, Fix, InsertAfter, RemoveEntry, RenameKey, ReplaceValue, TextEdits

_COMMENT = re.compile(r"#[^\r\n]*")
_GAP = re.compile(r"\s*:\s*")  # between a key and its own value (comments taken out first)
_REST = re.compile(r"[ \t]*(?:#[^\r\n]*)?")  # what may follow an entry on its last line
_PLAIN = re.compile(r"[A-Za-z0-9_+][A-Za-z0-9 _.+()/&'-]*")  # a plain scalar safe in block and flow style


def render(fix: Fix) -> list[Edit] | None:
    """The edits of ``fix`` in its file's text, sorted, or None when one operation cannot be
    written (or two of them overlap)."""
    sf = fix.file
    edits = []
    try:
        for op in fix.ops:
            if (op.file if isinstance(op, TextEdits) else op.target.file) is not sf:
                return None  # one fix edits one file
            got = _TEXT_OPS[type(op)](sf, op)
            if not got:
                return None
            edits.extend(got)
    except Exception:  # a fix is a courtesy: a layout it does not foresee is no fix, never a crash
        return None
    edits.sort(key=lambda e: (e.start, e.end))
    if any(a.end > b.start for a, b in zip(edits, edits[1:])):
        return None
    return edits


# -- the text of nodes -------------------------------------------------------------------------

def _start(node):
    return node.start if hasattr(node, "start") else node.start_mark.index


def _end(node):
    return node.end if hasattr(node, "end") else node.end_mark.index


def _flow(sf, node):
    return sf.format == "json" or bool(getattr(node, "flow_style", False))


def _content_end(sf, node):
    """Where a value's own text ends: a block collection's end mark is the next token's start
    (past comments and blank lines below it), so the end of its last item's text instead."""
    while sf.format != "json" and node.id in ("mapping", "sequence") and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if node.id == "mapping" else last
    return _end(node)


def _owned(sf, key, value):
    """Whether ``value`` is written right after ``key`` (not an alias of a node elsewhere) and
    carries no anchor or tag an edit would drop."""
    text = sf.text
    if text[_start(value):_start(value) + 1] in ("&", "!") or text[_start(key):_start(key) + 1] in ("&", "!", "*"):
        return False
    return _GAP.fullmatch(_COMMENT.sub("", text[_end(key):_start(value)])) is not None


def _entries(node):
    return node.value


def _line_start(text, pos):
    return max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1


def _line_end(text, pos):
    """The offset just after the line break ending the line at ``pos`` (or the text's end)."""
    match = re.compile(r"\r\n?|\n").search(text, pos)
    return match.end() if match else len(text)


def eol(text: str) -> str:
    """The file's line break: the first one written (``\\n`` when there is none)."""
    match = re.search(r"\r\n?|\n", text)
    return match.group() if match else "\n"


def _line_rest_end(sf, end):
    """The end of the line holding a block entry's last character ``end``, line break
    included, or None when anything but a comment follows it there."""
    text = sf.text
    if end > 0 and text[end - 1] in "\r\n":  # a block scalar's text ends with its line break
        return end
    rest = _REST.match(text, end)
    after = rest.end()
    if after < len(text) and text[after] not in "\r\n":
        return None
    return _line_end(text, after)


def _block_indent(sf, key):
    """The indentation of a block mapping's key alone at the start of its line (after a
    sequence's ``- `` the same width in spaces), or None."""
    text = sf.text
    prefix = text[_line_start(text, _start(key)):_start(key)]
    if prefix.strip(" ") == "":
        return prefix
    if prefix.replace("-", " ").strip(" ") == "":
        return " " * len(prefix)
    return None


# -- scalars -------------------------------------------------------------------------------------

def scalar_text(sf, value, style=None, flow=False) -> str:
    """``value`` as a JSON value, or as a YAML scalar in ``style`` (None: plain) when that style
    reads back as the same value, else double-quoted."""
    if sf.format == "json" or isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        if sf.format != "json" and isinstance(value, bool):
            return "true" if value else "false"
        return json.dumps(value, ensure_ascii=False)
    if style == "'" and value.isprintable():
        return "'%s'" % value.replace("'", "''")
    if not style and _plain_reads_back(value, flow):  # the C composer's plain style is ""
        return value
    return json.dumps(value, ensure_ascii=False)


def _plain_reads_back(value, flow):
    if not _PLAIN.fullmatch(value) or value != value.strip() or " #" in value:
        return False
    from mkto_lint.read import yaml12

    docs, problems = yaml12.load_all("[%s]" % value if flow else "x: %s\n" % value)
    got = docs[0][0] if flow and docs else (docs[0].get("x") if docs else None)
    return not problems and got == value


def _entry_text(sf, key, value, flow):
    if sf.format == "json":
        return "%s: %s" % (json.dumps(key, ensure_ascii=False), json.dumps(value, ensure_ascii=False))
    return "%s: %s" % (scalar_text(sf, key, None, flow), scalar_text(sf, value, None, flow))


# -- the operations ----------------------------------------------------------------------------

def _entry(op):
    """(mapping, key node, value node) of the entry at ``op.target``, when the value is written
    right after its key (not an alias, no anchor or tag), else None."""
    sf = op.target.file
    found = sf.locator.nodes(op.target)
    if found is None or found[1] is None or found[0].id != "mapping" or not _owned(sf, found[1], found[2]):
        return None
    if not any(k is found[1] for k, _v in found[0].value):  # from a merged mapping (<<: *base): the
        return None  # edit would change every document that merges it
    return found


def _has_key(mapping, name):
    return any(k.id == "scalar" and k.value == name for k, _v in _entries(mapping))


def _rewrite(sf, mapping, node, new):
    """The edit writing ``new`` over the scalar ``node`` of ``mapping``, in its style."""
    style = getattr(node, "style", None)
    if node.id != "scalar" or style in ("|", ">"):
        return None
    return [Edit(_start(node), _end(node), scalar_text(sf, new, style, _flow(sf, mapping)))]


def _replace_value(sf, op):
    found = _entry(op)
    return _rewrite(sf, found[0], found[2], op.value) if found else None


def _rename_key(sf, op):
    found = _entry(op)
    if found is None or _has_key(found[0], op.key):  # renaming would write a duplicate key
        return None
    return _rewrite(sf, found[0], found[1], op.key)


def _insert_after(sf, op):
    found = _entry(op)
    if found is None or _has_key(found[0], op.key):
        return None
    parent, key, value = found
    text = sf.text
    flow = _flow(sf, parent)
    entry = _entry_text(sf, op.key, op.value, flow)
    if flow:
        before = text[:_start(key)]
        gap = before[len(before.rstrip()):]  # the layout between the previous entry and this key
        sep = "," + gap if ("\n" in gap or "\r" in gap) else ", "
        end = _end(value)
        return [Edit(end, end, sep + entry)]
    indent = _block_indent(sf, key)
    at = _line_rest_end(sf, _content_end(sf, value))
    if indent is None or at is None:
        return None
    if at == len(text) and not text.endswith(("\n", "\r")):
        return [Edit(at, at, eol(text) + indent + entry)]
    return [Edit(at, at, indent + entry + eol(text))]


def _item(op):
    """(sequence, item node) of the list item at ``op.target``, written in its own place (not
    an alias, no anchor or tag), else None."""
    sf = op.target.file
    found = sf.locator.nodes(op.target)
    if found is None or found[0].id != "sequence" or sf.text[_start(found[2]):_start(found[2]) + 1] in ("&", "!"):
        return None
    before = sf.text[:_start(found[2])].rstrip()
    if not before.endswith(("[", ",", "-")):  # an alias's node is written somewhere else
        return None
    return found[0], found[2]


def _remove_entry(sf, op):
    """A mapping's entry, or a list's item: in flow style with one comma beside it, in block
    style with its lines (not the last one of a block collection, which would become null)."""
    if op.target.file.locator.nodes(op.target) is None:
        return None
    found = _entry(op)
    if found is not None:
        parent, first, last = found
        items = _entries(parent)
        bounds = [(k, v) for k, v in items]
        dash = ""
    else:
        item = _item(op)
        if item is None:
            return None
        parent, first = item
        last = first
        bounds = [(x, x) for x in parent.value]
        dash = "-"
    i = next(n for n, (f, _l) in enumerate(bounds) if f is first)
    if _flow(sf, parent):
        if i + 1 < len(bounds):
            return [Edit(_start(first), _start(bounds[i + 1][0]), "")]
        if i > 0:
            return [Edit(_end(bounds[i - 1][1]), _end(last), "")]
        return [Edit(_start(first), _end(last), "")]
    if len(bounds) == 1:
        return None  # the collection would be left empty: its key would then hold null
    text = sf.text
    start = _line_start(text, _start(first))
    end = _line_rest_end(sf, _content_end(sf, last))
    lead = text[start:_start(first)]
    if end is None or lead.strip(" ") != dash or (dash and not lead.rstrip(" ").endswith("-")):
        return None
    return [Edit(start, end, "")]


def _text_edits(sf, op):
    return op.make(sf.text)


_TEXT_OPS = {ReplaceValue: _replace_value, RenameKey: _rename_key, InsertAfter: _insert_after,
             RemoveEntry: _remove_entry, TextEdits: _text_edits}

__all__ = ["render", "scalar_text", "eol"]
