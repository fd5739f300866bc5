from mkto_lint.ruleset.registry import Rule


class UnresolvedReference(Rule):
    """## What it does
    Reports a reference that names nothing in the project: the campaign of an Execute
    Campaign, Request Campaign or Remove from Flow step, a `clonedFrom`, a campaign's
    `program`, a program's or smart list's `folder`, a smart list's `program`, and the values
    of `Member of Smart List`, `Member of Smart Campaign` and `Member of Program` filters.
    (In an executable campaign's own smart list, EXE001 reports an unresolved filter value
    instead, because there it means nobody qualifies.)

    A campaign reference is an id, `"Program Name.Campaign Name"` (the program whose name is
    the longest prefix followed by a dot), or a bare campaign name of the same program. A
    folder reference is resolved against the `path` of `Folder` documents and their parents.

    ## Why is this bad?
    Marketo shows a step or filter that points at a deleted or renamed asset as incomplete:
    the step does nothing and the filter matches nobody, without an error at run time.

    ## Example
    ```yaml
    kind: Program
    name: OP-Scoring Library
    ---
    kind: SmartCampaign
    name: Child - Change Score
    program: OP-Scoring Library
    isExecutable: true
    flow: [{action: Change Score, attributes: {scoreName: Behavior Score, change: "+10"}}]
    ---
    kind: SmartCampaign
    name: Attended
    program: OP-Scoring Library
    flow:
      - action: Execute Campaign
        attributes:
          campaign: OP-Scoring Library.Child - Change Scor   # MKL006: no such campaign
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
    flow: [{action: Change Score, attributes: {scoreName: Behavior Score, change: "+10"}}]
    ---
    kind: SmartCampaign
    name: Attended
    program: OP-Scoring Library
    flow:
      - action: Execute Campaign
        attributes:
          campaign: OP-Scoring Library.Child - Change Score
    ```
    """

    code = "MKL006"
    name = "unresolved-reference"
    severity = "error"
    summary = "A campaign, program, smart list or folder reference names nothing"

    def check(self, ctx):
        index = ctx.index
        for item in index.unresolved:
            asset = item.asset
            if item.in_smart_list and getattr(asset, "is_executable", False):
                continue  # EXE001 reports it, with what it means for an executable
            ref = item.ref
            shown = ref if isinstance(ref, int) else '"%s"' % ref
            message = "%s %s names no %s in the project" % (item.what, shown, item.what)
            fix = None
            if isinstance(ref, str):
                from mkto_lint.analysis import lookalikes

                hint = _closest(index, item.what, ref, asset)
                pasted = lookalikes.cause(ref)
                if hint and not (pasted and hint == lookalikes.plain(ref)):  # not the same name again
                    message += ' (did you mean "%s"?)' % hint
                if pasted:  # invisible on screen: name it
                    message += ": %s" % pasted
                    fix = 'type the name again as "%s"' % lookalikes.plain(ref)
            yield self.finding(asset.target(item.path), message, help=fix)


def _closest(index, what, ref, within):
    """The known name closest to ``ref`` (only asked for the few references that fail)."""
    from mkto_lint.suggest import suggest

    if what == "campaign":
        candidates = [c.label for c in index.campaigns]
        if getattr(within, "program_name", None):
            candidates += [c.name for c in index.campaigns_of.get(within.program_name, []) if c.name]
    elif what == "program":
        candidates = list(index.program_by_name)
    elif what == "smart list":
        candidates = list(index.smart_list_by_name)
    else:
        candidates = sorted(index.known_folder_paths)
    return suggest(ref, candidates)
