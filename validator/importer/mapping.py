"""From the merged instance to mkto-lint documents, one per asset.

Follows docs/import.md ("Mapping"): folder paths without ``Marketing Activities`` and the
workspace, program types in mkto-lint's words, campaigns joined to their program (or plain
folder) and smart list, flows mapped by ``flow``, smart-list rules by ``smartlist``. What the API
does not tell is said, not guessed: ``isExecutable`` is inferred for every Execute Campaign
target (``x-marketo.isExecutable`` says so) and ``--executables`` adds to or corrects it; a
campaign exported without its flow is ``flowExported: false``, never an empty flow. Marketo's
own fields that the format has no place for (status, urls, dates, rule and step ids) are kept
under ``x-marketo``.
"""

from __future__ import annotations

from mkto_lint.importer import flow as flow_map
from mkto_lint.importer import smartlist
from mkto_lint.importer.assets import Instance, ref_id, ref_type, same_type
from mkto_lint.importer.values import boolean, datetime_text
from mkto_lint.record import Record

ROOT_FOLDER = "Marketing Activities"
_PROGRAM_TYPES = {"default": "default", "program": "default", "marketing program": "default", "event": "event",
                  "marketing event": "event", "event with webinar": "event", "webinar": "event", "email": "email",
                  "email batch program": "email", "email program": "email", "engagement": "engagement",
                  "nurture": "engagement", "nurture program": "engagement"}
_TOKEN_KEYS = ("name", "type", "value")


class Asset(Record):
    """A document to write: ``kind``, the document, its workspace, folder path (a list of
    names), program name (or None) and Marketo id."""

    __slots__ = ("kind", "document", "workspace", "folder", "program", "id")


class Executables(Record):
    """``--executables``: campaigns to mark executable (``add``) or not (``remove``), by id or
    "Program.Campaign" name."""

    __slots__ = ("add", "remove")


def documents(inst: Instance, executables: Executables | None = None) -> tuple[list[Asset], list[str]]:
    """(every asset as a document, notes for the user)."""
    notes = list(inst.warnings)
    workspaces = {w.get("name") for w in inst.workspaces.values() if w.get("name")}
    paths = _folder_paths(inst, workspaces)
    out: list[Asset] = []
    for fid in sorted(paths):
        ws, path = paths[fid]
        record = inst.folders[fid]
        doc = {"kind": "Folder", "path": "/".join(path)}
        if ws:
            doc["workspace"] = ws
        tokens = _tokens(inst.tokens.get(("folder", fid)))
        if tokens:
            doc["tokens"] = tokens
        doc["x-marketo"] = _provenance(record, fid)
        out.append(Asset("Folder", doc, ws, path, None, fid))
    programs = {}
    for pid in inst.program_ids():
        record = inst.program(pid)
        name = str(record.get("name") or "Program %d" % pid)
        folder_ref = record.get("folder") or record.get("parent")
        ws, path = paths.get(ref_id(folder_ref), (record.get("workspace"), []))
        ws = record.get("workspace") or ws
        programs[pid] = (name, ws, path)
        doc = {"kind": "Program", "id": pid, "name": name}
        if path:
            doc["folder"] = "/".join(path)
        if ws:
            doc["workspace"] = ws
        ptype = _PROGRAM_TYPES.get(str(record.get("type") or "").strip().lower())
        if ptype:
            doc["type"] = ptype
        elif record.get("type"):
            notes.append('program "%s": type %r is not one mkto-lint knows; left out (default)' % (name, record["type"]))
        tokens = _tokens(inst.tokens.get(("program", pid)))
        if tokens:
            doc["tokens"] = tokens
        doc["x-marketo"] = _provenance(record, pid, ("type", "channel", "status"))
        out.append(Asset("Program", doc, ws, path, name, pid))
    list_ids = _list_ids(inst, programs)
    owned_lists = {ref_id(c.get("smartListId")) for c in inst.campaigns.values()}
    campaigns = [_campaign(inst, cid, programs, paths, list_ids, notes) for cid in sorted(inst.campaigns)]
    _mark_executables(campaigns, executables, notes)
    out.extend(campaigns)
    for lid in sorted(inst.smart_lists):
        if lid in owned_lists:
            continue
        out.append(_smart_list(inst.smart_lists[lid], lid, programs, paths, list_ids))
    return out, notes


def _folder_paths(inst: Instance, workspaces) -> dict[int, tuple]:
    """folder id -> (workspace, path names) for the folders that become Folder documents."""
    out = {}
    for fid, record in inst.folders.items():
        if str(record.get("folderType") or "").strip().lower() == "zone":
            continue  # a workspace's root
        if same_type(ref_type(record.get("parent")), "program"):
            continue  # a folder inside a program: its campaigns belong to the program
        ws = record.get("workspace")
        parts = _path_parts(record, inst)
        if parts and parts[0] == ROOT_FOLDER:
            parts = parts[1:]
        if parts and ws and (parts[0] == ws or parts[0] in workspaces):
            parts = parts[1:]
        if parts:
            out[fid] = (ws, parts)
    return out


def _path_parts(record, inst) -> list[str]:
    path = record.get("path")
    if isinstance(path, str) and path.strip("/"):
        return [p for p in path.split("/") if p]
    parts, seen, here = [], set(), record  # no path: walk up the parents
    while isinstance(here, dict) and id(here) not in seen:
        seen.add(id(here))
        parts.insert(0, str(here.get("name") or ""))
        here = inst.folders.get(ref_id(here.get("parent")))
    return [p for p in parts if p]


def _tokens(raw) -> list[dict]:
    out = []
    for token in raw or []:
        if isinstance(token, dict) and token.get("name"):
            item = {k: token[k] for k in _TOKEN_KEYS if token.get(k) is not None}
            item["type"] = str(item.get("type", "text")).strip().lower()
            out.append(item)
    return out


def _provenance(record: dict, rid, extra=()) -> dict:
    keep = {"id": rid}
    for key in extra + ("url", "computedUrl", "createdAt", "updatedAt"):
        value = record.get(key)
        if value in (None, ""):
            continue
        keep[key] = datetime_text(value) or value if key.endswith("At") else value
    return keep


def _list_ids(inst, programs) -> dict[str, int]:
    ids = {}
    for lid, record in inst.smart_lists.items():
        name = record.get("name")
        if not name:
            continue
        ids.setdefault(name, lid)
        owner = record.get("folder")
        if same_type(ref_type(owner), "program") and ref_id(owner) in programs:
            ids["%s.%s" % (programs[ref_id(owner)][0], name)] = lid
    return ids


def _owner(record, programs, paths):
    """(program name, workspace, folder path) of a campaign or smart list."""
    pid = ref_id(record.get("parentProgramId"))
    folder = record.get("folder")
    if pid is None and same_type(ref_type(folder), "program"):
        pid = ref_id(folder)
    if pid in programs:
        name, ws, path = programs[pid]
        return name, record.get("workspace") or ws, path
    ws, path = paths.get(ref_id(folder), (record.get("workspace"), []))
    return None, record.get("workspace") or ws, path


def _placed(kind, rid, name, record, programs, paths):
    """(the document's first keys: kind, id, name, then its program or folder and workspace;
    program name, workspace, folder path) of a campaign or smart list."""
    program, ws, path = _owner(record, programs, paths)
    doc: dict = {"kind": kind, "id": rid, "name": name}
    if program:
        doc["program"] = program
    elif path:
        doc["folder"] = "/".join(path)
    if ws:
        doc["workspace"] = ws
    return doc, program, ws, path


def _campaign(inst, cid, programs, paths, list_ids, notes) -> Asset:
    record = inst.campaigns[cid]
    name = str(record.get("name") or "Campaign %d" % cid)
    doc, program, ws, path = _placed("SmartCampaign", cid, name, record, programs, paths)
    if "program" not in doc and "folder" not in doc:
        notes.append('campaign %d "%s": neither its program nor its folder is in the export' % (cid, name))
    if record.get("description"):
        doc["description"] = str(record["description"])
    for key in ("isActive", "isRequestable"):
        if boolean(record.get(key)) is True:
            doc[key] = True
    rule = str(record.get("qualificationRuleType") or "").strip().lower()
    if rule in ("once", "any", "interval"):
        doc["qualificationRuleType"] = rule
        if rule == "interval":
            if isinstance(record.get("qualificationRuleInterval"), int):
                doc["qualificationRuleInterval"] = record["qualificationRuleInterval"]
            if record.get("qualificationRuleUnit"):
                doc["qualificationRuleUnit"] = str(record["qualificationRuleUnit"]).lower()
    schedule = _schedule(record.get("recurrence"))
    if schedule:
        doc["schedule"] = schedule
    smart = inst.smart_lists.get(ref_id(record.get("smartListId")))
    if smart is not None and "rules" in smart:
        doc["smartList"] = smartlist.rules(smart.get("rules"), list_ids)
    if "flow" in record:
        doc["flow"] = flow_map.steps(record.get("flow"))
    else:
        doc["flowExported"] = False
    doc["x-marketo"] = _provenance(record, cid, ("status", "type", "smartListId", "flowId"))
    return Asset("SmartCampaign", doc, ws, path, program, cid)


def _schedule(recurrence) -> dict | None:
    if not isinstance(recurrence, dict) or not recurrence.get("intervalType"):
        return None
    out: dict = {}
    start = datetime_text(recurrence.get("startAt"))
    if start:
        out["runAt"] = start
    rec = {"intervalType": recurrence["intervalType"]}
    if isinstance(recurrence.get("interval"), int):
        rec["interval"] = recurrence["interval"]
    out["recurrence"] = rec
    return out


def _smart_list(record, lid, programs, paths, list_ids) -> Asset:
    name = str(record.get("name") or "Smart List %d" % lid)
    doc, program, ws, path = _placed("SmartList", lid, name, record, programs, paths)
    doc.update(smartlist.rules(record.get("rules"), list_ids))
    doc["x-marketo"] = _provenance(record, lid)
    return Asset("SmartList", doc, ws, path, program, lid)


def _mark_executables(campaigns: list[Asset], executables: Executables | None, notes: list[str]) -> None:
    by_id = {a.id: a for a in campaigns}
    by_label = {}
    for a in campaigns:
        if a.program:
            by_label["%s.%s" % (a.program, a.document["name"])] = a
    inferred = set()
    for a in campaigns:
        for target in flow_map.targets(a.document.get("flow") or []):
            hit = by_id.get(target) if isinstance(target, int) else by_label.get(target)
            if hit is None and isinstance(target, str) and a.program:  # a bare name: same program
                hit = by_label.get("%s.%s" % (a.program, target))
            if hit is not None:
                inferred.add(hit.id)
    for cid in sorted(inferred):
        doc = by_id[cid].document
        doc["isExecutable"] = True
        doc["x-marketo"]["isExecutable"] = "inferred: the target of an Execute Campaign step"
    if executables is None:
        return
    for key, value in [(k, True) for k in executables.add] + [(k, False) for k in executables.remove]:
        hit = by_id.get(key) if isinstance(key, int) else by_label.get(key)
        if hit is None:
            notes.append("--executables: %r names no campaign of the export" % key)
            continue
        doc = hit.document
        if value:
            doc["isExecutable"] = True
        else:
            doc.pop("isExecutable", None)
        doc["x-marketo"]["isExecutable"] = "from --executables"


__all__ = ["documents", "Asset", "Executables"]
