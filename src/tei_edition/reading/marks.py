"""Note marks: each mark's number (N1), repaired when digits were glued to it (N2); notes
with no mark and the paragraph they close (N8)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..errors import Location, Warning_
from .model import Block, Frag, Mark, NoteText, PhysLine


def _read_mark(text: str, expected: int, texts: set[int]) -> tuple[int, bool]:
    """N1, N2: the number a mark is read as, and whether glued digits were dropped."""
    value = int(text) if len(text) < 7 else -1
    if value == expected or (value > expected and value in texts):
        return value, False
    if text.startswith(str(expected)) and value not in texts:
        return expected, True
    return value, False


def resolve_marks(blocks: Sequence[Block], notes: Iterable[NoteText], name: str
                  ) -> tuple[tuple[Block, ...], tuple[Mark, ...], list[Warning_]]:
    """N1/N2: give each mark its note number, repairing glued digits; the blocks come back
    with each mark's text replaced by the number it is read as."""
    texts = {n.resolved for n in notes}
    expected = 1
    marks: list[Mark] = []
    warnings: list[Warning_] = []

    def read(f: Frag) -> Frag:
        nonlocal expected
        if f.kind != "mark":
            return f
        number, repaired = _read_mark(f.text, expected, texts)
        if repaired:
            warnings.append(Warning_(f"note mark '{f.text}' read as {expected} (digits glued to "
                                     "it)", Location(name, f.line)))
        elif number != expected:
            shown = f.text if number < 0 else number  # -1: too long to be a number
            warnings.append(Warning_(f"note mark {shown} where {expected} was expected",
                                     Location(name, f.line)))
        marks.append(Mark(number, f.line, repaired))
        expected = number + 1
        return Frag("mark", str(number), f.line)

    def relined(ln: PhysLine) -> PhysLine:
        if not any(f.kind == "mark" for f in ln.frags):
            return ln
        return PhysLine(tuple(read(f) for f in ln.frags), ln.page)

    out = tuple(Block(b.kind, tuple(relined(ln) for ln in b.lines), b.pages_before) for b in blocks)
    return out, tuple(marks), warnings


def unanchored_notes(texts: Sequence[NoteText], marks: Sequence[Mark], paras: Sequence[Block],
                     name: str) -> tuple[tuple[tuple[int, int | None], ...], list[Warning_]]:
    """N8: a note whose number no mark carries closes the last paragraph that has a line on
    its page or before (None when there is none): (note number, paragraph index)."""
    marked = {m.number for m in marks}
    # the last paragraph reaching each page: paragraphs are in reading order
    last_on: dict[int, int] = {}
    for k, block in enumerate(paras):
        for page in {ln.page for ln in block.lines}:
            last_on[page] = k
    found: list[tuple[int, int | None]] = []
    warnings: list[Warning_] = []
    for note in texts:
        if note.resolved in marked:
            continue
        warnings.append(Warning_(f"note {note.resolved} has no mark in the text: placed at the "
                                 "end of the paragraph of its page", Location(name, note.line)))
        best = max((k for page, k in last_on.items() if page <= note.page), default=None)
        found.append((note.resolved, best))
    return tuple(found), warnings
