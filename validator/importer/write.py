"""Writing the imported files: YAML that people keep in git.

Keys in one stable order, YAML written by ruamel.yaml (the design's round-trip library), a
file rewritten only when its bytes change (so a re-import of an unchanged instance changes no
byte, and a change in Marketo shows as exactly that change in ``git diff``), every write atomic
(a temporary file in the same folder, then a rename). Every file the importer writes starts
with ``MARKER``; a file without it (one a person wrote) is never replaced or deleted. Files the
importer wrote before and that no asset produces any more are deleted, except in an incremental
run (``--since``), which sees only what changed.
"""

from __future__ import annotations

import io
from pathlib import Path

from mkto_lint import atomic

MARKER = "# Written by mkto-lint import"
_ORDER = ("kind", "id", "name", "path", "program", "folder", "workspace", "type", "description", "isExecutable",
          "isActive", "isRequestable", "clonedFrom", "qualificationRuleType", "qualificationRuleInterval",
          "qualificationRuleUnit", "schedule", "flowExported", "tokens", "filterMatchType", "filterLogic",
          "triggers", "filters", "smartList", "flow")


def ordered(doc: dict) -> dict:
    """The document's keys in the format's order, ``x-`` keys last."""
    keys = sorted(doc, key=lambda k: (k.startswith("x-"), _ORDER.index(k) if k in _ORDER else len(_ORDER), k))
    return {k: doc[k] for k in keys}


def render(doc: dict, what: str) -> str:
    from ruamel.yaml import YAML  # imported only by import and pull

    yaml = YAML(typ="rt", pure=True)
    yaml.version = None
    yaml.default_flow_style = False
    yaml.width = 4096  # never fold a long value over lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    yaml.dump(ordered(doc), buf)
    return "%s from Marketo (%s); the next import replaces it.\n%s" % (MARKER, what, buf.getvalue())


def is_ours(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MARKER)).decode("utf-8", "replace") == MARKER
    except OSError:
        return False


class Writer:
    """Writes files below ``out``, counting what changed; ``finish`` removes stale ones."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.written: set[Path] = set()
        self.changed = self.unchanged = self.kept = self.removed = 0
        self.notes: list[str] = []

    def write(self, rel, text: str) -> None:
        path = self.out.joinpath(*rel.parts)
        if not path.resolve().is_relative_to(self.out.resolve()):  # layout.safe makes this impossible
            raise ValueError("%s would be written outside %s" % (rel, self.out))
        self.written.add(path)
        data = text.encode("utf-8")
        if path.exists() or path.is_symlink():
            if not path.is_file() or path.is_symlink() or not is_ours(path):
                self.kept += 1
                self.notes.append("%s: not written: the file is not one mkto-lint import wrote" % rel)
                return
            if path.read_bytes() == data:
                self.unchanged += 1
                return
        atomic.write(path, data)
        self.changed += 1

    def finish(self, incremental: bool) -> None:
        if incremental or not self.out.is_dir():
            return
        for path in sorted(self.out.rglob("*.yaml")):
            if path in self.written or path.is_symlink() or not path.is_file() or not is_ours(path):
                continue
            path.unlink()
            self.removed += 1


__all__ = ["Writer", "render", "ordered", "MARKER", "is_ours"]
