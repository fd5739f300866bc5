from mkto_lint.fix.edits import ReplaceValue, fix
from mkto_lint.project import actions
from mkto_lint.ruleset.registry import Rule
from mkto_lint.suggest import suggest


class UnknownFlowAction(Rule):
    """## What it does
    Reports a flow step whose `action` is neither a Marketo flow action (the API/MCP list and
    the UI-only actions, in either their "Lead" or "Person" spelling, with "Change Program
    Status" for "Change Status in Progression"; case and extra spaces do not matter) nor listed
    in the configuration's `custom-actions`. The message suggests the closest known action.

    ## Why is this bad?
    A misspelt action cannot be imported or recreated in Marketo, and every rule that depends
    on the action (executes, requests, waits, webhooks, score changes) silently skips the step.
    Self-service flow steps are legitimate but unknown to mkto-lint: list them under
    `custom-actions` so that typos in them are caught too.

    ## Example
    ```yaml
    kind: Program
    name: OP-Data
    ---
    kind: SmartCampaign
    name: Enrich
    program: OP-Data
    flow:
      - action: Chnage Score               # FLW003: unknown action
        attributes: {scoreName: Behavior Score, change: "+10"}
      - action: Enrich with Clearbit       # FLW003 unless listed in custom-actions
    ```

    ## Use instead
    Fix the spelling, and list the self-service step in `.mkto-lint.yaml` (the first line of
    the example assumes `custom-actions: [Enrich with Clearbit]`):
    ```yaml
    # mkto-lint config: custom-actions: [Enrich with Clearbit]
    kind: Program
    name: OP-Data
    ---
    kind: SmartCampaign
    name: Enrich
    program: OP-Data
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
      - action: Enrich with Clearbit
    ```
    """

    code = "FLW003"
    name = "unknown-flow-action"
    severity = "warning"
    summary = "A flow step's action is not a known Marketo flow action"
    fix_safety = "unsafe"
    fix_description = ("renames the action to the one known action it is closest to (`Chnage Score` becomes "
                       "`Change Score`); unsafe: a self-service flow step's name may have been meant")

    def check(self, ctx):
        custom = list(ctx.config.custom_actions or ())
        known = frozenset(actions.KNOWN_ACTIONS)  # step.action is already canonical: a fast path
        candidates = None
        for campaign in ctx.index.campaigns:
            for step in campaign.steps:
                if step.action in known:
                    continue
                name = step.raw_action
                if not isinstance(name, str) or not name.strip() or actions.is_known(name, custom):
                    continue
                if candidates is None:
                    candidates = _candidates(custom)
                message = 'unknown flow action "%s"' % name
                close = suggest(name, candidates.values())
                repair = None
                if close:
                    message += ' (did you mean "%s"?)' % close
                    repair = fix('rename to "%s"' % close, False, ReplaceValue(step.target(("action",)), close))
                message += "; a self-service flow step must be listed in custom-actions in the configuration"
                yield self.finding(step.target(("action",)), message, fix=repair)


def _candidates(custom):
    """Lower-case spelling -> the spelling to suggest: every known action, its Person spelling,
    the UI's "Change Program Status", and the configured custom actions."""
    out = {}
    for name in actions.KNOWN_ACTIONS:
        out[name.lower()] = name
    for name in actions.KNOWN_ACTIONS:
        if "Lead" in name:
            person = name.replace("Lead", "Person")
            out.setdefault(person.lower(), person)
    out.setdefault("change program status", "Change Program Status")
    for name in custom:
        if isinstance(name, str) and name.strip():
            out.setdefault(" ".join(name.lower().split()), name)
    return out
