"""L1, L3: a block's physical lines joined into one string: each line end becomes a space,
except after a compound's hyphen (L3) or before punctuation that closes up; marks (N1) and
superscripts (S1) close up to the word before them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .model import Joined, PhysLine

_WS = re.compile(r"\s+")
_HYPHEN_END = re.compile(r"\w-$")
_NO_SPACE_BEFORE = tuple(".,)")


class _Text:
    """The string being joined, kept as pieces: appending stays linear on long paragraphs."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> None:
        """Append text, folding every run of white space into one space."""
        piece = _WS.sub(" ", piece)
        if not self.length or self.parts[-1].endswith(" "):
            piece = piece.lstrip(" ")
        if piece:
            self.parts.append(piece)
            self.length += len(piece)

    def trim_end(self) -> None:
        while self.parts:
            kept = self.parts[-1].rstrip(" ")
            self.length -= len(self.parts[-1]) - len(kept)
            if kept:
                self.parts[-1] = kept
                return
            self.parts.pop()

    def ends_with_compound_hyphen(self) -> bool:
        # only the end is looked at: a search over the whole paragraph at every line is
        # quadratic (issue 10)
        tail = "".join(self.parts[-2:])[-2:]
        return bool(_HYPHEN_END.search(tail))

    def value(self) -> str:
        return "".join(self.parts)


def join(lines: Sequence[PhysLine], first_of_page: Mapping[int, int] | None = None,
         uncertain: frozenset[int] = frozenset()) -> Joined:
    """The lines as one string; `first_of_page` (source line -> page index) places the page
    turns that fall inside the block (none in notes), `uncertain` (source lines) the places
    where B3-margin kept the paragraph going."""
    text = _Text()
    sups: list[tuple[int, int]] = []
    events: list[tuple[int, str, int, bool]] = []
    for k, ln in enumerate(lines):
        if k:
            text.trim_end()
            glued = text.ends_with_compound_hyphen() or ln.plain.startswith(_NO_SPACE_BEFORE)
            if not glued:
                text.add(" ")  # L1: a line end is a space; L3: none after a compound's hyphen
            if ln.line in uncertain:
                events.append((text.length, "uncertain", ln.line, False))
            if first_of_page is not None and ln.line in first_of_page:
                events.append((text.length, "page", first_of_page[ln.line], glued))
        for f in ln.frags:
            if f.kind == "text":
                text.add(f.text)
                continue
            text.trim_end()
            if f.kind == "sup":
                start = text.length
                text.add(f.text)
                sups.append((start, text.length))
            else:
                events.append((text.length, "mark", int(f.text), False))
    text.trim_end()
    n = text.length
    return Joined(text.value(), lines[0].line if lines else 0,
                  tuple((s, min(e, n)) for s, e in sups),
                  tuple((min(o, n), kind, v, w) for o, kind, v, w in events))
