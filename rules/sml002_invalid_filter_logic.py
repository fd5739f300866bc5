from mkto_lint.analysis import smartlists
from mkto_lint.ruleset.registry import Rule


class InvalidFilterLogic(Rule):
    """## What it does
    Reports advanced filter logic that Marketo would reject, in the smart list of a campaign or
    of a SmartList asset: `filterMatchType` is `advanced` (or `custom`, in any case) and
    `filterLogic` is missing or blank, does not parse, names a filter number that does not
    exist, or mixes `and` and `or` at one level without parentheses. The message says what is
    wrong and where (the column inside the expression).

    Filter numbers are the 1-based positions of the filters; `and`, `or` and `not` are
    case-insensitive; parentheses group. In an executable campaign's own smart list EXE001
    reports these instead. A SmartList asset is reported here even when an executable uses it.

    ## Why is this bad?
    Marketo underlines an invalid expression red and the smart list is invalid: the campaign
    does not run. `and` and `or` have no precedence in Marketo, so `1 and 2 or 3` is ambiguous
    and must be written `(1 and 2) or 3` or `1 and (2 or 3)`.

    ## Example
    ```yaml
    kind: Program
    name: OP-Nurture
    ---
    kind: SmartCampaign
    name: DACH Leads
    program: OP-Nurture
    smartList:
      filterMatchType: advanced
      filterLogic: "1 and 2 or 4"        # SML002: mixes and/or; there is no filter 4
      filters:
        - {name: Email Address, operator: is not empty}
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
      filterMatchType: advanced
      filterLogic: "1 and (2 or 3)"
      filters:
        - {name: Email Address, operator: is not empty}
        - {name: Country, operator: is, values: [Germany]}
        - {name: Country, operator: is, values: [Austria]}
    flow:
      - action: Add to Nurture
        attributes: {program: OP-Nurture}
    ```
    """

    code = "SML002"
    name = "invalid-filter-logic"
    severity = "error"
    summary = "Advanced filter logic is missing, does not parse, is out of range or mixes and/or"

    def check(self, ctx):
        for owner, defect in smartlists.of(ctx).own_defects("logic"):
            yield self.finding(owner.target(defect.path), defect.message, help=smartlists.consequence(owner)[2:])
