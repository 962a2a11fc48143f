"""The measure (rule L2): what a full line reaches, and the metric that explains the column.

The bench (test_bench_roundtrip.py) finds these cases in whole generated documents; here each
rule of measure.py / reading/columns.py is pinned on a few lines built for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tei_edition.measure import Printed, char_width, fit_measure, full_width, percentile, times_width
from tei_edition.reading import read_layout

SOURCE = Path(__file__).resolve().parents[1] / "sources" / "boukharine-1926-leningrad.txt"


def test_percentile_takes_the_nearest_rank_below() -> None:
    values = [float(v) for v in range(1, 41)]
    assert percentile(values, 0.98) == 40.0  # int(0.98 * 40) = 39: the longest
    assert percentile([float(v) for v in range(1, 101)], 0.98) == 99.0
    assert percentile([5.0, 1.0, 3.0], 0.5) == 3.0


def test_in_characters_a_longer_line_that_ends_a_sentence_sets_the_measure() -> None:
    # F8 (seed 281): the run-on lines reach 75, two lines ending a sentence reach 76
    run_on = [70.0, 71.0, 72.0, 73.0, 75.0, 74.0, 75.0, 73.0, 72.0, 71.0]
    assert full_width(run_on, "chars") == 75.0
    assert full_width(run_on, "chars", [40.0, 76.0, 76.0]) == 76.0


def test_a_line_far_beyond_the_run_on_lines_is_not_the_measure() -> None:
    run_on = [95.0, 96.0, 98.0, 100.0, 99.0, 97.0, 100.0, 98.0]
    # two lines glued by the extraction: 150 characters
    assert full_width(run_on, "chars", [150.0]) == 100.0
    assert full_width(run_on, "chars", [150.0, 102.0]) == 102.0  # within 3 %: a full line


def test_glyph_widths_take_the_percentile_of_the_run_on_lines_only() -> None:
    run_on = [39.0 + k / 100 for k in range(100)]
    assert full_width(run_on, "times", [41.0]) == percentile(run_on, 0.98)


# Lines of known widths: "x" is narrow in Times Roman (0.5 em), "M" wide (0.889 em).
FULL = "x" * 56 + " mot"  # 60 characters: a full run-on line
FIRST = "M" * 10 + "x" * 36 + " mot"  # 50 characters, nearly as wide as FULL in Times widths


def test_indented_first_lines_do_not_choose_the_metric() -> None:
    # The inner run-on lines are full in characters: the next word (7 + a space) does not fit.
    inner = [(FULL, "suivant et la suite")] * 10
    # First lines, indented, leave room for the next word in characters, not in Times widths.
    first = [(FIRST, "mot et la suite")] * 10
    fitted = fit_measure(inner + first, inner)
    assert fitted is not None
    assert (fitted.metric_name, fitted.width) == ("chars", 60.0)
    # Had the first lines voted, their indent would have chosen Times widths.
    judged_on_all = fit_measure(inner + first, inner + first)
    assert judged_on_all is not None and judged_on_all.metric_name == "times"


def test_a_tie_goes_to_characters() -> None:
    inner = [(FULL, "suivant")] * 8
    fitted = fit_measure(inner, inner)
    assert fitted is not None and fitted.metric_name == "chars"


def test_too_few_run_on_lines_fit_no_measure() -> None:
    pairs = [(FULL, "suivant")] * 7
    assert fit_measure(pairs, pairs) is None


@pytest.fixture(scope="module")
def source_layout():
    return read_layout(SOURCE.read_text(encoding="utf-8"), SOURCE.name)


def test_the_embedded_document_is_measured_in_times_widths(source_layout) -> None:
    body = source_layout.body_measure
    assert body.metric_name == "times"
    assert 40.0 < body.width < 41.0  # about 100 characters of Times Roman


def test_note_lines_are_never_measured_narrower_than_body_lines(source_layout) -> None:
    # L2: notes are set smaller, so a note line holds at least a body line
    assert source_layout.note_measure.metric_name == source_layout.body_measure.metric_name
    assert source_layout.note_measure.width > source_layout.body_measure.width


def test_superscripts_are_measured_at_their_printed_size() -> None:
    # R25 cause: a line carrying a mark was measured as if the mark were set at full size, up
    # to 0.7 em too wide, so paragraphs ending near the margin were misread (seeds 35, 39).
    line = "la décision du congrès1 fut adoptée"
    small = Printed(line, "1")
    assert times_width(small) == pytest.approx(times_width(line) - 0.5 / 3)
    assert char_width(small) == char_width(line)  # a character layout counts every character
    assert times_width(Printed("le XIVe congrès", "e")) < times_width("le XIVe congrès")


def test_times_widths_apply_the_fonts_kerning_pairs() -> None:
    assert times_width("Va") == pytest.approx(0.722 + 0.444 - 0.111)
    assert times_width("par.") == pytest.approx(0.5 + 0.444 + 0.333 + 0.25 - 0.055)
    assert times_width("V a") == pytest.approx(0.722 + 0.25 + 0.444)  # not across a space


def test_a_physical_line_knows_its_superscripts() -> None:
    # the extraction: ordinal suffix and note mark on lines of their own (S1, N1)
    text = " Le XIV\n\ne\n\n congrès du parti\n1\n\n"
    lines = [ln for p in read_layout(text, "t.txt").pages for ln in p.body]
    plain = lines[0].plain
    assert plain == "Le XIVe congrès du parti1"
    assert isinstance(plain, Printed) and plain.small == "e1"
