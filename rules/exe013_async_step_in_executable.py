from mkto_lint.project import actions
from mkto_lint.ruleset.registry import Rule


class AsyncStepInExecutable(Rule):
    """## What it does
    Reports a step of an executable campaign's flow whose action is asynchronous: it is
    listed in the configuration's `async-actions` (empty by default), or it is a self-service
    flow step, that is, an action listed in `custom-actions` that is not one of Marketo's own
    flow actions. The finding is on the step's `action`.

    Self-service (custom) flow steps count because Marketo runs them asynchronously by design:
    the service is called and answers later. Names are compared as FLW003 compares them,
    through the project's one alias table (`mkto_lint.project.actions`): spacing never matters; case
    and "Lead"/"Person" do not matter for Marketo's own actions. Wait and Call Webhook are never
    reported here, even when listed: EXE002 and EXE003 report them. An action that is neither
    known nor listed is FLW003's (unknown-flow-action), not this rule's.

    ```yaml
    # .mkto-lint.yaml
    async-actions: [Send Alert]
    custom-actions: [Enrich with Clearbit]
    ```

    ## Why is this bad?
    An executable's steps run in series with the parent (Adobe's "Execute Campaign" page): the
    parent waits for the child and its later steps and choices may depend on what the child
    did. An asynchronous step finishes after the parent has moved on, so whatever depends on
    its result sees the old data. Adobe's page rules out the other waiting steps (Wait, Call
    Webhook) for the same reason and points to Request Campaign, which runs in parallel.

    ## Example
    The examples assume `custom-actions: [Enrich with Clearbit]` in `.mkto-lint.yaml` (their
    first line says so):
    ```yaml
    # mkto-lint config: custom-actions: [Enrich with Clearbit]
    kind: Program
    name: OP-Data
    ---
    kind: SmartCampaign
    name: Enrich
    program: OP-Data
    isExecutable: true
    flow:
      - action: Enrich with Clearbit   # EXE013: a self-service flow step (custom-actions)
      - action: Change Score
        attributes: {scoreName: Fit Score, change: "+10"}
    ```

    ## Use instead
    Run the asynchronous step from a trigger campaign started with Request Campaign, and base
    later decisions on a trigger that fires when the data arrives:
    ```yaml
    # mkto-lint config: custom-actions: [Enrich with Clearbit]
    kind: Program
    name: OP-Data
    ---
    kind: SmartCampaign
    name: Enrich
    program: OP-Data
    isActive: true
    smartList:
      triggers:
        - name: Campaign is Requested
          conditions:
            - {name: Source, operator: is, values: [Marketo Flow Action]}
    flow:
      - action: Enrich with Clearbit
    ```
    """

    code = "EXE013"
    name = "async-step-in-executable"
    severity = "warning"
    summary = "An executable campaign's flow has an asynchronous step (async-actions, self-service steps)"

    def check(self, ctx):
        config = ctx.config
        # compared as actions.is_known compares: case and spacing do not matter
        never = {actions.WAIT.lower(), actions.WEBHOOK.lower()}
        listed = {actions.canonical(a).lower() for a in config.async_actions if isinstance(a, str)} - never
        custom = {
            actions.canonical(a).lower() for a in config.custom_actions
            if isinstance(a, str) and actions.canonical(a) not in actions.KNOWN_ACTIONS
        } - never - listed
        if not listed and not custom:
            return
        for campaign, step in ctx.index.executable_steps():
            name = (step.action or "").lower()
            if name in listed:
                why = 'the asynchronous step "%s" (listed in async-actions)' % step.action
            elif name in custom:
                why = ('the self-service flow step "%s" (custom-actions), which Marketo runs '
                       "asynchronously" % step.action)
            else:
                continue
            yield self.finding(
                step.target(("action",)),
                'executable "%s" has %s' % (campaign.label, why),
                help="it finishes after the calling campaign has moved on, so the caller's later steps and choices "
                     "cannot rely on its result; run it from a campaign started with Request Campaign instead",
            )
