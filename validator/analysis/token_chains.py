"""My Token chains: which My Token definitions a campaign sees in its own context.

A campaign's own *My Token chain* is its program's tokens, then those of the program's folder,
then of that folder's parents up to the root; the nearest definition wins (docs/format.md,
"My Tokens"). A value is *local* (on the program), *inherited* (from a folder) or *overridden* (on
the program, hiding a folder's value of the same name).

Chains are memoised per program in a dict the caller owns (one per run: the rules' ContextGraph
holds one, the evaluator another), so nothing here outlives a run.
"""

from __future__ import annotations

from typing import Any

from mkto_lint.analysis.values import value_text
from mkto_lint.findings import Target
from mkto_lint.project.index import Campaign, Folder, Program, ProjectIndex


class TokenDef:
    """One My Token definition as a campaign sees it through its chain."""

    __slots__ = ("name", "type", "value", "owner", "position", "status", "overrides")

    def __init__(self, name: str, type_: Any, value: Any, owner: Program | Folder, position: int, status: str,
                 overrides: TokenDef | None = None):
        self.name = name
        self.type = type_
        self.value = value
        self.owner = owner  # Program or Folder
        self.position = position  # index in the owner's `tokens`
        self.status = status  # "local" | "inherited" | "overridden"
        self.overrides = overrides  # the TokenDef of a folder above that this one hides

    @property
    def text(self) -> str:
        """The value as Marketo substitutes it (numbers written as YAML/JSON numbers too)."""
        return value_text(self.value)

    @property
    def where(self) -> str:
        """``program P`` or ``folder A/B``: the asset that defines it."""
        if isinstance(self.owner, Program):
            return "program %s" % self.owner.label
        return "folder %s" % self.owner.label

    @property
    def origin(self) -> str:
        """Where the value comes from, for people: ``program P (local)``."""
        if self.status == "overridden" and self.overrides is not None:
            return "%s (overridden: hides %s %s)" % (self.where, self.overrides.where, self.overrides.text)
        return "%s (%s)" % (self.where, self.status)

    def target(self) -> Target:
        """Where the definition's value is written (its owner's ``tokens`` entry)."""
        return self.owner.target(("tokens", self.position, "value"))

    def same_definition(self, other: TokenDef | None) -> bool:
        """Is ``other`` this very definition (the same entry of the same asset)?"""
        return other is not None and self.owner is other.owner and self.position == other.position

    def __repr__(self):
        return "<TokenDef %s=%r %s>" % (self.name, self.value, self.origin)


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


def folder_chain(index: ProjectIndex, path: str | None, workspace: str | None = None) -> list[Folder]:
    """The Folder documents of ``path`` and its parents, nearest first: those of ``workspace``
    where the same path exists in several workspaces."""
    out = []
    path = path.strip("/") if isinstance(path, str) else ""
    while path:
        folder = index.folder(path, workspace)
        if folder is not None:
            out.append(folder)
        path = path.rpartition("/")[0]
    return out


def program_chain(index: ProjectIndex, program: Program, memo: dict | None = None) -> dict:
    """{token name: TokenDef} of a program: its own tokens over its folders'. ``memo`` (a dict
    the caller keeps for one run) saves the work for the next campaign of the same program."""
    hit = memo.get(program) if memo is not None else None
    if hit is not None:
        return hit
    chain = {}
    folders = folder_chain(index, program.folder, index.workspace(program)) if program.folder else []
    for folder in reversed(folders):  # farthest first: nearer ones overwrite
        for name, (k, tok) in _own_tokens(folder).items():
            chain[name] = TokenDef(name, tok.get("type"), tok.get("value"), folder, k, "inherited")
    for name, (k, tok) in _own_tokens(program).items():
        hidden = chain.get(name)
        chain[name] = TokenDef(name, tok.get("type"), tok.get("value"), program, k,
                               "overridden" if hidden is not None else "local", hidden)
    if memo is not None:
        memo[program] = chain
    return chain


def my_chain(index: ProjectIndex, campaign: Campaign, memo: dict | None = None) -> dict:
    """{token name: TokenDef} that ``campaign`` sees in its own context (``memo``: see
    :func:`program_chain`)."""
    program = campaign.program
    if program is None:  # a campaign of a plain folder sees its folders' tokens
        chain = {}
        folder = campaign.data.get("folder")
        for f in reversed(folder_chain(index, folder, index.workspace(campaign)) if isinstance(folder, str) else []):
            for name, (k, tok) in _own_tokens(f).items():
                chain[name] = TokenDef(name, tok.get("type"), tok.get("value"), f, k, "inherited")
        return chain
    return program_chain(index, program, memo)


def chain_description(index: ProjectIndex, campaign: Campaign) -> str:
    """``program P or its folders A/B, A`` (where a campaign's own My Tokens come from)."""
    program = campaign.program
    if program is None:
        return "its program (unresolved: %s)" % (campaign.program_name or "none")
    folders = folder_chain(index, program.folder, index.workspace(program)) if program.folder else []
    if not folders:
        return "program %s" % program.label
    return "program %s or its folder%s %s" % (
        program.label, "s" if len(folders) > 1 else "", ", ".join(f.label for f in folders))


__all__ = ["TokenDef", "folder_chain", "program_chain", "my_chain", "chain_description"]
