"""``mkto-lint report --out FILE``: check's options and exit status, one self-contained page
(no request of any kind), findings grouped with their places, the rules' documentation, the
token picture, hostile names escaped. The browser tests are in test_html_browser.py."""

from __future__ import annotations

import json
import os
import re
from html import unescape

import pytest
from conftest import EXAMPLES, TESTS, run_cli, write_tree
from test_graph import HOSTILE_PROGRAM, hostile_project

BROKEN = TESTS / "broken_example"


def report(tmp_path, *args, root=BROKEN, name="report.html"):
    out = tmp_path / name
    run = run_cli("report", "--root", str(root), str(root), "--out", str(out), *args, cwd=tmp_path)
    return run, (out.read_text(encoding="utf-8") if out.exists() else None)


def page_data(page: str) -> dict:
    raw = re.search(r'<script type="application/json" id="mkl-data">(.*?)</script>', page, re.S).group(1)
    return json.loads(raw)


@pytest.mark.parametrize("args", [[], ["--select", "FLW"], ["--select", "FLW", "--fail-on", "warning"],
                                  ["--ignore", "EXE,MKL,SML,TOK,REQ,FLW"]])
def test_exit_status_and_summary_are_check_s(tmp_path, args):
    check = run_cli("check", "--root", str(BROKEN), str(BROKEN), *args, cwd=tmp_path)
    run, page = report(tmp_path, *args)
    assert run.code == check.code
    assert run.out == check.out.splitlines()[-1] + " (report: %s)\n" % (tmp_path / "report.html")
    assert page is not None


def test_clean_example_exits_0_and_says_so(tmp_path):
    run, page = report(tmp_path, root=EXAMPLES)
    assert run.code == 0 and run.err == ""
    assert "<p>No findings.</p>" in page


def test_baseline_as_in_check(tmp_path):
    base = tmp_path / "baseline.json"
    assert run_cli("check", "--root", str(BROKEN), str(BROKEN), "--write-baseline", str(base), cwd=tmp_path).code == 0
    run, page = report(tmp_path, "--baseline", str(base))
    assert run.code == 0
    assert run.out.startswith("No problems found") or run.out.startswith("0 errors")
    assert page_data(page)["findings"] == []


def test_usage_errors_are_one_line(tmp_path):
    run = run_cli("report", "--root", str(BROKEN), cwd=tmp_path)
    assert run.code == 2 and "the following arguments are required: --out" in run.err
    (tmp_path / "a-file").write_text("")
    run, _ = report(tmp_path, name="a-file/report.html")
    assert run.code == 2 and run.err.count("\n") == 1 and run.err.startswith("mkto-lint: error: ")
    run, _ = report(tmp_path, "--select", "NOPE1")
    assert run.code == 2 and run.err == "mkto-lint: error: 'NOPE1' names no rule (see `mkto-lint rules`)\n"


def test_the_page_is_self_contained(tmp_path):
    _, page = report(tmp_path)
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in page  # the browser itself refuses any load the page might try
    for pattern in (r"<link\b", r"<img\b", r"<iframe\b", r"\bsrc\s*=", r"url\((?!#arrow)", r"@import", r"@font-face",
                    r"fetch\(", r"XMLHttpRequest", r"\.src\s*="):
        assert not re.search(pattern, page), pattern
    # the one address in the page that is not a file of the project is SVG's namespace
    assert re.findall(r"https?://[^\s\"'<]+", page) == ["http://www.w3.org/2000/svg"]


def test_findings_are_grouped_by_program_and_rule_with_their_places(tmp_path):
    _, page = report(tmp_path)
    programs = re.findall(r'<details class="program" open><summary>(.*?) \((\d+)\)</summary>', page)
    assert programs[0] == ("APAC-Webinar 2026", "1") and programs[-1] == ("(no program)", "2")
    section = page[page.index("<summary>OP-Lifecycle ("):]
    section = section[:section.index("</details>")]
    assert re.findall(r'<h4><a href="#rule-(\w+)">', section) == ["EXE001", "EXE003", "EXE005", "EXE008", "EXE013",
                                                                  "SML001", "SML003", "TOK003", "TOK004"]
    # the link is relative to the report's folder (it works when the folder moves with the project);
    # the text is the path as every report prints it (relative to the working directory)
    check = run_cli("check", "--root", str(BROKEN), str(BROKEN), cwd=tmp_path).out
    shown = re.search(r"^(\S+executables.yaml:104:17): EXE005", check, re.M).group(1)
    href = _rel(tmp_path, BROKEN) + "/lifecycle/executables.yaml"
    assert '<a class="where" href="%s">%s</a>' % (href, shown) in section
    li = re.search(r'<li class="finding" data-sev="error" data-code="EXE005">.*?</li>', section).group(0)
    assert "at nesting level 4, beyond the limit of 3" in unescape(li)


def _rel(out_dir, root):
    return os.path.relpath(root, out_dir).replace(os.sep, "/")


def test_rule_documentation_is_one_click_away(tmp_path):
    from mkto_lint.ruleset.registry import rule_by_code_or_name

    _, page = report(tmp_path)
    codes = re.findall(r'<details id="rule-(\w+)">', page)
    assert codes == sorted(set(re.findall(r'data-code="(\w+)"', page)))
    doc = re.search(r'<details id="rule-EXE005">.*?<pre>(.*?)</pre>', page, re.S).group(1)
    assert unescape(doc) == rule_by_code_or_name("EXE005").documentation()


def test_summary_counts_depths_and_deepest_chains(tmp_path):
    _, page = report(tmp_path)
    cards = re.findall(r'<div class="card (\w+)"><b>(\d+)</b>', page)
    assert cards == [("error", "24"), ("warning", "12"), ("info", "1")]
    depths = page[page.index("<h3>Executables by depth</h3>"):page.index("<h3>Deepest chains</h3>")]
    assert re.findall(r"<tr><td>(\w+)</td><td>(\d+)</td></tr>", depths) == [("1", "4"), ("2", "3"), ("3", "2"), ("4", "1")]
    first = re.search(r"<h3>Deepest chains</h3><ol><li>(.*?)</li>", page).group(1)
    assert unescape(first) == ("OP-Lifecycle.Route New People > OP-Lifecycle.Assign Stage > OP-Lifecycle.Score Stage > "
                               "OP-Lifecycle.Sync to CRM > OP-Lifecycle.Alert Owner (level 4)")


def test_token_picture_shows_the_callers_values(tmp_path):
    _, page = report(tmp_path, root=EXAMPLES)
    table = page[page.index("<h3>OP-Scoring Library.Child - Change Score</h3>"):]
    table = table[:table.index("</table>")]
    rows = [[unescape(c) for c in re.findall(r"<td>(.*?)</td>", row)] for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table)][1:]
    assert rows[0][:4] == ["{{my.Score}}", "(its own)", "", "+0"]
    assert ["{{my.Score}}", "OP-Webinar 2026.Attended - Score", "yes", "+10",
            'caller "OP-Webinar 2026.Attended - Score" context: program OP-Webinar 2026 (local)'] in rows
    assert '<tr class="shadow"><td>{{my.Score}}</td><td>OP-Webinar 2026.Attended - Score</td>' in page


def test_marketo_links_only_for_web_addresses(tmp_path):
    root = write_tree(tmp_path / "p", {
        "program.yaml": "kind: Program\nid: 1\nname: P\ntype: default\nx-marketo: {url: 'https://app-ab12.marketo.com/#PG1A1'}\n",
        "c.yaml": ("kind: SmartCampaign\nid: 2\nname: C\nprogram: P\nsmartList:\n  filters:\n"
                   "    - {name: Email Address, operator: is not empty}\nflow: []\n"
                   "x-marketo: {computedUrl: 'javascript:alert(1)'}\n"),
    })
    run, page = report(tmp_path, root=root)
    assert run.code == 0  # FLW004 is a warning
    assert page.count('href="https://app-ab12.marketo.com/#PG1A1"') == 0  # the program has no finding
    assert "javascript:" not in page
    (root / "program.yaml").write_text("kind: Program\nid: 1\nname: P\ntype: default\nfolder: Nowhere\n"
                                       "x-marketo: {url: 'https://app-ab12.marketo.com/#PG1A1'}\n")
    run, page = report(tmp_path, root=root)
    assert '<a href="https://app-ab12.marketo.com/#PG1A1">in Marketo</a>' in page  # MKL006 on the program


def test_hostile_names_are_escaped(tmp_path):
    root = hostile_project(tmp_path / "p")
    run, page = report(tmp_path, root=root)
    assert run.code in (0, 1), run.err
    assert "<img" not in page and page.count("</script>") == 2
    assert "&lt;/script&gt;&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;" in page
    data = page_data(page)
    assert {n["program"] for n in data["nodes"]} == {HOSTILE_PROGRAM}
    assert "javascript:" not in page


def test_a_folder_without_definitions_still_gets_a_page(tmp_path):
    (tmp_path / "empty").mkdir()
    run, page = report(tmp_path, root=tmp_path / "empty")
    assert run.code == 0
    assert run.err.startswith("mkto-lint: warning: no definition files under ")
    assert "<p>No campaign calls another.</p>" in page and "<p>No findings.</p>" in page


def test_the_example_s_page_is_golden(tmp_path):
    """The page of the clean example, its stylesheet and script aside (they are tested in the
    browser) and the root's place on this machine replaced: every section, the SVG, the data."""
    from conftest import check_golden

    out = tmp_path / "report.html"  # the example has no finding: no link depends on where this is
    run = run_cli("report", "--out", str(out), "-q", cwd=EXAMPLES)
    assert run.code == 0, run.err
    page = out.read_text(encoding="utf-8")
    from mkto_lint.report import html_static

    assert page.count(html_static.CSS) == 1 and page.count(html_static.JS) == 1
    page = page.replace(html_static.CSS, "/* CSS */").replace(html_static.JS, "/* JS */")
    page = page.replace(str(EXAMPLES), "EXAMPLES").replace("mkto-lint %s" % __import__("mkto_lint").__version__,
                                                            "mkto-lint VERSION")
    page = re.sub(r"(</(?:section|svg|details|table|tr|li|g|ul|ol|div)>)", r"\1\n", page)
    check_golden(TESTS / "golden" / "report" / "examples.html", page)


def test_out_dash_is_standard_output(tmp_path):
    run = run_cli("report", "--root", str(BROKEN), str(BROKEN), "--out", "-", cwd=tmp_path)
    assert run.code == 1 and run.err == ""
    assert run.out.startswith("<!DOCTYPE html>") and run.out.endswith("</html>\n")
    assert not (tmp_path / "-").exists()
