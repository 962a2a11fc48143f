"""What the collection's shared pages need of one TEI document, as plain JSON-ready data.

A `Summary` is made in the worker beside the document's publications and kept in the site's
build state, so that a rebuild can remake the index, the persons and works indexes, the
search index and the corpus file without reading unchanged documents again.

Passages are the units a reader is sent to: a paragraph of the text (p with an xml:id) or a
note (note with an xml:id); their ids are the anchors of the document's HTML page.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_NS = {"t": TEI}
_SPACE = re.compile(r"\s+")
# Left out of a passage's text: running heads and page numbers (fw), the received reading of
# a correction (sic, orig), and notes, which are passages of their own.
_SKIPPED = {f"{{{TEI}}}{name}" for name in ("fw", "sic", "orig", "note")}


@dataclass(frozen=True)
class Passage:
    id: str
    label: str  # "§ 3" or "note 2", as a reader finds it on the page
    speaker: str  # the speaker's name, "" outside a speech
    text: str


@dataclass(frozen=True)
class Entry:
    """A person or a work as one document knows it, with the passages that name it."""

    id: str
    name: str
    passages: list[str] = field(default_factory=list)  # passage ids, in document order


@dataclass(frozen=True)
class Summary:
    stem: str
    title: str
    date: str  # ISO 8601, the first date of the document ("" when unknown)
    place: str
    speakers: list[Entry]
    persons: list[Entry]
    works: list[Entry]
    passages: list[Passage]
    words: int

    @property
    def year(self) -> str:
        return self.date[:4]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        def entries(key: str) -> list[Entry]:
            return [Entry(e["id"], e["name"], list(e["passages"])) for e in data[key]]

        return cls(data["stem"], data["title"], data["date"], data["place"],
                   entries("speakers"), entries("persons"), entries("works"),
                   [Passage(**p) for p in data["passages"]], data["words"])


def summarize(root: etree._Element, stem: str) -> Summary:
    header = _first(root, "t:teiHeader")
    title = (_text(_first(header, ".//t:titleStmt/t:title[@type='main']"))
             or _text(_first(header, ".//t:titleStmt/t:title")) or stem)
    names = {p.get(XML_ID): _text(_first(p, "t:persName")) or p.get(XML_ID, "")
             for p in _all(root, ".//t:particDesc//t:person[@xml:id]")}
    works = {b.get(XML_ID): _text(_first(b, "t:title")) or b.get(XML_ID, "")
             for b in _all(root, "t:standOff/t:listBibl/t:bibl[@xml:id]")}
    passages = _passages(root, names)
    return Summary(
        stem=stem,
        title=title,
        date=_first_date(header),
        place=_text(_first(header, ".//t:settingDesc//t:placeName")),
        speakers=_speakers(root, names),
        persons=_mentions(root, ".//t:text//t:persName[@ref]", names),
        works=_mentions(root, ".//t:text//t:title[@ref]", works),
        passages=passages,
        words=sum(len(p.text.split()) for p in passages),
    )


def _passages(root: etree._Element, names: dict[str | None, str]) -> list[Passage]:
    found = []
    for el in _all(root, ".//t:text//*[@xml:id]"):
        if el.tag not in (f"{{{TEI}}}p", f"{{{TEI}}}note") or _in_note(el.getparent()):
            continue
        sp = next(el.iterancestors(f"{{{TEI}}}sp"), None)
        who = _refs(sp.get("who", "")) if sp is not None else []
        speaker = names.get(who[0], "") if who else ""
        found.append(Passage(el.get(XML_ID, ""), _label(el), speaker, _plain(el)))
    return found


def _label(el: etree._Element) -> str:
    if el.tag == f"{{{TEI}}}note":
        return f"note {el.get('n', '')}".strip()
    number = el.get(XML_ID, "").rsplit("-", 1)[-1]
    return f"§ {number}" if number.isdigit() else el.get(XML_ID, "")


def _passage_of(el: etree._Element) -> str | None:
    """The id of the passage holding a mention: its note if it is in one, else its paragraph."""
    paragraph = None
    for anc in el.iterancestors():
        if anc.tag == f"{{{TEI}}}note" and anc.get(XML_ID):
            return anc.get(XML_ID)
        if paragraph is None and anc.tag == f"{{{TEI}}}p" and anc.get(XML_ID):
            paragraph = anc.get(XML_ID)
    return paragraph


def _mentions(root: etree._Element, path: str, known: dict[str | None, str]) -> list[Entry]:
    passages: dict[str, list[str]] = {}
    for el in _all(root, path):
        where = _passage_of(el)
        for ref in _refs(el.get("ref", "")):
            if ref in known:
                seen = passages.setdefault(ref, [])
                if where and where not in seen:
                    seen.append(where)
    return [Entry(ref, known[ref], ids) for ref, ids in sorted(passages.items())]


def _speakers(root: etree._Element, names: dict[str | None, str]) -> list[Entry]:
    speeches: dict[str, list[str]] = {}
    for sp in _all(root, ".//t:body//t:sp[@who]"):
        first = next((p.get(XML_ID) for p in _all(sp, "t:p[@xml:id]")), None)
        for ref in _refs(sp.get("who", "")):
            seen = speeches.setdefault(ref, [])
            if first and first not in seen:
                seen.append(first)
    return [Entry(ref, names.get(ref, ref), ids) for ref, ids in speeches.items()]


def _first_date(header: etree._Element | None) -> str:
    for path in (".//t:settingDesc//t:date", ".//t:sourceDesc//t:date"):
        for date in _all(header, path):
            value = date.get("when") or date.get("from") or date.get("notBefore") or ""
            if value:
                return value
    return ""


def _plain(el: etree._Element) -> str:
    parts: list[str] = []

    def walk(node: etree._Element) -> None:  # the passage itself may be a note: keep its text
        if node.text and (node is el or node.tag not in _SKIPPED):
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in _SKIPPED:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return _SPACE.sub(" ", "".join(parts)).strip()


def _in_note(el: etree._Element | None) -> bool:
    return el is not None and any(a.tag == f"{{{TEI}}}note" for a in [el, *el.iterancestors()])


def _refs(value: str) -> list[str]:
    return [token[1:] for token in value.split() if token.startswith("#")]


def _first(el: etree._Element | None, path: str) -> etree._Element | None:
    found = _all(el, path)
    return found[0] if found else None


def _all(el: etree._Element | None, path: str) -> list[etree._Element]:
    return [] if el is None else el.xpath(path, namespaces=_NS)


def _text(el: etree._Element | None) -> str:
    return "" if el is None else _SPACE.sub(" ", "".join(el.itertext())).strip()
