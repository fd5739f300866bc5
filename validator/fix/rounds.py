"""``check --fix``: check, apply the fixes that apply, check the fixed text again, until no fix
applies (at most ``MAX_ROUNDS`` rounds), then write the files that changed.

Every round after the first reads the fixed files from memory (``Config.overlay``), so that
``--diff`` shows exactly what ``--fix`` would write and writes nothing. Files with a syntax
error or a duplicate key are not fixed (their positions are not trusted); a round whose fixes
would make a file unreadable is undone for that file, which is then left as it was. A file is
written only if its bytes on disk are still those read at the start: one saved meanwhile is
reported instead.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from typing import Any

from mkto_lint import codes
from mkto_lint.fix.apply import Settings, apply_edits, choose, prepare

MAX_ROUNDS = 10  # fixes that keep making new fixable findings stop here (ruff stops at 100)
_UNREADABLE = (codes.SYNTAX, codes.DUPLICATE_KEY)


class Outcome:
    """What the rounds did: ``result`` (the last check: the findings left), ``fixed`` (path ->
    number of findings fixed), ``texts`` (path -> (display name, text read, fixed text,
    bytes read)), ``problems`` (display name, why a file was not fixed), ``rounds``."""

    def __init__(self) -> None:
        self.result: Any = None
        self.fixed: dict = {}
        self.texts: dict = {}
        self.problems: list = []
        self.rounds = 0

    @property
    def total(self) -> int:
        return sum(self.fixed.values())

    def changed(self) -> list:
        """(path, display, old text, new text) of every file the fixes changed, by name."""
        return sorted(((p, d, old, new) for p, (d, old, new, _raw) in self.texts.items() if old != new),
                      key=lambda item: item[1])


def fix_rounds(paths: list, cfg: Any, cwd: Any, configure: Callable | None, settings: Settings,
               reported: Callable[[list], list] | None = None) -> Outcome:
    """Run the check and its fixes in rounds, in memory; returns the Outcome (nothing written).
    ``reported``: which findings are shown (``--baseline``'s filter); only those are fixed."""
    from mkto_lint import engine

    overlay: dict = {}
    out = Outcome()
    left_alone: set = set()  # files not fixed any further (changed on disk, or a fix broke them)
    previous: dict = {}  # path -> (overlay bytes before the last round, findings it fixed)

    def configure_project(project_cfg):
        if configure is not None:
            configure(project_cfg)
        project_cfg.overlay = overlay

    configure_project(cfg)
    while True:
        result = engine.run(paths, cfg, cwd, configure=configure_project)
        prepare(result.findings, settings)
        out.result = result
        unreadable = {f.target.file.path for f in result.findings if f.code in _UNREADABLE}
        broken = [p for p in previous if p in unreadable]
        for path in broken:  # the last round made it unreadable: back to the round before
            before, count = previous[path]
            display = out.texts[path][0]
            if before is None:
                del overlay[path]
            else:
                overlay[path] = before
            out.fixed[path] -= count
            out.texts[path] = out.texts[path][:2] + (_text(overlay.get(path), out.texts[path][1]), out.texts[path][3])
            left_alone.add(path)
            out.problems.append((display, "its fixes would make it unreadable: left as it was (please report this)"))
        if broken:
            previous = {}
            continue
        if out.rounds >= MAX_ROUNDS:
            if any(f.fix is not None and f.fix.applies for f in result.findings):
                out.problems.append(("", "fixes still apply after %d rounds: stopped" % MAX_ROUNDS))
            break
        by_file: dict = {}
        for f in (reported(result.findings) if reported is not None else result.findings):
            sf = f.target.file
            if f.fix is not None and f.fix.applies and sf.path not in unreadable and sf.path not in left_alone:
                by_file.setdefault(sf, []).append(f.fix)
        if not by_file:
            break
        out.rounds += 1
        previous = {}
        for sf, fixes in by_file.items():
            path = sf.path
            if path not in out.texts and not _remember(out, sf):
                left_alone.add(path)
                continue
            taken, _later = choose(fixes)
            new = apply_edits(sf.text, [e for fix in taken for e in fix.edits])
            previous[path] = (overlay.get(path), len(taken))
            raw = out.texts[path][3]
            overlay[path] = (codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b"") + new.encode("utf-8")
            out.fixed[path] = out.fixed.get(path, 0) + len(taken)
            out.texts[path] = out.texts[path][:2] + (new, raw)
    return out


def _text(data, original):
    return original if data is None else data.decode("utf-8").lstrip("\ufeff")


def _remember(out, sf):
    """Keep the bytes of a file about to be fixed, checked against the text the run read."""
    from mkto_lint.read.decode import DecodeError, decode
    from mkto_lint.read.files import NotRead, read_bytes

    try:
        raw = read_bytes(sf.path, 1 << 40)
        same = decode(raw) == sf.text
    except (OSError, NotRead, DecodeError):
        same = False
    if not same:
        out.problems.append((sf.display, "the file changed while mkto-lint read it: not fixed"))
        return False
    out.texts[sf.path] = (sf.display, sf.text, sf.text, raw)
    return True


def write(out: Outcome) -> list:
    """Write every file the fixes changed (atomically, its permissions kept) whose bytes on disk
    are still those read; returns (display name, why not written) of the others."""
    from mkto_lint import atomic
    from mkto_lint.read.files import NotRead, read_bytes

    problems = []
    for path, display, _old, new in out.changed():
        raw = out.texts[path][3]
        try:
            same = read_bytes(path, len(raw)) == raw
            mode = os.stat(path).st_mode & 0o7777
        except (OSError, NotRead):
            same = False
        if not same:
            problems.append((display, "the file changed since mkto-lint read it: not written (run --fix again)"))
            continue
        data = (codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b"") + new.encode("utf-8")
        try:
            atomic.write(path, data, "the fixed file", mode=mode)
        except atomic.WriteError as exc:
            problems.append((display, str(exc)))
    return problems


__all__ = ["fix_rounds", "write", "Outcome", "MAX_ROUNDS"]
