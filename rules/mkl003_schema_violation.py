from mkto_lint.ruleset.registry import Rule


class SchemaViolation(Rule):
    """## What it does
    Checks every document against the JSON Schema of its kind (`mkto-lint schema` prints it)
    and reports each distinct problem at the offending key or value: an unknown key (with the
    closest known key), a missing required key (at the start of the mapping), a value of the
    wrong type, a value outside an enumeration (with the allowed values).

    ## Why is this bad?
    A misspelt key such as `useParentTokenContex` is silently ignored by importers, so the
    setting the author wrote never takes effect.

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
    kind: SmartCampaign
    name: Attended
    program: OP-Scoring Library
    flow:
      - action: Execute Campaign
        attributes:
          campaign: OP-Scoring Library.Child - Change Score
          useParentTokenContex: true     # MKL003: unknown key (did you mean "useParentTokenContext"?)
    ```

    ## Use instead
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
    kind: SmartCampaign
    name: Attended
    program: OP-Scoring Library
    flow:
      - action: Execute Campaign
        attributes:
          campaign: OP-Scoring Library.Child - Change Score
          useParentTokenContext: true
    ```
    """

    code = "MKL003"
    name = "schema-violation"
    severity = "error"
    summary = "A document breaks the JSON Schema of its kind"
    engine = True
