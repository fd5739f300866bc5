from mkto_lint.ruleset.registry import Rule


class DuplicateKey(Rule):
    """## What it does
    Reports a mapping that repeats a key, at the second occurrence.

    ## Why is this bad?
    YAML and JSON parsers silently keep the last value ("last one wins"), so the first value,
    which may be the one the author meant, is lost without a word.

    ## Example
    ```yaml
    kind: SmartCampaign
    name: Child - Change Score
    program: OP-Scoring Library
    isExecutable: true
    isExecutable: false       # MKL002
    ```

    ## Use instead
    Keep one `isExecutable` key.
    """

    code = "MKL002"
    name = "duplicate-key"
    severity = "error"
    summary = "A mapping repeats a key"
    engine = True
