"""Measuring printed lines, to tell a paragraph's last line from a full, justified one.

A PDF extraction keeps no indents and no line widths, only the characters. Two metrics
estimate how much of the measure a line filled: plain character counts, and the advance
widths of Times Roman (the collection's typeface; PostScript core-font metrics, in
thousandths of an em). The document decides which fits: the metric under which the lines
that run on (no sentence end) are most even is the one its typesetter used.
"""

from __future__ import annotations

import statistics
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


def times_width(text: str) -> float:
    return sum(map(_GLYPHS.__getitem__, text)) / 1000


def char_width(text: str) -> float:
    return float(len(text))


METRICS: dict[str, Metric] = {"chars": char_width, "times": times_width}

# Lone punctuation that typography keeps with the word after it.
_LEADING = {"«", "—", "–", "-", "("}


def first_word(text: str) -> str:
    tokens = text.split()
    if not tokens:
        return ""
    if tokens[0] in _LEADING and len(tokens) > 1:
        return tokens[0] + " " + tokens[1]
    return tokens[0]


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
        return self.width - self.metric(line) - self.metric(" ") - self.metric(word)


def _spread(values: Sequence[float]) -> float:
    ordered = sorted(values)
    q1, q3 = ordered[len(ordered) // 4], ordered[3 * len(ordered) // 4]
    median = statistics.median(ordered)
    return (q3 - q1) / median if median else float("inf")


def fit_measure(run_on_lines: Sequence[str]) -> Measure | None:
    """Choose the metric and the width from lines known not to end a paragraph."""
    lines = [ln for ln in run_on_lines if len(ln) > 20]
    if len(lines) < 8:
        return None
    widths_by_metric = {name: [metric(ln) for ln in lines] for name, metric in METRICS.items()}
    best = min(widths_by_metric, key=lambda name: _spread(widths_by_metric[name]))
    widths = sorted(widths_by_metric[best])
    width = widths[min(len(widths) - 1, int(0.98 * len(widths)))]
    return Measure(best, width, indent=0.0125 * width)
