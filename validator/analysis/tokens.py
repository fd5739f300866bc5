"""Token parsing: every ``{{family.Name}}`` / ``{{family.Name:default=text}}`` of a string.

One parser for the evaluator and the TOK rules. :func:`parse` returns every token of a string
with its character offsets inside the *value* (the parsed string, escapes decoded); a rule turns
the offsets into a line and column with :func:`target` (``locate.py`` maps a value offset back to
the source text of the scalar, whatever its YAML style or JSON escapes).

Families (docs/format.md, "Tokens in values"): ``my``, ``lead`` (also ``Lead``, ``person``), ``company``
(also ``Company``), ``campaign``, ``program``, ``member``, ``trigger``, ``system``. Names may
contain spaces (``{{lead.First Name}}``).

A token is *malformed* (rule TOK002) when Marketo would not recognise it and would send the
text as it is:

- ``{{`` without a closing ``}}`` (or another ``{{`` before it), and a token that lost one
  opening brace (``{my.Score}}``: a family and a name between a single ``{`` and ``}}``; other
  text ending in ``}}``, such as JSON, is not a token);
- no family (``{{Score}}``), an unknown family (``{{My.Score}}``, ``{{contact.Email}}``), an
  empty name (``{{my.}}``), spaces around the family or the name inside the braces
  (``{{ my.Score }}``), braces inside the token, or a modifier other than ``:default=``
  (``{{my.Date:format=...}}``).
"""

from __future__ import annotations

import marshal
import re
from functools import lru_cache

from mkto_lint.findings import AT_VALUE
from mkto_lint.record import FrozenRecord, replace

# family as written -> canonical family
FAMILIES = {
    "my": "my",
    "lead": "lead", "Lead": "lead", "person": "lead",
    "company": "company", "Company": "company",
    "campaign": "campaign",
    "program": "program",
    "member": "member",
    "trigger": "trigger",
    "system": "system",
}
DEFAULT_MARK = ":default="
OPEN, CLOSE = "{{", "}}"

# String values Marketo never renders, not scanned for tokens: the document's own description,
# the error message an export carries, and ``x-*`` annotations anywhere.
TOP_LEVEL_SKIP = frozenset(("description",))
SKIP_KEYS = frozenset(("errorMessage",))
_MAX_RECURSION = 60


class Token(FrozenRecord):
    """One ``{{...}}`` of a string. Offsets are into the parsed value, end exclusive.

    ``text``: exactly as written, braces included; ``family``: the canonical family (``lead``
    for ``Lead``/``person``), "" when malformed; ``default``: the ``:default=`` text, or None
    without one; ``error``: why it is malformed (TOK002), None for a well-formed token.
    """

    __slots__ = ("start", "end", "text", "family", "written_family", "name", "default", "error")
    _defaults = {"family": "", "written_family": "", "name": "", "default": None, "error": None}

    @property
    def ok(self):
        return self.error is None

    @property
    def key(self):
        """``family.Name`` as written (``my.Score``)."""
        return "%s.%s" % (self.written_family, self.name)

    @property
    def length(self):
        return self.end - self.start


def parse(text):
    """Every token of ``text``, in order, malformed ones included (their ``error`` is set).

    Short strings' results are shared between equal strings (instances repeat the same values
    a lot): do not modify them. Linear in the length of ``text``.
    """
    if not isinstance(text, str) or ("{" not in text and "}" not in text):
        return ()
    if len(text) <= _CACHED_LENGTH:
        return _parse_cached(text)
    return _parse(text)


_CACHED_LENGTH = 2000
_LOOKS_LIKE_TOKEN = re.compile(r"(?i:%s)\.[^{}]+$" % "|".join(sorted(set(FAMILIES))))


def _parse(text):
    found = []
    pos = 0
    n = len(text)
    next_open = text.find(OPEN)  # the first "{{" at or after pos (-1: none left), kept up to date
    next_close = text.find(CLOSE)  # the same for "}}"
    while pos < n:
        if next_open != -1 and next_open < pos:
            next_open = text.find(OPEN, pos)
        if next_close != -1 and next_close < pos:
            next_close = text.find(CLOSE, pos)
        open_at, close_at = next_open, next_close
        if close_at != -1 and (open_at == -1 or close_at < open_at):
            # "}}" with no "{{" before it: a token that lost a brace ({my.Score}}) is malformed;
            # other text that happens to end in "}}" (JSON, code) is not a token at all
            start = text.rfind("{", pos, close_at)
            if start != -1 and _LOOKS_LIKE_TOKEN.match(text, start + 1, close_at):
                found.append(Token(start, close_at + 2, text[start:close_at + 2],
                                   error='a single "{" before the token: write "{{"'))
            pos = close_at + 2
            continue
        if open_at == -1:
            break
        if next_close != -1 and next_close < open_at + 2:
            next_close = text.find(CLOSE, open_at + 2)
        close_at = next_close
        next_open = again = text.find(OPEN, open_at + 2)
        if close_at == -1 or (again != -1 and again < close_at):
            stop = again if again != -1 else n  # where the next token may start
            # the token-looking part: up to a single "}" (kept), a line break or the next "{{"
            brace = text.find("}", open_at + 2, stop)
            line = text.find("\n", open_at + 2, stop)
            if brace != -1 and (line == -1 or brace < line):
                end = brace + 1
            elif line != -1:
                end = line
            else:
                end = stop
            raw = text[open_at:end].rstrip()
            found.append(Token(open_at, open_at + len(raw), raw, error='"{{" without a closing "}}"'))
            pos = max(end, open_at + 2)
            continue
        found.append(_token(text, open_at, close_at + 2))
        pos = close_at + 2
    return tuple(found)


_parse_cached = lru_cache(maxsize=8192)(_parse)


def _token(text, start, end):
    raw = text[start:end]
    inner = raw[2:-2]
    if "{" in inner or "}" in inner:
        return Token(start, end, raw, error="braces inside the token")
    body, default = inner, None
    colon = inner.find(":")
    if colon != -1:
        if inner.startswith(DEFAULT_MARK, colon):
            body, default = inner[:colon], inner[colon + len(DEFAULT_MARK):]
        else:
            modifier = inner[colon:].split("=", 1)[0]
            return Token(start, end, raw, error='unknown modifier "%s" (only ":default=" is understood)' % modifier)
    if body.strip() == "":
        return Token(start, end, raw, error="the token is empty")
    if body != body.strip():
        return Token(start, end, raw, error="spaces inside the braces")
    dot = body.find(".")
    if dot == -1:
        hint = ' (did you mean "{{my.%s}}"?)' % body if body else ""
        return Token(start, end, raw, error="no family before the name: write family.Name%s" % hint)
    written, name = body[:dot], body[dot + 1:]
    family = FAMILIES.get(written)
    if family is None:
        close = _closest_family(written)
        hint = ' (did you mean "%s"?)' % close if close else ""
        return Token(start, end, raw, error='unknown token family "%s"%s; families: %s'
                     % (written, hint, ", ".join(sorted(set(FAMILIES.values())))))
    if name.strip() == "":
        return Token(start, end, raw, written_family=written, error="the token has no name after \"%s.\"" % written)
    if name != name.strip():
        return Token(start, end, raw, written_family=written, error="spaces inside the braces")
    return Token(start, end, raw, family, written, name, default)


def _closest_family(written):
    low = written.lower()
    for fam in FAMILIES:
        if fam.lower() == low:
            return fam
    from mkto_lint.suggest import suggest

    return suggest(low, FAMILIES)


def iter_strings(data, path=(), braces_only=False, top_level=False):
    """(document path, string) of every string value below ``data``, in document order,
    skipping ``x-*`` annotations, ``errorMessage`` and (``top_level``: ``data`` is a whole
    document) the document's ``description``. With ``braces_only``, only the strings holding
    ``{`` or ``}`` (the others cost nothing but the look)."""
    if isinstance(data, str):
        if not braces_only or "{" in data or "}" in data:
            yield path, data
        return
    if not isinstance(data, (dict, list)):
        return
    out = []
    _collect(data, list(path), out, braces_only, TOP_LEVEL_SKIP if top_level else (), 0)
    yield from out


def _collect(value, path, out, braces_only, skip_here, depth):
    """Append (path tuple, string) of ``value``'s strings to ``out`` (recursive while shallow)."""
    pairs = value.items() if type(value) is dict else enumerate(value)
    for k, v in pairs:
        t = type(v)
        if t is str:
            if braces_only and "{" not in v and "}" not in v:
                continue
        elif t is not dict and t is not list:
            continue
        if type(k) is str and (k in SKIP_KEYS or k in skip_here or k.startswith("x-")):
            continue
        path.append(k)
        if t is str:
            out.append((tuple(path), v))
        elif depth < _MAX_RECURSION:
            _collect(v, path, out, braces_only, (), depth + 1)
        else:  # absurdly deep documents: an iterative walk
            out.extend(_walk(v, tuple(path), braces_only))
        path.pop()


def _walk(data, path, braces_only):
    """The strings below ``data`` without recursion (order: document order per container)."""
    found = []
    stack = [(path, data)]
    while stack:
        here, value = stack.pop()
        if isinstance(value, str):
            if not braces_only or "{" in value or "}" in value:
                found.append((here, value))
            continue
        pairs = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        for k, v in reversed(pairs):
            if isinstance(k, str) and (k in SKIP_KEYS or k.startswith("x-")):
                continue
            if isinstance(v, (str, dict, list)):
                stack.append((here + (k,), v))
    return found


def _may_hold_braces(value):
    """False when no string below ``value`` holds "{{" or "}}", the only text a token (well
    formed or not) starts from (one C-speed serialisation). marshal writes string contents as
    they are and uses "{" only as the type code of a dict, which is followed by its first key's
    type code, never by another "{"; so a miss is certain and a hit is only a maybe."""
    try:
        blob = marshal.dumps(value)
    except ValueError:
        return True
    return b"{{" in blob or b"}}" in blob


def iter_tokens(data, path=(), top_level=False):
    """(document path of the string, Token) of every token below ``data``."""
    if isinstance(data, (dict, list)):
        strings = []
        _screened(data, list(path), strings, TOP_LEVEL_SKIP if top_level else (), 0)
    else:
        strings = list(iter_strings(data, path, braces_only=True))
    for where, text in strings:
        for tok in parse(text):
            yield where, tok


def _screened(value, path, out, skip_here, level):
    """``_collect`` with braces only, where each container two levels below ``value`` is first
    screened at C speed (``marshal``): a campaign's steps and smart-list rules mostly hold no
    brace, and cost one look each instead of a walk. The first two levels are walked, not
    screened: serialising them would repeat the screens below them."""
    pairs = value.items() if type(value) is dict else enumerate(value)
    for k, v in pairs:
        t = type(v)
        if t is str:
            if "{" not in v and "}" not in v:
                continue
        elif t is not dict and t is not list:
            continue
        if type(k) is str and (k in SKIP_KEYS or k in skip_here or k.startswith("x-")):
            continue
        path.append(k)
        if t is str:
            out.append((tuple(path), v))
        elif level == 0:
            _screened(v, path, out, (), 1)
        elif _may_hold_braces(v):
            _collect(v, path, out, True, (), 2)
        path.pop()


def token_table(ctx):
    """{asset: [(path, Token)]} of every asset whose document holds a token (programs, folders,
    smart lists, then campaigns): one walk of every document per run, shared by the TOK rules."""

    def compute(c):
        table = {}
        index = c.index
        for group in (index.programs, index.folders, index.smart_lists, index.campaigns):
            for asset in group:
                found = list(iter_tokens(asset.data, top_level=True))
                if found:
                    table[asset] = found
        return table

    return ctx.analysis("tokens", compute)


def _flow_part(path, steps):
    """0 for a step's attributes, 1 for a choice's attributes, 2 for a choice's condition, None
    for any other place of a campaign (``path`` is a document path, ``steps`` the campaign's
    steps by index; attributes count only where they are a mapping)."""
    if len(path) < 4 or path[0] != "flow" or path[1] not in steps:
        return None
    step = steps[path[1]].data
    if path[2] == "attributes":
        return 0 if type(step["attributes"]) is dict else None
    if path[2] != "choices" or len(path) < 5 or type(step["choices"]) is not list:
        return None
    if path[4] == "if":
        return 2
    if path[4] == "attributes" and type(step["choices"][path[3]]["attributes"]) is dict:
        return 1
    return None


def campaign_tokens(ctx, part):
    """{Campaign: [(step, path, Token)]} of the tokens of flow steps: ``part`` 0 is the step
    attributes and their choices' attributes (where Marketo renders tokens), 2 the choices'
    conditions. Steps in flow order; a step's own attributes before its choices'."""

    def compute(c):  # both parts in one pass over the token table
        rendered, conditions = {}, {}
        for campaign, found in token_table(c).items():
            if campaign.kind != "SmartCampaign":
                continue
            steps = {step.index: step for step in campaign.steps}
            rows = ([], [])
            for where, tok in found:
                kind = _flow_part(where, steps)
                if kind is not None:
                    rows[kind == 2].append((where[1], kind, steps[where[1]], where, tok))
            for table, part_rows in zip((rendered, conditions), rows):
                if part_rows:
                    part_rows.sort(key=lambda r: (r[0], r[1]))  # stable: document order within a part
                    table[campaign] = [(step, where, tok) for _i, _k, step, where, tok in part_rows]
        return rendered, conditions

    return ctx.analysis("flow-tokens", compute)[part == 2]


def flow_token_table(ctx):
    """{Campaign: [(step, path, Token)]} of the campaigns whose flow step attributes (or their
    choices' attributes) hold a token, computed once per rule run and shared by the TOK rules."""
    return campaign_tokens(ctx, 0)


def target(asset_or_step, path, token):
    """A Target on ``token`` inside the string at ``path`` of a Campaign/Step/asset."""
    base = asset_or_step.target(path, AT_VALUE)
    return replace(base, offset=token.start, length=token.end - token.start)


def render(text, lookup):
    """``text`` with every well-formed token replaced by ``lookup(token)``.

    ``lookup`` returns the replacement string, or None to leave the token as written.
    """
    if not isinstance(text, str):
        return text
    tokens = parse(text)
    if not tokens:
        return text
    out = []
    pos = 0
    for tok in tokens:
        out.append(text[pos:tok.start])
        value = lookup(tok) if tok.ok else None
        out.append(tok.text if value is None else value)
        pos = tok.end
    out.append(text[pos:])
    return "".join(out)


__all__ = ["Token", "parse", "iter_strings", "iter_tokens", "token_table", "campaign_tokens", "flow_token_table", "target", "render", "FAMILIES"]
