from mkto_lint.analysis import callgraph
from mkto_lint.ruleset.registry import Rule


class ExecuteCycle(Rule):
    """## What it does
    Reports Execute Campaign calls that form a cycle (`A` executes `B`, `B` executes `C`, `C`
    executes `A`; or a campaign that executes itself), naming the cycle in the message:
    `A > B > C > A`. Calls in a step's choices count.

    Each cycle is reported once, on the call that closes it: the search follows the calls
    down from the non-executable campaigns (in file order), and the closing call is the one
    that goes back to a campaign already on the current chain. Every cycle contains at least
    one reported call, so removing the reported calls (or another call of each cycle) removes
    every cycle. The related locations are the other calls of the cycle. Several calls from
    one campaign to the same callee are one finding, on the first. A very long cycle is
    printed with its middle elided (`A > B > ... (4980 more) ... > Y > Z > A`).

    ## Why is this bad?
    An executable runs inside its caller, in series: a cycle would have the campaigns run each
    other without end. Marketo nests executables at most three levels deep (Adobe's "Execute
    Campaign" page), so the chain cannot complete.

    ## Example
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
    flow: [{action: Execute Campaign, attributes: {campaign: C}}]
    ---
    kind: SmartCampaign
    name: C
    program: OP-Lifecycle
    isExecutable: true
    flow:
      - action: Execute Campaign
        attributes: {campaign: A}    # EXE008: A > B > C > A
    ```

    ## Use instead
    Break the cycle: move the steps `C` needs from `A` into a separate executable that both
    call, or let the parent call `A` again after `C` returns:
    ```yaml
    kind: Program
    name: OP-Lifecycle
    ---
    kind: SmartCampaign
    name: Route
    program: OP-Lifecycle
    flow:
      - {action: Execute Campaign, attributes: {campaign: A}}
      - {action: Execute Campaign, attributes: {campaign: A}}   # again, after C returned
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
    flow: [{action: Change Score, attributes: {scoreName: Behavior Score, change: "+10"}}]
    ```
    """

    code = "EXE008"
    name = "execute-cycle"
    severity = "error"
    summary = "Execute Campaign calls form a cycle"

    def check(self, ctx):
        graph = callgraph.of(ctx)
        for cycle in graph.cycles:
            text = cycle.text()
            closing = cycle.edge
            related = [(e.call.location(), '"%s" executes "%s"' % (e.caller.label, e.callee.label))
                       for e in cycle.shown[:-1]]
            for other in closing.calls[1:]:
                related.append((other.location(), 'also executes "%s" here' % closing.callee.label))
            if closing.caller is closing.callee:
                message = '"%s" executes itself (%s)' % (closing.caller.label, text)
                help = "it would run itself without end, deeper than Marketo allows executables to nest; remove this call"
            else:
                message = "this call closes a cycle of Execute Campaign calls: %s" % text
                help = ("the campaigns would run each other without end, deeper than Marketo allows executables "
                        "to nest; remove this call or another call of the cycle")
            yield self.finding(
                closing.call.location(),
                message,
                related=related,
                help=help,
            )
