from mkto_lint.project import actions
from mkto_lint.ruleset.registry import Rule


class WaitInExecutable(Rule):
    """## What it does
    Reports every Wait step in the flow of an executable campaign (`isExecutable: true`),
    whatever its choices say. The finding is on the step's `action`.

    The action name is compared through the project's one alias table, so spacing and case
    do not matter.

    ## Why is this bad?
    An executable runs in series with the campaign that executes it: the parent waits for the
    child's flow and goes on. Adobe's "Execute Campaign" page says that Wait steps will never
    be compatible with executables, and points to Request Campaign for flows that must wait
    (a requested campaign runs in parallel, as a separate campaign).

    ## Example
    ```yaml
    kind: Program
    name: OP-Nurture
    ---
    kind: SmartCampaign
    name: Nurture - Follow Up
    program: OP-Nurture
    isExecutable: true
    flow:
      - action: Wait                 # EXE002
        attributes: {duration: "2 days"}
      - action: Send Email
        attributes: {email: "OP-Nurture.Follow Up"}
    ```

    ## Use instead
    Make the waiting campaign a requestable trigger campaign and request it:
    ```yaml
    kind: Program
    name: OP-Nurture
    ---
    kind: SmartCampaign
    name: Nurture - Follow Up
    program: OP-Nurture
    isActive: true
    smartList:
      triggers:
        - name: Campaign is Requested
          conditions:
            - {name: Source, operator: is, values: [Marketo Flow Action]}
    flow:
      - action: Wait
        attributes: {duration: "2 days"}
      - action: Send Email
        attributes: {email: "OP-Nurture.Follow Up"}
    ```
    and call it with `action: Request Campaign` instead of Execute Campaign.
    """

    code = "EXE002"
    name = "wait-in-executable"
    severity = "error"
    summary = "An executable campaign's flow has a Wait step"

    def check(self, ctx):
        for campaign, step in ctx.index.executable_steps():
            if step.action == actions.WAIT:
                yield self.finding(
                    step.target(("action",)),
                    'executable "%s" has a Wait step, which Marketo does not support in executables' % campaign.label,
                    help="the calling campaign runs this flow in series and cannot pause in it; move the steps "
                         "that must wait into a campaign started with Request Campaign (it runs in parallel)",
                )
