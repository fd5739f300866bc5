from mkto_lint.ruleset.registry import Rule

REQUESTED = "Campaign is Requested"


class RequestTargetInactive(Rule):
    """## What it does
    Reports a Request Campaign step (its own campaign or a choice's) that names a campaign
    with a `Campaign is Requested` trigger but without `isActive: true`. The related location
    is the target's `isActive` (or its trigger, when `isActive` is left out).

    A target without the trigger is REQ001's (its message also asks to activate it), and an
    executable target is REQ003's; this rule stays silent for both.

    ## Why is this bad?
    Request Campaign only reaches an active trigger campaign: while the target is not active,
    every request is dropped and nobody runs through its flow.

    ## Example
    ```yaml
    kind: Program
    name: OP-Webinar 2026
    ---
    kind: SmartCampaign
    name: Follow-up Requested
    program: OP-Webinar 2026
    isActive: false
    smartList:
      triggers:
        - name: Campaign is Requested
    flow:
      - action: Send Email
        attributes: {email: OP-Webinar 2026.Follow-up}
    ---
    kind: SmartCampaign
    name: Attended
    program: OP-Webinar 2026
    flow:
      - action: Request Campaign
        attributes: {campaign: Follow-up Requested}   # REQ002: the target is not active
    ```

    ## Use instead
    ```yaml
    kind: Program
    name: OP-Webinar 2026
    ---
    kind: SmartCampaign
    name: Follow-up Requested
    program: OP-Webinar 2026
    isActive: true
    smartList:
      triggers:
        - name: Campaign is Requested
    flow:
      - action: Send Email
        attributes: {email: OP-Webinar 2026.Follow-up}
    ---
    kind: SmartCampaign
    name: Attended
    program: OP-Webinar 2026
    flow:
      - action: Request Campaign
        attributes: {campaign: Follow-up Requested}
    ```
    """

    code = "REQ002"
    name = "request-target-inactive"
    severity = "warning"
    summary = "A Request Campaign step names a trigger campaign that is not active"

    def check(self, ctx):
        for call in ctx.index.calls:
            target = call.target
            if call.kind != "request" or target is None or target.is_executable:
                continue
            if target.is_active or not target.has_trigger(REQUESTED):
                continue
            if "isActive" in target.data:
                where = ("isActive",)
            else:
                where = ("smartList", "triggers", _requested_position(target))
            yield self.finding(
                call.location(),
                'Request Campaign names "%s", which is not active' % target.label,
                help="the request is dropped until the campaign is activated (isActive: true)",
                related=[(target.target(where), '"%s" is not active' % target.label)],
            )


def _requested_position(campaign):
    triggers = campaign.smart_list.get("triggers")
    for i, trig in enumerate(triggers if isinstance(triggers, list) else []):
        name = trig.get("name") if isinstance(trig, dict) else None
        if isinstance(name, str) and name.strip().lower() == REQUESTED.lower():
            return i
    return 0
