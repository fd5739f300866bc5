"""The dry-run evaluator's token context: what each token of a step resolves to, in the one
context a campaign of a run executes in (docs/evaluator.md, semantics 4 and 5).

The start campaign sees the API tokens over its own My Token chain, its own ``campaign.*`` /
``program.*`` and the trigger values (when a trigger started the run). An executable executed
with ``useParentTokenContext: true`` gets the caller's whole context with its own chain as the
last fallback; with false, only its own chain and attributes (:meth:`RunContext.child`).

The static question the TOK rules ask (in which contexts *can* a campaign run?) is
:mod:`mkto_lint.analysis.contexts`.
"""

from __future__ import annotations

from mkto_lint.analysis.token_chains import my_chain
from mkto_lint.analysis.tokens import Token
from mkto_lint.analysis.values import MISSING, lookup_field, value_text
from mkto_lint.project.index import Campaign, Program, ProjectIndex

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

    def __init__(self, value: str, status: str, source: str, origin: str, detail: dict | None = None):
        self.value = value  # the text Marketo puts in place of the token (the token itself when literal)
        self.status = status  # "resolved" | "default" | "empty" | "literal" | "unknown"
        self.source = source  # "api" | "program" | "folder" | "default" | "undefined" | "campaign" | ...
        self.origin = origin  # for people: 'caller "P.C" context: program P (local)'
        self.detail = detail or {}  # extra data for the JSON trace


class RunContext:
    """The context one campaign of a run executes in."""

    def __init__(self, index: ProjectIndex, campaign: Campaign, layers: list, root: Campaign,
                 trigger: dict | None, api: dict, person: dict | None, caller: Campaign | None = None,
                 inherited: int = 0, chains: dict | None = None):
        self.index = index
        self.campaign = campaign  # the campaign running
        self.layers = layers  # [(kind, owner campaign, mapping)] in lookup order
        self.root = root  # the campaign whose campaign.*/program.*/member.* apply
        self.trigger = trigger  # trigger values (dict) when there is trigger context, else None
        self.api = api  # API-passed My Tokens (dict) in this context, or {}
        self.person = person  # the person's fields (dict), or None
        self.caller = caller  # the Campaign whose context was passed in, or None
        self.inherited = inherited  # how many of `layers` came from the caller
        self.chains = chains  # the run's memo of My Token chains (token_chains.program_chain)

    @classmethod
    def start(cls, index: ProjectIndex, campaign: Campaign, api: dict | None, person: dict | None,
              trigger: dict | None, chains: dict | None = None) -> RunContext:
        """The context of the campaign that starts a run; ``chains``: a dict the run keeps, so
        that each program's chain is built once."""
        layers = []
        if api:
            layers.append(("api", campaign, dict(api)))
        layers.append(("chain", campaign, my_chain(index, campaign, chains)))
        return cls(index, campaign, layers, campaign, trigger, dict(api or {}), person, chains=chains)

    def child(self, callee: Campaign, use_parent_context: bool) -> RunContext:
        """The context of ``callee`` executed from this context."""
        own = ("chain", callee, my_chain(self.index, callee, self.chains))
        if use_parent_context:
            return RunContext(self.index, callee, list(self.layers) + [own], self.root, self.trigger, self.api,
                              self.person, caller=self.campaign, inherited=len(self.layers), chains=self.chains)
        return RunContext(self.index, callee, [own], callee, None, {}, self.person, chains=self.chains)

    @property
    def has_trigger(self) -> bool:
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
    def resolve(self, token: Token) -> Resolved:
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
        return Resolved(token.text, "literal", "undefined", "undefined")  # the trace says "sent literally" once

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
        if value is MISSING:
            return Resolved("", "empty", "person", "person: field \"%s\" not given (empty)" % token.name)
        text = value_text(value)
        return Resolved(text, "resolved" if text != "" else "empty", "person", "person field \"%s\"" % token.name)

    def _trigger(self, token):
        if self.trigger is None:
            return Resolved("", "empty", "trigger", "no trigger in this context: empty")
        value = lookup_field(self.trigger, token.name)
        via = self._root_via()
        if value is MISSING:
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


__all__ = ["RunContext", "Resolved", "SYSTEM_VALUES"]
