"""Notes: where a page's note block starts (N3, N4), its lines and where each note starts
(N3, N4, S1), notes cut from the blocks and numbered (N3-N5), a note's paragraphs (N7), and
a number's second text joined to its first (N9)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import Location, Warning_
from ..measure import Measure
from .model import Frag, NoteStart, NoteText, Page, PhysLine
from .shapes import DIGITS, NUMERAL_END, SUPERSCRIPT, can_open_paragraph, ends_sentence, is_token


def note_block_start(lines: Sequence[str], a: int, b: int) -> int:
    """Index where the note block of page [a, b) starts (b when it has none)."""
    for i in range(a + 1, b):
        raw = lines[i]
        prev = lines[i - 1]
        # N3: a lone space after a blank line, not the space that follows a mark.
        if raw.strip() == "" and raw != "" and prev == "":
            before = _prev_nonblank(lines, i - 1, a)
            if before is None or not is_token(lines[before]):
                return i
        # N4: a note whose number was lost starts with two spaces, glued to the line above.
        if raw.startswith("  ") and raw.strip() and prev != "":
            return i
    return b


def _prev_nonblank(lines: Sequence[str], i: int, floor: int) -> int | None:
    while i >= floor:
        if lines[i] != "":
            return i
        i -= 1
    return None


@dataclass
class _NoteBlock:
    """Reads one note block, line by line: each step handles one kind of line."""

    source: Sequence[str]
    end: int
    page: int
    name: str
    lines: list[PhysLine] = field(default_factory=list)
    starts: list[tuple[int, int | None]] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    pending: list[Frag] = field(default_factory=list)
    prev_text: str = ""
    blank_before: bool = False

    def flush(self) -> None:
        if self.pending:
            self.lines.append(PhysLine(tuple(self.pending), self.page))
            self.pending = []

    def read(self, i: int) -> None:
        while i < self.end:
            i = self.step(i)
        self.flush()

    def step(self, i: int) -> int:
        raw = self.source[i]
        if raw == "":
            self.blank_before = True
            return i + 1
        s = raw.strip()
        if not s:
            return self.separator(i)
        nxt_i = i + 1
        while nxt_i < self.end and self.source[nxt_i] == "":
            nxt_i += 1
        nxt = self.source[nxt_i] if nxt_i < self.end else ""
        if DIGITS.fullmatch(s) and nxt.strip() and not SUPERSCRIPT.fullmatch(nxt):
            return self.numbered(s, nxt, nxt_i)
        self.blank_before, blank_before = False, self.blank_before
        if raw.startswith("  "):
            return self.lost_number(raw, i)
        return self.text(raw, s, i, blank_before)

    def text(self, raw: str, s: str, i: int, blank_before: bool) -> int:
        """A superscript (S1), the text after one, or a new line of the note."""
        if SUPERSCRIPT.fullmatch(s) and self.pending and NUMERAL_END.search(self.prev_text.rstrip()):
            self.pending.append(Frag("sup", s, i + 1))  # S1 in a note
            self.prev_text = ""
            return i + 1
        if self.pending and self.pending[-1].kind == "sup" and (raw.startswith(" ") or not blank_before):
            self.pending.append(Frag("text", raw, i + 1))  # the text after a superscript
        else:
            self.flush()
            self.pending = [Frag("text", raw, i + 1)]
        self.prev_text = raw
        return i + 1

    def separator(self, i: int) -> int:
        """N3's separator, or the space after a superscript: it ends the line."""
        self.blank_before = False
        if self.pending:
            self.pending.append(Frag("text", " ", i + 1))
            self.flush()
        return i + 1

    def numbered(self, number: str, text_line: str, at: int) -> int:
        """N3: the note's number, then its text (after a blank line, at times)."""
        self.flush()
        self.starts.append((len(self.lines), int(number) if len(number) <= 4 else None))
        text = text_line[1:] if text_line.startswith(" ") else text_line
        self.pending = [Frag("text", text, at + 1)]
        self.prev_text = text
        self.blank_before = False
        return at + 1

    def lost_number(self, raw: str, i: int) -> int:
        """N4: a note whose number was lost starts with two spaces."""
        self.flush()
        self.starts.append((len(self.lines), None))
        self.warnings.append(Warning_("note text has lost its number: numbered from the marks' "
                                      "order", Location(self.name, i + 1)))
        self.pending = [Frag("text", raw[2:], i + 1)]
        self.prev_text = raw
        return i + 1


def note_lines(lines: Sequence[str], a: int, b: int, page: int, name: str
               ) -> tuple[tuple[PhysLine, ...], tuple[NoteStart, ...], list[Warning_]]:
    """The lines of the note block [a, b), where each note starts, and N4's warnings."""
    block = _NoteBlock(lines, b, page, name)
    block.read(a)
    found = block.lines
    starts = tuple(NoteStart(k, n, found[k].line if k < len(found) else 0) for k, n in block.starts)
    return tuple(found), starts, block.warnings


@dataclass(frozen=True)
class _Cut:
    number: int | None
    line: int
    page: int
    lines: tuple[PhysLine, ...]


def cut_notes(pages: Sequence[Page], name: str) -> tuple[list[_Cut], list[Warning_]]:
    """N3-N5: cut note blocks into notes; a block's head continues the last note (N5)."""
    notes: list[_Cut] = []
    warnings: list[Warning_] = []
    for p in pages:
        bounds = [s.index for s in p.note_starts]
        head_end = bounds[0] if bounds else len(p.notes)
        if head_end > 0:
            if notes:
                last = notes[-1]
                notes[-1] = _Cut(last.number, last.line, last.page, last.lines + p.notes[:head_end])
            else:
                warnings.append(Warning_("note text with no number before any numbered note: "
                                         "kept as a note", Location(name, p.notes[0].line)))
                notes.append(_Cut(None, p.notes[0].line, p.index, p.notes[:head_end]))
        for j, start in enumerate(p.note_starts):
            end = bounds[j + 1] if j + 1 < len(bounds) else len(p.notes)
            notes.append(_Cut(start.number, start.line, p.index, p.notes[start.index:end]))
    return notes, warnings


def number_notes(cuts: Sequence[_Cut], name: str) -> tuple[list[int], list[Warning_]]:
    """N3, N4: each note keeps its printed number; a lost one takes the next number."""
    expected = 1
    resolved: list[int] = []
    warnings: list[Warning_] = []
    for note in cuts:
        if note.number is None:
            number = expected
        else:
            if note.number != expected:
                warnings.append(Warning_(f"note text numbered {note.number} where {expected} "
                                         "was expected", Location(name, note.line)))
            number = note.number
        resolved.append(number)
        expected = number + 1
    return resolved, warnings


def note_paragraphs(lines: Sequence[PhysLine], measure: Measure) -> tuple[tuple[PhysLine, ...], ...]:
    """N7: inside a note, a short line ending a sentence ends a paragraph of the note."""
    paras: list[list[PhysLine]] = [[]]
    for k, ln in enumerate(lines):
        paras[-1].append(ln)
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if nxt is not None and ends_sentence(ln.plain) and can_open_paragraph(nxt.plain) \
                and measure.slack(ln.plain, nxt.plain) >= 0:
            paras.append([])
    return tuple(tuple(p) for p in paras if p)


def _marks_on(page: Page) -> int:
    return sum(1 for ln in page.body for f in ln.frags if f.kind == "mark")


def _texts_missing(cuts: Sequence[_Cut], pages: Sequence[Page]) -> dict[int, int]:
    """Per page: how many more marks it holds than note texts start on it."""
    starting = dict.fromkeys((p.index for p in pages), 0)
    for cut in cuts:
        starting[cut.page] += 1
    return {p.index: _marks_on(p) - starting[p.index] for p in pages}


def split_lost(cuts: list[_Cut], pages: Sequence[Page], measure: Measure, name: str
               ) -> tuple[list[_Cut], list[Warning_]]:
    """N4b: on a page whose marks outnumber the note texts starting on it, numberless notes
    of several paragraphs (N7) hold the notes that lost both their number and their two
    spaces. The text decides only when the paragraphs opening on the page after a numberless
    note's first are exactly as many as the texts missing: each is then a note, warned.
    Otherwise nothing is cut and the reader is told where to look."""
    missing = _texts_missing(cuts, pages)
    paras = [note_paragraphs(c.lines, measure) for c in cuts]
    # only paragraphs opening on the note's own page can be notes of that page: what runs
    # over to the next page continues the last of them (N5)
    opening = [[i for i, p in enumerate(ps) if i and p[0].page == c.page] if c.number is None else []
               for c, ps in zip(cuts, paras, strict=True)]
    candidates = dict.fromkeys(missing, 0)
    for c, where in zip(cuts, opening, strict=True):
        candidates[c.page] += len(where)
    out: list[_Cut] = []
    warnings: list[Warning_] = []
    for c, ps, where in zip(cuts, paras, opening, strict=True):
        if not where or missing[c.page] <= 0:
            out.append(c)
        elif candidates[c.page] != missing[c.page]:
            out.append(c)
            warnings.append(Warning_(
                f"its page has {missing[c.page]} more mark(s) than note texts, and this "
                f"numberless note {len(ps)} paragraphs: which paragraph starts a lost note "
                "cannot be read; give it in the data file ([[override]] kind = \"note\")",
                Location(name, c.line)))
        else:
            out += _cut_at(c, ps, where, name, warnings)
    return out, warnings


def _cut_at(cut: _Cut, paras: tuple[tuple[PhysLine, ...], ...], where: list[int], name: str,
            warnings: list[Warning_]) -> list[_Cut]:
    out = []
    for a, b in zip([0, *where], [*where, len(paras)], strict=True):
        lines = tuple(ln for p in paras[a:b] for ln in p)
        if a:
            warnings.append(Warning_("note paragraph read as a note of its own: its page has "
                                     "more marks than note texts (the note lost its number)",
                                     Location(name, lines[0].line)))
        out.append(_Cut(None, lines[0].line if a else cut.line, cut.page, lines))
    return out


def read_notes(pages: Sequence[Page], measure: Measure, name: str
               ) -> tuple[list[NoteText], list[tuple[NoteText, int]], list[Warning_], list[Warning_]]:
    """The notes, one per number (N9: a number's second text joins the first, warned), and
    every text as read with its number (N8 needs them all); the cutting and numbering
    warnings, then N9's."""
    cuts, warnings = cut_notes(pages, name)
    cuts, split = split_lost(cuts, pages, measure, name)
    warnings += split
    numbers, numbering = number_notes(cuts, name)
    merged: dict[int, NoteText] = {}
    texts: list[tuple[NoteText, int]] = []
    joined: list[Warning_] = []
    for cut, n in zip(cuts, numbers, strict=True):
        note = NoteText(cut.number, n, cut.line, cut.page, note_paragraphs(cut.lines, measure))
        texts.append((note, n))
        if n in merged:
            joined.append(Warning_(f"two note texts are numbered {n}: the second is joined "
                                   "to the first", Location(name, cut.line)))
            first = merged[n]
            merged[n] = NoteText(first.number, n, first.line, first.page,
                                 first.paragraphs + note.paragraphs)
        else:
            merged[n] = note
    return list(merged.values()), texts, warnings + numbering, joined
