import re

from mkto_lint.project import actions
from mkto_lint.analysis import tokens
from mkto_lint.analysis.contexts import context_graph
from mkto_lint.analysis.values import value_text
from mkto_lint.fix.edits import ReplaceValue, fix
from mkto_lint.ruleset.registry import Rule

SCORE_CHANGE = re.compile(r"^(\+|-|=-?)([0-9]+)$")
INT32_MAX = 2**31 - 1
FORM = "+N, -N, =N or =-N with N a whole number up to 2147483647"
# typographic quotes a word processor puts around a value: “+10”, ‘+10’, „+10“
SMART_QUOTES = re.compile(r"^\s*[\u201c\u201d\u201e\u2018\u2019\u201a\u00ab\u00bb](.*?)[\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb]\s*$")


def score_problem(text):
    """Why ``text`` is not a score change, or None when it is one."""
    m = SCORE_CHANGE.match(text)
    if m is None:
        return "not %s" % FORM
    if int(m.group(2)) > INT32_MAX:
        return "beyond a 32-bit integer (N is at most 2147483647)"
    return None


class InvalidScoreChange(Rule):
    """## What it does
    Checks the `change` of every Change Score step (and of each of its choices):

    - a literal change must be `+N`, `-N`, `=N` or `=-N`, with N a 32-bit integer;
    - a token must be a My Token of type `score`, and its value must have that form, in every
      context in which the step can run (for an executable, the context of each caller that
      passes it: see TOK001). A `:default=` value, used where the token is undefined, must have
      the form too;
    - any other token (`{{lead.Score}}`, `{{trigger.Value}}`) is not a score token.

    An undefined token is TOK001's finding, a malformed one TOK002's. A YAML number (`change: 5`,
    which is what an unquoted `+5` becomes) has no sign and is reported with a hint to quote it.

    ## Why is this bad?
    Marketo's Change Score understands only these forms, and Adobe's My Token documentation says
    a score token holds `+N`, `-N`, `=N` or `=-N`. Anything else changes nothing, without an
    error, so a scoring model silently stops scoring.

    ## Example
    ```yaml
    kind: Program
    name: OP-Webinar 2026
    tokens:
      - {name: Score, type: number, value: "10"}   # a number token, no sign
    ---
    kind: SmartCampaign
    name: Attended
    program: OP-Webinar 2026
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "{{my.Score}}"}   # TOK004: not a score token
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+ 5"}   # TOK004: a space after the sign
    ```

    ## Use instead
    ```yaml
    kind: Program
    name: OP-Webinar 2026
    tokens:
      - {name: Score, type: score, value: "+10"}
    ---
    kind: SmartCampaign
    name: Attended
    program: OP-Webinar 2026
    flow:
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "{{my.Score}}"}
      - action: Change Score
        attributes: {scoreName: Behavior Score, change: "+5"}
    ```
    """

    code = "TOK004"
    name = "invalid-score-change"
    severity = "error"
    summary = "A Change Score change is not +N, -N, =N or =-N, or its token is not a score token"
    fix_safety = "sometimes"
    fix_description = ("takes typographic quotes off a change that is valid inside them (`“+10”` becomes `+10`: "
                       "safe); writes a bare number `10` as `\"+10\"` (unsafe: `=10` may have been meant)")

    def check(self, ctx):
        graph = context_graph(ctx)
        for campaign in ctx.index.campaigns:
            for step in campaign.steps:
                if step.action != actions.CHANGE_SCORE:
                    continue
                attrs = step.data.get("attributes")
                if isinstance(attrs, dict) and "change" in attrs:
                    yield from self._check_change(graph, campaign, step.path + ("attributes", "change"), attrs["change"])
                choices = step.data.get("choices")
                for j, choice in enumerate(choices if isinstance(choices, list) else ()):
                    own = choice.get("attributes") if isinstance(choice, dict) else None
                    if isinstance(own, dict) and "change" in own and choice.get("doNothing") is not True:
                        yield from self._check_change(graph, campaign, step.path + ("choices", j, "attributes", "change"),
                                                      own["change"])

    def _check_change(self, graph, campaign, path, change):
        if isinstance(change, bool) or not isinstance(change, (str, int, float)):
            return
        if not isinstance(change, str):
            text = value_text(change)
            why = score_problem(text)
            if why is not None:
                hint = ' (an unquoted +%s in YAML is the number %s: write "+%s")' % (text, text, text) \
                    if isinstance(change, int) and change >= 0 else ""
                repair = fix('write "+%s"' % text, False, ReplaceValue(campaign.target(path), "+" + text)) \
                    if hint else None
                yield self.finding(campaign.target(path), "Change Score change %s is %s%s, so Marketo does not "
                                   "change the score" % (text, why, hint), fix=repair)
            return
        found = tokens.parse(change)
        if any(not t.ok for t in found):
            return  # TOK002
        if not found:
            why = score_problem(change)
            if why is not None:
                quoted = SMART_QUOTES.match(change)
                repair = None
                if quoted and score_problem(quoted.group(1)) is None:
                    repair = fix('write "%s" without typographic quotes' % quoted.group(1), True,
                                 ReplaceValue(campaign.target(path), quoted.group(1)))
                yield self.finding(campaign.target(path), 'Change Score change "%s" is %s, so Marketo does not '
                                   "change the score" % (change, why), fix=repair)
            return
        whole = len(found) == 1 and found[0].start == 0 and found[0].end == len(change)
        for tok in found:
            if tok.family != "my":
                yield self.finding(tokens.target(campaign, path, tok), "%s is not a score My Token: Change Score takes %s or a My Token of type "
                                   "score, so Marketo does not change the score" % (tok.text, FORM))
                continue
            defs = graph.my_values(campaign, tok.name)
            own = graph.chain(campaign).get(tok.name)
            for tdef in sorted((d for d in defs if d is not None), key=lambda d: (d.where, d.position)):
                where = tdef.where if tdef.same_definition(own) else "%s, through a caller's context" % tdef.where
                at = tokens.target(campaign, path, tok)
                if tdef.type != "score":
                    yield self.finding(
                        at,
                        '%s is a My Token of type "%s" (%s): Change Score needs a score token, whose value is %s'
                        % (tok.text, tdef.type, where, FORM),
                        related=[(tdef.target(), "My Token \"%s\" is defined here" % tdef.name)],
                    )
                    continue
                why = score_problem(tdef.text.strip()) if whole else None
                if why is not None:
                    yield self.finding(
                        at,
                        '%s is "%s" (%s): %s, so Marketo does not change the score' % (tok.text, tdef.text, where, why),
                        related=[(tdef.target(), "My Token \"%s\" is defined here" % tdef.name)],
                    )
            if None in defs and tok.default is not None and whole:
                why = score_problem(tok.default)
                if why is not None:
                    yield self.finding(
                        tokens.target(campaign, path, tok),
                        'the default "%s" of %s, used where the token is undefined, is %s, so Marketo does not '
                        "change the score" % (tok.default, tok.text, why),
                    )
