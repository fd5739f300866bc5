"""The dry-run evaluator as a library (mkto_lint.evaluate.evaluator.evaluate)."""

from __future__ import annotations

import pytest

from mkto_lint import config as config_mod
from mkto_lint.evaluate.evaluator import ResolveError, evaluate
from mkto_lint.evaluate.runspec import RunSpec
from mkto_lint.cli.resolve import load_index

from conftest import EXAMPLES, write_tree


def _index(root, files=None):
    if files:
        write_tree(root, files)
    index, _files = load_index(root, config_mod.load(root), root)
    return index


@pytest.fixture(scope="module")
def examples():
    return _index(EXAMPLES)


def _steps(trace):
    return [(s.number, s.campaign, s.action, s.status) for s in trace.steps]


def _token(trace, number, attr):
    step = next(s for s in trace.steps if s.number == number)
    a = next(a for a in step.attributes if a.name == attr)
    return a


def _effects(trace):
    return {name: e.change for name, e in trace.effects.items()}


# -- the reference example (Adobe's Execute Campaign page) --------------------------------------------------------------
def test_reference_example_context_true_gives_the_parents_value(examples):
    trace = evaluate(examples, RunSpec("OP-Webinar 2026.Attended - Score"))
    assert trace.via == "trigger"  # the default for a campaign with triggers
    assert _effects(trace) == {"Behavior Score": "+10"}
    change = _token(trace, "2.1", "change")
    assert change.value == "+10"
    (tok,) = change.tokens
    assert (tok.source, tok.origin) == (
        "program", 'caller "OP-Webinar 2026.Attended - Score" context: program OP-Webinar 2026 (local)')


def test_reference_example_context_false_keeps_the_childs_value(examples):
    trace = evaluate(examples, RunSpec(2102))
    assert trace.via == "schedule"  # the default for a batch campaign
    assert _effects(trace) == {"Behavior Score": "+0"}
    (tok,) = _token(trace, "1.1", "change").tokens
    assert tok.origin == "program OP-Scoring Library (overridden: hides folder Operations/Scoring +5)"


def test_api_token_passes_down_with_the_context_only(examples):
    trace = evaluate(examples, RunSpec("OP-Webinar 2026.Attended - Score", via="schedule", tokens={"Score": "+15"}))
    assert _effects(trace) == {"Behavior Score": "+15"}
    (tok,) = _token(trace, "2.1", "change").tokens
    assert tok.origin == 'caller "OP-Webinar 2026.Attended - Score" context: API override'
    trace = evaluate(examples, RunSpec(2102, tokens={"Score": "+15"}))
    assert _effects(trace) == {"Behavior Score": "+0"}


def test_unknown_campaign_says_what_it_probably_meant(examples):
    with pytest.raises(ResolveError, match=r'no campaign "OP-Webinar 2026.Attended - Scor" in the project '
                                           r'\(did you mean "OP-Webinar 2026.Attended - Score"\?\)'):
        evaluate(examples, RunSpec("OP-Webinar 2026.Attended - Scor"))
    with pytest.raises(ResolveError, match="no campaign with id 9999"):
        evaluate(examples, RunSpec(9999))


# -- contexts through several levels ------------------------------------------------------------------
CHAIN = {
    "all.yaml": """
kind: Program
name: EV-Parent
type: event
tokens:
  - {name: Score, type: score, value: "+10"}
  - {name: Region, type: text, value: EMEA}
---
kind: Program
name: OP-Library
tokens:
  - {name: Score, type: score, value: "+1"}
---
kind: SmartCampaign
name: Parent
program: EV-Parent
isActive: true
smartList:
  triggers: [{name: Fills Out Form, operator: is, values: [Contact]}]
flow:
  - action: Execute Campaign
    attributes: {campaign: OP-Library.Middle, useParentTokenContext: true}
  - action: Change Score
    attributes: {scoreName: Behavior Score, change: "=100"}
---
kind: SmartCampaign
name: Middle
program: OP-Library
isExecutable: true
flow:
  - action: Change Score
    attributes: {scoreName: Behavior Score, change: "{{my.Score}}"}
  - action: Send Alert
    attributes: {subject: "{{my.Region}} / {{campaign.name}} / {{trigger.Form}}"}
  - action: Execute Campaign
    attributes: {campaign: OP-Library.Leaf, useParentTokenContext: false}
---
kind: SmartCampaign
name: Leaf
program: OP-Library
isExecutable: true
flow:
  - action: Change Score
    attributes: {scoreName: Behavior Score, change: "{{my.Score}}"}
  - action: Send Alert
    attributes: {subject: "{{my.Region}} / {{campaign.name}} / {{trigger.Form}}"}
""",
}


def test_three_level_chain_middle_passes_its_context_the_lower_call_does_not(tmp_path):
    index = _index(tmp_path, CHAIN)
    trace = evaluate(index, RunSpec("EV-Parent.Parent", tokens={"Score": "+15"}, trigger={"Form": "Contact"}))
    assert _steps(trace) == [
        ("1", "EV-Parent.Parent", "Execute Campaign", "runs"),
        ("1.1", "OP-Library.Middle", "Change Score", "runs"),
        ("1.2", "OP-Library.Middle", "Send Alert", "runs"),
        ("1.3", "OP-Library.Middle", "Execute Campaign", "runs"),
        ("1.3.1", "OP-Library.Leaf", "Change Score", "runs"),
        ("1.3.2", "OP-Library.Leaf", "Send Alert", "runs"),
        ("2", "EV-Parent.Parent", "Change Score", "runs"),
    ]
    # the middle runs in the parent's context: API override, the parent's tokens and trigger
    assert _token(trace, "1.1", "change").value == "+15"
    assert _token(trace, "1.2", "subject").value == "EMEA / Parent / Contact"
    # the leaf, called with false, has only its own program: +1, Region undefined, no trigger
    assert _token(trace, "1.3.1", "change").value == "+1"
    subject = _token(trace, "1.3.2", "subject")
    assert subject.value == "{{my.Region}} / Leaf / "
    assert [(t.text, t.status, t.origin) for t in subject.tokens] == [
        ("{{my.Region}}", "literal", "undefined"),
        ("{{campaign.name}}", "resolved", "campaign OP-Library.Leaf"),
        ("{{trigger.Form}}", "empty", "no trigger in this context: empty"),
    ]
    assert trace.problems == [("1.3.2", "{{my.Region}} is not defined in this context: Marketo sends it "
                                        "literally (OP-Library.Leaf)")]
    # +15 +1 then "=100": the score ends at 100
    assert _effects(trace) == {"Behavior Score": "+100"}
    assert [(s.number, s.effect.before, s.effect.after) for s in trace.steps if s.effect] == [
        ("1.1", 0, 15), ("1.3.1", 15, 16), ("2", 16, 100)]


def test_trigger_token_reaches_the_child_only_from_a_trigger_start(tmp_path):
    index = _index(tmp_path, CHAIN)
    by_trigger = evaluate(index, RunSpec("EV-Parent.Parent", via="trigger", trigger={"Form": "Contact"}))
    tok = _token(by_trigger, "1.2", "subject").tokens[2]
    assert (tok.value, tok.status, tok.origin) == (
        "Contact", "resolved", 'caller "EV-Parent.Parent" context: trigger value')
    scheduled = evaluate(index, RunSpec("EV-Parent.Parent", via="schedule", trigger={"Form": "Contact"}))
    tok = _token(scheduled, "1.2", "subject").tokens[2]
    assert (tok.value, tok.status) == ("", "empty")
    assert "trigger values ignored: the run was not started by a trigger" in scheduled.notes
    assert "the campaign has triggers: Marketo schedules batch campaigns only" in scheduled.notes


def test_default_fallback_and_person_fields(tmp_path):
    index = _index(tmp_path, {"all.yaml": """
kind: Program
name: P
tokens: [{name: Empty, type: text, value: ""}]
---
kind: SmartCampaign
name: C
program: P
flow:
  - action: Send Alert
    attributes:
      subject: "Hi {{lead.First Name:default=there}}, {{my.Missing:default=friend}} {{my.Empty:default=x}}"
      body: "{{lead.Last Name}}|{{system.date}}|{{program.Name}}"
"""})
    trace = evaluate(index, RunSpec("P.C", person={"First Name": "Ada", "Last Name": None}))
    subject = _token(trace, "1", "subject")
    assert subject.value == "Hi Ada, friend x"
    assert [(t.status, t.source) for t in subject.tokens] == [
        ("resolved", "person"), ("default", "default"), ("default", "default")]
    assert _token(trace, "1", "body").value == "|2026-01-15|P"
    trace = evaluate(index, RunSpec("P.C", person={}))
    assert _token(trace, "1", "subject").value == "Hi there, friend x"
    trace = evaluate(index, RunSpec("P.C"))  # no person: lead tokens are shown as written
    assert _token(trace, "1", "subject").value == "Hi {{lead.First Name:default=there}}, friend x"
    assert trace.problems == []


def test_misspelled_my_token_is_sent_literally_and_changes_no_score(tmp_path):
    index = _index(tmp_path, {"all.yaml": """
kind: Program
name: P
tokens: [{name: Score, type: score, value: "+5"}]
---
kind: SmartCampaign
name: C
program: P
flow:
  - action: Change Score
    attributes: {scoreName: Behavior Score, change: "{{my.Scroe}}"}
"""})
    trace = evaluate(index, RunSpec("P.C"))
    step = trace.steps[0]
    assert _token(trace, "1", "change").value == "{{my.Scroe}}"
    assert step.effect.applied is False
    assert trace.effects == {}
    assert trace.problems == [
        ("1", "{{my.Scroe}} is not defined in this context: Marketo sends it literally (P.C)"),
        ("1", 'Change Score "{{my.Scroe}}" is not a score change (+N, -N, =N or =-N): Marketo does not change '
              "the score"),
    ]


# -- people: choices and qualification --------------------------------------------------------------
CHOICES = {"all.yaml": """
kind: Program
name: P
---
kind: SmartCampaign
name: C
program: P
flow:
  - action: Change Score
    attributes: {scoreName: Behavior Score, change: "+5"}
    choices:
      - if: {name: Job Title, operator: contains, values: [VP]}
        attributes: {change: "+20"}
      - if: {name: Country, operator: is, values: [Narnia]}
        doNothing: true
"""}


@pytest.mark.parametrize("person, choice, status, effect", [
    ({"Job Title": "VP Sales", "Country": "Narnia"}, 1, "runs", {"Behavior Score": "+20"}),
    ({"Job Title": "Engineer", "Country": "narnia"}, 2, "skipped", {}),
    ({"Job Title": "Engineer", "Country": "France"}, "default", "runs", {"Behavior Score": "+5"}),
    ({"Behavior Score": 12}, "default", "runs", {"Behavior Score": "+5"}),
    (None, "default", "runs", {"Behavior Score": "+5"}),
])
def test_person_based_choice_selection(tmp_path, person, choice, status, effect):
    index = _index(tmp_path, CHOICES)
    trace = evaluate(index, RunSpec("P.C", person=person))
    step = trace.steps[0]
    assert (step.choice, step.status) == (choice, status)
    assert _effects(trace) == effect
    assert step.choices_evaluated is (person is not None)
    if person == {"Behavior Score": 12}:
        assert [c.match for c in step.choices] == [None, None]  # fields not given: unknown
        assert (trace.effects["Behavior Score"].start, trace.effects["Behavior Score"].end) == (12, 17)


QUALIFY = {"all.yaml": """
kind: Program
name: P
---
kind: SmartList
name: Eligible
program: P
filters:
  - {name: Email Address, operator: is not empty}
  - {name: Unsubscribed, operator: is false}
---
kind: SmartCampaign
name: Parent
program: P
flow:
  - action: Execute Campaign
    attributes: {campaign: Broken Child}
  - action: Execute Campaign
    attributes: {campaign: Picky Child}
  - action: Change Score
    attributes: {scoreName: Behavior Score, change: "+1"}
---
kind: SmartCampaign
name: Broken Child
program: P
isExecutable: true
smartList:
  filters:
    - {name: Country, operator: is}
flow:
  - action: Change Score
    attributes: {scoreName: Behavior Score, change: "+50"}
---
kind: SmartCampaign
name: Picky Child
program: P
isExecutable: true
smartList:
  filterMatchType: advanced
  filterLogic: "1 and (2 or 3)"
  filters:
    - {name: Member of Smart List, operator: in, values: [Eligible]}
    - {name: Lead Score, operator: greater than, values: [50]}
    - {name: Visited Web Page, operator: is, values: [/pricing]}
flow:
  - action: Change Score
    attributes: {scoreName: Behavior Score, change: "+7"}
"""}


def test_an_invalid_child_smart_list_skips_the_child_and_the_parent_goes_on(tmp_path):
    index = _index(tmp_path, QUALIFY)
    trace = evaluate(index, RunSpec("P.Parent", person={"Email Address": "a@b.c", "Unsubscribed": True,
                                                        "Lead Score": 10}))
    assert _steps(trace) == [
        ("1", "P.Parent", "Execute Campaign", "runs"),
        ("2", "P.Parent", "Execute Campaign", "runs"),
        ("3", "P.Parent", "Change Score", "runs"),
    ]
    broken = trace.steps[0].call
    assert broken.outcome == "invalid-smart-list"
    assert broken.reason.startswith("invalid smart list: nobody qualifies (")
    assert broken.reason.endswith("; the child is skipped and the parent goes on")
    picky = trace.steps[1].call
    assert (picky.outcome, picky.qualification.result) == ("not-qualified", "not-qualified")
    assert [(c.number, c.value) for c in picky.qualification.checks] == [(1, False), (2, False), (3, None)]
    assert picky.qualification.checks[2].reason == (
        "depends on the person's activity history or memberships: not evaluated")
    assert _effects(trace) == {"Behavior Score": "+1"}


def test_qualification_unknown_or_not_evaluated_enters_the_child(tmp_path):
    index = _index(tmp_path, QUALIFY)
    trace = evaluate(index, RunSpec("P.Parent", person={"Email Address": "a@b.c", "Unsubscribed": False,
                                                        "Lead Score": 90}))
    assert trace.steps[1].call.outcome == "entered"
    assert trace.steps[1].call.qualification.result == "qualified"
    trace = evaluate(index, RunSpec("P.Parent", person={"Email Address": "a@b.c", "Unsubscribed": False}))
    call = trace.steps[1].call
    assert (call.outcome, call.qualification.result, call.reason) == (
        "entered", "unknown", "qualification unknown: assumed to qualify")
    trace = evaluate(index, RunSpec("P.Parent"))
    assert trace.steps[1].call.qualification.result == "not-evaluated"
    assert trace.steps[0].call.outcome == "invalid-smart-list"  # invalid whoever the person is
    assert _effects(trace) == {"Behavior Score": "+8"}


# -- limits -------------------------------------------------------------------------------------------
def _chain(n, last_step='{action: Change Score, attributes: {scoreName: S, change: "+1"}}', cycle=False):
    docs = ["kind: Program\nname: L\n",
            "kind: SmartCampaign\nname: Root\nprogram: L\nflow:\n  - {action: Execute Campaign, attributes: {campaign: E1}}\n"]
    for i in range(1, n + 1):
        nxt = "E%d" % (i + 1) if i < n else ("E1" if cycle else None)
        steps = ['  - {action: Change Score, attributes: {scoreName: S, change: "+1"}}']
        if nxt:
            steps.append("  - {action: Execute Campaign, attributes: {campaign: %s}}" % nxt)
        elif not cycle:
            steps.append("  - " + last_step)
        docs.append("kind: SmartCampaign\nname: E%d\nprogram: L\nisExecutable: true\nflow:\n%s\n" % (i, "\n".join(steps)))
    return {"all.yaml": "---\n".join(docs)}


def test_levels_beyond_the_nesting_limit_are_marked_and_not_counted(tmp_path):
    index = _index(tmp_path, _chain(4, last_step="{action: Wait, attributes: {duration: 1 day}}"))
    trace = evaluate(index, RunSpec("L.Root"), max_depth=3)
    assert [(s.number, s.depth, s.status) for s in trace.steps] == [
        ("1", 0, "runs"),
        ("1.1", 1, "runs"), ("1.2", 1, "runs"),
        ("1.2.1", 2, "runs"), ("1.2.2", 2, "runs"),
        ("1.2.2.1", 3, "runs"), ("1.2.2.2", 3, "runs"),
        ("1.2.2.2.1", 4, "beyond-limit"), ("1.2.2.2.2", 4, "beyond-limit"),
    ]
    assert trace.steps[-1].note == ("level 4 is beyond the nesting limit of 3 executables (EXE005): Marketo "
                                    "does not run it")
    assert _effects(trace) == {"S": "+3"}


def test_wait_in_an_executable_is_not_run(tmp_path):
    index = _index(tmp_path, _chain(1, last_step="{action: Wait, attributes: {duration: 1 day}}"))
    trace = evaluate(index, RunSpec("L.Root"))
    wait = trace.steps[-1]
    assert (wait.action, wait.status, wait.note) == (
        "Wait", "not-run", "Marketo never runs a Wait step in an executable campaign (EXE002)")


def test_a_cycle_stops_the_walk(tmp_path):
    index = _index(tmp_path, _chain(3, cycle=True))
    trace = evaluate(index, RunSpec("L.Root"), max_depth=10)
    last = trace.steps[-1]
    assert last.number == "1.2.2.2" and last.call.outcome == "cycle"
    assert last.call.reason == "a cycle of Execute Campaign calls (EXE008): L.E1 > L.E2 > L.E3 > L.E1; not entered again"
    assert len(trace.steps) == 7


def test_a_long_chain_is_walked_without_recursion(tmp_path):
    index = _index(tmp_path, _chain(2500))
    trace = evaluate(index, RunSpec("L.Root"), max_depth=2499)  # the limit raised: all of it is walked
    assert len(trace.steps) == 1 + 2 * 2500
    assert trace.steps[-1].depth == 2500 and trace.steps[-1].status == "beyond-limit"


def test_a_long_chain_is_walked_3_levels_past_the_limit(tmp_path):
    index = _index(tmp_path, _chain(2500))
    trace = evaluate(index, RunSpec("L.Root"), max_depth=3)
    last = trace.steps[-1]
    assert (last.depth, last.status, last.call.outcome) == (6, "beyond-limit", "too-deep")
    assert last.call.reason == "the trace stops 3 levels beyond the nesting limit of 3 (EXE005)"
    assert len(trace.steps) == 1 + 2 * 6


def test_a_fan_out_is_cut_at_max_steps(tmp_path):
    docs = ["kind: Program\nname: L\n"]
    for i in range(12):  # each level executes the next one twice: 2**12 leaves
        nxt = "  - {action: Execute Campaign, attributes: {campaign: E%d}}\n" % (i + 1)
        docs.append("kind: SmartCampaign\nname: E%d\nprogram: L\n%sflow:\n%s"
                    % (i, "isExecutable: true\n" if i else "", nxt * 2))
    docs.append("kind: SmartCampaign\nname: E12\nprogram: L\nisExecutable: true\nflow:\n"
                "  - {action: Send Email, attributes: {email: x}}\n")
    index = _index(tmp_path, {"all.yaml": "---\n".join(docs)})
    trace = evaluate(index, RunSpec("L.E0"), max_depth=20, max_steps=1000)
    assert trace.truncated and len(trace.steps) == 1000
    assert trace.notes[-1].startswith("the walk stopped after 1000 steps")


def test_request_campaign_is_shown_and_not_entered(examples):
    trace = evaluate(examples, RunSpec(2102))
    request = trace.steps[-1]
    assert (request.action, request.call.outcome, request.call.target) == (
        "Request Campaign", "requested", "OP-Webinar 2026.Follow-up Requested")
    assert all(s.campaign != "OP-Webinar 2026.Follow-up Requested" for s in trace.steps)


def test_a_long_chain_of_member_of_smart_list_is_cut_not_crashed(tmp_path):
    docs = ["kind: Program\nname: P\n"]
    n = 400
    for i in range(n):
        flt = ("{name: Member of Smart List, operator: in, values: [L%d]}" % (i + 1) if i + 1 < n
               else "{name: Email Address, operator: is not empty}")
        docs.append("kind: SmartList\nname: L%d\nprogram: P\nfilters:\n  - %s\n" % (i, flt))
    docs.append("kind: SmartCampaign\nname: C\nprogram: P\nsmartList:\n  filters:\n"
                "    - {name: Member of Smart List, operator: in, values: [L0]}\n"
                "flow:\n  - {action: Send Email, attributes: {email: x}}\n")
    index = _index(tmp_path, {"all.yaml": "---\n".join(docs)})
    trace = evaluate(index, RunSpec("P.C", person={"Email Address": "a@b.c"}))
    assert trace.qualification.result == "unknown"
    assert "is nested more than 50 lists deep: not evaluated" in trace.qualification.checks[0].reason
