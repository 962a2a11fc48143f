"""Words the extraction split: letter-spaced (`t â c h e s`), a space after a compound's
hyphen (`petit- bourgeois`) or before an apostrophe (`J ’ai`), a hyphen before punctuation
(`idées-,`), a word cut in two by a space (`organi sation`)."""

from __future__ import annotations

import itertools
import re

from .findings import Finding
from .reading import Reading
from .spelling import Token, known

_LETTER_SPACED = re.compile(r"(?<![\w’'-])(?:[^\W\d_] ){2,}[^\W\d_](?![\w’'-])")
_HYPHEN_SPACE = re.compile(r"(?<![\w-])(\w+(?:[’'-]\w+)*)- (\w+(?:[’'-]\w+)*)")
_SPACE_APOSTROPHE = re.compile(r"(?<![\w’'])(\w+) ([’'])(\w+)")
_HYPHEN_PUNCT = re.compile(r"(?<![\w-])(\w+)-([,;.:!?])")
_SUSPENDED = {"et", "ou", "à"}  # "pré- et post-électoral": a hyphen left open on purpose


def split_words(reading: Reading, toks: list[Token]) -> list[Finding]:
    out: list[Finding] = []
    for i, run in enumerate(reading.runs):
        for m in _LETTER_SPACED.finditer(run.text):
            joined = m.group().replace(" ", "")
            if len(joined) >= 4 or known(joined):
                out.append(Finding.at(reading, i, m.start(), m.end(), "split", joined,
                                      "mot espacé lettre à lettre"))
        for m in _HYPHEN_SPACE.finditer(run.text):
            if m.group(2).lower() in _SUSPENDED:
                continue
            out.append(Finding.at(reading, i, m.start(), m.end(), "split",
                                  f"{m.group(1)}-{m.group(2)}", "espace après un trait d’union"))
        for m in _SPACE_APOSTROPHE.finditer(run.text):
            out.append(Finding.at(reading, i, m.start(), m.end(), "split",
                                  f"{m.group(1)}{m.group(2)}{m.group(3)}", "espace avant l’apostrophe"))
        for m in _HYPHEN_PUNCT.finditer(run.text):
            out.append(Finding.at(reading, i, m.start(), m.end(), "split",
                                  f"{m.group(1)}{m.group(2)}", "trait d’union avant la ponctuation"))
    return out + _cut_in_two(reading, toks)


def _cut_in_two(reading: Reading, toks: list[Token]) -> list[Finding]:
    """Two neighbouring pieces the dictionary does not know whose union it does (`organi
    sation`): a space the extraction put inside a word."""
    out = []
    for a, b in itertools.pairwise(toks):
        if a.run != b.run or b.start != a.end + 1 or known(a.text) or known(b.text):
            continue
        if a.text[:1].isupper() and b.text[:1].isupper():
            continue  # two names
        joined = a.text + b.text
        if known(joined):
            out.append(Finding.at(reading, a.run, a.start, b.end, "split", joined,
                                  "mot coupé par une espace"))
    return out
