"""``mkto-lint report`` (the audit report: one HTML file) and ``mkto-lint graph`` (the call
graph as DOT or Mermaid): their command lines. Both run the same check as ``check`` (its
paths, root, configuration and selection, from :mod:`mkto_lint.cli.main`), so the picture shows
what ``check`` reports."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkto_lint import config as config_mod
from mkto_lint.errors import UsageError
from mkto_lint.report.visible import visible


def add_parsers(sub) -> None:
    from mkto_lint.cli.main import add_check_options, add_outcome_options

    report = sub.add_parser("report", help="write the audit report: one self-contained HTML file with the call graph")
    add_check_options(report)
    add_outcome_options(report)
    report.add_argument("--out", metavar="FILE", required=True, help="the HTML file to write (atomically); - for standard output")
    report.add_argument("--quiet", "-q", action="store_true", help="no summary line")

    graph = sub.add_parser("graph", help="print the call graph as Graphviz DOT or a Mermaid flowchart")
    graph.add_argument("campaign", nargs="?", metavar="CAMPAIGN",
                       help='only what this campaign reaches: "Program Name.Campaign Name" or its id')
    graph.add_argument("--root", metavar="DIR", help="project root (default: nearest folder upward with a configuration, else the current folder)")
    graph.add_argument("--program", metavar="NAME", help="only this program's campaigns and the campaigns they call or are called by")
    graph.add_argument("--format", choices=("dot", "mermaid"), default="dot")
    graph.set_defaults(select=None, extend_select=None, ignore=None, fail_on=None, baseline=None)


def _checked(args, cwd):
    """(configuration, Result, baseline fingerprints or None) of check's run for ``args``."""
    from mkto_lint.cli.main import _root, run_check

    root, named = _root(args, cwd)
    cfg = config_mod.load(root)
    result, known, _status = run_check(args, cfg, cwd, named=named)
    if known is not None:
        from mkto_lint.suppress import baseline

        result.findings = baseline.filter_new(result.findings, known)
    return cfg, result


def cmd_report(args, out) -> int:
    from mkto_lint.cli.main import _write_report, report_internal_errors
    from mkto_lint.report import html_report, summary_line

    cwd = Path(os.getcwd()).resolve()
    cfg, result = _checked(args, cwd)
    if args.out == "-":  # standard output, as check's --output -: file links relative to here
        out.write(html_report.render(result, cfg, cwd))
        report_internal_errors(result)
        return result.exit_status
    page = html_report.render(result, cfg, Path(args.out).resolve().parent)
    _write_report(args.out, page)
    if not args.quiet:
        out.write("%s (report: %s)\n" % (summary_line(result), visible(args.out)))
    report_internal_errors(result)
    return result.exit_status


def cmd_graph(args, out) -> int:
    from mkto_lint.graph import dot, mermaid, model as model_mod

    cwd = Path(os.getcwd()).resolve()
    args.paths = [args.root or "."]
    cfg, result = _checked(args, cwd)
    if result.index is None:
        raise UsageError("no definition files under %s" % (args.root or "."))
    model = model_mod.build(result.index, result.findings, cfg.max_nesting_depth)
    if args.campaign is not None:
        model = _reachable(model, result.index, args.campaign)
    if args.program is not None:
        model = _of_program(model, args.program)
    out.write((dot if args.format == "dot" else mermaid).render(model))
    return 0


def _reachable(model, index, ref):
    from mkto_lint.evaluate.runspec import ResolveError, find_campaign

    ref = int(ref) if ref.strip().isdigit() else ref  # all digits mean an id, as in resolve
    try:
        campaign = find_campaign(index, ref)
    except ResolveError as exc:
        raise UsageError(str(exc)) from None
    node = model.node_of.get(campaign)
    if node is None:
        sys.stderr.write('mkto-lint: note: "%s" is on no call path: it calls nothing and nothing calls it\n'
                         % visible(campaign.label))
        return model.restricted(())
    return model.restricted(model.reachable(node))


def _of_program(model, name):
    """The program's campaigns, their neighbours and the edges that touch the program."""
    own = {n for n in model.nodes if n.program == name}
    if not own:
        programs = sorted({n.program for n in model.nodes if n.program})
        from mkto_lint.suggest import suggest

        close = suggest(name, programs)
        raise UsageError('no campaign of program "%s" is on a call path%s' % (
            name, ' (did you mean "%s"?)' % close if close else ""))
    touching = [e for e in model.edges if e.caller in own or e.callee in own]
    sub = model.restricted(own.union(*((e.caller, e.callee) for e in touching)))
    sub.edges = [e for e in sub.edges if e.caller in own or e.callee in own]  # not the neighbours' own calls
    return sub


__all__ = ["add_parsers", "cmd_report", "cmd_graph"]
