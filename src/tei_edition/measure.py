"""Measuring printed lines, to tell a paragraph's last line from a full, justified one.

A PDF extraction keeps no indents and no line widths, only the characters. Two metrics
estimate how much of the measure a line filled: plain character counts, and the advance
widths of Times Roman (the collection's typeface; PostScript core-font metrics, in
thousandths of an em). The document decides which fits: under the metric its typesetter
used, a line that runs on never has room left for the next line's first word.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_ASCII = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
_TIMES = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667,
    722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722,
    722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500,
    500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500,
    444, 480, 200, 480, 541,
]
_WIDTHS = dict(zip(_ASCII, _TIMES, strict=True))
_WIDTHS.update({"’": 333, "‘": 333, "«": 500, "»": 500, "—": 1000, "–": 500, "…": 1000,
                "œ": 722, "Œ": 889, "æ": 667, "Æ": 889, "\u00a0": 250})

Metric = Callable[[str], float]


class _Glyphs(dict[str, int]):
    """Advance widths, filled in on first use: an accented letter takes its base's width."""

    def __missing__(self, c: str) -> int:
        base = unicodedata.normalize("NFKD", c)[:1]
        width = _WIDTHS.get(base, 500)
        self[c] = width
        return width


_GLYPHS = _Glyphs(_WIDTHS)

# Kerning pairs of Times Roman (Adobe core-font metrics, thousandths of an em): set text
# tightens these pairs, so a line holding them prints narrower than its advance widths.
_KERN_PAIRS = (  # noqa: SIM905 (a table, read in rows of three: first, second, adjustment)
    "A C -40 A G -40 A O -55 A Q -55 A T -111 A U -55 A V -135 A W -90 A Y -105 A v -74 "
    "A w -92 A y -92 D A -40 D V -40 D W -30 D Y -55 F A -74 F , -80 F . -80 L T -92 L V -100 "
    "L W -74 L Y -100 L y -55 O A -35 O T -40 O V -50 O W -35 O Y -50 P A -92 P , -111 "
    "P . -111 R T -60 R V -80 R W -55 R Y -65 T A -93 T a -80 T e -70 T o -80 T r -35 T u -45 "
    "T w -80 T y -80 T , -74 T . -74 T - -92 T : -50 T ; -55 V A -135 V a -111 V e -111 "
    "V o -129 V u -75 V i -60 V , -129 V . -129 V - -100 V : -74 V ; -74 W A -120 W a -80 "
    "W e -80 W o -80 W , -92 W . -92 Y A -120 Y a -100 Y e -100 Y o -110 Y u -111 Y , -129 "
    "Y . -129 f f -18 r , -40 r . -55 v , -65 v . -65 w , -65 w . -65 y , -65 y . -65"
).split()
_KERNING = {
    a + b: int(v)
    for a, b, v in zip(_KERN_PAIRS[::3], _KERN_PAIRS[1::3], _KERN_PAIRS[2::3], strict=True)
}


# Note marks and ordinal suffixes are printed as superscripts, at about two thirds of the
# body size: a line that carries them is narrower than its characters at full size.
SUPERSCRIPT = 2 / 3


class Printed(str):
    """A printed line's text (marks and superscripts included, as the reading joins them),
    with `small`: the characters of it set as superscripts. A plain `str` has none."""

    small: str

    def __new__(cls, text: str, small: str = "") -> Printed:
        obj = super().__new__(cls, text)
        obj.small = small
        return obj


def times_width(text: str) -> float:
    """Estimated printed width in ems; superscripts (`Printed.small`) at their smaller size."""
    return _times_width(str(text), getattr(text, "small", ""))


# The reader weighs each line several times (measure, fits, paragraph ends): about eight
# calls per distinct line on the embedded document. Room for 65,536 distinct lines (a few MB):
# a document with more lines than the cache holds weighs each line eight times over.
@functools.lru_cache(maxsize=65536)
def _times_width(text: str, small: str) -> float:
    full: float = sum(map(_GLYPHS.__getitem__, text))
    # every adjacent pair, looked up without a Python-level loop
    full += sum(map(_KERNING.get, map(str.__add__, text, text[1:]), itertools.repeat(0)))
    if small:
        full -= (1 - SUPERSCRIPT) * sum(map(_GLYPHS.__getitem__, small))
    return full / 1000


def char_width(text: str) -> float:
    # A character layout counts every character, superscripts included: the typesetter's
    # count, which is what such a layout was filled by.
    return float(len(text))


METRICS: dict[str, Metric] = {"chars": char_width, "times": times_width}

_OPENER = re.compile(r"(?:«|—[.,;:!?…]*|–|-|\()")
_CLOSER = re.compile(r"»\d*[.,;:!?…]*")


def first_word(text: str) -> str:
    """The first word of a line with the punctuation typography binds to it (« x », — x)."""
    tokens = text.split()
    if not tokens:
        return ""
    k = 0
    while k < len(tokens) - 1 and _OPENER.fullmatch(tokens[k]):
        k += 1
    while k + 1 < len(tokens) and _CLOSER.fullmatch(tokens[k + 1]):
        k += 1
    return " ".join(tokens[: k + 1])


@dataclass(frozen=True)
class Measure:
    """The measure of a column of lines, in the metric that explains it best."""

    metric_name: str
    width: float  # what a full line reaches
    indent: float  # a slack beyond this on a run-on line means the line was indented

    def metric(self, text: str) -> float:
        return METRICS[self.metric_name](text)

    def slack(self, line: str, next_line: str) -> float:
        """Room left on `line` after the next line's first word would have been set on it."""
        word = first_word(next_line)
        if not word:
            return self.width
        return _slack(METRICS[self.metric_name], self.width, line, word)


def _slack(metric: Metric, width: float, line: str, word: str) -> float:
    """Room left on a line of `width` once `word` is set after it, a space between."""
    return width - metric(line) - metric(" ") - metric(word)


def percentile(values: Sequence[float], q: float) -> float:
    """The value at rank `q` of `values` (nearest rank below; no interpolation)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# How far above the run-on lines' 98th percentile a line may reach and still be read as full
# rather than as an extraction glitch (two lines glued, letter-spaced words).
_OUTLIER = 1.03


def full_width(run_on: Sequence[float], metric_name: str, others: Sequence[float] = ()) -> float:
    """What a full line reaches, from the widths of the run-on lines and of the `others`
    (the column's lines that end a sentence or open a paragraph).

    Glyph widths are estimates, a line may come out wider than the measure it filled: a high
    percentile of the run-on lines. Character counts are exact, and no line of the column,
    whether it runs on or ends a sentence, exceeds the measure: the longest line is the
    measure, unless it stands far out from the run-on lines.
    """
    p98 = percentile(run_on, 0.98)
    if metric_name != "chars":
        return p98
    return max(w for w in (*run_on, *others, p98) if w <= p98 * _OUTLIER)


def fit_measure(
    pairs: Sequence[tuple[str, str]],
    inner: Sequence[tuple[str, str]],
    others: Sequence[str] = (),
) -> Measure | None:
    """Choose the metric and the width of a column.

    `pairs` are (run-on line, next line); `inner` the pairs whose run-on line follows another
    run-on line, so cannot be a paragraph's indented first line; `others` the column's other
    lines (see `full_width`). The metric that explains the document is the one under which
    the fewest inner run-on lines could have taken the next line's first word: a typesetter
    never leaves such room. Indented first lines do leave room, and exact character counts
    show it where estimated glyph widths blur it, so they would vote against characters.
    On a tie, characters win: they are exact, glyph widths only estimate the printed ones.
    """
    pairs = [(a, b) for a, b in pairs if len(a) > 20]
    inner = [(a, b) for a, b in inner if len(a) > 20]
    if len(pairs) < 8:
        return None
    # Indented first lines are narrower: with enough inner lines, the width comes from those.
    full = inner if len(inner) >= 8 else pairs
    best: tuple[int, str, float] | None = None
    for name, metric in METRICS.items():  # characters first
        width = full_width([metric(a) for a, _ in full], name, [metric(x) for x in others])
        room = sum(1 for a, b in inner if _slack(metric, width, a, first_word(b)) >= 0)
        if best is None or room < best[0]:
            best = (room, name, width)
    assert best is not None
    _, name, width = best
    return Measure(name, width, indent=_indent_evidence(inner, METRICS[name], width))


# Glyph widths estimate the printed ones: a run-on line may seem to leave a little room. Beyond
# this share of the measure, room on a run-on line is always read as an indent.
_MAX_NOISE = 0.0125


def _indent_evidence(inner: Sequence[tuple[str, str]], metric: Metric, width: float) -> float:
    """How much room a run-on line must leave to prove an indent: the estimate's noise.

    Inner run-on lines can take no word more (a typesetter fills them), so the most room the
    metric finds on one of them is what its error reaches on this document; an indent shows
    beyond that. Character counts are exact: no noise. The noise is capped at 1.25 % of the
    measure, so a few odd lines (letter-spaced words) cannot hide every indent.
    """
    if metric is char_width:
        return 0.0
    room = [_slack(metric, width, a, first_word(b)) for a, b in inner]
    return min(_MAX_NOISE * width, max([0.0, *room]))
