"""docs/rules is generated from the rules' docstrings and must be up to date."""

from __future__ import annotations

from conftest import REPO, run_cli
from mkto_lint.ruleset import docs
from mkto_lint.ruleset.registry import all_rules

FOLDER = REPO / "docs" / "rules"


def test_docs_rules_are_up_to_date():
    expected = docs.expected_files()
    assert FOLDER.is_dir(), "%s is missing: run `%s`" % (FOLDER, docs.COMMAND)
    stale = [name for name, text in expected.items()
             if not (FOLDER / name).is_file() or (FOLDER / name).read_text(encoding="utf-8") != text]
    assert stale == [], "stale or missing in docs/rules: %s; regenerate with `%s`" % (", ".join(stale), docs.COMMAND)
    extra = sorted(p.name for p in FOLDER.iterdir() if p.name not in expected)
    assert extra == [], "files in docs/rules that no rule generates: %s; remove them and regenerate with `%s`" % (
        ", ".join(extra), docs.COMMAND)
    assert docs.stale_files(FOLDER) == []


def test_index_links_every_rule_page():
    index = docs.render_index()
    for rule in all_rules():
        assert "| %s | `%s` | %s |" % (rule.code, rule.name, rule.severity) in index
        assert "(%s.md)" % rule.code in index


def test_rule_command_prints_the_rule_page():
    for rule in all_rules():
        run = run_cli("rule", rule.code)
        assert run.code == 0
        assert run.out == docs.render_rule(rule), rule.code


def test_check_mode_reports_stale_and_write_mode_fixes_it(tmp_path, capsys):
    folder = tmp_path / "rules"
    assert docs.main([str(folder), "--check"]) == 1
    assert docs.COMMAND in capsys.readouterr().err
    assert docs.main([str(folder)]) == 0
    assert docs.main([str(folder), "--check"]) == 0
    (folder / "XYZ999.md").write_text("a rule that was removed\n", encoding="utf-8")
    (folder / "EXE002.md").write_text("edited by hand\n", encoding="utf-8")
    assert docs.stale_files(folder) == ["EXE002.md", "XYZ999.md"]
    docs.main([str(folder)])
    assert docs.stale_files(folder) == []
