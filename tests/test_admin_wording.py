"""What the parser says, and what a paste from Word does, in a Marketo admin's words.

One test per libyaml message that MKL001 rewrites (the cause in the message, the fix and the
parser's own words in the help), and one per look-alike character that makes a value wrong
(a score change, a campaign reference, a My Token): exact wording, line and column.
"""

from __future__ import annotations

import json

import pytest

from conftest import run_cli, write_tree

SYNTAX = {
    "tab-indentation": (
        "kind: Program\nname: P\nsmartList:\n\tfilters: []\n", (4, 1),
        "line 4 is indented with a tab; YAML needs spaces",
        "indent it with spaces (the parser says: found character that cannot start any token while scanning "
        "for the next token)"),
    "tab-indenting-a-comment": (
        "kind: Program\nname: P\n\t# a note\n", (3, 1),
        "line 3 is indented with a tab; YAML needs spaces",
        "indent it with spaces (the parser says: found a tab character that violates indentation while scanning "
        "a plain scalar)"),
    "tab-inside-a-line": (
        "kind: Program\nname: P\nsmartList:\n  filters:\n  -\t{name: X}\n", (5, 4),
        "line 5 has a tab where YAML allows only spaces",
        "replace the tab with a space (the parser says: found character that cannot start any token while "
        "scanning for the next token)"),
    "under-indented-line": (
        "kind: SmartCampaign\nname: C\nprogram: P\nflow:\n  - action: Send Email\n    attributes:\n"
        "      email: X\n     subject: Y\n", (8, 6),
        "line 8 is indented 5 spaces, like none of the keys above it",
        "indent it as far as the keys it belongs with (those from line 5 are indented 4) (the parser says: "
        "did not find expected key while parsing a block mapping)"),
    "under-indented-list-item": (
        "kind: SmartCampaign\nsmartList:\n  filters:\n    - name: A\n      operator: is\n     values: [1]\n",
        (6, 6),
        "line 6 is indented 5 spaces, like none of the list items above it",
        "indent it as far as the list items it belongs with (those from line 4 are indented 4) (the parser "
        "says: did not find expected '-' indicator while parsing a block collection)"),
    "over-indented-line": (
        "kind: Folder\npath: Operations/Archive\n  workspace: Default\n", (3, 12),
        'line 3 is indented more than the key above it, so its ":" cannot start a key',
        'line it up with the keys above, or quote a value that holds ": " (the parser says: mapping values '
        "are not allowed in this context)"),
    "unclosed-double-quote": (
        'kind: Program\nname: "P\ntype: default\n', (2, 7),
        'the quote " opened on line 2 is never closed',
        'add the closing " at the end of the value (the parser says: found unexpected end of stream while '
        "scanning a quoted scalar)"),
    "unclosed-single-quote": (
        "kind: Program\nname: 'P\ntype: default\n", (2, 7),
        "the quote ' opened on line 2 is never closed",
        "add the closing ' at the end of the value (the parser says: found unexpected end of stream while "
        "scanning a quoted scalar)"),
    "missing-colon": (
        "kind: Program\nname P\ntype: default\n", (2, 1),
        'line 2 has no ":" after its key ("name P")',
        'write "key: value", with a space after the colon (the parser says: could not find expected \':\' '
        "while scanning a simple key)"),
    "list-item-where-a-mapping-was-expected": (
        "kind: SmartCampaign\nname: C\nflow:\n  action: X\n  - action: Y\n", (5, 3),
        'line 5 is a list item ("- ") where a mapping (key: value) was expected',
        'remove the "- ", or put the list under a key of its own (the parser says: did not find expected key '
        "while parsing a block mapping)"),
}


def _findings(tmp_path, files):
    write_tree(tmp_path, files)
    run = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    assert run.err == "", run
    return json.loads(run.out)["findings"]


@pytest.mark.parametrize("name", sorted(SYNTAX))
def test_parser_messages_name_the_cause_and_the_fix(name, tmp_path):
    text, (line, column), message, help_text = SYNTAX[name]
    [finding] = _findings(tmp_path, {"p.yaml": text})
    assert (finding["code"], finding["line"], finding["column"]) == ("MKL001", line, column)
    assert finding["message"] == message
    assert finding["help"] == help_text


def test_an_unexplained_parser_message_is_kept_as_it_is(tmp_path):
    [finding] = _findings(tmp_path, {"p.yaml": "kind: Program\nname: [\n"})
    assert finding["message"] == "did not find expected node content (while parsing a flow node)"
    assert finding["help"] is None


def test_the_help_line_survives_the_worker_pool(tmp_path, monkeypatch):
    from mkto_lint.read import files

    monkeypatch.setattr(files, "POOL_MIN_FILES", 2)
    found = _findings(tmp_path, {"a.yaml": "kind: Program\nname P\n", "b.yaml": "kind: Program\nname: Q\n",
                                 "c.yaml": "kind: Program\nname: R\n"})
    assert [(f["path"], f["message"], f["help"][:9]) for f in found] == [
        ("a.yaml", 'line 2 has no ":" after its key ("name P")', 'write "ke')]


PASTED = "as text pasted from Word or Excel often does"
PROJECT = ("kind: Program\nname: OP\ntype: default\ntokens:\n  - {name: Webinar Name, type: text, value: X}\n---\n"
           "kind: SmartCampaign\nname: Follow Up\nprogram: OP\nisActive: true\n"
           "smartList:\n  triggers: [{name: Campaign is Requested}]\nflow:\n  - action: Send Email\n"
           "    attributes: {email: X}\n---\nkind: SmartCampaign\nname: Main\nprogram: OP\nflow:\n")


@pytest.mark.parametrize("step, code, message, help_text", [
    ('  - action: Change Score\n    attributes: {scoreName: Behavior Score, change: "\u20135"}\n', "TOK004",
     'Change Score change "\u20135" is not a score change: it holds an en dash \u2013 (U+2013) where a minus '
     "sign - belongs, " + PASTED,
     'Marketo does not change the score; type it again as "-5"'),
    ('  - action: Change Score\n    attributes: {scoreName: Behavior Score, change: "\uff0b5"}\n', "TOK004",
     'Change Score change "\uff0b5" is not a score change: it holds a full-width plus \uff0b (U+FF0B) where a '
     "plus sign + belongs, " + PASTED,
     'Marketo does not change the score; type it again as "+5"'),
    ("  - action: Request Campaign\n    attributes: {campaign: OP.Follow\u00a0Up}\n", "MKL006",
     'campaign "OP.Follow\u00a0Up" names no campaign in the project: it holds a non-breaking space (U+00A0) '
     "where a space belongs, " + PASTED,
     'type the name again as "OP.Follow Up"'),
    ("  - action: Request Campaign\n    attributes:\n      campaign: \u201cOP.Follow Up\u201d\n", "MKL006",
     'campaign "\u201cOP.Follow Up\u201d" names no campaign in the project: it holds a curly quote \u201c '
     "(U+201C) where a straight quote belongs and a curly quote \u201d (U+201D) where a straight quote "
     "belongs, " + PASTED,
     'type the name again as "OP.Follow Up"'),
    ("  - action: Request Campaign\n    attributes: {campaign: OP.Follow Up\u2019s}\n", "MKL006",
     'campaign "OP.Follow Up\u2019s" names no campaign in the project (did you mean "OP.Follow Up"?): it holds a curly apostrophe \u2019 '
     "(U+2019) where a straight apostrophe belongs, " + PASTED,
     "type the name again as \"OP.Follow Up's\""),
    ('  - action: Interesting Moment\n    attributes: {type: Milestone, description: "{{my.Webinar\u00a0Name}}"}\n',
     "TOK001",
     '{{my.Webinar\u00a0Name}} is not defined for "OP.Main": no My Token "Webinar\u00a0Name" in program OP; the '
     "name holds a non-breaking space (U+00A0) where a space belongs, " + PASTED,
     "Marketo sends it literally; define it on the program or a folder above it"),
], ids=["en-dash-in-a-score", "full-width-plus-in-a-score", "nbsp-in-a-campaign", "curly-quotes-around-a-campaign",
        "curly-apostrophe-in-a-campaign", "nbsp-in-a-my-token"])
def test_look_alike_characters_are_named_as_the_cause(tmp_path, step, code, message, help_text):
    found = [f for f in _findings(tmp_path, {"p.yaml": PROJECT + step}) if f["code"] == code]
    assert [(f["message"], f["help"]) for f in found] == [(message, help_text)]
