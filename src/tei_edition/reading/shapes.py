"""The shapes a line of text can have, on which the layout rules decide.

Sentence ends and paragraph openers (B3), capitals lines (B1, B2), date lines (B1, B2), and
the bare tokens the extractor puts on lines of their own: note marks and numbers (N1, N3)
and superscripts (S1).
"""

from __future__ import annotations

import functools
import re

from ..dates import find_dates

DIGITS = re.compile(r"\d+")
SUPERSCRIPT = re.compile(r"[a-zàâéèêëîïôöûüç]{1,3}")
NUMERAL_END = re.compile(r"(?:\b[IVXLCDM]+|\d)$")
GLUED_MARK = re.compile(r"[^\W\d_](\d{1,3})\s*$")
CLOSING_PUNCT = tuple(".,;:!?)]…»")
_INITIAL = re.compile(r"(?:^|\s)[A-ZÀ-Ý]\.$")
_SENTENCE_END = re.compile(r"(?:[.!?:…»]|[.!?…»]\s*\))$")


def is_token(raw: str) -> bool:
    """Bare tokens: marks, note numbers and superscripts stand bare on their line (no
    leading space); a digits line with a leading space is text."""
    s = raw.strip()
    return bool(s) and not raw.startswith(" ") and (
        bool(DIGITS.fullmatch(s)) or bool(SUPERSCRIPT.fullmatch(s)))


def ends_sentence(text: str) -> bool:
    """B3: the line ends a sentence (. ! ? : … », or ) after one of them)."""
    text = text.rstrip()
    # An initial ("John P.") ends with a full stop but not a sentence.
    return bool(_SENTENCE_END.search(text)) and not _INITIAL.search(text)


def can_open_paragraph(text: str) -> bool:
    """B3: a paragraph never opens with a lower-case letter or closing punctuation."""
    first = text.lstrip()[:1]
    return bool(first) and not first.islower() and first not in "».,;:!?)…]"


# B1-B3 ask these of each line several times (measure, cutting, paragraph ends): the answers
# are kept, as measure.py keeps the widths.
@functools.lru_cache(maxsize=65536)
def is_capitals(text: str) -> bool:
    """B1, B2: at least 80 % of the line's letters (two or more) are upper case."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) >= 0.8


@functools.lru_cache(maxsize=65536)
def is_dateline(text: str) -> bool:
    """B1, B2: a short line that is one date expression, whole."""
    s = text.strip().rstrip(".")
    if not s or len(s) > 40:
        return False
    found = find_dates(s, default_year=1)  # any year will do to recognise the shape
    return bool(found) and found[0].start == 0 and found[0].end == len(s)
