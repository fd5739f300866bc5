"""Coverage-guided fuzzing of the loader and of the whole check (atheris + libFuzzer).

Not run in CI. See the README's development section::

    pip install atheris
    python fuzz/make_seeds.py /tmp/mkto-fuzz/seeds
    python fuzz/fuzz_check.py --keep-going=/tmp/mkto-fuzz/crashes /tmp/mkto-fuzz/corpus /tmp/mkto-fuzz/seeds \\
        -max_total_time=1800 -timeout=20 -rss_limit_mb=2048 -max_len=12000 -artifact_prefix=/tmp/mkto-fuzz/

``--keep-going=DIR`` records each distinct exception (by type and raising line) in DIR, with
its traceback, and goes on; without it the first exception stops the run, as libFuzzer does.
Hangs (``-timeout``) and memory blow-ups (``-rss_limit_mb``) always stop it.

The first byte of an input chooses the target and the file name (YAML, JSON, ``.yml``); the rest
is the file's bytes. Targets: the loader alone (``parse.read`` then a position for every path
of every document), or the whole check (of the file alone, or next to the example instance)
followed by a dry run of every campaign of the file. The seeds hold every example file, and
the whole example instance as one multi-document YAML file and as one JSON list. Anything
that raises is a crash: keep the input as a regression test under
``tests/adversarial/crashers/`` (``tests/test_adversarial.py`` replays every file there).
"""

from __future__ import annotations

import os
import sys

sys.setrecursionlimit(1000)  # the interpreter's default, as the command line has it

import atheris  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

with atheris.instrument_imports(include=["mkto_lint", "harness"]):
    import harness
    from mkto_lint import engine  # noqa: F401
    from mkto_lint.project import source
    from mkto_lint.read import parse
    from mkto_lint.findings import AT_KEY, AT_START, AT_VALUE
    from mkto_lint.ruleset.registry import all_rules
    from mkto_lint.report import FORMATS, trace  # noqa: F401

    all_rules()  # imports (and so instruments) every rule module

NAMES = ("fuzzed.yaml", "fuzzed.json", "fuzzed.yml")


def _paths(value, prefix=(), budget=None):
    """Every path into a document (bounded)."""
    budget = budget if budget is not None else [2000]
    if budget[0] <= 0:
        return
    budget[0] -= 1
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,), budget)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,), budget)


def load_only(data, name):
    sf = source.SourceFile(harness.FUZZ_ROOT / name, name, name)
    parse.read(sf, data)
    for doc in sf.documents:
        for path in _paths(doc.data):
            for at in (AT_KEY, AT_VALUE, AT_START):
                span = sf.locator.span(doc.target(path, at))
                assert span.line >= 1 and span.column >= 1, (path, span)


def run_one(data):
    if not data:
        return
    selector, body = data[0], data[1:]
    name = NAMES[selector % 3]
    if (selector >> 2) % 2:
        load_only(body, name)
    else:
        harness.check_bytes(body, name, with_examples=bool((selector >> 3) % 2))


KEEP_GOING = None  # a folder: record each distinct exception there and go on fuzzing
_SEEN = set()


def TestOneInput(data):
    if KEEP_GOING is None:
        run_one(data)
        return
    try:
        run_one(data)
    except Exception as exc:  # noqa: BLE001 - every exception is a finding of the fuzzer
        import hashlib
        import traceback

        frames = traceback.extract_tb(exc.__traceback__)
        last = frames[-1] if frames else None
        signature = "%s-%s-%s" % (type(exc).__name__, os.path.basename(last.filename) if last else "?",
                                  last.lineno if last else 0)
        if signature in _SEEN:
            return
        _SEEN.add(signature)
        digest = hashlib.sha1(data).hexdigest()[:12]
        base = os.path.join(KEEP_GOING, "crash-%s-%s" % (signature, digest))
        with open(base, "wb") as out:
            out.write(data)
        with open(base + ".txt", "w", encoding="utf-8") as out:
            out.write("".join(traceback.format_exception(exc)))
        sys.stderr.write("\n=== new crash %s (saved as %s) ===\n" % (signature, base))


def main():
    global KEEP_GOING
    harness.env_quiet()
    argv = []
    for arg in sys.argv:
        if arg.startswith("--keep-going="):
            KEEP_GOING = arg.split("=", 1)[1]
            os.makedirs(KEEP_GOING, exist_ok=True)
        else:
            argv.append(arg)
    atheris.Setup(argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
