from mkto_lint.project import actions
from mkto_lint.ruleset.registry import Rule


class WebhookInBatchCampaign(Rule):
    """## What it does
    Reports a Call Webhook step in a batch campaign: one whose smart list has filters and no
    triggers. Executables are left to EXE003 (a webhook there is an error, not a warning).

    ## Why is this bad?
    Adobe advises webhooks in trigger campaigns only. Marketo waits up to 30 seconds for each
    call, so a batch run over many people spends that time on every one of them, and the calls
    arrive at the receiving service all at once.

    ## Example
    ```yaml
    kind: Program
    name: OP-Data
    ---
    kind: SmartCampaign
    name: Nightly Enrichment
    program: OP-Data
    smartList:
      filters:
        - {name: Company Name, operator: is empty}
    flow:
      - action: Call Webhook               # FLW002: in a batch campaign
        attributes: {webhook: Enrich Lead}
    ```

    ## Use instead
    Call the webhook from a trigger campaign, for example one with a `Campaign is Requested`
    trigger that the batch campaign requests:
    ```yaml
    kind: Program
    name: OP-Data
    ---
    kind: SmartCampaign
    name: Nightly Enrichment
    program: OP-Data
    smartList:
      filters:
        - {name: Company Name, operator: is empty}
    flow:
      - action: Request Campaign
        attributes: {campaign: OP-Data.Enrich - Requested}
    ---
    kind: SmartCampaign
    name: Enrich - Requested
    program: OP-Data
    isActive: true
    smartList:
      triggers: [{name: Campaign is Requested}]
    flow:
      - action: Call Webhook
        attributes: {webhook: Enrich Lead}
    ```
    """

    code = "FLW002"
    name = "webhook-in-batch-campaign"
    severity = "warning"
    summary = "A batch campaign calls a webhook"

    def check(self, ctx):
        for campaign in ctx.index.campaigns:
            webhooks = [step for step in campaign.steps if step.action == actions.WEBHOOK]
            if not webhooks or campaign.is_executable or campaign.triggers or not campaign.filters:
                continue
            for step in webhooks:
                yield self.finding(
                    step.target(("action",)),
                    'Call Webhook in batch campaign "%s" (filters, no triggers)' % campaign.label,
                    help="Adobe advises webhooks in trigger campaigns only, and Marketo waits up to 30 s for each "
                         "call; call it from a trigger campaign (e.g. one this campaign requests)",
                )
