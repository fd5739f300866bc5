"""``mkto-lint pull`` against a local Marketo (tests/importer/server.py) serving the sample
instance (tests/importer/sample_instance.py): the export is the import of its raw pages, byte
for byte; errors are retried or stop cleanly and resumably; secrets stay secret; the limits
hold on the server's clock. Time is a FakeClock shared by the server and the client
(``mkto_lint.importer.pull.TIMING``), so no test waits out a 20-second window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from importer.sample_instance import instance
from importer.server import FakeClock, Marketo
from mkto_lint.importer import client, pull

SECRET = "s3cr3t-Do-Not-Print-9f2"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in sorted(root.rglob("*")) if p.is_file()}


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("mkto-lint: error:")]


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(pull, "TIMING", fake)
    return fake


@pytest.fixture
def marketo(clock, monkeypatch):
    monkeypatch.setenv("MKTO_CLIENT_ID", "test-client")
    monkeypatch.setenv("MKTO_CLIENT_SECRET", SECRET)
    monkeypatch.delenv("MKTO_BASE_URL", raising=False)
    with Marketo(instance(), secret=SECRET, clock=clock.clock) as server:
        yield server


def run_pull(server, tmp: Path, *extra, out="out", raw="raw"):
    args = ["pull", "--out", str(tmp / out), "--base-url", server.url, *extra]
    if raw:
        args += ["--raw", str(tmp / raw)]
    return run_cli(*args, cwd=tmp)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """One clean pull of the sample: (its definition files, the number of requests it made)."""
    tmp = tmp_path_factory.mktemp("reference")
    fake = FakeClock()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pull, "TIMING", fake)
        mp.setenv("MKTO_CLIENT_ID", "test-client")
        mp.setenv("MKTO_CLIENT_SECRET", SECRET)
        with Marketo(instance(), secret=SECRET, clock=fake.clock) as server:
            result = run_pull(server, tmp)
    assert result.code == 0, result
    return tree(tmp / "out"), len(server.requests)


# -- the export is the import of its raw pages ---------------------------------------------------

def test_pull_writes_what_import_of_its_raw_pages_writes(marketo, tmp_path, reference):
    result = run_pull(marketo, tmp_path)
    assert result.code == 0, result
    assert result.out.startswith("imported 7 folders, 5 programs, 220 campaigns, 1 smart list into ")
    again = run_cli("import", str(tmp_path / "raw"), "--out", str(tmp_path / "other"), cwd=tmp_path)
    assert again.code == 0, again
    assert again.code == 0, again
    assert tree(tmp_path / "out") == tree(tmp_path / "other") == reference[0]
    pages = [r["query"] for r in marketo.requests if r["path"].endswith("/smartCampaigns.json")]
    assert [(q["maxReturn"], q["offset"]) for q in pages] == [("200", "0"), ("200", "200")]  # 220 campaigns
    assert "mkto-lint: pull: 100 calls, " in result.err  # progress, not on a terminal: a line every 100 calls
    assert (tmp_path / "raw" / ".mkto-lint" / "manifest.json").is_file()
    assert not (tmp_path / "raw" / ".mkto-lint" / "journal").exists()  # complete
    child = (tmp_path / "out" / "Default/Operations/Scoring/OP-Scoring Library/Child - Change Score.campaign.yaml")
    assert "Change Score" in child.read_text(encoding="utf-8")  # the flow came by id


def test_rerunning_pull_or_import_on_unchanged_input_changes_no_file(marketo, tmp_path):
    assert run_pull(marketo, tmp_path).code == 0
    before = mtimes(tmp_path)
    again = run_pull(marketo, tmp_path)
    assert again.code == 0 and ": 0 written, 233 unchanged, 0 removed" in again.out
    imported = run_cli("import", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert imported.code == 0 and ": 0 written, 233 unchanged, 0 removed" in imported.out
    assert mtimes(tmp_path) == before


def test_a_campaign_deleted_in_marketo_leaves_both_folders(marketo, tmp_path):
    assert run_pull(marketo, tmp_path).code == 0
    marketo.inst["campaigns"] = [c for c in marketo.inst["campaigns"] if c["id"] != 2501]
    del marketo.inst["campaign_smart_lists"][2501]
    result = run_pull(marketo, tmp_path)
    assert result.code == 0 and "219 campaigns" in result.out and ", 1 removed" in result.out, result
    assert not list((tmp_path / "raw" / "smartCampaign").glob("2501*"))


def test_without_raw_the_pages_go_to_a_dot_folder_removed_at_the_end(marketo, tmp_path, reference):
    result = run_pull(marketo, tmp_path, raw=None)
    assert result.code == 0, result
    assert not (tmp_path / "out" / pull.DEFAULT_RAW).exists()
    assert tree(tmp_path / "out") == reference[0]


# -- retries, stops and resumption ---------------------------------------------------------------

def test_transient_errors_are_retried_and_change_nothing(marketo, clock, tmp_path, reference):
    faults = {"601": "smartCampaign/2001.json", "602": "smartCampaign/2101.json", "604": "programs.json",
              "606": "smartCampaigns.json", "615": "smartCampaign/2202/smartList.json", "713": "folders.json",
              "http502": "smartLists.json", "http503": "smartList/3001.json", "608": "tokens.json"}
    for kind, where in faults.items():
        marketo.inject(kind, where, times=2 if kind not in ("601", "602") else 1)
    result = run_pull(marketo, tmp_path)
    assert result.code == 0, result
    assert all(left == 0 for _, _, left in marketo.faults)  # every fault was met
    assert tree(tmp_path / "out") == reference[0]
    assert sum(1 for r in marketo.requests if r["path"] == "/identity/oauth/token") >= 3  # renewed on 601 and 602
    assert any(s >= client.WINDOW for s in clock.slept)  # 606 waited out the window
    assert len(marketo.requests) - reference[1] >= len(faults)


def test_the_token_is_renewed_before_it_expires(clock, monkeypatch, tmp_path, reference):
    monkeypatch.setenv("MKTO_CLIENT_ID", "test-client")
    monkeypatch.setenv("MKTO_CLIENT_SECRET", SECRET)
    with Marketo(instance(), secret=SECRET, clock=clock.clock, token_life=90) as server:
        result = run_pull(server, tmp_path)
    assert result.code == 0, result
    assert tree(tmp_path / "out") == reference[0]
    tokens = {r["headers"]["authorization"] for r in server.api_calls()}
    assert len(tokens) >= 2 and not any(r.get("code") == "602" for r in server.requests)


@pytest.mark.parametrize("code, says", [("603", "Read-Only Assets"), ("607", "12:00 AM CST")])
def test_603_and_607_stop_and_a_rerun_resumes(marketo, tmp_path, reference, code, says):
    marketo.inject(code, "smartCampaign/3150.json")
    stopped = run_pull(marketo, tmp_path)
    assert stopped.code == 2, stopped
    [line] = error_lines(stopped.err)
    assert code in line and says in line and "GET /rest/asset/v1/smartCampaign/3150.json" in line
    assert "the same command resumes" in line
    raw = tmp_path / "raw"
    assert (raw / ".mkto-lint" / "journal").is_file() and list((raw / "smartCampaign").glob("2001@*.json"))
    assert not (tmp_path / "out").exists()  # nothing imported from an incomplete pull
    first = len(marketo.requests)
    resumed = run_pull(marketo, tmp_path)
    assert resumed.code == 0, resumed
    assert len(marketo.requests) - first < reference[1] / 2
    assert tree(tmp_path / "out") == reference[0]
    assert not list(raw.rglob("*.failed")) and not (raw / ".mkto-lint" / "journal").exists()


def test_ctrl_c_stops_and_a_rerun_resumes(marketo, tmp_path, reference, monkeypatch):
    calls = []

    def interrupt(self):
        calls.append(1)
        if len(calls) == 150:
            raise KeyboardInterrupt

    original = client.Progress.call
    monkeypatch.setattr(client.Progress, "call", interrupt)
    stopped = run_pull(marketo, tmp_path)
    assert stopped.code == 130 and "the same command resumes" in stopped.err
    monkeypatch.setattr(client.Progress, "call", original)
    first = len(marketo.requests)
    resumed = run_pull(marketo, tmp_path)
    assert resumed.code == 0, resumed
    assert len(marketo.requests) - first < reference[1] - 100
    assert tree(tmp_path / "out") == reference[0]


def test_a_603_on_workspaces_is_a_note(marketo, tmp_path, reference):
    marketo.inject("603", "workspaces.json")
    result = run_pull(marketo, tmp_path)
    assert result.code == 0, result
    assert "mkto-lint: note: workspaces not exported (603)" in result.err
    assert tree(tmp_path / "out") == reference[0]


# -- refusals: one line naming the endpoint, never a traceback -----------------------------------

def test_bad_credentials_stop_without_showing_the_secret(marketo, tmp_path, monkeypatch):
    wrong = "wrong-" + SECRET
    monkeypatch.setenv("MKTO_CLIENT_SECRET", wrong)
    result = run_pull(marketo, tmp_path)
    assert result.code == 2
    [line] = result.err.splitlines()
    assert "refused the credentials (invalid_client)" in line and "MKTO_CLIENT_SECRET" in line
    for text in [result.out, result.err] + [p.read_bytes().decode("utf-8", "replace") for p in tmp_path.rglob("*") if p.is_file()]:
        assert wrong not in text and SECRET not in text


def test_missing_credentials_are_a_usage_error(marketo, tmp_path, monkeypatch):
    monkeypatch.delenv("MKTO_CLIENT_SECRET")
    result = run_pull(marketo, tmp_path)
    assert result.code == 2 and "MKTO_CLIENT_SECRET not set" in result.err and marketo.requests == []


@pytest.mark.parametrize("url", ["http://example.com", "http://10.0.0.8:8080", "ftp://127.0.0.1",
                                 "https://user:pw@example.com"])
def test_plain_http_to_another_host_and_odd_urls_are_refused(marketo, tmp_path, url):
    result = run_cli("pull", "--out", str(tmp_path / "out"), "--base-url", url, cwd=tmp_path)
    assert result.code == 2 and len(result.err.splitlines()) == 1, result
    assert "pw" not in result.err and not (tmp_path / "out").exists()


def test_a_host_that_does_not_answer_is_one_line(marketo, tmp_path):
    result = run_cli("pull", "--out", str(tmp_path / "out"), "--base-url", "http://127.0.0.1:9", cwd=tmp_path)
    assert result.code == 2 and error_lines(result.err) == result.err.splitlines(), result
    assert "GET /identity/oauth/token: cannot connect to http://127.0.0.1:9" in result.err and SECRET not in result.err


def test_base_urls():
    env = {"MKTO_BASE_URL": "https://123-ABC-456.mktorest.com/rest/"}
    assert client.base_url(None, None, env) == "https://123-ABC-456.mktorest.com"
    assert client.base_url(None, "123-ABC-456", {}) == "https://123-ABC-456.mktorest.com"
    for url in ("http://localhost:8080", "http://127.4.5.6", "http://[::1]:99"):
        assert client.base_url(url, None, {}) == url
    with pytest.raises(pull.UsageError):
        client.base_url(None, None, {})


def test_a_redirect_to_another_host_is_not_followed(marketo, clock, tmp_path):
    try:
        other = Marketo(instance(), secret=SECRET, clock=clock.clock, host="127.0.0.2").__enter__()
    except OSError:  # no 127.0.0.2 here: another port of this host
        other = Marketo(instance(), secret=SECRET, clock=clock.clock).__enter__()
    try:
        marketo.redirect_to = other.url
        marketo.inject("redirect", "smartCampaigns.json")
        result = run_pull(marketo, tmp_path)
    finally:
        other.__exit__(None, None, None)
    assert result.code == 2
    [line] = error_lines(result.err)
    assert "GET /rest/asset/v1/smartCampaigns.json: the server answered with a redirect (HTTP 302" in line
    assert other.requests == []


@pytest.mark.parametrize("kind, says", [("nonjson", "the answer is not JSON"), ("huge", "the answer is over 1 MB")])
def test_a_page_that_is_not_json_or_huge_stops_naming_the_endpoint(marketo, tmp_path, monkeypatch, kind, says):
    monkeypatch.setattr(client, "MAX_PAGE_BYTES", 1024 * 1024)
    marketo.inject(kind, "smartCampaign/2001.json")
    result = run_pull(marketo, tmp_path)
    assert result.code == 2
    [line] = error_lines(result.err)
    assert line.startswith("mkto-lint: error: GET /rest/asset/v1/smartCampaign/2001.json: " + says), line
    assert "Traceback" not in result.err
    [kept] = (tmp_path / "raw" / "smartCampaign").glob("2001@*.failed")  # for the bug report
    assert kept.stat().st_size > 0


# -- secrets and limits --------------------------------------------------------------------------

def test_the_token_travels_only_in_the_authorization_header(marketo, tmp_path):
    result = run_pull(marketo, tmp_path)
    assert result.code == 0, result
    token = marketo.token
    identity = [r for r in marketo.requests if r["path"] == "/identity/oauth/token"]
    assert identity and all(r["query"]["client_secret"] == SECRET and "authorization" not in r["headers"]
                            for r in identity)
    for r in marketo.api_calls():
        assert r["headers"]["authorization"] == "Bearer " + token
        assert "access_token" not in r["query"] and token not in r["raw_query"] and SECRET not in r["raw_query"]
        assert SECRET not in str(r["headers"])
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes().decode("utf-8", "replace")
            assert token not in data and SECRET not in data and token not in path.name


def test_fewer_than_100_calls_in_any_20_seconds_of_the_servers_clock(marketo, clock, tmp_path):
    assert run_pull(marketo, tmp_path).code == 0
    times = sorted(r["time"] for r in marketo.requests)
    assert len(times) > 300 and clock.now - 1000 >= 60  # it had to wait
    assert max(sum(1 for t in times[i:i + 100] if t < start + 20) for i, start in enumerate(times)) < 100
    assert not any(r.get("code") in ("606", "615") for r in marketo.requests)


def test_the_server_enforces_the_limits(marketo, clock):
    import httpx

    with httpx.Client(base_url=marketo.url) as http:
        token = http.get("/identity/oauth/token", params={
            "grant_type": "client_credentials", "client_id": "test-client", "client_secret": SECRET}).json()["access_token"]
        pages = [http.get("/rest/asset/v1/programs.json", headers={"Authorization": "Bearer " + token}).json()
                 for _ in range(100)]
        codes = [(page.get("errors") or [{}])[0].get("code") for page in pages]
        assert codes[:99] == [None] * 99 and codes[99] == "606"  # 101 calls in one instant
        clock.sleep(21)
        marketo.in_flight = 10
        assert http.get("/rest/asset/v1/programs.json").json()["errors"][0]["code"] == "615"


# -- options -------------------------------------------------------------------------------------

def test_since_asks_for_updated_campaigns_and_removes_nothing(marketo, tmp_path, reference):
    assert run_pull(marketo, tmp_path).code == 0
    result = run_pull(marketo, tmp_path, "--since", "2027-01-01")
    assert result.code == 0, result
    assert "0 campaigns" in result.out and ", 0 removed" in result.out
    asked = [r["query"] for r in marketo.requests if r["path"].endswith("/smartCampaigns.json")]
    assert asked[-1]["earliestUpdatedAt"] == "2027-01-01T00:00:00"
    assert tree(tmp_path / "out") == reference[0]
    # the raw folder keeps the full pull's pages too: importing it still gives everything
    assert run_cli("import", str(tmp_path / "raw"), "--out", str(tmp_path / "other"), cwd=tmp_path).code == 0
    assert tree(tmp_path / "other") == reference[0]


def test_workspace_limits_the_export(marketo, tmp_path):
    result = run_pull(marketo, tmp_path, "--workspace", "APAC")
    assert result.code == 0, result
    files = sorted(tree(tmp_path / "out"))
    assert files and all(f.startswith("APAC/") for f in files), files
    assert "1 campaign," in result.out and list((tmp_path / "raw" / ".mkto-lint" / "browse").rglob("*.json"))
    again = run_cli("import", str(tmp_path / "raw"), "--out", str(tmp_path / "other"), cwd=tmp_path)
    assert again.code == 0, again
    assert tree(tmp_path / "other") == tree(tmp_path / "out")


def test_progress_redraws_one_line_on_a_terminal():
    class Terminal(list):
        def isatty(self):
            return True

        write = list.append

        def flush(self):
            pass

    screen = Terminal()
    progress = client.Progress(screen, FakeClock().clock)
    progress.planned = 10
    progress.call()
    progress.page(3, False)
    progress.done()
    assert screen[0].startswith("\rmkto-lint: pull: 1 calls") and screen[0].endswith("\x1b[K")
    assert "left" in screen[0] and screen[-1] == "\r\x1b[K"


def test_page_names_are_made_from_the_request():
    assert pull.page_name("/rest/asset/v1/smartCampaign/12.json", {"includeFlowSteps": "true"}) == \
        "smartCampaign/12@includeFlowSteps=true.json"
    odd = pull.page_name("/rest/asset/v1/folders.json", {"root": '{"id":1,"type":"Folder"}'})
    assert odd.startswith("folders/folders@root=_id_1,_type_Folder_-") and "/" not in odd.split("/", 1)[1]


def test_check_never_imports_the_http_client(marketo, tmp_path):
    assert run_pull(marketo, tmp_path).code == 0
    code = ("import sys; from mkto_lint.cli.main import main; rc = main(['check', 'out']); "
            "print(rc, sorted(m for m in sys.modules if m.split('.')[0] in ('httpx', 'httpcore', 'h11') "
            "or m in ('mkto_lint.importer.client', 'mkto_lint.importer.pull')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True).stdout
    assert out.splitlines()[-1].endswith(" []"), out
