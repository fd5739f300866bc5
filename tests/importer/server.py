"""A local Marketo for the pull tests: a real HTTP server speaking the documented REST API.

``Marketo(instance)`` serves an instance given as a dict (``sample_instance.instance()``):
``workspaces``, ``folders`` (as folders.json returns them, programs included), ``programs``,
``tokens`` by ``("Folder"|"Program", id)``, ``campaigns``, ``flows`` by campaign id (a campaign
missing there comes back by id without ``flow``), ``campaign_smart_lists`` by campaign id and
stand-alone ``smart_lists``. It speaks what /work/shared/marketo-api.md documents: the identity
endpoint (the same token again while it lives, 401 ``invalid_client`` for bad credentials),
envelopes, offset paging (``maxReturn`` default 20, at most 200), the "No assets found" page;
it enforces the limits itself (606 past 100 calls within 20 s of its clock, 615 when 10 are in
flight), and answers injected failures on demand (:meth:`Marketo.inject`). Every request is
recorded (method, path, query, headers, time, answer) in ``requests``.

An instance without a folder named ``Marketing Activities`` (the sample has only the workspace
roots) is given one: a Zone folder whose children are the parentless folders, as in the
documented browse example.
"""

from __future__ import annotations

import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

NO_ASSETS = "No assets found for the given search criteria."
ASSET = "/rest/asset/v1/"
ROOT_NAME = "Marketing Activities"
FAULTS = {"601": "Access token invalid", "602": "Access token expired", "603": "Access denied",
          "604": "Request timed out", "606": "Max rate limit '100' exceeded with in '20' secs",
          "607": "Daily quota reached", "608": "API Temporarily Unavailable", "611": "System error",
          "615": "Concurrent access limit reached", "713": "Transient Error"}


class FakeClock:
    """Time that moves only when someone sleeps: ``clock()`` and ``sleep(seconds)``."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(0.0, seconds)


class Marketo:
    """The server; ``url`` once started (``with Marketo(...) as m``)."""

    def __init__(self, instance: dict, client_id: str = "test-client", secret: str = "test-secret-Zq8",
                 clock=time.monotonic, token_life: int = 3600, host: str = "127.0.0.1") -> None:
        self.inst, self.client_id, self.secret = instance, client_id, secret
        self.clock, self.token_life, self.host = clock, token_life, host
        self.requests: list[dict] = []
        self.faults: list[list] = []  # [kind, path fragment or None, times left]
        self.redirect_to = "http://127.0.0.2:9"
        self.huge_bytes = 3 * 1024 * 1024
        self.token: str | None = None
        self.token_until = 0.0
        self.in_flight = 0
        self.lock = threading.Lock()
        self.root = self._root()
        self.synthetic_root = self.root not in instance.get("folders", [])

    def __enter__(self) -> "Marketo":
        handler = type("Handler", (_Handler,), {"marketo": self})
        self.httpd = _Server((self.host, 0), handler)
        self.url = "http://%s:%d" % (self.host, self.httpd.server_address[1])
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def inject(self, kind: str, path: str | None = None, times: int = 1) -> None:
        """Answer the next ``times`` requests whose path holds ``path`` (any API call when None;
        the identity endpoint only when named) with ``kind``: an error code of FAULTS,
        ``http502``, ``http503``, ``redirect``, ``nonjson`` or ``huge``."""
        self.faults.append([kind, path, times])

    def api_calls(self) -> list[dict]:
        return [r for r in self.requests if not r["path"].startswith("/identity/")]

    # -- one request ---------------------------------------------------------------------------

    def answer(self, method: str, target: str, headers: dict) -> tuple[int, dict, object]:
        parts = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        now = self.clock()
        record = {"method": method, "path": parts.path, "query": query, "raw_query": parts.query,
                  "headers": {k.lower(): v for k, v in headers.items()}, "time": now}
        with self.lock:
            self.requests.append(record)
            busy = self.in_flight >= 10
            self.in_flight += 1
            recent = sum(1 for r in self.requests if r["time"] > now - 20)
            fault = self._fault(parts.path)
        try:
            if busy:
                status, extra, body = self._error("615", parts.path)
            elif recent > 100:
                status, extra, body = self._error("606", parts.path)
            elif fault is not None:
                status, extra, body = self._faulty(fault, parts.path)
            elif parts.path == "/identity/oauth/token":
                status, extra, body = self._identity(query)
            else:
                status, extra, body = self._api(parts.path, query, record["headers"])
        finally:
            with self.lock:
                self.in_flight -= 1
        record["status"] = status
        record["code"] = body.get("errors", [{}])[0].get("code") if isinstance(body, dict) and body.get("errors") else None
        return status, extra, body

    def _fault(self, path: str):
        for fault in self.faults:
            kind, where, left = fault
            if left <= 0:
                continue
            if (where is None and not path.startswith("/identity/")) or (where is not None and where in path):
                fault[2] -= 1
                return kind
        return None

    def _faulty(self, kind: str, path: str):
        if kind in FAULTS:
            return self._error(kind, path)
        if kind in ("http502", "http503"):
            return int(kind[4:]), {"Content-Type": "text/html"}, b"<html><body>Bad Gateway</body></html>"
        if kind == "redirect":
            return 302, {"Location": self.redirect_to + path}, b""
        if kind == "nonjson":
            return 200, {"Content-Type": "text/html"}, b"<html><body>Scheduled maintenance</body></html>"
        if kind == "huge":
            return 200, {"Content-Type": "application/json"}, ("huge", self.huge_bytes)
        raise ValueError("unknown fault %r" % kind)

    def _error(self, code: str, path: str):
        body = {"requestId": "e#%s" % code, "success": False, "errors": [{"code": code, "message": FAULTS[code]}]}
        if path.startswith("/userservice/"):  # no envelope there: a non-200 status and the errors
            return (403 if code == "603" else 400), {}, body
        return 200, {}, body

    def _identity(self, query: dict):
        if query.get("grant_type") != "client_credentials" or query.get("client_id") != self.client_id \
                or query.get("client_secret") != self.secret:
            return 401, {}, {"error": "invalid_client", "error_description": "Bad client credentials"}
        now = self.clock()
        if self.token is None or now >= self.token_until:  # asked again before expiry: the same token
            self.token, self.token_until = "%s:ab" % uuid.uuid4(), now + self.token_life
        return 200, {}, {"access_token": self.token, "token_type": "bearer",
                         "expires_in": int(self.token_until - now), "scope": "api@example.com"}

    def _api(self, path: str, query: dict, headers: dict):
        auth = headers.get("authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else None
        if not token:
            return 200, {}, {"requestId": "e#600", "success": False,
                             "errors": [{"code": "600", "message": "Access token missing"}]}
        if token != self.token:
            return self._error("601", path)
        if self.clock() >= self.token_until:
            return self._error("602", path)
        if path == "/userservice/management/v1/users/workspaces.json":
            return 200, {}, list(self.inst.get("workspaces", []))
        if not path.startswith(ASSET):
            return 404, {}, {"success": False, "errors": [{"code": "610", "message": "Requested resource not found"}]}
        try:
            result = _Routes(self, query).route(path[len(ASSET):])
        except _Refused as exc:
            return 200, {}, {"requestId": "e#701", "success": False, "errors": [{"code": "701", "message": str(exc)}]}
        if result is None:
            return 404, {}, {"success": False, "errors": [{"code": "610", "message": "Requested resource not found"}]}
        return 200, {}, _envelope(result, path, query)

    def _root(self) -> dict:
        for record in self.inst.get("folders", []):
            if record.get("name") == ROOT_NAME and not record.get("parent"):
                return record
        used = {r.get("id") for r in self.inst.get("folders", [])}
        rid = next(n for n in range(1, 10 ** 6) if n not in used)
        return {"id": rid, "name": ROOT_NAME, "description": "Root node for the Marketing Activities app area",
                "createdAt": "2010-03-27T18:27:45Z+0000", "updatedAt": "2010-03-27T18:27:45Z+0000", "url": None,
                "folderId": {"id": rid, "type": "Folder"}, "folderType": "Zone", "parent": None,
                "path": "/" + ROOT_NAME, "isArchive": False, "isSystem": True, "accessZoneId": 1,
                "workspace": "Default"}


class _Refused(Exception):
    """A bad parameter: Marketo's 701."""


class _Routes:
    """The asset endpoints: each returns the result list (None: no such endpoint)."""

    def __init__(self, marketo: Marketo, query: dict) -> None:
        self.m, self.q, self.inst = marketo, query, marketo.inst

    def route(self, rel: str):
        parts = rel[:-5].split("/") if rel.endswith(".json") else [rel]
        if parts == ["folder", "byName"]:
            return self._by_name()
        if parts == ["folders"]:
            return self._page(self._tree())
        if len(parts) == 3 and parts[0] == "folder" and parts[2] == "tokens" and parts[1].isdigit():
            return self._tokens(int(parts[1]))
        if parts == ["programs"]:
            wanted = self.q.get("filterValues", "").split(",") if self.q.get("filterType") == "workspace" else None
            return self._page([p for p in self.inst["programs"] if wanted is None or p.get("workspace") in wanted])
        if parts == ["smartCampaigns"]:
            return self._page(self._since(self.inst["campaigns"]))
        if parts[0] == "smartCampaign" and len(parts) in (2, 3) and parts[1].isdigit():
            return self._campaign(int(parts[1]), parts[2:])
        if parts == ["smartLists"]:
            lists = list(self.inst["smart_lists"]) + list(self.inst["campaign_smart_lists"].values())
            return self._page([_without_rules(r) for r in self._since(lists)])
        if parts[0] == "smartList" and len(parts) == 2 and parts[1].isdigit():
            lists = list(self.inst["smart_lists"]) + list(self.inst["campaign_smart_lists"].values())
            return self._rules([r for r in lists if r["id"] == int(parts[1])])
        return None

    def _page(self, records: list) -> list:
        try:
            size, offset = int(self.q.get("maxReturn", "20")), int(self.q.get("offset", "0"))
        except ValueError:
            raise _Refused("maxReturn and offset must be integers") from None
        if not 1 <= size <= 200 or offset < 0:
            raise _Refused("maxReturn must be between 1 and 200")
        return records[offset:offset + size]

    def _in_workspace(self, record: dict) -> bool:
        ws = self.q.get("workSpace")
        return not ws or record is self.m.root or record.get("workspace") == ws

    def _by_name(self) -> list:
        name = self.q.get("name")
        found = [self.m.root] if self.m.synthetic_root and name == ROOT_NAME else []
        found += [r for r in self.inst["folders"] if r.get("name") == name]
        return [r for r in found if self._in_workspace(r)]

    def _tree(self) -> list:
        try:
            root = json.loads(self.q["root"])
            depth = int(self.q.get("maxDepth", "2"))
        except (KeyError, ValueError, TypeError):
            raise _Refused("root must be a JSON object with id and type") from None
        folders = ([self.m.root] if self.m.synthetic_root else []) + list(self.inst["folders"])
        by_id = {r["id"]: r for r in folders}
        start = by_id.get(root.get("id")) if isinstance(root, dict) else None
        if start is None:
            return []
        out, level = [start], [start]
        for _ in range(depth):
            ids = {r["id"] for r in level}
            level = [r for r in folders if r is not start and self._parent(r) in ids and r not in out]
            out += level
        return [r for r in out if self._in_workspace(r)]

    def _parent(self, record: dict):
        parent = record.get("parent")
        if isinstance(parent, dict):
            return parent.get("id")
        return self.m.root["id"] if self.m.synthetic_root and record is not self.m.root else None

    def _tokens(self, oid: int) -> list:
        kind = self.q.get("folderType")
        if kind not in ("Folder", "Program"):
            raise _Refused("folderType must be Folder or Program")
        return [{"folder": {"type": kind, "value": oid}, "tokens": list(self.inst["tokens"].get((kind, oid), []))}]

    def _since(self, records: list) -> list:
        since = self.q.get("earliestUpdatedAt")
        if not since:
            return records
        return [r for r in records if _moment(r.get("updatedAt")) >= _moment(since)]

    def _campaign(self, cid: int, rest: list):
        record = next((c for c in self.inst["campaigns"] if c["id"] == cid), None)
        if rest == ["smartList"]:
            return self._rules([self.inst["campaign_smart_lists"][cid]] if cid in self.inst["campaign_smart_lists"] else [])
        if rest or record is None:
            return [] if not rest else None
        full = dict(record)
        if cid in self.inst["flows"] and self.q.get("includeFlowSteps", "true") == "true":
            full["flow"] = self.inst["flows"][cid]
        return [full]

    def _rules(self, records: list) -> list:
        return [r if self.q.get("includeRules") == "true" else _without_rules(r) for r in records]


def _without_rules(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "rules"}


def _moment(text) -> str:
    """A sortable form of Marketo's datetimes (``2026-11-02T10:15:00Z+0000``) and filters."""
    value = str(text or "")
    return value.replace("Z+0000", "").replace("+00:00", "").replace("Z", "")[:19]


def _envelope(result: list, path: str, query: dict) -> dict:
    rid = "%04x#%s" % (sum(map(ord, path + json.dumps(query, sort_keys=True))) % 65536, "17a0c0ffee")
    body = {"success": True, "errors": [], "requestId": rid, "warnings": []}
    if result:
        body["result"] = result
    else:
        body["warnings"] = [NO_ASSETS]
    return body


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that hung up (a huge page)
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    marketo: Marketo
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, method: str) -> None:
        status, extra, body = self.marketo.answer(method, self.path, dict(self.headers.items()))
        try:
            if isinstance(body, tuple):  # a huge page, written in pieces
                self._head(status, extra, body[1])
                chunk = b" " * 65536
                for _ in range(body[1] // len(chunk)):
                    self.wfile.write(chunk)
                self.wfile.write(b" " * (body[1] % len(chunk)))
                return
            data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
            self._head(status, {"Content-Type": "application/json;charset=UTF-8", **extra}, len(data))
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _head(self, status: int, headers: dict, length: int) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


__all__ = ["Marketo", "FakeClock", "FAULTS", "NO_ASSETS"]
