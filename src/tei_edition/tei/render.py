"""A `Text` into an element: its string, its spans properly nested, its points in place."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from lxml import etree

from ..edition.model import Point, Span, Text
from .elements import POINT_ELEMENTS, REPLACES_TEXT, SPAN_ELEMENTS, PointContext
from .marks import MOVES_MARKS, outer_marks

Node = tuple[Span, list]  # a span and its children


def append_text(el: etree._Element, last: etree._Element | None, text: str) -> None:
    """Text after `last`, el's last child (None: before any child). The caller keeps it:
    lxml counts an element's children one by one, which is quadratic on long paragraphs."""
    if not text:
        return
    if last is not None:
        last.tail = (last.tail or "") + text
    else:
        el.text = (el.text or "") + text


def _nest(spans: Sequence[Span]) -> list[Node]:
    """Spans as a forest; a span crossing an earlier one is dropped (finders avoid it)."""
    ordered = sorted(spans, key=lambda s: (s.start, -s.end, s.rank))
    roots: list[Node] = []
    stack: list[Node] = []
    for s in ordered:
        if s.end <= s.start:
            continue
        while stack and stack[-1][0].end <= s.start:
            stack.pop()
        if stack and s.end > stack[-1][0].end:
            continue
        node: Node = (s, [])
        (stack[-1][1] if stack else roots).append(node)
        stack.append(node)
    return roots


def render(parent: etree._Element, text: Text, ctx: PointContext) -> None:
    """Append the text, its spans and its points to `parent`, properly nested."""
    points = sorted(text.points, key=lambda p: (p.offset, p.seq))
    _fill(parent, text.text, 0, len(text.text), _nest(text.spans), points, ctx)


def _own(points: list[Point], children: list[Node]) -> list[Point]:
    """The points outside every child span: one on a child's edge stays outside it (a note
    mark after a closing guillemet, a page break before a quotation). Siblings never overlap,
    so only the last child starting before a point can hold it."""
    starts = [s.start for s, _ in children]
    own = []
    for p in points:
        k = bisect.bisect_left(starts, p.offset) - 1
        if k < 0 or not p.offset < children[k][0].end:
            own.append(p)
    return own


def _fill(el: etree._Element, text: str, a: int, b: int, children: list[Node],
          points: list[Point], ctx: PointContext) -> None:
    offsets = [p.offset for p in points]
    events: list[tuple[int, int, int, Point | None, Node | None]] = [
        (p.offset, 0, p.seq, p, None) for p in _own(points, children)]
    events += [(node[0].start, 1, i, None, node) for i, node in enumerate(children)]
    events.sort(key=lambda e: e[:3])
    cursor = a
    last = el[-1] if len(el) else None
    for offset, _, _, point, node in events:
        append_text(el, last, text[cursor:offset])
        cursor = offset
        if point is not None:
            last = POINT_ELEMENTS[point.kind](point, ctx)
            el.append(last)
            continue
        assert node is not None
        span, grandchildren = node
        child = last = SPAN_ELEMENTS[span.kind](span)
        el.append(child)
        if span.kind not in REPLACES_TEXT:
            lo = bisect.bisect_right(offsets, span.start)
            hi = bisect.bisect_left(offsets, span.end)
            start, end = _content(child, text, node, offsets[lo:hi])
            _fill(child, text, start, end, grandchildren, points[lo:hi], ctx)
        cursor = span.end
    append_text(el, last, text[cursor:b])


def _content(el: etree._Element, text: str, node: Node, inside: list[int]) -> tuple[int, int]:
    """The range of a span's own text: for a quotation or soCalled, without the guillemets
    that open and close it, which go to @rendition (tei/marks.py)."""
    span, children = node
    if span.kind not in MOVES_MARKS:
        return span.start, span.end
    edges = [k for s, _ in children for k in (s.start, s.end)]
    a, b, ids = outer_marks(text, span.start, span.end, inside + edges)
    if not ids or any(s.start < a or s.end > b for s, _ in children):
        return span.start, span.end
    el.set("rendition", " ".join("#" + i for i in ids))
    return a, b
