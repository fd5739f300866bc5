from mkto_lint.findings import AT_KEY
from mkto_lint.ruleset.registry import Rule


class ExecutableHasTriggers(Rule):
    """## What it does
    Reports an executable campaign (`isExecutable: true`) whose smart list has triggers. The
    finding is on the `triggers` key and names the triggers.

    ## Why is this bad?
    An executable is never activated: it runs only when another campaign calls it with
    Execute Campaign (Adobe's "Execute Campaign" page), and its smart list only filters out
    the people who do not qualify. Its triggers never start it, so whatever the author
    expected them to do does not happen.

    ## Example
    ```yaml
    kind: Program
    name: OP-Scoring Library
    ---
    kind: SmartCampaign
    name: Child - Change Score
    program: OP-Scoring Library
    isExecutable: true
    smartList:
      triggers:                      # EXE009
        - name: Fills Out Form
          conditions:
            - {name: Form Name, operator: is, values: [Contact Us]}
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
    ```

    ## Use instead
    Keep filters in the executable, and move the trigger to a trigger campaign that executes
    it:
    ```yaml
    kind: Program
    name: OP-Scoring Library
    ---
    kind: SmartCampaign
    name: Child - Change Score
    program: OP-Scoring Library
    isExecutable: true
    smartList:
      filters:
        - {name: Email Address, operator: is not empty}
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
    ---
    kind: SmartCampaign
    name: Contact Us - Score
    program: OP-Scoring Library
    isActive: true
    smartList:
      triggers:
        - name: Fills Out Form
          conditions:
            - {name: Form Name, operator: is, values: [Contact Us]}
    flow:
      - action: Execute Campaign
        attributes: {campaign: Child - Change Score}
    ```
    """

    code = "EXE009"
    name = "executable-has-triggers"
    severity = "error"
    summary = "An executable campaign's smart list has triggers"

    def check(self, ctx):
        for campaign in ctx.index.campaigns:
            if not campaign.is_executable or not campaign.triggers:
                continue
            names = []
            for trigger in campaign.triggers:
                name = trigger.get("name")
                if isinstance(name, str) and name.strip() and '"%s"' % name.strip() not in names:
                    names.append('"%s"' % name.strip())
            listed = " (%s)" % ", ".join(names) if names else ""
            yield self.finding(
                campaign.target(("smartList", "triggers"), AT_KEY),
                'executable "%s" has triggers%s, which never start it' % (campaign.label, listed),
                help='an executable runs only when another campaign executes it; move the triggers to a trigger '
                     'campaign that executes "%s", and keep only filters here' % campaign.label,
            )
