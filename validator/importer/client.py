"""The HTTP client of ``mkto-lint pull``: Marketo's REST API over httpx, politely and safely.

Imported by ``pull`` alone (``check`` never opens a connection). What it does
(docs/pull.md):

* credentials only from the environment; the client id and secret go to the identity endpoint
  as its query parameters (as Marketo requires) and nowhere else; the token is sent only as
  ``Authorization: Bearer``, renewed when under 60 s of its life remain and once on 601/602;
* one call at a time (Marketo allows 10 in flight) and at most ``WINDOW_CALLS`` calls in any
  ``WINDOW`` seconds (Marketo allows 100 per 20 s), counted on the injectable ``clock``;
* exponential, bounded back-off on 604/608/611/615/713 and HTTP 502/503; 606 waits out the
  window; 603 and 607 stop with one line saying what is missing;
* TLS always verified, redirects never followed, connect and read time-outs, a page over
  ``MAX_PAGE_BYTES``, not JSON or not shaped like the documented envelope is a one-line
  :class:`ApiError` naming the endpoint, with the body attached (``pull`` keeps it);
* the secret and the token never appear in an error message (:meth:`Client.scrub`).

:class:`Progress` shows the calls made, the assets saved and the time left on stderr.

Every wait goes through the ``sleep`` callable given to :class:`Client`, so tests need not wait.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import time
from collections import deque
from urllib.parse import quote, quote_plus, urlsplit

import httpx

from mkto_lint import __version__
from mkto_lint.errors import UsageError
from mkto_lint.record import Record

IDENTITY = "/identity/oauth/token"
USER_SERVICE = "/userservice/"
MAX_PAGE_BYTES = 50 * 1024 * 1024  # read when a Client is made: tests lower it
WINDOW, WINDOW_CALLS = 20.0, 90
RENEW_BEFORE = 60.0
TIMEOUT = httpx.Timeout(connect=15.0, read=90.0, write=30.0, pool=15.0)
TOKEN_CODES = {"601", "602"}
RATE_CODE = "606"
TRANSIENT = {"604", "608", "611", "615", "713", "HTTP 502", "HTTP 503", "network"}
MAX_RETRIES, RATE_RETRIES = 8, 6
BACKOFF_FIRST, BACKOFF_MAX = 2.0, 60.0
NO_ASSETS = "No assets found"
PROGRESS_EVERY = 100
_MUNCHKIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}")


class ApiError(UsageError):
    """A call that failed for good: one line naming the endpoint; ``code`` is Marketo's (or
    ``HTTP 502``...), ``body`` the answer as received (None when there was none)."""

    def __init__(self, message: str, code: str | None = None, body: bytes | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.body = body


class Page(Record):
    """A successful answer: the body byte for byte, and its JSON."""

    __slots__ = ("body", "data")


class _Transient(Exception):
    """A network failure worth retrying (a time-out, a dropped connection)."""


def base_url(given: str | None, munchkin: str | None, env) -> str:
    """The instance's host root (``https://123-ABC-456.mktorest.com``) from ``--base-url``,
    ``--munchkin-id`` or ``$MKTO_BASE_URL``. Plain ``http://`` only for a loopback host."""
    if munchkin is not None:
        if not _MUNCHKIN.fullmatch(munchkin.strip()):
            raise UsageError("--munchkin-id %r: not a Munchkin id (it looks like 123-ABC-456)" % munchkin)
        return "https://%s.mktorest.com" % munchkin.strip()
    source = "--base-url" if given is not None else "MKTO_BASE_URL"
    url = (given if given is not None else env.get("MKTO_BASE_URL") or "").strip()
    if not url:
        raise UsageError("no instance given: use --base-url URL or --munchkin-id ID, or set MKTO_BASE_URL")
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port  # a bad port raises here
    except ValueError:
        raise UsageError("%s: not a URL (https://<munchkin-id>.mktorest.com)" % source) from None
    if parts.username is not None or parts.password is not None:  # never echo it: it holds a credential
        raise UsageError("%s: a URL with a user name or password; credentials come only from "
                         "MKTO_CLIENT_ID and MKTO_CLIENT_SECRET" % source)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not host:
        raise UsageError("%s %s: not an https:// URL (https://<munchkin-id>.mktorest.com)" % (source, url))
    if parts.query or parts.fragment:
        raise UsageError("%s %s: the base URL takes no query or fragment" % (source, url))
    if scheme == "http" and not is_loopback(host):
        raise UsageError("%s %s: plain http:// is refused for a host that is not this machine (the token "
                         "would cross the network unencrypted): use https://" % (source, url))
    path = parts.path.rstrip("/")
    for suffix in ("/rest", "/identity"):  # Admin > Web Services shows the REST and identity URLs
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    return "%s://%s%s" % (scheme, parts.netloc, path)


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def credentials(env) -> tuple[str, str]:
    """(client id, client secret) from MKTO_CLIENT_ID and MKTO_CLIENT_SECRET."""
    cid = (env.get("MKTO_CLIENT_ID") or "").strip()
    secret = (env.get("MKTO_CLIENT_SECRET") or "").strip()
    missing = [n for n, v in (("MKTO_CLIENT_ID", cid), ("MKTO_CLIENT_SECRET", secret)) if not v]
    if missing:
        raise UsageError("%s not set: the client id and secret of the API user's LaunchPoint custom service "
                         "come from the environment, never the command line (docs/pull.md)" % " and ".join(missing))
    return cid, secret


class Client:
    """GET calls to one instance. ``sleep(seconds)`` and ``clock() -> seconds`` are every wait
    and every time reading (the rate window, the token's life); ``on_call()`` is told of each
    call made."""

    def __init__(self, base: str, client_id: str, secret: str, sleep=time.sleep, clock=time.monotonic,
                 on_call=None) -> None:
        self.base = base
        self._id, self._secret = client_id, secret
        self._sleep, self._clock, self._on_call = sleep, clock, on_call
        self._token: str | None = None
        self._renew_at = 0.0
        self._sent: deque = deque()
        self.calls = 0
        self.max_bytes = MAX_PAGE_BYTES
        logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines hold URLs: the identity call's secret
        self._http = httpx.Client(timeout=TIMEOUT, follow_redirects=False, verify=True,
                                  headers={"User-Agent": "mkto-lint/%s" % __version__, "Accept": "application/json"})

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def scrub(self, text: str) -> str:
        """``text`` without the secret or the token (also URL-encoded)."""
        for value in (self._secret, self._token):
            if value and len(value) >= 4:
                for form in {value, quote(value, safe=""), quote_plus(value)}:
                    text = text.replace(form, "***")
        return text

    def get(self, path: str, params: dict[str, str]) -> Page:
        """GET ``path`` (``/rest/asset/v1/...`` or ``/userservice/...``): the page, or ApiError."""
        endpoint = "GET " + path
        return self._call(endpoint, lambda: self._send(path, params, self._bearer(), endpoint),
                          lambda status, body: self._judge(path, status, body, endpoint))

    def _bearer(self) -> dict:
        if self._token is None or self._clock() >= self._renew_at:
            self._authenticate()
        return {"Authorization": "Bearer " + str(self._token)}

    def _call(self, endpoint: str, send, judge) -> Page:
        renewed, transient, rate = False, 0, 0
        while True:
            try:
                status, body = send()
                page, code, message = judge(status, body)
            except _Transient as exc:
                page, code, message, body = None, "network", str(exc), None
            if page is not None:
                return page
            if code in TOKEN_CODES and not renewed and endpoint != "GET " + IDENTITY:
                renewed, self._token = True, None  # re-authenticate once, then retry
                continue
            if code == RATE_CODE and rate < RATE_RETRIES:
                rate += 1
                self._sleep(WINDOW + 1)  # wait out the window
                continue
            if code in TRANSIENT and transient < MAX_RETRIES:
                self._sleep(min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** transient))
                transient += 1
                continue
            raise self._failure(endpoint, code, message, body, renewed)

    def _failure(self, endpoint: str, code: str, message: str, body, renewed: bool) -> ApiError:
        said = ("%s %s" % (code, message)).strip()
        if code == "603":
            text = ("%s: access denied (%s): the API user's role lacks a permission this export needs "
                    "(Read-Only Assets for the asset endpoints), or its IP address is not allowed" % (endpoint, said))
        elif code == "607":
            text = ("%s: the daily API call quota is used up (%s): it resets at 12:00 AM CST (US Central), "
                    "resume after that" % (endpoint, said))
        elif code in TOKEN_CODES and renewed:
            text = "%s: the access token was refused again after a renewal (%s)" % (endpoint, said)
        elif code in TRANSIENT or code == RATE_CODE:
            text = "%s: still failing after %d retries (%s): try again later" % (
                endpoint, RATE_RETRIES if code == RATE_CODE else MAX_RETRIES, said)
        else:
            text = "%s: Marketo refused the request (%s)" % (endpoint, said)
        return ApiError(self.scrub(text), code, body)

    def _authenticate(self) -> None:
        for attempt in range(2):
            token, life = self._identity()
            if life >= RENEW_BEFORE or token != self._token or attempt:
                break
            # asked again before expiry, Marketo answers the same token with its remaining life
            self._sleep(max(life, 0.0) + 1.0)
        now = self._clock()
        self._token = token
        self._renew_at = now + life - RENEW_BEFORE if life >= RENEW_BEFORE else now + max(life - 1.0, 0.0)

    def _identity(self) -> tuple[str, float]:
        endpoint = "GET " + IDENTITY
        params = {"grant_type": "client_credentials", "client_id": self._id, "client_secret": self._secret}
        page = self._call(endpoint, lambda: self._send(IDENTITY, params, {}, endpoint),
                          lambda status, body: self._judge_identity(status, body, endpoint))
        return page.data["access_token"], float(page.data["expires_in"])

    def _judge_identity(self, status: int, body: bytes, endpoint: str):
        if status in (502, 503):
            return None, "HTTP %d" % status, ""
        data = _json(body)
        if isinstance(data, dict) and (status in (400, 401, 403) or "error" in data):
            why = str(data.get("error") or "HTTP %d" % status)[:80]
            raise ApiError(self.scrub("%s: the identity endpoint refused the credentials (%s): check MKTO_CLIENT_ID "
                                      "and MKTO_CLIENT_SECRET (the API user's LaunchPoint custom service)" % (endpoint, why)),
                           "identity")
        if isinstance(data, dict) and data.get("errors"):
            return (None,) + _first_error(data)
        token, life = (data.get("access_token"), data.get("expires_in")) if isinstance(data, dict) else (None, None)
        if status != 200 or not isinstance(token, str) or not token or isinstance(life, bool) \
                or not isinstance(life, (int, float)):
            raise ApiError("%s: HTTP %d, not the documented token answer (access_token, expires_in)" % (endpoint, status),
                           "shape")
        return Page(b"", data), None, ""

    def _judge(self, path: str, status: int, body: bytes, endpoint: str):
        """(page, None, "") for a good answer, (None, code, message) for a Marketo error; raises
        ApiError for an answer that is not what the documentation describes."""
        if status in (502, 503):
            return None, "HTTP %d" % status, ""
        data = _json(body)
        if data is _NOT_JSON:
            raise ApiError("%s: the answer is not JSON (HTTP %d, %d bytes)" % (endpoint, status, len(body)), "shape", body)
        if isinstance(data, dict) and data.get("success") is not True and data.get("errors"):
            return (None,) + _first_error(data)
        if path.startswith(USER_SERVICE):  # User Management: a bare array, no envelope
            if status == 200 and isinstance(data, list):
                return Page(body, data), None, ""
            raise ApiError("%s: HTTP %d, not the documented answer (a JSON array)" % (endpoint, status),
                           "shape" if status == 200 else "HTTP %d" % status, body)
        if status != 200 or not isinstance(data, dict) or not isinstance(data.get("success"), bool):
            raise ApiError("%s: HTTP %d, not the documented envelope (success, result)" % (endpoint, status), "shape", body)
        if data["success"] is not True:
            raise ApiError("%s: success is false and no error is given" % endpoint, "shape", body)
        result = data.get("result")
        if result is None:
            warnings = data.get("warnings") or []
            if warnings and not any(NO_ASSETS in str(w) for w in warnings):
                raise ApiError("%s: a successful answer without a result (%s)"
                               % (endpoint, "; ".join(map(str, warnings))[:200]), "shape", body)
        elif not isinstance(result, list) or not all(isinstance(r, dict) for r in result):
            raise ApiError("%s: its result is not a list of records" % endpoint, "shape", body)
        return Page(body, data), None, ""

    def _pace(self) -> None:
        """At most WINDOW_CALLS calls in any WINDOW seconds (a sliding window)."""
        now = self._clock()
        while self._sent and now - self._sent[0] >= WINDOW:
            self._sent.popleft()
        if len(self._sent) >= WINDOW_CALLS:
            self._sleep(self._sent[0] + WINDOW - now + 0.01)
            now = self._clock()
            while self._sent and now - self._sent[0] >= WINDOW:
                self._sent.popleft()
        self._sent.append(now)

    def _send(self, path: str, params: dict, headers: dict, endpoint: str) -> tuple[int, bytes]:
        self._pace()
        self.calls += 1
        if self._on_call is not None:
            self._on_call()
        try:
            with self._http.stream("GET", self.base + path, params=params, headers=headers) as resp:
                if 300 <= resp.status_code < 400:
                    where = urlsplit(resp.headers.get("location", "")).hostname or "this host"
                    raise ApiError("%s: the server answered with a redirect (HTTP %d to %s): not followed"
                                   % (endpoint, resp.status_code, where), "redirect")
                body = bytearray()
                for chunk in resp.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise ApiError("%s: the answer is over %d MB: not a page this export expects"
                                       % (endpoint, self.max_bytes // (1024 * 1024) or 1), "huge", bytes(body))
                return resp.status_code, bytes(body)
        except httpx.TimeoutException as exc:
            raise _Transient("%s: %s" % (endpoint, type(exc).__name__)) from None
        except httpx.ConnectError as exc:
            raise ApiError(self.scrub("%s: cannot connect to %s: %s" % (endpoint, self.base, _reason(exc))), "connect") from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise _Transient(self.scrub("%s: %s" % (endpoint, _reason(exc)))) from None
        except httpx.HTTPError as exc:
            raise ApiError(self.scrub("%s: %s" % (endpoint, _reason(exc))), "http") from None


class Progress:
    """Calls made, assets saved and the time left: one line redrawn in place on a terminal,
    a plain line every PROGRESS_EVERY calls otherwise."""

    def __init__(self, stream, clock) -> None:
        self.stream, self.clock = stream, clock
        try:
            self.tty = stream.isatty()
        except (AttributeError, ValueError):
            self.tty = False
        self.start = clock()
        self.calls = self.pages = self.reused = self.assets = self.planned = 0
        self.drawn = False

    def call(self) -> None:
        """One more call (the client's ``on_call``)."""
        self.calls += 1
        if self.tty:
            self.stream.write("\r%s\x1b[K" % self.line())
            self.stream.flush()
            self.drawn = True
        elif self.calls % PROGRESS_EVERY == 0:
            self.stream.write(self.line() + "\n")

    def page(self, records: int, reused: bool) -> None:
        """One more page saved (or reused from an interrupted run) holding ``records`` assets."""
        self.pages += 1
        self.reused += reused
        self.assets += records

    def line(self) -> str:
        """The progress line; the time left counts ``planned`` pages at the pace so far."""
        text = "mkto-lint: pull: %d calls, %d pages (%d reused), %d assets saved" % (
            self.calls, self.pages, self.reused, self.assets)
        left = self.planned - self.pages
        if left > 0 and self.calls:
            per_call = max((self.clock() - self.start) / self.calls, WINDOW / WINDOW_CALLS)
            seconds = int(left * per_call)
            text += ", about %s left" % ("%d min" % (seconds // 60 + 1) if seconds >= 90 else "%d s" % seconds)
        return text

    def done(self) -> None:
        """Clear the line redrawn in place, if any."""
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.drawn = False


_NOT_JSON = object()


def _json(body: bytes):
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return _NOT_JSON


def _first_error(data: dict) -> tuple[str, str]:
    errors = data.get("errors")
    first = errors[0] if isinstance(errors, list) and errors else errors
    if isinstance(first, dict):
        return str(first.get("code", "?")).strip(), " ".join(str(first.get("message", "")).split())[:200]
    return "?", " ".join(str(first).split())[:200]


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        return "the TLS certificate could not be verified (%s)" % text[:160]
    return text[:200]


__all__ = ["Client", "ApiError", "Page", "Progress", "base_url", "credentials", "is_loopback", "MAX_PAGE_BYTES"]
