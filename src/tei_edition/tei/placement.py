"""Where the header's later parts go, so that other TEI tools read the edition right
(issue 13): the edition statement, the declarations of the marks moved into @rendition, the
stable paragraph-id rule, and the works register inside sourceDesc (a standOff list is
printed before the text by the TEI Stylesheets' txt and markdown, and by CETEIcean)."""

from __future__ import annotations

from lxml import etree

from .. import TEI_NS, __version__
from ..metadata import Metadata
from ..stable_ids import RULE
from .elements import tei
from .marks import tags_decl

_T = f"{{{TEI_NS}}}"


def edition_stmt(meta: Metadata) -> etree._Element:
    """editionStmt: the edition's version (its publication date, else the converter's)."""
    stmt = tei("editionStmt")
    date = meta.edition.get("date")
    edition = tei("edition", {"n": date or __version__})
    edition.text = (f"Édition numérique TEI P5 du {date}" if date else
                    "Édition numérique TEI P5") + f", produite par tei-edition {__version__}"
    stmt.append(edition)
    return stmt


def complete_header(root: etree._Element, meta: Metadata, works: etree._Element | None) -> None:
    """Add to the finished tree's header what depends on the text as encoded."""
    header = root.find(f"{_T}teiHeader")
    assert header is not None
    file_desc = header.find(f"{_T}fileDesc")
    assert file_desc is not None
    file_desc.find(f"{_T}titleStmt").addnext(edition_stmt(meta))  # type: ignore[union-attr]
    if works is not None:
        source_desc = file_desc.find(f"{_T}sourceDesc")
        assert source_desc is not None
        source_desc.append(works)
    encoding = header.find(f"{_T}encodingDesc")
    if encoding is None:
        return
    decl = encoding.find(f"{_T}editorialDecl")
    if decl is not None:
        seg = decl.find(f"{_T}segmentation")
        if seg is None:
            seg = tei("segmentation")
            decl.append(seg)
        rule = tei("p")
        rule.text = RULE
        seg.append(rule)
    tags = tags_decl(root)
    if tags is not None:
        (decl if decl is not None else encoding[-1]).addnext(tags)
