"""The print edition (PDF), built by the CLI and read back with poppler's tools.

pdftotext must give every word of the TEI's text and notes in order, each footnote on the
page of its call; pdffonts must show every font embedded; a rendered page (pdftoppm) and
the words' boxes (pdftotext -bbox) must show the page number at the foot and the speech's
running head at the top; the index names the PDF's pages; the file is the same bytes on
every build and carries no build time unless one is given.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from test_epub import TeiReading, declared_marks, missing_in_order, words

from helpers import COMMITTED_TEI, TEI_NS, cli

POPPLER = ("pdftotext", "pdffonts", "pdftoppm", "pdfinfo")
pytestmark = pytest.mark.skipif(not all(shutil.which(tool) for tool in POPPLER),
                                reason="needs poppler-utils (pdftotext, pdffonts, pdftoppm, pdfinfo)")

STEM = COMMITTED_TEI.stem
XHTML_NS = {"h": "http://www.w3.org/1999/xhtml"}


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    done = subprocess.run([*cli_command(), "build", str(COMMITTED_TEI), "-o", str(out), "--formats", "pdf"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(out / f"{STEM}.pdf")]
    return out / f"{STEM}.pdf"


def cli_command() -> list[str]:
    import sys
    return [str(Path(sys.executable).parent / "tei-edition")]


@pytest.fixture(scope="module")
def pages(pdf: Path) -> list[str]:
    # -raw: in the order drawn, and a hyphen ending a line kept (poppler would join
    # "avant-" and "garde" into one word otherwise)
    return run("pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-").split("\f")[:-1]


@pytest.fixture(scope="module")
def page_words(pages: list[str]) -> list[list[str]]:
    return [words(page) for page in pages]


def test_every_word_of_the_text_in_order(page_words: list[list[str]], pages: list[str]) -> None:
    tei = TeiReading(COMMITTED_TEI)
    everything = [w for page in page_words for w in page]
    assert missing_in_order(tei.text, everything) == []
    assert missing_in_order([w for _, ws, _ in tei.notes for w in ws], everything) == []
    # no quotation mark added to the source's own (the browser's q quotes are off)
    text = "".join(pages)
    assert not re.search("«\\s*«|»\\s*»", text)
    # the guillemets the TEI declares in @rendition are printed, with those in its text
    tree = etree.parse(str(COMMITTED_TEI)).getroot()
    # (compared without spaces or hyphens: a line may break inside or after a mark)
    squeezed = re.sub(r"[\s\u00ad-]+", "", text)
    marked = [re.sub(r"[\s\u00ad-]+", "", b + t + a) for b, t, a in declared_marks(tree)]
    assert marked and [m for m in marked if m not in squeezed] == []


def test_each_footnote_is_on_the_page_of_its_call(page_words: list[list[str]]) -> None:
    tei = TeiReading(COMMITTED_TEI)
    labels = {n.get(f"{{{XML}}}id"): n.get("n") for n in
              etree.parse(str(COMMITTED_TEI)).getroot().xpath("t:text//t:note", namespaces=TEI_NS)}
    assert len(tei.notes) >= 10
    for note_id, note, before in tei.notes:
        note_pages = [i for i, page in enumerate(page_words) if contains_run(page, note[:8])]
        # the call: its number glued to the word before it
        call = [*before[-1:], labels[note_id]]
        call_pages = [i for i, page in enumerate(page_words) if contains_run(page, call)]
        assert note_pages, note_id
        assert set(note_pages) & set(call_pages), (note_id, note_pages, call_pages)


def contains_run(page: list[str], run_: list[str]) -> bool:
    """True if the page holds these words in order, at most a few words apart (a note
    call, a margin page number or a line of the footnote area may fall between)."""
    if not run_:
        return True
    for start in (i for i, w in enumerate(page) if w == run_[0]):
        at, ok = start, True
        for word in run_[1:]:
            window = page[at + 1:at + 8]
            if word not in window:
                ok = False
                break
            at = at + 1 + window.index(word)
        if ok:
            return True
    return False


def test_fonts_are_embedded(pdf: Path) -> None:
    rows = run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows, "no font listed"
    for row in rows:
        assert row.split()[-5] == "yes", row  # the "emb" column
        assert "Edition-Serif" in row  # DejaVu Serif, declared by pdf.py: no fallback font


def bboxes(pdf: Path, page: int) -> tuple[float, float, list[tuple[str, float, float, float, float]]]:
    xml = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    tree = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True))
    page_el = tree.xpath("//h:page", namespaces=XHTML_NS)[0]
    found = [(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
             for w in tree.xpath("//h:word", namespaces=XHTML_NS)]
    return float(page_el.get("width")), float(page_el.get("height")), found


def ink_rows(pdf: Path, page: int, tmp_path: Path) -> list[int]:
    """Rows of the rendered page (pdftoppm, grey, 40 dpi) that hold ink, top to bottom."""
    image = tmp_path / f"page-{page}.pgm"
    subprocess.run(["pdftoppm", "-gray", "-r", "40", "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(image.with_suffix(""))], check=True, timeout=60)
    data = image.read_bytes()
    _magic, width, height, _depth, pixels = data.split(maxsplit=4)
    w, h = int(width), int(height)
    return [y for y in range(h) if min(pixels[y * w:(y + 1) * w]) < 128]


def test_a_text_page_has_its_number_at_the_foot_and_the_speech_as_running_head(
        pdf: Path, pages: list[str], tmp_path: Path) -> None:
    tei = etree.parse(str(COMMITTED_TEI)).getroot()
    speech = tei.xpath("t:text/t:body/t:div[2]", namespaces=TEI_NS)[0]
    heading = " ".join("".join(speech.xpath("t:head[1]//text()", namespaces=TEI_NS)).split())
    start = next(i for i, p in enumerate(pages) if i > 1 and heading in p)  # past the contents
    number = start + 2  # the page after the speech's first (pages count from 1)
    assert number <= len(pages)
    width, height, found = bboxes(pdf, number)
    lowest = max(found, key=lambda w: w[4])
    foot = [w for w in found if w[2] > lowest[2] - 2]  # the words of the lowest line
    assert [w[0] for w in foot] == [str(number)] and lowest[2] > height * 0.9
    assert abs((foot[0][1] + foot[0][3]) / 2 - width / 2) < width * 0.05  # centred
    head = [w for w in found if w[4] < height * 0.06]
    assert " ".join(w[0] for w in head if w[1] > width / 2) == heading  # right: the speech
    body = [w for w in found if height * 0.08 < w[2] < height * 0.88]
    assert body and min(w[4] for w in head) < min(w[2] for w in body)
    # and the rendered page shows ink there: a band at the top, text, a band at the foot
    rows = ink_rows(pdf, number, tmp_path)
    image_height = round(height / 72 * 40)
    assert rows[0] < image_height * 0.1 and rows[-1] > image_height * 0.9
    head_rows = [y for y in rows if y < image_height * 0.1]
    assert any(y not in rows for y in range(head_rows[-1], head_rows[-1] + 6))  # a gap below


def test_source_pages_stand_in_the_margin(pdf: Path, pages: list[str]) -> None:
    tei = etree.parse(str(COMMITTED_TEI)).getroot()
    pb = tei.xpath("t:text/t:body//t:pb[@n][not(ancestor::t:note)]", namespaces=TEI_NS)[0]
    label = f"[p. {pb.get('n')}]" if pb.get("type") == "inferred" else f"p. {pb.get('n')}"
    page = next(i for i, p in enumerate(pages) if label in p) + 1
    _width, _height, found = bboxes(pdf, page)
    number = next(w for w in found if w[0] == label.split()[-1])
    text_left = min(w[1] for w in found if len(w[0]) > 3 and w[0] != number[0])
    assert number[3] < text_left  # left of every line of the text


def test_title_page_contents_and_index_with_pdf_pages(pages: list[str]) -> None:
    tei = etree.parse(str(COMMITTED_TEI)).getroot()
    assert "Pour citer cette édition" in pages[0]
    idno = tei.xpath("string(//t:publicationStmt/t:idno)", namespaces=TEI_NS)
    assert idno in " ".join(pages[0].split())
    index_page = next(i for i, p in enumerate(pages) if "Index des personnes" in p and i > 2)
    index = " ".join(pages[index_page:index_page + 2])
    for person in tei.xpath("//t:particDesc//t:person[@xml:id]", namespaces=TEI_NS):
        name = " ".join("".join(person.xpath("t:persName[1]//text()", namespaces=TEI_NS)).split())
        forms = {" ".join("".join(e.itertext()).split())
                 for e in tei.xpath(f"//t:text//t:persName[@ref='#{person.get(f'{{{XML}}}id')}']",
                                    namespaces=TEI_NS)}
        entry = re.search(re.escape(name) + r"[^:]*:\s*([\d,\s]+)", index)
        if not forms:
            continue
        assert entry, name
        numbers = [int(n) for n in re.findall(r"\d+", entry[1]) if int(n) <= len(pages)]
        assert numbers == sorted(set(numbers)), (name, numbers)  # each page once, in order
        for n in numbers:  # the page (or the next: a paragraph may run over) names the person
            nearby = " ".join(" ".join(pages[n - 1:n + 1]).split())
            assert any(form.split()[-1] in nearby for form in forms), (name, n)
    contents = " ".join(pages[1].split())
    assert "Index des personnes" in contents and "Colophon" in contents


XML = "http://www.w3.org/XML/1998/namespace"


def test_the_pdf_is_the_same_bytes_twice_and_dated_only_when_asked(pdf: Path, tmp_path: Path) -> None:
    info = run("pdfinfo", str(pdf))
    assert "CreationDate" not in info and "ModDate" not in info
    assert re.search(r"Tagged:\s+yes", info)  # PDF/UA-1: tagged structure
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    again = subprocess.run([*cli_command(), "build", str(COMMITTED_TEI), "-o", str(tmp_path / "a"),
                            "--formats", "pdf", "--jobs", "0"], capture_output=True, text=True,
                           env=env, timeout=300)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "a" / f"{STEM}.pdf").read_bytes() == pdf.read_bytes()
    dated = subprocess.run([*cli_command(), "build", str(COMMITTED_TEI), "-o", str(tmp_path / "b"),
                            "--formats", "pdf", "--page-size", "A5"], capture_output=True, text=True,
                           env={**env, "SOURCE_DATE_EPOCH": "1700000000"}, timeout=300)
    assert dated.returncode == 0, dated.stderr
    info = run("pdfinfo", "-isodates", str(tmp_path / "b" / f"{STEM}.pdf"))
    assert re.search(r"CreationDate:\s+2023-11-14T22:13:20", info)
    assert re.search(r"Page size:\s+419\.\d+ x 595\.\d+ pts", info)


def test_unknown_format_is_one_clear_error(tmp_path: Path) -> None:
    done = cli("build", str(COMMITTED_TEI), "-o", str(tmp_path), "--formats", "html,docx")
    assert done.returncode == 2
    assert "unknown format docx" in done.stderr and "Traceback" not in done.stderr
    assert not tmp_path.exists() or not any(tmp_path.iterdir())
