"""Every rule's documented examples are complete projects that do what the prose says.

For each rule, the one ```yaml block of its ``## Example`` section and the one of its
``## Use instead`` section are each written to a folder of their own as ``example.yaml`` and
checked with ``mkto-lint check`` (every rule, default configuration):

- the Example gives at least one finding, all of them the rule's own code, and the exit status
  that the rule's default severity calls for (1 for an error, 0 for a warning or info);
- Use instead gives no finding at all and exit status 0.

A block may start with lines ``# mkto-lint config: KEY: VALUE`` (a YAML comment, so the block
stays a valid definition file): together they are the ``.mkto-lint.yaml`` written beside it,
for the rules whose examples depend on the configuration (the docstring says so in prose).

Each finding's line, or the line above it, carries a comment naming the code (``# EXE002``),
so that a reader sees where the finding is.
"""

from __future__ import annotations

import re

import pytest

from conftest import run_cli
from mkto_lint.ruleset.registry import all_rules

RULES = all_rules()
CONFIG_MARK = "# mkto-lint config: "
FINDING = re.compile(r"^example\.yaml:(\d+):\d+: (\w+) \[(error|warning|info)\] ")
CLEAN = "0 errors, 0 warnings in 1 file\n"


def section(documentation, title):
    """The text of the ``## title`` section, up to the next ``## `` heading."""
    match = re.search(r"^## %s[ \t]*\n(.*?)(?=^## |\Z)" % re.escape(title), documentation, re.M | re.S)
    return match.group(1) if match else None


def yaml_block(rule, title):
    text = section(rule.documentation(), title)
    assert text is not None, "%s has no '## %s' section" % (rule.code, title)
    blocks = re.findall(r"^```yaml[ \t]*\n(.*?)^```[ \t]*$", text, re.M | re.S)
    assert len(blocks) == 1, "'## %s' of %s must hold exactly one ```yaml block (a whole project; " \
                             "separate documents with ---), not %d" % (title, rule.code, len(blocks))
    return blocks[0]


def check_block(folder, block):
    """``mkto-lint check`` of ``block`` as a project of its own in ``folder``."""
    config = []
    for line in block.splitlines():
        if not line.startswith(CONFIG_MARK):
            break
        config.append(line[len(CONFIG_MARK):])
    folder.mkdir()
    (folder / "example.yaml").write_text(block, encoding="utf-8")
    if config:
        (folder / ".mkto-lint.yaml").write_text("\n".join(config) + "\n", encoding="utf-8")
    return run_cli("check", "--output-format", "concise", "--root", ".", ".", cwd=folder)


def findings(run):
    """(line, code) of every finding; every line of the report but the summary is one."""
    lines = run.out.splitlines()
    found = []
    for line in lines[:-1]:
        match = FINDING.match(line)
        assert match, "not a finding line of example.yaml: %r\n%s" % (line, run.out)
        found.append((int(match.group(1)), match.group(2)))
    return found


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_example_gives_only_the_rules_findings(rule, tmp_path):
    block = yaml_block(rule, "Example")
    run = check_block(tmp_path / "example", block)
    assert run.err == "", run.err
    found = findings(run)
    assert found, "the Example of %s gives no finding:\n%s" % (rule.code, run.out)
    others = sorted({code for _line, code in found if code != rule.code})
    assert others == [], "the Example of %s gives findings of other rules %s:\n%s" % (rule.code, others, run.out)
    expected = 1 if rule.severity == "error" else 0
    assert run.code == expected, "exit status %d for %s (default severity %s), not %d:\n%s" % (
        run.code, rule.code, rule.severity, expected, run.out)
    lines = block.splitlines()
    marked = {i + 1 for i, text in enumerate(lines) if re.search(r"#.*\b%s\b" % rule.code, text)}
    unmarked = sorted({line for line, _code in found if line not in marked and line - 1 not in marked})
    assert unmarked == [], "the Example of %s reports lines %s, which carry no '# %s' comment (on them " \
                           "or just above):\n%s" % (rule.code, unmarked, rule.code, run.out)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_use_instead_is_clean(rule, tmp_path):
    run = check_block(tmp_path / "use-instead", yaml_block(rule, "Use instead"))
    assert run.err == "", run.err
    clean = CLEAN.replace("\n", "; configuration: .mkto-lint.yaml\n") if (tmp_path / "use-instead" / ".mkto-lint.yaml").exists() else CLEAN
    assert run.out == clean, "the 'Use instead' of %s is not clean:\n%s" % (rule.code, run.out)
    assert run.code == 0
