"""The same folder path in two workspaces is two folders, and a campaign may sit in a plain
folder outside any program (both come from imported instances)."""

from __future__ import annotations

from conftest import run_cli, write_tree

PROJECT = {"a.yaml": """\
kind: Folder
path: Operations
workspace: Default
tokens: [{name: Region, type: text, value: EMEA}]
---
kind: Folder
path: Operations
workspace: APAC
tokens: [{name: Region, type: text, value: APAC}]
---
kind: Program
name: P-Default
folder: Operations
workspace: Default
---
kind: Program
name: P-APAC
folder: Operations
workspace: APAC
---
kind: SmartCampaign
name: C
program: P-APAC
smartList: {triggers: [{name: Campaign is Requested}]}
flow:
  - action: Change Data Value
    attributes: {attribute: Region, newValue: "{{my.Region}}"}
---
kind: SmartCampaign
name: C
program: P-Default
smartList: {triggers: [{name: Campaign is Requested}]}
flow:
  - action: Change Data Value
    attributes: {attribute: Region, newValue: "{{my.Region}}"}
---
kind: SmartCampaign
name: Alert Ops
folder: Operations
workspace: APAC
smartList: {triggers: [{name: Campaign is Requested}]}
flow:
  - action: Change Data Value
    attributes: {attribute: Region, newValue: "{{my.Region}}"}
"""}


def test_each_workspace_has_its_own_folder_and_tokens(tmp_path):
    write_tree(tmp_path, PROJECT)
    assert run_cli("check", ".", cwd=tmp_path).out == "0 errors, 0 warnings in 1 file\n"
    apac = run_cli("resolve", "P-APAC.C", cwd=tmp_path).out
    default = run_cli("resolve", "P-Default.C", cwd=tmp_path).out
    assert '{{my.Region}} = "APAC" <- folder Operations (inherited)' in apac
    assert '{{my.Region}} = "EMEA" <- folder Operations (inherited)' in default


def test_a_campaign_of_a_plain_folder_sees_its_folder_and_is_named_by_its_path(tmp_path):
    write_tree(tmp_path, PROJECT)
    run = run_cli("resolve", "Operations/Alert Ops", cwd=tmp_path)
    assert run.code == 0, run
    assert run.out.startswith('Dry run of "Operations/Alert Ops"')
    assert '{{my.Region}} = "APAC" <- folder Operations (inherited)' in run.out


def test_a_campaign_needs_a_program_or_a_folder(tmp_path):
    write_tree(tmp_path, {"c.yaml": "kind: SmartCampaign\nname: Lost\nflow: [{action: Send Alert}]\n"})
    run = run_cli("check", ".", cwd=tmp_path)
    assert run.out.splitlines()[0] == 'c.yaml:1:1: MKL003 [error] missing required key "program" (schema-violation)'
