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


# A title block naming its speaker: "RAPPORT DE N. I. BOUKHARINE", "… PAR A. RYKOV": initials,
# then a name (at least two letters).
_TITLE_SPEAKER = re.compile(r"\b(?:PAR|DE|D[’'])\s*((?:[A-ZÀ-Ý]\.\s*){1,3}[A-ZÀ-Ý][A-ZÀ-Ý’'-]+)\b")

UNIDENTIFIED = Person("speaker", "Orateur non identifié")


def title_speaker(layout: Layout) -> str:
    """The speaker the title block names (B1), written as a name: "N. I. Boukharine"."""
    title = layout.title.text.text if layout.title and layout.title.text else ""
    found = _TITLE_SPEAKER.search(title)
    if not found:
        return ""
    *initials, surname = found.group(1).split()
    return " ".join([*initials, surname.capitalize()]) if initials else surname.capitalize()


def persons(meta: Metadata, layout: Layout) -> tuple[Person, ...]:
    """The data file's persons (its first speaker first), else the speaker the title block
    or the running head names, else an unidentified speaker (`UNIDENTIFIED`)."""
    if meta.persons:
        people = list(meta.persons)
        speakers = [s.who for s in meta.speeches if s.who]
        if speakers:
            people.sort(key=lambda p: p.id != speakers[0])
        return tuple(people)
    author = title_speaker(layout) or running_head_author(layout)
    if author:
        return (Person(slug(author.split()[-1]), author, (author,)),)
    return (UNIDENTIFIED,)


def speaker_label(people: tuple[Person, ...], who: str) -> str:
    person = next((p for p in people if p.id == who), None)
    if person is None:
        return who
    return person.forms[0] if person.forms else person.name
