"""Checks for how another edition tool renders the TEI: CETEIcean (TEI in the browser), with
the sample stylesheet CETEIcean ships (test/CETEIcean.css), in a real headless Chromium.

render_report() loads a TEI file and returns what the page shows, measured in the page
itself (computed styles, generated content, visible boxes); each check_* function turns that
report into a list of defects (empty when the rendering is right). They name the defects of
issue 13: quotation marks shown twice, running heads in the middle of the reading text, note
contents or marks in titles and headings, a speech without a heading, and the uncorrected
reading (sic) shown before the correction (corr).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from helpers import ROOT, chromium_dom

CETEI = ROOT / ".cache" / "node" / "node_modules" / "CETEIcean"
CETEI_JS = CETEI / "dist" / "CETEI.js"
CETEI_CSS = CETEI / "test" / "CETEIcean.css"
QUOTE_MARKS = "«»“”„‘’‚‹›\"'"

# The page measures itself once CETEIcean has built the HTML, and leaves its findings as JSON
# in an attribute of <body>, which --dump-dom prints.
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="CETEIcean.css"><script src="CETEI.js"></script></head>
<body><div id="out"></div><script>
window.addEventListener("error", e => document.body.setAttribute("data-error", String(e.message)));
const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
const generated = (el, where) => {
  const c = getComputedStyle(el, where).content;
  return (c === "none" || c === "normal") ? "" : c;
};
const label = el => ({name: el.getAttribute("data-origname"), id: el.id || ""});
function report() {
  const text = document.querySelector("tei-text");
  const r = {quotes: [], fw: [], titles: [], speeches: [], choices: []};
  // (CETEIcean keeps a hidden copy of what a behaviour replaced: only what shows counts)
  for (const el of text.querySelectorAll("*[data-origname]")) {
    if (!shown(el)) continue;
    const before = generated(el, "::before"), after = generated(el, "::after");
    if (before || after) {
      r.quotes.push(Object.assign(label(el), {before, after, text: el.innerText.trim()}));
    }
  }
  for (const el of text.querySelectorAll("tei-fw")) {
    r.fw.push(Object.assign(label(el), {shown: shown(el) && el.innerText.trim() !== "",
                                        in_paragraph: el.closest("tei-p") !== null}));
  }
  for (const el of text.querySelectorAll("tei-titlepart, tei-head")) {
    const notes = Array.from(el.querySelectorAll("tei-note")).filter(shown);
    r.titles.push(Object.assign(label(el), {text: el.innerText.trim(),
                                            notes_shown: notes.length}));
  }
  for (const div of text.querySelectorAll("tei-body > tei-div")) {
    const heads = Array.from(div.children).filter(c => c.localName === "tei-head" && shown(c));
    r.speeches.push(Object.assign(label(div), {head: heads.map(h => h.innerText.trim()).join(" | ")}));
  }
  for (const el of text.querySelectorAll("tei-choice")) {
    if (!shown(el)) continue;
    r.choices.push(Object.assign(label(el), {
      shown: Array.from(el.children).filter(c => c.hasAttribute("data-origname") && shown(c)
                                                 && c.innerText.trim() !== "")
                                    .map(c => c.getAttribute("data-origname"))}));
  }
  return r;
}
try {
  new CETEI().makeHTML5(%s, function (data) {
    document.getElementById("out").appendChild(data);
    setTimeout(() => document.body.setAttribute("data-report", JSON.stringify(report())), 0);
  });
} catch (e) { document.body.setAttribute("data-error", String(e)); }
</script></body></html>"""


def render_report(tei: Path, workdir: Path) -> dict[str, Any]:
    if not CETEI_JS.exists() or not CETEI_CSS.exists():
        pytest.skip("needs CETEIcean (bash .ci/setup --test installs it)")
    shutil.copy(CETEI_JS, workdir / "CETEI.js")
    shutil.copy(CETEI_CSS, workdir / "CETEIcean.css")
    page = workdir / "index.html"
    page.write_text(PAGE % json.dumps(tei.read_text(encoding="utf-8")), encoding="utf-8")
    dom = chromium_dom(page, workdir / "profile")
    body = etree.fromstring(dom.encode(), etree.HTMLParser()).find(".//body")
    assert body is not None and "data-error" not in body.attrib, body.get("data-error")
    assert body.get("data-report"), "the page did not report (CETEIcean did not finish)"
    return json.loads(body.get("data-report"))


def _where(item: dict[str, Any]) -> str:
    return f"{item['name']}#{item['id']}" if item["id"] else item["name"]


def check_quote_marks_once(report: dict[str, Any]) -> list[str]:
    """A mark the stylesheet adds (::before) must not sit next to one already in the text."""
    return [f"{_where(q)}: quotation marks twice ({q['before']} + {q['text'][:1]!r})"
            for q in report["quotes"]
            if "quote" in q["before"] or any(m in q["before"] for m in QUOTE_MARKS)
            if q["text"][:1] and q["text"][0] in QUOTE_MARKS]


def check_no_running_head_in_text(report: dict[str, Any]) -> list[str]:
    return [f"{_where(fw)}: running head shown inside a paragraph"
            for fw in report["fw"] if fw["shown"] and fw["in_paragraph"]]


def check_titles_without_notes(report: dict[str, Any]) -> list[str]:
    return [f"{_where(t)}: a note shows in the title or heading ({t['text'][-40:]!r})"
            for t in report["titles"] if t["notes_shown"]]


def check_every_speech_has_a_heading(report: dict[str, Any]) -> list[str]:
    return [f"{_where(s)}: speech without a heading" for s in report["speeches"] if not s["head"]]


def check_correction_read_first(report: dict[str, Any]) -> list[str]:
    return [f"{_where(c)}: shows {' then '.join(c['shown'])}"
            for c in report["choices"] if not c["shown"] or c["shown"][0] != "corr"]


CHECKS = (check_quote_marks_once, check_no_running_head_in_text, check_titles_without_notes,
          check_every_speech_has_a_heading, check_correction_read_first)


def all_defects(report: dict[str, Any]) -> list[str]:
    return [defect for check in CHECKS for defect in check(report)]
