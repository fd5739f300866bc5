from mkto_lint.analysis import tokens
from mkto_lint.analysis.contexts import context_graph
from mkto_lint.analysis.messages import closest_token, join_names, unique_calls
from mkto_lint.analysis.token_chains import chain_description
from mkto_lint.ruleset.registry import Rule


class UndefinedMyToken(Rule):
    """## What it does
    Reports a `{{my.Name}}` in a flow step (its attributes or a choice's attributes) that is
    undefined in at least one context in which the step can run. The finding is on the token
    itself (its line and column inside the string).

    The contexts:
    - a campaign that is not executable runs in its own context: the My Tokens of its program,
      then of the program's folder and the folders above (the nearest definition wins);
    - an executable runs, for each Execute Campaign step that calls it, in the caller's context
      with its own tokens as the fallback when the step says `useParentTokenContext: true`, and
      in its own context when it says false (or leaves it out). The caller's context is itself
      worked out the same way, up every chain of calls;
    - an executable that nothing executes is judged in its own context.

    The message names the callers whose context lacks the token, and suggests the token the
    name most likely misspells. A token with a `:default=` is never undefined. Token names are
    matched exactly as written.

    ## Why is this bad?
    Marketo does not warn about a My Token it cannot find: it sends the text literally, so
    people receive `{{my.Webinar Nme}}` in an email or an alert, and a Change Score step with an
    undefined score token changes nothing. With executables the same step may work when one
    parent calls it (with its context) and fail when another calls it without.

    ## Example
    ```yaml
    kind: Program
    name: OP-Scoring Library
    ---
    kind: Program
    name: OP-Webinar 2026
    type: event
    tokens:
      - {name: Webinar Name, type: text, value: Marketo Masters 2026}
    ---
    kind: SmartCampaign
    name: Child - Alert
    program: OP-Scoring Library
    isExecutable: true
    flow:
      - action: Send Alert
        attributes:
          sendTo: owner
          subject: "New lead for {{my.Webinar Name}}"   # TOK001: defined only on the caller's program
    ---
    kind: SmartCampaign
    name: Registered
    program: OP-Webinar 2026
    flow:
      - action: Execute Campaign
        attributes:
          campaign: OP-Scoring Library.Child - Alert
          useParentTokenContext: false
    ```

    ## Use instead
    Pass the caller's context (or define the token on the child's program or folder, as the
    default the callers override):
    ```yaml
    kind: Program
    name: OP-Scoring Library
    ---
    kind: Program
    name: OP-Webinar 2026
    type: event
    tokens:
      - {name: Webinar Name, type: text, value: Marketo Masters 2026}
    ---
    kind: SmartCampaign
    name: Child - Alert
    program: OP-Scoring Library
    isExecutable: true
    flow:
      - action: Send Alert
        attributes:
          sendTo: owner
          subject: "New lead for {{my.Webinar Name}}"
    ---
    kind: SmartCampaign
    name: Registered
    program: OP-Webinar 2026
    flow:
      - action: Execute Campaign
        attributes:
          campaign: OP-Scoring Library.Child - Alert
          useParentTokenContext: true
    ```
    """

    code = "TOK001"
    name = "undefined-my-token"
    severity = "error"
    summary = "A My Token is undefined in a context in which its step can run"
    shares = "tokens"

    def check(self, ctx):
        index = ctx.index
        graph = context_graph(ctx)
        for campaign, found in tokens.flow_token_table(ctx).items():
            for _step, path, tok in found:
                if not tok.ok or tok.family != "my" or tok.default is not None:
                    continue
                own = graph.chain(campaign)
                if tok.name in own:
                    continue  # the own chain is the fallback of every context
                if campaign.is_executable and None not in graph.my_values(campaign, tok.name):
                    continue
                yield self._finding(index, graph, campaign, path, tok)

    def _finding(self, index, graph, campaign, path, tok):
        name = tok.name
        candidates = set(graph.chain(campaign))
        lacking = graph.lacking_calls(campaign, name) if campaign.is_executable else []
        for call in index.callers.get(campaign, ()):
            candidates.update(graph.chain(call.caller))
        hint = closest_token(name, candidates - {name})
        from mkto_lint.analysis import lookalikes

        pasted = lookalikes.cause(name)
        same = pasted and hint == lookalikes.plain(name)  # a "did you mean" that looks the same: left out
        hint_text = ' (did you mean "{{my.%s}}"?)' % hint if hint and not same else ""
        if pasted:  # a name that looks right on screen
            hint_text += "; the name %s" % pasted[len("it "):]
        own = chain_description(index, campaign)
        related = []
        if not lacking:
            why = (" (nothing executes it, so it runs in its own context)" if campaign.is_executable
                   and not index.callers.get(campaign) else "")
            message = ('%s is not defined for "%s"%s: no My Token "%s" in %s%s'
                       % (tok.text, campaign.label, why, name, own, hint_text))
            fix = "Marketo sends it literally; define it on the program or a folder above it"
        else:
            parts = []
            for call in unique_calls(lacking):
                if call.use_parent_context:
                    root = graph.lacking_root(call.caller, name)
                    if root is not None and root is not call.caller:
                        parts.append('"%s" (its context lacks it too when it runs for "%s")'
                                     % (call.caller.label, root.label))
                    else:
                        parts.append('"%s" (its context lacks it too)' % call.caller.label)
                    related.append((call.location(), 'executes "%s" with a context that lacks %s'
                                    % (campaign.label, tok.text)))
                else:
                    parts.append('"%s" (useParentTokenContext: false)' % call.caller.label)
                    related.append((call.location(), 'executes "%s" without its context (useParentTokenContext: '
                                    'false)' % campaign.label))
            message = ('%s is not defined when "%s" is executed by %s: no My Token "%s" in %s%s'
                       % (tok.text, campaign.label, join_names(parts), name, own, hint_text))
            fix = ("Marketo sends it literally; define it there (a default the callers can override), or execute "
                   "it with useParentTokenContext: true from campaigns whose context defines it")
        return self.finding(tokens.target(campaign, path, tok), message, related=related[:5], help=fix)
