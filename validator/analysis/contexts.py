"""Static token contexts for the TOK rules: in which contexts can a campaign's steps run?

The rules (docs/evaluator.md; docs/rules/TOK001.md):

- A non-executable campaign runs in its own context (its own My Token chain, see
  :mod:`mkto_lint.analysis.token_chains`). An executable runs, for each Execute Campaign call,
  in the caller's context with its own chain as the fallback when the call says
  ``useParentTokenContext: true``, and in its own context when it says false. An executable
  nobody calls (or that is reached only through a cycle of calls) is judged in its own context.
- With the context passed, the child also gets the caller's ``campaign.*``, ``program.*``,
  ``member.*`` and ``trigger.*``: they are those of the *context root*, the campaign whose own
  context reached the child through a run of ``true`` calls.

Token names are matched exactly (``{{my.score}}`` does not find a token named ``Score``): the
rules suggest the near miss instead of guessing how Marketo compares case.

Everything here is linear: chains are memoised per program, and each per-campaign question is
answered by one iterative walk up the callers, memoised per campaign (cycles stop the walk).
The memos belong to the ContextGraph, which a rule run shares through ``ctx.analysis``.

The dry-run evaluator's one context per campaign of a run is :mod:`mkto_lint.analysis.run_context`.
"""

from __future__ import annotations

from typing import Any, Callable, Hashable, Iterable

from mkto_lint.analysis.token_chains import TokenDef, my_chain
from mkto_lint.project.index import Call, Campaign, ProjectIndex


class ContextGraph:
    """In which contexts can each campaign's steps run? Shared by the TOK rules through
    ``ctx.analysis("token-contexts", ...)``."""

    def __init__(self, index: ProjectIndex):
        self.index = index
        self._memos = {}  # solve's key -> {Campaign: frozenset}
        self._chains = {}  # Program -> its My Token chain (token_chains.program_chain's memo)

    # structure
    def true_calls(self, campaign: Campaign) -> list[Call]:
        """Execute Campaign calls that pass their context into ``campaign`` (an executable)."""
        if not campaign.is_executable:
            return []
        return [call for call in self.index.callers.get(campaign, ()) if call.use_parent_context]

    def is_root(self, campaign: Campaign) -> bool:
        """Does ``campaign`` (also) run in its own context?"""
        if not campaign.is_executable:
            return True
        calls = self.index.callers.get(campaign, ())
        return not calls or any(not call.use_parent_context for call in calls)

    def chain(self, campaign: Campaign) -> dict[str, TokenDef]:
        """{token name: TokenDef} of ``campaign``'s own context."""
        return my_chain(self.index, campaign, self._chains)

    # the generic walk
    def solve(self, key: Hashable, start: Campaign, root_value: Callable[[Campaign], Iterable],
              transform: Callable[[Campaign, frozenset], Iterable] | None = None,
              cap: int | None = None) -> frozenset:
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
    def my_values(self, campaign: Campaign, name: str) -> frozenset[TokenDef | None]:
        """The definitions ``{{my.name}}`` can take in ``campaign``'s steps: a frozenset of
        TokenDef, with None standing for a context in which it is undefined."""

        def root(c):
            return (self.chain(c).get(name),)

        def through(c, values):
            own = self.chain(c).get(name)
            return {own if v is None else v for v in values}

        return self.solve(("my", name), campaign, root, through)

    def lacking_calls(self, campaign: Campaign, name: str) -> list[Call]:
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

    def lacking_root(self, campaign: Campaign, name: str) -> Campaign | None:
        """A campaign whose own context lacks ``{{my.name}}`` and from which a run of true
        calls, through campaigns that lack it too, reaches ``campaign`` (or None)."""

        def root(c):
            return (c,) if name not in self.chain(c) else ()

        def through(c, values):
            return values if name not in self.chain(c) else ()

        found = self.solve(("lacks-root", name), campaign, root, through, cap=1)
        return next(iter(found), None)

    def caller_values(self, call: Call, name: str) -> set[TokenDef]:
        """Definitions of ``{{my.name}}`` the caller's context passes through a true call."""
        return {v for v in self.my_values(call.caller, name) if v is not None}

    # trigger context
    def without_trigger(self, campaign: Campaign) -> Campaign | None:
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
    def roots(self, campaign: Campaign, predicate: Callable[[Campaign], Any], key: Hashable,
              cap: int = 3) -> frozenset[Campaign]:
        """Up to ``cap`` context roots of ``campaign`` that satisfy ``predicate``."""

        def root(c):
            return (c,) if predicate(c) else ()

        return self.solve(("roots", key), campaign, root, cap=cap)


def context_graph(ctx) -> ContextGraph:
    """The shared ContextGraph of a rule run."""
    return ctx.analysis("token-contexts", lambda c: ContextGraph(c.index))


__all__ = ["ContextGraph", "context_graph"]
