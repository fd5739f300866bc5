from mkto_lint.ruleset.registry import Rule


class UnusedSuppression(Rule):
    """## What it does
    Reports a suppression that suppresses nothing: a `# mkto-lint: ignore[CODE]` comment on
    (or right above) a line with no such finding, a `# mkto-lint: ignore-file[CODE]` comment in
    a file without one, an `x-mkto-lint: {ignore: [CODE]}` in a document without one, and a
    suppression that names no rule. Only rules that ran are judged, so `--select` does not
    make other suppressions look unused.

    ## Why is this bad?
    A stale suppression hides the next real problem of that kind on the same line or
    document, long after the one it was written for was fixed.

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
      # MKL007 on the next line: this step has no EXE002 finding to suppress
      - action: Change Score      # mkto-lint: ignore[EXE002] legacy wait, removed in MOPS-12
        attributes: {scoreName: Behavior Score, change: "+5"}
    ```

    ## Use instead
    Remove the comment once the finding it was written for is gone:
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
        attributes: {scoreName: Behavior Score, change: "+5"}
    ```
    """

    code = "MKL007"
    name = "unused-suppression"
    severity = "warning"
    summary = "An inline or document-level suppression suppresses nothing"
    engine = True
