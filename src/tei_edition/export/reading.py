"""The reading text of a TEI edition as plain data, for the corpus exports.

What a corpus user reads: the corrected reading of each correction (corr, never sic), the
speaker's words without the page furniture (fw, pb) or the editor's gap descriptions, and the
notes taken out of the flow of the text, each kept once with the paragraph it was called
from. Quotations stay marked (Open/Close pieces) so the vertical format can tag them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from ..tei.marks import declared_marks, marks_of

TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_NS = {"t": TEI}

# Left out of the reading text (their tail, the text after them, is kept): the misprint a
# correction replaces, page furniture, and the editor's description of a gap.
_SKIPPED = {"sic", "fw", "pb", "lb", "gap", "speaker"}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Open:
    """A quotation starts here (attributes: id, source, type)."""

    attrs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Close:
    """The quotation opened last ends here."""


Piece = str | Open | Close


@dataclass
class Unit:
    """One line of the reading text: a paragraph, a heading, a date line or a title part."""

    id: str
    kind: str  # p, head, dateline, title
    pieces: list[Piece]

    @property
    def text(self) -> str:
        return normalise("".join(p for p in self.pieces if isinstance(p, str)))


@dataclass
class Note:
    id: str
    n: str
    anchor: str  # the id of the unit the note is called from
    units: list[Unit]

    @property
    def text(self) -> str:
        return " ¶ ".join(u.text for u in self.units if u.text)


@dataclass
class Section:
    """A speech (div with an sp), or the front or back matter (no speaker)."""

    kind: str  # speech, front, back
    id: str
    n: str
    who: str  # person id, "" when no one speaks (front matter)
    speaker: str  # the speaker's label
    when: str  # ISO date of the speech, from its setting
    place: str
    units: list[Unit] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass
class Document:
    id: str
    lang: str
    title: str
    author: str
    sections: list[Section]

    @property
    def notes(self) -> list[Note]:
        return [note for section in self.sections for note in section.notes]


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def read_document(tree: etree._ElementTree) -> Document:
    root = tree.getroot()
    settings = {s.get(XML_ID): s for s in root.iterfind(".//t:settingDesc/t:setting", _NS)}
    sections: list[Section] = []
    when = _first(root, ".//t:docDate/@when | .//t:docDate/@from")
    front = root.find("t:text/t:front", _NS)
    if front is not None:
        sections.append(_read_matter(front, "front", when))
    for div in root.iterfind("t:text/t:body/t:div", _NS):
        sections.append(_read_speech(div, settings))
    back = root.find("t:text/t:back", _NS)
    if back is not None:
        sections.append(_read_matter(back, "back", when))
    return Document(
        id=root.get(XML_ID) or "",
        lang=root.get("{http://www.w3.org/XML/1998/namespace}lang") or "",
        title=normalise(_first(root, "t:teiHeader/t:fileDesc/t:titleStmt/t:title[1]")),
        author=normalise(_first(root, "t:teiHeader/t:fileDesc/t:titleStmt/t:author[1]")),
        sections=sections,
    )


def _read_matter(matter: etree._Element, name: str, when: str) -> Section:
    """Front or back matter: a section no one speaks."""
    section = Section(name, name, "", "", "", when, "")
    _read_block(matter, section, name)
    return section


def _first(node: etree._Element, path: str) -> str:
    found = node.xpath(path, namespaces=_NS)
    if not found:
        return ""
    first = found[0]
    return str(first) if not isinstance(first, etree._Element) else "".join(first.itertext())


def _read_speech(div: etree._Element, settings: dict[str | None, etree._Element]) -> Section:
    setting = settings.get((div.get("decls") or "").removeprefix("#"))
    sp = div.find("t:sp", _NS)
    section = Section(
        kind="speech",
        id=div.get(XML_ID) or f"div-{div.get('n') or ''}",
        n=div.get("n") or "",
        who=(sp.get("who") or "").removeprefix("#") if sp is not None else "",
        speaker=normalise(_first(sp, "t:speaker")) if sp is not None else "",
        when=_first(setting, "t:date/@when | t:date/@from") if setting is not None else "",
        place=normalise(_first(setting, "t:placeName")) if setting is not None else "",
    )
    _read_block(div, section, section.id)
    return section


def _read_block(container: etree._Element, section: Section, prefix: str) -> None:
    """Units of a div, sp, front or block quotation, in document order."""
    for child in _elements(container):
        name = etree.QName(child).localname
        if name in ("sp", "div", "titlePage", "docTitle"):
            _read_block(child, section, prefix)
        elif name == "quote" and child.find("t:p", _NS) is not None:
            # a block quotation: each of its paragraphs is a unit, quoted from end to end
            # (the schema allows no text beside them; a note beside them is kept)
            for part in _elements(child):
                if etree.QName(part).localname == "note":
                    _note(part, section, section.units[-1].id if section.units else prefix)
                elif etree.QName(part).localname == "p":
                    unit = _unit(part, "p", section, prefix)
                    unit.pieces = [Open(_quote_attrs(child)), *unit.pieces, Close()]
        elif name == "quote":  # a quotation standing alone, without paragraphs
            unit = _unit(child, "p", section, prefix)
            unit.pieces = [Open(_quote_attrs(child)), *unit.pieces, Close()]
        elif name in ("p", "head", "dateline", "titlePart", "docDate"):
            kind = {"titlePart": "title", "docDate": "dateline"}.get(name, name)
            _unit(child, kind, section, prefix)
        elif name == "list":
            for item in child.iterfind("t:item", _NS):
                _unit(item, "item", section, prefix)
        elif name == "note":
            # a note taken out of a title (@target) is called from the unit before it
            called_from = section.units[-1].id if child.get("target") and section.units else prefix
            _note(child, section, called_from)


def _elements(node: etree._Element) -> Iterator[etree._Element]:
    return (c for c in node if isinstance(c.tag, str))


def _unit(element: etree._Element, kind: str, section: Section, prefix: str) -> Unit:
    uid = element.get(XML_ID) or f"{prefix}.{kind}{len(section.units) + 1}"
    unit = Unit(uid, kind, [])
    section.units.append(unit)
    unit.pieces = list(_pieces(element, section, uid, top=True))
    return unit


def _pieces(element: etree._Element, section: Section, anchor: str, *,
            top: bool = False) -> Iterator[Piece]:
    name = etree.QName(element).localname
    if not top:
        if name == "note":
            _note(element, section, anchor)
            return
        if name in _SKIPPED:
            return
        if name == "quote":
            yield Open(_quote_attrs(element))
    before, after = _marks(element)
    if before:
        yield before
    if element.text:
        yield element.text
    for child in _elements(element):
        yield from _pieces(child, section, anchor)
        if child.tail:
            yield child.tail
    if after:
        yield after
    if not top and name == "quote":
        yield Close()


def _marks(element: etree._Element) -> tuple[str, str]:
    """The quotation marks the TEI keeps in @rendition, put back as printed."""
    if not element.get("rendition"):
        return "", ""
    return marks_of(element, declared_marks(element.getroottree().getroot()))


def _quote_attrs(quote: etree._Element) -> tuple[tuple[str, str], ...]:
    found = [("id", quote.get(XML_ID) or ""), ("source", (quote.get("source") or "").lstrip("#")),
             ("type", quote.get("type") or "inline")]
    return tuple(found)


def _note(note: etree._Element, section: Section, anchor: str) -> None:
    nid = note.get(XML_ID) or f"{anchor}.note{len(section.notes) + 1}"
    record = Note(nid, note.get("n") or "", anchor, [])
    section.notes.append(record)  # before its contents: a note's own notes come after it
    paragraphs = note.findall("t:p", _NS)
    holders = paragraphs if paragraphs else [note]
    for i, holder in enumerate(holders, 1):
        unit = Unit(f"{nid}.{i}", "p", [])
        unit.pieces = list(_pieces(holder, section, nid, top=True))
        record.units.append(unit)
