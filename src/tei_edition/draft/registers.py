"""Candidate persons (names with their forms and counts) and works (titles in guillemets,
titles in notes), found by the shape of the text, for the editor to sort and complete."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from .reading import Reading
from .spelling import ROMAN, Token, is_name_like, known

_INITIAL = re.compile(r"(?:[A-ZÀ-Ý]\. ?){1,3}$")  # "N. I. " before a name
_PERSON_CUES = re.compile(r"\b(?:camarades?|Camarades?|M\.|Mme|citoyens?|Monsieur|Madame)\s+$")
# French puts an article or a preposition of place before the name of a place, a river, a
# newspaper, an institution (`la Volga`, `au Caucase`, `en Allemagne`), not before a person's.
_PLACE_CUES = re.compile(r"(?:^|[\s(])(?:le|la|les|l’|l'|du|des|au|aux|en)\s*$", re.IGNORECASE)
PERSON, PLACE = "person", "place"


@dataclass
class Candidate:
    key: str  # persons: the surname; works: the title
    forms: Counter[str] = field(default_factory=Counter)
    line: int = 0
    context: str = ""
    evidence: Counter[str] = field(default_factory=Counter)  # signs of what it is
    against: Counter[str] = field(default_factory=Counter)  # signs that it is something else

    @property
    def count(self) -> int:
        return sum(self.forms.values())


def slug(text: str) -> str:
    """An XML-name id from a name: accents off, lower case, hyphens between words."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    out = "-".join(words) or "x"
    return out if out[0].isalpha() else f"x-{out}"


def excerpt(text: str, start: int, end: int, width: int = 40) -> str:
    """A few words on each side, for the editor to recognise the place."""
    lo = text.rfind(" ", 0, max(start - width, 0)) + 1 if start > width else 0
    hi = text.find(" ", end + width)
    return ("…" if lo else "") + text[lo: hi if hi >= 0 else len(text)] + ("…" if hi >= 0 else "")


# --- persons ---------------------------------------------------------------------------------


def persons(reading: Reading, toks: list[Token]) -> list[Candidate]:
    # each name, counted at its last word, with where its form starts
    names: list[tuple[Token, int]] = []
    for i, t in enumerate(toks):
        if not is_name_like(t) or ROMAN.match(t.text):
            continue
        if i + 1 < len(toks) and _continues_name(toks, i + 1):
            continue  # the name goes on
        names.append((t, _name_start(toks, i, reading.runs[t.run].text)))
    # a first name inside a longer form (`John` of `John P. Morgan`) is not a name of its own
    inside = {(t.run, pos) for t, first in names for pos in range(first, t.start)}
    found: dict[str, Candidate] = {}
    for t, first in names:
        if (t.run, t.start) in inside:
            continue
        run = reading.runs[t.run]
        form = run.text[first:t.end]
        cand = found.setdefault(t.text, Candidate(t.text, line=run.line_at(first),
                                                  context=excerpt(run.text, first, t.end)))
        cand.forms[form] += 1
        if _PERSON_CUES.search(run.text[:first]):
            cand.evidence["après « camarade »"] += 1
        elif _PLACE_CUES.search(run.text[:first]):
            cand.against["après un article ou « en »"] += 1
        if form != t.text and _INITIAL.match(form[: form.rfind(" ") + 1]):
            cand.evidence["avec des initiales"] += 1
    return sorted(found.values(), key=lambda c: (_rank(c), -c.count, c.key))


def _rank(c: Candidate) -> int:
    """Persons with signs first, then names with no sign, then names with signs of a place."""
    if c.evidence:
        return 0
    return 2 if c.against and c.against.total() * 2 >= c.count else 1


def looks_like_place(c: Candidate) -> bool:
    return _rank(c) == 2


def _continues_name(toks: list[Token], j: int) -> bool:
    prev, t = toks[j - 1], toks[j]
    return (t.run == prev.run and t.start == prev.end + 1 and is_name_like(t)
            and not t.sentence_start)


def _name_start(toks: list[Token], i: int, text: str) -> int:
    """Where the name ending at toks[i] starts: back over initials (`N. I.`) and over
    capitalised words that join it (`John P.`, `Nadejda`)."""
    start = toks[i].start
    while True:
        head = text[:start]
        m = re.search(r"(?:(?<=\s)|^)((?:[A-ZÀ-Ý]\. ?){1,3})$", head)
        if m and m.group(1).endswith(" "):
            start = m.start(1)
            continue
        j = next((k for k in range(i - 1, -1, -1) if toks[k].run == toks[i].run
                  and toks[k].end == start - 1), None)
        if j is None or text[toks[j].end:start] != " ":
            return start
        prev = toks[j]
        if prev.text[:1].isupper() and not prev.text.isupper() and not prev.sentence_start \
                and (is_name_like(prev) or not known(prev.text.lower())):
            start = prev.start
            continue
        return start


# --- works -----------------------------------------------------------------------------------

_WORK_NOUN = re.compile(r"\b(?:article|ouvrage|livre|brochure|lettre|revue|journal|résolution|"
                        r"thèses|poème|roman|manifeste|programme|intitul\w*|s’intitul\w*)\b"
                        r"[^«»]{0,30}$", re.IGNORECASE)
_GUILLEMETS = re.compile(r"«\s*([^«»]+?)\s*»")
_REFERENCE = re.compile(r"(?:^|[.;]\s|\bCf\.\s)[^:()]{2,40}?\s?:\s+([A-ZÀ-ÝŒ][^():]*?)\s*"
                        r"(?:\(|,\s*(?:t|p|vol)\.\s|\.?$)")
_PAREN_TITLE = re.compile(r"\(([A-ZÀ-ÝŒ][^()\d]{3,}?)(?:,\s*(?:t|p|vol)\.\s[^()]*)?\)")
_NOUN_TITLE = re.compile(r"\b(?:ouvrage|article|livre|brochure|celui|celle)\s+(?:de\s+(?:[A-ZÀ-Ý]\.\s?)*"
                         r"[A-ZÀ-Ý][\w’-]+\s+)?([A-ZÀ-ÝŒ][^.;()]{2,}?)(?=[.;()]|\s+et de |$)")
_MAX_TITLE_WORDS = 12


def works(reading: Reading) -> list[Candidate]:
    found: dict[str, Candidate] = {}

    def add(title: str, run_index: int, start: int, how: str) -> None:
        title = title.strip(" ,")
        if not title or len(title.split()) > _MAX_TITLE_WORDS:
            return
        run = reading.runs[run_index]
        cand = found.setdefault(title, Candidate(title, line=run.line_at(start),
                                                 context=excerpt(run.text, start, start + len(title))))
        cand.evidence[how] += 1

    for i, run in enumerate(reading.runs):
        for m in _GUILLEMETS.finditer(run.text):
            inner = m.group(1)
            if not inner[:1].isupper():
                continue
            cue = _WORK_NOUN.search(run.text[: m.start()])
            short = len(inner.split()) <= 6 and not re.search(r"[,;:.!]", inner)
            if cue or short:
                add(inner, i, m.start(1), "entre guillemets")
        if run.kind != "note":
            continue
        for pattern in (_REFERENCE, _PAREN_TITLE, _NOUN_TITLE):
            for m in pattern.finditer(run.text):
                add(m.group(1), i, m.start(1), "dans une note")
    corpus = reading.corpus
    for cand in found.values():
        cand.forms[cand.key] = max(corpus.count(cand.key), 1)
    return sorted(found.values(), key=lambda c: (c.line, c.key))
