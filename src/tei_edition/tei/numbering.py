"""Final ids: paragraphs by the stable rule of stable_ids (page + hash of first words),
quotations and corrections numbered in document order."""

from __future__ import annotations

from lxml import etree

from .. import TEI_NS
from ..stable_ids import paragraph_ids, reading

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_PREFIX = {"p": "p", "quote": "q", "choice": "corr"}
_POINTERS = ("next", "prev", "source", "corresp", "target")


def _stable_paragraph_ids(root: etree._Element) -> dict[str, str]:
    """{temporary id: stable id} of the paragraphs that have one (the text's, not the
    notes'): each from the page it starts on and its first words (stable_ids.RULE)."""
    page: str | None = None
    found: list[tuple[str, str | None, str]] = []
    for el in root.iter(f"{{{TEI_NS}}}pb", f"{{{TEI_NS}}}p"):
        if el.tag == f"{{{TEI_NS}}}pb":
            page = el.get("n") or page
        elif el.get(_XML_ID):
            found.append((el.get(_XML_ID) or "", page, " ".join(reading(el).split())))
    new = paragraph_ids((pg, text) for _, pg, text in found)
    return {old: n for (old, _, _), n in zip(found, new, strict=True)}


def renumber(root: etree._Element) -> None:
    """Give paragraphs their stable ids, quotations and corrections ids in document order
    (the edition's are temporary), and point every pointer at the new ids."""
    mapping = _stable_paragraph_ids(root)
    counters = dict.fromkeys(_PREFIX.values(), 0)
    for el in root.iter(f"{{{TEI_NS}}}p", f"{{{TEI_NS}}}quote", f"{{{TEI_NS}}}choice"):
        tag = etree.QName(el).localname
        old = el.get(_XML_ID)
        if tag == "p":
            if old is not None:
                el.set(_XML_ID, mapping[old])
            continue
        prefix = _PREFIX[tag]
        counters[prefix] += 1
        new = f"{prefix}-{counters[prefix]}"
        if old:
            mapping[old] = new
        el.set(_XML_ID, new)
    for el in root.iter():
        for attr in _POINTERS:
            value = el.get(attr)
            if value:
                el.set(attr, " ".join(
                    "#" + mapping.get(v[1:], v[1:]) if v.startswith("#") else v
                    for v in value.split()))
