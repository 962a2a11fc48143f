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

from helpers import CHROMIUM_FLAGS  # noqa: E402
from tei_edition.transform import Publisher  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
REAL = Path(__file__).parents[1] / "tei" / "boukharine-1926-leningrad.xml"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 375, "height": 740, "deviceScaleFactor": 2, "mobile": True}
DESKTOP = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).is_file(),
                                reason="needs Debian's chromium at /usr/bin/chromium")


class Browser:
    """One headless chromium and one tab, spoken to over the DevTools websocket."""

    def __init__(self, profile: Path) -> None:
        self.process = subprocess.Popen(
            [CHROMIUM, *CHROMIUM_FLAGS, "--disable-extensions", "--remote-debugging-port=0",
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
        # the tab behaves as the focused window: Tab and Escape reach the page
        self.send("Emulation.setFocusEmulationEnabled", {"enabled": True})

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
        self.open_url(page.as_uri())

    def open_url(self, url: str) -> None:
        # about:blank first, so that a URL differing only by its #fragment loads afresh
        self.send("Page.navigate", {"url": "about:blank"})
        self.wait_for("Page.loadEventFired")
        self.events.clear()
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def key(self, name: str) -> None:
        codes = {"Tab": 9, "Escape": 27}
        for kind in ("rawKeyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", {"type": kind, "key": name, "code": name,
                                                 "windowsVirtualKeyCode": codes[name]})

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

# Following a note mark (focused, as a keyboard user does) shows the note in place: the
# mark stays on screen, the note is visible under it, and the focus is not covered.
OPEN_NOTE = """(async () => {
  const mark = document.querySelector('main sup.noteref a');
  mark.scrollIntoView({block: 'center'});
  mark.focus();
  mark.click();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const note = document.getElementById(mark.getAttribute('href').slice(1));
  const box = note.getBoundingClientRect(), call = mark.getBoundingClientRect();
  const inView = (r) => r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
  const hit = document.elementFromPoint(call.left + call.width / 2, call.top + call.height / 2);
  return {id: note.id, hash: location.hash, display: getComputedStyle(note).display,
          noteVisible: box.height > 0 && box.top >= 0 && box.top < window.innerHeight,
          callVisible: inView(call), callUncovered: hit === mark || mark.contains(hit),
          callAbove: call.bottom <= box.top + 1};
})()"""

# The focused element is on screen and nothing covers it (WCAG 2.2, 2.4.11).
FOCUS_UNOBSCURED = """(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'no focus';
  const r = el.getClientRects()[0];
  if (!r) return 'focus not rendered: ' + el.outerHTML.slice(0, 80);
  const x = Math.min(Math.max(r.left + r.width / 2, 0), window.innerWidth - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), window.innerHeight - 1);
  const hit = document.elementFromPoint(x, y);
  return (hit === el || el.contains(hit)) ? '' : 'covered: ' + el.outerHTML.slice(0, 80);
})()"""

NOTE_STATE = """((id) => {
  const note = document.getElementById(id);
  return {hash: location.hash, display: getComputedStyle(note).display,
          active: document.activeElement ? document.activeElement.id : null};
})"""

# A shared link to a note opens the page at the note, shown in place, with the line of its
# call (its context) on screen above it.
SHARED_NOTE = """((id) => {
  const note = document.getElementById(id);
  const call = document.getElementById('ed:ref-' + id);
  const box = note.getBoundingClientRect(), c = call.getBoundingClientRect();
  return {display: getComputedStyle(note).display, top: box.top, callTop: c.top,
          height: window.innerHeight, scrolled: window.scrollY};
})"""

# Lines that start with a mark French sets after a narrow no-break space.
LINE_STARTS = """(() => {
  const marks = '»;:?!';
  const range = document.createRange();
  const rectOf = (node, i) => { range.setStart(node, i); range.setEnd(node, i + 1);
                                const rs = range.getClientRects(); return rs[rs.length - 1]; };
  const bad = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let last = null, node;
  while ((node = walk.nextNode())) {
    const t = node.data;
    if (node.parentElement.closest('script, style')) continue;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === ' ' || t[i] === '\\n' || t[i] === '\\t') continue;
      const r = rectOf(node, i);
      if (!r || r.width === 0) continue;
      if (marks.includes(t[i]) && last && r.top > last.top + last.height / 2)
        bad.push(t.slice(Math.max(0, i - 25), i + 5));
      last = r;
    }
  }
  return bad;
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
        # the JSON-LD description and the one Escape handler
        assert result["scripts"] == 2, name
        assert result["broken"] == [], name
        assert result["noRoundTrip"] == [], name
        assert result["marks"] > 0 and result["links"] > result["marks"], name
        assert result["scrollWidth"] <= result["width"], (name, result["scrollWidth"])
        assert result["wide"] == [], name
        opened = browser.run(OPEN_NOTE)
        assert opened["hash"] == "#" + opened["id"], (name, str(opened))
        assert opened["display"] == "block" and opened["noteVisible"], (name, str(opened))
        assert opened["callVisible"] and opened["callUncovered"] and opened["callAbove"], \
            (name, str(opened))
        # the next 40 focus stops, note open: the first in the note, each on screen and
        # uncovered
        for stop in range(40):
            browser.key("Tab")
            seen = browser.run(FOCUS_UNOBSCURED)
            if seen == "no focus" and stop > 0:
                break  # past the page's last link (a short page)
            assert seen == "", name
            if stop == 0:
                assert browser.run(f"document.getElementById({json.dumps(opened['id'])})"
                                   ".contains(document.activeElement)"), name
        # Escape closes the note and puts the focus back on its call
        browser.key("Escape")
        state = browser.run(f"({NOTE_STATE})({json.dumps(opened['id'])})")
        assert state["display"] == "none", (name, state)
        assert state["hash"] == f"#ed:ref-{opened['id']}", (name, state)
        assert state["active"] == f"ed:ref-{opened['id']}", (name, state)
        assert browser.problems() == [], name


def test_a_shared_link_to_a_note_shows_it_with_its_context(browser: Browser, pages) -> None:
    if "embedded" not in pages:
        pytest.skip("the embedded TEI is not there")
    for size in (PHONE, DESKTOP):
        browser.send("Emulation.setDeviceMetricsOverride", size)
        browser.open_url(pages["embedded"].as_uri() + "#note-11")
        seen = browser.run(f"({SHARED_NOTE})('note-11')")
        assert seen["display"] == "block" and seen["scrolled"] > 0, seen
        assert 0 <= seen["callTop"] < seen["top"] < seen["height"], seen
        # context: the lines above the call are on screen too, not only the note
        assert seen["callTop"] > seen["height"] / 5, seen
    browser.send("Emulation.setDeviceMetricsOverride", PHONE)


def test_no_line_starts_with_a_french_high_mark(browser: Browser, pages) -> None:
    for size in (PHONE, DESKTOP):
        browser.send("Emulation.setDeviceMetricsOverride", size)
        for name in ("embedded", "rich", "sample"):
            if name in pages:
                browser.open(pages[name])
                assert browser.run(LINE_STARTS) == [], (name, size["width"])
    browser.send("Emulation.setDeviceMetricsOverride", PHONE)


AXE = Path(__file__).parents[1] / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is installed by .ci/setup --test (npm)")
def test_axe_core_finds_no_violation(browser: Browser, pages) -> None:
    for size in (PHONE, DESKTOP):
        browser.send("Emulation.setDeviceMetricsOverride", size)
        for name in ("embedded", "rich", "sample"):
            if name not in pages:
                continue
            browser.open(pages[name])
            browser.run(AXE.read_text(encoding="utf-8") + ";0")
            violations = browser.run("""axe.run(document).then(r => r.violations.map(
                v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))""")
            assert violations == [], (name, size["width"], violations)
            # with a note open too
            browser.open_url(pages[name].as_uri() + "#" + browser.run(
                "document.querySelector('main .note-pop').id"))
            browser.run(AXE.read_text(encoding="utf-8") + ";0")
            violations = browser.run("axe.run(document).then(r => r.violations.map(v => v.id))")
            assert violations == [], (name, "note open", violations)
    browser.send("Emulation.setDeviceMetricsOverride", PHONE)
    # the dark colour scheme: dark paper, and contrast still sufficient everywhere
    browser.send("Emulation.setEmulatedMedia", {"features": [
        {"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        for name in ("embedded", "rich"):
            if name not in pages:
                continue
            browser.open(pages[name])
            background = browser.run("getComputedStyle(document.body).backgroundColor")
            assert sum(int(c) for c in background[4:-1].split(",")) < 150, background
            browser.run(AXE.read_text(encoding="utf-8") + ";0")
            violations = browser.run("axe.run(document).then(r => r.violations.map(v => v.id))")
            assert violations == [], (name, "dark", violations)
    finally:
        browser.send("Emulation.setEmulatedMedia", {"features": []})
