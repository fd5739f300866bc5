"""The dry-run evaluator (``../shared/evaluator.md``): which steps run, in what order, with what
token values, and what they change.

Library API::

    from mkto_lint.evaluate.evaluator import RunSpec, evaluate
    trace = evaluate(index, RunSpec(campaign="OP-Webinar 2026.Attended - Score", via="trigger"))
    trace.effects["Behavior Score"].change   # "+10"

:func:`evaluate` walks the start campaign's flow in order. An Execute Campaign step runs the
child's whole flow in series at that point (for people who qualify for the child's smart list),
then the parent goes on; Request Campaign is shown as requested and not entered. The walk is
iterative (an explicit stack of frames), stops on a cycle (the callee already on the stack),
marks every step beyond the nesting limit, and costs time linear in the steps it walks (with a
safety cap, ``max_steps``, for pathological fan-outs).

The result is a :class:`Trace`; ``mkto_lint.report.trace`` renders it as text or JSON (the JSON
shape is documented in ``docs/evaluator.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mkto_lint.project import actions
from mkto_lint.evaluate import qualify
from mkto_lint.analysis import tokens
from mkto_lint.analysis.contexts import RunContext, lookup_field, MISSING, value_text

DEFAULT_MAX_STEPS = 100_000
VIAS = ("schedule", "request", "trigger")
SCORE_CHANGE = re.compile(r"^(\+|-|=-?)([0-9]+)$")
INT32_MAX = 2**31 - 1


class ResolveError(Exception):
    """A run that cannot start (unknown campaign...): one line for a person."""


@dataclass
class RunSpec:
    """What starts a dry run (format.md, "Runs")."""

    campaign: object  # a campaign reference (int id or "Program.Campaign") or a Campaign
    via: str | None = None  # schedule | request | trigger; None: trigger when it has triggers
    tokens: dict = field(default_factory=dict)  # API-passed My Tokens: {"Score": "+15"}
    person: dict | None = None  # person fields by name
    trigger: dict | None = None  # trigger token values


@dataclass
class TokenTrace:
    text: str  # as written
    family: str
    name: str
    value: str  # what Marketo puts in its place (the token itself when sent literally)
    status: str  # resolved | default | empty | literal | unknown | malformed
    source: str
    origin: str
    detail: dict = field(default_factory=dict)


@dataclass
class AttrTrace:
    name: str
    raw: object
    value: object
    tokens: list = field(default_factory=list)  # [TokenTrace]

    @property
    def changed(self):
        return bool(self.tokens)


@dataclass
class ChoiceTrace:
    number: int  # 1-based
    condition: str
    do_nothing: bool
    match: object  # True | False | None (unknown) | "not-evaluated"
    reason: str
    taken: bool = False
    attributes: dict = field(default_factory=dict)  # the attributes the choice changes


@dataclass
class CallTrace:
    kind: str  # execute | request
    ref: object
    target: str | None  # label of the campaign, None when unresolved
    target_id: int | None
    use_parent_context: bool
    outcome: str  # entered | not-qualified | invalid-smart-list | cycle | unresolved | not-executable | step-not-run | requested
    reason: str
    qualification: object = None  # qualify.Qualification for executes that were checked


@dataclass
class EffectTrace:
    score: str
    change: str  # as resolved
    before: int | None
    after: int | None
    applied: bool
    reason: str = ""


@dataclass
class StepTrace:
    number: str  # "2.1": the 1st step of the campaign executed by step 2
    depth: int
    campaign: str  # label
    index: int  # 0-based position in its campaign's flow
    action: str  # canonical
    raw_action: object
    status: str  # runs | skipped | not-run | beyond-limit
    note: str
    file: str
    path: tuple
    choice: object = None  # "default" | 1-based choice number
    choices: list = field(default_factory=list)  # [ChoiceTrace]
    choices_evaluated: bool = False
    attributes: list = field(default_factory=list)  # [AttrTrace]
    call: object = None  # CallTrace
    effect: object = None  # EffectTrace


@dataclass
class ScoreEffect:
    score: str
    start: int
    end: int

    @property
    def change(self):
        return signed(self.end - self.start)


@dataclass
class Trace:
    campaign: str
    campaign_id: int | None
    file: str
    executable: bool
    campaign_type: str  # trigger | batch
    via: str
    api_tokens: dict
    person: object
    trigger: object
    qualification: object  # qualify.Qualification of the start campaign
    max_depth: int
    steps: list = field(default_factory=list)  # [StepTrace], in execution order
    effects: dict = field(default_factory=dict)  # score name -> ScoreEffect
    notes: list = field(default_factory=list)  # about the run as a whole
    problems: list = field(default_factory=list)  # [(step number or None, message)]
    truncated: bool = False


def signed(n):
    return "%+d" % n


# -- the walk ---------------------------------------------------------------------------------------
class _Frame:
    __slots__ = ("campaign", "ctx", "depth", "prefix", "i", "chain", "beyond")

    def __init__(self, campaign, ctx, depth, prefix, chain, beyond):
        self.campaign = campaign
        self.ctx = ctx
        self.depth = depth
        self.prefix = prefix
        self.i = 0
        self.chain = chain  # campaigns on the call stack, for cycles
        self.beyond = beyond


def find_campaign(index, ref):
    """The Campaign a reference names, or raise ResolveError with a "did you mean"."""
    if hasattr(ref, "steps") and hasattr(ref, "label"):
        return ref
    found = index.resolve_campaign(ref) if isinstance(ref, (int, str)) and not isinstance(ref, bool) else None
    if found is not None:
        return found
    if isinstance(ref, int):
        raise ResolveError("no campaign with id %d in the project" % ref)
    from mkto_lint.suggest import suggest

    close = [suggest(str(ref), (c.label for c in index.campaigns))]
    if close[0] is None:  # a bare campaign name: look for it in every program
        close = [c.label for c in index.campaigns if c.name == ref][:1]
    hint = ' (did you mean "%s"?)' % close[0] if close else ""
    raise ResolveError('no campaign "%s" in the project%s; name it as "Program Name.Campaign Name" or by id'
                       % (ref, hint))


def evaluate(index, run, max_depth=3, max_steps=DEFAULT_MAX_STEPS):
    """The Trace of ``run`` (a RunSpec) over ``index`` (a ProjectIndex)."""
    return _Evaluator(index, run, max_depth, max_steps).walk()


class _Evaluator:
    def __init__(self, index, run, max_depth, max_steps):
        self.index = index
        self.run = run
        self.max_depth = max_depth
        self.max_steps = max_steps
        self.person = run.person
        self.scores = {}  # score name -> [start, current]
        self._callee = None  # the Campaign an execute step is about to enter

    def walk(self):
        index, run = self.index, self.run
        start = find_campaign(index, run.campaign)
        via = run.via or ("trigger" if start.is_trigger else "schedule")
        if via not in VIAS:
            raise ResolveError("via must be one of %s, not %r" % (", ".join(VIAS), via))
        trigger = dict(run.trigger or {}) if via == "trigger" else None
        api = {str(k): v for k, v in (run.tokens or {}).items()}
        trace = Trace(
            campaign=start.label, campaign_id=start.id, file=start.doc.file.display,
            executable=start.is_executable, campaign_type="trigger" if start.is_trigger else "batch",
            via=via, api_tokens=api, person=self.person, trigger=trigger,
            qualification=qualify.smart_list(index, start, self.person), max_depth=self.max_depth,
        )
        self._run_notes(trace, start, via, api)
        ctx = RunContext.start(index, start, api, self.person, trigger)
        stack = [_Frame(start, ctx, 0, "", (start,), False)]
        walked = 0
        while stack:
            frame = stack[-1]
            steps = frame.campaign.steps
            if frame.i >= len(steps):
                stack.pop()
                continue
            if walked >= self.max_steps:
                trace.truncated = True
                trace.notes.append("the walk stopped after %d steps (a fan-out of Execute Campaign calls); "
                                   "the steps after that are not shown" % walked)
                break
            step = steps[frame.i]
            frame.i += 1
            walked += 1
            st = self._step(trace, frame, step, "%s%d" % (frame.prefix, frame.i))
            trace.steps.append(st)
            call = st.call
            if call is not None and call.kind == "execute" and call.outcome == "entered":
                callee = self._callee
                depth = frame.depth + 1
                stack.append(_Frame(callee, frame.ctx.child(callee, call.use_parent_context), depth,
                                    st.number + ".", frame.chain + (callee,),
                                    frame.beyond or depth > self.max_depth))
        trace.effects = {name: ScoreEffect(name, s, cur) for name, (s, cur) in self.scores.items()}
        return trace

    def _run_notes(self, trace, start, via, api):
        notes = trace.notes
        if start.is_executable:
            notes.append("an executable campaign runs only when another campaign executes it; "
                         "this run shows it in its own context")
        if via == "trigger" and not start.is_trigger:
            notes.append("the campaign has no triggers: a trigger cannot start it")
        if via == "schedule" and start.is_trigger:
            notes.append("the campaign has triggers: Marketo schedules batch campaigns only")
        if via == "request" and not start.has_trigger("Campaign is Requested"):
            notes.append('the campaign has no "Campaign is Requested" trigger: a request cannot start it')
        if api and via == "trigger":
            notes.append("API tokens come with the Schedule and Request Campaign APIs, not with a trigger; "
                         "applied as given")
        if self.run.trigger and via != "trigger":
            notes.append("trigger values ignored: the run was not started by a trigger")
        if trace.qualification.result in ("not-qualified", "invalid"):
            notes.append("the person does not qualify for the campaign's smart list: Marketo would not run "
                         "the flow for them; the steps are shown as if they did")

    # one step
    def _step(self, trace, frame, step, number):
        campaign = frame.campaign
        st = StepTrace(number=number, depth=frame.depth, campaign=campaign.label, index=step.index,
                       action=step.action or str(step.raw_action), raw_action=step.raw_action,
                       status="runs", note="", file=campaign.doc.file.display, path=step.path)
        attrs = self._choose(st, step)
        in_executable = campaign.is_executable or frame.depth > 0
        if frame.beyond:
            st.status = "beyond-limit"
            st.note = ("level %d is beyond the nesting limit of %d executables (EXE005): Marketo does not "
                       "run it" % (frame.depth, self.max_depth))
        elif st.status == "skipped":
            pass
        elif in_executable and step.action == actions.WAIT:
            st.status = "not-run"
            st.note = "Marketo never runs a Wait step in an executable campaign (EXE002)"
        elif in_executable and step.action == actions.WEBHOOK:
            st.status = "not-run"
            st.note = "Marketo never runs Call Webhook in an executable campaign (EXE003)"
        elif step.action == actions.WAIT:
            st.note = "the dry run does not wait: the next steps follow at once"
        st.attributes = self._attributes(trace, frame, attrs, number)
        resolved = {a.name: a.value for a in st.attributes}
        if st.status == "skipped":
            return st
        if step.action in (actions.EXECUTE, actions.REQUEST):
            st.call = self._call(trace, frame, step, st, resolved, attrs)
        elif step.action == actions.CHANGE_SCORE:
            st.effect = self._score(trace, st, resolved)
        elif step.action == actions.REMOVE_FROM_FLOW and st.status == "runs":
            st.note = "removes the person from the named campaigns' flows (from the parent too, for an executable)"
        return st

    def _choose(self, st, step):
        default = step.attributes
        choices = step.choices
        if not choices:
            st.choice = "default"
            return default
        person = self.person
        st.choices_evaluated = person is not None
        taken = None
        for j, choice in enumerate(choices, start=1):
            cond = choice.get("if")
            text = qualify.describe(cond)
            do_nothing = choice.get("doNothing") is True
            own = choice.get("attributes") if isinstance(choice.get("attributes"), dict) else {}
            if person is None:
                st.choices.append(ChoiceTrace(j, text, do_nothing, "not-evaluated", "no person given", attributes=own))
                continue
            if taken is not None:
                st.choices.append(ChoiceTrace(j, text, do_nothing, "not-evaluated", "an earlier choice matched",
                                              attributes=own))
                continue
            value, reason = qualify.condition(person, cond, self.index)
            if value is None:
                reason += ": treated as not matching"
            st.choices.append(ChoiceTrace(j, text, do_nothing, value, reason, attributes=own))
            if value is True:
                taken = j
        if taken is None:
            st.choice = "default"
            return default
        st.choice = taken
        st.choices[taken - 1].taken = True
        chosen = choices[taken - 1]
        if chosen.get("doNothing") is True:
            st.status = "skipped"
            st.note = "choice %d is Do Nothing: the step is skipped" % taken
            return {}
        own = chosen.get("attributes") if isinstance(chosen.get("attributes"), dict) else {}
        merged = dict(default)
        merged.update(own)
        return merged

    def _attributes(self, trace, frame, attrs, number):
        out = []
        ctx = frame.ctx
        for name, raw in attrs.items():
            if not isinstance(name, str) or name.startswith("x-"):
                continue
            found = []

            def lookup(tok, _found=found):
                res = ctx.resolve(tok)
                _found.append(TokenTrace(tok.text, tok.family, tok.name, res.value, res.status, res.source,
                                         res.origin, res.detail))
                return res.value

            value = _render(raw, lookup, found)
            for t in found:
                if t.status == "literal" and t.family == "my":
                    trace.problems.append((number, "%s is not defined in this context: Marketo sends it "
                                                   "literally (%s)" % (t.text, frame.campaign.label)))
                elif t.status == "malformed":
                    trace.problems.append((number, "%s is malformed (%s): Marketo sends it as written"
                                           % (t.text, t.origin)))
            out.append(AttrTrace(name, raw, value, found))
        return out

    def _call(self, trace, frame, step, st, resolved, attrs):
        kind = "execute" if step.action == actions.EXECUTE else "request"
        ref = resolved.get("campaign")
        use = attrs.get("useParentTokenContext") is True if kind == "execute" else False
        target = None
        if isinstance(ref, (int, str)) and not isinstance(ref, bool) and ref != "":
            target = self.index.resolve_campaign(ref, frame.campaign)
        call = CallTrace(kind, ref, target.label if target else None, target.id if target else None, use, "", "")
        self._callee = target
        if target is None:
            call.outcome = "unresolved"
            call.reason = "names no campaign in the project (MKL006): Marketo shows the step as incomplete"
            trace.problems.append((st.number, "%s names no campaign" % st.action))
            return call
        if kind == "request":
            call.outcome = "requested"
            call.reason = "runs separately, in parallel: not entered"
            return call
        if st.status not in ("runs", "beyond-limit"):
            call.outcome = "step-not-run"
            call.reason = "the step does not run"
            return call
        if target in frame.chain:
            cycle = [c.label for c in frame.chain[frame.chain.index(target):]] + [target.label]
            call.outcome = "cycle"
            call.reason = "a cycle of Execute Campaign calls (EXE008): %s; not entered again" % " > ".join(cycle)
            trace.problems.append((st.number, call.reason))
            return call
        if not target.is_executable:
            call.outcome = "not-executable"
            call.reason = "not an executable campaign (EXE007): Marketo cannot execute it"
            trace.problems.append((st.number, "%s is not executable" % target.label))
            return call
        q = qualify.smart_list(self.index, target, self.person)
        call.qualification = q
        if q.result == "invalid":
            call.outcome = "invalid-smart-list"
            call.reason = "%s; the child is skipped and the parent goes on" % q.reason
            trace.problems.append((st.number, "%s: %s" % (target.label, q.reason)))
            return call
        if q.result == "not-qualified":
            call.outcome = "not-qualified"
            call.reason = ("the person does not qualify (Executed Campaign: Qualified FALSE): the child is "
                           "skipped and the parent goes on")
            return call
        call.outcome = "entered"
        call.reason = {"qualified": "the person qualifies", "unknown": "qualification unknown: assumed to qualify",
                       "not-evaluated": "qualification not evaluated: assumed to qualify"}[q.result]
        return call

    def _score(self, trace, st, resolved):
        name = resolved.get("scoreName")
        change = resolved.get("change")
        name = value_text(name) if name is not None else "?"
        text = value_text(change) if change is not None else ""
        m = SCORE_CHANGE.match(text.strip()) if isinstance(text, str) else None
        effect = EffectTrace(name, text, None, None, False)
        if m is None or int(m.group(2)) > INT32_MAX:
            effect.reason = ('"%s" is not a score change (+N, -N, =N or =-N): Marketo does not change the score'
                             % text)
            if st.status == "runs":
                trace.problems.append((st.number, "Change Score %s" % effect.reason))
            return effect
        if st.status != "runs":
            effect.reason = "the step does not run"
            return effect
        sign, n = m.group(1), int(m.group(2))
        if name not in self.scores:
            self.scores[name] = [self._start_score(name)] * 2
        before = self.scores[name][1]
        after = before + n if sign == "+" else before - n if sign == "-" else (n if sign == "=" else -n)
        self.scores[name][1] = after
        effect.before, effect.after, effect.applied = before, after, True
        return effect

    def _start_score(self, name):
        if self.person is None:
            return 0
        value = lookup_field(self.person, name)
        if value is MISSING or value is None or isinstance(value, bool):
            return 0
        try:
            return int(float(value))
        except (TypeError, ValueError):
            return 0


def _render(raw, lookup, found):
    """``raw`` with every token replaced (strings inside lists and mappings too)."""
    if isinstance(raw, str):
        for tok in tokens.parse(raw):
            if not tok.ok:
                found.append(TokenTrace(tok.text, "", "", tok.text, "malformed", "malformed", tok.error))
        return tokens.render(raw, lookup)
    if isinstance(raw, list):
        return [_render(v, lookup, found) for v in raw]
    if isinstance(raw, dict):
        return {k: _render(v, lookup, found) for k, v in raw.items()}
    return raw


# -- runs from files and the command line -------------------------------------------------------------
def token_name(text):
    """``Score`` from ``my.Score`` or ``{{my.Score}}``; None when it is not a My Token."""
    if not isinstance(text, str):
        return None
    t = text.strip()
    if t.startswith("{{") and t.endswith("}}"):
        t = t[2:-2]
    if not t.startswith("my.") or len(t) <= 3 or "{" in t or "}" in t:
        return None
    return t[3:]


def run_from_document(data):
    """A RunSpec from a ``kind: Run`` mapping (already schema-valid)."""
    api = {}
    for item in data.get("tokens") or []:
        name = token_name(item.get("name")) if isinstance(item, dict) else None
        if name is not None:
            api[name] = item.get("value")
    return RunSpec(campaign=data.get("campaign"), via=data.get("via"), tokens=api,
                   person=data.get("person"), trigger=data.get("trigger"))


__all__ = ["RunSpec", "Trace", "StepTrace", "evaluate", "find_campaign", "ResolveError", "run_from_document",
           "token_name", "signed"]
