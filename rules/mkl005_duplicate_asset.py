from mkto_lint.findings import AT_VALUE
from mkto_lint.ruleset.registry import Rule


class DuplicateAsset(Rule):
    """## What it does
    Reports two programs that share a name or an id, two campaigns that share an id, and two
    campaigns of one program that share a name. The finding is on the second one (in path
    order) and names the first.

    ## Why is this bad?
    References by name (`"Program.Campaign"`) and by id become ambiguous: an Execute Campaign
    step may run a different campaign than the one its author meant, and an import overwrites
    one asset with the other.

    ## Example
    ```yaml
    kind: Program
    name: OP-Scoring Library
    ---
    kind: SmartCampaign
    id: 2001
    name: Child - Change Score
    program: OP-Scoring Library
    flow: [{action: Change Score, attributes: {scoreName: Behavior Score, change: "+10"}}]
    ---
    kind: SmartCampaign
    id: 2001                  # MKL005: campaign id 2001 is used by another campaign
    name: Child - Change Score (copy)
    program: OP-Scoring Library
    flow: [{action: Change Score, attributes: {scoreName: Behavior Score, change: "+10"}}]
    ```

    ## Use instead
    Give every campaign its own id and, within a program, its own name:
    ```yaml
    kind: Program
    name: OP-Scoring Library
    ---
    kind: SmartCampaign
    id: 2001
    name: Child - Change Score
    program: OP-Scoring Library
    flow: [{action: Change Score, attributes: {scoreName: Behavior Score, change: "+10"}}]
    ---
    kind: SmartCampaign
    id: 2002
    name: Child - Change Score (copy)
    program: OP-Scoring Library
    flow: [{action: Change Score, attributes: {scoreName: Behavior Score, change: "+10"}}]
    ```
    """

    code = "MKL005"
    name = "duplicate-asset"
    severity = "error"
    summary = "Two programs or campaigns share a name or an id"

    def check(self, ctx):
        for dup in ctx.index.duplicates:
            first = dup.first.target(dup.path, AT_VALUE)
            line = first.file.locator.span(first).line
            yield self.finding(
                dup.asset.target(dup.path, AT_VALUE),
                "%s (first defined at %s:%d)" % (dup.message, first.file.display, line),
                related=[(first, "first defined here")],
            )
