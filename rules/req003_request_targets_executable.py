from mkto_lint.ruleset.registry import Rule


class RequestTargetsExecutable(Rule):
    """## What it does
    Reports a Request Campaign step (its own campaign or a choice's) that names an executable
    campaign. The related location is the target's `isExecutable`. REQ001 and REQ002 stay
    silent for such a step: the fix is to call the executable with Execute Campaign, not to
    give it a trigger or activate it.

    ## Why is this bad?
    An executable is never activated or triggered: it runs only when an Execute Campaign step
    calls it, in series with its parent. Request Campaign needs an active trigger campaign with
    a `Campaign is Requested` trigger, so a request aimed at an executable does nothing.

    ## Example
    ```yaml
    kind: Program
    name: OP-Scoring Library
    ---
    kind: SmartCampaign
    name: Child - Change Score
    program: OP-Scoring Library
    isExecutable: true
    flow: [{action: Change Score, attributes: {scoreName: Behavior Score, change: "+10"}}]
    ---
    kind: SmartCampaign
    name: Attended
    program: OP-Scoring Library
    flow:
      - action: Request Campaign
        attributes:
          campaign: OP-Scoring Library.Child - Change Score   # REQ003: an executable
    ```

    ## Use instead
    ```yaml
    kind: Program
    name: OP-Scoring Library
    ---
    kind: SmartCampaign
    name: Child - Change Score
    program: OP-Scoring Library
    isExecutable: true
    flow: [{action: Change Score, attributes: {scoreName: Behavior Score, change: "+10"}}]
    ---
    kind: SmartCampaign
    name: Attended
    program: OP-Scoring Library
    flow:
      - action: Execute Campaign
        attributes:
          campaign: OP-Scoring Library.Child - Change Score
          useParentTokenContext: true
    ```
    """

    code = "REQ003"
    name = "request-targets-executable"
    severity = "error"
    summary = "A Request Campaign step names an executable campaign"

    def check(self, ctx):
        for call in ctx.index.calls:
            target = call.target
            if call.kind != "request" or target is None or not target.is_executable:
                continue
            yield self.finding(
                call.location(),
                'Request Campaign names "%s", an executable' % target.label,
                help="executables cannot be requested and the request does nothing; call it with Execute Campaign",
                related=[(target.target(("isExecutable",)), '"%s" is executable' % target.label)],
            )
