"""REQ001-REQ003: the related locations (the golden files show only the main one), and that a
step aimed at an executable is reported once, by REQ003."""

from __future__ import annotations

import json

from conftest import run_cli, write_tree

PROJECT = """\
kind: Program
name: P
---
kind: SmartCampaign
name: Child
program: P
isExecutable: true
flow:
  - action: Send Alert
---
kind: SmartCampaign
name: No Trigger
program: P
smartList:
  triggers:
    - {name: Fills Out Form}
flow:
  - action: Send Alert
---
kind: SmartCampaign
name: Inactive
program: P
smartList:
  triggers:
    - {name: Fills Out Form}
    - {name: Campaign is Requested}
flow:
  - action: Send Alert
---
kind: SmartCampaign
name: Parent
program: P
smartList:
  filters:
    - {name: Email Address, operator: is not empty}
flow:
  - action: Request Campaign
    attributes: {campaign: Child}
  - action: Request Campaign
    attributes: {campaign: No Trigger}
  - action: Request Campaign
    attributes: {campaign: Inactive}
"""


def test_request_rules_related_locations_and_no_double_reports(tmp_path):
    write_tree(tmp_path, {"all.yaml": PROJECT})
    run = run_cli("check", "--select", "REQ", "--format", "json", "--root", str(tmp_path), str(tmp_path),
                  cwd=tmp_path)
    got = [(f["code"], f["line"], f["column"], [(r["line"], r["column"], r["message"]) for r in f["related"]])
           for f in json.loads(run.out)["findings"]]
    assert got == [
        ("REQ003", 38, 28, [(7, 15, '"P.Child" is executable')]),  # at isExecutable's value
        ("REQ001", 40, 28, [(16, 5, 'the smart list of "P.No Trigger"')]),  # at its triggers
        ("REQ002", 42, 28, [(26, 7, '"P.Inactive" is not active')]),  # at its Campaign is Requested
    ]
