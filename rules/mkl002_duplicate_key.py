from mkto_lint.ruleset.registry import Rule


class DuplicateKey(Rule):
    """## What it does
    Reports a mapping that repeats a key, at the second occurrence.

    ## Why is this bad?
    YAML and JSON parsers silently keep the last value ("last one wins"), so the first value,
    which may be the one the author meant, is lost without a word.

    ## Example
    ```yaml
    kind: Program
    name: OP-Scoring Library
    ---
    kind: SmartCampaign
    name: Child - Change Score
    program: OP-Scoring Library
    isExecutable: true
    isExecutable: false       # MKL002
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
    ```

    ## Use instead
    Keep one `isExecutable` key:
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
    ```
    """

    code = "MKL002"
    name = "duplicate-key"
    severity = "error"
    summary = "A mapping repeats a key"
    engine = True
