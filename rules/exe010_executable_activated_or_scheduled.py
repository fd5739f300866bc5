from mkto_lint.findings import AT_KEY
from mkto_lint.fix.edits import RemoveEntry, ReplaceValue, fix
from mkto_lint.ruleset.registry import Rule


class ExecutableActivatedOrScheduled(Rule):
    """## What it does
    Reports an executable campaign (`isExecutable: true`) that is `isActive: true`,
    `isRequestable: true`, or has a `schedule` (a mapping with at least one setting; `x-*`
    annotations do not count). One finding per offending key, on that key.

    ## Why is this bad?
    Adobe's "Execute Campaign" page: an executable is never scheduled or activated; it runs
    only when another campaign calls it with Execute Campaign, always as the child of that
    campaign. A schedule or an activation in the definition does not make it run on its own,
    and a definition that says so is inconsistent with what Marketo does.

    ## Example
    ```yaml
    kind: Program
    name: OP-Scoring Library
    ---
    kind: SmartCampaign
    name: Child - Change Score
    program: OP-Scoring Library
    isExecutable: true
    isActive: true                   # EXE010
    schedule:                        # EXE010
      runAt: "2026-12-01T09:00:00Z"
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
    ```

    ## Use instead
    Schedule or activate the campaign that executes it:
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
    name: Monthly Rescore
    program: OP-Scoring Library
    schedule:
      runAt: "2026-12-01T09:00:00Z"
    smartList:
      filters:
        - {name: Email Address, operator: is not empty}
    flow:
      - action: Execute Campaign
        attributes: {campaign: Child - Change Score}
    ```
    """

    code = "EXE010"
    name = "executable-activated-or-scheduled"
    severity = "error"
    summary = "An executable campaign is active, requestable or scheduled"
    fix_safety = "unsafe"
    fix_description = ("sets `isActive: false` or `isRequestable: false`, or removes the `schedule`; unsafe: the "
                       "campaign stops running on its own, which may be what its author relied on")

    def check(self, ctx):
        for campaign in ctx.index.campaigns:
            if not campaign.is_executable:
                continue
            label = campaign.label
            if campaign.is_active:
                yield self.finding(
                    campaign.target(("isActive",), AT_KEY),
                    'executable "%s" is activated (isActive: true): an executable is never '
                    "activated, it runs only when another campaign executes it; set isActive: "
                    "false and activate the calling campaign instead" % label,
                    fix=fix("set isActive: false", False, ReplaceValue(campaign.target(("isActive",)), False)),
                )
            if campaign.is_requestable:
                yield self.finding(
                    campaign.target(("isRequestable",), AT_KEY),
                    'executable "%s" is requestable (isRequestable: true): an executable cannot '
                    "be requested, it runs only when another campaign executes it; set "
                    "isRequestable: false and call it with Execute Campaign" % label,
                    fix=fix("set isRequestable: false", False,
                            ReplaceValue(campaign.target(("isRequestable",)), False)),
                )
            schedule = campaign.data.get("schedule")
            if isinstance(schedule, dict) and any(not str(k).startswith("x-") for k in schedule):
                yield self.finding(
                    campaign.target(("schedule",), AT_KEY),
                    'executable "%s" has a schedule: an executable is never scheduled, it runs '
                    "only when another campaign executes it; remove the schedule and schedule "
                    "the calling campaign instead" % label,
                    fix=fix("remove the schedule", False, RemoveEntry(campaign.target(("schedule",)))),
                )
