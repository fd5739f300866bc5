from mkto_lint.analysis import smartlists
from mkto_lint.ruleset.registry import Rule


class ExecutableInvalidSmartList(Rule):
    """## What it does
    Reports every problem that makes an executable campaign's smart list invalid, one finding
    per problem, on the offending filter, value or `filterLogic`:

    - an incomplete filter or constraint (its operator needs a value and it has none; the
      operators `is empty`, `is not empty`, `is true` and `is false` need none; a
      `Member of ...` filter always names something), or one marked `isError: true` by an
      export (its `errorMessage` is quoted);
    - an advanced `filterLogic` (`filterMatchType: advanced` or `custom`) that is missing, does
      not parse, names a filter number out of range, or mixes `and`/`or` without parentheses;
    - a `Member of Smart List`, `Member of Smart Campaign` or `Member of Program` value that
      names nothing in the project (MKL006 leaves these to this rule in executables);
    - a `Member of Smart List` value naming a SmartList asset that is itself invalid, followed
      through chains of smart lists down to the problem, or that makes smart lists contain each
      other (a cycle).

    The related locations are the Execute Campaign steps that call the executable, and, for a
    referenced smart list, the problem inside it (which SML001/SML002 also report there).
    Advanced logic over fewer than 3 filters is only a warning, reported by SML003.

    ## Why is this bad?
    Marketo's Execute Campaign page warns: never leave an executable's smart list invalid, or
    nobody qualifies. A filter with missing information is underlined red and makes the smart
    list invalid; a filter that points at a deleted or renamed asset matches nobody. Every
    person then gets an "Executed Campaign" activity with Qualified: FALSE, skips the child,
    and the parent goes on as if the shared flow (routing, scoring, lifecycle) had run.

    ## Example
    ```yaml
    kind: Program
    name: OP-Routing
    ---
    kind: SmartList
    name: Routing Eligible
    program: OP-Routing
    filters:
      - {name: Unsubscribed, operator: is false}
    ---
    kind: SmartCampaign
    name: Child - Route Lead
    program: OP-Routing
    isExecutable: true
    smartList:
      filterMatchType: advanced
      filterLogic: "1 and 2 or 3"        # EXE001: mixes and/or without parentheses
      filters:
        - {name: Member of Smart List, operator: in, values: [Routing Eligible]}
        - {name: Email Address, operator: is}    # EXE001: needs a value
        - {name: Country, operator: is, values: [Germany]}
    flow:
      - action: Change Owner
        attributes: {owner: EMEA Queue}
    ```

    ## Use instead
    ```yaml
    kind: Program
    name: OP-Routing
    ---
    kind: SmartList
    name: Routing Eligible
    program: OP-Routing
    filters:
      - {name: Unsubscribed, operator: is false}
    ---
    kind: SmartCampaign
    name: Child - Route Lead
    program: OP-Routing
    isExecutable: true
    smartList:
      filterMatchType: advanced
      filterLogic: "1 and (2 or 3)"
      filters:
        - {name: Member of Smart List, operator: in, values: [Routing Eligible]}
        - {name: Email Address, operator: is not empty}
        - {name: Country, operator: is, values: [Germany]}
    flow:
      - action: Change Owner
        attributes: {owner: EMEA Queue}
    ```
    """

    code = "EXE001"
    name = "executable-invalid-smart-list"
    severity = "error"
    summary = "An executable's smart list is invalid, so nobody will qualify"

    def check(self, ctx):
        index = ctx.index
        checks = smartlists.of(ctx)
        for campaign in index.campaigns:
            if not campaign.is_executable:
                continue
            found = [d for d in checks.defects(campaign) if d.makes_invalid]
            if not found:
                continue
            callers = [
                (call.location(), '"%s" executes "%s" here, for nobody' % (call.caller.label, campaign.label))
                for call in index.callers.get(campaign, ())
            ]
            for defect in found:
                message = defect.message
                if defect.kind == "reference":
                    hint = _closest(index, campaign, defect)
                    if hint:
                        message += ' (did you mean "%s"?)' % hint
                related = list(callers)
                if defect.kind == "referenced-list":
                    cause = checks.cause_of(defect)
                    related.insert(0, (cause.asset.target(cause.path),
                                       'the problem in smart list "%s"' % cause.asset.label))
                yield self.finding(
                    campaign.target(defect.path),
                    "%s: nobody qualifies for this executable" % message,
                    related=related,
                    help="every Execute Campaign step calling it does nothing; fix the smart list",
                )


def _value_at(data, path):
    for elem in path:
        if isinstance(data, dict) and isinstance(elem, str):
            data = data.get(elem)
        elif isinstance(data, list) and isinstance(elem, int) and 0 <= elem < len(data):
            data = data[elem]
        else:
            return None
    return data


def _closest(index, campaign, defect):
    """A "did you mean" for an unresolved membership value (asked only for the few that fail)."""
    from mkto_lint.suggest import suggest

    ref = _value_at(campaign.data, defect.path)
    if not isinstance(ref, str) or len(defect.path) < 3:
        return None
    flt = _value_at(campaign.data, defect.path[:-2])
    what = index.filter_ref_kind(flt) if isinstance(flt, dict) else None
    if what is None or index.resolve_filter_value(what, ref, campaign) is not None:
        return None  # resolves: the defect is a cycle, not a misspelling
    if what == "smart list":
        candidates = list(index.smart_list_by_name)
    elif what == "program":
        candidates = list(index.program_by_name)
    elif what == "campaign":
        candidates = [c.label for c in index.campaigns]
        candidates += [c.name for c in index.campaigns_of.get(campaign.program_name, []) if c.name]
    else:
        return None
    return suggest(ref, candidates)
