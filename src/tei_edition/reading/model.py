"""What the reading stage finds on the page, as plain values: lines, pages, notes, blocks.

Nothing here knows about TEI or about the data file: it is the layout of the source, read by
the rules of docs/layout.md, for the edition stage (`tei_edition.edition`) to interpret.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Warning_
from ..measure import Measure, Printed


@dataclass(frozen=True)
class Frag:
    """A piece of a physical line: text, a note mark, or a superscript."""

    kind: str  # "text" | "mark" | "sup"
    text: str
    line: int  # 1-based source line


@dataclass(frozen=True)
class PhysLine:
    """One printed line, rebuilt from the fragments the extractor split it into."""

    frags: tuple[Frag, ...]
    page: int  # index into Layout.pages
    # The line's text; it knows its marks and superscripts, which print smaller (L2).
    plain: Printed = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        small = "".join(f.text for f in self.frags if f.kind != "text")
        object.__setattr__(self, "plain", Printed("".join(f.text for f in self.frags).strip(), small))

    @property
    def line(self) -> int:
        return self.frags[0].line

    @property
    def first_text(self) -> str:
        for f in self.frags:
            if f.kind == "text" and f.text.strip():
                return f.text.strip()
        return ""


@dataclass(frozen=True)
class Furniture:
    """A running head or a printed page number at a page's foot (P2)."""

    kind: str  # "header" | "pageNum"
    text: str
    line: int


@dataclass(frozen=True)
class NoteStart:
    """Where a note starts in its page's note block (N3, N4)."""

    index: int  # index of its first line in Page.notes
    number: int | None  # as printed; None when lost (N4)
    line: int  # source line of its text (0 when the note has no line)


@dataclass(frozen=True)
class Page:
    index: int
    start_line: int
    body: tuple[PhysLine, ...] = ()
    notes: tuple[PhysLine, ...] = ()  # note-block lines (numbers removed)
    note_starts: tuple[NoteStart, ...] = ()
    furniture: tuple[Furniture, ...] = ()
    number: str = ""  # printed or inferred (P2)
    printed: bool = False


@dataclass(frozen=True)
class Joined:
    """A block's lines as one string (L1, L3), and where its superscripts (S1), note marks
    (N1) and page turns (P1) fall in it."""

    text: str
    line: int  # source line of the first line
    sups: tuple[tuple[int, int], ...] = ()  # (start, end)
    # in text order: (offset, "mark", note number, False), (offset, "page", page index, the
    # page turns inside a word) or (offset, "uncertain", source line, False): B3-margin
    events: tuple[tuple[int, str, int, bool], ...] = ()


@dataclass(frozen=True)
class NoteText:
    """A note's text as read from the note blocks, numbered (N3-N5) and cut in paragraphs (N7)."""

    number: int | None  # as printed (None when lost)
    resolved: int  # the number it is read as
    line: int
    page: int
    paragraphs: tuple[tuple[PhysLine, ...], ...] = ()
    texts: tuple[Joined, ...] = ()  # one per paragraph

    @property
    def lines(self) -> tuple[PhysLine, ...]:
        return tuple(ln for para in self.paragraphs for ln in para)


@dataclass(frozen=True)
class Block:
    kind: str  # "title" | "dateline" | "heading" | "para"
    lines: tuple[PhysLine, ...]
    # pages whose first line is this block's first line: their pb goes before the block
    pages_before: tuple[int, ...] = ()
    text: Joined | None = None  # set once the marks are read (N1, N2)


@dataclass(frozen=True)
class SpeechBlocks:
    """One speech (B2): its heading and date line, if any, and its paragraphs."""

    heading: Block | None = None
    dateline: Block | None = None
    paras: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Mark:
    """A note mark in the running text, in reading order (N1, N2)."""

    number: int
    line: int
    repaired: bool = False  # digits glued to it were dropped (N2)


@dataclass(frozen=True)
class Boundary:
    """An editor's paragraph decision at a line end (the data file's paragraph-break and
    paragraph-join): between the line ending with `before` and the next, starting with
    `after`, the paragraph ends (`ends`) or goes on."""

    before: str
    after: str
    ends: bool


@dataclass(frozen=True)
class Uncertain:
    """B3-margin: a sentence ends at the full measure before a line that could open a
    paragraph; the stated rule keeps the paragraph going, the text cannot tell."""

    line: int  # source line of the line that would have opened a paragraph
    before: str  # the end of the line before
    after: str  # the start of that line


@dataclass(frozen=True)
class Layout:
    name: str
    pages: tuple[Page, ...]
    blocks: tuple[Block, ...]
    title: Block | None  # B1
    docdate: Block | None  # B1: the title's date line
    speeches: tuple[SpeechBlocks, ...]  # B2
    notes: tuple[NoteText, ...]  # one per number (N9 joins a number's second text)
    marks: tuple[Mark, ...]
    # N8: notes with no mark, each with the paragraph (index in `blocks`) it closes
    unanchored: tuple[tuple[int, int | None], ...]
    lost_numbers: tuple[int, ...]  # notes whose printed number was lost (N4), as read
    body_measure: Measure
    note_measure: Measure
    warnings: tuple[Warning_, ...]
    uncertain: tuple[Uncertain, ...] = ()  # B3-margin decisions, in reading order
    # per Boundary given: the source lines of the lines it fell before (one when applied)
    boundaries: tuple[tuple[int, ...], ...] = ()
