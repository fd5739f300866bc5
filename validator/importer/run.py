"""``mkto-lint import``: saved responses in, definition files out (the one mapping code path:
``pull`` saves responses and calls this)."""

from __future__ import annotations

from pathlib import Path

from mkto_lint.errors import UsageError
from mkto_lint.importer import layout, raw
from mkto_lint.importer.assets import Instance
from mkto_lint.importer.mapping import Executables, documents
from mkto_lint.importer.write import Writer, render
from mkto_lint.record import Record

RAW_SUFFIXES = (".json", ".md", ".markdown", ".txt")
MAX_RAW_BYTES = 200 * 1024 * 1024


class Report(Record):
    """What an import did: counts per kind, files written/unchanged/removed/kept, notes."""

    __slots__ = ("counts", "writer", "notes", "flows_missing")


def raw_files(paths: list[Path]) -> list[Path]:
    """The saved responses named: files as given, folders searched for *.json and Markdown."""
    out = []
    for path in paths:
        if path.is_dir():
            out.extend(p for p in sorted(path.rglob("*"))
                       if p.is_file() and p.suffix.lower() in RAW_SUFFIXES and not any(
                           part.startswith(".") for part in p.relative_to(path).parts))
        elif path.exists():
            out.append(path)
        else:
            raise UsageError("%s: no such file or directory" % path)
    return out


def load(paths: list[Path], cwd: Path) -> Instance:
    """Every record of every saved response, merged. A file that cannot be imported stops the
    import (an error page means the export is incomplete: nothing is written)."""
    from mkto_lint.read.files import NotRead, read_bytes

    inst = Instance()
    for path in raw_files(paths):
        display = _display(path, cwd)
        try:
            data = read_bytes(path, MAX_RAW_BYTES)
        except NotRead as exc:
            raise UsageError("%s: %s" % (display, exc)) from None
        except OSError as exc:
            raise UsageError("%s: cannot read the file: %s" % (display, exc.strerror or exc)) from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UsageError("%s: not UTF-8 text: not a saved Marketo response" % display) from None
        try:
            items, warnings = raw.items_of(path, text, display)
        except raw.RawError as exc:
            raise UsageError(str(exc)) from None
        inst.warnings.extend(warnings)
        for item in items:
            inst.add(item)
    return inst


def import_instance(inst: Instance, out: Path, executables: Executables | None = None,
                    incremental: bool = False) -> Report:
    assets, notes = documents(inst, executables)
    where = layout.paths(assets)
    writer = Writer(out)
    counts: dict[str, int] = {}
    for asset in assets:
        counts[asset.kind] = counts.get(asset.kind, 0) + 1
        writer.write(where[id(asset)], render(asset.document, "%s %s" % (asset.kind, asset.id)))
    writer.finish(incremental)
    missing = sum(1 for a in assets if a.document.get("flowExported") is False)
    return Report(counts, writer, notes + writer.notes, missing)


def parse_executables(path: Path) -> Executables:
    """``--executables FILE``: one campaign a line (an id or "Program.Campaign"); a line starting
    with ``!`` says the campaign is not executable; ``#`` starts a comment."""
    from mkto_lint.importer.values import reference
    from mkto_lint.read.files import NotRead, read_text

    try:
        text = read_text(path)
    except (NotRead, OSError) as exc:
        raise UsageError("--executables %s: cannot read it: %s" % (path, getattr(exc, "strerror", None) or exc)) from None
    add, remove = [], []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        target = remove if line.startswith("!") else add
        target.append(reference(line.lstrip("!").strip()))
    return Executables(add, remove)


def summary(report: Report, out_display: str) -> str:
    order = ("Folder", "Program", "SmartCampaign", "SmartList")
    names = {"Folder": "folder", "Program": "program", "SmartCampaign": "campaign", "SmartList": "smart list"}
    parts = ["%d %s%s" % (report.counts.get(k, 0), names[k], "" if report.counts.get(k, 0) == 1 else "s") for k in order]
    w = report.writer
    line = "imported %s into %s: %d written, %d unchanged, %d removed" % (
        ", ".join(parts), out_display, w.changed, w.unchanged, w.removed)
    if w.kept:
        line += ", %d kept (not written by mkto-lint)" % w.kept
    if report.flows_missing:
        line += "; %d campaign%s without exported flow steps (flowExported: false)" % (
            report.flows_missing, "" if report.flows_missing == 1 else "s")
    return line


def _display(path: Path, cwd: Path) -> str:
    try:
        return path.resolve().relative_to(cwd).as_posix()
    except ValueError:
        return str(path)


__all__ = ["load", "import_instance", "parse_executables", "summary", "raw_files", "Report"]
