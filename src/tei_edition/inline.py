"""Running text with stand-off markup: plain text, spans over it, and points inside it.

A paragraph is read as one string; every interpretation (quotation, name, date, correction,
superscript) is a span of offsets, and every milestone (note, page break, running head) a
point. `render` turns them into properly nested TEI elements, so the readers that find spans
never have to care about XML nesting.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from . import TEI_NS

_WS = re.compile(r"\s+")


@dataclass
class Span:
    start: int
    end: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    rank: int = 50  # lower ranks wrap higher ones when both cover the same text
    # optional content builder replacing the covered text (choice/sic/corr)
    build: Callable[[etree._Element], None] | None = None


@dataclass
class Point:
    offset: int
    seq: int
    make: Callable[[], etree._Element]
    kind: str = ""  # "note", "pb", "fw"
    data: object = None  # the note number for a note


@dataclass
class Inline:
    """One paragraph-like unit: text with spans and points."""

    text: str = ""
    spans: list[Span] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    source_line: int = 0

    # building -------------------------------------------------------------------
    def add(self, piece: str) -> None:
        """Append text, folding every run of white space into one space."""
        piece = _WS.sub(" ", piece)
        if not self.text or self.text.endswith(" "):
            piece = piece.lstrip(" ")
        self.text += piece

    def trim_end(self) -> None:
        self.text = self.text.rstrip(" ")

    def point(self, make: Callable[[], etree._Element], kind: str = "", data: object = None,
              offset: int | None = None) -> None:
        off = len(self.text) if offset is None else offset
        self.points.append(Point(off, len(self.points), make, kind, data))

    def span(self, start: int, end: int, tag: str, rank: int = 50, **attrs: str) -> Span:
        s = Span(start, end, tag, dict(attrs), rank)
        self.spans.append(s)
        return s

    def finish(self) -> None:
        self.trim_end()
        n = len(self.text)
        for p in self.points:
            p.offset = min(p.offset, n)
        for s in self.spans:
            s.end = min(s.end, n)

    def free(self, start: int, end: int) -> bool:
        """True when [start, end) crosses no existing span (it may nest in or around them)."""
        for s in self.spans:
            inside = s.start <= start and end <= s.end
            around = start <= s.start and s.end <= end
            apart = end <= s.start or s.end <= start
            if not (inside or around or apart):
                return False
        return True


def tei(tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    el = etree.Element(_qname(tag), nsmap={None: TEI_NS})
    for k, v in (attrs or {}).items():
        el.set(_qname(k, attr=True), v)
    return el


def _qname(name: str, attr: bool = False) -> str:
    if name.startswith("xml:"):
        return "{http://www.w3.org/XML/1998/namespace}" + name[4:]
    return name if attr else f"{{{TEI_NS}}}{name}"


def append_text(el: etree._Element, text: str) -> None:
    if not text:
        return
    if len(el):
        last = el[-1]
        last.tail = (last.tail or "") + text
    else:
        el.text = (el.text or "") + text


def _nest(spans: list[Span]) -> list[tuple[Span, list]]:
    """Spans as a forest; a span crossing an earlier one is dropped (callers avoid it)."""
    ordered = sorted(spans, key=lambda s: (s.start, -s.end, s.rank))
    roots: list[tuple[Span, list]] = []
    stack: list[tuple[Span, list]] = []
    for s in ordered:
        if s.end <= s.start:
            continue
        while stack and stack[-1][0].end <= s.start:
            stack.pop()
        if stack and s.end > stack[-1][0].end:
            continue
        node: tuple[Span, list] = (s, [])
        (stack[-1][1] if stack else roots).append(node)
        stack.append(node)
    return roots


def render(parent: etree._Element, inline: Inline) -> None:
    """Append the inline's text, spans and points to `parent`, properly nested."""
    forest = _nest(inline.spans)
    points = sorted(inline.points, key=lambda p: (p.offset, p.seq))
    _fill(parent, inline.text, 0, len(inline.text), forest, points)


def _fill(el: etree._Element, text: str, a: int, b: int,
          children: list[tuple[Span, list]], points: list[Point]) -> None:
    # A point belongs here unless it falls strictly inside a child span; one that sits on a
    # child's edge stays outside it (a note mark after a closing guillemet, a page break
    # before a quotation).
    own = [p for p in points if not any(s.start < p.offset < s.end for s, _ in children)]
    events: list[tuple[int, int, int, object]] = [(p.offset, 0, p.seq, p) for p in own]
    events += [(s.start, 1, i, (s, g)) for i, (s, g) in enumerate(children)]
    events.sort(key=lambda e: e[:3])
    cursor = a
    for offset, kind, _, item in events:
        append_text(el, text[cursor:offset])
        cursor = offset
        if kind == 0:
            el.append(item.make())  # type: ignore[union-attr]
            continue
        span, grandchildren = item  # type: ignore[misc]
        child = tei(span.tag, span.attrs)
        el.append(child)
        if span.build is not None:
            span.build(child)
        else:
            inner = [p for p in points if span.start < p.offset < span.end]
            _fill(child, text, span.start, span.end, grandchildren, inner)
        cursor = span.end
    append_text(el, text[cursor:b])
