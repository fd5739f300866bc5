from mkto_lint.analysis import tokens
from mkto_lint.ruleset.registry import Rule


class TokenInChoiceCondition(Rule):
    """## What it does
    Reports a token inside the `if` condition of a flow step's choice (its name, operator or
    values). The finding is on the token itself.

    ## Why is this bad?
    Adobe's "Add Choice" documentation says tokens do not work in choice conditions: Marketo
    compares the person's field with the text `{{my.Target Title}}` itself, which no person has,
    so the choice never matches and everyone takes the default.

    ## Example
    ```yaml
    kind: Program
    name: OP-Scoring Library
    tokens: [{name: Target Title, type: text, value: VP}]
    ---
    kind: SmartCampaign
    name: Title Score
    program: OP-Scoring Library
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+5"}
        choices:
          - if: {name: Job Title, operator: contains, values: ["{{my.Target Title}}"]}   # TOK005
            attributes: {change: "+20"}
    ```

    ## Use instead
    Write the value itself in the condition:
    ```yaml
    kind: Program
    name: OP-Scoring Library
    ---
    kind: SmartCampaign
    name: Title Score
    program: OP-Scoring Library
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+5"}
        choices:
          - if: {name: Job Title, operator: contains, values: [VP]}
            attributes: {change: "+20"}
    ```
    """

    code = "TOK005"
    name = "token-in-choice-condition"
    severity = "error"
    summary = "A token inside a choice's condition"
    shares = "tokens"

    def check(self, ctx):
        for campaign, found in tokens.campaign_tokens(ctx, 2).items():
            for _step, path, tok in found:
                if not tok.ok:
                    continue  # TOK002
                yield self.finding(
                    tokens.target(campaign, path, tok),
                    "%s in the condition of choice %d, where Marketo does not replace tokens" % (tok.text, path[3] + 1),
                    help="the condition compares with the text \"%s\" itself and the choice does not match as "
                         "intended; write the value itself" % tok.text,
                )
