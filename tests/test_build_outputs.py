"""The five publications hold what the TEI holds: every word, note, page, quotation and source.

Each document is built once through the CLI (`tei-edition build`), as a user would; the
expectations are computed here from the TEI with lxml, independently of the stylesheets.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree, html

pytest.importorskip("tei_edition.validation")
pytest.importorskip("tei_edition.convert")

from page_scripts import without_our_scripts

from tei_edition.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}
SUFFIXES = (".html", ".txt", ".citations.json", ".csl.json", ".citations.csv")


class Built:
    """A TEI document and its publications, read once."""

    def __init__(self, tei: Path, outdir: Path) -> None:
        self.tei = etree.parse(str(tei))
        stem = tei.stem
        self.files = {s: outdir / f"{stem}{s}" for s in SUFFIXES}
        self.html_text = self.files[".html"].read_text(encoding="utf-8")
        self.page = html.document_fromstring(self.html_text)
        self.text = self.files[".txt"].read_text(encoding="utf-8")
        self.json = json.loads(self.files[".citations.json"].read_text(encoding="utf-8"))
        self.csl = json.loads(self.files[".csl.json"].read_text(encoding="utf-8"))
        with open(self.files[".citations.csv"], encoding="utf-8-sig", newline="") as fh:
            self.rows = list(csv.DictReader(fh))

    def xpath(self, expr: str) -> list:
        return self.tei.xpath(expr, namespaces=NS)

    def by_id(self, html_id: str):
        found = self.page.xpath("//*[@id=$i]", i=html_id)
        assert len(found) == 1, f"id {html_id!r} appears {len(found)} times in the HTML"
        return found[0]


def build(args: list[str]) -> None:
    result = CliRunner().invoke(main, ["build", *args])
    assert result.exit_code == 0, result.output + str(result.exception or "")


@pytest.fixture(scope="module", params=["embedded", "sample", "rich"])
def doc(request, tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp(request.param)
    if request.param == "embedded":
        # The embedded document, as `tei-edition build` with no INPUT makes it (tei/, out/).
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(out)
            build([])
        return Built(out / "tei" / "boukharine-1926-leningrad.xml", out / "out")
    tei = (FIXTURES / "sample-edition.xml" if request.param == "sample"
           else FIXTURES / "publish" / "rich-edition.xml")
    build([str(tei), "-o", str(out)])
    return Built(tei, out)


# ---------------------------------------------------------------- reading text from the TEI

SKIPPED = {f"{{{TEI}}}fw", f"{{{TEI}}}note"}
ORIGINALS = {f"{{{TEI}}}sic", f"{{{TEI}}}orig", f"{{{TEI}}}abbr"}


def reading(el: etree._Element, keep_notes: bool = False) -> str:
    """The words a reader reads: corrected, without running heads (and notes if asked)."""
    if el.tag == f"{{{TEI}}}lb" and el.get("break") != "no":
        return " "
    before, after = printed_marks(el)
    parts: list[str] = [before, el.text or ""]
    for child in el:
        skip = child.tag == f"{{{TEI}}}fw" or (child.tag == f"{{{TEI}}}note" and not keep_notes)
        skip |= child.tag in ORIGINALS and el.tag == f"{{{TEI}}}choice"
        if not skip and isinstance(child.tag, str):
            parts.append(reading(child, keep_notes))
        parts.append(child.tail or "")
    parts.append(after)
    joined = "".join(parts)
    # a block is a unit of its own: keep it apart from what surrounds it
    return f" {joined} " if el.tag in _BLOCKS else joined


def printed_marks(el: etree._Element) -> tuple[str, str]:
    """The quotation marks printed before and after el, which the TEI keeps in @rendition:
    the CSS content of the header's rendition each pointer names (a pointer to nothing, or
    a rendition without content, fails the test)."""
    before = after = ""
    for ref in (el.get("rendition") or "").split():
        [rendition] = el.xpath(f"//t:tagsDecl/t:rendition[@xml:id='{ref[1:]}']", namespaces=NS)
        mark = re.fullmatch(r'content: "(.*)";', rendition.text or "")
        assert mark, rendition.text
        if rendition.get("scope") == "before":
            before += mark.group(1)
        else:
            after += mark.group(1)
    return before, after


_BLOCKS = {f"{{{TEI}}}{n}" for n in ("p", "head", "dateline", "speaker", "note", "titlePart",
                                      "gap")}

# HTML elements that end a word (the rest are inline, like sup in "XXIIIe")
_HTML_BREAKS = {"p", "li", "h1", "h2", "h3", "div", "section", "article", "header", "footer",
                "nav", "main", "blockquote", "dd", "dt", "br", "ol", "ul", "title"}


def html_words_text(el: html.HtmlElement) -> str:
    """The page's text as a reader reads it: blocks apart; note marks and the page numbers
    in the margin left out (a page break may fall inside a word)."""
    classes = (el.get("class") or "").split()
    if "pb" in classes or "noteref" in classes or el.tag in ("style", "head", "script"):
        return el.tail or ""
    inner = (el.text or "") + "".join(html_words_text(c) for c in el)
    # a note shown in place is a block of its own (display: block), as its paragraphs are
    if el.tag in _HTML_BREAKS or {"note-pop", "note-p", "note-id"} & set(classes):
        inner = f" {inner} "
    return inner + (el.tail or "")


def norm(text: str) -> str:
    return " ".join(text.split())


def words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text))


def missing_words(expected: str, got: str) -> Counter:
    return words(expected) - words(got)


# ---------------------------------------------------------------------------------- HTML


def test_html_is_one_self_contained_french_page(doc: Built) -> None:
    assert doc.page.get("lang") == "fr"
    assert doc.html_text.startswith("<!DOCTYPE HTML>")
    # the only scripts are the page's own: its JSON-LD and its Escape handler
    without_our_scripts(doc.html_text)
    assert not doc.page.xpath("//script[not(@type) or @type != 'application/ld+json'][position() > 1]")
    assert not doc.page.xpath("//link | //iframe | //img | //object | //embed")
    # nothing is fetched: no src anywhere, no url() in the style sheet
    assert not doc.page.xpath("//@src")
    assert "url(" not in doc.page.xpath("string(//style)")
    external = [a.get("href") for a in doc.page.xpath("//a[@href]")
                if not a.get("href").startswith("#")]
    assert external == [a.get("href") for a in doc.page.xpath("//a[@rel='license']")]


def test_html_ids_are_unique_and_every_internal_link_lands(doc: Built) -> None:
    ids = doc.page.xpath("//@id")
    assert len(ids) == len(set(ids))
    targets = set(ids)
    for href in doc.page.xpath("//a/@href[starts-with(., '#')] | //@cite"):
        assert href[1:] in targets, f"link {href} has no target"


def test_html_headings_are_in_order_and_landmarks_exist(doc: Built) -> None:
    levels = [int(h.tag[1]) for h in doc.page.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    for landmark in ("//body/header", "//nav", "//main", "//body/footer"):
        assert doc.page.xpath(landmark), landmark


def test_html_every_paragraph_keeps_its_id_and_a_permalink(doc: Built) -> None:
    for p in doc.xpath("//t:body//t:p[@xml:id]"):
        pid = p.get("{http://www.w3.org/XML/1998/namespace}id")
        shown = doc.by_id(pid)
        assert shown.tag == "p"
        assert shown.xpath("a[@class='permalink']/@href") == [f"#{pid}"]


def test_html_every_note_is_numbered_linked_and_links_back(doc: Built) -> None:
    notes = doc.xpath("//t:text//t:note")
    assert notes
    for note in notes:
        nid = note.get("{http://www.w3.org/XML/1998/namespace}id")
        item = doc.by_id(nid)
        mark = doc.by_id(f"ed:ref-{nid}")
        assert mark.get("href") == f"#{nid}"
        assert norm(mark.text_content()) == note.get("n")
        assert item.xpath("a[@class='backref']/@href") == [f"#ed:ref-{nid}"]
        assert norm(item.text_content()).startswith(note.get("n"))
        # the note's own words are all in its list item
        assert not missing_words(reading(note, keep_notes=True), html_words_text(item))
        # the note is shown in place, right after its mark
        assert "note-pop" in item.get("class") and item.getprevious() is mark.getparent()
        # and listed, whole, with the others at the end of its speech
        listed = doc.by_id(f"ed:fn-{nid}")
        assert listed.xpath("a[@class='backref']/@href") == [f"#ed:ref-{nid}"]
        assert not missing_words(reading(note, keep_notes=True), html_words_text(listed))
    # each speech lists its own notes at its end, in order; the list is made of endnotes
    for div in doc.xpath("//t:body/t:div"):
        article = doc.by_id(div.get("{http://www.w3.org/XML/1998/namespace}id"))
        listed = article.xpath(".//*[@role='doc-endnotes']/ol[@class='notes']/li/@id")
        assert listed == ["ed:fn-" + n.get("{http://www.w3.org/XML/1998/namespace}id")
                          for n in div.xpath(".//t:note", namespaces=NS)]
    # DPUB-ARIA 1.1: endnotes are the list items of a doc-endnotes section (doc-endnote is
    # deprecated), each with its doc-backlink
    assert doc.page.xpath("//*[@role='doc-endnotes']/ol/li/a[@role='doc-backlink']")
    # the list's copies carry no id of the TEI (only the note shown in place does)
    for item in doc.page.xpath("//ol[@class='notes']/li"):
        assert item.xpath(".//@id") == [item.get("id")]


def test_html_every_page_break_is_shown_and_linkable(doc: Built) -> None:
    for pb in doc.xpath("//t:text//t:pb"):
        shown = doc.by_id(pb.get("{http://www.w3.org/XML/1998/namespace}id"))
        # a number the source does not print says so in words
        expected = ", déduite" if pb.get("type") == "inferred" else ""
        assert norm(shown.text_content()) == f"[p. {pb.get('n')}{expected}]"


def test_html_quotations_corrections_persons_and_dates(doc: Built) -> None:
    for quote in doc.xpath("//t:text//t:quote[@xml:id]"):
        shown = doc.by_id(quote.get("{http://www.w3.org/XML/1998/namespace}id"))
        assert shown.tag == ("blockquote" if quote.xpath("t:p", namespaces=NS) else "q")
        if quote.get("source"):
            note = doc.tei.xpath("//*[@xml:id=$i]/ancestor-or-self::t:note", namespaces=NS,
                                 i=quote.get("source")[1:])
            if note:
                target = note[0].get("{http://www.w3.org/XML/1998/namespace}id")
                assert shown.get("cite") == f"#{target}"
    for choice in doc.xpath("//t:text//t:choice[t:sic]"):
        cid = choice.get("{http://www.w3.org/XML/1998/namespace}id")
        shown = doc.by_id(cid)
        assert norm(shown.text_content()) == norm(reading(choice.find(f"{{{TEI}}}corr")))
        assert norm(reading(choice.find(f"{{{TEI}}}sic"))) in shown.get("title")
        entry = doc.by_id(f"ed:app-{cid}")
        # the apparatus links to where the correction is read: the note holding it, if any
        note = choice.xpath("ancestor::t:note/@xml:id", namespaces=NS)
        assert entry.xpath("a/@href") == [f"#{(note or [cid])[0]}"]
        # the source's reading is reachable without a pointer: shown when the word has focus
        assert norm(reading(choice.find(f"{{{TEI}}}sic"))) in doc.by_id(f"ed:sic-{cid}").text_content()
    for person in doc.xpath("//t:particDesc//t:person"):
        pid = person.get("{http://www.w3.org/XML/1998/namespace}id")
        assert doc.by_id(pid).tag == "li"
    mentions = doc.xpath("//t:text//t:persName[starts-with(@ref, '#')][not(.//t:note)]")
    links = doc.page.xpath("//main//a[contains(@class, 'person')] | //header//a[@class='person']")
    assert len(links) >= len(mentions)
    for date in doc.xpath("//t:text//t:date[@when]"):
        assert doc.page.xpath("//time[@datetime=$d]", d=date.get("when"))


def test_html_colophon_comes_from_the_header(doc: Built) -> None:
    colophon = norm(doc.page.xpath("string(//footer)"))
    version = doc.xpath("string(//t:appInfo/t:application/@version)")
    licence = doc.xpath("//t:licence")[0]
    assert version and version in colophon
    assert norm(reading(licence)) in colophon
    assert doc.page.xpath("//footer//a[@rel='license']/@href") == [licence.get("target")]
    assert doc.xpath("string(//t:publicationStmt/t:idno)") in colophon


def test_html_holds_every_word_of_the_text_and_notes(doc: Built) -> None:
    text = doc.xpath("//t:text")[0]
    body = doc.page.xpath("//body")[0]
    assert not missing_words(reading(text, keep_notes=True), html_words_text(body))


# ---------------------------------------------------------------------------- plain text


def test_text_holds_every_word_in_reading_order_without_markup(doc: Built) -> None:
    text = doc.xpath("//t:text")[0]
    assert not missing_words(reading(text, keep_notes=True), doc.text)
    assert "<" not in doc.text.replace("&lt;", "")
    # the corrected reading, never the source's typo, unless it also occurs elsewhere
    for choice in doc.xpath("//t:text//t:choice[t:sic]"):
        assert norm(reading(choice.find(f"{{{TEI}}}corr"))) in doc.text
    # running heads are furniture
    for fw in doc.xpath("//t:fw[@type='header']"):
        assert norm(fw.xpath("string()")) not in doc.text
    # paragraphs keep their order: each starts after the previous one
    position = 0
    # (French spacing: the text has narrow no-break spaces where the TEI has spaces)
    unmarked = re.sub(r"\[\d+\]", "", doc.text).replace("\u202f", " ")
    for p in doc.xpath("//t:body//t:p[not(ancestor::t:note)]"):
        start = norm(reading(p))[:40]
        found = unmarked.find(start, position)
        assert found >= 0, start
        position = found


def test_text_names_speaker_and_date_and_lists_notes_after_each_speech(doc: Built) -> None:
    lines = doc.text.splitlines()
    for div in doc.xpath("//t:body/t:div"):
        speaker = norm(div.xpath("string(.//t:speaker)", namespaces=NS))
        assert any(line.startswith(speaker + " — ") for line in lines), speaker
    for note in doc.xpath("//t:text//t:note"):
        assert any(line.startswith(f"[{note.get('n')}] ") for line in lines), note.get("n")
        assert f"[{note.get('n')}]" in doc.text
    assert not re.search(r"\[p\. \d+\]", doc.text), "page breaks are hidden by default"


# ------------------------------------------------------------------------------ citations


def quote_text(quote: etree._Element, doc: Built) -> str:
    parts = [quote]
    while parts[-1].get("next"):
        parts += doc.xpath(f"//t:quote[@xml:id='{parts[-1].get('next')[1:]}']")
    paras = [p for part in parts for p in (part.xpath("t:p", namespaces=NS) or [part])]
    return "\n".join(norm(reading(p)) for p in paras)


def test_citations_list_every_quotation_with_its_source(doc: Built) -> None:
    quotes = doc.xpath("//t:text//t:quote[not(@prev)]")
    listed = doc.json["quotations"]
    assert [q["id"] for q in listed] == [q.get("{http://www.w3.org/XML/1998/namespace}id")
                                         for q in quotes]
    for quote, entry in zip(quotes, listed, strict=True):
        assert entry["text"] == quote_text(quote, doc)
        assert entry["page"].split("-")[0] == quote.xpath("string(preceding::t:pb[1]/@n)",
                                                          namespaces=NS)
        div = quote.xpath("ancestor::t:div[parent::t:body]/@xml:id", namespaces=NS)
        assert entry["division_id"] == (div[0] if div else None)
        # the division is named as the reading edition heads it, not by its id
        assert (entry["division"] is None) == (not div) and entry["division"] != entry["division_id"]
        para = quote.xpath("ancestor::t:p[@xml:id][1]/@xml:id", namespaces=NS)
        assert entry["paragraph"] == (para[0] if para else entry["paragraph"])
        parts = [quote, *doc.xpath(f"//t:quote[@prev='#{entry['id']}']")]
        source = next((part.get("source") for part in parts if part.get("source")), None)
        if not source:
            assert entry["source"] is None
            continue
        target = doc.xpath(f"//*[@xml:id='{source[1:]}']")[0]
        note = target.xpath("ancestor::t:note", namespaces=NS)
        assert entry["source"]["note"] == (note[0].get("n") if note else None)
        assert entry["source"]["bibl"]
        if target.tag == f"{{{NS['t']}}}person":  # the person quoted, named by the editor
            assert entry["source"]["person"] == source[1:] and entry["source"]["work"] is None
            assert entry["quoted"] == norm(target.xpath("string(t:persName[1])", namespaces=NS))
        elif not note:  # the work quoted, an entry of the works list
            assert entry["source"]["work"] == source[1:]
        # an Ibid is spelled out: the work's title appears, not just "Ibid"
        assert "ibid" not in entry["source"]["bibl"].lower()
    assert all(set(q) >= {"id", "text", "speaker", "quoted", "division", "page", "paragraph",
                          "url", "source"} for q in listed)
    # whom a sourced quotation quotes: the author its reference names (an Ibid's, from the
    # reference it repeats)
    for entry in listed:
        if entry["source"] and entry["source"]["work"]:
            work = doc.xpath(f"(//t:standOff | //t:sourceDesc)/t:listBibl"
                             f"/t:bibl[@xml:id='{entry['source']['work']}']")[0]
            authors = [norm(a.xpath("string()")) for a in work.xpath("t:author", namespaces=NS)]
            if authors:
                assert entry["quoted"], entry["id"]
                assert entry["quoted"].split()[-1] in " ".join(authors), entry


def test_citations_document_and_works_come_from_the_header(doc: Built) -> None:
    document = doc.json["document"]
    assert document["title"] == norm(doc.xpath("string(//t:titleStmt/t:title[@type='main'])"))
    assert document["identifier"] == doc.xpath("string(//t:publicationStmt/t:idno)")
    assert document["author"] and document["date"]
    works = doc.xpath("(//t:standOff | //t:sourceDesc)/t:listBibl/t:bibl")  # earlier files: standOff
    assert [w["id"] for w in doc.json["works"]] == [
        w.get("{http://www.w3.org/XML/1998/namespace}id") for w in works]
    for work, entry in zip(works, doc.json["works"], strict=True):
        assert entry["title"] == norm(work.xpath("string(t:title)", namespaces=NS))


def test_csl_json_items_import_as_works(doc: Built) -> None:
    assert isinstance(doc.csl, list)
    # the edition itself first, then the works, then the references that give a place
    edition = doc.csl[0]
    assert edition["title"] == doc.json["document"]["title"] and edition["type"] == "book"
    works = [w["id"] for w in doc.json["works"]]
    assert [item["id"] for item in doc.csl[1:len(works) + 1]] == works
    for item in doc.csl[len(works) + 1:]:
        bibl = doc.xpath(f"//t:note//t:bibl[@xml:id='{item['id']}']")
        assert bibl and ("volume" in item or "page" in item), item
    for item in doc.csl:
        assert item["type"] and item["title"]
        for name in item.get("author", []):
            assert name.get("family") or name.get("literal")
        if "issued" in item:
            assert all(isinstance(n, int) for n in item["issued"]["date-parts"][0])


def test_csv_has_one_row_per_quotation(doc: Built) -> None:
    raw = doc.files[".citations.csv"].read_bytes()
    assert raw.endswith(b"\r\n")
    # UTF-8 with a byte-order mark, so that spreadsheet programs do not read it as Latin-1
    assert raw.startswith("\ufeffid,".encode())
    raw = raw[3:]
    assert [r["id"] for r in doc.rows] == [q["id"] for q in doc.json["quotations"]]
    for row, entry in zip(doc.rows, doc.json["quotations"], strict=True):
        assert row["text"] == entry["text"]
        assert row["note"] == ((entry["source"] or {}).get("note") or "")
    assert next(csv.reader(io.StringIO(raw.decode())))[:2] == ["id", "text"]


# ------------------------------------------------------------- the richer constructions


def test_rich_constructions(tmp_path: Path) -> None:
    """lb, notes of several paragraphs, split quotations, Old Style dates, Ibid chains and
    page breaks inside a name: each rendered as the edition needs."""
    tei = FIXTURES / "publish" / "rich-edition.xml"
    build([str(tei), "-o", str(tmp_path)])
    doc = Built(tei, tmp_path)
    # a split quotation is one citation, spanning the page break inside it
    (split,) = [q for q in doc.json["quotations"] if q["id"] == "q-2"]
    assert split["text"] == "« Première moitié d’une citation qui continue,\net qui finit ici. »"
    assert split["page"] == "5-6"
    assert split["source"] == {"note": "4", "bibl": "V. Lénine: Œuvres, t. 32, p. 536",
                               "work": "work-oeuvres", "person": None}
    assert "q-3" not in [q["id"] for q in doc.json["quotations"]]
    # a full reference is given as printed; the Ibid of an Ibid above took its author and
    # title from it, and its own volume and page
    first = next(q for q in doc.json["quotations"] if q["id"] == "q-1")
    assert first["source"]["bibl"] == "V. Lénine: Œuvres, t. 33, p. 111"
    # a page break inside a linked name: still linkable (its id), never a link in a link
    page5 = doc.by_id("page-5")
    assert "inferred" in page5.get("class")
    assert not page5.xpath("ancestor::a//a | .//a[ancestor::a]")
    assert "Lénine" in doc.text and "Lé nine" not in doc.text
    # note of two paragraphs: two lines in the text, the second indented as the note's; two
    # paragraphs in the HTML
    assert "[5] Premier paragraphe de la note.\n    Second paragraphe, avec Kirov." in doc.text
    assert len(doc.by_id("note-5").xpath("span[@class='note-p']")) == 2
    assert len(doc.by_id("ed:fn-note-5").xpath("p")) == 2
    # lb is a line break in HTML and a space in the text
    assert doc.by_id("p-3").xpath(".//br") and "Vive le parti[5]\u202f!" in doc.text
    # an Old Style date keeps its Julian value
    assert doc.page.xpath("//time[@datetime='1918-03-16']")


def test_text_wraps_and_shows_pages_when_asked(tmp_path: Path) -> None:
    tei = FIXTURES / "publish" / "rich-edition.xml"
    build([str(tei), "-o", str(tmp_path), "--width", "30", "--pages"])
    text = (tmp_path / "rich-edition.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        assert len(line) <= 30 or " " not in line, line
    for n in ("4", "5", "6"):
        assert f"[p. {n}]" in text
    # a page break inside a word stays inside it
    assert "Lé[p. 5]nine" in text.replace("\n", " ")
    text = text.replace("[p. 5]", "")
    doc = etree.parse(str(tei))
    assert not missing_words(reading(doc.find(f"{{{TEI}}}text"), keep_notes=True), text)
