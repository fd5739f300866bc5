"""The report's token picture: for each executable, the My Tokens its steps use, its own value
of each (a dry run started at the executable) and, per caller, the value each resolves to in
the runs that caller starts, with where it comes from (the dry-run evaluator's own traces, so
that the picture says what ``mkto-lint resolve`` says: child +0, caller +10, context true -> +10).

Runs take no person, API tokens or trigger values; each parent on a call path is run once, and
the first run that reaches an (executable, caller) pair gives its values.
"""

from __future__ import annotations

from mkto_lint.evaluate import evaluator
from mkto_lint.graph.model import GraphModel


class TokenUse:
    """One executable's tokens: ``names`` (as written, first use first), ``own`` {text: (value,
    origin)}, ``callers`` [(caller label, useParentTokenContext, {text: (value, origin)})]."""

    __slots__ = ("label", "names", "own", "callers")

    def __init__(self, label: str):
        self.label = label
        self.names: list[str] = []
        self.own: dict[str, tuple[str, str]] = {}
        self.callers: list[tuple[str, bool, dict]] = []


def _my_tokens(step):
    for attr in step.attributes:
        for tok in attr.tokens:
            if tok.family == "my":
                yield tok


def picture(model: GraphModel) -> list[TokenUse]:
    """The token picture of every executable on a call path whose steps use a My Token."""
    executables = [n for n in model.nodes if n.executable]
    if not executables:
        return []
    index = model.index
    memo = evaluator.RunMemo(index)
    depth = model.max_depth
    uses: dict[str, TokenUse] = {}
    for n in executables:
        trace = _run(index, n.campaign, depth, memo)
        if trace is None:
            continue
        use = None
        for step in trace.steps:
            if step.depth != 0:
                continue
            for tok in _my_tokens(step):
                if use is None:
                    use = uses[n.label] = TokenUse(n.label)
                if tok.text not in use.own:
                    use.names.append(tok.text)
                    use.own[tok.text] = (tok.value, tok.origin)
    if not uses:
        return []
    seen = set()
    parents = [n for n in model.nodes if not n.executable and n in _upstream(model, uses)]
    for n in parents:
        trace = _run(index, n.campaign, depth, memo)
        if trace is None:
            continue
        callers = {}  # depth -> (caller label, useParentTokenContext) of the steps at that depth
        values = {}
        for step in trace.steps:
            if step.call is not None and step.call.kind == "execute" and step.call.outcome == "entered":
                callers[step.depth + 1] = (step.campaign, bool(step.call.use_parent_context))
            if step.depth == 0 or step.campaign not in uses:
                continue
            caller, ctx = callers.get(step.depth, ("?", False))
            key = (step.campaign, caller)
            if key in seen:
                continue
            bucket = values.setdefault(key, (ctx, {}))[1]
            for tok in _my_tokens(step):
                bucket.setdefault(tok.text, (tok.value, tok.origin))
        for (label, caller), (ctx, vals) in values.items():
            seen.add((label, caller))
            uses[label].callers.append((caller, ctx, vals))
    return [uses[n.label] for n in executables if n.label in uses]


def _upstream(model, uses):
    """The nodes from which Execute Campaign calls lead to an executable in ``uses``: only the
    parents among them are worth a run."""
    callers: dict = {}
    for e in model.edges:
        if e.kind == "execute":
            callers.setdefault(e.callee, []).append(e.caller)
    todo = [n for n in model.nodes if n.label in uses]
    seen = set(todo)
    while todo:
        for c in callers.get(todo.pop(), ()):
            if c not in seen:
                seen.add(c)
                todo.append(c)
    return seen


def _run(index, campaign, depth, memo):
    try:
        return evaluator.evaluate(index, evaluator.RunSpec(campaign=campaign), max_depth=depth, memo=memo)
    except evaluator.ResolveError:  # not expected for a campaign of the index; the picture goes without it
        return None


__all__ = ["picture", "TokenUse"]
