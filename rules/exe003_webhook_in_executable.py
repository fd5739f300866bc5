from mkto_lint.project import actions
from mkto_lint.ruleset.registry import Rule


class WebhookInExecutable(Rule):
    """## What it does
    Reports every Call Webhook step in the flow of an executable campaign
    (`isExecutable: true`). The finding is on the step's `action`.

    ## Why is this bad?
    Adobe's "Execute Campaign" page says that webhooks, like Wait steps, will never be
    compatible with executables. A webhook call makes Marketo wait up to 30 seconds for the
    answer, while the calling campaign runs the executable's flow in series. Adobe also
    advises webhooks in trigger campaigns only.

    ## Example
    ```yaml
    kind: Program
    name: OP-Data
    ---
    kind: SmartCampaign
    name: Enrich
    program: OP-Data
    isExecutable: true
    flow:
      - action: Call Webhook         # EXE003
        attributes: {webhook: Enrich Lead}
    ```

    ## Use instead
    Call the webhook from a trigger campaign with a `Campaign is Requested` trigger, and
    start that campaign with Request Campaign (it runs in parallel):
    ```yaml
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
      - action: Call Webhook
        attributes: {webhook: Enrich Lead}
    ```
    """

    code = "EXE003"
    name = "webhook-in-executable"
    severity = "error"
    summary = "An executable campaign's flow has a Call Webhook step"

    def check(self, ctx):
        for campaign, step in ctx.index.executable_steps():
            if step.action != actions.WEBHOOK:
                continue
            webhook = step.attributes.get("webhook")
            if isinstance(webhook, str) and webhook:
                what = 'calls webhook "%s"' % webhook
            else:
                what = "has a Call Webhook step"
            yield self.finding(
                step.target(("action",)),
                'executable "%s" %s, which Marketo does not support in executables' % (campaign.label, what),
                help="call the webhook from a trigger campaign started with Request Campaign (it runs in "
                     "parallel) instead",
            )
