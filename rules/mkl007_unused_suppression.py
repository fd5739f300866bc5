import re

from mkto_lint.fix.edits import Edit, RemoveEntry, TextEdits, fix
from mkto_lint.ruleset.registry import Rule

_BREAK = re.compile(r"\r\n?|\n")


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
    fix_safety = "safe"
    fix_description = ("removes the stale code from its `# mkto-lint:` comment, and the comment when no code is "
                       "left (its line too when the comment was alone on it); from a document's "
                       "`x-mkto-lint: {ignore: [...]}`, the stale item, or the whole `x-mkto-lint` with the last one")

    def fix(self, finding):
        target = finding.target
        if not finding.message.startswith(("suppression of ", "suppression names no rule: '",
                                           'suppression names no rule: "')):
            return None
        if target.span is None:
            return _document_fix(target)
        span = target.span
        return fix("remove the stale suppression", True,
                   TextEdits(target.file, lambda text: _remove_code(text, span.line, span.column - 1)))


def _document_fix(target):
    """``x-mkto-lint: {ignore: [...]}``: the stale item goes, or the whole ``x-mkto-lint`` (or
    its ``ignore``) when the item is the last one."""
    from mkto_lint.suppress.comments import DOC_KEY

    path = tuple(target.path)
    if len(path) < 3 or path[-3:-1] != (DOC_KEY, "ignore"):
        return None
    prefix = path[:-3]
    doc = next((d for d in target.file.documents if d.stream == target.stream and d.prefix == prefix), None)
    spec = doc.data.get(DOC_KEY) if doc is not None else None
    if not isinstance(spec, dict) or not isinstance(spec.get("ignore"), list):
        return None
    if len(spec["ignore"]) > 1:
        where = target
    else:
        where = doc.target((DOC_KEY,) if list(spec) == ["ignore"] else (DOC_KEY, "ignore"))
    return fix("remove the stale suppression", True, RemoveEntry(where))


def _remove_code(text, line, column):
    """The edits that take the selector at (``line``, 0-based ``column``) out of the directive
    written on that line, or the whole directive when it is its only selector."""
    from mkto_lint.suppress.comments import DIRECTIVE

    start = 0
    for _ in range(line - 1):
        found = _BREAK.search(text, start)
        if found is None:
            return None
        start = found.end()
    found = _BREAK.search(text, start)
    end = found.start() if found else len(text)
    here = text[start:end]
    match = DIRECTIVE.search(here)
    if match is None or match.group("codes") is None:
        return None
    selectors = []  # (start, end) in the line of each selector, blanks left out
    offset = match.start("codes")
    for part in match.group("codes").split(","):
        lead = len(part) - len(part.lstrip())
        if part.strip():
            selectors.append((offset + lead, offset + lead + len(part.strip())))
        offset += len(part) + 1
    mine = [i for i, (a, _b) in enumerate(selectors) if a == column]
    if not mine:
        return None
    i = mine[0]
    if len(selectors) > 1:  # take out the selector and one comma beside it
        if i + 1 < len(selectors):
            return [Edit(start + selectors[i][0], start + selectors[i + 1][0], "")]
        return [Edit(start + selectors[i - 1][1], start + selectors[i][1], "")]
    hash_at = here.index("#", match.start())
    cut = len(here[:hash_at].rstrip(" \t"))
    if cut == 0 or not here[:cut].strip():  # the comment was alone on its line: the line goes
        return [Edit(start, found.end() if found else len(text), "")]
    return [Edit(start + cut, end, "")]
