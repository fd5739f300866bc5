from mkto_lint.analysis import callgraph
from mkto_lint.ruleset.registry import Rule

MARKETO_LIMIT = 3  # Adobe: Parent > Child > Child > Child


class ExecutableNestingTooDeep(Rule):
    """## What it does
    Follows Execute Campaign calls down from every non-executable campaign (the parent, level
    0): the executable it calls is at level 1, the one that calls at level 2, and so on.
    Reports the call that enters the level beyond the limit (default 3, configurable with
    `max-nesting-depth`): the finding is on that step's `campaign` reference and the message
    prints a whole chain from a parent, `Parent > Child > Child > Child > Too Deep`. The
    related locations are the other calls of the chain.

    Each offending call is reported once, however many routes lead to it (a diamond of calls
    gives one finding), and a chain that goes several levels too deep is reported where it
    first crosses the limit. Only calls to executable campaigns count (EXE007 reports the
    others). Calls that close a cycle are reported by EXE008 and do not add levels, so depth
    is measured along chains in which no campaign repeats. An executable that no
    non-executable campaign reaches has no level (it never runs).

    Several calls from one campaign to the same callee (two steps, or a step and its choices)
    are one finding, on the first, with the others as related locations.

    ## Why is this bad?
    Adobe's "Execute Campaign" page: executables may call executables up to three levels deep
    (Parent > Child > Child > Child). A deeper chain is beyond what Marketo runs.

    ## Example
    ```yaml
    # OP-Lifecycle.Route > A > B > C > D: D is at level 4
    kind: Program
    name: OP-Lifecycle
    ---
    kind: SmartCampaign
    name: Route
    program: OP-Lifecycle
    flow: [{action: Execute Campaign, attributes: {campaign: A}}]
    ---
    kind: SmartCampaign
    name: A
    program: OP-Lifecycle
    isExecutable: true
    flow: [{action: Execute Campaign, attributes: {campaign: B}}]
    ---
    kind: SmartCampaign
    name: B
    program: OP-Lifecycle
    isExecutable: true
    flow: [{action: Execute Campaign, attributes: {campaign: C}}]
    ---
    kind: SmartCampaign
    name: C
    program: OP-Lifecycle
    isExecutable: true
    flow:
      - action: Execute Campaign
        attributes: {campaign: D}        # EXE005
    ---
    kind: SmartCampaign
    name: D
    program: OP-Lifecycle
    isExecutable: true
    flow: [{action: Change Score, attributes: {scoreName: Behavior Score, change: "+10"}}]
    ```

    ## Use instead
    Flatten the chain: let a campaign higher up call `D` (after `C` returns), or merge `D`'s
    steps into `C`:
    ```yaml
    kind: Program
    name: OP-Lifecycle
    ---
    kind: SmartCampaign
    name: Route
    program: OP-Lifecycle
    flow: [{action: Execute Campaign, attributes: {campaign: A}}]
    ---
    kind: SmartCampaign
    name: A
    program: OP-Lifecycle
    isExecutable: true
    flow: [{action: Execute Campaign, attributes: {campaign: B}}]
    ---
    kind: SmartCampaign
    name: B
    program: OP-Lifecycle
    isExecutable: true
    flow:
      - action: Execute Campaign
        attributes: {campaign: C}
      - action: Execute Campaign
        attributes: {campaign: D}        # level 3
    ---
    kind: SmartCampaign
    name: C
    program: OP-Lifecycle
    isExecutable: true
    flow: [{action: Change Score, attributes: {scoreName: Behavior Score, change: "+5"}}]
    ---
    kind: SmartCampaign
    name: D
    program: OP-Lifecycle
    isExecutable: true
    flow: [{action: Change Score, attributes: {scoreName: Behavior Score, change: "+10"}}]
    ```
    """

    code = "EXE005"
    name = "executable-nesting-too-deep"
    severity = "error"
    summary = "Execute Campaign calls nest executables deeper than the limit (3)"

    def check(self, ctx):
        graph = callgraph.of(ctx)
        limit = graph.max_depth
        for nesting in graph.too_deep:
            edges = nesting.edges()
            chain = callgraph.format_chain(callgraph.by_program([edges[0].caller] + [e.callee for e in edges]))
            edge = nesting.edge
            related = []
            for level, e in enumerate(edges[:-1], start=1):
                if len(related) >= callgraph.MAX_SHOWN:
                    break
                message = 'level %d: "%s" executes "%s"' % (level, e.caller.label, e.callee.label)
                related.append((e.call.location(), message))
            for other in edge.calls[1:]:
                related.append((other.location(), 'also executes "%s" here' % edge.callee.label))
            if limit == MARKETO_LIMIT:
                why = "Marketo nests executables at most %d levels below the parent campaign" % limit
            else:
                why = "this project allows at most %d levels below the parent campaign (Marketo: %d)" % (
                    limit, MARKETO_LIMIT)
            yield self.finding(
                edge.call.location(),
                'executables nest %d levels deep, beyond the limit of %d (max-nesting-depth): %s'
                % (nesting.level, limit, chain),
                related=related,
                help='%s; call "%s" from a campaign higher up the chain or merge its steps into "%s"'
                     % (why, edge.callee.label, edge.caller.label),
            )
