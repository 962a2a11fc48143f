"""Lay a structured description of a speech out as the PDF extraction lays it out.

The description (`Document`) is what the TEI says: a title block with its date, one to three
speeches (heading, date line, paragraphs), footnotes, superscripts, quotations. `render()`
prints it in the extraction layout and returns the text together with the `Truth`: every
structure the converter must find again, located by *position* = the number of non-space
characters of the reading text before it (so positions do not depend on how spaces are
normalised).

Conventions of the extraction layout
====================================
Found by studying ``sources/boukharine-1926-leningrad.txt`` whole (line numbers refer to it);
``docs/layout.md`` names most of them (L*, P*, N*, S*, B*, Q*). The renderer applies every one.

Lines
  R1  (L1) A printed line is one text line followed by one blank line; text lines keep a trailing
      space (``"…de "``); UTF-8, LF.
  R2  (L2) Body lines are filled greedily to a measure of W characters; note lines to a wider
      measure (note text is set smaller: ~100 vs ~120 in the source, 1.05-1.4 x W here).
      A *word* is what lies between two spaces of the printed line, attached punctuation, note
      marks and superscripts included (``parti¹,`` is 7 characters: marks count as printed
      characters). French spacing puts a space before ``: ; ? ! »`` and after ``«``, so a line
      may start with ``?`` or ``;`` (source 1513, 1844).
  R2b NOT IN docs/layout.md: the first line of a paragraph is indented, so it is set to a
      narrower measure (in the source, paragraph first lines reach at most 38.2 em in Times
      widths, run-on lines 39-40 em; e.g. 31, 1357, 1387, 1667, 2372). Here: W - indent
      characters, indent 0-6. Notes, titles and headings are not indented.
  R2c NOT IN docs/layout.md: non-breaking spaces. ``«`` and a dash (``—``, ``—,``) are bound
      to the word after them, ``»`` to the word before it: no line of the source ends with ``«``
      or ``—`` and none starts with ``»`` (though one starts with ``— que``, 1398); ``: ; ? !``
      are not bound (lines start with ``;`` and ``?``, 1513, 1844). For R2 such a group is one
      word (``« Force``, ``moins »``).
  R3  (L3) A line may end with a hyphen only inside a compound (``permettez-``/``moi``, 291;
      ``c’est- à-``/``dire``, 255; ``Qu’est-``/``ce``, 2138): the typesetter splits a compound
      that does not fit at its last hyphen that fits; the halves join with no space.
Tokens (note marks, superscripts)
  R4  (N1, S1) A note mark (digits) or an ordinal superscript (``e``, ``er``: 1-3 lower-case
      letters after a Roman or Arabic numeral) is a line of its own with no trailing space;
      the text before it is cut with no trailing space (``Le léninisme``/``6``, 388). What
      follows resumes on the next line: with a leading space when a space follows the token
      (``" ait omis ces "``, 390), with none before punctuation (``". A cette"``, 20). When the
      token ends the printed line, the rest is a line holding a single space (``e``/``" "``,
      433-434; ``12``/``""``/``" "``, 1394-1396).
  R5  A blank line may or may not separate the text before a token from it (``" conférence du
      parti"``/``""``/``13``, 1598-1600) and the token from what follows (``11``/``""``/``". "``,
      1319-1321); both occur throughout the source, so both are drawn at random.
  R6  In the title (a line of capitals) a note mark is glued to the last word of the line and
      followed by two spaces: ``"PROVINCE DE LENINGRAD1  "`` (9). docs/layout.md N1 does not
      say this (the converter implements it as N1b).
Pages
  R7  (P1) Each page starts with a line whose first character is a space, glued to the previous
      non-blank line (the blank ending the previous page's last line is missing); the first page
      starts the file (`` RAPPORT ``, 1). The start line is either the first text fragment with
      a leading space, or a lone space followed by a blank line and the text (always so after a
      running foot: 344, 2806; drawn rarely elsewhere).
  R8  (P2) A page may end with a running foot: two more blank lines after the usual one, the
      running head with a trailing space, a blank line, the printed page number *with a trailing
      space* (``"7 "``, 343; ``"35 "``, 2805), then directly the next page start. Printed on
      none, some or every page; page numbers count on from a printed one; with none printed,
      pages are numbered from 1.
  R9  (P3) The file ends with a trailing page start holding a lone space and no newline (2928),
      or (drawn) with a plain newline.
  R10 A page may end without notes: its last body line is directly followed by the next page
      start (1593-1594); a new speech may start on a new page (2367-2368).
Notes
  R11 (N3) A note block opens, after the blank line ending the last body line, with a separator
      line holding one space; the first numbered note's number follows it directly (329-330).
      A note starts with its number alone on a line, then (directly, or after a blank line:
      883-885, 1324-1326) its first text line with one leading space; its other lines are
      ordinary lines. Notes follow each other with the usual blank line.
  R12 (N4) A note whose number was lost starts with a line beginning with two spaces, glued to
      the previous non-blank line, with no separator even when it opens the block (2141, 2218,
      2446).
  R12b (N4b) A numberless note right after another numberless note that started on the same
      page may lose its two spaces too: its first line is an ordinary line (2221). Drawn only
      where the text decides it: the note before ends a sentence on a short line and the
      note opens with a capital (its first paragraph boundary, N7, is then visible).
  R13 (N5) A note that does not fit continues at the top of the next page's note block: the
      separator, a blank line, then its remaining lines with no number (1410-1412); a long note
      may run over two or three pages. Only the last note of a page is split. Notes sit on the
      page holding their mark; a page holds at least one body line (so a page may hold a single
      body line under a long continued note).
  R13b (N4, N5) A numberless note followed, on the page where both start, by a note that runs
      over to the next page (drawn with `Spec.lost_before_split`: the next note is longer than
      a page and the last body note is always taken, so it is the last of its page; the
      numberless note may have two paragraphs, `Spec.lost_two_paras`). `Truth.lost_before_split`
      lists the numberless notes the layout put so.
  R14 (N7) Inside a note, a short line ending a sentence ends a paragraph of the note (2051).
  R15 (N2) Extraction may glue stray digits to a body mark (``18103`` for 18, 2413); drawn with
      three extra digits, so the garbled value is never a real note number.
Blocks
  R16 (B1) The title: capital lines (superscripts allowed: ``À LA XXIII``/``e``/`` CONFÉRENCE``,
      3-5), set to a narrow measure, then a date line (``10-11 février 1926``).
  R17 (B2) A later speech opens with capital heading lines and/or a date line
      (``DISCOURS DE CLOTURE``/``11 FÉVRIER``, 2368-2370); a date line without year takes the
      title's year. The first speech has no heading and takes the title's (first) date.
  R18 (B3) Every authored paragraph ends with a sentence end (``. ! ? : … »``, or ``)`` after
      one). Reading rule (what the truth's paragraphs are): in running text, a paragraph ends
      after a line that ends a sentence, when the next line can open one (capital, ``«``,
      ``—``, ``(``) and either (i) the next line's first word would have fitted after it within
      the measure (the line is *short*), or (ii) the next line runs on (it does not end a
      sentence, or the line after it cannot open a paragraph) and the first word of the line
      after it would have fitted on it (the next line is *indented*, R2b). The measure is the
      longest body line of the document. A heading or a date line always ends the paragraph
      before it. Marks are left out when testing for a sentence end.
      STATED RULE for what plain text cannot decide: a line that ends a sentence at the margin
      before a capitalised line, with no visible indent on the next line, does NOT end the
      paragraph (the justified measure says it goes on); and a first line that ends a sentence
      with room left only inside the indent DOES (it is read as short). The truth applies the
      rule, and counts in `Truth.merged` / `Truth.split` the authored boundaries it changes.
      Note paragraphs (R14) follow (i) with the longest note line as measure, or the body's
      measure when it is longer: notes are set smaller, so their lines are never narrower than
      the body's (L2); a reader of a note of two short lines knows that much.
  R19 (B4) One-line acclamations (``Vive votre organisation !``) are paragraphs.
Quotations
  R20 (Q1) ``«`` opens and ``»`` closes, nested with the same marks, spaced (``« Seul … »``) or
      not (``«communisme de guerre»``, 1972).
  R21 (Q2) A quotation opening at the start of a paragraph and closing at the end of a later
      paragraph is a block quotation of those paragraphs (a letter, 1972-2024).
  R22 (Q3) A quotation of at most three words with no punctuation inside is `soCalled`. (No
      data file is given, so no quotation is a `title`.)
  R23 (Q4) A quotation directly followed by a mark whose note holds a page reference
      (``p. 111``) takes that note as its source.
Furniture
  R24 Running heads and page numbers are `fw` (header, pageNum) of the page they end; marks
      become the `n` of the `note`, anchored where the mark stands.
Proportional layout
  R25 The source is set in Times, and the converter measures it in Times widths (40.6 em for
      the body, 54.7 em for the notes). `Layout.metric = "times"` fills lines greedily on
      printed widths in ems instead of characters: widths, indents and note measures are the
      spec's character knobs times EM_PER_CHAR (0.406, the source's ~100 characters per
      40.6 em), so notes (smaller type) stay wider in em, and an indent of 2-6 characters is
      0.8-2.4 em (the source's first lines stop 1.5-2.4 em short of the run-on lines, R2b).
      The widths are the bench's OWN model (`printed_width`), not the converter's
      `measure.times_width`: the converter only estimates printed widths, so the model differs
      from the estimate as a real PDF does (superscript marks and ordinals at 2/3 size,
      kerning pairs, lower-case letters and digits off the core-font widths by up to 1.5 %).
      With the converter's own function the bench would only test its arithmetic. The
      extraction keeps no indent (leading spaces are lost; a space starts only a page, R7),
      so the text looks exactly as in R1-R24; only where lines break changes. R18 is applied
      in printed widths: the measure is the longest body line in ems. No line is forced to
      reach the measure exactly (printed widths do not add up to it), and "paragraphs ending
      at the margin" end within two characters' width of it.

Source conventions the bench deliberately does not reproduce: extraction garbage (a note
split into two notes with a lost mark, 2218-2225; letter-spaced words ``t â c h e s``, 2049;
double spaces inside lines; note lines glued as if they were page starts, 2225).
"""

from __future__ import annotations

import bisect
import hashlib
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

SENTENCE_END = re.compile(r"(?:[.!?:…»]|[.!?…»]\s*\))$")
PAGE_REFERENCE = re.compile(r"\bp\. ?\d")
SO_CALLED_PUNCT = set('.,;:!?…()[]—–«»"')


class RenderError(ValueError):
    """The description cannot be printed unambiguously (a generator bug, or a case to redraw)."""


# --- the description ---------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """One printed word: text parts, note marks (`mark`, note index) and superscripts (`sup`)."""

    parts: tuple[tuple[str, str], ...]
    glue: bool = False  # no space after it in the reading text (first half of a split compound)

    @classmethod
    def of(cls, text: str) -> Word:
        return cls((("t", text),))

    @property
    def plain(self) -> str:
        """The word's reading text (marks left out, superscripts in)."""
        return "".join(v for k, v in self.parts if k != "mark")

    @property
    def marks(self) -> list[int]:
        return [int(v) for k, v in self.parts if k == "mark"]


def words(text: str) -> list[Word]:
    return [Word.of(t) for t in text.split()]


_MARKUP = re.compile(r"\^([a-zé]{1,3})|\[(\d+)\]")


def parse(text: str) -> list[Word]:
    """Words from a compact markup: ``XIV^e`` is a superscript, ``parti[0],`` a note mark
    (note index 0); spaces separate words."""
    out: list[Word] = []
    for token in text.split():
        parts: list[tuple[str, str]] = []
        at = 0
        for m in _MARKUP.finditer(token):
            if m.start() > at:
                parts.append(("t", token[at : m.start()]))
            parts.append(("sup", m.group(1)) if m.group(1) else ("mark", m.group(2)))
            at = m.end()
        if at < len(token):
            parts.append(("t", token[at:]))
        out.append(Word(tuple(parts)))
    return out


def printed_len(w: Word, notes: list[Note]) -> int:
    """R2: a word's printed length, note marks (with any glued digits) included."""
    return sum(
        len(str(int(v) + 1) + notes[int(v)].garble) if k == "mark" else len(v) for k, v in w.parts
    )


# --- R25: the proportional layout -----------------------------------------------------------
#
# The collection was typeset in Times. This is the bench's own model of the printed widths, not
# the converter's `tei_edition.measure.times_width`: the converter only *estimates* the printed
# widths from the core-font advance widths, and a bench that laid lines out with the very
# function the converter measures them with would test nothing but arithmetic. So the model
# differs from the estimate the way a real PDF does: superscripts (marks, ordinals) are set at
# two thirds of the size, a few kerning pairs tighten, and the lower-case letters and digits of
# the actual font deviate from the core-font advance widths by up to 1.5 % (font versions differ).

_ASCII_PRINTABLE = "".join(chr(c) for c in range(32, 127))
_CORE_TIMES = (  # Times-Roman advance widths (thousandths of an em), space to tilde
    "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 500 "
    "500 500 500 500 278 278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722 "
    "611 889 722 722 556 722 667 556 611 722 722 944 722 722 611 333 278 333 469 500 333 444 "
    "500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 500 333 389 278 500 500 722 "
    "500 500 444 480 200 480 541"
)
_PRINTED: dict[str, float] = {
    c: int(v) / 1000 for c, v in zip(_ASCII_PRINTABLE, _CORE_TIMES.split(), strict=True)
}
_PRINTED.update({"’": 0.333, "«": 0.5, "»": 0.5, "—": 1.0, "–": 0.5, "…": 1.0, "œ": 0.722,
                 "Œ": 0.889})


def _font_deviation(c: str) -> float:
    """A fixed deviation in [-1.5 %, +1.5 %] per glyph (deterministic, not `hash()`)."""
    return (int(hashlib.md5(c.encode()).hexdigest()[:4], 16) / 0xFFFF * 2 - 1) * 0.015


for _c in "abcdefghijklmnopqrstuvwxyz0123456789":
    _PRINTED[_c] *= 1 + _font_deviation(_c)
_KERNING = {  # a few Times-Roman kerning pairs, in ems
    ("V", "a"): -0.111, ("V", "o"): -0.129, ("V", "e"): -0.111, ("T", "o"): -0.080,
    ("T", "e"): -0.070, ("T", "a"): -0.080, ("L", "T"): -0.092, ("A", "V"): -0.135,
    ("P", "."): -0.111, ("r", "."): -0.055, ("r", ","): -0.040, ("y", "."): -0.065,
    ("v", "."): -0.065, ("f", "f"): -0.018,
}
SUP_SCALE = 2 / 3
EM_PER_CHAR = 0.406  # the embedded document: a body line of ~100 characters fills ~40.6 em


def printed_width(text: str, scale: float = 1.0) -> float:
    """R25: the width in ems of `text` as the font prints it (accented letters take their
    base letter's width; kerning inside the run of text)."""
    total = 0.0
    prev = ""
    for c in text:
        base = c if c in _PRINTED else unicodedata.normalize("NFKD", c)[:1]
        total += _PRINTED.get(base, 0.5) + _KERNING.get((prev, c), 0.0)
        prev = c
    return total * scale


def word_width(w: Word, notes: list[Note], metric: str) -> float:
    """R2 / R25: a word's printed width in the layout's metric (marks with their glued
    digits; superscripts smaller in the proportional layout)."""
    if metric == "chars":
        return printed_len(w, notes)
    return sum(
        printed_width(str(int(v) + 1) + notes[int(v)].garble, SUP_SCALE)
        if k == "mark"
        else printed_width(v, SUP_SCALE if k == "sup" else 1.0)
        for k, v in w.parts
    )


def space_width(metric: str) -> float:
    return 1.0 if metric == "chars" else printed_width(" ")


def text_width(metric: str) -> Callable[[str], float]:
    return len if metric == "chars" else printed_width


@dataclass
class Note:
    paras: list[list[Word]]
    lost_number: bool = False  # R12 / N4
    garble: str = ""  # R15 / N2: digits glued after the body mark
    lost_spaces: bool = False  # R12b / N4b: its two spaces lost too (when the text decides)


@dataclass
class Speech:
    paras: list[list[Word]]
    when: str  # ISO date of the speech
    heading: list[Word] | None = None
    dateline: str | None = None
    new_page: bool = False


@dataclass
class Layout:
    width: float = 100  # in the metric's unit: characters, or ems (R25)
    indent: float = 4  # R2b: a paragraph's first line is set this much narrower
    note_width: float = 120
    title_width: float = 36
    metric: str = "chars"  # "chars": filled by character count; "times": by printed width (R25)
    page_height: int = 40  # printed lines a page holds (body + notes); soft
    first_page: int = 1
    foot: str = "none"  # "none" | "some" | "every"
    seed: int = 0  # draws of R5, R7, R8 ("some"), R11
    trailing_page: bool = True
    p_blank_before_token: float = 0.25
    p_blank_after_token: float = 0.3
    p_blank_after_number: float = 0.3
    p_lone_page_start: float = 0.1
    p_lone_after_foot: float = 0.85
    p_foot_some: float = 0.35


@dataclass
class Document:
    title: list[Word]
    title_date: str
    title_when: dict[str, str]  # {"when": …} or {"from": …, "to": …}
    speeches: list[Speech]
    notes: list[Note]
    speaker: str
    running_head: str
    layout: Layout = field(default_factory=Layout)
    meta: dict = field(default_factory=dict)
    # R26: months named without a year in the running text: (the month, its ISO value read
    # from the document's date as the last such month not after it)
    yearless: list[tuple[str, str]] = field(default_factory=list)


# --- the truth -----------------------------------------------------------------------------


@dataclass
class Truth:
    text: str  # the reading text: title, date line, headings, date lines, paragraphs
    notes: list[tuple[int, int, str]]  # (n, pos of mark, note text)
    note_paras: list[tuple[int, tuple[int, ...]]]  # (n, paragraph starts within the note)
    pages: list[tuple[int, str]]  # (pos, n)
    paras: list[tuple[int, int]]  # (start, end), after the margin rule
    quotes: list[tuple[int, int, str]]  # (start, end, "quote" | "block" | "soCalled")
    quote_sources: list[tuple[int, int, int]]  # (start, end, note n)
    sups: list[tuple[int, str]]
    divs: list[tuple[int, str, str]]  # (pos, heading, date line)
    dates: list[tuple[int, str]]  # (speech ordinal, ISO date)
    speakers: list[tuple[int, str]]
    title: tuple[str, str, tuple[tuple[str, str], ...]]  # (title text, date text, date attrs)
    fw: list[tuple[str, str, str]]  # (page n, type, text)
    measure: float = 0
    note_measure: float = 0
    undecidable: int = 0  # authored paragraph ends the text cannot show (R18): merged + split
    merged: int = 0
    split: int = 0
    note_undecidable: int = 0
    split_notes: int = 0  # notes running over two pages or more
    longest_note_pages: int = 1
    pages_one_body_line: int = 0
    # R13b: numbers of the numberless notes followed, on the page where both start, by a note
    # running over it
    lost_before_split: tuple[int, ...] = ()


@dataclass
class Rendered:
    text: str
    truth: Truth
    doc: Document
    page_lines: list[int]  # 1-based source line where each page starts
    mark_lines: dict[int, int]  # note n -> 1-based source line of its mark


# --- line breaking ---------------------------------------------------------------------------


def _split_compound(
    w: Word, avail: float, text_width: Callable[[str], float] = len
) -> tuple[Word, Word] | None:
    """R3: split a compound at its last hyphen whose first half fits in `avail`."""
    if len(w.parts) != 1 or w.parts[0][0] != "t" or avail < text_width("xx"):
        return None
    text = w.parts[0][1]
    for i in range(len(text) - 2, 0, -1):
        if (
            text[i] == "-"
            and text_width(text[: i + 1]) <= avail + _EPS
            and text[i - 1].isalpha()
            and text[i + 1].isalpha()
        ):
            return Word((("t", text[: i + 1]),), glue=True), Word(
                (("t", text[i + 1 :]),), glue=w.glue
            )
    return None


# Widths are sums of floats in the proportional mode: compare with a tolerance.
_EPS = 1e-9


def break_lines(
    ws: list[Word],
    width: float,
    plen: Callable[[Word], float],
    first_width: float | None = None,
    space: float = 1,
    text_width: Callable[[str], float] = len,
) -> list[list[Word]]:
    """R2/R3: greedy filling to `width` (`first_width` for the first line, R2b), splitting
    compounds that do not fit. Widths are in the layout's metric (R25): characters, with a
    space of 1, or ems, with the space's glyph width."""
    lines: list[list[Word]] = []
    cur: list[Word] = []
    n = 0.0
    for w in ws:
        wl = plen(w)
        if not cur:
            cur, n = [w], wl
            continue
        limit = width if lines or first_width is None else first_width
        if n + space + wl <= limit + _EPS:
            cur.append(w)
            n += space + wl
            continue
        split = _split_compound(w, limit - n - space, text_width)
        if split:
            a, b = split
            cur.append(a)
            lines.append(cur)
            cur, n = [b], plen(b)
        else:
            lines.append(cur)
            cur, n = [w], wl
    if cur:
        lines.append(cur)
    return lines


def line_len(line: list[Word], plen: Callable[[Word], float], space: float = 1) -> float:
    return sum(plen(w) for w in line) + space * (len(line) - 1)


# --- rendering ----------------------------------------------------------------------------


@dataclass
class _Block:
    kind: str  # title | titledate | heading | dateline | para
    words: list[Word]
    speech: int
    lines: list[list[Word]] = field(default_factory=list)
    line_pos: list[int] = field(default_factory=list)
    line_end: list[int] = field(default_factory=list)
    start: int = 0
    end: int = 0


class _Stream:
    """The reading text, built word by word, with positions (non-space characters)."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.pos = 0
        self.glued = True  # no space before the next word

    def sep(self) -> None:
        self.glued = False

    def word_start(self) -> None:
        if not self.glued and self.chars:
            self.chars.append(" ")
        self.glued = False

    def add(self, s: str) -> None:
        self.chars.append(s)
        self.pos += sum(1 for c in s if not c.isspace())

    @property
    def text(self) -> str:
        return "".join(self.chars)


def _walk_words(
    stream: _Stream,
    ws: list[Word],
    on_mark: Callable[[int, int], None] | None = None,
    on_sup: Callable[[int, str], None] | None = None,
    on_char: Callable[[str, int, Word, int], None] | None = None,
) -> None:
    for w in ws:
        stream.word_start()
        for k, (kind, v) in enumerate(w.parts):
            if kind == "mark":
                if on_mark:
                    on_mark(int(v), stream.pos)
                continue
            if kind == "sup" and on_sup:
                on_sup(stream.pos, v)
            if on_char:
                for ch in v:
                    on_char(ch, stream.pos, w, k)
                    stream.add(ch)
            else:
                stream.add(v)
        if w.glue:
            stream.glued = True


def render(doc: Document) -> Rendered:
    lay = doc.layout
    rng = random.Random(lay.seed)

    # note numbering: marks must come in order, one per note
    order: list[int] = []
    for w in doc.title + [w for sp in doc.speeches for p in sp.paras for w in p]:
        order.extend(w.marks)
    for sp in doc.speeches:
        for w in sp.heading or []:
            if w.marks:
                raise RenderError("a note mark in a heading")
    if order != list(range(len(doc.notes))):
        raise RenderError(f"note marks out of order or missing: {order}")
    number = {i: i + 1 for i in range(len(doc.notes))}

    def mark_text(i: int) -> str:
        return str(number[i]) + doc.notes[i].garble

    def plen(w: Word) -> float:
        return word_width(w, doc.notes, lay.metric)

    space = space_width(lay.metric)
    tw = text_width(lay.metric)

    # --- blocks and their lines
    blocks: list[_Block] = [
        _Block("title", doc.title, 0),
        _Block("titledate", words(doc.title_date), 0),
    ]
    for s, sp in enumerate(doc.speeches):
        if s == 0 and (sp.heading or sp.dateline):
            raise RenderError("the first speech takes the title's date and has no heading")
        if s > 0 and not sp.dateline:
            raise RenderError("a later speech needs a date line")
        if sp.heading:
            blocks.append(_Block("heading", sp.heading, s))
        if sp.dateline:
            blocks.append(_Block("dateline", words(sp.dateline), s))
        for p in sp.paras:
            if not p:
                raise RenderError("empty paragraph")
            blocks.append(_Block("para", p, s))
    for b in blocks:
        if b.kind in ("title", "heading"):
            b.lines = break_lines(b.words, lay.title_width, plen, None, space, tw)
        elif b.kind == "para":
            b.lines = break_lines(b.words, lay.width, plen, lay.width - lay.indent, space, tw)
        else:
            b.lines = [b.words]
    title_marks = [m for w in doc.title for m in w.marks]
    if title_marks and (doc.title[-1].marks != title_marks or doc.title[-1].parts[-1][0] != "mark"):
        raise RenderError("a title note mark must end the title")

    # --- reading text and positions
    stream = _Stream()
    mark_pos: dict[int, int] = {}
    sups: list[tuple[int, str]] = []
    charinfo: list[tuple[int, int, int, Word, int, str]] = []  # (index, pos, block, word, part, ch)
    for bi, b in enumerate(blocks):
        stream.sep()
        b.start = stream.pos

        def on_char(ch: str, pos: int, w: Word, k: int, bi: int = bi) -> None:
            charinfo.append((len(stream.chars), pos, bi, w, k, ch))

        for line in b.lines:
            b.line_pos.append(stream.pos)
            _walk_words(
                stream,
                line,
                lambda i, p: mark_pos.__setitem__(i, p),
                lambda p, v: sups.append((p, v)),
                on_char,
            )
            b.line_end.append(stream.pos)
        b.end = stream.pos
    text = stream.text
    assert len(text) == len(stream.chars)

    # --- R18: the paragraphs a reader of the text can see
    para_blocks = [b for b in blocks if b.kind == "para"]
    measure = (
        max(line_len(ln, plen, space) for b in para_blocks for ln in b.lines) if para_blocks else 0
    )
    for b in para_blocks:
        last = b.lines[-1][-1]
        if last.parts[-1][0] != "t":
            raise RenderError("a paragraph must not end with a note mark or superscript")
        if not SENTENCE_END.search(last.plain):
            raise RenderError(f"a paragraph must end a sentence: {last.plain!r}")
    # running text: the lines of consecutive paragraph blocks; anything else interrupts it
    runs: list[list[tuple[int, int]]] = []
    for bi, b in enumerate(blocks):
        if b.kind != "para":
            continue
        if not runs or blocks[bi - 1].kind != "para":
            runs.append([])
        runs[-1] += [(bi, li) for li in range(len(b.lines))]

    def plain(ref: tuple[int, int]) -> str:
        return " ".join(w.plain for w in blocks[ref[0]].lines[ref[1]])

    def fits_after(ref: tuple[int, int], nxt: tuple[int, int]) -> bool:
        line = blocks[ref[0]].lines[ref[1]]
        width = line_len(line, plen, space) + space + plen(blocks[nxt[0]].lines[nxt[1]][0])
        return width <= measure + _EPS

    def ends(ref: tuple[int, int]) -> bool:
        return bool(SENTENCE_END.search(plain(ref)))

    def can_open(ref: tuple[int, int]) -> bool:
        first = plain(ref)[:1]
        return first.isupper() or first in "«—("

    paras: list[tuple[int, int]] = []
    merged = split = 0
    for run in runs:
        start = run[0]
        for j, ref in enumerate(run):
            nxt = run[j + 1] if j + 1 < len(run) else None
            if nxt is not None:
                after = run[j + 2] if j + 2 < len(run) else None
                runs_on = after is not None and not (ends(nxt) and can_open(after))
                cut = (
                    ends(ref)
                    and can_open(nxt)
                    and (fits_after(ref, nxt) or (runs_on and fits_after(nxt, after)))
                )
                real = nxt[1] == 0
                merged += real and not cut
                split += cut and not real
                if not cut:
                    continue
            paras.append((blocks[start[0]].line_pos[start[1]], blocks[ref[0]].line_end[ref[1]]))
            if nxt is not None:
                start = nxt
    undecidable = merged + split
    para_starts = [a for a, _ in paras]

    # --- quotations (R20-R23), in the paragraphs only
    quotes: list[tuple[int, int, str]] = []
    sources: list[tuple[int, int, int]] = []
    stack: list[tuple[int, int, int]] = []  # (pos, index in text, paragraph)
    for idx, pos, bi, w, k, ch in charinfo:
        if blocks[bi].kind != "para" or ch not in "«»":
            continue
        pi = bisect.bisect_right(para_starts, pos) - 1
        if ch == "«":
            stack.append((pos, idx, pi))
            continue
        if not stack:
            raise RenderError("a closing guillemet with no opening one")
        start, sidx, opened = stack.pop()
        inner = text[sidx + 1 : idx]
        end = pos + 1
        if opened != pi:
            if start != paras[opened][0] or end != paras[pi][1]:
                raise RenderError("a quotation spans paragraphs without being a block")
            kind = "block"
        elif len(inner.split()) <= 3 and not (set(inner) & SO_CALLED_PUNCT):
            kind = "soCalled"
        else:
            kind = "quote"
        quotes.append((start, end, kind))
        after = w.parts[k + 1 :]
        if kind != "soCalled" and w.parts[k][1].endswith("»") and after and after[0][0] == "mark":
            n = int(after[0][1])
            note_text = " ".join(x.plain for p in doc.notes[n].paras for x in p)
            if PAGE_REFERENCE.search(note_text):
                sources.append((start, end, number[n]))
    if stack:
        raise RenderError("an unclosed quotation")

    # --- notes: lines, paragraphs (R14), text
    note_lines: list[list[list[Word]]] = []
    note_para_first: list[list[int]] = []  # index of the first line of each note paragraph
    for note in doc.notes:
        lines: list[list[Word]] = []
        firsts: list[int] = []
        for p in note.paras:
            firsts.append(len(lines))
            lines.extend(break_lines(p, lay.note_width, plen, None, space, tw))
        note_lines.append(lines)
        note_para_first.append(firsts)
    note_measure = max((line_len(ln, plen, space) for ls in note_lines for ln in ls), default=0)
    note_measure = max(note_measure, measure)
    notes_truth: list[tuple[int, int, str]] = []
    note_paras: list[tuple[int, tuple[int, ...]]] = []
    note_undecidable = 0
    for i, note in enumerate(doc.notes):
        s = _Stream()
        starts: list[int] = []
        for j, p in enumerate(note.paras):
            s.sep()
            if j == 0:
                starts.append(0)
            else:
                prev_last = note_lines[i][note_para_first[i][j] - 1]
                short = (
                    line_len(prev_last, plen, space) + space + plen(p[0]) <= note_measure + _EPS
                )
                if short:
                    starts.append(s.pos)
                else:
                    note_undecidable += 1
            _walk_words(s, p)
        notes_truth.append((number[i], mark_pos[i], s.text))
        note_paras.append((number[i], tuple(starts)))

    # --- pagination (R10, R13)
    body: list[tuple[int, int]] = [
        (bi, li) for bi, b in enumerate(blocks) for li in range(len(b.lines))
    ]
    forced = set()
    for bi, b in enumerate(blocks):
        starts_speech = bi == 0 or blocks[bi - 1].speech != b.speech
        if b.kind in ("heading", "dateline") and doc.speeches[b.speech].new_page and starts_speech:
            forced.add((bi, 0))

    def line_marks(ref: tuple[int, int]) -> list[int]:
        bi, li = ref
        return [m for w in blocks[bi].lines[li] for m in w.marks]

    pages: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]] = []
    carry: list[tuple[int, int]] = []
    i = 0
    cap = max(3, lay.page_height)
    while i < len(body):
        page_body: list[tuple[int, int]] = []
        page_notes: list[tuple[int, int]] = []
        if carry:
            take = len(carry) if line_marks(body[i]) else min(len(carry), cap - 1)
            page_notes += carry[:take]
            carry = carry[take:]
        used = len(page_notes)
        new_notes: list[int] = []
        while i < len(body):
            ref = body[i]
            k = len(line_marks(ref))
            if page_body and (ref in forced or (k and carry) or used + 1 + k > cap):
                break
            page_body.append(ref)
            used += 1 + k
            new_notes += line_marks(ref)
            i += 1
        room = cap - len(page_body) - len(page_notes)
        for j, n in enumerate(new_notes):
            lines = note_lines[n]
            put = len(lines) if j < len(new_notes) - 1 else max(1, min(len(lines), room))
            page_notes += [(n, k) for k in range(put)]
            carry = [(n, k) for k in range(put, len(lines))]
            room -= put
        pages.append((page_body, page_notes))
    if carry:
        pages[-1][1].extend(carry)

    # --- emission
    first = lay.first_page if lay.foot != "none" else 1
    foot_rng = random.Random(lay.seed + 7919)
    if lay.foot == "every":
        feet = set(range(len(pages)))
    elif lay.foot == "some":
        feet = {p for p in range(len(pages)) if foot_rng.random() < lay.p_foot_some}
        if not feet:
            feet = {foot_rng.randrange(len(pages))}
    else:
        feet = set()

    token_at: list[tuple[int, int]] = []  # (index in the current group's lines, note n)

    def lost_both(n: int, previous: tuple[int, int] | None, started: set[int],
                  pnotes: list[tuple[int, int]]) -> bool:
        """R12b: note n loses its two spaces, the text still deciding it (see the docstring)."""
        if not doc.notes[n].lost_spaces or previous is None or previous[0] != n - 1:
            return False
        before = doc.notes[n - 1]
        last = note_lines[n - 1][-1]
        if not before.lost_number or n - 1 not in started or previous[1] != len(note_lines[n - 1]) - 1:
            return False
        first = doc.notes[n].paras[0][0]
        fits = line_len(last, plen, space) + space + plen(first) <= note_measure - 3 * space
        # the text decides only with one paragraph boundary to cut at (N4b): both notes of
        # one paragraph, and no other numberless note of several paragraphs on the page
        others = [m for m, k in pnotes if k == 0 and m not in (n - 1, n)
                  and doc.notes[m].lost_number and len(doc.notes[m].paras) > 1]
        single = len(before.paras) == 1 and len(doc.notes[n].paras) == 1 and not others
        return single and fits and last[-1].plain.rstrip().endswith(".") and first.plain[:1].isupper()

    def render_line(line: list[Word], prefix: str, glue_marks: bool = False) -> list[str]:
        out: list[str] = []
        cur = prefix
        blank_next = False
        glued_end = False

        def push(s: str) -> None:
            nonlocal blank_next
            if blank_next:
                out.append("")
                blank_next = False
            out.append(s)

        for wi, w in enumerate(line):
            if wi:
                cur += " "
            for kind, v in w.parts:
                glued_end = False
                if kind == "t":
                    cur += v
                    continue
                tok = mark_text(int(v)) if kind == "mark" else v
                if glue_marks and kind == "mark":
                    token_at.append((-1, number[int(v)]))
                    cur += tok
                    glued_end = True
                    continue
                push(cur)
                if rng.random() < lay.p_blank_before_token:
                    out.append("")
                if kind == "mark":
                    token_at.append((len(out), number[int(v)]))
                out.append(tok)
                blank_next = rng.random() < lay.p_blank_after_token
                cur = ""
        push(cur + ("  " if glued_end else " "))
        return out

    raw: list[str] = []
    page_lines: list[int] = []
    mark_lines: dict[int, int] = {}
    prev_foot = False
    pages_one = 0
    note_pages: dict[int, set[int]] = {}
    for pi, (pbody, pnotes) in enumerate(pages):
        groups: list[tuple[bool, list[str]]] = []
        group_marks: list[tuple[int, list[tuple[int, int]]]] = []
        if len(pbody) == 1:
            pages_one += 1
        for k, (bi, li) in enumerate(pbody):
            line = blocks[bi].lines[li]
            glue = blocks[bi].kind == "title"
            if k == 0:
                lone = rng.random() < (
                    lay.p_lone_after_foot if prev_foot else lay.p_lone_page_start
                )
                lines = (
                    [" ", "", *render_line(line, "", glue)]
                    if lone
                    else render_line(line, " ", glue)
                )
            else:
                lines = render_line(line, "", glue)
            groups.append((False, lines))
            if token_at:
                offset = 2 if lines[:2] == [" ", ""] and k == 0 else 0
                group_marks.append((len(groups) - 1, [(i + offset, n) for i, n in token_at]))
                token_at.clear()
        first_item = True
        started: set[int] = set()
        previous: tuple[int, int] | None = None
        for n, li in pnotes:
            note_pages.setdefault(n, set()).add(pi)
            line = note_lines[n][li]
            if li == 0:
                started.add(n)
            if li == 0 and doc.notes[n].lost_number and lost_both(n, previous, started, pnotes):
                groups.append((False, render_line(line, "")))  # R12b
            elif li == 0 and doc.notes[n].lost_number:
                groups.append((True, render_line(line, "  ")))
            elif li == 0:
                head = [" "] if first_item else []
                head.append(str(number[n]))
                if rng.random() < lay.p_blank_after_number:
                    head.append("")
                groups.append((False, head + render_line(line, " ")))
            else:
                if first_item:
                    groups.append((False, [" "]))
                groups.append((False, render_line(line, "")))
            first_item = False
            previous = (n, li)
        token_at.clear()
        page_lines.append(len(raw) + 1)
        marks_in = dict(group_marks)
        for j, (glued, lines) in enumerate(groups):
            if j and not glued:
                raw.append("")
            for i, n in marks_in.get(j, []):
                mark_lines[n] = len(raw) + 1 + (i if i >= 0 else len(lines) - 1)
            raw.extend(lines)
        prev_foot = pi in feet
        if prev_foot:
            raw += ["", "", "", doc.running_head + " ", "", f"{first + pi} "]
    out_text = "\n".join([*raw, " "]) if lay.trailing_page else "\n".join(raw) + "\n"

    # --- the truth
    pages_truth = []
    for pi, (pbody, _) in enumerate(pages):
        bi, li = pbody[0]
        pages_truth.append((blocks[bi].line_pos[li], str(first + pi)))
    divs: list[tuple[int, str, str]] = []
    for s, sp in enumerate(doc.speeches):
        sblocks = [b for b in blocks if b.speech == s and b.kind in ("heading", "dateline", "para")]
        head = " ".join(w.plain for w in sp.heading) if sp.heading else ""
        divs.append((sblocks[0].start, head, sp.dateline or ""))
    fw = []
    for pi in sorted(feet):
        fw.append((str(first + pi), "header", doc.running_head))
        fw.append((str(first + pi), "pageNum", str(first + pi)))
    title_text = " ".join(w.plain for w in doc.title)
    truth = Truth(
        text=text,
        notes=notes_truth,
        note_paras=note_paras,
        pages=pages_truth,
        paras=paras,
        quotes=quotes,
        quote_sources=sources,
        sups=sups,
        divs=divs,
        dates=[(s, sp.when) for s, sp in enumerate(doc.speeches)],
        speakers=[(s, doc.speaker) for s in range(len(doc.speeches))],
        title=(title_text, doc.title_date, tuple(sorted(doc.title_when.items()))),
        fw=fw,
        measure=measure,
        note_measure=note_measure,
        undecidable=undecidable,
        merged=merged,
        split=split,
        note_undecidable=note_undecidable,
        split_notes=sum(1 for v in note_pages.values() if len(v) > 1),
        longest_note_pages=max((len(v) for v in note_pages.values()), default=0),
        pages_one_body_line=pages_one,
        lost_before_split=tuple(
            number[n - 1] for n in range(1, len(doc.notes))
            if doc.notes[n - 1].lost_number and not doc.notes[n].lost_number
            and len(note_pages.get(n, ())) > 1
            and min(note_pages[n]) == min(note_pages.get(n - 1, {-1}))
        ),
    )
    return Rendered(out_text, truth, doc, page_lines, mark_lines)
