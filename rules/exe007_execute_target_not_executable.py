from mkto_lint.ruleset.registry import Rule


class ExecuteTargetNotExecutable(Rule):
    """## What it does
    Reports an Execute Campaign step (its own `campaign` or the `campaign` of any of its
    choices) that names a campaign without `isExecutable: true`. The finding is on the
    campaign reference; the related location is the callee (its `isExecutable`, or its `name`
    when it has none). A reference that names nothing is MKL006's.

    ## Why is this bad?
    Execute Campaign runs only executable campaigns: Adobe's "Execute Campaign" page has the
    child created with the Executable box ticked, and only then can a parent call it. A step
    that names an ordinary campaign does not run it (an export that says so is inconsistent,
    for example after the checkbox was lost in a clone).

    ## Example
    ```yaml
    kind: Program
    name: OP-Webinar 2026
    ---
    kind: SmartCampaign
    name: Follow-up Requested
    program: OP-Webinar 2026
    isActive: true
    smartList:
      triggers: [{name: Campaign is Requested}]
    flow:
      - action: Send Email
        attributes: {email: OP-Webinar 2026.Follow-up}
    ---
    kind: SmartCampaign
    name: Attended
    program: OP-Webinar 2026
    flow:
      - action: Execute Campaign
        attributes:
          campaign: OP-Webinar 2026.Follow-up Requested   # EXE007: a trigger campaign
    ```

    ## Use instead
    Tick Executable on the callee (`isExecutable: true`), or, for a trigger campaign with a
    `Campaign is Requested` trigger, request it instead:
    ```yaml
    kind: Program
    name: OP-Webinar 2026
    ---
    kind: SmartCampaign
    name: Follow-up Requested
    program: OP-Webinar 2026
    isActive: true
    smartList:
      triggers: [{name: Campaign is Requested}]
    flow:
      - action: Send Email
        attributes: {email: OP-Webinar 2026.Follow-up}
    ---
    kind: SmartCampaign
    name: Attended
    program: OP-Webinar 2026
    flow:
      - action: Request Campaign
        attributes:
          campaign: OP-Webinar 2026.Follow-up Requested
    ```
    """

    code = "EXE007"
    name = "execute-target-not-executable"
    severity = "error"
    summary = "An Execute Campaign step calls a campaign that is not executable"

    def check(self, ctx):
        for call in ctx.index.calls:
            callee = call.target
            if call.kind != "execute" or callee is None or callee.is_executable:
                continue
            where = ("isExecutable",) if "isExecutable" in callee.data else ("name",)
            yield self.finding(
                call.location(),
                'Execute Campaign calls "%s", which is not executable' % callee.label,
                help='Marketo executes only campaigns with the Executable checkbox ticked; tick Executable on '
                     '"%s" (isExecutable: true) or use Request Campaign' % callee.label,
                related=[(callee.target(where), '"%s" is not executable' % callee.label)],
            )
