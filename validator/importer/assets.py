"""One picture of the instance from every saved record: pages merged, duplicates made one.

The same asset is often saved several times (a campaign in a browse page and by id, a folder in
two browse pages): records are keyed by id and merged, the richer record winning (a campaign
with its ``flow`` over one without, a smart list with ``rules`` over one without), fields the
richer one lacks kept from the other. Folder browses also list programs (``folderId.type``
Program): those are kept as program locations, not as folders.
"""

from __future__ import annotations

from mkto_lint.importer.raw import Item

PROGRAM_FOLDER_TYPES = {"program", "marketing program", "marketing event", "email batch program", "nurture program",
                        "event", "engagement", "email", "default"}


def same_type(value, wanted: str) -> bool:
    """``Folder``/``FOLDER``: Marketo spells the types both ways."""
    return isinstance(value, str) and value.strip().lower() == wanted


def ref_id(ref) -> int | None:
    """The id of a ``{id|value, type}`` reference (Marketo writes both), or of a bare id."""
    if isinstance(ref, dict):
        ref = ref.get("id", ref.get("value"))
    if isinstance(ref, str) and ref.strip().isdigit():
        return int(ref)
    return ref if isinstance(ref, int) and not isinstance(ref, bool) else None


def ref_type(ref) -> str:
    return str(ref.get("type") or "").strip().lower() if isinstance(ref, dict) else ""


class Instance:
    """Every asset of an export, merged: ``workspaces``, ``folders``, ``programs``,
    ``campaigns``, ``smart_lists`` by id; ``tokens`` by (owner type, owner id)."""

    def __init__(self) -> None:
        self.workspaces: dict[int, dict] = {}
        self.folders: dict[int, dict] = {}
        self.program_locations: dict[int, dict] = {}  # programs as a folder browse lists them
        self.programs: dict[int, dict] = {}
        self.tokens: dict[tuple[str, int], list] = {}
        self.campaigns: dict[int, dict] = {}
        self.smart_lists: dict[int, dict] = {}
        self.warnings: list[str] = []

    def add(self, item: Item) -> None:
        data = item.data
        if item.kind == "tokens":
            owner = data.get("folder")
            if isinstance(owner, str):  # the swagger types it as a string holding JSON
                import json

                try:
                    owner = json.loads(owner)
                except ValueError:
                    owner = None
            oid = ref_id(owner)
            if oid is None:
                self.warnings.append("%s: a token result without its folder or program: skipped" % item.file)
                return
            kind = "program" if same_type(ref_type(owner), "program") else "folder"
            self.tokens[(kind, oid)] = list(data.get("tokens") or [])
            return
        rid = ref_id(data.get("id"))
        if rid is None:
            self.warnings.append("%s: item %d (%s) has no id: skipped" % (item.file, item.number + 1, item.kind))
            return
        if item.kind == "workspace":
            _merge(self.workspaces, rid, data)
        elif item.kind == "folder":
            folder_id = data.get("folderId")
            is_program = same_type(ref_type(folder_id), "program") or str(data.get("folderType") or "").strip().lower() in PROGRAM_FOLDER_TYPES
            target = self.program_locations if is_program else self.folders
            _merge(target, rid, data)
        elif item.kind == "program":
            _merge(self.programs, rid, data)
        elif item.kind == "campaign":
            _merge(self.campaigns, rid, data, richer="flow")
        elif item.kind == "smart list":
            _merge(self.smart_lists, rid, data, richer="rules")

    def program_ids(self) -> list[int]:
        return sorted(set(self.programs) | set(self.program_locations))

    def program(self, pid: int) -> dict:
        """A program's record: the programs.json record, filled in from its folder-browse entry."""
        merged = dict(self.program_locations.get(pid) or {})
        merged.update(self.programs.get(pid) or {})
        return merged


def _merge(table: dict, rid: int, data: dict, richer: str | None = None) -> None:
    old = table.get(rid)
    if old is None:
        table[rid] = dict(data)
        return
    if richer is not None and richer in old and richer not in data:
        base, extra = old, data
    else:
        base, extra = data, old
    merged = dict(extra)
    merged.update(base)
    table[rid] = merged


__all__ = ["Instance", "ref_id", "ref_type", "same_type"]
