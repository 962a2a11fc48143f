"""The corpus text: one line per paragraph, with who spoke it and when; notes in their own file.

<stem>.corpus.txt has five tab-separated fields a line: speaker id, date (ISO 8601), section
id, unit id, text. <stem>.notes.txt has one line a note: note id, note number, the id of the
unit it is called from, text (a note's paragraphs joined by " ¶ "). The text never holds a note
call: the note is taken out, and the words around it close up as printed.
"""

from __future__ import annotations

from .reading import Document

NO_VALUE = "-"


def _field(value: str) -> str:
    # a tab or a line break inside a field would break the line-per-unit format
    return " ".join(value.split()) or NO_VALUE


def corpus_lines(document: Document) -> str:
    lines = []
    for section in document.sections:
        for unit in section.units:
            if unit.text:
                lines.append("\t".join(map(_field, (section.who, section.when, section.id,
                                                    unit.id, unit.text))))
    return "".join(f"{line}\n" for line in lines)


def note_lines(document: Document) -> str:
    lines = ["\t".join(map(_field, (note.id, note.n, note.anchor, note.text)))
             for note in document.notes]
    return "".join(f"{line}\n" for line in lines)
