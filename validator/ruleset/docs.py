"""The rules' Markdown pages, generated from their documentation.

``python -m mkto_lint.ruleset.docs docs/rules`` (re)writes ``docs/rules/CODE.md`` for every
rule and ``docs/rules/README.md``, the index; ``--check`` writes nothing and exits 1 when a
file is stale. A rule's page is exactly what ``mkto-lint rule CODE`` prints
(:func:`render_rule`), so the terminal and the repository show the same text.

The pages are derived files: edit the rule's docstring (``rules/*.py``, the package
``mkto_lint.rules``), then regenerate; ``tests/test_rule_docs.py`` fails while a page is stale.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from mkto_lint.ruleset.registry import Rule, all_rules

COMMAND = "python -m mkto_lint.ruleset.docs docs/rules"
INDEX = "README.md"
# The pages this module writes, and the only files it deletes when their rule is gone.
PAGE_NAME = re.compile(r"^[A-Z]+[0-9]+\.md$")


def page_name(rule: Rule) -> str:
    """The file name of a rule's page: ``EXE002.md``."""
    return "%s.md" % rule.code


def render_rule(rule: Rule) -> str:
    """A rule's page: ``# CODE name (severity)``, its summary, the fix it offers (``Fix:
    safe``, ``unsafe`` or ``sometimes safe``, and what it does) if any, then its documentation
    (the ``## What it does``, ``## Why is this bad?``, ``## Example`` and ``## Use instead``
    sections of its docstring). ``mkto-lint rule CODE`` prints the same text."""
    return "# %s %s (%s)\n\n%s\n\n%s%s\n" % (rule.code, rule.name, rule.severity, rule.summary,
                                            _fix_line(rule), rule.documentation())


def _fix_line(rule: Rule) -> str:
    if not rule.fix_safety:
        return ""
    safety = {"safe": "safe", "unsafe": "unsafe (only with `--unsafe-fixes`)",
              "sometimes": "sometimes safe"}[rule.fix_safety]
    return "Fix: %s. `mkto-lint check --fix` %s.\n\n" % (safety, rule.fix_description)


def fix_cell(rule: Rule) -> str:
    """The index's Fix column: safe, unsafe, sometimes safe, or nothing."""
    return {"safe": "safe", "unsafe": "unsafe", "sometimes": "sometimes safe"}.get(rule.fix_safety, "")


def _cell(text: str) -> str:
    """Text for a cell of a Markdown table: one line, ``|`` escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def render_index(rules: Iterable[Rule] | None = None) -> str:
    """The index page: a table of every rule (code, name, severity, summary, link to its page)."""
    rules = all_rules() if rules is None else tuple(rules)
    lines = [
        "# mkto-lint rules",
        "",
        "Every rule of mkto-lint, sorted by code. `mkto-lint rules` lists them and",
        "`mkto-lint rule CODE` prints a rule's page. Each page's example is a complete project:",
        "checked with `mkto-lint check`, its `## Example` gives only that rule's findings and its",
        "`## Use instead` none (`tests/test_rule_examples.py` makes sure). An example whose",
        "first lines read `# mkto-lint config: KEY: VALUE` assumes that `.mkto-lint.yaml`.",
        "",
        "These files are generated from the rules' docstrings: do not edit them, edit the rule",
        "and run `%s`." % COMMAND,
        "",
        "The Fix column says which rules `mkto-lint check --fix` can repair: *safe* fixes apply",
        "with `--fix`, *unsafe* ones (which may change what a campaign does) only with",
        "`--unsafe-fixes` as well; *sometimes safe*: it depends on the finding (the page says).",
        "",
        "| Code | Name | Severity | Fix | Summary | Documentation |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for rule in rules:
        lines.append("| %s | `%s` | %s | %s | %s | [%s](%s) |" % (
            rule.code, rule.name, rule.severity, fix_cell(rule), _cell(rule.summary), page_name(rule),
            page_name(rule)))
    return "\n".join(lines) + "\n"


def expected_files() -> dict[str, str]:
    """Every file of the docs folder, by name: one page per rule and the index."""
    rules = all_rules()
    files = {page_name(rule): render_rule(rule) for rule in rules}
    files[INDEX] = render_index(rules)
    return files


def stale_files(folder: Path) -> list[str]:
    """The names of the files of ``folder`` that differ from what would be generated, are
    missing, or should not be there (sorted); empty when the folder is up to date."""
    folder = Path(folder)
    expected = expected_files()
    stale = []
    for name, text in expected.items():
        path = folder / name
        try:
            on_disk = path.read_text(encoding="utf-8") if path.is_file() else None
        except (OSError, UnicodeDecodeError):
            on_disk = None
        if on_disk != text:
            stale.append(name)
    if folder.is_dir():
        stale.extend(p.name for p in folder.iterdir() if p.name not in expected)
    return sorted(stale)


def write_docs(folder: Path) -> list[str]:
    """(Re)write every page and the index in ``folder`` (created when needed), and delete the
    pages of rules that no longer exist; returns the names of the files changed or deleted."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    expected = expected_files()
    changed = []
    for name, text in expected.items():
        path = folder / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        changed.append(name)
    for path in sorted(folder.iterdir()):
        if path.name not in expected and PAGE_NAME.match(path.name) and path.is_file():
            path.unlink()
            changed.append(path.name)
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mkto_lint.ruleset.docs",
                                     description="Generate the rules' Markdown pages and their index.")
    parser.add_argument("folder", nargs="?", default="docs/rules", help="where to write them (default: docs/rules)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file is stale")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if args.check:
        stale = stale_files(folder)
        for name in stale:
            sys.stderr.write("%s: stale\n" % (folder / name))
        if stale:
            sys.stderr.write("regenerate with: %s\n" % COMMAND)
        return 1 if stale else 0
    for name in write_docs(folder):
        sys.stdout.write("%s %s\n" % ("wrote" if (folder / name).exists() else "deleted", folder / name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
