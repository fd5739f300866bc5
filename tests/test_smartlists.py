"""Smart-list validity (mkto_lint.analysis.smartlists): defects, references followed through chains,
cycles, and the memo that checks each list once per run."""

from __future__ import annotations

import json

from conftest import run_cli, write_tree

from mkto_lint import config, engine
from mkto_lint.analysis import smartlists
from mkto_lint.analysis.smartlist_defects import Defect

PROGRAM = "kind: Program\nname: P\n"


def smart_list(name, *filters, extra=""):
    body = "".join("  - %s\n" % f for f in filters)
    return "kind: SmartList\nname: %s\nprogram: P\n%sfilters:\n%s" % (name, extra, body)


def member(*names):
    return "{name: Member of Smart List, operator: in, values: [%s]}" % ", ".join(names)


def index_of(tmp_path, *docs):
    write_tree(tmp_path, {"all.yaml": "---\n".join((PROGRAM,) + docs)})
    cfg = config.load(tmp_path)
    return engine.run([str(tmp_path)], cfg, cwd=tmp_path, select=["MKL001"]).index


def by_name(index, name):
    return next(a for a in index.smart_lists + index.campaigns if a.name == name)


def test_self_reference_terminates_and_reports_the_cycle(tmp_path):
    index = index_of(tmp_path, smart_list("S", member("S")))
    checks = smartlists.SmartListChecks(index)  # one per run
    s = by_name(index, "S")
    assert checks.defects(s) == [
        Defect(s, ("filters", 0, "values", 0), "reference",
               'filter 1 "Member of Smart List" makes smart list "S" a member of itself'),
    ]
    assert checks.is_valid(s) is False


def test_two_list_cycle_makes_both_invalid_whichever_is_checked_first(tmp_path):
    docs = (smart_list("A", member("B")), smart_list("B", "{name: Email Address, operator: is not empty}", member("A")))
    index = index_of(tmp_path, *docs)
    checks = smartlists.SmartListChecks(index)  # one per run
    a, b = by_name(index, "A"), by_name(index, "B")
    # checked from A: the edge B -> A closes the cycle, and A is invalid through B
    assert checks.defects(a) == [
        Defect(a, ("filters", 0, "values", 0), "referenced-list",
               'filter 1 "Member of Smart List" uses smart list "B", which is invalid: filter 2 "Member of '
               'Smart List" closes a cycle of smart lists: "A" > "B" > "A"'),
    ]
    assert checks.defects(b) == [
        Defect(b, ("filters", 1, "values", 0), "reference",
               'filter 2 "Member of Smart List" closes a cycle of smart lists: "A" > "B" > "A"'),
    ]
    # checked from B on a fresh index: the roles swap, both still invalid
    index = index_of(tmp_path / "again", *docs)
    checks = smartlists.SmartListChecks(index)  # one per run
    b2 = by_name(index, "B")
    assert [d.kind for d in checks.defects(b2)] == ["referenced-list"]
    assert [d.kind for d in checks.defects(by_name(index, "A"))] == ["reference"]


def test_chain_a_b_c_with_c_invalid_makes_a_and_its_campaign_invalid(tmp_path):
    index = index_of(
        tmp_path,
        smart_list("A", member("B")),
        smart_list("B", "{name: Email Address, operator: is not empty}", member("C")),
        smart_list("C", "{name: Job Title, operator: contains}"),
        "kind: SmartCampaign\nname: Child\nprogram: P\nisExecutable: true\nsmartList:\n  filters:\n"
        "    - %s\nflow:\n  - action: Send Alert\n" % member("A"),
    )
    checks = smartlists.SmartListChecks(index)  # one per run
    a, c, child = by_name(index, "A"), by_name(index, "C"), by_name(index, "Child")
    root = Defect(c, ("filters", 0, "operator"), "incomplete", 'filter 1 "Job Title" (operator "contains") needs a value')
    assert checks.defects(c) == [root]
    assert checks.defects(a) == [
        Defect(a, ("filters", 0, "values", 0), "referenced-list",
               'filter 1 "Member of Smart List" uses smart list "B", which uses "C", which is invalid: '
               'filter 1 "Job Title" (operator "contains") needs a value'),
    ]
    assert checks.is_valid(a) is False
    assert checks.is_valid(child) is False
    assert checks.first_problem(child) == root
    assert [d.path for d in checks.defects(child)] == [("smartList", "filters", 0, "values", 0)]
    assert checks.is_valid(by_name(index, "B")) is False


def test_valid_chain_is_valid(tmp_path):
    index = index_of(
        tmp_path,
        smart_list("A", member("B")),
        smart_list("B", member("C")),
        smart_list("C", "{name: Email Address, operator: is not empty}"),
    )
    checks = smartlists.SmartListChecks(index)  # one per run
    for name in "ABC":
        assert checks.defects(by_name(index, name)) == []
        assert checks.first_problem(by_name(index, name)) is None


def test_each_list_is_checked_once_per_run(tmp_path, monkeypatch):
    # a diamond used by several campaigns: Top -> Left, Right -> Shared -> Leaf
    docs = [
        smart_list("Top", member("Left", "Right")),
        smart_list("Left", member("Shared")),
        smart_list("Right", member("Shared", "Leaf")),
        smart_list("Shared", member("Leaf")),
        smart_list("Leaf", "{name: Email Address, operator: is}"),
    ]
    for i in range(3):
        docs.append("kind: SmartCampaign\nname: C%d\nprogram: P\nsmartList:\n  filters:\n    - %s\n"
                    "flow:\n  - action: Send Alert\n" % (i, member("Top", "Shared")))
    index = index_of(tmp_path, *docs)
    seen = []
    real = smartlists._local

    def counting(index_, memo, owner):
        seen.append(owner.name)
        return real(index_, memo, owner)

    monkeypatch.setattr(smartlists, "_local", counting)
    checks = smartlists.SmartListChecks(index)  # one per run, as smartlists.of(ctx) gives the rules
    for _ in range(2):
        for owner in smartlists.owners(index):
            checks.defects(owner)
            checks.is_valid(owner)
    assert sorted(seen) == sorted(["Top", "Left", "Right", "Shared", "Leaf", "C0", "C1", "C2"])
    assert checks.local_checks == 8
    assert all(not checks.is_valid(o) for o in smartlists.owners(index))


def test_long_chain_needs_no_recursion_and_shortens_the_message(tmp_path):
    n = 3000
    docs = [smart_list("L%d" % i, member("L%d" % (i + 1))) for i in range(n)]
    docs.append(smart_list("L%d" % n, "{name: Email Address, operator: is}"))
    index = index_of(tmp_path, *docs)
    first = by_name(index, "L0")
    checks = smartlists.SmartListChecks(index)
    (defect,) = checks.defects(first)
    assert defect.message == (
        'filter 1 "Member of Smart List" uses smart list "L1", which uses "L2", which uses 2997 more smart '
        'lists down to "L3000", which is invalid: filter 1 "Email Address" (operator "is") needs a value')
    assert checks.local_checks == n + 1


def test_too_few_filters_is_a_warning_not_invalid(tmp_path):
    index = index_of(tmp_path, smart_list(
        "Two", "{name: Country, operator: is, values: [DE]}", "{name: Country, operator: is, values: [AT]}",
        extra='filterMatchType: advanced\nfilterLogic: "1 or 2"\n'))
    checks = smartlists.SmartListChecks(index)  # one per run
    two = by_name(index, "Two")
    assert [(d.kind, d.path) for d in checks.defects(two)] == [("too-few", ("filterMatchType",))]
    assert checks.is_valid(two) is True


def test_defects_in_document_order_and_schema_invalid_input_does_not_crash(tmp_path):
    index = index_of(
        tmp_path,
        "kind: SmartCampaign\nname: C\nprogram: P\nsmartList:\n  filterMatchType: 7\n"
        "  triggers: [{name: Fills Out Form, operator: is}, 5]\n"
        "  filters:\n    - {name: Member of Program, values: [Nope, Nope Two]}\n    - nonsense\n"
        "    - {name: Member of Smart List, values: {a: b}, operator: [x]}\n    - {values: [1], isError: true}\n"
        "flow: 3\n",
        "kind: SmartList\nname: Odd\nfilters: {name: Email Address}\n",
    )
    checks = smartlists.SmartListChecks(index)  # one per run
    c = by_name(index, "C")
    assert [(d.kind, d.path) for d in checks.defects(c)] == [
        ("incomplete", ("smartList", "triggers", 0, "operator")),
        ("reference", ("smartList", "filters", 0, "values", 0)),
        ("reference", ("smartList", "filters", 0, "values", 1)),
        ("incomplete", ("smartList", "filters", 2, "values")),
        ("incomplete", ("smartList", "filters", 3, "isError")),
    ]
    assert checks.defects(by_name(index, "Odd")) == []


def test_exe001_related_locations_are_the_callers_and_the_inner_problem(tmp_path):
    write_tree(tmp_path, {"all.yaml": "---\n".join((
        PROGRAM,
        smart_list("A", member("B")),
        smart_list("B", "{name: Job Title, operator: contains}"),
        "kind: SmartCampaign\nname: Child\nprogram: P\nisExecutable: true\nsmartList:\n  filters:\n"
        "    - %s\nflow:\n  - action: Send Alert\n" % member("A"),
        "kind: SmartCampaign\nname: Parent\nprogram: P\nsmartList:\n  filters:\n"
        "    - {name: Email Address, operator: is not empty}\nflow:\n"
        "  - action: Execute Campaign\n    attributes: {campaign: Child}\n",
    ))})
    run = run_cli("check", "--select", "EXE001", "--format", "json", "--root", str(tmp_path), str(tmp_path),
                  cwd=tmp_path)
    (finding,) = json.loads(run.out)["findings"]
    assert (finding["line"], finding["column"]) == (22, 59)  # the value "A"
    assert [(r["line"], r["column"], r["message"]) for r in finding["related"]] == [
        (14, 33, 'the problem in smart list "B"'),  # operator "contains" of B
        (34, 28, '"P.Parent" executes "P.Child" here, for nobody'),  # the step's campaign value
    ]
