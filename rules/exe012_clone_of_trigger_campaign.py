from mkto_lint.findings import AT_KEY
from mkto_lint.ruleset.registry import Rule


class CloneOfTriggerCampaign(Rule):
    """## What it does
    Reports a campaign whose `clonedFrom` names a campaign whose smart list has triggers. The
    finding is on `clonedFrom`; the related location is the original's `triggers`.

    ## Why is this bad?
    Adobe's "Execute Campaign" page: a campaign that contains triggers cannot be cloned. An
    export that says otherwise is inconsistent: `clonedFrom` names the wrong campaign, or the
    original's triggers were added after the clone was made. Rules that rely on the clone's
    origin (such as EXE006) then reason about the wrong campaign.

    ## Example
    ```yaml
    kind: Program
    name: OP-Webinar 2026
    ---
    kind: SmartCampaign
    name: Attended - Score
    program: OP-Webinar 2026
    smartList:
      triggers: [{name: Program Status is Changed}]
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
    ---
    kind: SmartCampaign
    name: Attended - Score (copy)
    program: OP-Webinar 2026
    clonedFrom: OP-Webinar 2026.Attended - Score   # EXE012: a trigger campaign
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
    ```

    ## Use instead
    Name the campaign it was really cloned from, or leave `clonedFrom` out:
    ```yaml
    kind: Program
    name: OP-Webinar 2026
    ---
    kind: SmartCampaign
    name: Attended - Score (copy)
    program: OP-Webinar 2026
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
    ```
    """

    code = "EXE012"
    name = "clone-of-trigger-campaign"
    severity = "warning"
    summary = "clonedFrom names a trigger campaign, which Marketo cannot clone"

    def check(self, ctx):
        index = ctx.index
        for campaign in index.campaigns:
            ref = campaign.data.get("clonedFrom")
            if ref is None:
                continue
            source = index.resolve_campaign(ref, campaign)
            if source is None or source is campaign or not source.triggers:
                continue
            yield self.finding(
                campaign.target(("clonedFrom",)),
                '"%s" says it was cloned from "%s", a campaign with triggers, which Marketo cannot clone'
                % (campaign.label, source.label),
                help="the export is inconsistent; correct clonedFrom or remove it",
                related=[(source.target(("smartList", "triggers"), AT_KEY), '"%s" has triggers' % source.label)],
            )
