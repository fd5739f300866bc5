"""Token contexts: which My Token values, campaign, program and trigger a campaign's steps see.

Two users share this module:

- the TOK rules ask *in which contexts can this campaign's steps run?* (:class:`ContextGraph`);
- the evaluator builds the one context of each campaign of a run (:class:`RunContext`).

The rules (domain.md, "Token context"; rules.md, TOK001):

- A campaign's own *My Token chain* is its program's tokens, then those of the program's
  folder, then of that folder's parents up to the root; the nearest definition wins
  (:func:`my_chain`). A value is *local* (on the program), *inherited* (from a folder) or
  *overridden* (on the program, hiding a folder's value of the same name).
- A non-executable campaign runs in its own context. An executable runs, for each Execute
  Campaign call, in the caller's context with its own chain as the fallback when the call says
  ``useParentTokenContext: true``, and in its own context when it says false. An executable
  nobody calls (or that is reached only through a cycle of calls) is judged in its own context.
- With the context passed, the child also gets the caller's ``campaign.*``, ``program.*``,
  ``member.*`` and ``trigger.*``: they are those of the *context root*, the campaign whose own
  context reached the child through a run of ``true`` calls.

Token names are matched exactly (``{{my.score}}`` does not find a token named ``Score``): the
rules suggest the near miss instead of guessing how Marketo compares case.

Everything here is linear: chains are memoised per program, and each per-campaign question is
answered by one iterative walk up the callers, memoised per campaign (cycles stop the walk).
"""

from __future__ import annotations

from mkto_lint.project.index import Program

_MISSING = object()


# -- My Token chains ------------------------------------------------------------------------------
class TokenDef:
    """One My Token definition as a campaign sees it through its chain."""

    __slots__ = ("name", "type", "value", "owner", "position", "status", "overrides")

    def __init__(self, name, type_, value, owner, position, status, overrides=None):
        self.name = name
        self.type = type_
        self.value = value
        self.owner = owner  # Program or Folder
        self.position = position  # index in the owner's `tokens`
        self.status = status  # "local" | "inherited" | "overridden"
        self.overrides = overrides  # the TokenDef of a folder above that this one hides

    @property
    def text(self):
        """The value as Marketo substitutes it (numbers written as YAML/JSON numbers too)."""
        return value_text(self.value)

    @property
    def where(self):
        if isinstance(self.owner, Program):
            return "program %s" % self.owner.label
        return "folder %s" % self.owner.label

    @property
    def origin(self):
        if self.status == "overridden" and self.overrides is not None:
            return "%s (overridden: hides %s %s)" % (self.where, self.overrides.where, self.overrides.text)
        return "%s (%s)" % (self.where, self.status)

    def target(self):
        return self.owner.target(("tokens", self.position, "value"))

    def same_definition(self, other):
        return other is not None and self.owner is other.owner and self.position == other.position

    def __repr__(self):
        return "<TokenDef %s=%r %s>" % (self.name, self.value, self.origin)


def value_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _own_tokens(asset):
    """{name: (position, token mapping)} of an asset's tokens, first definition wins."""
    out = {}
    raw = asset.data.get("tokens")
    if not isinstance(raw, list):
        return out
    for k, tok in enumerate(raw):
        if isinstance(tok, dict) and isinstance(tok.get("name"), str) and tok["name"] != "":
            out.setdefault(tok["name"], (k, tok))
    return out


def folder_chain(index, path):
    """The Folder documents of ``path`` and its parents, nearest first."""
    out = []
    path = path.strip("/") if isinstance(path, str) else ""
    while path:
        folder = index.folder_by_path.get(path)
        if folder is not None:
            out.append(folder)
        path = path.rpartition("/")[0]
    return out


def program_chain(index, program):
    """{token name: TokenDef} of a program: its own tokens over its folders'; memoised."""
    memo = _memo(index, "_my_chain_memo")
    key = id(program)
    hit = memo.get(key)
    if hit is not None:
        return hit
    chain = {}
    folders = folder_chain(index, program.folder) if program.folder else []
    for folder in reversed(folders):  # farthest first: nearer ones overwrite
        for name, (k, tok) in _own_tokens(folder).items():
            chain[name] = TokenDef(name, tok.get("type"), tok.get("value"), folder, k, "inherited")
    for name, (k, tok) in _own_tokens(program).items():
        hidden = chain.get(name)
        chain[name] = TokenDef(name, tok.get("type"), tok.get("value"), program, k,
                               "overridden" if hidden is not None else "local", hidden)
    memo[key] = chain
    return chain


def my_chain(index, campaign):
    """{token name: TokenDef} that ``campaign`` sees in its own context."""
    program = campaign.program
    if program is None:
        return {}
    return program_chain(index, program)


def chain_description(index, campaign):
    """``program P or its folders A/B, A`` (where a campaign's own My Tokens come from)."""
    program = campaign.program
    if program is None:
        return "its program (unresolved: %s)" % (campaign.program_name or "none")
    folders = folder_chain(index, program.folder) if program.folder else []
    if not folders:
        return "program %s" % program.label
    return "program %s or its folder%s %s" % (
        program.label, "s" if len(folders) > 1 else "", ", ".join(f.label for f in folders))


def _memo(index, name):
    memo = getattr(index, name, None)
    if memo is None:
        memo = {}
        setattr(index, name, memo)
    return memo


# -- static contexts (rules) ----------------------------------------------------------------------
class ContextGraph:
    """In which contexts can each campaign's steps run? Shared by the TOK rules through
    ``ctx.analysis("token-contexts", ...)``."""

    def __init__(self, index):
        self.index = index
        self._memos = {}

    # structure
    def true_calls(self, campaign):
        """Execute Campaign calls that pass their context into ``campaign`` (an executable)."""
        if not campaign.is_executable:
            return []
        return [call for call in self.index.callers.get(campaign, ()) if call.use_parent_context]

    def is_root(self, campaign):
        """Does ``campaign`` (also) run in its own context?"""
        if not campaign.is_executable:
            return True
        calls = self.index.callers.get(campaign, ())
        return not calls or any(not call.use_parent_context for call in calls)

    def chain(self, campaign):
        return my_chain(self.index, campaign)

    # the generic walk
    def solve(self, key, start, root_value, transform=None, cap=None):
        """``value(c) = root_value(c) if c runs in its own context, united with
        transform(c, value(caller))`` over the calls that pass their context into ``c``.

        Values are frozensets; ``cap`` bounds their size (for witnesses). A campaign reached only
        through a cycle takes its root value. Iterative (long chains), memoised under ``key``.
        """
        memo = self._memos.setdefault(key, {})
        if start in memo:
            return memo[start]
        transform = transform or (lambda _c, values: values)

        def initial(c):
            if self.is_root(c):
                reached.add(c)
                return set(root_value(c))
            return set()

        def add(target, values):
            reached.add(target)
            acc = partial[target]
            if cap is None or len(acc) < cap:
                for v in values:
                    acc.add(v)
                    if cap is not None and len(acc) >= cap:
                        break

        reached = set()  # campaigns some context reaches (not only through a cycle)
        partial = {start: initial(start)}
        on_stack = {start}
        stack = [(start, iter(self.true_calls(start)))]
        while stack:
            node, calls = stack[-1]
            descended = False
            for call in calls:
                caller = call.caller
                if caller in memo:
                    add(node, transform(node, memo[caller]))
                elif caller in on_stack:
                    continue  # a cycle (EXE008 reports it): contributes nothing
                else:
                    partial[caller] = initial(caller)
                    on_stack.add(caller)
                    stack.append((caller, iter(self.true_calls(caller))))
                    descended = True
                    break
            if descended:
                continue
            stack.pop()
            on_stack.discard(node)
            result = partial.pop(node)
            if node not in reached:  # reached only through a cycle: judged in its own context
                result = set(root_value(node))
            result = frozenset(result)
            memo[node] = result
            if stack:
                add(stack[-1][0], transform(stack[-1][0], result))
        return memo[start]

    # My Tokens
    def my_values(self, campaign, name):
        """The definitions ``{{my.name}}`` can take in ``campaign``'s steps: a frozenset of
        TokenDef, with None standing for a context in which it is undefined."""

        def root(c):
            return (self.chain(c).get(name),)

        def through(c, values):
            own = self.chain(c).get(name)
            return {own if v is None else v for v in values}

        return self.solve(("my", name), campaign, root, through)

    def lacking_calls(self, campaign, name):
        """For an executable whose steps may lack ``{{my.name}}``: the calls into it after
        which the token is undefined (a false call, or a true call whose caller's context
        lacks it too). Empty when the executable is judged in its own context."""
        if self.chain(campaign).get(name) is not None:
            return []
        out = []
        for call in self.index.callers.get(campaign, ()):
            if not call.use_parent_context:
                out.append(call)
            elif None in self.my_values(call.caller, name):
                out.append(call)
        return out

    def lacking_root(self, campaign, name):
        """A campaign whose own context lacks ``{{my.name}}`` and from which a run of true
        calls, through campaigns that lack it too, reaches ``campaign`` (or None)."""

        def root(c):
            return (c,) if name not in self.chain(c) else ()

        def through(c, values):
            return values if name not in self.chain(c) else ()

        found = self.solve(("lacks-root", name), campaign, root, through, cap=1)
        return next(iter(found), None)

    def caller_values(self, call, name):
        """Definitions of ``{{my.name}}`` the caller's context passes through a true call."""
        return {v for v in self.my_values(call.caller, name) if v is not None}

    # trigger context
    def without_trigger(self, campaign):
        """A witness (a campaign) that ``campaign`` can run without trigger context, or None:
        a batch non-executable, or an executable called with its context false, from which a
        run of true calls reaches ``campaign``."""

        def root(c):
            if not c.is_executable:
                return (c,) if c.is_batch else ()
            calls = self.index.callers.get(c, ())
            return (c,) if any(not call.use_parent_context for call in calls) else ()

        found = self.solve("no-trigger", campaign, root, cap=1)
        return next(iter(found), None)

    # context roots (campaign.*, program.*, member.*)
    def roots(self, campaign, predicate, key, cap=3):
        """Up to ``cap`` context roots of ``campaign`` that satisfy ``predicate``."""

        def root(c):
            return (c,) if predicate(c) else ()

        return self.solve(("roots", key), campaign, root, cap=cap)


def context_graph(ctx):
    """The shared ContextGraph of a rule run."""
    return ctx.analysis("token-contexts", lambda c: ContextGraph(c.index))


# -- run contexts (evaluator) ----------------------------------------------------------------------
SYSTEM_VALUES = {
    # fixed sample values: a dry run is deterministic
    "date": "2026-01-15",
    "time": "09:00 AM",
    "datetime": "2026-01-15 09:00:00",
    "unsubscribelink": "https://example.com/unsubscribe",
    "viewaswebpagelink": "https://example.com/view-as-webpage",
    "forwardtofriendlink": "https://example.com/forward-to-friend",
}


class Resolved:
    """A token's value in a run and where it came from."""

    __slots__ = ("value", "status", "source", "origin", "detail")

    def __init__(self, value, status, source, origin, detail=None):
        self.value = value  # the text Marketo puts in place of the token (the token itself when literal)
        self.status = status  # "resolved" | "default" | "empty" | "literal" | "unknown"
        self.source = source  # "api" | "program" | "folder" | "default" | "undefined" | "campaign" | ...
        self.origin = origin  # for people: 'caller "P.C" context: program P (local)'
        self.detail = detail or {}  # extra data for the JSON trace


class RunContext:
    """The context one campaign of a run executes in."""

    def __init__(self, index, campaign, layers, root, trigger, api, person, caller=None, inherited=0):
        self.index = index
        self.campaign = campaign  # the campaign running
        self.layers = layers  # [(kind, owner campaign, mapping)] in lookup order
        self.root = root  # the campaign whose campaign.*/program.*/member.* apply
        self.trigger = trigger  # trigger values (dict) when there is trigger context, else None
        self.api = api  # API-passed My Tokens (dict) in this context, or {}
        self.person = person  # the person's fields (dict), or None
        self.caller = caller  # the Campaign whose context was passed in, or None
        self.inherited = inherited  # how many of `layers` came from the caller

    @classmethod
    def start(cls, index, campaign, api, person, trigger):
        layers = []
        if api:
            layers.append(("api", campaign, dict(api)))
        layers.append(("chain", campaign, my_chain(index, campaign)))
        return cls(index, campaign, layers, campaign, trigger, dict(api or {}), person)

    def child(self, callee, use_parent_context):
        """The context of ``callee`` executed from this context."""
        if use_parent_context:
            layers = list(self.layers) + [("chain", callee, my_chain(self.index, callee))]
            return RunContext(self.index, callee, layers, self.root, self.trigger, self.api, self.person,
                              caller=self.campaign, inherited=len(self.layers))
        return RunContext(self.index, callee, [("chain", callee, my_chain(self.index, callee))],
                          callee, None, {}, self.person)

    @property
    def has_trigger(self):
        return self.trigger is not None

    def _via(self, layer_index):
        if layer_index < self.inherited and self.caller is not None:
            return 'caller "%s" context: ' % self.caller.label
        return ""

    def _root_via(self):
        if self.root is not self.campaign and self.caller is not None:
            return 'caller "%s" context: ' % self.caller.label
        return ""

    # the families
    def resolve(self, token):
        """The Resolved value of a well-formed Token."""
        fam = token.family
        if fam == "my":
            found = self._my(token)
        elif fam == "campaign":
            found = self._attribute(token, self.root, "campaign")
        elif fam == "program":
            found = self._attribute(token, self.root.program, "program")
        elif fam in ("lead", "company"):
            found = self._person(token)
        elif fam == "trigger":
            found = self._trigger(token)
        elif fam == "member":
            found = self._member(token)
        else:
            found = self._system(token)
        return _apply_default(token, found)

    def _my(self, token):
        name = token.name
        for i, (kind, owner, mapping) in enumerate(self.layers):
            if name not in mapping:
                continue
            via = self._via(i)
            if kind == "api":
                value = value_text(mapping[name])
                return Resolved(value, "resolved", "api", via + "API override",
                                {"context": self.caller.label if via else None})
            tdef = mapping[name]
            detail = {"asset": tdef.owner.label, "assetKind": "program" if isinstance(tdef.owner, Program) else "folder",
                      "definedStatus": tdef.status, "type": tdef.type,
                      "context": self.caller.label if via else None}
            source = "program" if isinstance(tdef.owner, Program) else "folder"
            return Resolved(tdef.text, "resolved", source, via + tdef.origin, detail)
        return Resolved(token.text, "literal", "undefined", "undefined: sent literally")

    def _attribute(self, token, asset, family):
        via = self._root_via()
        if asset is None:
            return Resolved(token.text, "literal", "undefined", "undefined: %s unknown" % family)
        key = token.name.lower()
        if key == "name":
            value = asset.name or ""
        elif key == "id":
            value = "" if asset.id is None else str(asset.id)
        elif key == "description":
            desc = asset.data.get("description")
            value = desc if isinstance(desc, str) else ""
        else:
            return Resolved(token.text, "literal", "undefined",
                            "undefined: %s has no attribute \"%s\" (name, id, description)" % (family, token.name))
        what = "campaign %s" % asset.label if family == "campaign" else "program %s" % asset.label
        return Resolved(value, "resolved" if value != "" else "empty", family + "-attribute", via + what,
                        {"context": self.caller.label if via else None})

    def _person(self, token):
        if self.person is None:
            return Resolved(token.text, "unknown", "person", "no person given: shown as written")
        value = lookup_field(self.person, token.name)
        if value is _MISSING:
            return Resolved("", "empty", "person", "person: field \"%s\" not given (empty)" % token.name)
        text = value_text(value)
        return Resolved(text, "resolved" if text != "" else "empty", "person", "person field \"%s\"" % token.name)

    def _trigger(self, token):
        if self.trigger is None:
            return Resolved("", "empty", "trigger", "no trigger in this context: empty")
        value = lookup_field(self.trigger, token.name)
        via = self._root_via()
        if value is _MISSING:
            return Resolved(token.text, "unknown", "trigger",
                            via + "trigger value not given (use --trigger-value): shown as written")
        text = value_text(value)
        return Resolved(text, "resolved" if text != "" else "empty", "trigger", via + "trigger value")

    def _member(self, token):
        program = self.root.program
        via = self._root_via()
        if program is None or program.type != "event":
            what = program.label if program is not None else "unknown"
            return Resolved("", "empty", "member", via + "program %s is not an event program: empty" % what)
        return Resolved(token.text, "unknown", "member",
                        via + "program member field of event program %s: not known in a dry run" % program.label)

    def _system(self, token):
        value = SYSTEM_VALUES.get(token.name.lower())
        if value is None:
            return Resolved(token.text, "literal", "undefined", "undefined: no system token \"%s\"" % token.name)
        return Resolved(value, "resolved", "system", "system (fixed sample value)")


def _apply_default(token, found):
    if token.default is None:
        return found
    if found.status in ("literal", "empty") or (found.status == "resolved" and found.value == ""):
        return Resolved(token.default, "default", "default", "default (%s)" % found.origin, found.detail)
    return found


def lookup_field(mapping, name):
    """A field of a person or trigger by name, case-insensitively; _MISSING when absent."""
    if name in mapping:
        return mapping[name]
    low = name.strip().lower()
    for key, value in mapping.items():
        if isinstance(key, str) and key.strip().lower() == low:
            return value
    return _MISSING


MISSING = _MISSING

__all__ = ["TokenDef", "my_chain", "program_chain", "ContextGraph", "context_graph", "RunContext",
           "Resolved", "lookup_field", "MISSING", "value_text"]


# -- message helpers shared by the TOK rules -----------------------------------------------------------
def unique_calls(calls):
    """The calls with one per caller campaign, in order."""
    seen = set()
    out = []
    for call in calls:
        if call.caller in seen:
            continue
        seen.add(call.caller)
        out.append(call)
    return out


def join_names(items, limit=3):
    """``a``, ``a and b``, ``a, b and c``, ``a, b, c and 2 more``."""
    items = list(items)
    if len(items) > limit:
        shown = items[:limit] + ["%d more" % (len(items) - limit)]
    else:
        shown = items
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def closest_token(name, candidates):
    """The candidate name that ``name`` most likely misspells, or None."""
    from mkto_lint.suggest import suggest

    return suggest(name, candidates)
