"""`tei-edition draft`: a data file to start from, for a source that has none.

It holds what the converter reads of the text (title, date line, running head, speaker) and,
as commented-out entries the loader does not see, candidate persons, works and corrections,
each with its source line and context. Nothing is applied until the editor uncomments it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .findings import Finding, place
from .reading import Reading, read
from .registers import Candidate, persons, works
from .spelling import spelling, tokens, unknown_terms
from .splits import split_words


@dataclass
class Draft:
    reading: Reading
    persons: list[Candidate] = field(default_factory=list)
    works: list[Candidate] = field(default_factory=list)
    corrections: list[Finding] = field(default_factory=list)
    terms: list[tuple[str, int, int]] = field(default_factory=list)


def make_draft(source: Path) -> Draft:
    reading = read(source)
    toks = tokens(reading.runs)
    found_persons = persons(reading, toks)
    names = {c.key for c in found_persons} | {
        word for c in found_persons for form in c.forms for word in form.split()}
    corrections = place(split_words(reading, toks) + spelling(reading, toks, names), reading)
    return Draft(reading, found_persons, works(reading), corrections,
                 unknown_terms(reading, toks, names))


def draft_text(source: Path) -> str:
    from .render import render

    return render(make_draft(source), source.name)
