"""A per-speech metadata table in the manner of ParlaMint's <corpus>-meta.tsv.

One row a speech (the front matter has no speaker and no row), the columns named on the first
line. ParlaMint's columns that describe parliaments (house, term, session, party) have no
value for a speech outside a parliament and are left out; see the README.
"""

from __future__ import annotations

from lxml import etree

from .reading import TEI, XML_ID, Document, normalise

COLUMNS = ("Text_ID", "ID", "Title", "Date", "Place", "Activity", "Speaker_ID", "Speaker_name",
           "Speaker_birth", "Speaker_death", "Paragraphs", "Notes", "Words")
_NS = {"t": TEI}


def meta_tsv(document: Document, tree: etree._ElementTree) -> str:
    root = tree.getroot()
    rows = [COLUMNS]
    for section in document.sections:
        if not section.who:
            continue
        person = _by_id(root, "person", section.who)
        div = _by_id(root, "div", section.id)
        setting = _by_id(root, "setting", (div.get("decls") or "").lstrip("#")) \
            if div is not None else None
        words = sum(len(u.text.split()) for u in section.units)
        rows.append((
            document.id, section.id, _text(div, "t:head") or document.title, section.when,
            section.place, _text(setting, "t:activity"), section.who,
            _text(person, "t:persName") or section.speaker, _attr(person, "t:birth/@when"),
            _attr(person, "t:death/@when"),
            str(sum(u.kind == "p" for u in section.units)), str(len(section.notes)), str(words),
        ))
    return "".join("\t".join(_cell(c) for c in row) + "\n" for row in rows)


def _cell(value: str) -> str:
    return " ".join(value.split()) or "-"


def _by_id(root: etree._Element, name: str, ident: str) -> etree._Element | None:
    for element in root.iter(f"{{{TEI}}}{name}"):
        if element.get(XML_ID) == ident:
            return element
    return None


def _text(node: etree._Element | None, path: str) -> str:
    if node is None:
        return ""
    found = node.find(path, _NS)
    return normalise("".join(_reading(found))) if found is not None else ""


def _reading(element: etree._Element) -> list[str]:
    # a heading's words as read: notes, corrections' sic and page furniture left out
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname not in (
                "note", "sic", "fw", "pb", "lb", "gap"):
            parts += _reading(child)
        parts.append(child.tail or "")
    return parts


def _attr(node: etree._Element | None, path: str) -> str:
    if node is None:
        return ""
    found = node.xpath(path, namespaces=_NS)
    return str(found[0]) if found else ""
