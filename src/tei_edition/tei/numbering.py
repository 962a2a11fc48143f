"""Final ids: paragraphs, quotations and corrections numbered in document order."""

from __future__ import annotations

from lxml import etree

from .. import TEI_NS

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_PREFIX = {"p": "p", "quote": "q", "choice": "corr"}
_POINTERS = ("next", "prev", "source", "corresp", "target")


def renumber(root: etree._Element) -> None:
    """Give paragraphs, quotations and corrections ids in document order (the edition's are
    temporary), and point every pointer at the new ids."""
    mapping: dict[str, str] = {}
    counters = dict.fromkeys(_PREFIX.values(), 0)
    for el in root.iter(f"{{{TEI_NS}}}p", f"{{{TEI_NS}}}quote", f"{{{TEI_NS}}}choice"):
        tag = etree.QName(el).localname
        old = el.get(_XML_ID)
        if tag == "p" and old is None:
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
