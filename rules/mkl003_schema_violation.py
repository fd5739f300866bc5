import json
import re

from mkto_lint.findings import AT_KEY, AT_VALUE
from mkto_lint.fix.edits import RenameKey, ReplaceValue, fix
from mkto_lint.ruleset.registry import Rule

_STRING = r'("(?:[^"\\]|\\.)*")'
_UNKNOWN_KEY = re.compile(r"^unknown key %s \(did you mean %s\?\)$" % (_STRING, _STRING))
_NOT_ALLOWED = re.compile(r"^%s is not one of the allowed values: .* \(did you mean %s\?\)$" % (_STRING, _STRING))


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
    fix_safety = "unsafe"
    fix_description = ("renames an unknown key to the one known key it is closest to, or a value outside an "
                       "enumeration to the one allowed value it is closest to (the message's \"did you mean\"); "
                       "not when the mapping already has that key; unsafe: the author may have meant another")

    def fix(self, finding):
        target = finding.target
        pattern = _UNKNOWN_KEY if target.at == AT_KEY else _NOT_ALLOWED if target.at == AT_VALUE else None
        match = pattern.match(finding.message) if pattern is not None and target.path else None
        if match is None:
            return None
        wrong, right = json.loads(match.group(1)), json.loads(match.group(2))
        if len(right) >= 60 and right.endswith("..."):  # the message shortened it: not the name itself
            return None
        if target.at == AT_KEY:
            if wrong != target.path[-1]:
                return None
            return fix('rename the key to "%s"' % right, False, RenameKey(target, right))
        return fix('write "%s"' % right, False, ReplaceValue(target, right))
