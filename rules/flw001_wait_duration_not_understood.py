import re

from mkto_lint.fix.edits import ReplaceValue, fix
from mkto_lint.project import actions
from mkto_lint.ruleset.registry import Rule

_UNDERSTOOD = re.compile(r"^\s*(\d+)\s+(minute|minutes|hour|hours|day|days|week|weeks)\s*$", re.IGNORECASE)
_LOOSE = re.compile(r"^\s*(\d+)\s*([A-Za-z.]+)\s*$")
_UNITS = {
    "m": "minute", "min": "minute", "mins": "minute", "mn": "minute", "minute": "minute", "minutes": "minute",
    "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
    "d": "day", "dy": "day", "dys": "day", "day": "day", "days": "day",
    "w": "week", "wk": "week", "wks": "week", "week": "week", "weeks": "week",
}


_AMBIGUOUS = frozenset(("m",))  # minutes to Marketo's eye, but months to some writers


class WaitDurationNotUnderstood(Rule):
    """## What it does
    Reports a Wait step whose `duration` (its own or a choice's) is not a positive whole number
    followed by minutes, hours, days or weeks (singular or plural, any case), such as
    `"30 minutes"`, `"4 hours"`, `"1 day"` or `"2 weeks"`. When the intended unit is clear
    (`"4 hrs"`, `"2d"`), the message suggests the spelling Marketo understands. A duration that
    holds a token (`"{{my.Delay}}"`) is not judged: its value is known only at run time.
    Waits given by `until` or `dateToken` are not durations and are not checked.

    ## Why is this bad?
    Marketo does not reject an abbreviated duration such as "4 hrs": it silently ignores the
    wait, so people go straight on to the next step (an email sent hours early, a follow-up
    before the form was read).

    ## Example
    ```yaml
    kind: Program
    name: OP-Nurture
    ---
    kind: SmartCampaign
    name: Follow Up
    program: OP-Nurture
    flow:
      - action: Wait
        attributes: {duration: "4 hrs"}     # FLW001: not understood
      - action: Send Email
        attributes: {email: OP-Nurture.Follow Up}
    ```

    ## Use instead
    ```yaml
    kind: Program
    name: OP-Nurture
    ---
    kind: SmartCampaign
    name: Follow Up
    program: OP-Nurture
    flow:
      - action: Wait
        attributes: {duration: "4 hours"}
      - action: Send Email
        attributes: {email: OP-Nurture.Follow Up}
    ```
    """

    code = "FLW001"
    name = "wait-duration-not-understood"
    severity = "warning"
    summary = "A Wait duration uses units Marketo silently ignores"
    fix_safety = "sometimes"
    fix_description = ("writes the duration Marketo understands (`4 hrs` becomes `4 hours`, `2d` becomes `2 days`), "
                       "keeping the value's quotes; safe, except for a lone `m` (minutes or months?), which is "
                       "unsafe")

    def check(self, ctx):
        for campaign in ctx.index.campaigns:
            for step in campaign.steps:
                if step.action != actions.WAIT:
                    continue
                for prefix, own in _own_attributes(step):
                    duration = own.get("duration")
                    if not isinstance(duration, str) or "{{" in duration:
                        continue
                    match = _UNDERSTOOD.match(duration)
                    if match and int(match.group(1)) > 0:
                        continue
                    target = campaign.target(prefix + ("duration",))
                    spelt = _understood(duration)
                    repair = None
                    if spelt is not None:
                        repair = fix('write "%s"' % spelt[0], spelt[1], ReplaceValue(target, spelt[0]))
                    yield self.finding(target, _message(duration, spelt), fix=repair)


def _own_attributes(step):
    """(path, attributes as written) of the Default and of every choice that acts (what
    ``Step.variants`` gives as "own", without merging the Default into each choice)."""
    yield step.path + ("attributes",), step.attributes
    for j, choice in enumerate(step.choices):
        own = choice.get("attributes")
        if choice.get("doNothing") is not True and isinstance(own, dict):
            yield step.path + ("choices", j, "attributes"), own


def _understood(duration):
    """(the spelling Marketo understands, whether the unit is unambiguous) of a loosely written
    duration, or None."""
    loose = _LOOSE.match(duration)
    if loose:
        number = int(loose.group(1))
        written = loose.group(2).lower().rstrip(".")
        unit = _UNITS.get(written)
        if unit and number > 0:
            return "%d %s%s" % (number, unit, "" if number == 1 else "s"), written not in _AMBIGUOUS
    return None


def _message(duration, spelt):
    message = ('Wait duration "%s" is not understood: Marketo silently ignores this wait; write a '
               'positive whole number of minutes, hours, days or weeks' % duration)
    if spelt is not None:
        return message + ' (did you mean "%s"?)' % spelt[0]
    return message + ', e.g. "4 hours"'
