from mkto_lint.analysis import tokens
from mkto_lint.analysis.contexts import context_graph
from mkto_lint.analysis.messages import join_names
from mkto_lint.ruleset.registry import Rule


def _not_event(campaign):
    program = campaign.program
    return program is not None and program.type != "event"


class MemberTokenOutsideEventProgram(Rule):
    """## What it does
    Reports a `{{member.Name}}` (a program member field, such as `{{member.webinar url}}`) in a
    flow step of a campaign whose program is not an event program (`type: event`).

    For an executable, the program that counts is the one whose member fields the step sees:
    with `useParentTokenContext: true` the child gets its caller's `member.*` tokens, so an
    executable in a default program that is only ever executed, with their context, by
    campaigns of event programs is not reported. It is reported when some chain of calls runs
    it in the context of a campaign of another type (its own, with the context false or when
    nothing executes it). A campaign whose program does not resolve is left to MKL006; a token
    with a `:default=` is not reported.

    ## Why is this bad?
    Member tokens are filled only for event programs (Marketo's token reference). Anywhere else
    Marketo renders them empty: a confirmation email goes out with an empty webinar link.

    ## Example
    ```yaml
    kind: Program
    name: OP-Newsletter
    type: email
    ---
    kind: SmartCampaign
    name: Send Link
    program: OP-Newsletter
    flow:
      - action: Interesting Moment
        attributes: {type: Web, description: "Join at {{member.webinar url}}"}   # TOK006
    ```

    ## Use instead
    Use member tokens in campaigns of the event program (or executables it runs with its
    context):
    ```yaml
    kind: Program
    name: OP-Webinar 2026
    type: event
    ---
    kind: SmartCampaign
    name: Send Link
    program: OP-Webinar 2026
    flow:
      - action: Interesting Moment
        attributes: {type: Web, description: "Join at {{member.webinar url}}"}
    ```
    """

    code = "TOK006"
    name = "member-token-outside-event-program"
    severity = "warning"
    summary = "A member token in a campaign whose program is not an event program"
    shares = "tokens"

    def check(self, ctx):
        graph = context_graph(ctx)
        for campaign, all_tokens in tokens.flow_token_table(ctx).items():
            found = [(p, t) for _s, p, t in all_tokens if t.ok and t.family == "member" and t.default is None]
            if not found:
                continue
            if not campaign.is_executable:
                if not _not_event(campaign):
                    continue
                program = campaign.program
                where = 'its program "%s" is %s program' % (program.label, _kind(program))
            else:
                roots = sorted(graph.roots(campaign, _not_event, "not-event"), key=lambda c: c.label)
                if not roots:
                    continue
                where = "it runs in the context of %s" % join_names(
                    '"%s" (program "%s" is %s program)' % (r.label, r.program.label, _kind(r.program))
                    for r in roots)
            for path, tok in found:
                yield self.finding(
                    tokens.target(campaign, path, tok),
                    "%s in \"%s\", but %s" % (tok.text, campaign.label, where),
                    help="Marketo fills member tokens only for event programs and renders it empty; use it in an "
                         "event program's campaigns",
                )


def _kind(program):
    kind = program.type
    return "an %s" % kind if kind[:1] in "aeiou" else "a %s" % kind
