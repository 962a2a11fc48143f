"""The HTML in a real browser (headless Debian chromium, driven over the DevTools protocol).

For each page: no console error, nothing fetched but the page itself, every internal link
reaches its target, every note mark reaches its note and the note links back, the note opens
in place (no jump), nothing overflows a 375 px phone, and no TEI payload runs as script.
Skipped without /usr/bin/chromium (Debian package chromium) or websocket-client.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

websocket = pytest.importorskip("websocket", reason="pip install websocket-client")

from tei_edition.transform import Publisher  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
REAL = Path(__file__).parents[1] / "tei" / "boukharine-1926-leningrad.xml"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 375, "height": 740, "deviceScaleFactor": 2, "mobile": True}

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).is_file(),
                                reason="needs Debian's chromium at /usr/bin/chromium")


class Browser:
    """One headless chromium and one tab, spoken to over the DevTools websocket."""

    def __init__(self, profile: Path) -> None:
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-extensions", "--remote-debugging-port=0",
             f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = self._port(profile / "DevToolsActivePort")
        pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        url = next(p["webSocketDebuggerUrl"] for p in pages if p["type"] == "page")
        self.ws = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self.events: list[dict] = []
        self._id = 0
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride", PHONE)

    def _port(self, marker: Path) -> int:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if marker.is_file() and marker.read_text().strip():
                return int(marker.read_text().split()[0])
            if self.process.poll() is not None:
                raise RuntimeError("chromium exited at start")
            time.sleep(0.05)
        raise RuntimeError("chromium did not open its DevTools port")

    def send(self, method: str, params: dict | None = None) -> dict:
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params or {}}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self._id:
                assert "error" not in message, message
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method: str) -> dict:
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            self.events.append(json.loads(self.ws.recv()))

    def open(self, page: Path) -> None:
        self.events.clear()
        self.send("Page.navigate", {"url": page.as_uri()})
        self.wait_for("Page.loadEventFired")

    def run(self, script: str):
        result = self.send("Runtime.evaluate", {"expression": script, "returnByValue": True,
                                                "awaitPromise": True})
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions, dialogs, and any request but the page."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                found.append(f"console: {params['args']}")
            elif method == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails']}")
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(f"log: {params['entry']['text']}")
            elif method == "Page.javascriptDialogOpening":
                found.append(f"dialog: {params['message']}")
            elif method == "Network.requestWillBeSent" and \
                    params["request"]["url"].split("#")[0] != params["documentURL"].split("#")[0]:
                found.append(f"request: {params['request']['url']}")
        return found

    def close(self) -> None:
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=10)


# What the page must satisfy, measured in the page itself.
CHECKS = """(() => {
  const byId = (h) => document.getElementById(decodeURIComponent(h.slice(1)));
  const internal = [...document.querySelectorAll('a[href^="#"]')];
  const broken = internal.filter(a => !byId(a.getAttribute('href')))
                         .map(a => a.getAttribute('href'));
  const marks = [...document.querySelectorAll('sup.noteref a')];
  const noRoundTrip = marks.filter(m => {
    const note = byId(m.getAttribute('href'));
    const back = note && note.querySelector('a.backref');
    return !back || back.getAttribute('href') !== '#' + m.id;
  }).map(m => m.id);
  const width = document.documentElement.clientWidth;
  const wide = [...document.body.querySelectorAll('*')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1;
  }).map(el => el.tagName + '.' + el.className + '#' + el.id);
  return {broken, noRoundTrip, marks: marks.length, links: internal.length, wide,
          scrollWidth: document.documentElement.scrollWidth, width,
          scripts: document.scripts.length, lang: document.documentElement.lang};
})()"""

# Following a note mark shows the note over the text without scrolling it away.
OPEN_NOTE = """(async () => {
  const mark = document.querySelector('sup.noteref a');
  mark.scrollIntoView({block: 'center'});
  const before = window.scrollY;
  mark.click();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const note = document.getElementById(mark.getAttribute('href').slice(1));
  const box = note.getBoundingClientRect();
  return {moved: Math.abs(window.scrollY - before),
          position: getComputedStyle(note).position,
          visible: box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0,
          hash: location.hash};
})()"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    sources = {"sample": FIXTURES / "sample-edition.xml",
               "rich": FIXTURES / "publish" / "rich-edition.xml",
               "hostile-text": FIXTURES / "publish" / "hostile-text.xml",
               "hostile-edition": FIXTURES / "publish" / "hostile-edition.xml"}
    if REAL.is_file():
        sources["embedded"] = REAL
    publisher = Publisher()
    found = {}
    for name, tei in sources.items():
        found[name] = folder / f"{name}.html"
        found[name].write_bytes(publisher.render(tei)[".html"])
    return found


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    browser = Browser(tmp_path_factory.mktemp("profile"))
    yield browser
    browser.close()


def test_pages_in_the_browser(browser: Browser, pages: dict[str, Path]) -> None:
    for name, page in pages.items():
        browser.open(page)
        result = browser.run(CHECKS)
        assert result["lang"] == "fr", name
        assert result["scripts"] == 0, name
        assert result["broken"] == [], name
        assert result["noRoundTrip"] == [], name
        assert result["marks"] > 0 and result["links"] > result["marks"], name
        assert result["scrollWidth"] <= result["width"], (name, result["scrollWidth"])
        assert result["wide"] == [], name
        opened = browser.run(OPEN_NOTE)
        assert opened["hash"].startswith("#"), name
        assert opened["position"] == "fixed" and opened["visible"], (name, opened)
        assert opened["moved"] <= 1, (name, opened)
        assert browser.problems() == [], name
