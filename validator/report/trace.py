"""Renderers of a dry-run Trace (``mkto-lint resolve``): indented text and JSON.

The JSON shape is documented in ``docs/evaluator.md``; ``TRACE_SCHEMA_VERSION`` changes only
when a field is removed or changes meaning.
"""

from __future__ import annotations

import json

from . import pretty
from .visible import visible

TRACE_SCHEMA_VERSION = 1
_MATCH = {True: "matches", False: "no match", None: "unknown", "not-evaluated": "not evaluated"}
_CHECK = {True: "TRUE", False: "FALSE", None: "unknown"}


def _show(value):
    """An attribute value for people: strings as they are, the rest as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _quoted(text):
    return json.dumps(text, ensure_ascii=False)


# -- text ---------------------------------------------------------------------------------------------
def render_text(trace):
    out = []
    kind = "executable" if trace.executable else "%s campaign" % trace.campaign_type
    ident = "id %d, %s" % (trace.campaign_id, kind) if trace.campaign_id is not None else kind
    out.append('Dry run of "%s" (%s), started via %s' % (trace.campaign, ident, trace.via))
    out.append("  file: %s" % trace.file)
    if trace.api_tokens:
        out.append("  API tokens: %s" % ", ".join(
            "{{my.%s}} = %s" % (k, _quoted(_str(v))) for k, v in trace.api_tokens.items()))
    else:
        out.append("  API tokens: none")
    if trace.person is None:
        out.append("  person: not given (smart lists are not evaluated; choices take the default)")
    else:
        out.append("  person: %s" % _fields(trace.person))
    if trace.via == "trigger":
        out.append("  trigger values: %s" % (_fields(trace.trigger) if trace.trigger else "none given"))
    out.append("  qualification: %s" % trace.qualification.reason)
    _checks(out, "    ", trace.qualification)
    for note in trace.notes:
        out.append("  note: %s" % note)
    out.append("")
    out.append("Steps:" if trace.steps else "Steps: none (the flow is empty)")
    for st in trace.steps:
        _step(out, st)
    out.append("")
    if trace.effects:
        out.append("Effects:")
        for eff in trace.effects.values():
            out.append("  %s: %s (%d -> %d)" % (eff.score, eff.change, eff.start, eff.end))
    else:
        out.append("Effects: none")
    if trace.problems:
        out.append("")
        out.append("Problems:")
        for number, message in trace.problems:
            out.append("  %s%s" % ("step %s: " % number if number else "", message))
    # names and values come from the user's files: no line of them may move the cursor
    return "\n".join(map(visible, out)) + "\n"


def _str(value):
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _fields(mapping):
    return ", ".join("%s = %s" % (k, _quoted(v) if isinstance(v, str) else json.dumps(v)) for k, v in mapping.items())


def _checks(out, pad, q):
    if q is None:
        return
    for c in q.checks:
        out.append("%sfilter %d %s: %s (%s)" % (pad, c.number, c.text, _CHECK[c.value], c.reason))
    for d in q.defects:
        out.append("%s%s" % (pad, d))


def _step(out, st):
    pad = "  " * (st.depth + 1)
    inner = pad + " " * (len(st.number) + 2)
    status = {"runs": "", "skipped": "  [skipped]", "not-run": "  [not run]",
              "beyond-limit": "  [beyond the nesting limit]", "unknown-action": "  [unknown action: see Problems]"}[st.status]
    out.append("%s%s. %s%s" % (pad, st.number, st.action, status))
    if st.note:
        out.append("%snote: %s" % (inner, st.note))
    if st.choices:
        head = ("choices (for the person):" if st.choices_evaluated
                else "choices (no person given: the default is taken):")
        out.append(inner + head)
        for ch in st.choices:
            what = "do nothing" if ch.do_nothing else "{%s}" % ", ".join(
                "%s: %s" % (k, _show(v)) for k, v in ch.attributes.items())
            taken = "  <- taken" if ch.taken else ""
            out.append("%s  %d. if %s then %s: %s (%s)%s" % (inner, ch.number, ch.condition, what,
                                                            _MATCH[ch.match], ch.reason, taken))
        out.append("%s  default%s" % (inner, "  <- taken" if st.choice == "default" else ""))
    for attr in st.attributes:
        out.append("%s%s: %s" % (inner, attr.name, _show(attr.value)))
        for tok in attr.tokens:
            if tok.status == "malformed":
                out.append("%s  %s: malformed (%s), sent as written" % (inner, tok.text, tok.origin))
            elif tok.status == "literal":  # said once: the origin says why ("undefined")
                out.append("%s  %s: sent literally <- %s" % (inner, tok.text, tok.origin))
            elif tok.status == "unknown":
                out.append("%s  %s: unknown <- %s" % (inner, tok.text, tok.origin))
            else:
                out.append("%s  %s = %s <- %s" % (inner, tok.text, _quoted(tok.value), tok.origin))
    call = st.call
    if call is not None:
        if call.kind == "request":
            out.append("%srequests %s: %s" % (inner, _target(call), call.reason))
        else:
            out.append("%sexecutes %s with useParentTokenContext: %s" % (
                inner, _target(call), "true" if call.use_parent_context else "false"))
            if call.qualification is not None:
                out.append("%squalification: %s" % (inner, call.qualification.reason))
                _checks(out, inner + "  ", call.qualification)
            out.append("%s%s: %s" % (inner, "entered" if call.outcome == "entered" else "not entered", call.reason))
    eff = st.effect
    if eff is not None:
        if eff.applied:
            out.append("%seffect: %s %s (%d -> %d)" % (inner, eff.score, eff.change, eff.before, eff.after))
        else:
            out.append("%seffect: none (%s)" % (inner, eff.reason))


def _target(call):
    if call.target is None:
        return "%s (unresolved)" % _quoted(_str(call.ref))
    return _quoted(call.target)


# -- JSON -----------------------------------------------------------------------------------------------
def to_dict(trace):
    return {
        "schemaVersion": TRACE_SCHEMA_VERSION,
        "campaign": {"name": trace.campaign, "id": trace.campaign_id, "file": trace.file,
                     "executable": trace.executable, "type": trace.campaign_type},
        "via": trace.via,
        "apiTokens": [{"name": "{{my.%s}}" % k, "value": v} for k, v in trace.api_tokens.items()],
        "person": trace.person,
        "trigger": trace.trigger,
        "qualification": _qualification(trace.qualification),
        "maxNestingDepth": trace.max_depth,
        "notes": list(trace.notes),
        "steps": [_step_dict(st) for st in trace.steps],
        "effects": {e.score: {"change": e.change, "start": e.start, "end": e.end} for e in trace.effects.values()},
        "problems": [{"step": n, "message": m} for n, m in trace.problems],
        "truncated": trace.truncated,
    }


def _qualification(q):
    if q is None:
        return None
    return {
        "result": q.result,
        "reason": q.reason,
        "filters": [{"number": c.number, "filter": c.text,
                     "value": c.value, "reason": c.reason} for c in q.checks],
        "defects": list(q.defects),
    }


def _step_dict(st):
    data = {
        "number": st.number,
        "depth": st.depth,
        "campaign": st.campaign,
        "file": st.file,
        "path": list(st.path),
        "action": st.action,
        "status": st.status,
        "note": st.note or None,
        "choice": st.choice,
        "choices": [{"number": c.number, "if": c.condition, "doNothing": c.do_nothing,
                     "attributes": c.attributes, "match": c.match, "reason": c.reason, "taken": c.taken}
                    for c in st.choices],
        "attributes": {a.name: {"raw": a.raw, "value": a.value, "tokens": [_token(t) for t in a.tokens]}
                       for a in st.attributes},
        "call": None,
        "effect": None,
    }
    if st.call is not None:
        c = st.call
        data["call"] = {"kind": c.kind, "ref": c.ref, "target": c.target, "targetId": c.target_id,
                        "useParentTokenContext": c.use_parent_context, "outcome": c.outcome,
                        "reason": c.reason, "qualification": _qualification(c.qualification)}
    if st.effect is not None:
        e = st.effect
        data["effect"] = {"score": e.score, "change": e.change, "before": e.before, "after": e.after,
                          "applied": e.applied, "reason": e.reason or None}
    return data


def _token(t):
    return {"token": t.text, "family": t.family or None, "name": t.name or None, "value": t.value,
            "status": t.status, "source": t.source, "origin": t.origin,
            "context": t.detail.get("context") if t.detail else None}


def render_json(trace):
    return pretty.dumps(to_dict(trace)) + "\n"


def iter_all_text(traces):
    """``--all``: one line per campaign, written as each trace comes (memory stays flat)."""
    n = 0
    for t in traces:
        n += 1
        yield text_item(t, n == 1)
    yield ALL_TEXT[1](n)


def text_item(t, first=False):
    """One campaign's line of ``--all`` (``first`` is unused: the JSON items' signature)."""
    effects = ", ".join("%s %s" % (e.score, e.change) for e in t.effects.values()) or "no score change"
    problems = "; %d problem%s" % (len(t.problems), "" if len(t.problems) == 1 else "s") if t.problems else ""
    return visible("%s: %d step%s, %s%s" % (t.campaign, len(t.steps), "" if len(t.steps) == 1 else "s",
                                            effects, problems)) + "\n"


def iter_all_json(traces):
    """``--all --format json``, streamed: the same text as ``json.dumps(..., indent=2)`` of
    ``{"schemaVersion": ..., "runs": [...]}``, one run at a time."""
    yield ALL_JSON[0]
    n = 0
    for t in traces:
        n += 1
        yield json_item(t, n == 1)
    yield ALL_JSON[1](n)


def json_item(t, first=False):
    """One run of ``--all --format json``, with the separator before it (none before the first)."""
    return ("\n    " if first else ",\n    ") + pretty.dumps(to_dict(t), prefix="    ")


# (what comes before the items, what comes after n items) of each --all format
ALL_TEXT = ("", lambda n: "%d campaign%s resolved\n" % (n, "" if n == 1 else "s"))
ALL_JSON = ('{\n  "schemaVersion": %s,\n  "runs": [' % json.dumps(TRACE_SCHEMA_VERSION),
            lambda n: "\n  ]\n}\n" if n else "]\n}\n")


def render_all_text(traces):
    return "".join(iter_all_text(traces))


def render_all_json(traces):
    return "".join(iter_all_json(traces))


__all__ = ["render_text", "render_json", "to_dict", "render_all_text", "render_all_json", "iter_all_text",
           "iter_all_json", "text_item", "json_item", "ALL_TEXT", "ALL_JSON"]
