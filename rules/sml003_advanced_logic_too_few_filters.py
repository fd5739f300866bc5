from mkto_lint.analysis import smartlists
from mkto_lint.ruleset.registry import Rule


class AdvancedLogicTooFewFilters(Rule):
    """## What it does
    Reports `filterMatchType: advanced` (or `custom`) in a smart list with fewer than 3
    filters, in any campaign (executables included) or SmartList asset.

    ## Why is this bad?
    Marketo's UI offers advanced filter logic only from three filters up, so such a smart list
    cannot be built or edited that way in Marketo. Over fewer filters, `all` and `any` say the
    same more simply: over two filters, `1 and 2` is `all` and `1 or 2` is `any`. It is a
    warning, not an error: the expression itself may be valid (SML002 judges it).

    ## Example
    ```yaml
    kind: Program
    name: OP-Nurture
    ---
    kind: SmartCampaign
    name: DACH Leads
    program: OP-Nurture
    smartList:
      filterMatchType: advanced           # SML003: only 2 filters
      filterLogic: "1 or 2"
      filters:
        - {name: Country, operator: is, values: [Germany]}
        - {name: Country, operator: is, values: [Austria]}
    flow:
      - action: Add to Nurture
        attributes: {program: OP-Nurture}
    ```

    ## Use instead
    ```yaml
    kind: Program
    name: OP-Nurture
    ---
    kind: SmartCampaign
    name: DACH Leads
    program: OP-Nurture
    smartList:
      filterMatchType: any
      filters:
        - {name: Country, operator: is, values: [Germany]}
        - {name: Country, operator: is, values: [Austria]}
    flow:
      - action: Add to Nurture
        attributes: {program: OP-Nurture}
    ```
    """

    code = "SML003"
    name = "advanced-logic-too-few-filters"
    severity = "warning"
    summary = "Advanced filter logic with fewer than 3 filters"

    def check(self, ctx):
        for owner, defect in smartlists.of(ctx).own_defects("too-few", executables=True):
            yield self.finding(owner.target(defect.path), defect.message, help='use "all" or "any"')
