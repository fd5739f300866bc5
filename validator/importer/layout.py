"""Where each imported asset goes: a tree that mirrors the instance, with names every file
system accepts.

``OUT/<workspace>/<folder path>/<program>/<campaign>.campaign.yaml``; a program is
``.../<program>/_program.yaml``, a folder ``.../<folder>/_folder.yaml``, a smart list
``<name>.smartlist.yaml``, a campaign of a plain folder sits in that folder. A name that holds
``/``, ``\\``, ``..``, NUL or other control characters, characters Windows refuses, or a reserved
device name (``CON``, ``NUL``, ``COM1``...) is made safe, so that nothing is ever written outside
``OUT``; two assets whose names would collide (also by case) both get their id in the name.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from mkto_lint.importer.mapping import Asset

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_RESERVED = {"con", "prn", "aux", "nul", *("com%d" % i for i in range(10)), *("lpt%d" % i for i in range(10))}
_MAX_BYTES = 120  # a file name of at most 255 bytes, with room for a suffix and an id
SUFFIX = {"Folder": "_folder.yaml", "Program": "_program.yaml", "SmartCampaign": ".campaign.yaml",
          "SmartList": ".smartlist.yaml"}


def safe(name: str) -> str:
    """``name`` as one path component that every file system accepts and that cannot escape."""
    text = _UNSAFE.sub("_", str(name)).strip(" .")
    encoded = text.encode("utf-8")
    if len(encoded) > _MAX_BYTES:
        text = encoded[:_MAX_BYTES].decode("utf-8", "ignore").rstrip(" .")
    if not text:
        return "_"
    if text.split(".", 1)[0].lower() in _RESERVED:
        text = "_" + text
    return text


def paths(assets: list[Asset]) -> dict[int, PurePosixPath]:
    """``id(asset)`` -> its relative path (POSIX), unique (case-insensitively) in its folder."""
    wanted = {}
    for asset in assets:
        folder = [safe(asset.workspace or "Default")] + [safe(p) for p in asset.folder or []]
        if asset.kind == "Program":
            folder.append(safe(asset.document["name"]))
            stem = ""
        elif asset.kind == "Folder":
            stem = ""
        else:
            if asset.program:
                folder.append(safe(asset.program))
            stem = safe(asset.document["name"])
        wanted[id(asset)] = (tuple(folder), stem, asset)
    seen: dict[tuple, list] = {}
    for key, (folder, stem, asset) in wanted.items():
        seen.setdefault((tuple(p.lower() for p in folder), (stem + SUFFIX[asset.kind]).lower()), []).append(key)
    out = {}
    for keys in seen.values():
        for key in keys:
            folder, stem, asset = wanted[key]
            if len(keys) > 1:  # a collision: every member gets its id, so none depends on the others
                stem = "%s (%s %s)" % (stem or safe(asset.document.get("name") or asset.kind), asset.kind, asset.id)
            out[key] = PurePosixPath(*folder, stem + SUFFIX[asset.kind])
    return out


__all__ = ["paths", "safe", "SUFFIX"]
