"""The EPUB 3 edition, built by the CLI and checked as a publisher would.

epubcheck (Debian's package) must report no error and no warning, Ace by DAISY (npm, run on
Debian's Chromium) no accessibility violation; the container, the package metadata, the
navigation, the page list, the footnotes and the text are checked against the TEI read
here independently (lxml), so that no word is lost or written twice.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path
from typing import ClassVar

import pytest
from lxml import etree

from helpers import COMMITTED_TEI, ROOT, TEI_NS, cli

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
NS = {"h": XHTML, "epub": OPS, "opf": OPF, "dc": DC, **TEI_NS}
EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")
ACE = ROOT / ".cache" / "node" / "node_modules" / "@daisy" / "ace" / "bin" / "ace-puppeteer.js"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
STEM = COMMITTED_TEI.stem


# ----------------------------------------------------------------- the TEI, read independently

def words(text: str) -> list[str]:
    """Words as both sides compare them: letters or digits runs (a note call glued to its
    word, "ensemble2", is two words), compatibility forms folded (ligatures)."""
    return re.findall(r"[^\W\d_]+|\d+", unicodedata.normalize("NFKC", text))


class TeiReading:
    """The reading text of the TEI's front and body, and of each note, as word lists.

    Corrections read as corrected, running heads and the speaker labels are not text,
    lost words are named by their description; each note is kept apart with the words of
    the text just before its call. Inline elements join the text around them ("XXIII" and
    a superscript "e" are one word); blocks are set apart."""

    BLOCKS: ClassVar[set[str]] = {"p", "head", "div", "sp", "titlePart", "docTitle", "docDate",
                                  "dateline", "item", "l", "lg", "list", "lb", "ab", "quote"}

    def __init__(self, path: Path) -> None:
        tree = etree.parse(str(path))
        chunks: list[str] = []
        self._notes: list[tuple[str, list[str], str]] = []
        for part in tree.getroot().xpath("t:text/t:front | t:text/t:body", namespaces=NS):
            self._walk(part, chunks)
        self.text = words("".join(chunks))
        self.notes = [(nid, words("".join(mine)), before) for nid, mine, before in self._notes]
        self.notes = [(nid, ws, words(before)[-4:]) for nid, ws, before in self.notes]

    def _walk(self, el: etree._Element, out: list[str]) -> None:
        name = etree.QName(el).localname
        if name in ("fw", "speaker", "sic", "orig", "abbr"):
            out.append(el.tail or "")
            return
        if name == "note":
            mine: list[str] = []
            self._notes.append((el.get("{http://www.w3.org/XML/1998/namespace}id"), mine,
                                "".join(out[-40:])))
            mine.append(el.text or "")
            for child in el:
                self._walk(child, mine)
            out.append(el.tail or "")
            return
        gap = " " if name in self.BLOCKS else ""
        if name == "gap":
            out.append(" " + " ".join(el.xpath(".//t:desc//text()", namespaces=NS)) + " ")
        else:
            out.append(gap + (el.text or ""))
            for child in el:
                self._walk(child, out)
        out.append(gap + (el.tail or ""))


def missing_in_order(expected: list[str], found: list[str]) -> list[str]:
    """The expected words that `found` does not hold in this order (empty: all there)."""
    at = 0
    for i, word in enumerate(expected):
        try:
            at = found.index(word, at) + 1
        except ValueError:
            return expected[max(i - 3, 0):i + 4]
    return []


# ----------------------------------------------------------------------------- the build

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("epub")
    done = cli("build", str(COMMITTED_TEI), "-o", str(out), "--formats", "epub")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(out / f"{STEM}.epub")]  # only what was asked for
    return out / f"{STEM}.epub"


@pytest.fixture(scope="module")
def container(built: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(built)


def xml(container: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(container.read(name))


def content_documents(container: zipfile.ZipFile) -> list[str]:
    return [n for n in container.namelist() if n.endswith(".xhtml")]


# ----------------------------------------------------------------------------- checkers

@pytest.mark.skipif(not (EPUBCHECK_JAR.is_file() and shutil.which("java")),
                    reason="needs Debian's epubcheck and Java")
def test_epubcheck_reports_no_error_and_no_warning(built: Path, tmp_path: Path) -> None:
    report = tmp_path / "epubcheck.json"
    done = subprocess.run(["java", "-jar", str(EPUBCHECK_JAR), str(built), "--json", str(report)],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(report.read_text())["messages"]
    serious = [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    assert serious == [], serious
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No errors or warnings detected" in done.stdout + done.stderr


@pytest.mark.skipif(not ACE.is_file() or not Path(CHROMIUM).is_file(),
                    reason="needs Ace by DAISY (bash .ci/setup --test installs it) and chromium")
def test_ace_by_daisy_finds_no_accessibility_violation(built: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM}
    done = subprocess.run(["node", str(ACE), "--silent", "-f", "-o", str(tmp_path / "ace"), str(built)],
                          capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((tmp_path / "ace" / "report.json").read_text())
    violations = [(doc["earl:testSubject"]["url"], a["earl:test"]["dct:title"])
                  for doc in report["assertions"] for a in doc["assertions"]]
    assert violations == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    checked = {doc["earl:testSubject"]["url"] for doc in report["assertions"]}
    assert {"nav.xhtml", "title.xhtml", "text-1.xhtml", "index.xhtml"} <= checked
    # Ace finds every discovery property (only a certifier's credential and report, which a
    # self-declared conformance cannot have, are missing)
    missing = set(report["a11y-metadata"]["missing"])
    assert missing <= {"a11y:certifierCredential", "a11y:certifierReport"}, missing
    assert {"schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
            "schema:accessibilityHazard", "schema:accessibilitySummary",
            "dcterms:conformsTo"} <= set(report["a11y-metadata"]["present"])


# ----------------------------------------------------------------------------- container

def test_the_container_is_deterministic_and_starts_with_the_stored_mimetype(built: Path,
                                                                           tmp_path: Path) -> None:
    again = cli("build", str(COMMITTED_TEI), "-o", str(tmp_path), "--formats", "epub", "--jobs", "0")
    assert again.returncode == 0, again.stderr
    assert (tmp_path / f"{STEM}.epub").read_bytes() == built.read_bytes()
    data = built.read_bytes()
    assert data[30:38] == b"mimetype" and data[38:58] == b"application/epub+zip"  # no extra field
    with zipfile.ZipFile(built) as archive:
        infos = archive.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        assert infos[1].filename == "META-INF/container.xml"
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos[1:])


# ----------------------------------------------------------------------------- package

def test_package_metadata_comes_from_the_header(container: zipfile.ZipFile) -> None:
    opf = xml(container, "EPUB/package.opf")
    tei = etree.parse(str(COMMITTED_TEI)).getroot()

    def header(path: str) -> list[str]:
        return [" ".join("".join(e.itertext()).split()) for e in tei.xpath(path, namespaces=NS)]

    def meta(path: str) -> list[str]:
        return [" ".join("".join(e.itertext()).split()) for e in opf.xpath(path, namespaces=NS)]

    stmt = "t:teiHeader/t:fileDesc/t:titleStmt/"
    pub = "t:teiHeader/t:fileDesc/t:publicationStmt/"
    assert meta("//dc:title") == header(stmt + "t:title")
    assert meta("//dc:creator") == header(stmt + "t:author")
    assert meta("//dc:contributor") == header(stmt + "t:respStmt/t:name")
    assert meta("//dc:identifier") == header(pub + "t:idno")
    assert meta("//dc:date") == tei.xpath(pub + "t:date/@when", namespaces=NS)
    assert meta("//dc:language") == ["fr"] and opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    rights = meta("//dc:rights")[0]
    assert header(pub + "t:availability/t:licence")[0] in rights
    assert header(pub + "t:availability/t:p")[0] in rights
    roles = dict(zip(opf.xpath("//opf:meta[@property='role']/@refines", namespaces=NS),
                     opf.xpath("//opf:meta[@property='role']/text()", namespaces=NS), strict=True))
    assert roles == {"#author-1": "aut", "#editor-1": "edt"}
    modified = meta("//opf:meta[@property='dcterms:modified']")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", modified[0])


def test_accessibility_discovery_metadata(container: zipfile.ZipFile) -> None:
    opf = xml(container, "EPUB/package.opf")

    def values(prop: str) -> list[str]:
        return opf.xpath(f"//opf:meta[@property='{prop}']/text()", namespaces=NS)

    assert values("schema:accessMode") == ["textual"]
    assert values("schema:accessModeSufficient") == ["textual"]
    assert {"tableOfContents", "structuralNavigation", "pageBreakMarkers", "pageNavigation",
            "index", "readingOrder"} <= set(values("schema:accessibilityFeature"))
    assert values("schema:accessibilityHazard") == ["none"]
    assert len(values("schema:accessibilitySummary")[0]) > 100
    assert values("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    # the page list's source is named, as EPUB asks of page-break markers
    assert opf.xpath("//opf:meta[@property='source-of']/text()", namespaces=NS) == ["pagination"]


# ----------------------------------------------------------------------------- navigation

def test_nav_lists_every_speech_and_the_back_matter(container: zipfile.ZipFile) -> None:
    nav = xml(container, "EPUB/nav.xhtml")
    toc = nav.xpath("//h:nav[@epub:type='toc']//h:a", namespaces=NS)
    targets = [a.get("href") for a in toc]
    tei = etree.parse(str(COMMITTED_TEI)).getroot()
    speeches = tei.xpath("t:text/t:body/t:div/@xml:id", namespaces=NS)
    assert [t.split("#")[1] for t in targets if t.startswith("text-")] == speeches
    assert {"index.xhtml#ed:persons", "index.xhtml#ed:works", "apparatus.xhtml#ed:apparatus",
            "colophon.xhtml#ed:colophon", "title.xhtml"} <= set(targets)
    for target in targets:  # every entry lands on an element of its document
        name, _, fragment = target.partition("#")
        assert not fragment or xml(container, f"EPUB/{name}").xpath(f"//*[@id='{fragment}']")


def test_page_list_has_every_page_break_and_says_which_numbers_are_inferred(
        container: zipfile.ZipFile) -> None:
    nav = xml(container, "EPUB/nav.xhtml")
    entries = nav.xpath("//h:nav[@epub:type='page-list']//h:a", namespaces=NS)
    tei = etree.parse(str(COMMITTED_TEI)).getroot()
    pbs = tei.xpath("t:text//t:pb[@n]", namespaces=NS)
    assert len(entries) == len(pbs)
    for a, pb in zip(entries, pbs, strict=True):
        label = pb.get("n") if pb.get("type") != "inferred" else f"[{pb.get('n')}]"
        assert a.text == label
        name, _, fragment = a.get("href").partition("#")
        marker = xml(container, f"EPUB/{name}").xpath(f"//*[@id='{fragment}']")[0]
        assert marker.get(f"{{{OPS}}}type") == "pagebreak"
        assert marker.get("role") == "doc-pagebreak" and marker.get("aria-label") == label
    assert "déduits" in "".join(nav.xpath("//h:nav[@epub:type='page-list']/h:h2//text()", namespaces=NS))


# ----------------------------------------------------------------------------- content

def test_every_document_is_french_and_links_resolve(container: zipfile.ZipFile) -> None:
    for name in content_documents(container):
        doc = xml(container, name)
        assert doc.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr" and doc.get("lang") == "fr"
        for href in doc.xpath("//h:a/@href", namespaces=NS):
            if href.startswith("http"):
                continue
            target, _, fragment = href.partition("#")
            other = xml(container, f"EPUB/{target}") if target else doc
            assert not fragment or other.xpath(f"//*[@id='{fragment}']"), (name, href)


def test_footnotes_are_asides_linked_both_ways(container: zipfile.ZipFile) -> None:
    tei = etree.parse(str(COMMITTED_TEI)).getroot()
    note_ids = tei.xpath("t:text//t:note/@xml:id", namespaces=NS)
    found = []
    for name in content_documents(container):
        doc = xml(container, name)
        for aside in doc.xpath("//h:aside", namespaces=NS):
            assert aside.get(f"{{{OPS}}}type") == "footnote" and aside.get("role") == "doc-footnote"
            back = aside.xpath(".//h:a[@epub:type='backlink']", namespaces=NS)[0]
            call = doc.xpath(f"//*[@id='{back.get('href')[1:]}']")[0]
            assert call.get(f"{{{OPS}}}type") == "noteref" and call.get("href") == "#" + aside.get("id")
            assert call.text == back.text.rstrip(".")
            found.append(aside.get("id"))
    assert sorted(found) == sorted(note_ids)


def epub_words(container: zipfile.ZipFile, names: list[str], asides: bool) -> list[str]:
    out: list[str] = []
    for name in names:
        doc = xml(container, name)
        for aside in doc.xpath("//h:aside", namespaces=NS):
            if not asides:
                aside.getparent().remove(aside)
        for marker in doc.xpath("//*[@epub:type='pagebreak' or @epub:type='noteref' "
                                "or @epub:type='backlink']", namespaces=NS):
            marker.text = ""
        body = doc.xpath("//h:body", namespaces=NS)[0]
        if asides:
            out += words(" ".join(block_text(a) for a in body.xpath(".//h:aside", namespaces=NS)))
        else:
            out += words(block_text(body))
    return out


XHTML_BLOCKS = {"p", "h1", "h2", "h3", "li", "div", "section", "aside", "dd", "dt", "blockquote",
                "nav", "body", "br"}


def block_text(el: etree._Element) -> str:
    """The text of an element as a reader sees it: inline elements joined to the words
    around them, blocks set apart."""
    gap = " " if etree.QName(el).localname in XHTML_BLOCKS else ""
    inner = "".join(block_text(child) + (child.tail or "") for child in el)
    return gap + (el.text or "") + inner + gap


def test_every_word_of_the_text_and_notes_in_order(container: zipfile.ZipFile) -> None:
    tei = TeiReading(COMMITTED_TEI)
    spine = [f"EPUB/{n}" for n in ("title.xhtml", "text-1.xhtml", "text-2.xhtml")]
    assert missing_in_order(tei.text, epub_words(container, spine, asides=False)) == []
    notes = epub_words(container, spine, asides=True)
    assert missing_in_order([w for _, ws, _ in tei.notes for w in ws], notes) == []
    # nothing written twice: the reading text is the TEI's, plus the headings it makes
    body = epub_words(container, spine[1:], asides=False)
    assert len(tei.text) <= len(body) + len(epub_words(container, spine[:1], asides=False))
    assert len(body) < len(tei.text) * 1.01


def declared_marks(tei: etree._Element) -> list[tuple[str, str, str]]:
    """(before, text, after) of each element of the TEI's text whose guillemets the header
    declares (tagsDecl/rendition, CSS content) and @rendition points at, in text order."""
    marks = {}
    for r in tei.xpath("t:teiHeader//t:tagsDecl/t:rendition", namespaces=NS):
        m = re.fullmatch(r'content: "([^"\\]*)";', (r.text or "").strip())
        assert m, etree.tostring(r)
        marks["#" + r.get("{http://www.w3.org/XML/1998/namespace}id")] = (r.get("scope"), m.group(1))
    found = []
    for el in tei.xpath("t:text//*[@rendition][not(*)]", namespaces=NS):
        scoped = [marks[ref] for ref in el.get("rendition").split()]  # a dangling pointer fails
        before = "".join(m for scope, m in scoped if scope == "before")
        after = "".join(m for scope, m in scoped if scope == "after")
        found.append((before, el.text or "", after))
    return found


def spaced(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def test_guillemets_declared_in_rendition_are_printed(container: zipfile.ZipFile) -> None:
    tei = etree.parse(str(COMMITTED_TEI)).getroot()
    expected = declared_marks(tei)
    assert expected, "the edition declares guillemets in @rendition"
    text = spaced(" ".join(" ".join(xml(container, name).itertext())
                           for name in content_documents(container)))
    # each one printed with its marks (notes are asides after their text: no order here)
    missing = [spaced(b + t + a) for b, t, a in expected if spaced(b + t + a) not in text]
    assert missing == []
    # and no mark doubled by the reader's own q quotes or the TEI's text
    assert not re.search("«\\s*«|»\\s*»", text)


def test_french_typography(container: zipfile.ZipFile) -> None:
    text = "".join(xml(container, "EPUB/text-1.xhtml").itertext())
    assert "\u202f»" in text and "«\u202f" in text and "\u202f;" in text and "\u202f:" in text
    assert not re.search(r"[ \u00a0][;:!?»]|«[ \u00a0]", text)
    # one rule for every publication (tei-common.xsl te:typo): the transcription's spaces
    # become narrow no-break ones; a mark the transcription glues to its word stays glued


def test_index_apparatus_colophon_and_citation(container: zipfile.ZipFile) -> None:
    tei = etree.parse(str(COMMITTED_TEI)).getroot()
    index = xml(container, "EPUB/index.xhtml")
    persons = tei.xpath("//t:particDesc//t:person/@xml:id", namespaces=NS)
    assert index.xpath("//h:section[@id='ed:persons']//h:li/@id", namespaces=NS) == persons
    mentions = index.xpath("//h:section[@id='ed:persons']//h:li/h:a", namespaces=NS)
    assert mentions and all(re.fullmatch(r"p\. \d+(, n\. \d+)?", a.text) for a in mentions)
    apparatus = xml(container, "EPUB/apparatus.xhtml")
    choices = tei.xpath("t:text//t:choice[t:sic]", namespaces=NS)
    rows = apparatus.xpath("//h:ol[@class='apparatus']/h:li", namespaces=NS)
    assert len(rows) == len(choices)
    for row, choice in zip(rows, choices, strict=True):
        lemma, reading = (row.xpath(f"string(h:span[@class='{c}'])", namespaces=NS) for c in ("lemma", "rdg"))
        assert lemma == choice.findtext("t:corr", namespaces=NS)
        assert reading == choice.findtext("t:sic", namespaces=NS)
    colophon = "".join(xml(container, "EPUB/colophon.xhtml").itertext())
    title = "".join(xml(container, "EPUB/title.xhtml").itertext())
    sha = tei.xpath("string(//t:idno[@type='sha256'])", namespaces=NS)
    assert sha in colophon and "Pour citer cette édition" in title
    title_page = xml(container, "EPUB/title.xhtml")
    citation = title_page.xpath("string(//h:p[@class='citation-text'])", namespaces=NS)
    author = tei.xpath("string(//t:titleStmt/t:author)", namespaces=NS)
    idno = tei.xpath("string(//t:publicationStmt/t:idno)", namespaces=NS)
    assert citation.startswith(author + ", ") and citation.endswith(idno + ".")


# ----------------------------------------------------------------------------- other TEI

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.skipif(not (EPUBCHECK_JAR.is_file() and shutil.which("java")),
                    reason="needs Debian's epubcheck and Java")
@pytest.mark.parametrize("name", ["sample-edition.xml", "publish/rich-edition.xml",
                                  "publish/hostile-text.xml", "publish/hostile-edition.xml"])
def test_other_editions_pass_epubcheck_and_carry_no_markup_from_the_tei(name: str, tmp_path: Path) -> None:
    from tei_edition.transform import Publisher

    # hostile-edition.xml is invalid TEI (build refuses it): rendered directly, as a check
    # that even such input becomes text only
    data = Publisher().render(FIXTURES / name, formats=("epub",))[".epub"]
    epub = tmp_path / "edition.epub"
    epub.write_bytes(data)
    report = tmp_path / "epubcheck.json"
    subprocess.run(["java", "-jar", str(EPUBCHECK_JAR), str(epub), "--json", str(report)],
                   capture_output=True, text=True, timeout=300)
    messages = json.loads(report.read_text())["messages"]
    assert [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")] == []
    with zipfile.ZipFile(epub) as archive:
        for doc_name in content_documents(archive):
            doc = xml(archive, doc_name)
            tags = {etree.QName(el).localname for el in doc.iter() if isinstance(el.tag, str)}
            assert not tags & {"script", "iframe", "object", "embed", "img", "form", "b"}, doc_name
            for el in doc.iter():
                if not isinstance(el.tag, str):
                    continue
                assert not [a for a in el.attrib if etree.QName(a).localname.startswith("on")]
                href = el.get("href", "")
                assert not href or re.fullmatch(r"(css/)?[a-z0-9-]+\.(xhtml|css)(#\S+)?|#\S+", href), href


def test_plain_build_writes_the_epub_and_the_pdf_of_the_embedded_document(tmp_path: Path) -> None:
    done = cli("build", cwd=tmp_path)  # as on a fresh clone: no INPUT, every format
    assert done.returncode == 0, done.stderr
    listed = done.stdout.split()
    for suffix in (".html", ".txt", ".citations.json", ".csl.json", ".citations.csv", ".epub", ".pdf"):
        assert f"out/{STEM}{suffix}" in listed
        assert (tmp_path / "out" / f"{STEM}{suffix}").stat().st_size > 0
    assert (tmp_path / "out" / f"{STEM}.pdf").read_bytes().startswith(b"%PDF-1.7")
    assert zipfile.is_zipfile(tmp_path / "out" / f"{STEM}.epub")
