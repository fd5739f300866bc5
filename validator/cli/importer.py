"""``mkto-lint import`` and ``mkto-lint pull``: the command lines of ``mkto_lint.importer``.

Imported at start-up for the argument parser only: the importer, ruamel.yaml and the HTTP
client are imported when one of the two commands runs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkto_lint.errors import UsageError


def add_parsers(sub) -> None:
    imp = sub.add_parser("import", help="turn saved Marketo REST responses (or MCP output) into definition files")
    imp.add_argument("raw", nargs="+", metavar="RAW_PATH", help="saved responses: files or folders")
    imp.add_argument("--out", required=True, metavar="DIR", help="where the definition files go")
    imp.add_argument("--executables", metavar="FILE",
                     help="campaigns that are (or, with a leading !, are not) executable: ids or Program.Campaign")
    pull = sub.add_parser("pull", help="export a live instance over the REST API into definition files")
    pull.add_argument("--out", required=True, metavar="DIR", help="where the definition files go")
    where = pull.add_mutually_exclusive_group()
    where.add_argument("--base-url", metavar="URL", help="https://<munchkin-id>.mktorest.com (default: $MKTO_BASE_URL)")
    where.add_argument("--munchkin-id", metavar="ID", help="the instance's Munchkin id (123-ABC-456)")
    pull.add_argument("--raw", metavar="DIR", help="also keep the raw responses here (import them again offline)")
    pull.add_argument("--since", metavar="ISO-8601", help="only assets updated since then (an incremental refresh)")
    pull.add_argument("--workspace", action="append", default=[], metavar="NAME", help="only this workspace (repeatable)")
    pull.add_argument("--executables", metavar="FILE", help="as for import")


def cmd_import(args, out) -> int:
    from mkto_lint.importer import run

    cwd = Path(os.getcwd()).resolve()
    executables = run.parse_executables(Path(args.executables)) if args.executables else None
    inst = run.load([Path(p) for p in args.raw], cwd)
    target = Path(args.out)
    if target.exists() and not target.is_dir():
        raise UsageError("--out %s: not a directory" % args.out)
    report = run.import_instance(inst, target, executables)
    _print(report, args.out, out)
    return 0


def cmd_pull(args, out) -> int:
    from mkto_lint.importer import pull

    return pull.command(args, out)


def _print(report, out_display: str, out) -> None:
    from mkto_lint.importer import run
    from mkto_lint.report.visible import visible

    for note in report.notes:
        sys.stderr.write("mkto-lint: note: %s\n" % visible(note))
    out.write(visible(run.summary(report, out_display)) + "\n")


__all__ = ["add_parsers", "cmd_import", "cmd_pull"]
