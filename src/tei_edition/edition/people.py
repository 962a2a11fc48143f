"""Who speaks: the data file's persons (its first speaker first), else the author named in
the running head, else an explicit unidentified speaker."""

from __future__ import annotations

import re
import unicodedata

from ..metadata import Metadata, Person
from ..reading.model import Layout


def slug(text: str) -> str:
    """An XML name from any text: ASCII letters, digits and hyphens, never a leading digit."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_ = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    value = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")
    return value if value and not value[0].isdigit() else f"p-{value}"


def running_head_author(layout: Layout) -> str:
    """The name before the first dash of the first running head (P2)."""
    for p in layout.pages:
        for f in p.furniture:
            if f.kind == "header":
                return re.split(r"\s+[–—-]\s+", f.text)[0].strip()
    return ""


def persons(meta: Metadata, layout: Layout) -> tuple[Person, ...]:
    if meta.persons:
        people = list(meta.persons)
        speakers = [s.who for s in meta.speeches if s.who]
        if speakers:
            people.sort(key=lambda p: p.id != speakers[0])
        return tuple(people)
    author = running_head_author(layout)
    if author:
        return (Person(slug(author.split()[-1]), author, (author,)),)
    return (Person("speaker", "Orateur non identifié"),)


def speaker_label(people: tuple[Person, ...], who: str) -> str:
    person = next((p for p in people if p.id == who), None)
    if person is None:
        return who
    return person.forms[0] if person.forms else person.name
