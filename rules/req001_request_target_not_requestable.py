from mkto_lint.ruleset.registry import Rule

REQUESTED = "Campaign is Requested"


class RequestTargetNotRequestable(Rule):
    """## What it does
    Reports a Request Campaign step (its own campaign or a choice's) that names a campaign
    whose smart list has no `Campaign is Requested` trigger. The related location is the
    target's smart list.

    When the target is an executable, REQ003 reports the step instead (the fix is Execute
    Campaign, not a trigger), and this rule stays silent. When the target also is not active,
    the message says so, and REQ002 stays silent: adding the trigger comes first.

    ## Why is this bad?
    Request Campaign only reaches an active trigger campaign with a `Campaign is Requested`
    trigger. Without one, the request does nothing: nobody enters the target's flow, and
    nothing in Marketo reports it.

    ## Example
    ```yaml
    kind: Program
    name: OP-Webinar 2026
    ---
    kind: SmartCampaign
    name: Follow-up
    program: OP-Webinar 2026
    isActive: true
    smartList:
      triggers:
        - {name: Fills Out Form, values: [Webinar Feedback]}
    flow:
      - action: Send Email
        attributes: {email: OP-Webinar 2026.Follow-up}
    ---
    kind: SmartCampaign
    name: Attended
    program: OP-Webinar 2026
    flow:
      - action: Request Campaign
        attributes: {campaign: Follow-up}   # REQ001: no Campaign is Requested trigger
    ```

    ## Use instead
    ```yaml
    kind: Program
    name: OP-Webinar 2026
    ---
    kind: SmartCampaign
    name: Follow-up
    program: OP-Webinar 2026
    isActive: true
    smartList:
      triggers:
        - name: Campaign is Requested
          conditions:
            - {name: Source, operator: is, values: [Marketo Flow Action]}
    flow:
      - action: Send Email
        attributes: {email: OP-Webinar 2026.Follow-up}
    ---
    kind: SmartCampaign
    name: Attended
    program: OP-Webinar 2026
    flow:
      - action: Request Campaign
        attributes: {campaign: Follow-up}
    ```
    """

    code = "REQ001"
    name = "request-target-not-requestable"
    severity = "error"
    summary = "A Request Campaign step names a campaign without a Campaign is Requested trigger"

    def check(self, ctx):
        for call in ctx.index.calls:
            target = call.target
            if call.kind != "request" or target is None or target.is_executable:
                continue
            if target.has_trigger(REQUESTED):
                continue
            why = "has no triggers" if not target.triggers else "has no %s trigger" % REQUESTED
            message = 'Request Campaign names "%s", whose smart list %s' % (target.label, why)
            fix = 'the request does nothing; add a %s trigger to "%s"' % (REQUESTED, target.label)
            if not target.is_active:
                fix += " and activate it"
            where = ("smartList", "triggers") if target.triggers else ("smartList",)
            yield self.finding(call.location(), message,
                               related=[(target.target(where), 'the smart list of "%s"' % target.label)], help=fix)
