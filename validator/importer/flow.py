"""Flow steps: Marketo's ``flow.steps[]`` (``activityTypeName``, ``stepChoice[]``) as mkto-lint's
``flow`` list.

The REST shape of a step is documented only through a generated reference (see
docs/import.md); the attribute names inside a step are not documented at all. So the mapping
is tolerant: the Default choice (``default: true``) gives the step's ``attributes``, the others
its ``choices``; the target of Execute/Request Campaign is the ``primary`` attribute (else one
named Executed Campaign or Campaign), the token-context flag the attribute whose name holds
"token context". Attributes a known action does not have in mkto-lint's format are kept under
the step's ``x-marketo``, so nothing is lost and the schema stays strict.
"""

from __future__ import annotations

from mkto_lint.importer.values import boolean, camel, reference

# per action (lower case): Marketo's attribute name (lower case) -> mkto-lint's
_KNOWN = {
    "change score": {"score name": "scoreName", "change": "change"},
    "change data value": {"attribute": "attribute", "new value": "newValue"},
    "wait": {"duration": "duration", "wait duration": "duration", "until": "until", "date token": "dateToken"},
    "call webhook": {"webhook": "webhook"},
    "send email": {"email": "email"},
    "interesting moment": {"type": "type", "description": "description"},
    "change status in progression": {"program": "program", "new status": "newStatus"},
    "change program status": {"program": "program", "new status": "newStatus"},
    "remove from flow": {"campaign": "campaigns", "campaigns": "campaigns"},
}
_TARGETS = {"execute campaign": ("executed campaign", "campaign"), "request campaign": ("campaign", "requested campaign")}


def steps(flow) -> list[dict]:
    """mkto-lint flow steps of a campaign record's ``flow`` (``{steps: [...]}`` or a list)."""
    raw = flow.get("steps") if isinstance(flow, dict) else flow
    out = []
    for step in raw or []:
        if not isinstance(step, dict):
            continue
        out.append(_step(step))
    return out


def _step(step: dict) -> dict:
    action = str(step.get("activityTypeName") or step.get("name") or "").strip() or "Unknown"
    choices = [c for c in step.get("stepChoice") or step.get("choices") or [] if isinstance(c, dict)]
    default = next((c for c in choices if boolean(c.get("default")) is True), None)
    if default is None and len(choices) == 1 and not choices[0].get("rule"):
        default = choices[0]
    result: dict = {"action": action}
    if isinstance(step.get("id"), int):
        result["id"] = step["id"]
    extra: dict = {}
    attributes = _attributes(action, (default or {}).get("attributes"), extra)
    if attributes or action.lower() in _TARGETS or action.lower() == "remove from flow":
        result["attributes"] = attributes
    mapped = []
    for choice in choices:
        if choice is default:
            continue
        mapped.append(_choice(action, choice))
    if mapped:
        result["choices"] = mapped
    marketo = {k: step[k] for k in ("activityTypeId",) if k in step}
    if extra:
        marketo["attributes"] = extra
    if marketo:
        result["x-marketo"] = marketo
    return result


def _choice(action: str, choice: dict) -> dict:
    rule = choice.get("rule") if isinstance(choice.get("rule"), dict) else {}
    condition = {"name": str(rule.get("name") or "Unknown")}
    if rule.get("operator") is not None:
        condition["operator"] = rule["operator"]
    values = rule.get("values")
    if isinstance(values, list):
        condition["values"] = values
    out: dict = {"if": condition}
    extra: dict = {}
    attributes = _attributes(action, choice.get("attributes"), extra)
    if boolean(choice.get("doNothing")) or any(str(a.get("name", "")).lower() == "do nothing"
                                               for a in choice.get("attributes") or [] if isinstance(a, dict)):
        out["doNothing"] = True
    else:
        out["attributes"] = attributes
    if extra:
        out["x-marketo"] = {"attributes": extra}
    return out


def _attributes(action: str, raw, extra: dict) -> dict:
    key = action.lower()
    out: dict = {}
    attrs = [a for a in raw or [] if isinstance(a, dict)]
    if key in _TARGETS:
        names = _TARGETS[key]
        target = next((a for a in attrs if boolean(a.get("primary")) is True), None) or next(
            (a for a in attrs if str(a.get("name", "")).strip().lower() in names), None)
        for a in attrs:
            name = str(a.get("name", "")).strip()
            if a is target:
                out["campaign"] = reference(a.get("value"))
            elif key == "execute campaign" and "token context" in name.lower():
                flag = boolean(a.get("value"))
                out["useParentTokenContext"] = bool(flag)
            elif name:
                extra[camel(name)] = a.get("value")
        return out
    known = _KNOWN.get(key)
    for a in attrs:
        name = str(a.get("name", "")).strip()
        if not name:
            continue
        value = a.get("value")
        if known is None:  # an action mkto-lint has no attribute list for: keep them all
            out[camel(name)] = value
        elif name.lower() in known:
            target = known[name.lower()]
            if target == "campaigns":
                items = value if isinstance(value, list) else [v.strip() for v in str(value).split(",") if v.strip()]
                out[target] = [reference(v) for v in items]
            else:
                out[target] = value
        elif key == "wait" and a.get("activityTypeAttribId") == 101:  # the documented {"101": "1 day"}
            out["duration"] = value
        else:
            extra[camel(name)] = value
    return out


def targets(flow_steps: list[dict]) -> list:
    """Every Execute Campaign target of mapped steps (default and choices)."""
    out = []
    for step in flow_steps:
        if step.get("action", "").lower() != "execute campaign":
            continue
        for attrs in [step.get("attributes") or {}] + [c.get("attributes") or {} for c in step.get("choices") or []]:
            if "campaign" in attrs:
                out.append(attrs["campaign"])
    return out


__all__ = ["steps", "targets"]
