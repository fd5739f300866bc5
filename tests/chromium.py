"""A headless Chromium driven through the DevTools protocol over a pipe
(``--remote-debugging-pipe``: fd 3 in, fd 4 out, NUL-separated JSON), for the HTML report's
tests. No websocket library and no port: nothing but the browser process and two pipes.

The network is off three ways: the page's network is emulated offline, every host name resolves
to nothing, and every proxyable request goes to a closed loopback port. Every request the page
makes is recorded anyway (``requests``), with console errors and uncaught exceptions (``errors``).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time


def executable() -> str | None:
    """The Chromium binary (Debian's ``chromium``), or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(Exception):
    pass


class Browser:
    """One headless Chromium with one page attached (``with Browser() as b: ...``)."""

    def __init__(self, timeout: float = 60.0, width: int = 1360, height: int = 900):
        self.timeout = timeout
        self.width, self.height = width, height
        self.requests: list[str] = []
        self.errors: list[str] = []
        self._events: list[dict] = []
        self._next = 0
        self._buf = b""
        self.session = None

    # -- process -----------------------------------------------------------------------------
    def __enter__(self):
        exe = executable()
        if exe is None:
            raise BrowserError("no chromium on PATH")
        self._profile = tempfile.mkdtemp(prefix="mkto-lint-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def fds():  # the protocol's pipe ends at the numbers Chromium reads and writes
            # (moved out of the way first, so that neither end can be overwritten by the other)
            r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
            w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(r, 3)
            os.dup2(w, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        args = [exe, "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + self._profile, "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-default-apps", "--metrics-recording-only", "--mute-audio",
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars",
                "--window-size=%d,%d" % (self.width, self.height), "about:blank"]
        self._stderr = tempfile.TemporaryFile()  # its last lines explain a browser that died
        self._proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=self._stderr, preexec_fn=fds, pass_fds=(3, 4))
        os.close(to_child_r)
        os.close(from_child_w)
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(domain + ".enable")
        self.call("Network.emulateNetworkConditions", offline=True, latency=0, downloadThroughput=-1,
                  uploadThroughput=-1)
        self.call("Emulation.setDeviceMetricsOverride", width=self.width, height=self.height, deviceScaleFactor=1,
                  mobile=False)
        return self

    def __exit__(self, *exc):
        try:
            if self._proc.poll() is None:
                self.session = None
                try:
                    self.call("Browser.close", timeout=10)
                except (BrowserError, OSError):
                    pass
                try:
                    self._proc.wait(10)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait(10)
        finally:
            for fd in (self._to_child, self._from_child):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._stderr.close()
            shutil.rmtree(self._profile, ignore_errors=True)

    # -- the protocol --------------------------------------------------------------------------
    def _read_message(self, deadline):
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("Chromium did not answer within %.0f s" % self.timeout)
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    self._stderr.seek(0)
                    tail = self._stderr.read().decode(errors="replace").strip().splitlines()[-5:]
                    raise BrowserError("Chromium closed the pipe (exit status %s): %s"
                                       % (self._proc.poll(), " | ".join(tail)))
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        message = json.loads(raw)
        if "method" in message:
            self._note(message)
        return message

    def _note(self, event):
        method, params = event["method"], event.get("params", {})
        self._events.append(event)
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.errors.append("exception: %s" % (details.get("exception", {}).get("description") or details.get("text")))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.errors.append("console.%s: %s" % (params["type"], " ".join(str(a.get("value", a.get("description")))
                                                                            for a in params.get("args", []))))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            self.errors.append("log: %s %s" % (params["entry"].get("text"), params["entry"].get("url", "")))

    def call(self, method: str, timeout: float | None = None, **params) -> dict:
        """Send one command and wait for its answer (events met meanwhile are recorded)."""
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if self.session is not None:
            message["sessionId"] = self.session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise BrowserError("%s: %s" % (method, answer["error"]))
                return answer.get("result", {})

    def wait_for(self, method: str, timeout: float | None = None) -> dict:
        """The first event ``method`` (already received, or the next)."""
        for event in self._events:
            if event["method"] == method:
                self._events.remove(event)
                return event
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            message = self._read_message(deadline)
            if message.get("method") == method:
                self._events.remove(message)
                return message

    # -- the page ------------------------------------------------------------------------------
    def open(self, url: str) -> float:
        """Load ``url`` and wait until its script has run; returns the seconds it took."""
        start = time.monotonic()
        answer = self.call("Page.navigate", url=url)
        if answer.get("errorText"):
            raise BrowserError("cannot open %s: %s" % (url, answer["errorText"]))
        self.wait_for("Page.loadEventFired")
        while self.js("document.documentElement.getAttribute('data-ready')") != "1":
            if time.monotonic() - start > self.timeout:
                raise BrowserError("the page's script did not finish")
            time.sleep(0.05)
        return time.monotonic() - start

    def js(self, expression: str):
        """The value of a JavaScript expression in the page."""
        answer = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in answer:
            raise BrowserError("%s: %s" % (expression, answer["exceptionDetails"].get("text")))
        return answer["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the first element ``selector`` matches."""
        box = self.js("(function(){var e=document.querySelector(%s); e.scrollIntoView({block:'center',inline:'center'});"
                      "var r=e.getBoundingClientRect(); return [r.left+r.width/2, r.top+r.height/2];})()"
                      % json.dumps(selector))
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def screenshot(self, path, scale: float = 1.0) -> None:
        """A PNG of the viewport (``scale``: smaller pictures for the README)."""
        clip = {"x": 0, "y": 0, "width": self.width, "height": self.height, "scale": scale}
        scroll = self.js("[window.scrollX, window.scrollY]")
        clip["x"], clip["y"] = scroll
        data = self.call("Page.captureScreenshot", format="png", clip=clip)["data"]
        with open(path, "wb") as fh:
            fh.write(base64.b64decode(data))
