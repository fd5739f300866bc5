from mkto_lint.analysis import tokens
from mkto_lint.analysis.contexts import context_graph
from mkto_lint.analysis.messages import unique_calls
from mkto_lint.ruleset.registry import Rule


class TriggerTokenWithoutTrigger(Rule):
    """## What it does
    Reports a `{{trigger.Name}}` in a flow step of a campaign that can run without trigger
    context:

    - a batch campaign (a smart list without triggers);
    - an executable that some Execute Campaign step runs with `useParentTokenContext: false`
      (the child never gets its caller's trigger tokens), or with the context of a caller that
      itself runs without trigger context: a batch campaign, or another executable in the same
      situation, up every chain of calls.

    Every caller of an executable is considered, with the context flag of each call; the
    message names the calls that bring no trigger, and the related locations point at them.
    An executable that nothing executes is not reported (it never runs). A token with a
    `:default=` is not reported: the author has planned for the empty case.

    ## Why is this bad?
    Trigger tokens are filled only when a trigger started the run, and an executable receives
    them only through its caller's context, when the caller is a trigger campaign and passes
    its context. Otherwise Marketo renders the token empty: an alert says "registered for " and
    nothing more.

    ## Example
    ```yaml
    kind: Program
    name: OP-Library
    ---
    kind: SmartCampaign
    name: Child - Alert
    program: OP-Library
    isExecutable: true
    flow:
      - action: Send Alert
        attributes: {sendTo: owner, subject: "Filled out {{trigger.Name}}"}   # TOK003
    ---
    kind: SmartCampaign
    name: Nightly Batch
    program: OP-Library
    smartList:
      filters: [{name: Lead Score, operator: greater than, values: [50]}]
    flow:
      - action: Execute Campaign
        attributes: {campaign: Child - Alert, useParentTokenContext: true}
    ```

    ## Use instead
    Execute the child from trigger campaigns only, with their context, or give the token a
    default for the runs without a trigger:
    ```yaml
    kind: Program
    name: OP-Library
    ---
    kind: SmartCampaign
    name: Child - Alert
    program: OP-Library
    isExecutable: true
    flow:
      - action: Send Alert
        attributes: {sendTo: owner, subject: "Filled out {{trigger.Name:default=a form}}"}
    ---
    kind: SmartCampaign
    name: Nightly Batch
    program: OP-Library
    smartList:
      filters: [{name: Lead Score, operator: greater than, values: [50]}]
    flow:
      - action: Execute Campaign
        attributes: {campaign: Child - Alert, useParentTokenContext: true}
    ```
    """

    code = "TOK003"
    name = "trigger-token-without-trigger"
    severity = "warning"
    summary = "A trigger token in a campaign that can run without trigger context"
    shares = "tokens"

    def check(self, ctx):
        index = ctx.index
        graph = context_graph(ctx)
        for campaign, all_tokens in tokens.flow_token_table(ctx).items():
            found = [(p, t) for _s, p, t in all_tokens if t.ok and t.family == "trigger" and t.default is None]
            if not found:
                continue
            if not campaign.is_executable:
                if not campaign.is_batch:
                    continue
                for path, tok in found:
                    yield self.finding(
                        tokens.target(campaign, path, tok),
                        "%s in batch campaign \"%s\", which has no trigger to fill it" % (tok.text, campaign.label),
                        help="Marketo renders it empty; use trigger tokens in trigger campaigns only, or give it a "
                             ":default=",
                    )
                continue
            calls = index.callers.get(campaign, ())
            if not calls or graph.without_trigger(campaign) is None:
                continue
            parts, related = [], []
            for call in unique_calls(calls):
                caller = call.caller
                if not call.use_parent_context:
                    parts.append('"%s" executes it with useParentTokenContext: false' % caller.label)
                    related.append((call.location(), "executes \"%s\" without its context" % campaign.label))
                    continue
                witness = graph.without_trigger(caller)
                if witness is None:
                    continue
                if witness is caller:
                    what = "batch campaign" if not caller.is_executable else "executable"
                    parts.append('%s "%s" executes it with its context, which has no trigger' % (what, caller.label))
                else:
                    parts.append('"%s" executes it with its context, which has no trigger when it runs for "%s"'
                                 % (caller.label, witness.label))
                related.append((call.location(), "executes \"%s\" with a context that has no trigger"
                                % campaign.label))
            if not parts:
                continue
            for path, tok in found:
                yield self.finding(
                    tokens.target(campaign, path, tok),
                    "%s in executable \"%s\" is empty in some runs (%s)" % (tok.text, campaign.label, "; ".join(parts)),
                    related=related[:5],
                    help="Marketo fills trigger tokens only in a run a trigger started, passed down with "
                         "useParentTokenContext: true; execute it from trigger campaigns with their context, or "
                         "give the token a :default=",
                )
