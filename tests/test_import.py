"""``mkto-lint import``: saved Marketo responses in, definition files out (docs/import.md)."""

from __future__ import annotations

import json
import os

import pytest

from conftest import run_cli
from importer.sample_instance import FILLER, instance, raw_pages
from mkto_lint.importer import layout
from mkto_lint.importer.assets import Instance
from mkto_lint.importer.mapping import documents
from mkto_lint.importer.raw import Item, kind_of

# what the sample instance was built to show, and nothing else
EXPECTED = [
    ("Default/Operations/Routing/OP-Routing/Child - Notify CRM.campaign.yaml", "EXE003"),
    ("Default/Operations/Routing/OP-Routing/Child - Route by Country.campaign.yaml", "EXE001"),
    ("Default/Operations/Routing/OP-Routing/Child - Wait Then Route.campaign.yaml", "EXE002"),
    ("APAC/Regional/APAC-Nurture/APAC - Welcome.campaign.yaml", "EXE004"),
    ("Default/Operations/Scoring/OP-Scoring Library/Child - Change Score.campaign.yaml", "TOK007"),
]


def save(folder, pages):
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in pages.items():
        (folder / name).write_text(json.dumps(body, indent=2), encoding="utf-8")
    return folder


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def raw(tmp_path):
    return save(tmp_path / "raw", raw_pages())


def test_import_then_check_gives_exactly_the_findings_the_sample_shows(raw, tmp_path):
    run = run_cli("import", str(raw), "--out", "out", cwd=tmp_path)
    assert (run.code, run.err) == (0, ""), run
    assert run.out == ("imported 7 folders, 5 programs, %d campaigns, 1 smart list into out: 233 written, 0 unchanged, "
                       "0 removed; 1 campaign without exported flow steps (flowExported: false)\n" % (10 + FILLER))
    check = run_cli("check", "--format", "json", "out", cwd=tmp_path)
    found = sorted((f["path"][len("out/"):], f["code"]) for f in json.loads(check.out)["findings"])
    assert found == sorted(EXPECTED)
    assert check.code == 1


def test_the_dry_run_example_works_on_the_imported_sample(raw, tmp_path):
    assert run_cli("import", str(raw), "--out", "out", cwd=tmp_path).code == 0
    with_context = run_cli("resolve", "OP-Webinar 2026.Attended - Score", "--root", "out", cwd=tmp_path)
    assert with_context.out.endswith("Effects:\n  Behavior Score: +10 (0 -> 10)\n"), with_context
    without = run_cli("resolve", "2102", "--root", "out", cwd=tmp_path)
    assert without.out.endswith("Effects:\n  Behavior Score: +0 (0 -> 0)\n"), without


def test_a_second_import_changes_no_byte_and_no_mtime(raw, tmp_path):
    assert run_cli("import", str(raw), "--out", "out", cwd=tmp_path).code == 0
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (tmp_path / "out").rglob("*") if p.is_file()}
    again = run_cli("import", str(raw), "--out", "out", cwd=tmp_path)
    assert "0 written, 233 unchanged, 0 removed" in again.out
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert after == before


def test_files_are_recognised_by_content_not_by_name(raw, tmp_path):
    assert run_cli("import", str(raw), "--out", "a", cwd=tmp_path).code == 0
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    for n, path in enumerate(sorted(raw.iterdir(), reverse=True)):
        text = path.read_text(encoding="utf-8")
        if n % 3 == 0:  # Adobe's MCP tools: the JSON in a fenced block of Markdown
            (renamed / ("answer %03d.md" % n)).write_text("Here is the result:\n\n```json\n%s\n```\n" % text, encoding="utf-8")
        else:
            (renamed / ("response %03d.json" % n)).write_text(text, encoding="utf-8")
    assert run_cli("import", str(renamed), "--out", "b", cwd=tmp_path).code == 0
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


@pytest.mark.parametrize("body, message", [
    ({"success": False, "errors": [{"code": "606", "message": "Max rate limit '100' exceeded with in '20' secs"}],
      "requestId": "1#2"}, "Marketo refused this request: 606 Max rate limit '100' exceeded with in '20' secs (pull it again)"),
    ({"success": False, "errors": [{"code": "603", "message": "Access denied"}]}, "Marketo refused this request: 603 Access denied"),
    ({"access_token": "cdf01657-110d-4155-99a7-f986b2ff13a0:int", "token_type": "bearer", "expires_in": 3599},
     "an identity (OAuth token) answer, not an export: delete it"),
    ({"error": "invalid_client", "error_description": "Bad client credentials"}, "an identity (OAuth token) answer"),
    ("not json {", "neither JSON nor Markdown with a ```json block"),
    ({"hello": "world"}, "a JSON object that is not a Marketo response (no success/result)"),
])
def test_error_pages_stop_the_import_with_one_line(raw, tmp_path, body, message):
    (raw / "page.json").write_text(body if isinstance(body, str) else json.dumps(body), encoding="utf-8")
    run = run_cli("import", str(raw), "--out", "out", cwd=tmp_path)
    assert (run.code, run.out) == (2, "")
    assert run.err.count("\n") == 1 and run.err.startswith("mkto-lint: error: raw/page.json: "), run.err
    assert message in run.err
    assert "cdf01657" not in run.err  # a token is never repeated
    assert not (tmp_path / "out").exists()  # an incomplete export writes nothing


def test_the_no_assets_page_is_an_empty_page(raw, tmp_path):
    (raw / "smartLists-1.json").write_text(json.dumps(
        {"success": True, "errors": [], "requestId": "1", "warnings": ["No assets found for the given search criteria."]}))
    run = run_cli("import", str(raw), "--out", "out", cwd=tmp_path)
    assert run.code == 0 and "1 smart list into out" in run.out


def test_hand_written_files_are_never_replaced_and_stale_imports_are_removed(raw, tmp_path):
    out = tmp_path / "out"
    assert run_cli("import", str(raw), "--out", "out", cwd=tmp_path).code == 0
    mine = out / "Default" / "Operations" / "Alerts" / "Alert Ops.campaign.yaml"
    mine.write_text("# my own notes\nkind: Folder\npath: X\n", encoding="utf-8")
    stale = out / "Default" / "Old.campaign.yaml"
    stale.write_text((out / "Default" / "Operations" / "_folder.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    run = run_cli("import", str(raw), "--out", "out", cwd=tmp_path)
    assert run.code == 0
    assert "1 removed, 1 kept (not written by mkto-lint)" in run.out
    assert run.err == ("mkto-lint: note: Default/Operations/Alerts/Alert Ops.campaign.yaml: not written: the file is "
                       "not one mkto-lint import wrote\n")
    assert mine.read_text(encoding="utf-8").startswith("# my own notes")
    assert not stale.exists()


def _one_campaign(name, **extra):
    inst = instance()
    inst["campaigns"] = [dict(inst["campaigns"][0], name=name, **extra)]
    return inst


@pytest.mark.parametrize("name", ["../../../etc/passwd", "a/b\\c", "CON", "nul.txt", "x\x00y", "..", " . ", "\u202eevil"])
def test_asset_names_never_leave_the_output_folder(tmp_path, name):
    out = tmp_path / "out"
    run = run_cli("import", str(save(tmp_path / "raw", raw_pages(_one_campaign(name)))), "--out", "out", cwd=tmp_path)
    assert run.code == 0, run
    written = [p for p in tmp_path.rglob("*") if p.is_file() and "raw" not in p.relative_to(tmp_path).parts]
    assert written and all(p.resolve().is_relative_to(out.resolve()) for p in written)
    campaign = [p for p in written if p.name.endswith(".campaign.yaml")]
    assert len(campaign) == 1 and campaign[0].parent.name == "OP-Scoring Library"
    stem = campaign[0].name[: -len(".campaign.yaml")]
    assert stem.split(".")[0].lower() not in ("con", "nul") and "/" not in stem and "\x00" not in stem and stem.strip(". ")


def test_names_that_collide_get_their_ids():
    assets, _notes = documents(_instance_of(
        campaigns=[dict(instance()["campaigns"][0], id=1, name="Score"), dict(instance()["campaigns"][0], id=2, name="score")]))
    names = sorted(str(p) for p in layout.paths([a for a in assets if a.kind == "SmartCampaign"]).values())
    assert names == ["Default/Operations/Scoring/OP-Scoring Library/Score (SmartCampaign 1).campaign.yaml",
                     "Default/Operations/Scoring/OP-Scoring Library/score (SmartCampaign 2).campaign.yaml"]


def _instance_of(**records):
    base = instance()
    base.update(records)
    inst = Instance()
    for kind, key in (("workspace", "workspaces"), ("folder", "folders"), ("program", "programs"),
                      ("campaign", "campaigns"), ("smart list", "smart_lists")):
        for n, record in enumerate(base[key]):
            inst.add(Item(kind, record, "x.json", n))
    return inst


def test_executables_file_adds_and_corrects(raw, tmp_path):
    (tmp_path / "exec.txt").write_text("# executables the API cannot tell\nOP-Routing.Legacy - Old Routing\n!2001\n")
    run = run_cli("import", str(raw), "--out", "out", "--executables", "exec.txt", cwd=tmp_path)
    assert run.code == 0
    legacy = (tmp_path / "out/Default/Operations/Routing/OP-Routing/Legacy - Old Routing.campaign.yaml").read_text()
    child = (tmp_path / "out/Default/Operations/Scoring/OP-Scoring Library/Child - Change Score.campaign.yaml").read_text()
    assert "\nisExecutable: true\n" in legacy and "isExecutable: from --executables" in legacy
    assert "isExecutable: true" not in child and "isExecutable: from --executables" in child


@pytest.mark.parametrize("record, kind", [
    ({"id": 1, "globalViz": True, "name": "Default"}, "workspace"),
    ({"folder": {"type": "Program", "value": 1}, "tokens": []}, "tokens"),
    ({"id": 1, "smartListId": 2, "flowId": 3}, "campaign"),
    ({"id": 1, "rules": {}}, "smart list"),
    ({"id": 1, "url": "https://app/#SL1A1", "name": "L"}, "smart list"),
    ({"id": 1, "folderId": {"id": 1, "type": "Folder"}}, "folder"),
    ({"id": 1, "channel": "Webinar"}, "program"),
    ({"id": 1, "name": "x"}, None),
])
def test_records_are_told_by_their_keys(record, kind):
    assert kind_of(record) == kind


def test_documented_inconsistencies_are_normalised():
    base = instance()
    program = dict(base["programs"][1], type="Event with Webinar", folder={"id": 103, "type": "FOLDER"})
    campaign = dict(base["campaigns"][1], updatedAt="20160910T23:08:05.0t+0000", recurrence={
        "startAt": "2026-12-01T09:00:00-05:00", "intervalType": "Daily", "interval": 1})
    lists = dict(base["campaign_smart_lists"])
    lists[2101] = dict(lists[2101], rules={"filterMatchType": "Custom", "filterCustomRuleLogic": "1 or 2",
                                           "triggers": ["Person is Created"], "filters": base["campaign_smart_lists"][2204]["rules"]["filters"] * 2})
    inst = _instance_of(programs=[program], campaigns=[campaign], campaign_smart_lists=lists)
    for cid, record in lists.items():
        inst.add(Item("smart list", dict(record, id=50000 + cid), "x.json", 0))
    inst.campaigns[2101]["flow"] = {"steps": []}
    assets, _notes = documents(inst)
    prog = next(a.document for a in assets if a.kind == "Program" and a.id == 1101)
    assert (prog["type"], prog["folder"]) == ("event", "Events/Webinars")
    doc = next(a.document for a in assets if a.kind == "SmartCampaign" and a.id == 2101)
    assert doc["x-marketo"]["updatedAt"] == "2016-09-10T23:08:05Z"
    assert doc["schedule"] == {"runAt": "2026-12-01T09:00:00-05:00", "recurrence": {"intervalType": "Daily", "interval": 1}}
    smart = doc["smartList"]
    assert (smart["filterMatchType"], smart["filterLogic"], smart["triggers"]) == ("advanced", "1 or 2", [{"name": "Person is Created"}])
    assert smart["filters"][0]["isError"] is True and smart["filters"][0]["errorMessage"] == "This filter has missing information"


def test_raw_file_that_is_not_regular_is_refused(tmp_path):
    os.mkfifo(tmp_path / "pipe.json")
    run = run_cli("import", str(tmp_path / "pipe.json"), "--out", "out", cwd=tmp_path)
    assert run.code == 2 and "not a regular file" in run.err and run.err.count("\n") == 1
