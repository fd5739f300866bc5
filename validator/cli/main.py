"""The command line: ``mkto-lint check | rules | rule CODE | schema``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from mkto_lint import __version__
from mkto_lint import config as config_mod
from mkto_lint.errors import UsageError
from mkto_lint.report.visible import visible

EXIT_OK, EXIT_ERROR = 0, 2


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, told the terminal's width: left to find it, it imports shutil
    (with zlib, bz2 and lzma) on every run, help or not."""

    def __init__(self, prog, **kwargs):
        super().__init__(prog, width=_terminal_width() - 2, **kwargs)


def _terminal_width():
    """shutil.get_terminal_size().columns, without shutil: $COLUMNS, else the terminal's, else 80."""
    try:
        width = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        width = 0
    if width <= 0:
        try:
            width = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            width = 0
    return width if width > 0 else 80


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message):  # usage errors: one line, exit 2
        self.exit(EXIT_ERROR, "%s: error: %s\n" % (self.prog, message))


def _csv(values):
    out = []
    for v in values or []:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def build_parser(only: str | None = None):
    """The command line's parser; ``only="check"``: without the other commands (8 ms, not 34)."""
    from mkto_lint.report import FORMATS

    parser = _Parser(prog="mkto-lint", description="Validate and lint Marketo Engage smart-campaign definitions.")
    parser.add_argument("--version", action="version", version="mkto-lint %s" % __version__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="check definition files (default: the current directory)")
    add_check_options(check)
    check.add_argument("--output-format", "--format", dest="format", choices=sorted(FORMATS), metavar="FORMAT",
                       help="full (the default: each finding with its source lines), concise (one line per finding), "
                            "or %s; text is the configuration's text style"
                            % ", ".join(f for f in FORMATS if f not in ("text", "full", "concise")))
    check.add_argument("--statistics", action="store_true", help="print how many findings each rule has, not the findings")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings fail the run (not on internal errors)")
    add_outcome_options(check)
    check.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    check.add_argument("--write-baseline", metavar="FILE", help="record today's findings in FILE and exit 0")
    check.add_argument("--no-color", action="store_true", help="never color the text output")
    check.add_argument("--output", metavar="FILE",
                       help="write the report to FILE (atomically) and only the summary line to the terminal")
    check.add_argument("--show-settings", action="store_true",
                       help="print the root, the configuration file used and every setting, then exit")
    from mkto_lint.cli.fixing import add_arguments as add_fix_arguments

    add_fix_arguments(check)
    if only == "check":
        return parser

    sub.add_parser("rules", help="list every rule")
    rule = sub.add_parser("rule", help="print a rule's documentation")
    rule.add_argument("code", metavar="CODE", help="a rule code (EXE002) or name (wait-in-executable)")
    sub.add_parser("schema", help="print the bundled JSON Schema (for editors' YAML language servers)")
    clean = sub.add_parser("clean", help="remove the cache (cache-dir, default .mkto-lint-cache) of the project")
    clean.add_argument("--root", metavar="DIR", help="project root (default: as for check)")
    from mkto_lint.cli.resolve import add_parser as add_resolve_parser

    add_resolve_parser(sub)
    from mkto_lint.cli.importer import add_parsers as add_import_parsers

    add_import_parsers(sub)
    from mkto_lint.cli.picture import add_parsers as add_picture_parsers

    add_picture_parsers(sub)
    return parser


def add_check_options(p):
    """The paths, root and rule selection of ``check`` (shared by ``report`` and ``graph``)."""
    p.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    p.add_argument("--root", metavar="DIR", help="project root (default: nearest folder upward with a configuration, else the current folder)")
    p.add_argument("--select", action="append", metavar="CODES", help="rules to run: codes, prefixes (EXE) or names, comma-separated")
    p.add_argument("--extend-select", action="append", metavar="CODES", help="rules to add to the selection")
    p.add_argument("--ignore", action="append", metavar="CODES", help="rules not to run")
    p.add_argument("--no-cache", action="store_true",
                   help="read every file again, neither using nor writing the cache (also: MKTO_LINT_NO_CACHE=1)")


def add_outcome_options(p):
    """What fails the run, and the baseline (``check`` and ``report``)."""
    p.add_argument("--fail-on", choices=("error", "warning", "info"), help="lowest severity that fails the run (default: error)")
    p.add_argument("--baseline", metavar="FILE", help="report only findings that FILE (from --write-baseline) does not hold")


def _root(args, cwd):
    """(--root, else the nearest folder upward (from the folder holding every PATH) with a
    configuration, else the current folder; what naming the paths learnt, for discovery, or
    None)."""
    if args.root:
        root = Path(args.root)
        if not root.is_dir():
            raise config_mod.ConfigError("--root %s: not a directory" % args.root)
        return root.resolve(), None
    from mkto_lint.read.discover import named_paths

    start, named = named_paths(getattr(args, "paths", None) or ["."], cwd)
    return config_mod.find_root(start) or cwd, named


def cmd_check(args, out):
    from mkto_lint.report import FORMATS, output_format

    cwd = Path(os.getcwd()).resolve()
    root, named = _root(args, cwd)
    cfg = config_mod.load(root)
    args.format = output_format(args.format, cfg.output_format)
    if _to_file(args) and args.format == "github":
        raise UsageError("--format github writes workflow commands, which GitHub Actions reads "
                                "from standard output only: leave out --output")
    if args.show_settings:
        out.write(config_mod.describe(cfg))
        return EXIT_OK
    result, known, status = run_check(args, cfg, cwd, out, named)
    if result is None:  # --diff: the diff is the output
        return status
    if args.write_baseline:
        from mkto_lint.suppress import baseline

        n = baseline.write(args.write_baseline, result.findings)
        sys.stderr.write("mkto-lint: wrote %d fingerprint%s of %d finding%s to %s\n"
                         % (n, "" if n == 1 else "s", len(result.findings), "" if len(result.findings) == 1 else "s",
                            visible(args.write_baseline)))
        return EXIT_ERROR if result.internal_errors else EXIT_OK
    if known is not None:
        from mkto_lint.suppress import baseline

        found = len(result.findings)
        result.findings = baseline.filter_new(result.findings, known)
        result.baseline_hidden = found - len(result.findings)
    color = (args.format in ("full", "concise") and not args.no_color and "NO_COLOR" not in os.environ
             and hasattr(out, "isatty") and out.isatty())
    render = FORMATS[args.format]
    if args.statistics:
        from mkto_lint.report.statistics import renderer

        render = renderer(args.format)
    if _to_file(args):
        _write_report(args.output, render(result, color=False, quiet=args.quiet))
        if not args.quiet:
            from mkto_lint.report import summary_line

            out.write(summary_line(result) + "\n")
    else:
        out.write(render(result, color=color, quiet=args.quiet))
    report_internal_errors(result)
    status = max(result.exit_status, status or 0)
    return EXIT_OK if args.exit_zero and status == 1 else status


def run_check(args, cfg, cwd, out=None, named=None):
    """The check of ``args`` (paths, selection, --fail-on, --baseline) with ``cfg``: (the Result
    or None, the baseline's fingerprints or None, an exit status or None). check's --fix and
    --diff run their rounds here (``cli.fixing``; --diff writes its diff on ``out`` and gives no
    Result). The notes on excluded paths and on finding no definition file are written here;
    the baseline is read before the run (a bad one fails fast). ``named``: ``_root``'s second
    answer (discovery then lists no named folder again)."""

    select = _csv(args.select) or None
    for sel in (select or []) + _csv(args.extend_select) + _csv(args.ignore):
        from mkto_lint.ruleset.registry import known_selector, selector_hint

        if not known_selector(sel):
            raise UsageError("%r names no rule%s (see `mkto-lint rules`)" % (sel, selector_hint(sel)))

    def configure(project_cfg):  # the command line over each project's own configuration
        if select is not None:
            project_cfg.select = list(select)
        project_cfg.ignore = project_cfg.ignore + _csv(args.ignore)
        project_cfg.extend_select = project_cfg.extend_select + _csv(args.extend_select)
        if args.fail_on:
            project_cfg.fail_on = args.fail_on
        project_cfg.cache = not (getattr(args, "no_cache", False) or os.environ.get("MKTO_LINT_NO_CACHE"))

    configure(cfg)
    if not args.baseline and cfg.baseline and not getattr(args, "write_baseline", None):
        args.baseline = str(Path(cfg.root) / cfg.baseline)  # `baseline:` is relative to the root
    if args.baseline:
        from mkto_lint.suppress import baseline

    known = baseline.load(args.baseline) if args.baseline else None
    from mkto_lint.cli import fixing

    if args.keep is not None:  # the console script: the collector stays off until the project is frozen
        import gc  # (re-enabled by the engine, it would first sweep the whole project: 0.3 s at 12,000 files)

        gc.disable()
    result, status = fixing.run(args, cfg, cwd, configure, out, named)  # one check, or --fix/--diff's rounds
    if result is None:
        return None, known, status
    for named in result.excluded:
        sys.stderr.write("mkto-lint: note: %s is excluded by the configuration (exclude): not checked\n" % visible(named))
    if not result.files:  # a clean run of nothing is not a pass to keep silent about
        sys.stderr.write('mkto-lint: warning: no definition files under %s (files without a "kind" are ignored)\n'
                         % visible(", ".join(args.paths)))
    if args.keep is not None:  # the console script: the process ends with the command (see entry())
        args.keep.append(result)  # freed by the process's exit, not one object at a time
        import gc

        gc.freeze()  # the project lives until the process ends: no full collection over it while reporting
        gc.enable()
    return result, known, status


def report_internal_errors(result):
    """One line on stderr for each rule that crashed."""
    for err in result.internal_errors:
        sys.stderr.write("mkto-lint: internal error in rule %s (%s): %s; the other rules ran\n"
                         % (err.code, err.name, visible(err.message)))
        if os.environ.get("MKTO_LINT_DEBUG"):
            sys.stderr.write(err.detail)


def _to_file(args):
    return bool(getattr(args, "output", None)) and args.output != "-"


def _write_report(path, text):
    from mkto_lint import atomic

    try:
        atomic.write(path, text, "the report")
    except atomic.WriteError as exc:
        raise UsageError(str(exc)) from None


def cmd_rules(args, out):
    from mkto_lint.ruleset.registry import all_rules

    for r in all_rules():
        out.write("%-7s %-38s %-8s %s\n" % (r.code, r.name, r.severity, r.summary))
    return EXIT_OK


def cmd_rule(args, out):
    from mkto_lint.ruleset.registry import rule_by_code_or_name

    r = rule_by_code_or_name(args.code)
    if r is None:
        from mkto_lint.ruleset.registry import selector_hint

        sys.stderr.write("mkto-lint: error: no rule %r%s (see `mkto-lint rules`)\n"
                         % (visible(args.code), selector_hint(args.code)))
        return EXIT_ERROR
    from mkto_lint.ruleset.docs import render_rule

    out.write(render_rule(r))
    return EXIT_OK


def cmd_schema(args, out):
    from mkto_lint.schema.check import bundled_schema_text

    out.write(bundled_schema_text())
    return EXIT_OK


def cmd_clean(args, out):
    from mkto_lint.cache import store

    folder = store.cache_dir(config_mod.load(_root(args, Path(os.getcwd()).resolve())[0]))
    removed = store.clean(folder)
    sys.stderr.write("mkto-lint: removed %d cache files from %s\n" % (removed, visible(str(folder))))
    return EXIT_OK


def cmd_resolve(args, out):
    from mkto_lint.cli.resolve import command

    return command(args, out)


def cmd_import(args, out):
    from mkto_lint.cli.importer import cmd_import

    return cmd_import(args, out)


def cmd_pull(args, out):
    from mkto_lint.cli.importer import cmd_pull

    return cmd_pull(args, out)


COMMANDS = {"check": cmd_check, "rules": cmd_rules, "rule": cmd_rule, "schema": cmd_schema, "clean": cmd_clean,
            "resolve": cmd_resolve, "import": cmd_import, "pull": cmd_pull,
            "report": lambda args, out: _picture("cmd_report", args, out),
            "graph": lambda args, out: _picture("cmd_graph", args, out)}


def _picture(name, args, out):
    from mkto_lint.cli import picture

    return getattr(picture, name)(args, out)


def entry():
    """The console script: ``main``, then leave without freeing a large run's objects one by
    one (that alone takes about a second on a 10,000-campaign instance)."""
    for stream in (sys.stdout, sys.stderr):  # a character the terminal cannot show is written as a \\u escape
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    import signal

    def terminated(_signum, _frame):  # SIGTERM unwinds like Ctrl-C: temporary files are removed
        raise SystemExit(143)

    signal.signal(signal.SIGTERM, terminated)
    keep = []  # what must outlive main(): the process exits without freeing it
    try:
        code = main(keep=keep)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else EXIT_ERROR
        if code == 143:
            sys.stderr.write("mkto-lint: terminated\n")
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        code = code or EXIT_ERROR
    os._exit(code)


def main(argv: list[str] | None = None, out=None, keep: list | None = None) -> int:
    """Run one command; returns the exit status. ``keep``, given only by the console script,
    receives the check result so that it outlives the call (nothing else is kept)."""
    out = out or sys.stdout
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser("check" if words[:1] == ["check"] else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    args.keep = keep
    if not args.command:
        parser.print_usage(sys.stderr)
        sys.stderr.write("mkto-lint: error: a command is required (check, report, graph, resolve, import, pull, rules, rule, "
                         "schema, clean)\n")
        return EXIT_ERROR

    try:
        return COMMANDS[args.command](args, out)
    except (UsageError, config_mod.ConfigError) as exc:  # a baseline's errors are UsageErrors
        sys.stderr.write("mkto-lint: error: %s\n" % visible(str(exc)))  # paths and names are the user's
        return EXIT_ERROR
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("mkto-lint: interrupted\n")
        return 130
    except Exception as exc:  # never a traceback on the terminal
        sys.stderr.write("mkto-lint: internal error: %s: %s (set MKTO_LINT_DEBUG=1 for details)\n"
                         % (type(exc).__name__, visible(str(exc))))
        if os.environ.get("MKTO_LINT_DEBUG"):
            import traceback

            traceback.print_exc()
        return EXIT_ERROR
