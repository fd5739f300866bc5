"""Generators of the adversarial corpus's large inputs.

Everything here is written to a temporary folder by the tests; nothing large is committed. Each
generator is deterministic (same arguments, same bytes) so a failure can be reproduced.
"""

from __future__ import annotations

import json

PROGRAM = "Bulk"


def campaign(i, program=PROGRAM, description_length=600):
    """A schema-valid batch campaign of about 1 KB (more with a longer description)."""
    return {
        "kind": "SmartCampaign",
        "id": 100_000 + i,
        "name": "Campaign %06d" % i,
        "program": program,
        "description": ("Bulk export, campaign %06d. " % i).ljust(description_length, "x"),
        "smartList": {
            "filterMatchType": "all",
            "filters": [{"name": "Email Address", "operator": "is not empty"}],
        },
        "flow": [
            {"action": "Change Data Value", "attributes": {"attribute": "Lead Status", "newValue": "MQL %d" % i}},
            {"action": "Interesting Moment", "attributes": {"type": "Milestone", "description": "step %d" % i}},
        ],
    }


def _bad_campaign(i):
    """The planted finding of the bulk files: a Wait whose duration is a number (MKL003)."""
    doc = campaign(i)
    doc["flow"].append({"action": "Wait", "attributes": {"duration": 5}})
    return doc


def _template(render, doc):
    """``render(doc)`` with the campaign number made a ``%(i)d``/``%(n)06d`` placeholder: the
    bulk generators format a template instead of serialising 100,000 documents."""
    text = render(doc).replace("%", "%%")
    text = text.replace(str(100_000 + _MARK), "%(id)d").replace("%06d" % _MARK, "%(n)06d")
    return text.replace(str(_MARK), "%(i)d")


_MARK = 42424  # as "%06d" 042424, as an id 142424, as "%d" 42424: three different texts


def bulk_json(path, size):
    """A JSON list of campaigns (a bulk export) of at least ``size`` bytes; the last campaign
    has a schema error. Written in pieces: the generator never holds the whole text."""
    template = _template(lambda d: json.dumps(d, indent=1), campaign(_MARK))
    one = len(template % {"n": 0, "i": 0, "id": 100_000}) + 2  # the shortest: at least ``size``
    count = size // one + 1
    with open(path, "w", encoding="utf-8") as out:
        out.write('[\n{"kind": "Program", "name": "%s"}' % PROGRAM)
        for i in range(count - 1):
            out.write(",\n")
            out.write(template % {"n": i, "i": i, "id": 100_000 + i})
        out.write(",\n")
        out.write(json.dumps(_bad_campaign(count - 1), indent=1))
        out.write("\n]\n")
    return count


def _yaml_campaign(doc):
    """Block-style YAML of one campaign document (the shape of ``campaign``)."""
    lines = [
        "kind: SmartCampaign",
        "id: %d" % doc["id"],
        "name: %s" % doc["name"],
        "program: %s" % doc["program"],
        "description: %s" % doc["description"],
        "smartList:",
        "  filterMatchType: all",
        "  filters:",
        "    - name: Email Address",
        "      operator: is not empty",
        "flow:",
    ]
    for step in doc["flow"]:
        lines.append("  - action: %s" % step["action"])
        lines.append("    attributes:")
        for k, v in step["attributes"].items():
            lines.append("      %s: %s" % (k, json.dumps(v)))
    return "\n".join(lines) + "\n"


def multi_document_yaml(path, size):
    """A multi-document YAML stream of campaigns of at least ``size`` bytes; the last one has a
    schema error."""
    template = _template(_yaml_campaign, campaign(_MARK))
    one = len(template % {"n": 0, "i": 0, "id": 100_000}) + 4  # the shortest: at least ``size``
    count = size // one + 1
    with open(path, "w", encoding="utf-8") as out:
        out.write("kind: Program\nname: %s\n" % PROGRAM)
        for i in range(count - 1):
            out.write("---\n")
            out.write(template % {"n": i, "i": i, "id": 100_000 + i})
        out.write("---\n")
        out.write(_yaml_campaign(_bad_campaign(count - 1)))
    return count


def alias_bomb(levels=9, width=10):
    """"Billion laughs": each anchor is a list of ``width`` aliases of the previous one, so the
    last expands to width ** levels nodes while the text stays a few hundred bytes."""
    lines = ["kind: Program", "name: Bomb", "x-lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append("x-lol%d: &a%d [%s]" % (i, i, ", ".join(["*a%d" % (i - 1)] * width)))
    return "\n".join(lines) + "\n"


def deep_yaml(depth, style):
    """A Program whose ``x-deep`` value is nested ``depth`` levels deep.

    styles: ``flow-list`` ``[[[...]]]``, ``flow-map`` ``{a: {a: ...}}``, ``block-list``
    ``- - - x`` (compact), ``block-map`` (indented mappings).
    """
    head = "kind: Program\nname: Deep\nx-deep: "
    if style == "flow-list":
        return head + "[" * depth + "]" * depth + "\n"
    if style == "flow-map":
        return head + "{a: " * depth + "x" + "}" * depth + "\n"
    if style == "block-list":
        return head + "\n" + "- " * depth + "x\n"
    if style == "block-map":
        parts = [head.rstrip(" ")]
        for level in range(depth):
            parts.append(" " * (level + 1) + "a:")
        parts[-1] += " x"
        return "\n".join(parts) + "\n"
    raise ValueError(style)


def deep_json(depth, style):
    """The JSON twin of ``deep_yaml`` (styles ``list`` and ``map``)."""
    if style == "list":
        inner = "[" * depth + "]" * depth
    else:
        inner = '{"a": ' * depth + "1" + "}" * depth
    return '{"kind": "Program", "name": "Deep", "x-deep": %s}\n' % inner


def long_line(length=1_000_000):
    """A Program whose description is one ``length``-character line, with a schema error after
    it on the same line (JSON) so that the column is over a million."""
    text = "x" * length
    yaml_text = "kind: Program\nname: Long\ndescription: \"%s\"\ntype: webinar\n" % text
    json_text = '{"kind": "Program", "name": "Long", "description": "%s", "type": "webinar"}\n' % text
    return yaml_text, json_text


def many_steps(steps=10_000):
    """A campaign with ``steps`` flow steps, alternating Execute Campaign (of one executable,
    passing its token context) and a Wait of "4 hrs" (FLW001 each)."""
    parts = ["kind: SmartCampaign\nname: Long Flow\nprogram: Steps\nflow:\n"]
    for i in range(steps // 2):
        parts.append("  - action: Execute Campaign\n    attributes: {campaign: Steps.Child, useParentTokenContext: true}\n")
        parts.append("  - action: Wait\n    attributes: {duration: 4 hrs}\n")
    return {
        "program.yaml": "kind: Program\nname: Steps\ntokens:\n  - {name: Score, type: score, value: \"+5\"}\n",
        "long-flow.yaml": "".join(parts),
        "child.yaml": "kind: SmartCampaign\nname: Child\nprogram: Steps\nisExecutable: true\n"
                      "smartList:\n  filters:\n    - {name: Email Address, operator: is not empty}\n"
                      "flow:\n  - action: Change Score\n    attributes: {scoreName: Behavior Score, change: \"{{my.Score}}\"}\n",
    }


def many_callers(callers=50_000):
    """``callers`` batch campaigns that each execute one executable, as one bulk JSON export.

    Every caller passes its token context; the executable uses ``{{my.Level}}``, which only
    the executable's own program defines, and ``{{my.Missing}}``, which nobody defines: one
    TOK001 (naming the callers) and nothing per caller."""
    docs = [
        {"kind": "Program", "name": "Shared", "tokens": [{"name": "Level", "type": "text", "value": "gold"}]},
        {"kind": "Program", "name": "Callers"},
        {"kind": "SmartCampaign", "id": 1, "name": "Child", "program": "Shared", "isExecutable": True,
         "smartList": {"filters": [{"name": "Email Address", "operator": "is not empty"}]},
         "flow": [{"action": "Change Data Value",
                   "attributes": {"attribute": "Level", "newValue": "{{my.Level}} {{my.Missing}}"}}]},
    ]
    for i in range(callers):
        docs.append({
            "kind": "SmartCampaign", "id": 10 + i, "name": "Caller %05d" % i, "program": "Callers",
            "smartList": {"filters": [{"name": "Email Address", "operator": "is not empty"}]},
            "flow": [{"action": "Execute Campaign", "attributes": {"campaign": 1, "useParentTokenContext": True}}],
        })
    return {"export.json": json.dumps(docs, indent=None, separators=(",", ":")).replace('},{"kind"', '},\n{"kind"')}
