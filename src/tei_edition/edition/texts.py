"""A block's joined text (from the reading stage) as an edition `Text`: its superscripts as
spans, its note marks and page turns as points."""

from __future__ import annotations

from collections.abc import Sequence

from ..reading.model import Joined
from .model import Page, Point, Span, Text


def page_turn(pages: Sequence[Page], index: int, offset: int, seq: int, inside_word: bool
              ) -> list[Point]:
    """The running foot of the page before (fw), then the page break (pb)."""
    points: list[Point] = []
    if index > 0:
        for kind, text in pages[index - 1].furniture:
            points.append(Point(offset, seq + len(points), "fw", text=text, type=kind))
    points.append(Point(offset, seq + len(points), "pb", n=index, type="no" if inside_word else ""))
    return points


def text_of(joined: Joined, pages: Sequence[Page]) -> Text:
    spans = tuple(Span(s, e, "superscript", (), 95) for s, e in joined.sups)
    points: list[Point] = []
    for offset, kind, value, inside_word in joined.events:
        if kind == "mark":
            points.append(Point(offset, len(points), "note", n=value))
        elif kind == "uncertain":
            points.append(Point(offset, len(points), "uncertain", n=value))
        else:
            points += page_turn(pages, value, offset, len(points), inside_word)
    return Text(joined.text, spans, tuple(points), joined.line)
