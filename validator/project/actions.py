"""Flow action names: the one alias table every rule and the evaluator use.

Marketo's API says "Lead" where the UI says "Person" ("Sync Lead to SFDC" is "Sync Person to
SFDC"), and the UI's "Change Program Status" is the API's "Change Status in Progression". The
canonical spelling is the API's.
"""

from __future__ import annotations

import re

# The API/MCP list of flow actions (Adobe's MCP server operations page), then the UI-only ones.
API_ACTIONS = (
    "Add to Field Set", "Add to List", "Add to Microsoft Campaign", "Add to Nurture",
    "Add to SFDC Campaign", "Call Webhook", "Change Data Value", "Change Lead Partition",
    "Change Nurture Cadence", "Change Nurture Track", "Change Owner", "Change Owner in Microsoft",
    "Change Program Data", "Change Program Member Data", "Change Revenue Stage", "Change Score",
    "Change Segment", "Change Status in Progression", "Change Status in SFDC Campaign",
    "Convert Lead", "Create Task", "Create Task in Microsoft", "Delete Lead",
    "Delete Lead from Microsoft", "Delete Lead from SFDC", "Execute Campaign",
    "Interesting Moment", "Remove from Field Set", "Remove from Flow", "Remove from List",
    "Remove from Microsoft Campaign", "Remove from SFDC Campaign", "Request Campaign",
    "Send Alert", "Send Email", "Sync Lead to Microsoft", "Sync Lead to SFDC", "Wait",
)
UI_ACTIONS = ("Append Data to a Field", "Clear Field Values", "Give Credit to Referrer")
KNOWN_ACTIONS = API_ACTIONS + UI_ACTIONS

EXECUTE = "Execute Campaign"
REQUEST = "Request Campaign"
REMOVE_FROM_FLOW = "Remove from Flow"
WAIT = "Wait"
WEBHOOK = "Call Webhook"
CHANGE_SCORE = "Change Score"
CHANGE_PROGRAM_STATUS = "Change Status in Progression"

ALIASES = {"change program status": CHANGE_PROGRAM_STATUS}
_BY_LOWER = {name.lower(): name for name in KNOWN_ACTIONS}
_SPACES = re.compile(r"\s+")
_PERSON = re.compile(r"\bperson\b")


def canonical(name):
    """The API spelling of an action name; unknown names come back tidied but unchanged."""
    if not isinstance(name, str):
        return None
    hit = _CACHE.get(name)
    if hit is None:
        hit = _CACHE[name] = _canonical(name)
    return hit


_CACHE = {}


def _canonical(name):
    tidy = _SPACES.sub(" ", name.strip())
    low = tidy.lower()
    if low in ALIASES:
        return ALIASES[low]
    low = _PERSON.sub("lead", low)
    return _BY_LOWER.get(low, tidy)


def is_known(name, custom=()):
    """A Marketo action, or one of the configuration's ``custom-actions`` (both compared the
    same way: case, spacing and Lead/Person spelling do not matter)."""
    canon = canonical(name)
    if canon in KNOWN_ACTIONS:
        return True
    canon = canon.lower() if canon else canon
    return any((canonical(c) or "").lower() == canon for c in custom)


def unknown_action(name, custom=()) -> str:
    """How the dry run names a step whose action Marketo does not have (FLW003's finding)."""
    from mkto_lint.suggest import suggest

    close = suggest(str(name), list(KNOWN_ACTIONS) + [c for c in custom if isinstance(c, str)])
    hint = ' (did you mean "%s"?)' % close if close else ""
    return 'unknown flow action "%s"%s: Marketo has no such step, so nothing runs here (FLW003)' % (name, hint)
