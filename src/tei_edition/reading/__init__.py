"""The reading stage: the source text -> its `Layout` (pages, blocks, notes, marks).

Every rule of docs/layout.md is applied here, each by a named function in the module for
its section: `pages` (P1-P3), `notes` (N3-N5, N7, N9), `marks` (N1, N2, N8), `fragments`
(N1, N1b, S1), `blocks` (B1-B4), `columns` (L2, with `tei_edition.measure`), `joining`
(L1, L3). The result is plain data for the edition stage; nothing here knows about TEI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..errors import EditionError, Location, Warning_
from .blocks import read_blocks, speeches
from .columns import body_measure, note_measure
from .fragments import fragments, physical_lines
from .joining import join
from .marks import resolve_marks, unanchored_notes
from .model import Block, Boundary, Layout, NoteText, Page
from .notes import note_block_start, note_lines, read_notes
from .pages import furniture, furniture_start, number_pages, split_pages

__all__ = ["Layout", "read_layout"]


def _read_page(lines: list[str], index: int, a: int, b: int, name: str) -> tuple[Page, list[Warning_]]:
    """One page: its body lines, its note block (N3), its running foot (P2)."""
    foot = furniture_start(lines, a, b)
    notes_at = note_block_start(lines, a, foot)
    body = physical_lines(fragments(lines, a, notes_at), index)
    notes, starts, warnings = (note_lines(lines, notes_at, foot, index, name)
                               if notes_at < foot else ((), (), []))
    return Page(index, a + 1, body, notes, starts, furniture(lines, foot, b)), warnings


def _truncated(pages: tuple[Page, ...], name: str) -> list[Warning_]:
    """A text ending on a letter, not a full stop or a guillemet, may be cut short."""
    last = pages[-1]
    if not last.body or len(pages) < 2:
        return []
    tail = last.body[-1].plain
    if tail and tail[-1].isalpha() and not tail.endswith(("»", ".")):
        return [Warning_("the text ends in the middle of a sentence: the source may be "
                         "truncated", Location(name, last.body[-1].line))]
    return []


def _read_pages(lines: list[str], name: str) -> tuple[tuple[Page, ...], list[Warning_]]:
    """P1-P3: the pages, each read (body, notes, foot), then numbered."""
    warnings: list[Warning_] = []
    pages: list[Page] = []
    for index, (a, b) in enumerate(split_pages(lines)):
        page, page_warnings = _read_page(lines, index, a, b, name)
        pages.append(page)
        warnings += page_warnings
    numbers, numbering = number_pages(pages, name)
    numbered = tuple(replace(p, number=n, printed=printed)
                     for p, (n, printed) in zip(pages, numbers, strict=True))
    return numbered, warnings + numbering


def read_layout(text: str, name: str, boundaries: Sequence[Boundary] = ()) -> Layout:
    """The layout of `text`; `boundaries` are the editor's paragraph decisions (the data
    file's paragraph-break and paragraph-join), applied where the text cannot decide."""
    if not text.strip():
        raise EditionError("the source holds no text", Location(name, 1))
    pages, warnings = _read_pages(text.split("\n"), name)
    body = body_measure([ln for p in pages for ln in p.body])
    notes_measure = note_measure([ln for p in pages for ln in p.notes], body)
    notes, texts, note_warnings, joined = read_notes(pages, notes_measure, name)
    blocks, uncertain, found, block_warnings = read_blocks(pages, body, name, boundaries)
    blocks, marks, mark_warnings = resolve_marks(blocks, notes, name)
    warnings += note_warnings + block_warnings + mark_warnings
    if not any(b.kind == "para" for b in blocks):
        raise EditionError("no paragraph of running text found: is this a speech extracted "
                           "from a PDF?", Location(name, 1))
    warnings += _truncated(pages, name) + joined
    blocks = _joined_blocks(blocks, pages, frozenset(u.line for u in uncertain))
    title, docdate, grouped = speeches(blocks)
    paras = [b for s in grouped for b in s.paras]
    unanchored, unanchored_warnings = unanchored_notes([t for t, _ in texts], marks, paras, name)
    return Layout(
        name, pages, blocks, title, docdate, grouped, _joined_notes(notes), marks, unanchored,
        tuple(n for t, n in texts if t.number is None), body, notes_measure,
        tuple(warnings + unanchored_warnings), uncertain, found,
    )


def _joined_blocks(blocks: tuple[Block, ...], pages: tuple[Page, ...], uncertain: frozenset[int]
                   ) -> tuple[Block, ...]:
    """L1, L3: each block's text, with the page turns inside it (P1) and B3-margin's places."""
    first_of_page = {p.body[0].line: p.index for p in pages if p.body}
    return tuple(replace(b, text=join(b.lines, first_of_page, uncertain)) for b in blocks)


def _joined_notes(notes: list[NoteText]) -> tuple[NoteText, ...]:
    """L1, L3: each note paragraph's text (page turns are not marked in notes)."""
    return tuple(replace(n, texts=tuple(join(p) for p in n.paragraphs)) for n in notes)
