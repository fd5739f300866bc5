"""Write the fuzz harness's seed corpus: the example instance as one file (YAML and JSON),
every file of the example instance and of the rule test cases, each for both targets (the
whole check next to the examples, the loader alone), plus the small adversarial cases.

    python fuzz/make_seeds.py DIR
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def whole_instance():
    """The example instance as one multi-document YAML file and as one JSON list."""
    import json

    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").rglob("*.yaml"))
             if not p.name.startswith(".")]
    yield b"\x00" + "\n---\n".join(texts).encode("utf-8")
    import yaml

    docs = []
    for text in texts:
        docs.extend(d for d in yaml.safe_load_all(text) if d is not None)
    yield b"\x01" + json.dumps(docs, indent=1, default=str).encode("utf-8")


def seeds():
    yield from whole_instance()
    files = []
    for folder in (REPO / "examples", REPO / "tests" / "rules", REPO / "tests" / "adversarial" / "crashers"):
        if folder.is_dir():
            files += [p for p in sorted(folder.rglob("*"))
                      if p.is_file() and p.suffix in (".yaml", ".yml", ".json") and not p.name.startswith(".")]
    for path in files:
        body = path.read_bytes()
        if len(body) > 20_000:
            continue
        name_bits = {".yaml": 0, ".json": 1, ".yml": 2}[path.suffix]
        for target in (8, 4):  # whole check next to the examples, loader only
            yield bytes([name_bits | target]) + body
    sys.path.insert(0, str(REPO / "tests"))
    try:
        from adversarial import cases
    except ImportError:
        return
    for case in cases.small_cases():
        for rel, body in case.files.items():
            if isinstance(body, str):
                body = body.encode("utf-8")
            if isinstance(rel, str) and isinstance(body, bytes) and len(body) <= 20_000 and rel.endswith((".yaml", ".json", ".yml")):
                name_bits = 1 if rel.endswith(".json") else 0
                yield bytes([name_bits | 8]) + body  # the whole check, next to the examples


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: python fuzz/make_seeds.py DIR\n")
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for data in seeds():
        (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
        n += 1
    print("%d seeds in %s" % (n, out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
