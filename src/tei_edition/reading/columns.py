"""L2: the measure of the body column and of the note column, read from their lines."""

from __future__ import annotations

from collections.abc import Sequence

from ..measure import Measure, fit_measure, full_width
from .model import PhysLine
from .shapes import ends_sentence, is_capitals, is_dateline

Pairs = list[tuple[str, str]]


def run_on_pairs(plains: Sequence[str], column: Sequence[bool]) -> tuple[Pairs, Pairs]:
    """L2: (run-on line, next line) for the lines of the column that run on (no sentence
    end), and the inner ones among them: a run-on line that follows another run-on line is
    not a paragraph's first line, so cannot be indented."""
    runs_on = [c and not ends_sentence(p) for p, c in zip(plains, column, strict=True)]
    pairs = [(plains[k], plains[k + 1]) for k in range(len(plains) - 1) if runs_on[k]]
    inner = [(plains[k], plains[k + 1]) for k in range(1, len(plains) - 1)
             if runs_on[k - 1] and runs_on[k]]
    return pairs, inner


def body_measure(lines: Sequence[PhysLine]) -> Measure:
    """L2: fit the measure on the lines that run on (no sentence end); no line exceeds it.

    Title and heading lines (B1, B2) and date lines are set apart, to a measure of their own.
    """
    plains = [ln.plain for ln in lines]
    column = [not (is_capitals(p) or is_dateline(p)) for p in plains]
    pairs, inner = run_on_pairs(plains, column)
    others = [p for p, c in zip(plains, column, strict=True) if c]
    fitted = fit_measure(pairs, inner, others)
    if fitted:
        return fitted
    longest = max((len(p) for p in others or plains), default=80)
    return Measure("chars", float(longest), 1.0)


def note_measure(lines: Sequence[PhysLine], body: Measure) -> Measure:
    """L2: notes are set in the body's typeface (same metric) and smaller, so a note line
    holds at least what a body line holds: their own width, at least the body's."""
    plains = [ln.plain for ln in lines]
    pairs, _ = run_on_pairs(plains, [True] * len(plains))
    widths = [body.metric(a) for a, _ in pairs if len(a) > 20]
    if len(widths) >= 8:
        width = max(body.width, full_width(widths, body.metric_name, [body.metric(p) for p in plains]))
    else:
        width = max([body.width] + [body.metric(p) for p in plains])
    return Measure(body.metric_name, width, 0.0125 * width)
