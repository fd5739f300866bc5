"""Benchmark mkto-lint on a synthetic instance (not a test: speed goals are measured here).

    python benchmarks/bench.py [--campaigns 10000] [--out benchmarks/out] [--no-compare] [--repeat 3]

Generates (once) an instance of N campaigns with benchmarks/generate.py, one YAML file per
asset plus the same documents as one bulk JSON file, then reports wall time and peak memory of:
- `mkto-lint check` over the YAML files, and over the bulk JSON file (the median of --repeat
  runs), with the share of each phase (read, validate, index, rules, locate) from
  MKTO_LINT_TIMINGS; and the bulk file's floor: ``json.loads`` and jsonschema-rs over its
  documents in one process, with the ratio; and the bulk check with no rule but the two
  reading rules that need the index (reading and the index, what every cross-file rule
  stands on), with its ratio to that floor;
- `mkto-lint check` of one valid file (its own small project), interpreter start included;
- the cache (``.mkto-lint-cache/``): a full check with a cold cache (none: the first run,
  which writes it), with a warm one and nothing changed, and the pre-commit hook's run, one
  changed file named in the whole root, with a warm cache and without one;
- every file of the instance named on the command line (what `pre-commit run --all-files`
  passes), against the folder;
- `check-jsonschema` with the same (bundled) schema over the same files, for comparison
  (install it with `pip install -e '.[bench]'`; skipped when absent or with --no-compare);
- with --resolve-all, the dry-run evaluator over every non-executable campaign.
Prints a Markdown table (the README's figures come from it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402


def measure(cmd, cwd=None, env=None):
    """(wall seconds, peak RSS in MiB of the command and its children, stdout, stderr, code)."""
    runner = (
        "import resource, subprocess, sys, time, json;"
        "t = time.perf_counter();"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
        "w = time.perf_counter() - t;"
        "m = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024;"
        "print(json.dumps([w, m, p.stdout[-4000:], p.stderr[-4000:], p.returncode]))"
    )
    full_env = dict(os.environ, **(env or {}))
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure as installed: bytecode cached
    out = subprocess.run([sys.executable, "-c", runner, *cmd], capture_output=True, text=True, cwd=cwd, env=full_env)
    import json

    return tuple(json.loads(out.stdout))


def timings(stderr):
    for line in stderr.splitlines():
        if line.startswith("timings: "):
            return dict((k, float(v)) for k, v in (p.split("=") for p in line[9:].split()))
    return {}


# the bulk file's floor (issue 16): reading it and validating its documents, nothing else
FLOOR = """
import json, sys, jsonschema_rs
with open(sys.argv[2], encoding="utf-8") as f:
    check = jsonschema_rs.validator_for(json.load(f)).is_valid
with open(sys.argv[1], "rb") as f:
    documents = json.loads(f.read().decode("utf-8"))
print(sum(map(check, documents)))
"""


def mkto_lint():
    exe = shutil.which("mkto-lint", path=str(Path(sys.executable).parent)) or shutil.which("mkto-lint")
    return [exe] if exe else [sys.executable, "-m", "mkto_lint"]


def row(name, wall, mem, extra=""):
    return "| %s | %.2f s | %.0f MiB | %s |" % (name, wall, mem, extra)


def main():
    ap = argparse.ArgumentParser(description="benchmark mkto-lint")
    ap.add_argument("--campaigns", type=int, default=10000)
    ap.add_argument("--out", default=str(HERE / "out"))
    ap.add_argument("--no-compare", action="store_true", help="skip check-jsonschema")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each full check (the median is shown)")
    ap.add_argument("--resolve-all", action="store_true", help="also time the evaluator over every parent campaign")
    args = ap.parse_args()

    inst = Path(args.out) / ("instance-%d" % args.campaigns)
    ydir, bulk = inst / "yaml", inst / "bulk" / "export.json"
    if not bulk.exists():
        generate.write(inst, args.campaigns)
    files = sorted(str(p) for p in ydir.rglob("*.yaml"))
    lines = ["| run (%d campaigns, %d files) | wall | peak memory | notes |" % (args.campaigns, len(files)),
             "|---|---|---|---|"]
    env = {"MKTO_LINT_TIMINGS": "1"}
    cold = dict(env, MKTO_LINT_NO_CACHE="1")  # the variable is ignored by versions without a cache

    def median_row(name, cmd, where, run_env, before=None, note=None):
        runs = []
        for _ in range(args.repeat):
            if before:
                before()
            runs.append(measure(mkto_lint() + cmd, cwd=where, env=run_env))
        runs.sort()
        wall, mem, out, err, code = runs[len(runs) // 2]  # the median run, with its phases
        share = " ".join("%s %.2f" % kv for kv in timings(err).items())
        lines.append(row("%s (median of %d; %.2f-%.2f s)" % (name, args.repeat, runs[0][0], runs[-1][0]), wall,
                         max(r[1] for r in runs), "exit %d; phases (s): %s%s" % (code, share, note(wall) if note else "")))
        return wall

    _yaml_wall, bulk_wall = (median_row("mkto-lint check, %s, no cache" % name, ["check", "--quiet", "."], where, cold)
                             for name, where in (("one YAML file per asset", ydir), ("one bulk JSON file", bulk.parent)))
    schema = str(REPO / "schemas" / "mkto-lint.bundled.schema.json")
    floors = [sorted(measure([sys.executable, "-c", prefix + FLOOR, str(bulk), schema]) for _ in range(args.repeat))
              for prefix in ("", "import gc; gc.disable()\n")]  # as written plainly; with mkto-lint's collector off
    (floor_wall, mem, out, err, code), plain_off = (runs[len(runs) // 2] for runs in floors)
    lines.append(row("floor: json.loads + jsonschema-rs over the bulk file's documents, one process (median of %d)"
                     % args.repeat, floor_wall, mem, "%s valid; the bulk check is %.2fx this; with the collector off (as "
                     "mkto-lint runs) the floor is %.2f s, and the check %.2fx that"
                     % (out.strip(), bulk_wall / floor_wall, plain_off[0], bulk_wall / plain_off[0])))
    # what any check that runs a cross-file rule costs before its rules: reading and the index
    # (MKL005 and MKL006 need the index and do next to nothing with it)
    median_row("mkto-lint check, the bulk JSON file, reading and the index only (--select MKL), no cache",
               ["check", "--quiet", "--select", "MKL", "."], bulk.parent, cold,
               note=lambda bound: "; %.2fx the floor" % (bound / floor_wall))

    def no_cache():
        shutil.rmtree(ydir / ".mkto-lint-cache", ignore_errors=True)

    median_row("mkto-lint check, YAML files, cold cache (the first run, writing it)", ["check", "--quiet", "."],
               ydir, env, before=no_cache)
    measure(mkto_lint() + ["check", "--quiet", "."], cwd=ydir)  # a warm cache
    median_row("mkto-lint check, YAML files, warm cache, nothing changed", ["check", "--quiet", "."], ydir, env)
    changed = ydir / "p00001" / "c01.yaml"
    original = changed.read_text(encoding="utf-8")
    edits = iter(range(10**6))

    def edit():  # a new comment each time: the file changes, its findings do not
        changed.write_text(original + "# edit %d\n" % next(edits), encoding="utf-8")

    try:
        median_row("mkto-lint check ONE-CHANGED-FILE in the whole root, warm cache (the pre-commit hook)",
                   ["check", "--quiet", "p00001/c01.yaml"], ydir, env, before=edit)
        median_row("mkto-lint check ONE-CHANGED-FILE in the whole root, no cache",
                   ["check", "--quiet", "p00001/c01.yaml"], ydir, cold, before=edit)
    finally:
        changed.write_text(original, encoding="utf-8")
    listed = sorted(p.relative_to(ydir).as_posix() for p in ydir.rglob("*.yaml") if ".mkto-lint-cache" not in p.parts)
    median_row("mkto-lint check of the %d files named (pre-commit run --all-files), no cache" % len(listed),
               ["check", "--quiet", *listed], ydir, cold)

    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp)
        shutil.copy(ydir / "p00001" / "program.yaml", one / "program.yaml")
        shutil.copy(ydir / "p00001" / "c01.yaml", one / "campaign.yaml")
        (one / ".mkto-lint.yaml").write_text("ignore: [MKL006]\n")  # the callee lives elsewhere
        walls = []
        measure(mkto_lint() + ["check", "campaign.yaml"], cwd=one)  # warm-up: bytecode, page cache
        for _ in range(7):
            wall, mem, out, err, code = measure(mkto_lint() + ["check", "campaign.yaml"], cwd=one)
            walls.append(wall)
        lines.append(row("mkto-lint check, one valid file (median of 7)", statistics.median(walls), mem, "exit %d" % code))

    if not args.no_compare:
        cj = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or shutil.which("check-jsonschema")
        if cj:
            schema = REPO / "schemas" / "mkto-lint.bundled.schema.json"
            wall, mem, out, err, code = measure([cj, "--schemafile", str(schema), *files], cwd=ydir)
            lines.append(row("check-jsonschema (schema only), same YAML files", wall, mem, "exit %d" % code))
            wall2, mem2, *_ = measure(mkto_lint() + ["check", "--quiet", "--select", "MKL001,MKL002,MKL003,MKL004", "."],
                                      cwd=ydir, env=cold)
            lines.append(row("mkto-lint check, schema rules only, same files", wall2, mem2, "%.1fx faster than check-jsonschema" % (wall / wall2)))
        else:
            lines.append("| check-jsonschema | - | - | not installed: pip install -e '.[bench]' |")

    if args.resolve_all:
        wall, mem, out, err, code = measure(mkto_lint() + ["resolve", "--all", "--format", "json", "--root", "."], cwd=ydir)
        lines.append(row("mkto-lint resolve --all (every non-executable campaign)", wall, mem, "exit %d" % code))

    print("\n".join(lines))


if __name__ == "__main__":
    main()
