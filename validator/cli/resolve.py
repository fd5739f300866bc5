"""``mkto-lint resolve``: the command-line front of the dry-run evaluator.

Builds a RunSpec from the command line (and/or a ``kind: Run`` file), loads the project below the
root, runs :func:`mkto_lint.evaluate.evaluator.evaluate` and prints the trace. Every problem with the
input is one line on stderr and exit status 2 (raised as ``engine.UsageError``).
"""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path

from mkto_lint import config as config_mod
from mkto_lint.project import source
from mkto_lint.errors import UsageError

from mkto_lint.evaluate.runspec import VIAS  # the evaluator's own, from its light module: the parser is
# built for every command, so it does not import the evaluator


def add_parser(sub):
    p = sub.add_parser("resolve", help="dry-run a campaign: the steps that run, token values and score effects")
    p.add_argument("campaign", nargs="?", metavar="CAMPAIGN",
                   help='the campaign that starts the run: "Program Name.Campaign Name" or its id')
    p.add_argument("--root", metavar="DIR", help="project root (default: nearest folder upward with a configuration, else the current folder)")
    p.add_argument("--via", choices=VIAS,
                   help="how the run starts (default: trigger for a campaign with triggers, else schedule)")
    p.add_argument("--token", action="append", default=[], metavar="my.Name=VALUE",
                   help="an API-passed My Token value (also {{my.Name}}=VALUE); repeatable")
    p.add_argument("--person", metavar="FILE", help="a YAML/JSON mapping of the person's fields")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                   help='a person field, e.g. --set "Job Title=VP"; repeatable (added to --person)')
    p.add_argument("--trigger-value", action="append", default=[], metavar="NAME=VALUE",
                   help="a trigger token value ({{trigger.NAME}}); repeatable")
    p.add_argument("--run", metavar="FILE", help="a kind: Run file (options given on the command line override it)")
    p.add_argument("--all", action="store_true", help="resolve every non-executable campaign of the project (one line each)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return p


def _pair(text, option):
    if "=" not in text:
        raise UsageError("%s %r: expected NAME=VALUE" % (option, text))
    name, value = text.split("=", 1)
    if not name.strip():
        raise UsageError("%s %r: the name before \"=\" is empty" % (option, text))
    return name.strip(), value


def parse_token(text):
    """(name, value) of ``my.Name=VALUE`` or ``{{my.Name}}=VALUE``."""
    from mkto_lint.evaluate import evaluator  # imported only when a campaign is resolved
    stripped = text.strip()
    if stripped.startswith("{{"):
        end = stripped.find("}}=")
        if end == -1:
            raise UsageError("--token %r: expected my.Name=VALUE or {{my.Name}}=VALUE" % text)
        key, value = stripped[:end + 2], stripped[end + 3:]
    elif "=" in stripped:
        key, value = stripped.split("=", 1)
    else:
        raise UsageError("--token %r: expected my.Name=VALUE or {{my.Name}}=VALUE" % text)
    name = evaluator.token_name(key)
    if name is None:
        raise UsageError("--token %r: %r is not a My Token (write my.Name=VALUE or {{my.Name}}=VALUE)" % (text, key.strip()))
    return name, value


def _read_data(path, what):
    """The single mapping held by a YAML/JSON file, or UsageError."""
    from mkto_lint.read.files import SIDE_FILE_LIMIT, NotRead, read_bytes

    p = Path(path)
    try:
        text = source.decode(read_bytes(p, SIDE_FILE_LIMIT))
    except NotRead as exc:
        raise UsageError("%s %s: %s" % (what, path, exc)) from None
    except OSError as exc:
        raise UsageError("%s %s: cannot read it: %s" % (what, path, exc.strerror or exc)) from None
    except source.DecodeError as exc:
        raise UsageError("%s %s: %s" % (what, path, exc)) from None
    try:
        if p.suffix.lower() == ".json":
            docs = [json.loads(text)]
        else:
            from mkto_lint.read import yaml12

            docs, problems = yaml12.load_all(text)
            if problems:
                raise UsageError("%s %s:%d: %s" % (what, path, problems[0][2].line + 1, problems[0][1]))
    except UsageError:
        raise
    except RecursionError:
        raise UsageError("%s %s: not valid YAML/JSON: nesting is too deep" % (what, path)) from None
    except Exception as exc:  # syntax errors: one line
        first = str(exc).strip().splitlines()
        raise UsageError("%s %s: not valid YAML/JSON: %s" % (what, path, " ".join(first[:1]) or type(exc).__name__)) from None
    docs = [d for d in docs if d is not None]
    if len(docs) != 1 or not isinstance(docs[0], dict):
        raise UsageError("%s %s: expected one mapping" % (what, path))
    return docs[0]


def load_run(path):
    from mkto_lint.evaluate import evaluator  # imported only when a campaign is resolved
    data = _read_data(path, "--run")
    if data.get("kind") != "Run":
        raise UsageError("--run %s: not a Run document (kind: Run)" % path)
    from mkto_lint.schema.check import SchemaSet

    schemas = SchemaSet()
    if not schemas.is_valid("Run", data):
        errors = schemas.errors("Run", data)
        first = errors[0] if errors else None
        where = "/".join(str(p) for p in first.path) if first and first.path else ""
        raise UsageError("--run %s: %s%s" % (path, where + ": " if where else "", first.message if first else "invalid Run document"))
    return evaluator.run_from_document(data)


def load_person(path):
    data = _read_data(path, "--person")
    for key, value in data.items():
        if not isinstance(key, str) or not (value is None or isinstance(value, (str, int, float, bool))):
            raise UsageError("--person %s: field %r must hold text, a number, true/false or null" % (path, key))
        if isinstance(value, float) and value != value or value in (float("inf"), float("-inf")):
            # 1e400 reads as infinity, and neither it nor NaN can be written back as JSON
            raise UsageError("--person %s: field %r holds %s, not a number Marketo could store" % (path, key, value))
    return dict(data)


def build_run(args):
    from mkto_lint.evaluate import evaluator  # imported only when a campaign is resolved
    run = load_run(args.run) if args.run else evaluator.RunSpec(campaign=None)
    if args.campaign is not None:
        # all digits on the command line mean an id (docs/format.md: a campaign reference)
        run.campaign = int(args.campaign) if args.campaign.strip().isdigit() else args.campaign
    if args.via:
        run.via = args.via
    for text in args.token:
        name, value = parse_token(text)
        run.tokens[name] = value
    if args.person:
        person = dict(run.person or {})
        person.update(load_person(args.person))
        run.person = person
    if args.set:
        person = dict(run.person or {})
        for text in args.set:
            name, value = _pair(text, "--set")
            person[name] = value
        run.person = person
    if args.trigger_value:
        trigger = dict(run.trigger or {})
        for text in args.trigger_value:
            name, value = _pair(text, "--trigger-value")
            trigger[name] = value
        run.trigger = trigger
    return run


def load_index(root, cfg, cwd, freeze=False):
    """(the ProjectIndex of every definition file below ``root``, the files read). ``freeze``
    (the console script only): keep the collector off the project for the rest of the process."""
    from mkto_lint.project.index import ProjectIndex
    from mkto_lint.read.discover import collect
    from mkto_lint.read.files import read_files

    paths, _checked, _left_out, _nested = collect([str(root)], cfg, cwd)
    gc_was = gc.isenabled()
    gc.disable()
    try:
        files = read_files(paths, cfg, cwd)
        documents = [d for f in files if f.is_definition for d in f.documents if d.kind in source.KINDS]
        return ProjectIndex(documents), files
    finally:
        if freeze:
            gc.freeze()  # the project is not garbage: keep the collector off it
        if gc_was:
            gc.enable()


def command(args, out):
    from mkto_lint.evaluate import evaluator  # imported only when a campaign is resolved
    from mkto_lint.report import trace as trace_report

    cwd = Path(os.getcwd()).resolve()
    if args.root:
        root = Path(args.root)
        if not root.is_dir():
            raise UsageError("--root %s: not a directory" % args.root)
        root = root.resolve()
    else:
        root = config_mod.find_root(cwd) or cwd
    run = build_run(args)
    if run.campaign is None and not args.all:
        raise UsageError("name the campaign to resolve (CAMPAIGN or --run FILE), or use --all")
    cfg = config_mod.load(root)
    index, _files = load_index(root, cfg, cwd, freeze=args.keep is not None)
    depth = cfg.max_nesting_depth
    if args.all:  # streamed (one trace in memory at a time), on every core
        from mkto_lint.cli.resolve_all import write_all

        specs = [evaluator.RunSpec(campaign=campaign, via=run.via, tokens=dict(run.tokens), person=run.person,
                                   trigger=run.trigger) for campaign in index.campaigns if not campaign.is_executable]
        write_all(index, specs, depth, args.format, out, cfg.custom_actions)
        return 0
    try:
        trace = evaluator.evaluate(index, run, max_depth=depth, memo=evaluator.RunMemo(index, cfg.custom_actions))
    except evaluator.ResolveError as exc:
        raise UsageError(str(exc)) from None
    unreadable = [f for f in _files if any(p.code == "MKL001" for p in f.problems)]
    if unreadable:
        trace.notes.append("%d file%s of the project could not be read (%s): their campaigns are missing "
                           "from this run; see `mkto-lint check`"
                           % (len(unreadable), "" if len(unreadable) == 1 else "s",
                              ", ".join(f.display for f in unreadable[:3]) + (", ..." if len(unreadable) > 3 else "")))
    render = trace_report.render_json if args.format == "json" else trace_report.render_text
    out.write(render(trace))
    return 0


__all__ = ["add_parser", "command", "parse_token", "build_run", "load_index", "load_run"]
