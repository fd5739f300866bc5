"""Terminal and CI-log injection: what comes from the user's files is printed with its control
characters escaped visibly, in every text-like output (hardening item 2).

Each kind of dangerous character is put into a program name, a campaign reference and a My
Token value, the three places the example instance's messages and traces quote; every format of
``check`` and every output of ``resolve`` is then read back. In text-like outputs no line holds
a raw control, line-separator or bidi character, and a GitHub Actions runner would see exactly
one workflow command per finding; the JSON formats stay valid JSON with the exact strings.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import run_cli

KINDS = {
    "line-feed": "\n",
    "carriage-return": "\r",
    "escape": "\x1b",
    "bell": "\x07",
    "tab": "\t",
    "delete": "\x7f",
    "c1-next-line": "\x85",
    "c1-csi": "\x9b",
    "line-separator": "\u2028",
    "paragraph-separator": "\u2029",
    "right-to-left-override": "\u202e",
    "first-strong-isolate": "\u2068",
}
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _yaml_escape(text):
    return "".join(ch if ch.isprintable() else "\\u%04x" % ord(ch) for ch in text)


def _project(tmp_path, ch):
    """A program, a caller and a token whose names and value hold ``ch`` next to the text an
    attacker would want a terminal or a runner to obey."""
    evil = "Evil%s::error file=x.yaml::fake%s\x1b[2J" % (ch, ch)
    program = _yaml_escape("OP-" + evil)
    (tmp_path / "p.yaml").write_text(
        "kind: Program\n"
        'name: "%s"\n'
        "tokens:\n"
        '  - {name: Score, type: score, value: "%s"}\n'
        "---\n"
        "kind: SmartCampaign\n"
        'name: "%s"\n'
        'program: "%s"\n'
        "smartList:\n"
        "  triggers:\n"
        "    - name: Campaign is Requested\n"
        "flow:\n"
        "  - action: Execute Campaign\n"
        "    attributes:\n"
        '      campaign: "%s"\n'
        "  - action: Change Score\n"
        "    attributes:\n"
        "      scoreName: Behavior Score\n"
        '      change: "{{my.Score}}"\n'
        % (program, _yaml_escape("+5" + ch + "::add-mask::secret"), _yaml_escape("Caller" + ch + "::stop-commands::z"),
           program, _yaml_escape("Nowhere" + ch + "::error::fake")),
        encoding="utf-8")
    return "OP-" + evil, "Caller" + ch + "::stop-commands::z"


def _assert_inert(text):
    for number, line in enumerate(text.split("\n"), 1):
        assert not UNSAFE.search(line), "line %d holds a raw control character: %r" % (number, line)


@pytest.fixture(params=sorted(KINDS))
def project(request, tmp_path):
    program, campaign = _project(tmp_path, KINDS[request.param])
    return tmp_path, program, campaign


@pytest.mark.parametrize("fmt", ["full", "concise", "github", "junit"])
def test_text_like_reports_escape_controls(project, fmt):
    root, _program, _campaign = project
    run = run_cli("check", "--format", fmt, ".", cwd=root)
    assert run.code == 1, run
    _assert_inert(run.out)
    _assert_inert(run.err)
    assert "\\x1b[2J" in run.out  # shown, not obeyed
    if fmt == "github":  # one workflow command per finding, none smuggled in by a name
        commands = [line for line in run.out.split("\n") if line.startswith("::")]
        assert [c.split(" ", 1)[0] for c in commands] == ["::error", "::error"]
    if fmt == "concise":
        assert run.out.count("\n") == 3  # two findings and the summary: nothing broke a line
    if fmt == "junit":
        ET.fromstring(run.out)


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_json_reports_stay_exact_and_valid(project, fmt):
    root, program, _campaign = project
    run = run_cli("check", "--format", fmt, ".", cwd=root)
    assert run.code == 1, run
    assert not re.search("[\x00-\x09\x0b-\x1f]", run.out)  # JSON escapes C0 itself
    exact = program.split("[")[0]  # SARIF escapes brackets in messages with links
    assert any(exact in text for text in _strings(json.loads(run.out)))  # the exact name, for programs


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_resolve_trace_escapes_controls(project):
    root, program, campaign = project
    run = run_cli("resolve", "%s.%s" % (program, campaign), cwd=root)
    assert run.code == 0, run
    _assert_inert(run.out)
    assert "\\x1b[2J" in run.out
    assert run.out.startswith('Dry run of "OP-Evil')


def test_resolve_all_and_json_trace(project):
    root, program, campaign = project
    run = run_cli("resolve", "--all", cwd=root)
    assert run.code == 0, run
    _assert_inert(run.out)
    assert run.out.endswith("1 campaign resolved\n")
    run = run_cli("resolve", "--all", "--format", "json", cwd=root)
    assert not re.search("[\x00-\x09\x0b-\x1f]", run.out)
    (trace,) = json.loads(run.out)["runs"]
    assert trace["campaign"]["name"] == "%s.%s" % (program, campaign)  # exact, for programs


def test_error_messages_on_stderr_escape_controls(project):
    root, program, _campaign = project
    run = run_cli("resolve", program + ".Calle", cwd=root)  # a typo: "did you mean" quotes the real name
    assert run.code == 2
    _assert_inert(run.err)
    assert run.err.count("\n") == 1 and "did you mean" in run.err


# -- a lone surrogate (JSON's "\ud800") in a name: every writer escapes it (hardening item 12) --
SURROGATE = {"p.json": '[{"kind": "Program", "name": "P"}, {"kind": "SmartCampaign", "name": "C", "program": "P",'
                       ' "smartList": {"triggers": [{"name": "Campaign is Requested"}]},'
                       ' "flow": [{"action": "Execute Campaign", "attributes": {"campaign": "P.Gone\\ud800"}}]}]\n'}


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab", "junit", "text", "github"])
def test_a_lone_surrogate_reaches_every_writer_escaped(tmp_path, fmt):
    from conftest import run_process, write_tree

    write_tree(tmp_path, SURROGATE)
    args = ("check", "--format", fmt, ".") + (() if fmt == "github" else ("--output", "report.out"))
    run = run_process(*args, cwd=tmp_path)
    assert run.code == 1 and "Traceback" not in run.err and "internal error" not in run.err, run
    text = run.out if fmt == "github" else (tmp_path / "report.out").read_text(encoding="utf-8")
    assert "\\ud800" in text  # shown as its escape, in JSON the same escape
    if fmt in ("json", "sarif", "gitlab"):
        assert any("Gone\ud800" in s for s in _strings(json.loads(text)))  # read back, the exact name


def test_a_lone_surrogate_in_a_baseline(tmp_path):
    from conftest import run_process, write_tree

    write_tree(tmp_path, SURROGATE)
    run = run_process("check", "--write-baseline", "base/line.json", ".", cwd=tmp_path)
    assert (run.code, run.err) == (0, "mkto-lint: wrote 1 fingerprint of 1 finding to base/line.json\n"), run
    assert run_process("check", "--baseline", "base/line.json", ".", cwd=tmp_path).code == 0
