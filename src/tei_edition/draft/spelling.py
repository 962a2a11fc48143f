"""Candidate corrections word by word: words a French dictionary does not know, and known
words that are likely misreadings of characters (`Gela` for `Cela`, `latte de classe` where
the document writes `lutte de classe`), digits read for letters, a misread acronym.

The dictionary is pyspellchecker's French word-frequency list, shipped inside its wheel (no
download at run time). Nothing here is applied: each finding becomes a suggestion the editor
accepts or not.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from spellchecker import SpellChecker

from .findings import Finding
from .reading import Reading, Run

# One word of running text: letters, with inner apostrophes and hyphens; digits are taken too,
# so that digits read for letters ("0" for "o") are seen.
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)[’']", re.IGNORECASE)
ROMAN = re.compile(r"^[IVXLCDM]+(?:e|er|re|es|ème)?$")
_ORDINAL = re.compile(r"^\d+(?:e|er|re|es|ème|èmes)?$")

# Characters OCR and typesetting confuse (either way); each is tried once per word.
_CONFUSIONS = [("G", "C"), ("o", "e"), ("a", "o"), ("n", "u"), ("a", "u"), ("c", "e"), ("l", "i"),
               ("rn", "m"), ("ii", "n"), ("li", "h"), ("cl", "d"), ("h", "b"), ("f", "t"),
               ("0", "o"), ("1", "l"), ("1", "i"), ("11", "n"), ("I", "l")]
_ACCENTS = ["eéèêë", "aàâä", "uùûü", "iîï", "oôö", "cç"]

# A known word is taken for a misreading only when the variant is this many times more
# frequent in the dictionary's corpus (a misreading turns a common word into a rare one).
RARE_RATIO = 1000
# A word unknown to the dictionary that the document uses this often is a term, not a typo.
TERM_COUNT = 3


@cache
def dictionary() -> SpellChecker:
    return SpellChecker(language="fr", distance=1)


@lru_cache(maxsize=1 << 16)  # a speech has a few thousand distinct words; variants add more
def frequency(word: str) -> int:
    # The list spells the ligatures out (`oeuvre`) and uses the straight apostrophe.
    freq = dictionary().word_frequency
    low = word.lower().replace("œ", "oe").replace("æ", "ae")
    return max(freq[low], freq[low.replace("’", "'")])


# Standard abbreviations of French prose and notes (a word list of speech leaves them out).
ABBREVIATIONS = {"etc", "cf", "ibid", "ibidem", "id", "idem", "op", "cit", "loc", "art", "chap",
                 "vol", "éd", "pp", "mm", "mme", "mmes", "mlle", "dr", "st", "ste", "env"}


@lru_cache(maxsize=1 << 16)
def known(word: str) -> bool:
    """Whether the dictionary knows the word, its elided article stripped, each part of a
    compound known, a capital's missing accent allowed (`Etat`)."""
    if frequency(word) or word.lower() in ABBREVIATIONS:
        return True
    bare = _ELISION.sub("", word)
    if bare != word and (not bare or known(bare)):
        return True
    if "-" in word:
        return all(not part or part == "t" or known(part) for part in word.split("-"))
    if word[:1] in "EAU" and word[1:2].islower():
        return any(frequency(a + word[1:]) for a in "ÉÈÊÀÂÙÛ")
    return _inflected(word.lower())


# A frequency list lacks the rarer inflections of words it has: a plural, a feminine, a verb's
# third person plural (`apanages`, `instillent`) is known when its base form is.
_INFLECTIONS = [("s", ""), ("x", ""), ("es", ""), ("e", ""), ("ent", "er"), ("ent", "e")]


def _inflected(word: str) -> bool:
    return any(word.endswith(end) and len(word) - len(end) >= 3
               and frequency(word[: len(word) - len(end)] + base)
               for end, base in _INFLECTIONS)


def _variants(word: str, accents: bool = True) -> Iterator[str]:
    for a, b in _CONFUSIONS:
        for x, y in ((a, b), (b, a)):
            start = 0
            while (at := word.find(x, start)) >= 0:
                yield word[:at] + y + word[at + len(x):]
                start = at + 1
    if not accents:
        return
    for group in _ACCENTS:
        for i, ch in enumerate(word):
            if ch in group:
                for other in group:
                    if other != ch:
                        yield word[:i] + other + word[i + 1:]


# Digits an extraction reads for letters; a token of digits may hold several.
_DIGIT_LETTERS = {"0": ("o", "O"), "1": ("l", "i", "I"), "11": ("n",), "5": ("s",), "8": ("B",)}


def _letters_for_digits(word: str) -> Iterator[str]:
    if not word:
        yield ""
        return
    for digits in ("11", word[0]):
        if word.startswith(digits) and digits in _DIGIT_LETTERS:
            for letter in _DIGIT_LETTERS[digits]:
                for rest in _letters_for_digits(word[len(digits):]):
                    yield letter + rest
    if not word[0].isdigit():
        for rest in _letters_for_digits(word[1:]):
            yield word[0] + rest


@lru_cache(maxsize=1 << 14)
def _known_variants(word: str) -> tuple[str, ...]:
    """The known words one reading confusion (no accent) away, in a stable order."""
    return tuple(sorted(v for v in set(_variants(word, accents=False)) if v != word and known(v)))


@lru_cache(maxsize=1 << 14)
def best_variant(word: str, accents: bool = True) -> str:
    """The most frequent known word one confusion away, '' if none."""
    scored = [(frequency(v), v) for v in set(_variants(word, accents)) if v != word and known(v)]
    return max(scored)[1] if scored else ""


def _proposal(word: str) -> str:
    variant = best_variant(word)
    if variant:
        return variant
    bare = _ELISION.sub("", word)
    prefix = word[: len(word) - len(bare)]
    if not bare:
        return ""
    guess = dictionary().correction(bare.lower())
    if not guess or guess == bare.lower():
        return ""
    if bare[:1].isupper():
        guess = guess[:1].upper() + guess[1:]
    return prefix + guess


# --- the document's words --------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    run: int
    start: int
    end: int
    text: str
    sentence_start: bool


def tokens(runs: list[Run]) -> list[Token]:
    out: list[Token] = []
    for i, run in enumerate(runs):
        for m in _WORD.finditer(run.text):
            before = run.text[: m.start()].rstrip(" «—(")
            out.append(Token(i, m.start(), m.end(), m.group(),
                             not before or before[-1] in ".!?…:"))
    return out


def is_name_like(token: Token) -> bool:
    """A capitalised word (not an acronym) the dictionary does not know in any case: a name
    for the registers, not a typo."""
    w = token.text
    return w[:1].isupper() and not w.isupper() and not known(w)


def _skip(word: str) -> bool:
    if len(word) == 1:
        return True  # an initial, a letter named, an elided article
    if _ORDINAL.match(word) and not (len(word) > 1 and word.startswith("0")):
        return True
    if ROMAN.match(word):
        return True
    return len(word) > 1 and word.isupper()  # acronyms: see _acronyms


def _suspect(word: str, counts: Counter[str]) -> tuple[str, str] | None:
    """(correction, why) if the word looks misread or misspelt."""
    if any(c.isdigit() for c in word):
        if len(word) > 8:
            return None
        scored = [(frequency(v), v) for v in set(_letters_for_digits(word)) if known(v)]
        return (max(scored)[1], "chiffres lus pour des lettres") if scored else None
    if not known(word):
        if counts[word.lower()] >= TERM_COUNT:
            return None
        corr = _proposal(word)
        return (corr, "mot inconnu du dictionnaire") if corr else None
    # A known plain word (compounds and elided forms are judged by their last part): accents
    # are not confused by reading, and verb forms differ by them (`occupe`, `occupé`).
    bare = _ELISION.sub("", word)
    if "-" in bare or not frequency(bare) or counts[word.lower()] > 2:
        return None
    variant = best_variant(bare, accents=False)
    if variant and frequency(variant) >= RARE_RATIO * frequency(bare):
        return (word[: len(word) - len(bare)] + variant,
                "mot rare, proche d’un mot courant (erreur de lecture probable)")
    return None


def spelling(reading: Reading, toks: list[Token], names: set[str]) -> list[Finding]:
    counts = Counter(t.text.lower() for t in toks)
    findings: list[Finding] = []
    for t in toks:
        w = t.text
        if _skip(w) or w in names or (w[:1].isupper() and is_name_like(t)):
            continue
        suspect = _suspect(w, counts)
        if suspect:
            findings.append(Finding.at(reading, t.run, t.start, t.end,
                                       "unknown" if not known(w) else "misreading", *suspect))
    findings.extend(_acronyms(reading, toks))
    findings.extend(_echoes(reading, toks, {(f.run, f.start) for f in findings}))
    return findings


def _echoes(reading: Reading, toks: list[Token], done: set[tuple[int, int]]) -> list[Finding]:
    """A word between two others where the document elsewhere, at least twice, has the same
    neighbours around a word one confused character away (`lutte de classe` many times, `latte
    de classe` once): the document's own usage points to a misreading the dictionary cannot
    see, since both words are French."""
    low = [t.text.lower() for t in toks]
    pairs: Counter[tuple[str, str]] = Counter(itertools.pairwise(low))
    triples: Counter[tuple[str, str, str]] = Counter(zip(low, low[1:], low[2:], strict=False))
    out = []
    for i in range(1, len(toks) - 1):
        t = toks[i]
        if (t.run, t.start) in done or _skip(t.text) or not known(t.text):
            continue
        if toks[i - 1].run != t.run or toks[i + 1].run != t.run:
            continue
        before, word, after = low[i - 1], low[i], low[i + 1]
        if triples[(before, word, after)] > 1:
            continue  # the document says it so again: not a slip
        rare_pairs = pairs[(before, word)] == 1 and pairs[(word, after)] == 1
        for v in _known_variants(word):
            if triples[(before, v, after)] >= 2 or (
                    rare_pairs and pairs[(before, v)] >= 2 and pairs[(v, after)] >= 2):
                corr = t.text[0] + v[1:] if t.text[0].isupper() else v
                said = (f"« {before} {v} {after} »" if triples[(before, v, after)] >= 2
                        else f"« {before} {v} » et « {v} {after} »")
                out.append(Finding.at(reading, t.run, t.start, t.end, "misreading", corr,
                                      f"le document écrit ailleurs {said}"))
                break
    return out


def unknown_terms(reading: Reading, toks: list[Token],
                  names: set[str]) -> list[tuple[str, int, int]]:
    """Words the dictionary does not know that the document uses often: terms of the period
    (or of the translation) to check once, not typos: (word, count, first line)."""
    counts = Counter(t.text.lower() for t in toks)
    first: dict[str, int] = {}
    for t in toks:
        w = t.text.lower()
        if (counts[w] >= TERM_COUNT and w not in first and not _skip(t.text)
                and t.text not in names and not t.text[:1].isupper() and not known(t.text)):
            first[w] = reading.runs[t.run].line_at(t.start)
    return sorted(((w, counts[w], line) for w, line in first.items()), key=lambda x: x[2])


def _acronyms(reading: Reading, toks: list[Token]) -> list[Finding]:
    """An acronym used once where the document uses, many times, one that differs from it by
    one confused character (a misread letter of a sigle)."""
    caps = Counter(t.text for t in toks if len(t.text) > 1 and t.text.isupper())
    out = []
    for t in toks:
        if caps.get(t.text) != 1 or ROMAN.match(t.text):
            continue
        rivals = [v for v in _variants(t.text) if caps.get(v, 0) >= TERM_COUNT]
        if rivals:
            out.append(Finding.at(reading, t.run, t.start, t.end, "misreading",
                                  max(rivals, key=caps.__getitem__),
                                  "sigle employé une fois, proche d’un sigle fréquent du document"))
    return out
