"""Pages: where each page starts (P1, P1b), its running foot (P2), the trailing page (P3),
and the page numbers, printed or inferred (P2)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..errors import Location, Warning_
from ..measure import fit_measure, percentile
from .columns import run_on_pairs
from .model import Furniture, Page
from .notes import note_block_start
from .shapes import DIGITS, is_token

# P1b: how far beyond the body's measure (glyph widths) a page's first line may reach.
_P1B_TOLERANCE = 1.02

Span = tuple[int, int]  # [start, end) line indexes


def page_start_candidates(lines: Sequence[str]) -> list[int]:
    """P1: 0-based indexes of lines that open a page: a line starting with one space right
    after a non-blank line (the blank line ending every physical line is missing there)."""
    starts = [0]
    for i in range(1, len(lines)):
        raw, prev = lines[i], lines[i - 1]
        if not raw.startswith(" ") or raw.startswith("  ") or prev == "":
            continue
        # A digits line right above is a note mark or number, unless it is the printed
        # page number closing a running foot (P2).
        if is_token(prev) and furniture_start(lines, max(0, i - 12), i) == i:
            continue
        starts.append(i)
    return starts


def split_pages(lines: Sequence[str]) -> list[Span]:
    """The pages as line spans: P1 candidates, less those P1b rejects, less a P3 tail."""
    starts = _reject_glued_note_lines(lines, page_start_candidates(lines))
    spans = _spans(starts, len(lines))
    # P3: a last page holding nothing is not a page.
    if len(spans) > 1 and not any(lines[i].strip() for i in range(*spans[-1])):
        spans = spans[:-1]
    return spans


def _spans(starts: list[int], end: int) -> list[Span]:
    return list(zip(starts, [*starts[1:], end], strict=True))


def _reject_glued_note_lines(lines: Sequence[str], starts: list[int]) -> list[int]:
    """P1b: a page start inside a note block, wider than a body line can be, is a note line
    the extractor glued to the one above, not a page start."""
    body_lines: list[list[str]] = []  # per page, the text lines above its note block
    for a, b in _spans(starts, len(lines)):
        block_at = note_block_start(lines, a, b)
        body_lines.append([s for i in range(a, block_at) if len(s := lines[i].strip()) > 20])
    lengths = [len(s) for page in body_lines for s in page]
    if len(lengths) < 10:
        return starts
    wider = _wider_than_body(body_lines, lengths)
    kept = [starts[0]]
    for a in starts[1:]:
        inside_notes = note_block_start(lines, kept[-1], a) < a
        if not (inside_notes and wider(lines[a].strip())):
            kept.append(a)
    return kept


def _wider_than_body(body_lines: list[list[str]], lengths: list[int]) -> Callable[[str], bool]:
    """P1b: is a line wider than a body line can be, in the metric the body was set by?

    A body line holds at most the measure: the 98th percentile of the body lines, with 2
    characters of tolerance when they are set by character counts. Set by glyph widths, a
    full body line of narrow letters holds more characters than that: widths are compared,
    in the metric L2 finds for these lines, with 2 % of tolerance (the estimate).
    """
    char_limit = percentile(lengths, 0.98) + 2
    pairs: list[tuple[str, str]] = []
    inner: list[tuple[str, str]] = []
    for page in body_lines:
        page_pairs, page_inner = run_on_pairs(page, [True] * len(page))
        pairs += page_pairs
        inner += page_inner
    fitted = fit_measure(pairs, inner)
    if fitted is None or fitted.metric_name == "chars":
        return lambda line: len(line) > char_limit
    metric = fitted.metric
    limit = percentile([metric(s) for page in body_lines for s in page], 0.98) * _P1B_TOLERANCE
    return lambda line: metric(line) > limit


def furniture_start(lines: Sequence[str], a: int, b: int) -> int:
    """P2: a page may end with a few short lines set off by two or more blank lines."""
    content: list[int] = []
    k = b - 1
    while k > a:
        if lines[k] == "":
            run = 0
            while k > a and lines[k] == "":
                run += 1
                k -= 1
            if run >= 2:
                return content[-1] if content else b
            continue
        content.append(k)
        if len(content) > 3 or len(lines[k].strip()) > 120:
            return b
        k -= 1
    return b


def furniture(lines: Sequence[str], a: int, b: int) -> tuple[Furniture, ...]:
    """P2: the running foot's lines: a page number (digits only) or a running head."""
    found = []
    for i in range(a, b):
        s = lines[i].strip()
        if s:
            found.append(Furniture("pageNum" if DIGITS.fullmatch(s) else "header", s, i + 1))
    return tuple(found)


def number_pages(pages: Sequence[Page], name: str) -> tuple[list[tuple[str, bool]], list[Warning_]]:
    """P2: every page's number, counted from the first printed one (from 1 without any),
    and whether it is printed; a printed number that disagrees with the count is warned of."""
    printed = [(p.index, int(f.text)) for p in pages for f in p.furniture if f.kind == "pageNum"]
    offset = printed[0][1] - printed[0][0] if printed else 1
    warnings = [
        Warning_(f"printed page number {value} disagrees with the count from the first "
                 "printed number; pages are numbered from the first",
                 Location(name, pages[index].start_line))
        for index, value in printed[1:] if value - index != offset
    ]
    printed_at = {i for i, _ in printed}
    return [(str(p.index + offset), p.index in printed_at) for p in pages], warnings
