from mkto_lint.analysis import tokens
from mkto_lint.ruleset.registry import Rule


class MalformedToken(Rule):
    """## What it does
    Reports `{{`...`}}` that does not parse as a token, in any string value of any document
    (flow steps, choices, smart-list values, My Token values; descriptions and `x-*`
    annotations are not rendered by Marketo and are not checked):

    - unbalanced braces: `{{my.Score}` (no closing `}}`), `{my.Score}}` (a single opening
      brace before a family and name; other text that merely ends in `}}`, such as JSON, is
      not a token and is left alone);
    - an empty token or name: `{{}}`, `{{my.}}`;
    - no family, or an unknown one: `{{Score}}`, `{{My.Score}}`, `{{contact.Email}}` (the
      families are `my`, `lead`/`Lead`/`person`, `company`/`Company`, `campaign`, `program`,
      `member`, `trigger`, `system`);
    - spaces just inside the braces (`{{ my.Score }}`), braces inside the token, or a modifier
      other than `:default=`.

    The finding is on the token itself; the message says what is wrong and, for a misspelled
    family, which one was probably meant.

    ## Why is this bad?
    Marketo replaces only well-formed tokens. Anything else is sent as written: people receive
    `{{my.Score}` in an email, and a Change Score step whose change is not a token or a number
    changes nothing.

    ## Example
    ```yaml
    kind: Program
    name: OP-Webinar 2026
    tokens: [{name: Webinar Name, type: text, value: Marketo Masters 2026}]
    ---
    kind: SmartCampaign
    name: Attended
    program: OP-Webinar 2026
    flow:
      - action: Interesting Moment
        attributes:
          type: Milestone
          description: "Attended {{my.Webinar Name}"   # TOK002: no closing "}}"
      - action: Send Alert
        attributes:
          sendTo: owner
          subject: "Hot lead: {{Lead.First Name}} ({{Lead.Company}}) {{Lead.Job Title}}"
          body: "{{My.Webinar Name}}"                   # TOK002: unknown family "My"
    ```

    ## Use instead
    ```yaml
    kind: Program
    name: OP-Webinar 2026
    tokens: [{name: Webinar Name, type: text, value: Marketo Masters 2026}]
    ---
    kind: SmartCampaign
    name: Attended
    program: OP-Webinar 2026
    flow:
      - action: Interesting Moment
        attributes:
          type: Milestone
          description: "Attended {{my.Webinar Name}}"
      - action: Send Alert
        attributes:
          sendTo: owner
          subject: "Hot lead: {{Lead.First Name}} ({{Lead.Company}}) {{Lead.Job Title}}"
          body: "{{my.Webinar Name}}"
    ```
    """

    code = "TOK002"
    name = "malformed-token"
    severity = "error"
    summary = "{{...}} that does not parse as a token"
    shares = "tokens"

    def check(self, ctx):
        for asset, found in tokens.token_table(ctx).items():
            for path, tok in found:
                if tok.ok:
                    continue
                yield self.finding(
                    tokens.target(asset, path, tok),
                    "malformed token %s: %s" % (tok.text, tok.error),
                    help="Marketo does not recognise it and sends the text as written",
                )
