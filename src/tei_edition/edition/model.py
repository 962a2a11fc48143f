"""The edition as data: the document's texts with their interpretation as stand-off spans
and points, its structure (front, speeches, paragraphs, notes, pages) and the facts its
header states. Built by `tei_edition.edition.build`, encoded by `tei_edition.tei`.

A text is read as one string; every interpretation (quotation, name, date, correction,
superscript) is a span of offsets, every milestone (note, page break, running foot, gap) a
point. The TEI stage turns each kind into its element (`tei_edition.tei.elements`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import Warning_
from ..metadata import Metadata, Person

Attrs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # a key of tei.elements.SPAN_ELEMENTS: "quotation", "work", "person", ...
    attrs: Attrs = ()
    rank: int = 50  # lower ranks wrap higher ones when both cover the same text
    # a correction's received and corrected text (they replace the covered text)
    sic: str = ""
    corr: str = ""

    def attr(self, name: str) -> str | None:
        return next((v for k, v in self.attrs if k == name), None)

    def with_attr(self, name: str, value: str) -> Span:
        return replace(self, attrs=(*((k, v) for k, v in self.attrs if k != name), (name, value)))


@dataclass(frozen=True)
class Point:
    offset: int
    seq: int  # order among points at the same offset
    kind: str  # "note" | "pb" | "fw" | "gap" | "uncertain"
    n: int = 0  # the note number (note), the page index (pb), the source line (uncertain)
    text: str = ""  # the running foot's text (fw), the gap's reason (gap)
    type: str = ""  # the running foot's type (fw); "no" for a page turning inside a word (pb)


@dataclass(frozen=True)
class Text:
    """One paragraph-like unit: text with spans and points."""

    text: str
    spans: tuple[Span, ...] = ()
    points: tuple[Point, ...] = ()
    line: int = 0  # source line it starts on

    def free(self, start: int, end: int) -> bool:
        """True when [start, end) crosses no span (it may nest in or around them)."""
        return crosses_none(self.spans, start, end)

    def adding(self, spans: list[Span]) -> Text:
        return replace(self, spans=self.spans + tuple(spans)) if spans else self

    def with_point(self, kind: str, offset: int, **data: object) -> Text:
        point = Point(offset, len(self.points), kind, **data)  # type: ignore[arg-type]
        return replace(self, points=(*self.points, point))


def crosses_none(spans: tuple[Span, ...] | list[Span], start: int, end: int) -> bool:
    for s in spans:
        inside = s.start <= start and end <= s.end
        around = start <= s.start and s.end <= end
        apart = end <= s.start or s.end <= start
        if not (inside or around or apart):
            return False
    return True


@dataclass(frozen=True)
class Paragraph:
    text: Text
    breaks: tuple[int, ...] = ()  # pages whose break goes before the paragraph


@dataclass(frozen=True)
class BlockQuote:
    """Q2: paragraphs first..last (indexes in the speech) are one quotation."""

    first: int
    last: int
    id: str
    source: str = ""  # "#id" of the work or person quoted (a source override)


@dataclass(frozen=True)
class Speech:
    n: int
    who: str  # a person id
    speaker: str  # the label shown
    head: Text | None
    dateline: Text | None
    paragraphs: tuple[Paragraph, ...]
    block_quotes: tuple[BlockQuote, ...] = ()
    breaks: tuple[int, ...] = ()  # pages whose break goes before the speech
    dateline_breaks: tuple[int, ...] = ()  # ... between its heading and its date line


@dataclass(frozen=True)
class Front:
    title: Text
    breaks: tuple[int, ...] = ()
    date: Text | None = None
    date_breaks: tuple[int, ...] = ()
    date_attrs: Attrs = ()


@dataclass(frozen=True)
class Note:
    n: int
    paragraphs: tuple[Text, ...]  # none: the extraction lost the note's text (N6)


@dataclass(frozen=True)
class Page:
    number: str
    printed: bool
    furniture: tuple[tuple[str, str], ...] = ()  # (type, text) of its running foot (P2)


@dataclass(frozen=True)
class Setting:
    n: int
    when: str
    label: str


@dataclass(frozen=True)
class HeaderFacts:
    """What the header states about the source and the conversion: all of it found by the
    conversion itself, so the statements cannot drift from what was done."""

    stem: str
    source_name: str
    sha256: str
    title_text: str
    docdate_text: str
    docdate_attrs: Attrs
    persons: tuple[Person, ...]
    settings: tuple[Setting, ...]
    correction_ids: tuple[tuple[str, ...], ...]  # per declared correction, its choices' ids
    metric_name: str
    measure_width: float
    printed_pages: tuple[str, ...]
    notes: int
    missing_notes: tuple[int, ...] = ()
    lost_numbers: tuple[int, ...] = ()
    unanchored: tuple[int, ...] = ()
    repaired_marks: bool = False
    julian: bool = False
    uncertain: int = 0  # paragraph boundaries B3-margin decided
    yearless: int = 0  # months named without a year, dated from the document's date
    # the data file's overrides applied: (what, why, ids of the elements they made)
    overrides: tuple[tuple[str, str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Edition:
    id: str
    meta: Metadata
    header: HeaderFacts
    front: Front | None
    speeches: tuple[Speech, ...]
    notes: tuple[Note, ...]  # by number
    pages: tuple[Page, ...]
    tail_breaks: tuple[int, ...] = ()  # pages holding nothing after the last block
    paragraphs: int = 0
    warnings: tuple[Warning_, ...] = ()
