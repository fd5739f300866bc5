"""A sample Marketo instance, as its REST API returns it (shapes from docs/import.md).

Built to show, once imported and checked: EXE002 (a Wait in an executable), EXE003 (a webhook
in an executable), EXE004 (a call across workspaces), EXE001 (a filter Marketo marks
``isError`` in an executable's smart list), the token example of Adobe's Execute Campaign page
(the child's ``+0``, the caller's ``+10`` passed with its context: TOK007 says the caller's
value wins), a campaign in a plain folder, one whose flow the API did not return, and 210
filler campaigns so that campaign pages (200 at most) are paged. Nothing else is wrong.
``instance()`` returns the records; ``tests/importer/server.py`` serves them.
"""

from __future__ import annotations

BASE = "https://123-ABC-456.mktorest.com"
APP = "https://app-ab12.marketo.com"
STAMP = "2026-11-02T10:15:00Z+0000"
FILLER = 210


def _folder(fid, name, path, parent, ws, folder_type="Marketing Folder", kind="Folder"):
    return {"id": fid, "name": name, "description": "", "createdAt": STAMP, "updatedAt": STAMP,
            "url": "%s/#MF%d" % (APP, fid) if kind == "Folder" else "%s/#PG%d" % (APP, fid),
            "folderId": {"id": fid, "type": kind}, "folderType": folder_type,
            "parent": {"id": parent, "type": "Folder"} if parent else None, "path": path,
            "isArchive": False, "isSystem": False, "accessZoneId": 1, "workspace": ws}


def _program(pid, name, ptype, folder, ws, folder_shape="value"):
    ref = {"type": "Folder", "value": folder, "folderName": "x"} if folder_shape == "value" else {"id": folder, "type": "Folder"}
    return {"id": pid, "name": name, "description": "", "createdAt": STAMP, "updatedAt": STAMP,
            "url": "%s/#PG%d" % (APP, pid), "type": ptype, "channel": "Operational", "folder": ref,
            "status": "", "workspace": ws}


def _campaign(cid, name, program, ws, ctype="batch", active=False, folder=None, description=""):
    record = {"id": cid, "name": name, "description": description, "createdAt": STAMP, "updatedAt": STAMP,
              "folder": folder or {"id": program, "type": "Program"}, "status": "Active" if active else "Never Run",
              "type": ctype, "isSystem": False, "isActive": active, "isRequestable": False,
              "isCommunicationLimitEnabled": False, "recurrence": {"weekdayOnly": False},
              "qualificationRuleType": "any" if ctype == "batch" else "once", "workspace": ws,
              "smartListId": 50000 + cid, "flowId": 60000 + cid,
              "computedUrl": "%s/#SC%dA1" % (APP, cid)}
    if program is not None:
        record["parentProgramId"] = program
    return record


def _attr(aid, name, value, primary=False, data_type="string"):
    return {"id": aid, "activityTypeAttribId": aid, "name": name, "dataType": data_type, "value": value,
            "primary": primary}


def _step(sid, type_id, name, *attributes):
    return {"id": sid, "activityTypeId": type_id, "activityTypeName": name,
            "stepChoice": [{"id": sid * 10, "default": True, "attributes": list(attributes)}]}


def _execute(sid, target, context):
    return _step(sid, 0, "Execute Campaign", _attr(1, "Executed Campaign", target, primary=True),
                 _attr(2, "Use Parent Campaign Token Context", "true" if context else "false", data_type="boolean"))


def _filter(fid, name, operator, values, *, error=None, rule_type="Attribute"):
    condition = {"attributeId": fid, "attributeName": name, "operator": operator, "values": values, "isPrimary": True}
    if error:
        condition.update(isError=True, errorMessage=error)
    return {"id": fid, "name": name, "ruleTypeId": 1000 + fid, "ruleType": rule_type, "operator": operator,
            "conditions": [condition]}


def _list(lid, name, owner, ws, filters, triggers=(), match="all"):
    return {"id": lid, "name": name, "description": "", "createdAt": STAMP, "updatedAt": STAMP,
            "url": "%s/#SL%dA1" % (APP, lid), "folder": owner, "workspace": ws,
            "rules": {"filterMatchType": match, "triggers": list(triggers), "filters": list(filters)}}


def _requested_trigger():
    return {"id": 1, "name": "Campaign is Requested", "ruleTypeId": 1001, "ruleType": "Activity",
            "conditions": [{"activityAttributeId": 2, "activityAttributeName": "Source", "operator": "is",
                            "values": ["Marketo Flow Action"], "isPrimary": True}]}


def instance() -> dict:
    """The sample instance's records, by the kind of call that returns them."""
    folders = [
        _folder(14, "Default", "/Marketing Activities/Default", None, "Default", "Zone"),
        _folder(15, "APAC", "/Marketing Activities/APAC", None, "APAC", "Zone"),
        _folder(100, "Operations", "/Marketing Activities/Default/Operations", 14, "Default"),
        _folder(101, "Scoring", "/Marketing Activities/Default/Operations/Scoring", 100, "Default"),
        _folder(104, "Routing", "/Marketing Activities/Default/Operations/Routing", 100, "Default"),
        _folder(106, "Alerts", "/Marketing Activities/Default/Operations/Alerts", 100, "Default"),
        _folder(102, "Events", "/Marketing Activities/Default/Events", 14, "Default"),
        _folder(103, "Webinars", "/Marketing Activities/Default/Events/Webinars", 102, "Default"),
        _folder(200, "Regional", "/Marketing Activities/APAC/Regional", 15, "APAC"),
        # folder browses list programs too
        _folder(1001, "OP-Scoring Library", "/Marketing Activities/Default/Operations/Scoring/OP-Scoring Library",
                101, "Default", "Marketing Program", kind="Program"),
    ]
    programs = [
        _program(1001, "OP-Scoring Library", "Default", 101, "Default"),
        _program(1101, "OP-Webinar 2026", "Event", 103, "Default"),
        _program(1201, "OP-Routing", "program", 104, "Default", folder_shape="id"),  # the swagger's spellings
        _program(1301, "APAC-Nurture", "nurture", 200, "APAC"),
        _program(1401, "OP-Filler", "Default", 100, "Default"),
    ]
    tokens = {
        ("Program", 1001): [{"name": "Score", "type": "score", "value": "+0", "computedUrl": APP + "/#PG1001"}],
        ("Program", 1101): [{"name": "Score", "type": "score", "value": "+10", "computedUrl": APP + "/#PG1101"},
                            {"name": "Webinar Name", "type": "text", "value": "Marketo Masters 2026"}],
        ("Folder", 100): [{"name": "Ops Team", "type": "text", "value": "ops@example.com"}],
    }
    campaigns = [
        _campaign(2001, "Child - Change Score", 1001, "Default", description="Shared scoring flow."),
        _campaign(2101, "Attended - Score", 1101, "Default", "trigger", active=True),
        _campaign(2102, "Registered - Score", 1101, "Default", "trigger", active=True),
        _campaign(2201, "Child - Wait Then Route", 1201, "Default"),
        _campaign(2202, "New Lead - Route", 1201, "Default", "trigger", active=True),
        _campaign(2203, "Child - Notify CRM", 1201, "Default"),
        _campaign(2204, "Child - Route by Country", 1201, "Default"),
        _campaign(2301, "APAC - Welcome", 1301, "APAC", "trigger", active=True),
        _campaign(2401, "Alert Ops", None, "Default", folder={"id": 106, "type": "Folder"}),
        _campaign(2501, "Legacy - Old Routing", 1201, "Default"),
    ] + [_campaign(3000 + n, "Filler %03d" % n, 1401, "Default") for n in range(FILLER)]
    flows = {
        2001: {"steps": [_step(1, 22, "Change Score", _attr(11, "Score Name", "Behavior Score", primary=True),
                               _attr(12, "Change", "{{my.Score}}"))]},
        2101: {"steps": [_execute(1, "OP-Scoring Library.Child - Change Score", True)]},
        2102: {"steps": [_execute(1, "2001", False)]},
        2201: {"steps": [_step(1, 0, "Wait", _attr(101, "Duration", "1 day", primary=True)),
                         _step(2, 13, "Change Data Value", _attr(21, "Attribute", "Lead Status", primary=True),
                               _attr(22, "New Value", "Routed"))]},
        2202: {"steps": [_execute(1, "OP-Routing.Child - Wait Then Route", False),
                         _execute(2, "OP-Routing.Child - Notify CRM", False),
                         _execute(3, "OP-Routing.Child - Route by Country", False)]},
        2203: {"steps": [_step(1, 110, "Call Webhook", _attr(31, "Webhook", "CRM Notify", primary=True))]},
        2204: {"steps": [_step(1, 13, "Change Data Value", _attr(21, "Attribute", "Region", primary=True),
                               _attr(22, "New Value", "EMEA"))]},
        2301: {"steps": [_execute(1, "OP-Scoring Library.Child - Change Score", True)]},
        2401: {"steps": [_step(1, 13, "Change Data Value", _attr(21, "Attribute", "Lead Status", primary=True),
                               _attr(22, "New Value", "Alerted"))]},
    }
    for n in range(FILLER):
        flows[3000 + n] = {"steps": [_step(1, 13, "Change Data Value", _attr(21, "Attribute", "Segment", primary=True),
                                           _attr(22, "New Value", "Filler"))]}
    email_known = _filter(1, "Email Address", "is not empty", [])
    campaign_lists = {
        2001: _list(52001, "Child - Change Score", {"id": 1001, "type": "Program"}, "Default",
                    [_filter(1, "Member of Smart List", "in", ["OP-Scoring Library.Scoring Eligible"], rule_type="Activity")]),
        2101: _list(52101, "Attended - Score", {"id": 1101, "type": "Program"}, "Default", [], triggers=[
            {"id": 1, "name": "Program Status is Changed", "ruleTypeId": 1104, "ruleType": "Activity",
             "conditions": [{"activityAttributeId": 3, "activityAttributeName": "New Status", "operator": "is",
                             "values": ["Webinar > Attended"], "isPrimary": True}]}]),
        2102: _list(52102, "Registered - Score", {"id": 1101, "type": "Program"}, "Default", [], triggers=[
            {"id": 1, "name": "Program Status is Changed", "ruleTypeId": 1104, "ruleType": "Activity",
             "conditions": [{"activityAttributeId": 3, "activityAttributeName": "New Status", "operator": "is",
                             "values": ["Webinar > Registered"], "isPrimary": True}]}]),
        2201: _list(52201, "Child - Wait Then Route", {"id": 1201, "type": "Program"}, "Default", [email_known]),
        2202: _list(52202, "New Lead - Route", {"id": 1201, "type": "Program"}, "Default", [], triggers=["Person is Created"]),
        2203: _list(52203, "Child - Notify CRM", {"id": 1201, "type": "Program"}, "Default", [email_known]),
        2204: _list(52204, "Child - Route by Country", {"id": 1201, "type": "Program"}, "Default",
                    [_filter(2, "Country", "is", [], error="This filter has missing information")]),
        2301: _list(52301, "APAC - Welcome", {"id": 1301, "type": "Program"}, "APAC", [], triggers=["Person is Created"]),
        2401: _list(52401, "Alert Ops", {"id": 106, "type": "Folder"}, "Default", [email_known]),
        2501: _list(52501, "Legacy - Old Routing", {"id": 1201, "type": "Program"}, "Default", [email_known]),
    }
    for n in range(FILLER):
        campaign_lists[3000 + n] = _list(53000 + n, "Filler %03d" % n, {"id": 1401, "type": "Program"}, "Default",
                                         [email_known])
    smart_lists = [
        _list(3001, "Scoring Eligible", {"id": 1001, "type": "Program"}, "Default",
              [email_known, _filter(2, "Unsubscribed", "is false", [])]),
    ]
    workspaces = [
        {"id": 1, "name": "Default", "description": "", "globalViz": True, "status": "active",
         "currencyInfo": {"currencyCode": "USD"}, "createdAt": "20160910T23:08:05.0t+0000",
         "updatedAt": "20160910T23:08:05.0t+0000"},
        {"id": 1001, "name": "APAC", "description": "", "globalViz": False, "status": "active",
         "currencyInfo": {"currencyCode": "USD"}, "createdAt": "20160910T23:08:05.0t+0000",
         "updatedAt": "20160910T23:08:05.0t+0000"},
    ]
    return {"workspaces": workspaces, "folders": folders, "programs": programs, "tokens": tokens,
            "campaigns": campaigns, "flows": flows, "campaign_smart_lists": campaign_lists,
            "smart_lists": smart_lists}


def raw_pages(inst: dict | None = None) -> dict[str, object]:
    """The instance as saved responses (file name -> JSON body), pages of 200 as a pull saves
    them: what a user who saved the API's answers by hand would have."""
    inst = inst or instance()

    def envelope(result, n=0):
        body = {"success": True, "errors": [], "requestId": "%04x#%x" % (n, 1700000000 + n), "warnings": []}
        if result:
            body["result"] = result
        else:
            body["warnings"] = ["No assets found for the given search criteria."]
        return body

    pages: dict[str, object] = {"workspaces.json": inst["workspaces"]}
    pages["folders.json"] = envelope(inst["folders"], 1)
    pages["programs.json"] = envelope(inst["programs"], 2)
    for (kind, oid), tokens in sorted(inst["tokens"].items()):
        pages["tokens-%s-%d.json" % (kind.lower(), oid)] = envelope(
            [{"folder": {"type": kind, "value": oid}, "tokens": tokens}], 3)
    campaigns = inst["campaigns"]
    for page, start in enumerate(range(0, len(campaigns) + 1, 200)):
        pages["smartCampaigns-%d.json" % page] = envelope(campaigns[start:start + 200], 4 + page)
    for record in campaigns:
        cid = record["id"]
        full = dict(record)
        if cid in inst["flows"]:
            full["flow"] = inst["flows"][cid]
        pages["smartCampaign-%d.json" % cid] = envelope([full], cid)
        if cid in inst["campaign_smart_lists"]:
            pages["smartCampaign-%d-smartList.json" % cid] = envelope([inst["campaign_smart_lists"][cid]], cid)
    pages["smartLists.json"] = envelope(inst["smart_lists"], 9)
    return pages


__all__ = ["instance", "raw_pages", "FILLER"]
