from mkto_lint.project import actions
from mkto_lint.ruleset.registry import Rule


class RemoveFromFlowTargetsExecutable(Rule):
    """## What it does
    Reports Remove from Flow where it also removes people from a parent campaign's flow, in
    two forms:

    - a Remove from Flow step of a non-executable campaign names an executable (in its own
      `campaigns` or in those of any choice): the finding is on that reference, the related
      location is the executable's `isExecutable`;
    - an executable campaign's flow has a Remove from Flow step (whatever it names, "this
      campaign" included): the finding is on the step's `action`, once per step.

    ## Why is this bad?
    Adobe's "Remove from Flow" and "Execute Campaign" pages: an executable runs inside the
    flow of the campaign that executed it, and Remove from Flow aimed at an executable removes
    people from both the child and the parent. The parent's remaining steps do not run for
    them, which is rarely what the author meant.

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
    kind: Program
    name: OP-Webinar 2026
    ---
    kind: SmartCampaign
    name: Unsubscribed
    program: OP-Webinar 2026
    flow:
      - action: Remove from Flow
        attributes:
          campaigns: [OP-Scoring Library.Child - Change Score]   # EXE011: an executable
    ```

    ## Use instead
    Name the parent campaign whose flow people should leave (or "this campaign" in the parent
    itself):
    ```yaml
    kind: Program
    name: OP-Webinar 2026
    ---
    kind: SmartCampaign
    name: Attended - Score
    program: OP-Webinar 2026
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
    ---
    kind: SmartCampaign
    name: Unsubscribed
    program: OP-Webinar 2026
    flow:
      - action: Remove from Flow
        attributes:
          campaigns: [OP-Webinar 2026.Attended - Score]
    ```
    """

    code = "EXE011"
    name = "remove-from-flow-targets-executable"
    severity = "warning"
    summary = "Remove from Flow names an executable, or runs in one: it removes people from the parent too"

    def check(self, ctx):
        index = ctx.index
        for campaign in index.campaigns:
            if not campaign.is_executable:
                continue
            for step in campaign.steps:
                if step.action == actions.REMOVE_FROM_FLOW:
                    yield self.finding(
                        step.target(("action",)),
                        'Remove from Flow in executable "%s" removes people from the calling campaign\'s flow too'
                        % campaign.label,
                        help="the parent's remaining steps do not run for them; move this step into the parent "
                             "campaign",
                    )
        for call in index.calls:
            callee = call.target
            if call.kind != "remove" or callee is None or not callee.is_executable:
                continue
            if call.caller.is_executable:
                continue  # reported once on the step above
            yield self.finding(
                call.location(),
                'Remove from Flow names the executable "%s", which removes people from its caller\'s flow too'
                % callee.label,
                help="the parent's remaining steps do not run for them; name the parent campaign instead",
                related=[(callee.target(("isExecutable",)), '"%s" is executable' % callee.label)],
            )
