from mkto_lint.analysis import smartlists
from mkto_lint.ruleset.registry import Rule


class IncompleteFilter(Rule):
    """## What it does
    Reports a filter, trigger or constraint (`conditions`) that needs a value and has none, or
    that an export marks as broken (`isError: true`, with its `errorMessage` quoted), in the
    smart list of a campaign or of a SmartList asset.

    An operator needs a value unless it is `is empty`, `is not empty`, `is true` or
    `is false`; `values` that is missing, empty or holds only blank strings is no value. A
    filter, trigger or constraint written without an operator is one that takes none (such as
    `Campaign is Requested`) and needs no value, except `Member of Smart List`,
    `Member of Smart Campaign` and `Member of Program`, which always name what they test.

    In an executable campaign's own smart list EXE001 reports these instead (there it means
    nobody qualifies). A SmartList asset is reported here even when an executable uses it.

    ## Why is this bad?
    Marketo underlines a filter with missing information red: the smart list is invalid and the
    campaign does not run. A SmartList asset in that state is invalid too, and so is every smart
    list that uses it through `Member of Smart List`.

    ## Example
    ```yaml
    kind: Program
    name: OP-Nurture
    ---
    kind: SmartCampaign
    name: Pricing Visitors
    program: OP-Nurture
    smartList:
      filters:
        - name: Email Address
          operator: is                   # SML001: needs a value
        - name: Visited Web Page
          operator: is
          values: [/pricing]
          conditions:
            - {name: Date of Activity, operator: in past}   # SML001: needs a value
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
    name: Pricing Visitors
    program: OP-Nurture
    smartList:
      filters:
        - name: Email Address
          operator: is not empty
        - name: Visited Web Page
          operator: is
          values: [/pricing]
          conditions:
            - {name: Date of Activity, operator: in past, values: ["30 days"]}
    flow:
      - action: Add to Nurture
        attributes: {program: OP-Nurture}
    ```
    """

    code = "SML001"
    name = "incomplete-filter"
    severity = "error"
    summary = "A filter, trigger or constraint needs a value and has none, or is marked isError"

    def check(self, ctx):
        for owner, defect in smartlists.of(ctx).own_defects("incomplete"):
            yield self.finding(owner.target(defect.path), defect.message, help=smartlists.consequence(owner)[2:])
