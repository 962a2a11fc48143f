"""Blocks: the title (B1), speech headings and date lines (B2), paragraphs (B3, B3-quote,
B3-indent, B3-margin, B4), the page breaks before them, and the speeches they make (B2)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import Location, Warning_
from ..measure import Measure
from .model import Block, Boundary, Page, PhysLine, SpeechBlocks, Uncertain
from .shapes import can_open_paragraph, ends_sentence, is_capitals, is_dateline

# B3-quote: how many lines ahead an open quotation must close to hold its paragraph open.
QUOTE_REACH = 12


@dataclass(frozen=True)
class _Column:
    """The body lines of the whole document, in reading order, with what B3 asks of them."""

    lines: Sequence[PhysLine]
    measure: Measure
    depth: Sequence[int]  # depth[k]: « minus » over lines[:k] (B3-quote, in linear time)
    margin: list[int]  # B3-margin: indexes of the lines the stated rule kept in their paragraph
    forced: dict[int, bool]  # the editor's decisions: paragraph ends after lines[j] or not

    @classmethod
    def of(cls, lines: Sequence[PhysLine], measure: Measure) -> _Column:
        deltas = (ln.plain.count("«") - ln.plain.count("»") for ln in lines)
        return cls(lines, measure, [0, *itertools.accumulate(deltas)], [], {})

    def inside_quotation(self, i: int, j: int) -> bool:
        """B3-quote: is a quotation that opened inside paragraph lines[i..] still open after
        lines[j], closing within QUOTE_REACH lines?

        Only a quotation opening the paragraph runs over paragraphs (a block quotation, Q2),
        so the paragraph cannot end inside one that opened later. Guillemets can be lost:
        beyond QUOTE_REACH lines, the width rules decide.
        """
        if self.lines[i].plain.startswith("«"):
            return False
        depth = self.depth[j + 1] - self.depth[i]
        if depth <= 0:
            return False
        for ln in self.lines[j + 1 : j + 1 + QUOTE_REACH]:
            depth -= ln.plain.count("»") - ln.plain.count("«")
            if depth <= 0:
                return True
        return False

    def para_ends(self, j: int, start: int) -> bool:
        """B3: does the paragraph that opened at lines[start] end after lines[j]?"""
        if j in self.forced:
            return self.forced[j]  # the data file decides where the text cannot
        cur, nxt = self.lines[j], self.lines[j + 1]
        if not ends_sentence(cur.plain):
            return False
        if is_capitals(nxt.plain) or is_dateline(nxt.plain):
            return True
        if not can_open_paragraph(nxt.first_text) or self.inside_quotation(start, j):
            return False
        if self.measure.slack(cur.plain, nxt.plain) >= 0:
            return True  # L2: the next word would have fitted, so the line was cut short
        if self.next_is_indented(j):
            return True
        self.margin.append(j + 1)  # B3-margin: decided by the stated rule, not the text
        return False

    def next_is_indented(self, j: int) -> bool:
        """B3-indent: the next line lost room to an indent, so it opens a paragraph;
        else B3-margin: a line reaching the margin does not end its paragraph."""
        nxt = self.lines[j + 1]
        after = self.lines[j + 2] if j + 2 < len(self.lines) else None
        if after is None or (ends_sentence(nxt.plain) and can_open_paragraph(after.first_text)):
            return False  # the next line does not run on: no indent can show on it
        threshold = 0.0 if self.measure.metric_name == "chars" else self.measure.indent
        return self.measure.slack(nxt.plain, after.plain) >= threshold

    def paragraph_end(self, i: int) -> int:
        """B3, B4: the index after the last line of the paragraph opening at lines[i]."""
        j = i
        while j < len(self.lines) - 1 and not self.para_ends(j, i):
            j += 1
        return j + 1

    def capitals_end(self, i: int) -> int:
        """B1, B2: the index after a run of capitals lines (a date line ends it)."""
        j = i
        while j < len(self.lines) and is_capitals(self.lines[j].plain) \
                and not is_dateline(self.lines[j].plain):
            j += 1
        return j


def _cut(column: _Column) -> list[tuple[str, int, int]]:
    """The blocks as (kind, first line, end) over the column (B1-B4)."""
    cuts: list[tuple[str, int, int]] = []
    lines = column.lines
    i = 0
    while i < len(lines):
        plain = lines[i].plain
        last = cuts[-1] if cuts else None
        after_para = last is None or last[0] != "para" or ends_sentence(lines[last[2] - 1].plain)
        j = column.capitals_end(i) if after_para and is_capitals(plain) else i
        if j > i:
            cuts.append(("title" if not cuts else "heading", i, j))
        elif after_para and is_dateline(plain):
            j = i + 1
            cuts.append(("dateline", i, j))
        else:
            j = column.paragraph_end(i)
            cuts.append(("para", i, j))
        i = j
    return cuts


def _words_of(ln: PhysLine) -> str:
    """The line as a reader sees it: its text and superscripts, no note mark."""
    return " ".join("".join(f.text for f in ln.frags if f.kind != "mark").split())


def find_boundaries(lines: Sequence[PhysLine], boundaries: Sequence[Boundary]
                    ) -> list[list[int]]:
    """Per boundary, the indexes j where lines[j] ends with its `before` and lines[j + 1]
    starts with its `after`."""
    if not boundaries:
        return []
    words = [_words_of(ln) for ln in lines]
    return [[j for j in range(len(words) - 1)
             if words[j].endswith(b.before) and words[j + 1].startswith(b.after)]
            for b in boundaries]


def read_blocks(pages: Sequence[Page], measure: Measure, name: str,
                boundaries: Sequence[Boundary] = ()
                ) -> tuple[tuple[Block, ...], tuple[Uncertain, ...], tuple[tuple[int, ...], ...],
                           list[Warning_]]:
    """The document's blocks, each with the pages whose break goes before it: pages whose
    first line is the block's first line, and pages holding no body line (before the next
    block)."""
    lines = [ln for p in pages for ln in p.body]
    first_of_page = {p.body[0].line: p.index for p in pages if p.body}
    empty = [p.index for p in pages if not p.body]
    warnings = [Warning_("page holds no body text", Location(name, pages[i].start_line)) for i in empty]
    column = _Column.of(lines, measure)
    found = find_boundaries(lines, boundaries)
    for b, places in zip(boundaries, found, strict=True):
        if len(places) == 1:
            column.forced[places[0]] = b.ends
    cuts = _cut(column)
    firsts = [lines[i] for _, i, _ in cuts]
    before = _pages_before(firsts, first_of_page, empty)
    blocks = tuple(Block(kind, tuple(lines[i:j]), b)
                   for (kind, i, j), b in zip(cuts, before, strict=True))
    uncertain = tuple(Uncertain(lines[k].line, _words(lines[k - 1].plain, -6),
                                _words(lines[k].plain, 6)) for k in column.margin)
    at = tuple(tuple(lines[j + 1].line for j in places) for places in found)
    return blocks, uncertain, at, warnings


def _words(text: str, n: int) -> str:
    """The last (n < 0) or first n words of a line, for a reader to find it in the print."""
    words = text.split()
    return " ".join(words[n:] if n < 0 else words[:n])


def _pages_before(firsts: Sequence[PhysLine], first_of_page: dict[int, int], empty: list[int]
                  ) -> list[tuple[int, ...]]:
    """Per block (given its first line): the page it opens, and pages holding no body line
    before it (their break goes before the next block)."""
    before: list[list[int]] = [[] for _ in firsts]
    for k, ln in enumerate(firsts):
        if ln.line in first_of_page:
            before[k].append(first_of_page[ln.line])
    for idx in empty:
        later = next((k for k, ln in enumerate(firsts) if ln.page > idx), None)
        if later is not None:
            before[later].insert(0, idx)
    return [tuple(sorted(b)) for b in before]


def speeches(blocks: Sequence[Block]) -> tuple[Block | None, Block | None, tuple[SpeechBlocks, ...]]:
    """B1: the title and its date line; B2: each heading, or a date line after paragraphs,
    starts a speech; a date line right after a heading dates that speech."""
    rest = list(blocks)
    title = rest.pop(0) if rest and rest[0].kind == "title" else None
    docdate = rest.pop(0) if title and rest and rest[0].kind == "dateline" else None
    return title, docdate, _group(rest)


def _group(rest: Sequence[Block]) -> tuple[SpeechBlocks, ...]:
    """B2: the blocks after the title, cut into speeches."""
    # (heading, date line, paragraphs) per speech, built in place then frozen
    groups: list[tuple[Block | None, Block | None, list[Block]]] = [(None, None, [])]
    for b in rest:
        heading, dateline, paras = groups[-1]
        if b.kind == "heading":
            if heading or dateline or paras:
                groups.append((b, None, []))
            else:
                groups[-1] = (b, None, paras)
        elif b.kind == "dateline":
            if paras or dateline:
                groups.append((None, b, []))
            else:
                groups[-1] = (heading, b, paras)
        else:
            paras.append(b)
    return tuple(SpeechBlocks(h, d, tuple(p)) for h, d, p in groups if h or d or p)
