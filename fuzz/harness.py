"""What the fuzz targets run, importable without atheris (the regression tests use it too).

``check_bytes(data, suffix)`` puts ``data`` in a project next to the example instance (read from
memory, not from disk) and runs everything ``mkto-lint check`` runs on it: the fast read, the
schema check, the index, every rule, the precise path's positions, suppressions and every
report format; then ``mkto-lint resolve`` of every campaign of the project. Any exception that
escapes is a bug: the command line would print "internal error" (exit 2) for it.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
FUZZ_ROOT = Path("/nonexistent-mkto-lint-fuzz-root")  # never touched: every file is in memory


def example_files():
    """{path relative to examples/: bytes} of the example instance."""
    out = {}
    for path in sorted(EXAMPLES.rglob("*")):
        if path.is_file() and path.suffix in (".yaml", ".yml", ".json") and not path.name.startswith("."):
            out[path.relative_to(EXAMPLES).as_posix()] = path.read_bytes()
    return out


_EXAMPLES = None


def _config(limits=None):
    from mkto_lint.config import Config

    cfg = Config(root=FUZZ_ROOT)  # the defaults: what a user without a configuration gets
    if limits:
        for k, v in limits.items():
            setattr(cfg, k, v)
    return cfg


def read_memory(files, cfg):
    """SourceFiles of ``{rel: bytes}``, as ``engine.read_files`` would make them from disk."""
    from mkto_lint import engine
    from mkto_lint.project import source
    from mkto_lint.read import parse

    out = []
    for rel, raw in files.items():
        path = FUZZ_ROOT / rel
        sf = source.SourceFile(path, rel, rel)
        if len(raw) > cfg.max_file_bytes:  # the engine's size check, which reads st_size
            sf.is_definition = True
            sf.problem("MKL001", "file is %d bytes, over the limit" % len(raw), engine.Span(1, 1, 1, 1))
        else:
            parse.read(sf, raw, cfg.limits())
        out.append(sf)
    return out


def check_files(files, checked=None, limits=None, resolve=None):
    """Run check over ``{rel: bytes}``, then resolve every campaign of the files named in
    ``resolve`` (default: of every file); returns (Result, report texts, traces)."""
    global _EXAMPLES
    from mkto_lint import engine
    from mkto_lint.report import FORMATS
    from mkto_lint.schema.check import KIND_SCHEMAS, SchemaSet

    cfg = _config(limits)
    sfs = read_memory(files, cfg)
    paths = [sf.path for sf in sfs]
    checked_paths = set(paths) if checked is None else {FUZZ_ROOT / rel for rel in checked}
    schemas = SchemaSet()
    for sf in sfs:
        if sf.path in checked_paths and sf.is_definition:
            for doc in sf.documents:
                if doc.kind in KIND_SCHEMAS:
                    doc.valid = schemas.is_valid(doc.kind, doc.data)
    by_path = {sf.path: sf for sf in sfs}

    def fake_read_files(all_paths, config, cwd, checked=frozenset()):
        return [by_path[p] for p in all_paths]

    real = engine.read_files
    engine.read_files = fake_read_files
    try:
        result = engine._run(paths, checked_paths, cfg, FUZZ_ROOT, None, None)
    finally:
        engine.read_files = real
    reports = {fmt: render(result, color=False, quiet=False) for fmt, render in sorted(FORMATS.items())}
    wanted = None if resolve is None else {FUZZ_ROOT / rel for rel in resolve}
    traces = resolve_all(result.index, cfg, wanted)
    return result, reports, traces


def resolve_all(index, cfg, paths=None):
    """Every campaign (of the files ``paths``, default all) dry-run, each way it can start,
    rendered as text and JSON."""
    from mkto_lint.evaluate import evaluator
    from mkto_lint.report import trace as trace_report

    out = []
    memo = evaluator.RunMemo(index)
    for campaign in index.campaigns:
        if paths is not None and campaign.doc.file.path not in paths:
            continue
        for via in evaluator.VIAS:
            spec = evaluator.RunSpec(campaign=campaign, via=via, tokens={"Score": "+1"},
                                     person={"Job Title": "VP"}, trigger={"Name": "x"})
            trace = evaluator.evaluate(index, spec, max_depth=cfg.max_nesting_depth, memo=memo)
            out.append(trace_report.render_text(trace))
            out.append(trace_report.render_json(trace))
    return out


def check_bytes(data, name="fuzzed.yaml", with_examples=True):
    """One input: ``data`` as the file ``name`` of a project (optionally with the examples)."""
    global _EXAMPLES
    if _EXAMPLES is None:
        _EXAMPLES = example_files()
    files = dict(_EXAMPLES) if with_examples else {}
    files[name] = data
    return check_files(files, checked=None, resolve=[name])


def env_quiet():
    os.environ.setdefault("MKTO_LINT_NO_POOL", "1")
