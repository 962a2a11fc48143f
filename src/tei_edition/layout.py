"""Reading the extraction layout: raw text lines -> pages, physical lines, blocks and notes.

The rules are the ones listed in docs/layout.md (L*, P*, N*, S*, B*); each function names the
rule it applies. Nothing here knows about TEI: the output is plain data for teibuild.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .dates import find_dates
from .errors import EditionError, Location, Warning_
from .measure import Measure, Printed, fit_measure, full_width, percentile

# Q2 / B3: how many lines ahead an open quotation must close to hold its paragraph open.
_QUOTE_REACH = 12

# P1b: how far beyond the body's measure (glyph widths) a page's first line may reach.
_P1B_TOLERANCE = 1.02

# --- fragments and physical lines -------------------------------------------------------

_DIGITS = re.compile(r"\d+")
_SUP = re.compile(r"[a-zàâéèêëîïôöûüç]{1,3}")
_NUMERAL_END = re.compile(r"(?:\b[IVXLCDM]+|\d)$")
_GLUED_MARK = re.compile(r"[^\W\d_](\d{1,3})\s*$")
_INITIAL = re.compile(r"(?:^|\s)[A-ZÀ-Ý]\.$")
_CLOSING_PUNCT = tuple(".,;:!?)]…»")
_SENTENCE_END = re.compile(r"(?:[.!?:…»]|[.!?…»]\s*\))$")


@dataclass
class Frag:
    """A piece of a physical line: text, a note mark, or a superscript."""

    kind: str  # "text" | "mark" | "sup"
    text: str
    line: int  # 1-based source line


@dataclass
class PhysLine:
    """One printed line, rebuilt from the fragments the extractor split it into."""

    frags: list[Frag]
    page: int  # index into Layout.pages

    @property
    def line(self) -> int:
        return self.frags[0].line

    @property
    def plain(self) -> str:
        """The line's text; it knows its marks and superscripts, which print smaller (L2)."""
        small = "".join(f.text for f in self.frags if f.kind != "text")
        return Printed("".join(f.text for f in self.frags).strip(), small)

    @property
    def first_text(self) -> str:
        for f in self.frags:
            if f.kind == "text" and f.text.strip():
                return f.text.strip()
        return ""


@dataclass
class Page:
    index: int
    start_line: int
    body: list[PhysLine] = field(default_factory=list)
    notes: list[PhysLine] = field(default_factory=list)  # note-block lines (numbers included)
    note_starts: list[tuple[int, int | None, int]] = field(default_factory=list)
    furniture: list[tuple[str, str, int]] = field(default_factory=list)  # (type, text, line)
    number: str = ""  # assigned later: printed or inferred
    printed: bool = False


@dataclass
class NoteText:
    number: int | None  # as printed (None when lost)
    line: int
    page: int
    lines: list[PhysLine] = field(default_factory=list)
    resolved: int = 0


@dataclass
class Block:
    kind: str  # "title" | "dateline" | "heading" | "para"
    lines: list[PhysLine]
    # pages whose first line is this block's first line: their pb goes before the block
    pages_before: list[int] = field(default_factory=list)


@dataclass
class Layout:
    name: str
    pages: list[Page]
    blocks: list[Block]
    notes: list[NoteText]
    marks: list[tuple[int, int]]  # (resolved number, source line) in reading order
    body_measure: Measure
    note_measure: Measure
    warnings: list[Warning_]
    rules_used: dict[str, int]


# --- the reader ----------------------------------------------------------------------


class _Reader:
    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self.lines = text.split("\n")
        self.warnings: list[Warning_] = []
        self.rules: dict[str, int] = {}

    def warn(self, message: str, line: int | None = None) -> None:
        self.warnings.append(Warning_(message, Location(self.name, line)))

    def used(self, rule: str) -> None:
        self.rules[rule] = self.rules.get(rule, 0) + 1

    # P1 ---------------------------------------------------------------------------
    def _is_token(self, raw: str) -> bool:
        s = raw.strip()
        # marks, note numbers and superscripts stand bare on their line (no leading space)
        bare = not raw.startswith(" ")
        return bool(s) and bare and (bool(_DIGITS.fullmatch(s)) or bool(_SUP.fullmatch(s)))

    def page_start_candidates(self) -> list[int]:
        """0-based indexes of lines that open a page (rule P1)."""
        starts = [0]
        for i in range(1, len(self.lines)):
            raw, prev = self.lines[i], self.lines[i - 1]
            if not raw.startswith(" ") or raw.startswith("  "):
                continue
            if prev == "":
                continue
            # A digits line right above is a note mark or number, unless it is the printed
            # page number closing a running foot (P2).
            if self._is_token(prev) and self._furniture_start(max(0, i - 12), i) == i:
                continue
            starts.append(i)
        return starts

    def split_pages(self) -> list[tuple[int, int]]:
        starts = self.page_start_candidates()
        # First pass: the body measure from lines outside note blocks, to reject "page starts"
        # that are really note lines the extractor glued together (rule P1b: a page's first
        # line never exceeds the body measure, note lines are set wider).
        spans = list(zip(starts, [*starts[1:], len(self.lines)], strict=True))
        body_lines: list[list[str]] = []  # per page, the text lines above its note block
        for a, b in spans:
            block_at = self._note_block_start(a, b)
            body_lines.append([s for i in range(a, block_at)
                               if len(s := self.lines[i].strip()) > 20])
        body_lengths = [len(s) for page in body_lines for s in page]
        if len(body_lengths) >= 10:
            wider = self._wider_than_body(body_lines, body_lengths)
            kept = [starts[0]]
            for a, _ in spans[1:]:
                prev_block = self._note_block_start(kept[-1], a)
                inside_notes = prev_block < a
                if inside_notes and wider(self.lines[a].strip()):
                    self.used("P1b")
                    continue
                kept.append(a)
            starts = kept
        spans = list(zip(starts, [*starts[1:], len(self.lines)], strict=True))
        # P3: a last page holding nothing is not a page.
        if spans and not any(self.lines[i].strip() for i in range(*spans[-1])):
            if len(spans) > 1:
                self.used("P3")
            spans = spans[:-1] if len(spans) > 1 else spans
        return spans

    def _wider_than_body(self, body_lines: list[list[str]], lengths: list[int]) -> Callable[[str], bool]:
        """P1b: is a line wider than a body line can be, in the metric the body was set by?

        A body line holds at most the measure: the 98th percentile of the body lines, with 2
        characters of tolerance when they are set by character counts. Set by glyph widths
        (R25), a full body line of narrow letters holds more characters than that: widths are
        compared, in the metric L2 finds for these lines, with 2 % of tolerance (the estimate).
        """
        char_limit = percentile(lengths, 0.98) + 2
        pairs: list[tuple[str, str]] = []
        inner: list[tuple[str, str]] = []
        for page in body_lines:
            page_pairs, page_inner = _run_on_pairs(page, [True] * len(page))
            pairs += page_pairs
            inner += page_inner
        fitted = fit_measure(pairs, inner)
        if fitted is None or fitted.metric_name == "chars":
            return lambda line: len(line) > char_limit
        metric = fitted.metric
        limit = percentile([metric(s) for page in body_lines for s in page], 0.98) * _P1B_TOLERANCE
        return lambda line: metric(line) > limit

    def _note_block_start(self, a: int, b: int) -> int:
        """Index where the note block of page [a, b) starts (b when it has none)."""
        for i in range(a + 1, b):
            raw = self.lines[i]
            prev = self.lines[i - 1]
            # N3: a lone space after a blank line, not the space that follows a mark.
            if raw.strip() == "" and raw != "" and prev == "":
                before = _prev_nonblank(self.lines, i - 1, a)
                if before is None or not self._is_token(self.lines[before]):
                    return i
            # N4: a note whose number was lost starts with two spaces, glued to the line above.
            if raw.startswith("  ") and raw.strip() and prev != "":
                return i
        return b

    def _furniture_start(self, a: int, b: int) -> int:
        """P2: a page may end with a few short lines set off by two or more blank lines."""
        content: list[int] = []
        k = b - 1
        while k > a:
            if self.lines[k] == "":
                run = 0
                while k > a and self.lines[k] == "":
                    run += 1
                    k -= 1
                if run >= 2:
                    return content[-1] if content else b
                continue
            content.append(k)
            if len(content) > 3 or len(self.lines[k].strip()) > 120:
                return b
            k -= 1
        return b

    def _ordinal_follows(self, i: int, b: int) -> bool:
        """S1: digits followed by a bare superscript are an ordinal (1 / er), not a mark."""
        j = i + 1
        while j < b and self.lines[j] == "":
            j += 1
        return j < b and bool(_SUP.fullmatch(self.lines[j]))

    # fragments ----------------------------------------------------------------------
    def fragments(self, a: int, b: int) -> list[tuple[Frag, bool]]:
        """Fragments of lines [a, b) with a flag: was a blank line right before it."""
        out: list[tuple[Frag, bool]] = []
        blank_before = False
        prev_text = ""
        for i in range(a, b):
            raw = self.lines[i]
            if raw == "":
                blank_before = True
                continue
            text = raw
            if i == a:
                text = raw[1:] if raw.startswith(" ") else raw  # P1: the page-start space
                if not text.strip():
                    blank_before = True
                    continue
            s = text.strip()
            bare = not raw.startswith(" ")
            if _DIGITS.fullmatch(s) and out and bare and not self._ordinal_follows(i, b):
                frag = Frag("mark", s, i + 1)
            elif _SUP.fullmatch(s) and bare and _NUMERAL_END.search(prev_text.rstrip()):
                frag = Frag("sup", s, i + 1)
            else:
                glued = _GLUED_MARK.search(text)
                if glued and _is_capitals(text):
                    # N1b: in a line of capitals a mark can stick to the last word.
                    self.used("N1b")
                    out.append((Frag("text", text[: glued.start(1)], i + 1), blank_before))
                    frag = Frag("mark", glued.group(1), i + 1)
                    blank_before = False
                else:
                    frag = Frag("text", text, i + 1)
            out.append((frag, blank_before))
            prev_text = text if frag.kind == "text" else ""
            blank_before = False
        return out

    def physical_lines(self, frags: list[tuple[Frag, bool]], page: int) -> list[PhysLine]:
        """Glue marks and superscripts to the line they belong to (rules N1, S1)."""
        lines: list[PhysLine] = []
        after_token = False
        ended = False  # the fragment after a token was a lone space: the line ends there
        for frag, blank_before in frags:
            if frag.kind in ("mark", "sup"):
                if lines:
                    lines[-1].frags.append(frag)
                    after_token = True
                    ended = False
                    continue
                frag = Frag("text", frag.text, frag.line)
            if after_token and not ended and lines:
                joins = (
                    not blank_before
                    or frag.text.startswith(" ")
                    or frag.text.lstrip().startswith(_CLOSING_PUNCT)
                )
                if joins:
                    lines[-1].frags.append(frag)
                    after_token = False
                    ended = not frag.text.strip()
                    continue
            after_token = False
            ended = False
            lines.append(PhysLine([frag], page))
        return [ln for ln in lines if ln.plain or any(f.kind != "text" for f in ln.frags)]

    # notes --------------------------------------------------------------------------
    def note_lines(self, a: int, b: int, page: int) -> tuple[list[PhysLine], list[tuple[int, int | None]]]:
        """Lines of a note block, and where each note starts: (index in lines, printed n)."""
        lines: list[PhysLine] = []
        starts: list[tuple[int, int | None]] = []
        i = a
        pending: list[Frag] = []
        prev_text = ""
        blank_before = False

        def flush() -> None:
            nonlocal pending
            if pending:
                lines.append(PhysLine(pending, page))
                pending = []

        while i < b:
            raw = self.lines[i]
            if raw == "":
                blank_before = True
                i += 1
                continue
            s = raw.strip()
            if not s:  # N3 separator, or the space after a superscript
                blank_before = False
                i += 1
                if pending:
                    pending.append(Frag("text", " ", i))
                    flush()
                continue
            nxt_i = i + 1
            while nxt_i < b and self.lines[nxt_i] == "":
                nxt_i += 1
            nxt = self.lines[nxt_i] if nxt_i < b else ""
            if _DIGITS.fullmatch(s) and nxt.strip() and not _SUP.fullmatch(nxt):
                # N3: the note's number, then its text (after a blank line, at times).
                flush()
                starts.append((len(lines), int(s) if len(s) <= 4 else None))
                self.used("N3")
                text = nxt[1:] if nxt.startswith(" ") else nxt
                pending = [Frag("text", text, nxt_i + 1)]
                prev_text = text
                i = nxt_i + 1
                blank_before = False
                continue
            if raw.startswith("  "):
                flush()
                starts.append((len(lines), None))
                self.used("N4")
                self.warn("note text has lost its number: numbered from the marks' order", i + 1)
                pending = [Frag("text", raw[2:], i + 1)]
                prev_text = raw
                i += 1
                blank_before = False
                continue
            if _SUP.fullmatch(s) and pending and _NUMERAL_END.search(prev_text.rstrip()):
                pending.append(Frag("sup", s, i + 1))
                prev_text = ""
                i += 1
                blank_before = False
                continue
            if pending and pending[-1].kind == "sup" and (raw.startswith(" ") or not blank_before):
                pending.append(Frag("text", raw, i + 1))
            else:
                flush()
                pending = [Frag("text", raw, i + 1)]
            prev_text = raw
            blank_before = False
            i += 1
        flush()
        return lines, starts

    # main ---------------------------------------------------------------------------
    def read(self) -> Layout:
        spans = self.split_pages()
        pages: list[Page] = []
        for index, (a, b) in enumerate(spans):
            page = Page(index, a + 1)
            fur = self._furniture_start(a, b)
            notes_at = self._note_block_start(a, fur)
            frags = self.fragments(a, notes_at)
            page.body = self.physical_lines(frags, index)
            if notes_at < fur:
                lines, starts = self.note_lines(notes_at, fur, index)
                page.notes = lines
                page.note_starts = [(k, n, lines[k].line if k < len(lines) else 0) for k, n in starts]
            for i in range(fur, b):
                s = self.lines[i].strip()
                if not s:
                    continue
                kind = "pageNum" if _DIGITS.fullmatch(s) else "header"
                page.furniture.append((kind, s, i + 1))
                self.used("P2")
            pages.append(page)
        self.number_pages(pages)
        notes = self.collect_notes(pages)
        body_measure = _measure([ln for p in pages for ln in p.body])
        note_measure = _measure([ln for p in pages for ln in p.notes], body_measure)
        blocks = self.blocks(pages, body_measure)
        marks = self.resolve_marks(blocks, notes)
        return Layout(
            self.name, pages, blocks, notes, marks, body_measure, note_measure,
            self.warnings, self.rules,
        )

    def number_pages(self, pages: list[Page]) -> None:
        """P2: infer every page number from the printed ones."""
        printed = [
            (p.index, int(t)) for p in pages for kind, t, _ in p.furniture if kind == "pageNum"
        ]
        offset = printed[0][1] - printed[0][0] if printed else 1
        for index, value in printed[1:]:
            if value - index != offset:
                self.warn(
                    f"printed page number {value} disagrees with the count from the first "
                    f"printed number; pages are numbered from the first",
                    pages[index].start_line,
                )
        printed_at = {i for i, _ in printed}
        for p in pages:
            p.number = str(p.index + offset)
            p.printed = p.index in printed_at
        if not printed:
            self.used("P2-none")

    def collect_notes(self, pages: list[Page]) -> list[NoteText]:
        """N3-N5: cut note blocks into notes; a block's head continues the last note."""
        notes: list[NoteText] = []
        for p in pages:
            bounds = [k for k, _, _ in p.note_starts]
            head_end = bounds[0] if bounds else len(p.notes)
            if head_end > 0:
                if notes:
                    notes[-1].lines.extend(p.notes[:head_end])
                    self.used("N5")
                else:
                    self.warn(
                        "note text with no number before any numbered note: kept as a note",
                        p.notes[0].line,
                    )
                    notes.append(NoteText(None, p.notes[0].line, p.index, p.notes[:head_end]))
            for j, (k, n, line) in enumerate(p.note_starts):
                end = bounds[j + 1] if j + 1 < len(bounds) else len(p.notes)
                notes.append(NoteText(n, line, p.index, p.notes[k:end]))
        expected = 1
        for note in notes:
            if note.number is None:
                note.resolved = expected
            else:
                if note.number != expected:
                    self.warn(
                        f"note text numbered {note.number} where {expected} was expected",
                        note.line,
                    )
                note.resolved = note.number
            expected = note.resolved + 1
        return notes

    def resolve_marks(self, blocks: list[Block], notes: list[NoteText]) -> list[tuple[int, int]]:
        """N1/N2: give each mark its note number, repairing glued digits."""
        texts = {n.resolved for n in notes}
        expected = 1
        marks: list[tuple[int, int]] = []
        for block in blocks:
            for ln in block.lines:
                for f in ln.frags:
                    if f.kind != "mark":
                        continue
                    value = int(f.text) if len(f.text) < 7 else -1
                    if value == expected or (value > expected and value in texts):
                        number = value
                    elif f.text.startswith(str(expected)) and value not in texts:
                        number = expected
                        self.used("N2")
                        self.warn(f"note mark '{f.text}' read as {expected} (digits glued to it)", f.line)
                    else:
                        number = value
                        shown = f.text if value < 0 else value  # -1: too long to be a number
                        self.warn(f"note mark {shown} where {expected} was expected", f.line)
                    f.text = str(number)
                    marks.append((number, f.line))
                    expected = number + 1
        return marks

    # blocks (B1-B4) -------------------------------------------------------------------
    def blocks(self, pages: list[Page], measure: int) -> list[Block]:
        lines = [ln for p in pages for ln in p.body]
        first_of_page = {p.body[0].line: p.index for p in pages if p.body}
        empty_pages = [p.index for p in pages if not p.body]
        if empty_pages:
            for idx in empty_pages:
                self.warn("page holds no body text", pages[idx].start_line)
        blocks: list[Block] = []
        i = 0
        n = len(lines)
        while i < n:
            ln = lines[i]
            after_para = not blocks or blocks[-1].kind != "para" or _ends_para(blocks[-1].lines[-1].plain)
            if _is_capitals(ln.plain) and after_para:
                j = i
                while j < n and _is_capitals(lines[j].plain) and not _is_dateline(lines[j].plain):
                    j += 1
                if j > i:
                    kind = "title" if not blocks else "heading"
                    blocks.append(Block(kind, lines[i:j]))
                    self.used("B1" if kind == "title" else "B2")
                    i = j
                    continue
            if _is_dateline(ln.plain) and after_para:
                blocks.append(Block("dateline", [ln]))
                i += 1
                continue
            j = i
            while j < n - 1 and not self._para_ends(lines, j, measure, i):
                j += 1
            j += 1
            blocks.append(Block("para", lines[i:j]))
            self.used("B3")
            i = j
        for block in blocks:
            for k, ln in enumerate(block.lines):
                if ln.line in first_of_page and k == 0:
                    block.pages_before.append(first_of_page[ln.line])
        # pages with no body line: their break goes before the next block
        for idx in empty_pages:
            later = [b for b in blocks if b.lines and b.lines[0].page > idx]
            if later:
                later[0].pages_before.insert(0, idx)
        for block in blocks:
            block.pages_before.sort()
        return blocks

    def _inside_quotation(self, lines: list[PhysLine], i: int, j: int) -> bool:
        """Q2: is a quotation that opened inside paragraph lines[i..] still open after lines[j]?

        Only a quotation opening the paragraph runs over paragraphs (a block quotation), so
        the paragraph cannot end inside one that opened later. This settles paragraph ends a
        width estimate cannot (R25). Guillemets can be lost: the quotation must close within
        `_QUOTE_REACH` lines, else the width rules decide.
        """
        if lines[i].plain.startswith("«"):
            return False
        depth = sum(ln.plain.count("«") - ln.plain.count("»") for ln in lines[i : j + 1])
        if depth <= 0:
            return False
        for ln in lines[j + 1 : j + 1 + _QUOTE_REACH]:
            depth -= ln.plain.count("»") - ln.plain.count("«")
            if depth <= 0:
                self.used("B3-quote")
                return True
        return False

    def _para_ends(self, lines: list[PhysLine], j: int, measure: Measure, start: int) -> bool:
        """B3: does the paragraph that opened at lines[start] end after lines[j]?"""
        cur, nxt = lines[j], lines[j + 1]
        if not _ends_para(cur.plain):
            return False
        if _is_capitals(nxt.plain) or _is_dateline(nxt.plain):
            return True
        if not _can_open_paragraph(nxt.first_text) or self._inside_quotation(lines, start, j):
            return False
        if measure.slack(cur.plain, nxt.plain) >= 0:
            return True  # L2: the next word would have fitted, so the line was cut short
        after = lines[j + 2] if j + 2 < len(lines) else None
        run_on = after is not None and not (
            _ends_para(nxt.plain) and _can_open_paragraph(after.first_text))
        threshold = 0.0 if measure.metric_name == "chars" else measure.indent
        if run_on and after is not None and measure.slack(nxt.plain, after.plain) >= threshold:
            self.used("B3-indent")
            return True  # the next line lost room to an indent: it opens a paragraph
        self.used("B3-margin")
        return False


def _prev_nonblank(lines: list[str], i: int, floor: int) -> int | None:
    while i >= floor:
        if lines[i] != "":
            return i
        i -= 1
    return None


def _run_on_pairs(plains: list[str], column: list[bool]
                  ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """L2: (run-on line, next line) for the lines of the column that run on (no sentence
    end), and the inner ones among them: a run-on line that follows another run-on line is
    not a paragraph's first line, so cannot be indented."""
    runs_on = [c and not _ends_para(p) for p, c in zip(plains, column, strict=True)]
    pairs = [(plains[k], plains[k + 1]) for k in range(len(plains) - 1) if runs_on[k]]
    inner = [(plains[k], plains[k + 1]) for k in range(1, len(plains) - 1)
             if runs_on[k - 1] and runs_on[k]]
    return pairs, inner


def _measure(lines: list[PhysLine], body: Measure | None = None) -> Measure:
    """L2: fit the measure on the lines that run on (no sentence end); no line exceeds it.

    Notes (`body` given) are set in the body's typeface: same metric, their own width.
    """
    plains = [ln.plain for ln in lines]
    # Title and heading lines (B1, B2) and date lines are set apart, to a measure of their own.
    column = [body is not None or not (_is_capitals(p) or _is_dateline(p)) for p in plains]
    pairs, inner = _run_on_pairs(plains, column)
    others = [p for p, c in zip(plains, column, strict=True) if c]
    if body is None:
        fitted = fit_measure(pairs, inner, others)
        if fitted:
            return fitted
        longest = max((len(p) for p in others or plains), default=80)
        return Measure("chars", float(longest), 1.0)
    # L2: notes are set smaller, so a note line holds at least what a body line holds.
    widths = [body.metric(a) for a, _ in pairs if len(a) > 20]
    if len(widths) >= 8:
        width = max(body.width, full_width(widths, body.metric_name, [body.metric(p) for p in others]))
    else:
        width = max([body.width] + [body.metric(p) for p in plains])
    return Measure(body.metric_name, width, 0.0125 * width)


def _can_open_paragraph(text: str) -> bool:
    first = text.lstrip()[:1]
    return bool(first) and not first.islower() and first not in "».,;:!?)…]"


def _ends_para(text: str) -> bool:
    text = text.rstrip()
    # An initial ("John P.") ends with a full stop but not a sentence.
    return bool(_SENTENCE_END.search(text)) and not _INITIAL.search(text)


def _is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) >= 0.8


def _is_dateline(text: str) -> bool:
    s = text.strip().rstrip(".")
    if not s or len(s) > 40:
        return False
    found = find_dates(s, default_year=1)  # any year will do to recognise the shape
    return bool(found) and found[0].start == 0 and found[0].end == len(s)


def read_layout(text: str, name: str) -> Layout:
    if not text.strip():
        raise EditionError("the source holds no text", Location(name, 1))
    return _Reader(text, name).read()
