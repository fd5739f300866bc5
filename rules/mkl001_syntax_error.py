from mkto_lint.ruleset.registry import Rule


class SyntaxError_(Rule):
    """## What it does
    Reports a file that cannot be read as YAML or JSON: a syntax error (at the parser's
    position), a file that is not UTF-8 (UTF-16, Latin-1, binary), a tag outside the YAML core
    schema (`!Ref`, `!!python/object`), a mapping key that is a list or mapping, or a file over
    `max-file-size`.

    ## Why is this bad?
    Nothing in the file can be checked, imported or deployed until it parses.

    ## Example
    ```yaml
    kind: Program
    name: OP-Scoring Library
    ---
    kind: SmartCampaign
    name: Child - Change Score
      program: OP-Scoring Library     # MKL001: mapping values are not allowed here
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

    code = "MKL001"
    name = "syntax-error"
    severity = "error"
    summary = "A file cannot be parsed as YAML or JSON"
    engine = True
