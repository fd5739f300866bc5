"""What each document of a project defines and looks up, as keys: the part of the index a
change can reach. ``cache.incremental`` follows them to check only what a change can affect.

A key names one entry of the index's tables (``project.index``): ``("P", name)`` and
``("Pid", id)`` programs, ``("F", path)`` folders (every parent path of a folder is a key of
it: ``folder_exists`` and the workspace and My Token chains walk them), ``("S", name)`` and
``("Sid", id)`` smart lists, ``("C", program, name)`` and ``("Cid", id)`` campaigns, and
``("CP", program)`` the campaigns of a program (``resolve_campaign`` asks whether a prefix of
a dotted reference is one). A document's ``uses`` are every key its references look up the
way the index resolves them (each dotted prefix of a campaign reference, the bare name in its
own program), whether or not they resolve: a key that another document starts to define
changes what they find, and the incremental run then checks everything.
"""

from __future__ import annotations

from mkto_lint.project.index import Campaign, Folder, Program, ProjectIndex, SmartList, is_ref
from mkto_lint.project.assets import as_int, as_list, as_str

# keys whose definer's content a user of the key does not read: that a program has campaigns
EXISTENCE_ONLY = frozenset(("CP",))


def campaign_ref(ref, within: str | None) -> list:
    """The keys ``ProjectIndex.resolve_campaign(ref, within)`` looks up."""
    if as_int(ref) is not None:
        return [("Cid", ref)]
    ref = as_str(ref)
    if ref is None:
        return []
    keys = []
    dot = ref.rfind(".")
    while dot > 0:
        program = ref[:dot]
        keys += [("P", program), ("CP", program), ("C", program, ref[dot + 1:])]
        dot = ref.rfind(".", 0, dot)
    if within:
        keys.append(("C", within, ref))
    return keys


def _by_id_or_name(ref, by_id: str, by_name: str) -> list:
    if as_int(ref) is not None:
        return [(by_id, ref)]
    if as_str(ref) is not None:
        return [(by_name, ref)]
    return []


def folder_keys(path) -> list:
    """``("F", p)`` for ``path`` and each of its parents."""
    path = as_str(path)
    if not path:
        return []
    parts = path.strip("/").split("/")
    return [("F", "/".join(parts[:i])) for i in range(1, len(parts) + 1)]


def _filter_keys(index: ProjectIndex, rules: dict, within: str | None) -> list:
    keys = []
    for flt in as_list(rules.get("filters")):
        if not isinstance(flt, dict):
            continue
        what = index.filter_ref_kind(flt)
        for value in as_list(flt.get("values")) if what else ():
            if not is_ref(value):
                continue
            if what == "smart list":
                keys += _by_id_or_name(value, "Sid", "S")
            elif what == "program":
                keys += _by_id_or_name(value, "Pid", "P")
            else:
                keys += campaign_ref(value, within)
    return keys


def of(index: ProjectIndex) -> tuple[list, list, bool]:
    """(defines, uses, by_id) of every document of ``index``, in its order: two tuples of keys
    each (None for a document of no kind the index knows); ``by_id``: some campaign names its
    program by id, so its own keys depend on another document (then nothing is incremental)."""
    assets = {}
    for group in (index.programs, index.folders, index.smart_lists, index.campaigns):
        for asset in group:
            assets[id(asset.doc)] = asset
    defines, uses, by_id = [], [], False
    for doc in index.documents:
        asset = assets.get(id(doc))
        if asset is None:
            defines.append(None)
            uses.append(None)
            continue
        own, used = [], []
        if isinstance(asset, Program):
            own += [("P", asset.name)] if asset.name else []
            own += [("Pid", asset.id)] if asset.id is not None else []
            used += folder_keys(asset.folder)
        elif isinstance(asset, Folder):
            own += folder_keys(asset.path)
            used += folder_keys(asset.path)
        elif isinstance(asset, SmartList):
            own += [("S", asset.name)] if asset.name else []
            own += [("Sid", asset.id)] if asset.id is not None else []
            prog = asset.data.get("program")
            used += _by_id_or_name(prog, "Pid", "P") if is_ref(prog) else []
            used += folder_keys(asset.data.get("folder"))
            used += _filter_keys(index, asset.data, None)
        elif isinstance(asset, Campaign):
            by_id = by_id or (as_int(asset.data.get("program")) is not None)
            own += [("Cid", asset.id)] if asset.id is not None else []
            if asset.program_name:
                own += [("CP", asset.program_name)] + ([("C", asset.program_name, asset.name)] if asset.name else [])
                used.append(("P", asset.program_name))
            used += folder_keys(asset.data.get("folder"))
            within = asset.program_name
            for call in index.calls_from.get(asset, ()):
                used += campaign_ref(call.ref, within)
            cloned = asset.data.get("clonedFrom")
            used += campaign_ref(cloned, within) if is_ref(cloned) else []
            used += _filter_keys(index, asset.smart_list, within)
        defines.append(tuple(own))
        uses.append(tuple(dict.fromkeys(used)))
    return defines, uses, by_id


__all__ = ["of", "campaign_ref", "folder_keys", "EXISTENCE_ONLY"]
