"""The dry-run evaluator (``docs/evaluator.md``): which steps run, in what order, with what
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

The result is a :class:`~mkto_lint.evaluate.traces.Trace`; ``mkto_lint.report.trace`` renders it
as text or JSON (the JSON shape is documented in ``docs/evaluator.md``). What starts a run is
:mod:`mkto_lint.evaluate.runspec`; who qualifies for a smart list, :mod:`mkto_lint.evaluate.qualify`.

The analyses a run needs more than once (smart-list validity, My Token chains) are memoised in
a :class:`RunMemo`: one per run, or one shared by the runs of one index (``memo=``).
"""

from __future__ import annotations

import re

from mkto_lint.analysis import tokens
from mkto_lint.analysis.run_context import RunContext
from mkto_lint.analysis.smartlists import SmartListChecks
from mkto_lint.analysis.values import MISSING, lookup_field, value_text
from mkto_lint.evaluate import qualify
# runspec's names, re-exported: the evaluator's library API (evaluator.RunSpec...)
from mkto_lint.evaluate.runspec import VIAS, ResolveError, RunSpec, find_campaign, run_from_document, token_name
from mkto_lint.evaluate.traces import (AttrTrace, CallTrace, ChoiceTrace, EffectTrace, ScoreEffect, StepTrace,
                                       TokenTrace, Trace)
from mkto_lint.project import actions
from mkto_lint.project.actions import unknown_action
from mkto_lint.project.index import ProjectIndex

DEFAULT_MAX_STEPS = 100_000
SCORE_CHANGE = re.compile(r"^(\+|-|=-?)([0-9]+)$")
INT32_MAX = 2**31 - 1


class RunMemo:
    """The analyses of one index that a dry run computes once: smart-list validity and the My
    Token chains of programs. :func:`evaluate` makes one per run unless given one; runs over
    the same index may share one (results depend on the index only)."""

    __slots__ = ("index", "smart_lists", "token_chains", "custom_actions")

    def __init__(self, index: ProjectIndex, custom_actions=()):
        self.index = index
        self.custom_actions = tuple(custom_actions)  # the configuration's: not unknown actions
        self.smart_lists = SmartListChecks(index)
        self.token_chains = {}  # Program -> {name: TokenDef} (token_chains.program_chain's memo)


# -- the walk ---------------------------------------------------------------------------------------
class _Frame:
    """A campaign on the walk's stack: where its flow has got to (``i``) and its context."""

    __slots__ = ("campaign", "ctx", "depth", "prefix", "i", "chain", "beyond")

    def __init__(self, campaign, ctx, depth, prefix, chain, beyond):
        self.campaign = campaign
        self.ctx = ctx
        self.depth = depth
        self.prefix = prefix
        self.i = 0
        self.chain = chain  # campaigns on the call stack, for cycles
        self.beyond = beyond


def evaluate(index: ProjectIndex, run: RunSpec, max_depth: int = 3, max_steps: int = DEFAULT_MAX_STEPS,
             memo: RunMemo | None = None) -> Trace:
    """The Trace of ``run`` over ``index``; ``memo``: a RunMemo of ``index`` to share with other
    runs (default: a new one)."""
    from mkto_lint.read.limits import HARD_MAX_DEPTH
    from mkto_lint.read.stack import room_for

    with room_for(HARD_MAX_DEPTH):  # values are rendered recursively, as deep as max-depth allows
        return _Evaluator(index, run, max_depth, max_steps, memo if memo is not None else RunMemo(index)).walk()


LEVELS_SHOWN_BEYOND = 3  # how many levels past the nesting limit a trace still walks


class _Evaluator:
    """One run's walk: the state that its steps share (scores so far, the callee about to be
    entered) and one method per kind of work."""

    def __init__(self, index, run, max_depth, max_steps, memo):
        self.index = index
        self.run = run
        self.memo = memo
        self.max_depth = max_depth
        self.max_steps = max_steps
        self.person = run.person
        self.scores = {}  # score name -> [start, current]
        self._callee = None  # the Campaign an execute step is about to enter

    def walk(self) -> Trace:
        """Walk the start campaign's flow, entering each executable a step executes."""
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
            qualification=qualify.smart_list(self.memo.smart_lists, start, self.person), max_depth=self.max_depth,
        )
        self._run_notes(trace, start, via, api)
        ctx = RunContext.start(index, start, api, self.person, trigger, self.memo.token_chains)
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
        """The notes about the run as a whole: how it was started, and for whom."""
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
        """The StepTrace of one step: the choice taken, whether it runs, its attributes resolved
        in the frame's context, and its call or score change."""
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
        elif step.action not in actions.KNOWN_ACTIONS and not actions.is_known(step.raw_action, self.memo.custom_actions):
            st.status = "unknown-action"  # a misspelling runs nothing in Marketo: a problem, not a step
            trace.problems.append((number, unknown_action(step.raw_action, self.memo.custom_actions)))
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
        """The attributes the step acts with: the first choice whose condition matches the
        person, else the default (``st.choices`` records why)."""
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
            value, reason = qualify.condition(person, cond, self.memo.smart_lists)
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
        """[AttrTrace] of the step's attributes with every token resolved in the frame's context."""
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
        """The CallTrace of an Execute or Request Campaign step: is the callee entered, and why
        (not)? Sets ``_callee`` for the walk to enter."""
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
        if frame.depth >= self.max_depth + LEVELS_SHOWN_BEYOND:
            # what lies deeper does not run in Marketo either, and an 8,000-deep chain drawn in
            # full would be gigabytes of trace
            call.outcome = "too-deep"
            call.reason = ("the trace stops %d levels beyond the nesting limit of %d (EXE005)"
                           % (LEVELS_SHOWN_BEYOND, self.max_depth))
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
        q = qualify.smart_list(self.memo.smart_lists, target, self.person)
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
        """The EffectTrace of a Change Score step, applied to the run's scores when it runs."""
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
        """The person's value of the score field ``name`` (a number), else 0."""
        if self.person is None:
            return 0
        value = lookup_field(self.person, name)
        if value is MISSING or value is None or isinstance(value, bool):
            return 0
        try:
            return int(float(value))
        except (TypeError, ValueError, OverflowError):  # "inf", "nan", 1e400: not a score
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


__all__ = ["RunSpec", "RunMemo", "Trace", "StepTrace", "evaluate", "find_campaign", "ResolveError", "run_from_document",
           "token_name", "VIAS"]
