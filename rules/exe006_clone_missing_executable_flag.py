from mkto_lint.fix.edits import InsertAfter, ReplaceValue, fix
from mkto_lint.ruleset.registry import Rule


class CloneMissingExecutableFlag(Rule):
    """## What it does
    Reports a campaign whose `clonedFrom` names an executable campaign while the campaign
    itself lacks `isExecutable: true`. The finding is on the clone's `isExecutable: false`
    when it says so, else on its `clonedFrom`; the related location is the original's
    `isExecutable`.

    ## Why is this bad?
    Adobe's "Execute Campaign" page: cloning an executable does not carry the Executable
    checkbox; it must be ticked again on the clone. Until it is, Execute Campaign steps cannot
    call the clone, and it runs as an ordinary batch or trigger campaign instead.

    ## Example
    ```yaml
    kind: Program
    name: OP-Scoring Library
    ---
    kind: SmartCampaign
    name: Child - Change Score
    program: OP-Scoring Library
    isExecutable: true
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
    ---
    kind: SmartCampaign
    name: Child - Change Score (EMEA)
    program: OP-Scoring Library
    clonedFrom: OP-Scoring Library.Child - Change Score   # EXE006: that one is executable
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
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
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
    ---
    kind: SmartCampaign
    name: Child - Change Score (EMEA)
    program: OP-Scoring Library
    clonedFrom: OP-Scoring Library.Child - Change Score
    isExecutable: true
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
    ```
    """

    code = "EXE006"
    name = "clone-missing-executable-flag"
    severity = "error"
    summary = "A clone of an executable campaign is not executable"
    fix_safety = "safe"
    fix_description = ("sets `isExecutable: true` on the clone (its `isExecutable: false` becomes `true`, or the "
                       "key is added right after `clonedFrom`, in the mapping's own style)")

    def check(self, ctx):
        index = ctx.index
        for campaign in index.campaigns:
            ref = campaign.data.get("clonedFrom")
            if ref is None or campaign.is_executable:
                continue
            source = index.resolve_campaign(ref, campaign)
            if source is None or source is campaign or not source.is_executable:
                continue
            where = ("isExecutable",) if "isExecutable" in campaign.data else ("clonedFrom",)
            if where == ("isExecutable",):
                op = ReplaceValue(campaign.target(where), True)
            else:
                op = InsertAfter(campaign.target(where), "isExecutable", True)
            yield self.finding(
                campaign.target(where),
                '"%s" was cloned from the executable "%s" but is not executable: cloning does not '
                "carry the Executable checkbox, so Execute Campaign cannot call the clone; tick "
                "Executable on it (isExecutable: true)" % (campaign.label, source.label),
                related=[(source.target(("isExecutable",)), '"%s" is executable' % source.label)],
                fix=fix("set isExecutable: true", True, op),
            )
