"""The advanced filter-logic parser and its three-valued evaluator (mkto_lint.analysis.filter_logic)."""

from __future__ import annotations

import pytest

from mkto_lint.analysis.filter_logic import And, FilterLogicError, Not, Num, Or, evaluate, numbers, parse


# -- valid expressions ---------------------------------------------------------------------------

def test_parses_nested_expression_with_positions():
    assert parse("1 and (2 or 3)", 3) == And((Num(1, 1), Or((Num(2, 8), Num(3, 13)))))


def test_keywords_are_case_insensitive_and_not_binds_to_its_operand():
    assert parse("NOT 1 AND 2", 2) == And((Not(Num(1, 5)), Num(2, 11)))
    assert parse("1 Or not not 2", 2) == Or((Num(1, 1), Not(Not(Num(2, 14)))))


def test_redundant_parentheses_and_free_whitespace():
    assert parse("  ((1))  ", 1) == Num(1, 5)
    assert parse("(1)and(2)", 2) == And((Num(1, 2), Num(2, 8)))


def test_one_kind_of_operator_per_level_is_flat():
    assert parse("1 or 2 or 3", 3) == Or((Num(1, 1), Num(2, 6), Num(3, 11)))
    assert parse("(1 and 2) or (3 and 4)", 4) == Or((And((Num(1, 2), Num(2, 8))), And((Num(3, 15), Num(4, 21)))))


def test_highest_filter_number_is_in_range_and_range_check_is_optional():
    assert parse("4", 4) == Num(4, 1)
    assert parse("99 and 1") == And((Num(99, 1), Num(1, 8)))


# -- errors: exact message and column -------------------------------------------------------------

@pytest.mark.parametrize("text, n, message, column", [
    ("", 3, "the expression is empty", 1),
    ("   ", 3, "the expression is empty", 1),
    ("1 and (2 or 3))", 3, 'unexpected ")" at column 15', 15),
    (")1", 3, 'unexpected ")" at column 1', 1),
    ("1 and", 3, "unexpected end of expression at column 6", 6),
    ("not", 3, "unexpected end of expression at column 4", 4),
    ("1 or ()", 3, 'unexpected ")" at column 7', 7),
    ("1 2", 3, 'unexpected "2" at column 3', 3),
    ("(1 and 2", 3, '"(" at column 1 is never closed', 1),
    ("1 or (2 and (3)", 3, '"(" at column 6 is never closed', 6),
    ("1 & 2", 3, 'unexpected "&" at column 3', 3),
    ("1 adn 2", 3, 'unknown word "adn" at column 3 (use and, or, not)', 3),
    ("1 and 5", 4, "filter 5 does not exist: the smart list has 4 filters", 7),
    ("2", 1, "filter 2 does not exist: the smart list has 1 filter", 1),
    ("1", 0, "filter 1 does not exist: the smart list has 0 filters", 1),
    ("0 or 1", 3, "filter 0 does not exist: filters are numbered from 1", 1),
    ("1 and 2 or 3", 3, '"1 and 2 or 3" mixes and/or without parentheses', 9),
    ("1 or 2 or 3 and 1", 3, '"1 or 2 or 3 and 1" mixes and/or without parentheses', 13),
    ("(1  and 2 or 3) and 4", 4, '"1 and 2 or 3" mixes and/or without parentheses', 11),
])
def test_errors(text, n, message, column):
    with pytest.raises(FilterLogicError) as info:
        parse(text, n)
    assert (info.value.message, info.value.column) == (message, column)
    assert str(info.value) == message


def test_not_text_and_deep_nesting_are_errors_not_crashes():
    with pytest.raises(FilterLogicError) as info:
        parse(None, 3)
    assert info.value.message == "the expression is not text"
    with pytest.raises(FilterLogicError) as info:
        parse("(" * 5000 + "1" + ")" * 5000, 3)
    assert info.value.message == "the expression is nested too deeply"


# -- three-valued evaluation ---------------------------------------------------------------------

def test_evaluate_two_valued():
    tree = parse("1 and (2 or not 3)", 3)
    assert evaluate(tree, {1: True, 2: False, 3: False}) is True
    assert evaluate(tree, {1: True, 2: False, 3: True}) is False
    assert evaluate(tree, {1: False, 2: True, 3: True}) is False


def test_evaluate_unknown_is_kleene_logic():
    assert evaluate(parse("1 and 2", 2), {1: False, 2: None}) is False  # false wins in and
    assert evaluate(parse("1 and 2", 2), {1: True, 2: None}) is None
    assert evaluate(parse("1 or 2", 2), {1: True, 2: None}) is True  # true wins in or
    assert evaluate(parse("1 or 2", 2), {1: False, 2: None}) is None
    assert evaluate(parse("not 1", 1), {1: None}) is None
    assert evaluate(parse("not 1", 1), {1: False}) is True
    assert evaluate(parse("1 or 2", 2), {1: False}) is None  # a missing number is unknown


def test_numbers():
    assert numbers(parse("1 and (2 or not 4) and 1", 4)) == {1, 2, 4}
    assert numbers(parse("3", 3)) == {3}


# -- SML003's boundary ---------------------------------------------------------------------------

def _too_few(tmp_path, n):
    from conftest import run_cli, write_tree

    filters = "".join("    - {name: Country, operator: is, values: [C%d]}\n" % i for i in range(n))
    logic = " or ".join(str(i + 1) for i in range(n))
    write_tree(tmp_path, {"c.yaml": (
        "kind: Program\nname: P\n---\nkind: SmartCampaign\nname: C\nprogram: P\nsmartList:\n"
        "  filterMatchType: advanced\n  filterLogic: \"%s\"\n  filters:\n%s"
        "flow:\n  - action: Send Alert\n" % (logic, filters))})
    return run_cli("check", "--output-format", "concise", "--select", "SML", "--no-color", "--root", str(tmp_path), str(tmp_path), cwd=tmp_path)


def test_exactly_three_filters_pass_sml003(tmp_path):
    run = _too_few(tmp_path, 3)
    assert run.out == "0 errors, 0 warnings in 1 file\n"
    assert run.code == 0


def test_two_filters_fail_sml003(tmp_path):
    run = _too_few(tmp_path, 2)
    assert run.out == (
        'c.yaml:8:20: SML003 [warning] advanced filter logic over 2 filters: Marketo offers advanced logic '
        'from 3 filters up (advanced-logic-too-few-filters)\n'
        "0 errors, 1 warning in 1 file\n")
