"""The edition opens cleanly in another edition tool: CETEIcean (TEI in the browser) renders
every paragraph, note and page break of it in a real headless Chromium.

The TEI Consortium's own Stylesheets are not available from the package registries this
project reaches (no Debian or npm package), so that check is left to the reader.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from helpers import COMMITTED_TEI, ROOT, TEI_NS, chromium_dom

CETEI_JS = ROOT / ".cache" / "node" / "node_modules" / "CETEIcean" / "dist" / "CETEI.js"

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><script src="CETEI.js"></script></head>
<body><div id="out"></div><script>
window.addEventListener("error", e => document.body.setAttribute("data-error", String(e.message)));
try {
  new CETEI().makeHTML5(%s, function (data) {
    document.getElementById("out").appendChild(data);
    for (const name of ["p", "note", "pb", "quote", "persName", "date"]) {
      document.body.setAttribute("data-" + name.toLowerCase(),
                                 document.querySelectorAll("tei-" + name.toLowerCase()).length);
    }
  });
} catch (e) { document.body.setAttribute("data-error", String(e)); }
</script></body></html>"""


def render_with_ceteicean(tei: Path, workdir: Path) -> etree._Element:
    if not CETEI_JS.exists():
        pytest.skip("needs CETEIcean (bash .ci/setup --test installs it)")
    shutil.copy(CETEI_JS, workdir / "CETEI.js")
    page = workdir / "index.html"
    page.write_text(PAGE % json.dumps(tei.read_text(encoding="utf-8")), encoding="utf-8")
    dom = chromium_dom(page, workdir / "profile")
    return etree.fromstring(dom.encode(), etree.HTMLParser()).find(".//body")


def test_ceteicean_renders_every_paragraph_note_and_page(tmp_path: Path) -> None:
    body = render_with_ceteicean(COMMITTED_TEI, tmp_path)
    assert "data-error" not in body.attrib, body.get("data-error")
    tei = etree.parse(str(COMMITTED_TEI))
    # every identified element of the text renders, under its own id
    ids = set(tei.xpath("//t:text//@xml:id", namespaces=TEI_NS))
    rendered = set(body.xpath("//@id"))
    assert ids and not ids - rendered, sorted(ids - rendered)[:5]
    # (CETEIcean copies note contents for display, so names and dates in notes count twice)
    for name in ("pb", "quote"):
        expected = len(tei.xpath(f"//t:{name}", namespaces=TEI_NS))
        assert body.get(f"data-{name.lower()}") == str(expected), name
