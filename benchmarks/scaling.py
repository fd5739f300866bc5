"""Work that must grow no faster than its input (hostile input, round two, items 6-11).

    python benchmarks/scaling.py [--base N]

Each case is run as a real process at two sizes 4x apart and the ratio of their wall times is
printed; a linear cost gives about 4x, the bound is 6x. (Not a test: a timed test on a shared
machine would fail at random; tests/test_adversarial.py runs small sizes of the same inputs.)
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
P = "kind: Program\nname: P\n"


def unknown_keys(n):  # item 6: a position looked up for each of n keys of one mapping
    return {"p.yaml": P + "".join("k%06d: 1\n" % i for i in range(n))}, ("check", "-q", ".")


def tokens_in_one_string(n):  # item 7: n token findings inside one string
    return {"c.yaml": P + "---\nkind: SmartCampaign\nname: C\nprogram: P\n"
            "smartList: {triggers: [{name: Campaign is Requested}]}\nflow:\n"
            "  - action: Interesting Moment\n    attributes:\n      type: Milestone\n"
            '      description: "' + "{{my.X}} " * n + '"\n'}, ("check", "-q", ".")


def suppressed_findings(n):  # item 8: n findings, each suppressed by its own comment
    return {"p.yaml": P + "".join("k%06d: 1  # mkto-lint: ignore[MKL003]\n" % i for i in range(n))}, ("check", "-q", ".")


def alias_bombs(n):  # item 9: n small alias bombs in one multi-document file
    sys.path.insert(0, str(HERE.parent / "tests"))
    from adversarial import generators

    doc = generators.alias_bomb(levels=3)
    return {"b.yaml": "---\n".join(doc.replace("name: Bomb", "name: B%d" % i) for i in range(n))}, ("check", "-q", ".")


def alias_bomb_files(n):  # item 9, the run's budget: n files, each with a small bomb under its own
    sys.path.insert(0, str(HERE.parent / "tests"))
    from adversarial import generators

    doc = generators.alias_bomb(levels=3)
    return {"b%05d.yaml" % i: doc.replace("name: Bomb", "name: B%d" % i) for i in range(n)}, ("check", "-q", ".")


def long_json_string(n):  # item 10: one long JSON string, with a finding inside it
    return {"p.json": '[{"kind": "Program", "name": "P", "type": "Bogus", "description": "%s"}, {"kind": '
                      '"SmartCampaign", "name": "C", "program": "P", "smartList": {"triggers": [{"name": "Campaign is '
                      'Requested"}]}, "flow": [{"action": "Interesting Moment", "attributes": {"type": "Milestone", '
                      '"description": "%s {{my.Missing}}"}}]}]' % ("x" * n, "y" * n)}, ("check", "-q", ".")


def executable_chain(n):  # item 11: resolve down a chain of n executables
    docs = [P]
    for i in range(n):
        docs.append("kind: SmartCampaign\nname: C%d\nprogram: P\n%sflow:\n  - action: Execute Campaign\n"
                    "    attributes: {campaign: C%d}\n" % (i, "isExecutable: true\n" if i else
                                                           "smartList: {triggers: [{name: Campaign is Requested}]}\n", i + 1))
    docs.append("kind: SmartCampaign\nname: C%d\nprogram: P\nisExecutable: true\nflow:\n  - action: Send Alert\n" % n)
    return {"c.yaml": "---\n".join(docs)}, ("resolve", "P.C0", "--format", "json")


CASES = [("6 unknown keys", unknown_keys, 4000), ("7 tokens in one string", tokens_in_one_string, 4000),
         ("8 suppressed findings", suppressed_findings, 4000), ("9 alias bombs in one file", alias_bombs, 200),
         ("9 alias bombs in many files", alias_bomb_files, 100),
         ("10 one long JSON string", long_json_string, 2_000_000), ("11 a chain of executables", executable_chain, 500)]


def run(files, args):
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in files.items():
            Path(tmp, name).write_text(text, encoding="utf-8")
        Path(tmp, ".mkto-lint.yaml").write_text("max-file-size: 1000000000\n", encoding="utf-8")
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "mkto_lint", *args], cwd=tmp, capture_output=True,
                              env=dict(os.environ, MKTO_LINT_NO_POOL="1"))
        wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak, proc.returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=float, default=1.0, help="scale every case's smaller size by this")
    args = ap.parse_args()
    print("| case | size | wall | size x4 | wall | ratio (bound 6x) |")
    print("|---|---|---|---|---|---|")
    worst = 0.0
    for name, make, size in CASES:
        small = int(size * args.base)
        t1, _m1, _c1 = run(*make(small))
        t2, _m2, _c2 = run(*make(small * 4))
        ratio = t2 / t1 if t1 else float("inf")
        worst = max(worst, ratio)
        print("| %s | %d | %.2f s | %d | %.2f s | %.1fx%s |" % (name, small, t1, small * 4, t2, ratio,
                                                               "" if ratio < 6 else " **over**"))
    return 0 if worst < 6 else 1


if __name__ == "__main__":
    sys.exit(main())
