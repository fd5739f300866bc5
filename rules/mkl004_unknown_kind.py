from mkto_lint.ruleset.registry import Rule


class UnknownKind(Rule):
    """## What it does
    Reports a document, in a file that holds definitions, whose `kind` is missing or is not
    one of `Program`, `Folder`, `SmartCampaign`, `SmartList` (`Run` documents, the input of
    `mkto-lint resolve`, are accepted too). A YAML or JSON file in which no document has a
    `kind` at all is not a definition file and is ignored.

    ## Why is this bad?
    A document of no known kind is not checked, indexed or resolved, so references to it fail
    and its own mistakes go unseen.

    ## Example
    ```yaml
    kind: Program
    name: OP-Scoring Library
    ---
    kind: SmartCampagin      # MKL004: unknown kind (did you mean "SmartCampaign"?)
    name: Child - Change Score
    program: OP-Scoring Library
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
    ```

    ## Use instead
    ```yaml
    kind: Program
    name: OP-Scoring Library
    ---
    kind: SmartCampaign
    name: Child - Change Score
    program: OP-Scoring Library
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
    ```
    """

    code = "MKL004"
    name = "unknown-kind"
    severity = "error"
    summary = "A document has no kind or an unknown one"
    engine = True
