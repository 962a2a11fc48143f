"""The vertical format (VRT) read by CWB/CQPweb, Sketch Engine and Korp: one token a line.

Each token line has three tab-separated columns: the word as the edition reads it, its
lemma (simplemma, whose dictionaries ship inside the package: nothing is downloaded) and a
coarse token class (WORD, NUM, PUNCT: simplemma tags no parts of speech). Structures:
<text>, <speech> (a speech, or the front or back matter), <p> (paragraph, heading, date line, title
part), <note> (after the unit it is called from), <quote>; <g/> between two tokens that the
text writes without a space between them (Sketch Engine's glue tag).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

from .reading import Close, Document, Note, Open, Section, Unit

GLUE = "<g/>"


def vertical(document: Document) -> str:
    lang = document.lang.split("-")[0].lower()
    out = [_open("text", (("id", document.id), ("lang", document.lang),
                          ("title", document.title), ("author", document.author)))]
    for section in document.sections:
        out.append(_open("speech", _section_attrs(section)))
        notes_by_anchor: dict[str, list[Note]] = {}
        for note in section.notes:
            notes_by_anchor.setdefault(note.anchor, []).append(note)
        for unit in section.units:
            out += _unit_lines(unit, lang)
            out += _notes_after(unit.id, notes_by_anchor, lang)
        # a note called from the division itself, not from one of its units: at its end
        placed = {u.id for u in section.units} | {n.id for n in section.notes}
        for anchor in notes_by_anchor:
            if anchor not in placed:
                out += _notes_after(anchor, notes_by_anchor, lang)
        out.append("</speech>")
    out.append("</text>")
    return "".join(f"{line}\n" for line in out)


def _notes_after(anchor: str, by_anchor: dict[str, list[Note]], lang: str) -> Iterator[str]:
    # a note called inside a note follows the note that calls it
    for note in by_anchor.get(anchor, []):
        lines = [line for unit in note.units for line in _unit_lines(unit, lang)]
        if lines:  # a note with no word (only a gap) would be an empty region: left out
            yield _open("note", (("id", note.id), ("n", note.n), ("anchor", note.anchor)))
            yield from lines
            yield "</note>"
        yield from _notes_after(note.id, by_anchor, lang)


def _section_attrs(section: Section) -> tuple[tuple[str, str], ...]:
    return (("id", section.id), ("n", section.n), ("type", section.kind),
            ("who", section.who), ("speaker", section.speaker), ("when", section.when),
            ("place", section.place))


def _unit_lines(unit: Unit, lang: str) -> list[str]:
    body: list[str] = []
    previous_end: str | None = None  # the character before the next token, in the text
    for piece in _runs(unit.pieces):
        if isinstance(piece, Open):
            body.append(_open("quote", piece.attrs))
        elif isinstance(piece, Close):
            body.append("</quote>")
        else:
            for token, spaced in _tokens(piece):
                if previous_end is not None and not spaced and not previous_end.isspace():
                    body.append(GLUE)
                body.append(_token_line(token, lang))
                previous_end = token[-1]
            if piece:
                previous_end = piece[-1]
    if not any(line[0] != "<" for line in body):
        return []  # no token: an empty unit makes no region
    return [_open("p", (("id", unit.id), ("type", unit.kind))), *body, "</p>"]


def _runs(pieces: Iterable[str | Open | Close]) -> Iterator[str | Open | Close]:
    """The pieces with neighbouring strings joined: markup inside a word (a superscript, a
    page break, a note call) must not split it into two tokens."""
    run: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            run.append(piece)
            continue
        if run:
            yield "".join(run)
            run = []
        yield piece
    if run:
        yield "".join(run)


def _tokens(text: str) -> Iterator[tuple[str, bool]]:
    """(token, whether white space comes before it) for every token of text. What the
    tokeniser skips that is not white space becomes a token of its own: nothing is lost."""
    from simplemma import simple_tokenizer

    position = 0
    for token in simple_tokenizer(text):
        found = text.find(token, position)
        if found < 0:
            continue  # the tokeniser changed the string: its characters come out below
        yield from _leftover(text[position:found], position == 0 or text[position - 1].isspace())
        yield token, found > 0 and (text[found - 1].isspace())
        position = found + len(token)
    yield from _leftover(text[position:], position == 0 or text[position - 1].isspace())


def _leftover(gap: str, spaced: bool) -> Iterable[tuple[str, bool]]:
    for i, part in enumerate(gap.split()):
        yield part, spaced or i > 0 or gap[:1].isspace()


def _token_line(token: str, lang: str) -> str:
    return f"{escape(token)}\t{escape(lemma(token, lang))}\t{token_class(token)}"


@functools.cache
def lemma(token: str, lang: str) -> str:
    if token_class(token) != "WORD":
        return token
    from simplemma import lemmatize

    try:
        return lemmatize(token, lang=lang)
    except ValueError:  # a language simplemma has no dictionary for
        return token.lower()


def token_class(token: str) -> str:
    if any(ch.isalpha() for ch in token):
        return "WORD"
    if any(ch.isdigit() for ch in token):
        return "NUM"
    if all(unicodedata.category(ch)[0] in "PS" for ch in token):
        return "PUNCT"
    return "WORD"


def _open(name: str, attrs: tuple[tuple[str, str], ...]) -> str:
    # values always in double quotes (CWB's encoder and Sketch Engine expect them)
    parts = [name]
    for key, value in attrs:
        parts.append(f'{key}="{escape(" ".join(value.split()), {chr(34): "&quot;"})}"')
    return "<" + " ".join(parts) + ">"
