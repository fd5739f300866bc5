from mkto_lint.ruleset.registry import Rule


class CrossWorkspaceExecute(Rule):
    """## What it does
    Reports an Execute Campaign step (its own `campaign` or the `campaign` of any of its
    choices) that calls a campaign of another workspace. The finding is on the campaign
    reference; the related location is the callee (its `workspace`, or its `name` when the
    workspace is inherited).

    A campaign's workspace is its own `workspace`, else its program's, else that of the
    nearest folder above the program that sets one, else `Default`.

    ## Why is this bad?
    Adobe's "Execute Campaign" page: executables cannot be called across workspaces. The step
    cannot run the campaign it names.

    ## Example
    ```yaml
    kind: Program
    name: EMEA-Routing
    workspace: EMEA
    ---
    kind: Program
    name: OP-Scoring Library         # no workspace: Default
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
    name: Route
    program: EMEA-Routing            # in workspace EMEA
    flow:
      - action: Execute Campaign
        attributes:
          campaign: OP-Scoring Library.Child - Change Score   # EXE004: in workspace Default
    ```

    ## Use instead
    Call an executable of the caller's own workspace (for example a copy of the shared one):
    ```yaml
    kind: Program
    name: EMEA-Routing
    workspace: EMEA
    ---
    kind: Program
    name: EMEA-Scoring Library
    workspace: EMEA
    ---
    kind: SmartCampaign
    name: Child - Change Score
    program: EMEA-Scoring Library
    isExecutable: true
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+10"}
    ---
    kind: SmartCampaign
    name: Route
    program: EMEA-Routing
    flow:
      - action: Execute Campaign
        attributes:
          campaign: EMEA-Scoring Library.Child - Change Score
    ```
    """

    code = "EXE004"
    name = "cross-workspace-execute"
    severity = "error"
    summary = "An Execute Campaign step calls a campaign of another workspace"

    def check(self, ctx):
        index = ctx.index
        workspace = {}

        def ws(campaign):
            if campaign not in workspace:
                workspace[campaign] = index.workspace(campaign)
            return workspace[campaign]

        for call in index.calls:
            callee = call.target
            if call.kind != "execute" or callee is None:
                continue
            mine, theirs = ws(call.caller), ws(callee)
            if mine == theirs:
                continue
            own = isinstance(callee.data.get("workspace"), str) and callee.data.get("workspace")
            where = callee.target(("workspace",) if own else ("name",))
            how = "" if own else " (inherited)"
            yield self.finding(
                call.location(),
                '"%s" (workspace "%s") executes "%s" of workspace "%s"'
                % (call.caller.label, mine, callee.label, theirs),
                help='Marketo cannot execute a campaign of another workspace; call an executable that lives in '
                     'workspace "%s" instead' % mine,
                related=[(where, '"%s" is in workspace "%s"%s' % (callee.label, theirs, how))],
            )
