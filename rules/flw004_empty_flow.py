from mkto_lint.ruleset.registry import Rule


class EmptyFlow(Rule):
    """## What it does
    Reports a campaign without flow steps: `flow` left out or an empty list. (A `flow` of the
    wrong type, `null` included, is a schema violation: MKL003.) The finding is on `flow`, or on the
    campaign's `name` when `flow` is left out. A campaign marked `flowExported: false` (imported
    from an export without flow steps) is skipped: its flow is unknown, not empty, and the
    summary line counts such campaigns.

    ## Why is this bad?
    A campaign's flow is what it does. Without steps, everyone who qualifies runs through
    nothing: a trigger campaign spends its qualification rules (with `once`, a person can never
    run through the real flow later), an executable called by Execute Campaign does nothing,
    and a Request Campaign aimed at it is lost. It is usually a half-finished campaign or an
    export that left the flow out.

    ## Example
    ```yaml
    kind: Program
    name: OP-Webinar 2026
    ---
    kind: SmartCampaign
    name: Attended - Score
    program: OP-Webinar 2026
    smartList:
      triggers:
        - name: Program Status is Changed
    flow: []                               # FLW004: no flow steps
    ```

    ## Use instead
    ```yaml
    kind: Program
    name: OP-Webinar 2026
    ---
    kind: SmartCampaign
    name: Attended - Score
    program: OP-Webinar 2026
    smartList:
      triggers:
        - name: Program Status is Changed
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
    ```
    """

    code = "FLW004"
    name = "empty-flow"
    severity = "warning"
    summary = "A campaign has no flow steps"

    def check(self, ctx):
        for campaign in ctx.index.campaigns:
            if campaign.data.get("flowExported") is False:
                continue  # the export left the flow out: unknown, not empty
            if "flow" in campaign.data and campaign.data["flow"] != []:
                continue  # steps, or a flow of the wrong type (MKL003)
            path = ("flow",) if "flow" in campaign.data else ("name",)
            yield self.finding(
                campaign.target(path),
                'campaign "%s" has no flow steps' % campaign.label,
                help="people who qualify run through nothing; add the steps, or delete the campaign",
            )
