"""Every word of the source survives in the TEI, in order; nothing is added.

The source side is read independently of the converter: every line, minus the lines holding
only digits (note marks, note numbers, printed page numbers: dropped by rule N1/N3/P2).
The TEI side is every text node of <text>, reading <sic> (not <corr>), leaving out what the
editor supplied (speaker labels, gap descriptions, headings marked supplied) and the printed
page numbers (fw).

The TEI moves some of the source out of its place for other tools (issue 13); the audit puts
each back first, strictly (a move it cannot undo fails the test): the guillemets of soCalled
and inline quote, kept in @rendition, return as the header's tagsDecl declares them printed;
a running foot placed after its paragraph (fw/@corresp) returns before the page break it
names, which must lie in that paragraph; a note taken out of a title returns to its anchor.
"""

from __future__ import annotations

import copy
import re
from collections import Counter

import pytest
from lxml import etree

from helpers import SOURCE, TEI_NS
from tei_edition.convert import convert_file

T = "{http://www.tei-c.org/ns/1.0}"
_SKIP = {f"{T}speaker", f"{T}corr", f"{T}desc", f"{T}gap"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _put_text_after_last_child(el: etree._Element, text: str) -> None:
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def _move_before(el: etree._Element, place: etree._Element) -> None:
    """Move el (without its tail, which stays where it was) to just before place."""
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            el.getparent().text = (el.getparent().text or "") + el.tail
        el.tail = None
    place.addprevious(el)


def restore_source_order(root: etree._Element) -> etree._Element:
    """A copy of the TEI with what the encoding moved put back where the source has it."""
    root = copy.deepcopy(root)
    ids = {el.get(XML_ID): el for el in root.iter() if el.get(XML_ID)}
    marks = {}
    for r in root.iterfind(".//t:teiHeader//t:tagsDecl/t:rendition", TEI_NS):
        m = re.fullmatch(r'content: "([^"\\]*)";', r.text or "")
        assert m and r.get("scope") in ("before", "after"), etree.tostring(r)
        marks[r.get(XML_ID)] = (r.get("scope"), m.group(1))
    for el in root.iterfind(".//t:text//*[@rendition]", TEI_NS):
        for ref in el.get("rendition").split():
            scope, mark = marks[ref[1:]]  # a pointer to no declaration fails here
            if scope == "before":
                el.text = mark + (el.text or "")
            else:
                _put_text_after_last_child(el, mark)
    for fw in root.iterfind(".//t:text//t:fw[@corresp]", TEI_NS):
        pb = ids[fw.get("corresp")[1:]]
        block = fw.getprevious()
        while block is not None and block.tag == f"{T}fw":
            block = block.getprevious()
        assert block is not None and pb in block.iterdescendants(f"{T}pb"), "fw away from its page"
        _move_before(fw, pb)
    for note in root.iterfind(".//t:text//t:note[@target]", TEI_NS):
        anchor = ids[note.get("target")[1:]]
        assert anchor.tag == f"{T}anchor"
        _move_before(note, anchor)
    for head in root.iterfind(".//t:text//t:head[@type='supplied']", TEI_NS):
        head.getparent().remove(head)  # the editor's words (the data file's label)
    return root


def source_lines(text: str) -> list[str]:
    """Lines minus note marks and numbers: alone on a line (N1, N3, P2) or glued to the last
    word of a line of capitals (N1b)."""
    kept = []
    for ln in text.split("\n"):
        if re.fullmatch(r"\s*\d+\s*", ln):
            continue
        if ln.upper() == ln:
            ln = re.sub(r"(?<=[^\W\d_])\d{1,3}(?=\s*$)", "", ln)
        kept.append(ln)
    return kept


def source_words(text: str) -> list[str]:
    return re.findall(r"\w+", " ".join(source_lines(text)))


def tei_text(el: etree._Element, notes: bool) -> str:
    """Text under el; notes=False leaves notes out, notes=True keeps only note contents."""
    out: list[str] = []

    def walk(node: etree._Element, in_note: bool) -> None:
        if node.tag in _SKIP or (node.tag == f"{T}fw" and node.get("type") == "pageNum"):
            return
        here = in_note or node.tag == f"{T}note"
        if node.tag in (f"{T}hi", f"{T}fw", f"{T}pb"):
            out.append(" ")  # a superscript is its own word in the source; furniture too
        if node.text and here == notes:
            out.append(node.text)
        for child in node:
            walk(child, here)
            if child.tail and here == notes:
                out.append(child.tail)
        if node.tag == f"{T}note" and notes:
            out.append(" ")

    walk(el, False)
    return "".join(out)


@pytest.fixture(scope="module")
def tei() -> etree._Element:
    return restore_source_order(etree.fromstring(convert_file(SOURCE).xml))


def is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(w == h for h in it) for w in needle)


def test_every_source_word_is_in_the_tei_and_nothing_is_added(tei: etree._Element) -> None:
    text_el = tei.find("t:text", TEI_NS)
    body = re.findall(r"\w+", tei_text(text_el, notes=False))
    notes = re.findall(r"\w+", tei_text(text_el, notes=True))
    source = source_words(SOURCE.read_text(encoding="utf-8"))
    missing = Counter(source) - Counter(body + notes)
    added = Counter(body + notes) - Counter(source)
    assert not missing, f"words lost: {missing.most_common(10)}"
    assert not added, f"words added: {added.most_common(10)}"
    assert len(body) + len(notes) == len(source)


def test_body_and_notes_keep_the_source_order(tei: etree._Element) -> None:
    text_el = tei.find("t:text", TEI_NS)
    source = source_words(SOURCE.read_text(encoding="utf-8"))
    body = re.findall(r"\w+", tei_text(text_el, notes=False))
    notes = re.findall(r"\w+", tei_text(text_el, notes=True))
    assert is_subsequence(body, source)
    assert is_subsequence(notes, source)


def test_every_punctuation_mark_survives(tei: etree._Element) -> None:
    text_el = tei.find("t:text", TEI_NS)
    all_text = tei_text(text_el, notes=False) + tei_text(text_el, notes=True)
    kept = source_lines(SOURCE.read_text(encoding="utf-8"))
    marks = lambda s: Counter(c for c in s if not c.isspace() and not c.isalnum())  # noqa: E731
    assert marks(all_text) == marks(" ".join(kept))


def test_corrections_change_only_declared_words(tei: etree._Element) -> None:
    header_items = tei.findall(".//t:editorialDecl/t:correction//t:item", TEI_NS)
    declared = {ref[1:] for item in header_items for ref in item.get("corresp", "").split()}
    choices = tei.findall(".//t:text//t:choice", TEI_NS)
    assert choices, "the embedded document has declared corrections"
    assert {c.get("{http://www.w3.org/XML/1998/namespace}id") for c in choices} == declared


def test_the_lossless_check_can_fail() -> None:
    # A word dropped from the TEI must be caught by the same comparison.
    source = source_words("un deux trois\n\n4\n\nquatre")
    assert source == ["un", "deux", "trois", "quatre"]
    assert Counter(source) - Counter(["un", "trois", "quatre"]) == Counter({"deux": 1})
    assert not is_subsequence(["trois", "un"], source)


def test_putting_moved_text_back_is_strict() -> None:
    head = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><encodingDesc><tagsDecl>'
            '<rendition xml:id="o" scope="before">content: "« ";</rendition></tagsDecl>'
            "</encodingDesc></teiHeader><text><body>")
    good = etree.fromstring(head + '<p>a <soCalled rendition="#o">b</soCalled> c <pb xml:id="pg"/>d</p>'
                            '<fw corresp="#pg">foot</fw></body></text></TEI>')
    back = restore_source_order(good)
    assert "".join(back.find("t:text", TEI_NS).itertext()) == "a « b c footd"
    # a mark with no declaration, a foot whose page break is not in the paragraph before it
    for bad in ('<p><soCalled rendition="#x">b</soCalled></p>',
                '<p>a</p><pb xml:id="pg"/><fw corresp="#pg">foot</fw>'):
        with pytest.raises((KeyError, AssertionError)):
            restore_source_order(etree.fromstring(head + bad + "</body></text></TEI>"))
