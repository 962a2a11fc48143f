"""The TEI elements of the edition's spans and points: one table each, kind -> element."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lxml import etree

from .. import TEI_NS
from ..edition.model import Attrs, Page, Point, Span

_XML = "{http://www.w3.org/XML/1998/namespace}"


def tei(tag: str, attrs: Mapping[str, str] | Attrs | None = None) -> etree._Element:
    """A TEI element; `xml:`-prefixed attribute names are put in the XML namespace."""
    el = etree.Element(f"{{{TEI_NS}}}{tag}", nsmap={None: TEI_NS})
    pairs = attrs.items() if isinstance(attrs, Mapping) else (attrs or ())
    for k, v in pairs:
        el.set(_XML + k[4:] if k.startswith("xml:") else k, v)
    return el


def _element(tag: str, fixed: Attrs = ()) -> Callable[[Span], etree._Element]:
    return lambda span: tei(tag, fixed + span.attrs)


def _choice(span: Span) -> etree._Element:
    """A correction: the editor's reading in corr, then the received text in sic (corr
    first: tools that print a choice's first child, as the TEI Stylesheets' txt and markdown
    do, print the corrected reading)."""
    el = tei("choice", span.attrs)
    corr = tei("corr", {"resp": "#resp-encoding"})
    corr.text = span.corr
    sic = tei("sic")
    sic.text = span.sic
    el.append(corr)
    el.append(sic)
    return el


SPAN_ELEMENTS: dict[str, Callable[[Span], etree._Element]] = {
    "quotation": _element("quote"),  # Q1, Q3
    "work": _element("title"),  # Q3, the works register
    "so-called": _element("soCalled"),  # Q3
    "person": _element("persName"),  # the persons register
    "date": _element("date"),
    "reference": _element("bibl"),  # Q4
    "reference-author": _element("author"),
    "scope": _element("biblScope"),
    "superscript": _element("hi", (("rend", "sup"),)),  # S1
    "correction": _choice,  # the data file's [[correction]]
}
# spans whose element holds its own content instead of the text it covers
REPLACES_TEXT = frozenset({"correction"})


@dataclass(frozen=True)
class PointContext:
    """What a point's element is made from besides the point: the pages and the notes."""

    pages: tuple[Page, ...]
    notes: Mapping[int, etree._Element]


def _pb(point: Point, ctx: PointContext) -> etree._Element:
    page = ctx.pages[point.n]
    attrs = {"n": page.number, "xml:id": f"page-{page.number}",
             "type": "printed" if page.printed else "inferred"}
    if point.type == "no":
        attrs["break"] = "no"  # the page turns inside a word (a compound's hyphen)
    return tei("pb", attrs)


def fw(kind: str, text: str) -> etree._Element:
    el = tei("fw", {"type": kind, "place": "bottom"})
    el.text = text
    return el


def _gap(point: Point, ctx: PointContext) -> etree._Element:
    el = tei("gap", {"reason": "lost", "resp": "#resp-encoding"})
    desc = tei("desc")
    desc.text = point.text
    el.append(desc)
    return el


def _uncertain(point: Point, ctx: PointContext) -> etree._Element:
    """B3-margin: where a paragraph could have ended; the stated rule kept it going
    (docs/layout.md, "Uncertain paragraph boundaries")."""
    return tei("milestone", {"unit": "paragraph", "type": "uncertain", "cert": "medium",
                             "resp": "#resp-encoding"})


POINT_ELEMENTS: dict[str, Callable[[Point, PointContext], etree._Element]] = {
    # the same note element for every mark of its number: the last mark holds it
    "note": lambda point, ctx: ctx.notes[point.n],
    "pb": _pb,
    "fw": lambda point, ctx: fw(point.type, point.text),
    "gap": _gap,
    "uncertain": _uncertain,
}
