"""The TEI tree as bytes: the XML declaration, the schema processing instructions, and
element-only content indented (text content is never touched)."""

from __future__ import annotations

from lxml import etree

from .. import TEI_NS
from ..schema_links import model_links

SCHEMA_PIS = model_links()  # the links of every TEI the converter writes

_MIXED = frozenset(f"{{{TEI_NS}}}{t}" for t in (
    "p", "head", "dateline", "docDate", "titlePart", "note", "speaker", "item", "quote", "hi",
    "persName", "title", "date", "label", "licence", "change", "choice",
))
_BLOCK_QUOTE = f"{{{TEI_NS}}}quote"


def _indent(el: etree._Element, level: int = 0) -> None:
    """Indent element-only content; text content (a paragraph, a note) is never touched."""
    children = list(el)
    if not children:
        return
    if el.tag in _MIXED and not (el.tag == _BLOCK_QUOTE and el.get("type") == "block"):
        return
    if (el.text or "").strip() or any((c.tail or "").strip() for c in children):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for c in children:
        c.tail = pad
        _indent(c, level + 1)
    children[-1].tail = "\n" + "  " * level


def serialize(tree: etree._ElementTree) -> bytes:
    """The bytes of the TEI; its xml-model links name the schema folder beside it
    (schema_links)."""
    root = tree.getroot()
    _indent(root)
    out = [b'<?xml version="1.0" encoding="UTF-8"?>\n']
    for pi in SCHEMA_PIS:
        out.append(f"<?xml-model {pi}?>\n".encode())
    out.append(etree.tostring(root, encoding="UTF-8", xml_declaration=False))
    out.append(b"\n")
    return b"".join(out)
