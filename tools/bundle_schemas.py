"""Build ``mkto-lint.bundled.schema.json``: ``document.schema.json`` made self-contained.

Every schema file reachable from ``document.schema.json`` is copied into one document and
every ``$ref`` is rewritten to an internal JSON pointer (``#/$defs/...``), so that an editor's
YAML language server can use the file without fetching anything:

- the ``$defs`` of ``document.schema.json`` and of ``common.schema.json`` become the bundle's
  top-level ``$defs`` (same names, so ``#/$defs/filter`` is the common filter);
- each per-kind schema (``program.schema.json``...) becomes ``#/$defs/<Kind>``.

Usage::

    python tools/bundle_schemas.py          # rewrite schemas/mkto-lint.bundled.schema.json
    python tools/bundle_schemas.py --check  # exit 1 if the bundled file is out of date

Only the standard library is used. The output is deterministic (sorted keys, 2-space indent,
trailing newline).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urldefrag, urljoin

HERE = Path(__file__).resolve().parent.parent / "schemas"  # a developer tool: the wheel ships only the schemas
ROOT_FILE = "document.schema.json"
BUNDLE_FILE = "mkto-lint.bundled.schema.json"
BUNDLE_ID = "https://mkto-lint.dev/schemas/v1/" + BUNDLE_FILE

# Files whose `$defs` are merged into the bundle's top-level `$defs` (their roots are never
# referenced as schemas); every other file becomes one `$defs` entry named here.
MERGED_FILES = (ROOT_FILE, "common.schema.json")
DEF_NAMES = {
    "program.schema.json": "Program",
    "folder.schema.json": "Folder",
    "smart-campaign.schema.json": "SmartCampaign",
    "smart-list.schema.json": "SmartList",
    "run.schema.json": "Run",
}


class BundleError(Exception):
    """The schema files cannot be bundled (unknown reference, name clash...)."""


def load_schemas(folder: Path = HERE) -> dict[str, tuple[str, dict]]:
    """Map each schema's ``$id`` to (file name, schema) for every ``*.schema.json``."""
    by_id: dict[str, tuple[str, dict]] = {}
    for path in sorted(folder.glob("*.schema.json")):
        if path.name == BUNDLE_FILE:
            continue
        schema = json.loads(path.read_text(encoding="utf-8"))
        schema_id = schema.get("$id")
        if not isinstance(schema_id, str) or schema_id in by_id:
            raise BundleError(f"{path.name}: missing or duplicate $id")
        by_id[schema_id] = (path.name, schema)
    return by_id


def _refs(node):
    """Yield every ``$ref`` string in a schema (any depth)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _check_no_nested_ids(node, where: str, top: bool = True) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("$id", "$anchor", "$dynamicAnchor", "$dynamicRef") and not top:
                raise BundleError(f"{where}: nested {key} is not supported by bundle.py")
            _check_no_nested_ids(value, where, top=False)
    elif isinstance(node, list):
        for value in node:
            _check_no_nested_ids(value, where, top=False)


def build_bundle(folder: Path = HERE) -> dict:
    """Return the bundled schema as a dict."""
    by_id = load_schemas(folder)
    by_name = {name: (schema_id, schema) for schema_id, (name, schema) in by_id.items()}
    if ROOT_FILE not in by_name:
        raise BundleError(f"{ROOT_FILE} not found in {folder}")

    # Files reachable from the root, in a stable order.
    reachable: list[str] = []
    todo = [ROOT_FILE]
    while todo:
        name = todo.pop(0)
        if name in reachable:
            continue
        reachable.append(name)
        schema_id, schema = by_name[name]
        _check_no_nested_ids(schema, name)
        for ref in _refs(schema):
            uri, _ = urldefrag(urljoin(schema_id, ref))
            if uri not in by_id:
                raise BundleError(f"{name}: $ref {ref!r} names no schema file ({uri})")
            todo.append(by_id[uri][0])

    def new_pointer(name: str, fragment: str, ref: str, source: str) -> str:
        if fragment and not fragment.startswith("/"):
            raise BundleError(f"{source}: $ref {ref!r}: only JSON-pointer fragments are supported")
        if name in MERGED_FILES:
            if name != ROOT_FILE and not fragment.startswith("/$defs/"):
                raise BundleError(f"{source}: $ref {ref!r} must point into the $defs of {name}")
            return "#" + fragment
        if name not in DEF_NAMES:
            raise BundleError(f"{source}: {name} has no entry in bundle.DEF_NAMES")
        return "#/$defs/" + DEF_NAMES[name] + fragment

    def rewrite(node, source: str, base: str):
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str):
                    uri, fragment = urldefrag(urljoin(base, value))
                    out[key] = new_pointer(by_id[uri][0], fragment, value, source)
                else:
                    out[key] = rewrite(value, source, base)
            return out
        if isinstance(node, list):
            return [rewrite(value, source, base) for value in node]
        return node

    root_id, root = by_name[ROOT_FILE]
    bundle = {key: rewrite(value, ROOT_FILE, root_id) for key, value in root.items() if key != "$defs"}
    bundle["$id"] = BUNDLE_ID
    bundle["title"] = root.get("title", "mkto-lint document") + " (bundled)"
    bundle["description"] = (
        root.get("description", "")
        + " Self-contained edition for editors: every definition is included, nothing is fetched."
    ).strip()
    bundle["$comment"] = (
        "Generated by tools/bundle_schemas.py from document.schema.json and the files it references."
        " Do not edit by hand."
    )

    defs: dict[str, object] = {}

    def add_def(key: str, value, source: str) -> None:
        if key in defs:
            raise BundleError(f"$defs name clash in the bundle: {key!r} (from {source})")
        defs[key] = value

    for name in reachable:
        schema_id, schema = by_name[name]
        if name in MERGED_FILES:
            for key, value in schema.get("$defs", {}).items():
                add_def(key, rewrite(value, name, schema_id), name)
            continue
        body = {k: v for k, v in schema.items() if k not in ("$schema", "$id")}
        add_def(DEF_NAMES[name], rewrite(body, name, schema_id), name)
    bundle["$defs"] = defs
    return bundle


def render(bundle: dict) -> str:
    """The bundled schema as file text (deterministic)."""
    return json.dumps(bundle, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render(build_bundle(HERE))
    target = HERE / BUNDLE_FILE
    if args == ["--check"]:
        current = target.read_bytes() if target.exists() else b""
        if current != text.encode("utf-8"):
            print(f"{target} is out of date: run python schemas/bundle.py", file=sys.stderr)
            return 1
        return 0
    if args:
        print("usage: python schemas/bundle.py [--check]", file=sys.stderr)
        return 2
    target.write_bytes(text.encode("utf-8"))  # bytes: "\n" line ends on every OS
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
