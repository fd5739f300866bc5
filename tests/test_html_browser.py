"""The HTML report in a real headless Chromium with the network off (tests/chromium.py): it loads
without a console error and without any request but its own file, draws a node per campaign on
a call path, shows a campaign's panel when the node is clicked, and stays usable on a generated
10,000-campaign instance. Screenshots are kept in build/test-artifacts/ (or $MKTO_LINT_ARTIFACTS);
``MKTO_LINT_UPDATE_GOLDEN=1`` also writes the README's (docs/images/report-example.png).

Chromium is the Debian ``chromium`` package; ``.ci/run`` installs it when it is missing, and in
CI (``CI`` set) a missing browser fails these tests instead of skipping them.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import chromium
import pytest
from conftest import EXAMPLES, REPO, TESTS, UPDATE, run_cli, write_tree
from test_graph import hostile_project

ARTIFACTS = Path(os.environ.get("MKTO_LINT_ARTIFACTS") or REPO / "build" / "test-artifacts")
README_SHOT = REPO / "docs" / "images" / "report-example.png"
LOAD_LIMIT = 60.0  # seconds for the 10,000-campaign page to load and run its script (a few on a laptop)

if chromium.executable() is None:
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed (.ci/run installs the Debian package)", pytrace=False)
    pytestmark = pytest.mark.skip(reason="chromium is not installed (apt-get install chromium)")


def _report(tmp_path, root, name="report.html"):
    out = tmp_path / name
    run = run_cli("report", "--out", str(out), "-q", cwd=root)  # as the README says
    assert run.code in (0, 1), run.err
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return out


def _on_call_paths(root):
    """Labels of the campaigns with a resolved call in or out, computed from the index alone."""
    from mkto_lint import config
    from mkto_lint.cli.resolve import load_index

    index, _ = load_index(root, config.load(root), root)
    labels = set()
    for call in index.calls:
        if call.target is not None:
            labels.update((call.caller.label, call.target.label))
    return labels


def _nodes(browser):
    return browser.js("Array.from(document.querySelectorAll('svg#graph g.node')).map("
                      "g => [g.getAttribute('data-id'), g.querySelector('title').textContent])")


def _check_quiet(browser, page):
    assert browser.errors == []
    assert browser.requests == [page.as_uri()]  # the page itself, nothing else


def test_example_report_in_chromium(tmp_path):
    page = _report(tmp_path, EXAMPLES)
    with chromium.Browser(timeout=60, width=1400, height=900) as b:
        b.open(page.as_uri())
        nodes = _nodes(b)
        labels = {title.split(" (level")[0] for _, title in nodes}
        assert labels == _on_call_paths(EXAMPLES) and len(nodes) == len(labels)
        target = next(i for i, title in nodes if title.startswith("OP-Scoring Library.Child - Change Score"))
        b.click('g.node[data-id="%s"]' % target)
        assert b.js("document.querySelector('#panel h3').textContent") == "OP-Scoring Library.Child - Change Score"
        assert b.js("document.querySelector('#panel').getAttribute('data-id')") == target
        steps = b.js("Array.from(document.querySelectorAll('#panel ol li')).map(li => li.textContent)")
        assert steps == ["Change Score \u00b7 scoreName: Behavior Score \u00b7 change: {{my.Score}}", "Interesting Moment"]
        assert b.js("document.querySelector('g.node.selected').getAttribute('data-id')") == target
        # the panel's "show only what it reaches" leaves the campaign and nothing upstream
        b.js("Array.from(document.querySelectorAll('#panel button')).find(x => x.textContent.startsWith('show only')).click()")
        shown = b.js("document.querySelectorAll('svg#graph g.node:not(.hidden)').length")
        assert shown == 1
        b.js("Array.from(document.querySelectorAll('#panel button')).find(x => x.textContent === 'show all').click()")
        b.js("document.getElementById('graph-section').scrollIntoView()")
        b.screenshot(ARTIFACTS / "report-example.png", scale=0.75)
        _check_quiet(b, page)
    assert (ARTIFACTS / "report-example.png").stat().st_size < 400_000
    if UPDATE:
        README_SHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ARTIFACTS / "report-example.png", README_SHOT)


def test_broken_example_report_in_chromium(tmp_path):
    page = _report(tmp_path, TESTS / "broken_example")
    with chromium.Browser(timeout=60) as b:
        b.open(page.as_uri())
        assert len(_nodes(b)) == len(_on_call_paths(TESTS / "broken_example")) == 19
        red = b.js("Array.from(document.querySelectorAll('path.edge.broken title')).map(t => t.textContent.split('\\n')[1].slice(0, 6))")
        assert sorted(red) == ["EXE004", "EXE005", "EXE007", "EXE008", "EXE011", "REQ001", "REQ002", "REQ003"]
        # filters: warnings only, then one code
        b.js("document.querySelector('input.sev-filter[value=error]').click();"
             "document.querySelector('input.sev-filter[value=info]').click()")
        shown = b.js("Array.from(document.querySelectorAll('li.finding:not(.hidden)')).map(li => li.dataset.sev)")
        assert shown and set(shown) == {"warning"} and len(shown) == 12
        b.js("var s = document.getElementById('code-filter'); s.value = 'FLW001'; s.dispatchEvent(new Event('change'))")
        assert b.js("document.querySelectorAll('li.finding:not(.hidden)').length") == 1
        assert b.js("document.querySelectorAll('details.program:not(.hidden)').length") == 1
        # one program's campaigns and their neighbours
        b.js("var p = document.getElementById('program-filter'); p.value = 'OP-Scoring Library';"
             "p.dispatchEvent(new Event('change'))")
        assert b.js("document.querySelectorAll('svg#graph g.node:not(.hidden)').length") == 5
        b.click('g.node[data-id="n0"]')
        assert b.js("document.querySelector('#panel h3').textContent") == "APAC-Webinar 2026.Attended - Score"
        assert "EXE004" in b.js("document.querySelector('#panel').textContent")
        b.screenshot(ARTIFACTS / "report-broken-example.png", scale=0.6)
        # printed (a page about 800 px wide): no controls, and the 5-level picture shrinks to fit
        b.call("Emulation.setDeviceMetricsOverride", width=800, height=1000, deviceScaleFactor=1, mobile=False)
        b.call("Emulation.setEmulatedMedia", media="print")
        assert b.js("getComputedStyle(document.querySelector('.controls')).display") == "none"
        assert b.js("document.getElementById('graph').getAttribute('width')") == "1348"
        assert b.js("document.getElementById('graph').getBoundingClientRect().right") <= 800
        pdf = b.call("Page.printToPDF")["data"]
        assert base64.b64decode(pdf).startswith(b"%PDF")
        _check_quiet(b, page)


def test_hostile_names_stay_text_in_chromium(tmp_path):
    page = _report(tmp_path, hostile_project(tmp_path / "p"))
    with chromium.Browser(timeout=60) as b:
        b.open(page.as_uri())
        assert b.js("typeof window.pwned") == "undefined"
        assert b.js("document.querySelectorAll('img').length") == 0
        assert b.js("Array.from(document.querySelectorAll('b')).some(x => x.textContent === 'bold')") is False
        b.click('g.node[data-id="n0"]')
        assert b.js("document.querySelector('#panel h3').textContent").startswith('P "q" \\ </script><img src=x')
        assert b.js("typeof window.pwned") == "undefined"
        _check_quiet(b, page)


def test_10000_campaign_instance_in_chromium(tmp_path):
    gen = tmp_path / "gen"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), str(gen), "--campaigns", "10000"],
                   check=True, capture_output=True, timeout=300)
    root = gen / "yaml"
    # three campaigns on no call path: counted, not drawn
    write_tree(root, {"lone/c%d.yaml" % i: ("kind: SmartCampaign\nid: %d\nname: Lone %d\nprogram: EV-Program 00001\n"
                                            "smartList:\n  filters:\n    - {name: Email Address, operator: is not empty}\n"
                                            "flow:\n  - action: Interesting Moment\n    attributes: {type: Milestone, "
                                            "description: x}\n" % (990000 + i, i)) for i in range(3)})
    page = _report(tmp_path, root)
    assert page.stat().st_size < 15_000_000
    on_paths = _on_call_paths(root)
    assert 9000 < len(on_paths) <= 10000
    with chromium.Browser(timeout=LOAD_LIMIT + 30) as b:
        start = time.monotonic()
        b.open(page.as_uri())
        loaded = time.monotonic() - start
        assert loaded < LOAD_LIMIT
        assert b.js("document.querySelectorAll('svg#graph g.node').length") == len(on_paths)
        assert "3 campaigns of the project are on no call path" in b.js("document.getElementById('graph-section').textContent")
        b.click('g.node[data-id="n42"]')
        assert b.js("document.querySelector('#panel').getAttribute('data-id')") == "n42"
        # one program: its 10 campaigns on call paths (not its 3 lone ones) and the executable they call
        b.js("var p = document.getElementById('program-filter'); p.value = 'EV-Program 00001';"
             "p.dispatchEvent(new Event('change'))")
        shown = b.js("Array.from(document.querySelectorAll('svg#graph g.node:not(.hidden)')).map("
                     "g => g.querySelector('title').textContent)")
        assert sorted(shown)[0] == "EV-Program 00001.Campaign 0 (level 0)"
        assert len(shown) == 11 and sum(t.startswith("EV-Program 00001.") for t in shown) == 10
        b.screenshot(ARTIFACTS / "report-10000-one-program.png", scale=0.5)
        b.screenshot(ARTIFACTS / "report-10000.png", scale=0.5)
        _check_quiet(b, page)
