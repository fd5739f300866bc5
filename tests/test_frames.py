"""Code frames (``--output-format full``, the default): golden files over small projects.

Each case is one file checked alone; its frame is pinned in tests/golden/frames/NAME.txt
(refresh with ``MKTO_LINT_UPDATE_GOLDEN=1`` and read the diff). The cases are the shapes that
are easy to get wrong: YAML and JSON, spans of one line and of several, a tab before the span,
wide (CJK) characters, a line far longer than a terminal, control characters in the source.
"""

from __future__ import annotations

import io

import pytest

from conftest import TESTS, check_golden, run_cli, write_tree
from mkto_lint.findings import Span
from mkto_lint.report.frames import MAX_WIDTH, Frame

GOLDEN = TESTS / "golden" / "frames"
PROGRAM = "kind: Program\nname: P\ntype: default\n"


def _campaign_yaml(flow_line):
    return ("kind: SmartCampaign\nname: C\nprogram: P\nsmartList:\n  triggers:\n"
            "    - name: Campaign is Requested\nflow:\n" + flow_line)


CASES = {
    "yaml-single-line": {
        "c.yaml": _campaign_yaml("  - action: Request Campaign\n    attributes:\n      campaign: P.Nowhere\n"),
    },
    "yaml-multi-line": {
        "c.yaml": ("kind: SmartCampaign\nname: C\nprogram: P\nqualificationRuleType:\n  every: time\n"
                   "  unit: day\nflow: []\n"),
    },
    "json-single-line": {
        "c.json": ('{\n  "kind": "SmartCampaign",\n  "name": "C",\n  "program": "P",\n'
                   '  "smartList": {"triggers": [{"name": "Campaign is Requested"}]},\n'
                   '  "flow": [\n    {"action": "Request Campaign", "attributes": {"campaign": "P.Nowhere"}}\n  ]\n}\n'),
    },
    "json-multi-line": {
        "c.json": ('{\n  "kind": "SmartCampaign",\n  "name": "C",\n  "program": "P",\n'
                   '  "qualificationRuleType": {\n    "every": "time",\n    "unit": "day"\n  },\n  "flow": []\n}\n'),
    },
    "tab-before-the-span": {  # a raw tab inside a quoted value: the caret is placed after the tab's stop
        "c.yaml": _campaign_yaml('  - action: Interesting Moment\n    attributes:\n      type: Milestone\n'
                                 '      description: "a\tab\t{{my.Nowhere}}"\n'),
    },
    "wide-characters": {  # CJK takes two cells each: the underline is as wide as the name
        "c.yaml": _campaign_yaml("  - action: Request Campaign\n    attributes:\n      campaign: P.ウェビナー参加者\n"
                                 "  - action: Interesting Moment\n    attributes:\n      type: Milestone\n"
                                 '      description: "参加 {{my.未定義}}"\n'),
    },
    "very-long-line": {  # one line of 700 characters: clipped around the span
        "c.json": ('{"kind": "SmartCampaign", "name": "C", "program": "P", "description": "%s", '
                   '"smartList": {"triggers": [{"name": "Campaign is Requested"}]}, '
                   '"flow": [{"action": "Request Campaign", "attributes": {"campaign": "P.Nowhere"}}], '
                   '"x-note": "%s"}\n' % ("d" * 300, "n" * 200)),
    },
    "control-characters-in-the-source": {  # a raw bidi override is shown escaped, not obeyed
        "c.yaml": _campaign_yaml("  - action: Request Campaign\n    attributes:\n"
                                 "      campaign: \"P.\u202eNowhere\"  # \u202eevil\n"),
    },
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_frame_golden(name, tmp_path):
    files = dict(CASES[name])
    files["p.yaml"] = PROGRAM
    files[".mkto-lint.yaml"] = "{}\n"
    write_tree(tmp_path, files)
    target = next(n for n in CASES[name])
    run = run_cli("check", "--no-color", "--output-format", "full", target, cwd=tmp_path)
    assert run.err == ""
    assert run.code == 1, run
    for line in run.out.splitlines():
        assert line.isprintable(), "a raw control character in %r" % line
    check_golden(GOLDEN / (name + ".txt"), run.out)


def test_a_clipped_line_keeps_the_span_in_view():
    text = "x" * 500 + "TARGET" + "y" * 500
    lines = Frame([text], Span(1, 501, 1, 507)).render("X")
    shown, marks = lines[1], lines[2]
    assert shown.startswith("1 | ...") and shown.endswith("...")
    assert len(shown) - len("1 | ") <= MAX_WIDTH + 2 * len("...")
    start = shown.index("TARGET")
    assert marks[start:start + 6] == "^^^^^^"
    assert marks[start + 6:] == " X"


def test_a_span_past_the_end_of_its_line_gets_one_caret():
    lines = Frame(["key:"], Span(1, 5, 1, 5)).render("MKL001")
    assert lines[1:3] == ["1 | key:", "  |     ^ MKL001"]


def test_a_long_multi_line_span_shows_its_ends():
    source = ["items:"] + ["  - %d" % i for i in range(20)]
    lines = Frame(source, Span(1, 7, 21, 7)).render("MKL003")
    assert lines[1:4] == [" 1 |   items:", "   |  _______^", " 2 | |   - 0"]
    assert "   | | ..." in lines
    assert lines[-3:] == ["21 | |   - 19", "   | |______^ MKL003", "   |"]


class _Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("no_color", [False, True])
def test_colour_on_a_terminal_unless_no_color(tmp_path, monkeypatch, no_color):
    from mkto_lint.cli.main import main

    write_tree(tmp_path, dict(CASES["yaml-single-line"], **{"p.yaml": PROGRAM}))
    monkeypatch.chdir(tmp_path)
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    out = _Terminal()
    assert main(["check", "c.yaml"], out=out) == 1
    painted = "\x1b[1m\x1b[31m^^^^^^^^^ MKL006\x1b[0m" in out.getvalue()
    assert painted is not no_color
    assert ("\x1b[" in out.getvalue()) is not no_color
    plain = run_cli("check", "c.yaml", cwd=tmp_path)  # not a terminal: never coloured
    assert "\x1b[" not in plain.out


def test_a_huge_line_is_cut_before_it_is_measured():
    """A one-line file of megabytes (with wide characters, so no fast path applies): the frame
    looks only at the span's neighbourhood, and the carets stay under the span."""
    text = "\u00e9" * 2_000_000 + "TARGET" + "\u4e00" * 2_000_000
    lines = Frame([text], Span(1, 2_000_001, 1, 2_000_007)).render("X")
    shown, marks = lines[1], lines[2]
    start = shown.index("TARGET")
    assert marks[start:start + 6] == "^^^^^^" and marks[start + 6:] == " X"
    assert shown.startswith("1 | ...") and shown.endswith("...")
