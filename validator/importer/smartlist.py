"""Smart-list rules: Marketo's ``rules`` (``filterMatchType``, ``triggers``, ``filters`` with
their conditions) as mkto-lint's ``smartList`` mapping.

A filter's operator and values are those of its primary condition (an attribute rule has only
one); the other conditions are its constraints. A condition that Marketo marks ``isError``
makes the filter ``isError`` too, with its message (EXE001/SML001 then report it). Triggers come
as names (the official shape) or as objects like filters (the newer one).
"""

from __future__ import annotations

from mkto_lint.importer.values import boolean

MEMBER_OF_SMART_LIST = "member of smart list"


def rules(raw: dict | None, list_ids: dict[str, int]) -> dict:
    """The ``smartList`` of a campaign or the fields of a SmartList asset. ``list_ids`` maps
    "Program.List" and bare list names to SmartList ids, for Member of Smart List values."""
    raw = raw if isinstance(raw, dict) else {}
    out: dict = {}
    match = str(raw.get("filterMatchType") or "all").strip().lower()
    out["filterMatchType"] = "advanced" if match in ("custom", "advanced") else match
    logic = raw.get("filterCustomRuleLogic", raw.get("filterLogic"))
    if out["filterMatchType"] == "advanced" and logic:
        out["filterLogic"] = str(logic)
    triggers = [_rule(t, list_ids, trigger=True) if isinstance(t, dict) else {"name": str(t)}
                for t in raw.get("triggers") or []]
    if triggers:
        out["triggers"] = triggers
    filters = [_rule(f, list_ids) for f in raw.get("filters") or [] if isinstance(f, dict)]
    if filters or not triggers:
        out["filters"] = filters
    return out


def _rule(rule: dict, list_ids, trigger: bool = False) -> dict:
    """A filter (its primary condition gives its operator and values) or a trigger (whose
    conditions are all constraints: "Program Status is Changed" has no operator of its own)."""
    conditions = [c for c in rule.get("conditions") or [] if isinstance(c, dict)]
    primary = None
    if not trigger:
        primary = next((c for c in conditions if boolean(c.get("isPrimary")) is True), None)
        if primary is None and len(conditions) == 1:
            primary = conditions[0]
    name = str(rule.get("name") or rule.get("ruleType") or "Unknown")
    out: dict = {"name": name}
    operator = (primary or {}).get("operator", None if trigger else rule.get("operator"))
    if operator is not None:
        out["operator"] = operator
    values = (primary or {}).get("values", rule.get("values"))
    if isinstance(values, list):
        if name.lower() == MEMBER_OF_SMART_LIST:
            values = [list_ids.get(v, v) if isinstance(v, str) else v for v in values]
        out["values"] = values
    constraints = [_condition(c) for c in conditions if c is not primary]
    if constraints:
        out["conditions"] = constraints
    broken = next((c for c in conditions if boolean(c.get("isError")) is True), None)
    if broken is not None or boolean(rule.get("isError")) is True:
        out["isError"] = True
        message = (broken or rule).get("errorMessage")
        if message:
            out["errorMessage"] = str(message)
    marketo = {k: rule[k] for k in ("id", "ruleTypeId", "ruleType") if rule.get(k) is not None}
    if marketo:
        out["x-marketo"] = marketo
    return out


def _condition(cond: dict) -> dict:
    out: dict = {"name": str(cond.get("activityAttributeName") or cond.get("attributeName") or cond.get("name") or "Unknown")}
    if cond.get("operator") is not None:
        out["operator"] = cond["operator"]
    if isinstance(cond.get("values"), list):
        out["values"] = cond["values"]
    if boolean(cond.get("isError")) is True:
        out["isError"] = True
        if cond.get("errorMessage"):
            out["errorMessage"] = str(cond["errorMessage"])
    return out


__all__ = ["rules"]
