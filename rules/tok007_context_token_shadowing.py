from mkto_lint.analysis import tokens
from mkto_lint.analysis.contexts import context_graph
from mkto_lint.analysis.messages import join_names, unique_calls
from mkto_lint.ruleset.registry import Rule


class ContextTokenShadowing(Rule):
    """## What it does
    Reports (as information) a `{{my.Name}}` in a flow step of an executable when the
    executable's own program or folders define the token and a caller that executes it with
    `useParentTokenContext: true` has its own definition in its context: in that run the
    caller's value wins. The message shows both values; the related locations point at the
    calls and at the child's definition. Callers whose context holds the very same definition
    (a caller in the child's own program) are not shadowing anything.

    ## Why is this bad?
    It is not wrong: it is how a shared executable takes a default that callers override
    (Adobe's own example: the child's `{{my.Score}}` is +0, a parent's +10 wins). But it is
    invisible in Marketo's UI: whoever edits the child's value may expect it to apply
    everywhere, while some callers' values replace it. The finding makes the override visible;
    silence it where it is intended (for example with `per-file-ignores`).

    ## Example
    ```yaml
    kind: Program
    name: OP-Scoring Library
    tokens: [{name: Score, type: score, value: "+0"}]
    ---
    kind: Program
    name: OP-Webinar 2026
    type: event
    tokens: [{name: Score, type: score, value: "+10"}]
    ---
    kind: SmartCampaign
    name: Child - Change Score
    program: OP-Scoring Library
    isExecutable: true
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "{{my.Score}}"}   # TOK007: +10 wins over +0
    ---
    kind: SmartCampaign
    name: Attended
    program: OP-Webinar 2026
    flow:
      - action: Execute Campaign
        attributes: {campaign: OP-Scoring Library.Child - Change Score, useParentTokenContext: true}
    ```

    ## Use instead
    Keep it when the override is the point, and say so (a suppression or `per-file-ignores`);
    otherwise give the two tokens different names, or call the child with
    `useParentTokenContext: false` so that it keeps its own value:
    ```yaml
    kind: Program
    name: OP-Scoring Library
    tokens: [{name: Score, type: score, value: "+0"}]
    ---
    kind: Program
    name: OP-Webinar 2026
    type: event
    tokens: [{name: Score, type: score, value: "+10"}]
    ---
    kind: SmartCampaign
    name: Child - Change Score
    program: OP-Scoring Library
    isExecutable: true
    flow:
      - action: Change Score
        # mkto-lint: ignore[TOK007] the callers' values are meant to win
        attributes: {scoreName: Behavior Score, change: "{{my.Score}}"}
    ---
    kind: SmartCampaign
    name: Attended
    program: OP-Webinar 2026
    flow:
      - action: Execute Campaign
        attributes: {campaign: OP-Scoring Library.Child - Change Score, useParentTokenContext: true}
    ```
    """

    code = "TOK007"
    name = "context-token-shadowing"
    severity = "info"
    summary = "A caller's My Token value overrides the executable's own value"
    shares = "tokens"

    def check(self, ctx):
        index = ctx.index
        graph = context_graph(ctx)
        for campaign, found in tokens.flow_token_table(ctx).items():
            if not campaign.is_executable:
                continue
            calls = [c for c in index.callers.get(campaign, ()) if c.use_parent_context]
            if not calls:
                continue
            own = graph.chain(campaign)
            for _step, path, tok in found:
                if not tok.ok or tok.family != "my":
                    continue
                child = own.get(tok.name)
                if child is None:
                    continue
                parts, related = [], []
                for call in unique_calls(calls):
                    values = sorted((v for v in graph.caller_values(call, tok.name)
                                     if not v.same_definition(child)), key=lambda v: (v.where, v.position))
                    if not values:
                        continue
                    shown = join_names('"%s" (%s)' % (v.text, v.where) for v in values)
                    parts.append('"%s" passes %s' % (call.caller.label, shown))
                    related.append((call.location(), 'executes "%s" with its context, where %s is %s'
                                    % (campaign.label, tok.text, shown)))
                if not parts:
                    continue
                related = related[:5] + [(child.target(), "the executable's own value of %s" % tok.text)]
                yield self.finding(
                    tokens.target(campaign, path, tok),
                    '%s in executable "%s" is "%s" (%s), but %s'
                    % (tok.text, campaign.label, child.text, child.origin, join_names(parts)),
                    related=related,
                    help="the caller's value wins in those runs",
                )
