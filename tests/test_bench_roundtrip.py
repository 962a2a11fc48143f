"""Round trip: documents the converter has never seen, laid out as the extraction lays them out.

tests/bench/ renders varied documents of the collection (other widths, page heights, notes,
speeches, running heads) in the extraction layout and knows their truth; the converter must
find every structure again. Four groups:

* the bench checks itself: the renderer keeps the layout conventions, the truth written as TEI
  scores 1.0, and the scorer notices damage (so the round-trip tests can fail);
* the acceptance: the fixed set of 32 documents, every structure F1 >= 0.99, every word kept;
* a property test (hypothesis, bounded and derandomized) over the whole space of documents;
* regression cases: every failure the bench found, as a minimal explicit document or as the
  seed of the generated document that showed it.
"""

from __future__ import annotations

import dataclasses
import os
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from lxml import etree

from bench.generate import Spec, bind, build, fixed_specs, spec_from_seed, specs
from bench.render import Document, Layout, Note, Speech, parse, render
from bench.score import PARAGRAPH_BOUND, STRUCTURES, compare, oracle_tei, run_spec, total
from tei_edition.convert import convert_text

TEI = "http://www.tei-c.org/ns/1.0"

FIXED_ALL = fixed_specs(32, 16)
FIXED = [s for s in FIXED_ALL if s.metric == "chars"]
FIXED_TIMES = [s for s in FIXED_ALL if s.metric == "times"]
# CI runs a bounded number of examples; BENCH_EXAMPLES=2000 explores further (derandomized, so
# a run is reproducible).
SETTINGS = settings(
    max_examples=int(os.environ.get("BENCH_EXAMPLES", "25")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def describe(run) -> str:
    s = run.score
    lines = [f"spec: {run.spec}", f"error: {s.error}"] if s.error else [f"spec: {run.spec}"]
    for kind, items in (("missing", s.missing), ("extra", s.extra)):
        for name, values in items.items():
            lines.append(f"  {kind} {name}: {values[:4]}")
    return "\n".join(lines)


# --- the bench checks itself ------------------------------------------------------------------


@pytest.mark.parametrize("spec", FIXED[:12], ids=lambda s: f"seed{s.seed}")
def test_renderer_keeps_the_layout_conventions(spec) -> None:
    r = render(build(spec))
    lines = r.text.split("\n")
    # R7: every page starts with one space, glued to the previous non-blank line
    for start in r.page_lines:
        line = lines[start - 1]
        assert line.startswith(" ") and not line.startswith("  "), (start, line)
        assert start == 1 or lines[start - 2] != "", start
    # R1/R8: a blank line never doubles, except the three before a running head
    for i in range(1, len(lines)):
        if lines[i] == "" and lines[i - 1] == "":
            following = next(x for x in lines[i:] if x != "")
            assert following == r.doc.running_head + " ", (i + 1, following)
    # R4: tokens are bare lines; a text line ends with a space unless a token follows it
    token = re.compile(r"\d+|[a-zé]{1,3}")
    for i, line in enumerate(lines):
        if token.fullmatch(line):
            assert lines[i - 1] != "" or lines[i - 2] != "", i + 1  # attached to a word
        elif line.strip() and not re.fullmatch(r"\d+ ", line) and not line.endswith(" "):
            following = next((x for x in lines[i + 1 :] if x != ""), "")
            assert token.fullmatch(following), (i + 1, line)
    # R2/R2b: no body line beyond the measure, and the measure is reached (it is evident)
    assert r.truth.measure == spec.width
    # R2c: « and — never end a line, » never starts one
    for line in lines:
        assert not line.rstrip().endswith(("«", "—")), line
        assert not line.lstrip().startswith("»"), line
    # R9: the trailing page
    assert r.text.endswith("\n ") if spec.trailing_page else r.text.endswith(" \n")


def test_renderer_matches_the_source_statistics() -> None:
    """The fixed set covers what the source shows: token lines with and without blank lines
    around them, lone-space page starts, split notes, lost numbers, superscripts in titles."""
    texts = [render(build(s)) for s in FIXED]
    joined = "\n".join(r.text for r in texts)
    assert re.search(r"\S\n\d+\n \S", joined)  # mark glued to both sides (source 389-390)
    assert re.search(
        r"\S\n\n\d+\n\n[.,] ", joined
    )  # blank before and after (1598-1601 / 1319-1321)
    assert re.search(r"[IVX]\ne\n ", joined)  # superscript (source 3-5)
    assert re.search(r"\n\d+ \n \n\n", joined)  # page number then lone-space page start (343-345)
    assert re.search(r"[A-Z]\d+  \n", joined)  # mark glued in the title (9)
    assert sum(t.truth.split_notes for t in texts) >= 10
    assert max(t.truth.longest_note_pages for t in texts) >= 3
    assert sum(t.truth.pages_one_body_line for t in texts) >= 1
    assert sum(1 for t in texts for n in t.doc.notes if n.lost_number) >= 10
    assert sum(t.truth.merged for t in texts) >= 5  # the stated rule is exercised


@pytest.mark.parametrize("spec", FIXED_ALL, ids=lambda s: f"{s.metric}{s.seed}")
def test_the_truth_as_tei_scores_perfect(spec) -> None:
    r = render(build(spec))
    score = compare(r.truth, oracle_tei(r.truth))
    assert score.perfect, (score.missing, score.extra)


@pytest.mark.parametrize(
    "damage, structure",
    [
        (lambda x: re.sub(rb'<pb n="[^"]*"/>', b"", x, count=2), "pages"),
        (lambda x: re.sub(rb"</p>(\s*)<p>", rb"\1", x, count=1), "paras"),
        (
            lambda x: re.sub(rb'(<note place="foot" n=")(\d+)', rb"\g<1>9\2", x, count=1),
            "note_anchor",
        ),
        (
            lambda x: x.replace(b"<soCalled>", b"<quote>", 1).replace(
                b"</soCalled>", b"</quote>", 1
            ),
            "quotes",
        ),
        (lambda x: re.sub(rb"(</speaker><p>[^<\s]+) ", rb"\1", x, count=1), "words"),
        (lambda x: re.sub(rb'<hi rend="sup">', b'<hi rend="italic">', x, count=1), "sups"),
    ],
)
def test_the_scorer_notices_damage(damage, structure) -> None:
    r = render(build(FIXED[1]))
    good = oracle_tei(r.truth)
    bad = damage(good)
    assert bad != good
    score = compare(r.truth, bad)
    assert score.counts[structure].f1 < 1.0, structure
    assert not score.perfect


def test_a_converter_crash_scores_zero() -> None:
    def crash(text, name, meta):
        raise RuntimeError("boom")

    run = run_spec(FIXED[0], convert=crash)
    assert run.score.error == "RuntimeError: boom"
    assert run.score.counts["words"].f1 == 0.0


# --- the acceptance: the fixed set --------------------------------------------------------------


def test_fixed_set_every_structure_f1_at_least_0_99_and_every_word_kept() -> None:
    runs = [run_spec(s) for s in FIXED]
    counts = total([r.score for r in runs])
    low = {n: round(counts[n].f1, 4) for n in STRUCTURES if counts[n].f1 < 0.99}
    lost = [(r.spec.seed, r.score.missing["words"][:2]) for r in runs if "words" in r.score.missing]
    assert not low and counts["words"].tp == counts["words"].true, (low, lost)
    assert counts["note_words"].tp == counts["note_words"].true


def test_fixed_set_in_times_widths_keeps_every_word_and_every_structure_but_paragraphs() -> None:
    """R25: the proportional third of the fixed set. Paragraph ends within the width
    estimate's error of the margin are open (docs/robustness.md; seeds 33, 37 and 46 pinned in
    BORDERLINE), so paragraphs are held to F1 >= 0.98 here and every other structure,
    quotations and their sources included, to perfection."""
    runs = [run_spec(s) for s in FIXED_TIMES]
    counts = total([r.score for r in runs])
    bad = [(r.spec.seed, r.score.missing, r.score.extra) for r in runs
           if not r.score.perfect_except(PARAGRAPH_BOUND)]
    assert not bad, bad
    # measured 0.9806 on 2026-11-27 (seeds 33, 37, 46 open): a floor, so a regression shows
    assert counts["paras"].f1 >= 0.98, round(counts["paras"].f1, 4)


def test_renderer_fills_times_lines_to_the_measure_in_printed_widths() -> None:
    """R25: the proportional layout is filled by printed width, not by characters: its lines'
    character counts spread, and the converter picks the Times metric for it."""
    from bench.render import EM_PER_CHAR
    from tei_edition.reading import read_layout

    for spec in FIXED_TIMES[:4]:
        r = render(build(spec))
        assert r.truth.measure <= spec.width * EM_PER_CHAR + 1e-9
        assert r.truth.measure > spec.width * EM_PER_CHAR - 1.5
        assert read_layout(r.text, "t.txt").body_measure.metric_name == "times"


def test_fixed_set_headers_state_the_paragraph_rule() -> None:
    r = render(build(FIXED[0]))
    xml = convert_text(r.text, "bench.txt", r.doc.meta or None).xml
    score = compare(r.truth, xml)
    assert score.segmentation, "editorialDecl/segmentation must state the paragraph rule"


# --- the property test -------------------------------------------------------------------------


# Documents the property test found failing, kept as explicit examples.
# F9: the longest line (130) opens a paragraph after a sentence end, so it was left out of the
# run-on lines the measure came from (129): a sentence ending at 120 before "Autrement" looked
# full and two paragraphs merged.
SEED_83 = Spec(seed=83, width=130, page_height=6, speeches=1, paras=3, notes=0, title_note=False,
               foot="none", margin_paras=0, indent=0, trailing_page=False, first_page=1)
# F11: a note of three short lines; the truth measured it by its longest line (84), narrower
# than the body's (87), and merged paragraphs a note line set smaller shows.
SEED_408 = Spec(seed=408, width=87, page_height=6, speeches=2, paras=1, notes=0, title_note=True,
                foot="none", headings=(False,), margin_paras=0, indent=0, trailing_page=False,
                first_page=1)

# F13: a tiny Times document whose second page starts at the title's date line (the title's
# note filled page 1): that page's pb was dropped, then emitted at the end of the body.
SEED_169 = Spec(seed=169, width=70, note_ratio=1.2, page_height=6, speeches=1, paras=1, notes=0,
                long_notes=0, lost_numbers=0, garbled=0, title_note=True, foot="none",
                headings=(), new_page=False, margin_paras=0, indent=0, block_quote=False,
                trailing_page=False, first_page=1, layout_seed=0, metric="times")


@SETTINGS
@given(specs())
@example(spec=SEED_83)
@example(spec=SEED_408)
@example(spec=SEED_169)
def test_any_document_of_the_collection_round_trips(spec) -> None:
    run = run_spec(spec)
    if spec.metric == "times":  # R25: paragraph ends at the margin are open there
        assert run.score.perfect_except(PARAGRAPH_BOUND), describe(run)
    else:
        assert run.score.perfect, describe(run)


@SETTINGS
@given(specs())
def test_any_generated_document_renders_and_its_truth_round_trips(spec) -> None:
    r = render(build(spec))
    assert compare(r.truth, oracle_tei(r.truth)).perfect


# --- regression cases ---------------------------------------------------------------------------

BASE = (
    "Camarades, notre discussion surgit sur la toile de fond d’une situation interne "
    "très complexe. "
    "Nous connaissons une période de croissance économique, d’essor de notre industrie, de notre "
    "agriculture, de nos transports et de notre commerce extérieur et intérieur. "
    "Dans le même temps, "
    "il est indiscutable que nous avons pu observer un renforcement relatif des "
    "éléments socialistes "
    "dans l’économie, de nos leviers de commande, et notamment du principal d’entre eux, à savoir "
    "l’industrie socialiste. Renforcement aussi des transports, des banques et du crédit."
)
SPEAKER = "N. I. Boukharine"


def small_doc(
    paras: list[str],
    notes: tuple[str, ...] = (),
    width: int = 80,
    page_height: int = 80,
    speeches: list[Speech] | None = None,
) -> Document:
    """A short document: a title, a long first paragraph (the measure), then `paras`."""
    title = bind(parse("RAPPORT À LA XIV^e CONFÉRENCE DU PARTI DE LA PROVINCE DE MOSCOU"))
    sps = speeches or [Speech([bind(parse(BASE))] + [bind(parse(p)) for p in paras], "1926-03-12")]
    meta = {
        "person": [{"id": "orateur", "name": SPEAKER, "forms": [SPEAKER]}],
        "speech": [{"who": "orateur"} for _ in sps],
    }
    return Document(
        title,
        "12 mars 1926",
        {"when": "1926-03-12"},
        sps,
        [Note([bind(parse(t))]) for t in notes],
        SPEAKER,
        f"{SPEAKER} – XIVe Conférence du PC(b)US de Moscou -1926",
        Layout(
            width=width,
            note_width=int(width * 1.2),
            title_width=40,
            page_height=page_height,
            indent=0,
            foot="none",
        ),
        meta,
    )


def _lines(doc: Document) -> list[str]:
    return render(doc).text.split("\n")


def _ordinal_at_line_start() -> Document:
    p0 = "La conférence extraordinaire du parti de la province s’est ouverte à Moscou le"
    return small_doc(
        [
            p0 + " 1^er mars, et elle a pris toutes les décisions nécessaires pour la "
            "suite de notre travail."
        ],
        width=len(p0),
    )


def _digits_after_a_mark_end_a_line() -> Document:
    p0 = "La résolution fut adoptée par le comité central du parti à la fin de mars[0] 1921"
    return small_doc(
        [p0 + " et elle fut confirmée ensuite par la conférence du parti de la province."],
        ("Voir le procès-verbal de la séance du comité central.",),
        width=len(p0) - 2,
    )


def _short_word_after_a_mark_ends_a_page() -> Document:
    p0 = "Les camarades de l’opposition ont voté contre toutes les décisions du congrès et contre"
    p = (
        p0 + " les[0] des thèses, et cette attitude fut condamnée par la conférence du parti"
        " de la province entière."
    )
    return small_doc(
        [p],
        ("Il s’agit des thèses sur la situation économique.",),
        width=len(p0) + len(" les1 des"),
        page_height=11,
    )


def _heading_ends_a_page() -> Document:
    s1 = Speech([bind(parse(BASE)), bind(parse("Vive tout notre parti !"))], "1926-03-12")
    s2 = Speech([bind(parse(BASE))], "1926-03-13", bind(parse("DISCOURS DE CLOTURE")), "13 MARS")
    return small_doc([], width=90, page_height=4, speeches=[s1, s2])


EXAMPLES = {
    # "le" / "" / "1" / "er": an Arabic ordinal whose number opens a printed line was read as a
    # note mark (body) or a note number (note block): "le 1er mars" became "le<note/>er mars".
    "ordinal-at-line-start": (
        _ordinal_at_line_start,
        lambda ls: "1" in ls and ls[ls.index("1") + 1] == "er",
    ),
    # "mars" / "1" / " 1921 ": the rest of a line after a mark, digits only, was read as a mark.
    "digits-after-a-mark": (_digits_after_a_mark_end_a_line, lambda ls: " 1921 " in ls),
    # "les" / "1" / " des " / "" / " ": a 1-3 letter word after a mark looks like a superscript
    # token, so the note separator after it was not seen and the notes became body text.
    "short-word-after-a-mark-before-the-notes": (
        _short_word_after_a_mark_ends_a_page,
        lambda ls: " des " in ls and ls[ls.index(" des ") + 2] == " ",
    ),
    # " DISCOURS DE CLOTURE " ends a page, " 13 MARS " starts the next: the pb was lost.
    "heading-ends-a-page": (
        _heading_ends_a_page,
        lambda ls: any(x.startswith(" 13 MARS") for x in ls),
    ),
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_regression_example(name: str) -> None:
    make, shows = EXAMPLES[name]
    doc = make()
    assert shows(_lines(doc)), "the example no longer shows the layout it was made for"
    r = render(doc)
    score = compare(r.truth, convert_text(r.text, f"{name}.txt", doc.meta).xml)
    assert score.perfect, (score.missing, score.extra)


# Generated documents that showed a failure (spec_from_seed(seed)), with what went wrong.
REGRESSION_SEEDS = {
    0: "F2 ordinal 1er at a line start ('1' / 'er') read as a note mark: words lost, notes shifted",
    26: "F2 ordinal 1er at a line start read as a note mark",
    115: "F2 ordinal 1er at a line start read as a note mark",
    9: "F3 a line after a mark with a leading space (' 1910 ', ' une ') read as a token",
    253: "F3 a line after a mark with a leading space read as a token",
    2: "F1 Times widths chosen to measure a character-filled layout: paragraphs split or merged",
    6: "F1 Times widths chosen for the notes of a character-filled layout: note paragraph split",
    7: "F1 Times widths chosen to measure a character-filled layout",
    102: "F4 indent evidence: slack >= 0 proves it in characters (threshold 1.25 % misses it)",
    111: "F4 indent evidence missed: paragraph merged",
    127: "F5 a line ending with ':' before a lower-case line runs on (indent evidence missed)",
    158: "F6 too few note lines to fit a measure: the body measure is used, note paragraph lost",
    180: "F6 note measure fell back to the body measure",
    18: "F7 page break between a speech heading and its date line lost",
    21: "F7 page break between a speech heading and its date line lost",
    201: "F7 page break between a speech heading and its date line lost",
    281: "F8 the longest lines (76) end sentences, the run-on lines reach 75: paragraphs merged",
    50: "F10 title lines and the line after the date line judged the metric: Times for characters",
    615: "F10 (met while fixing F8) under 8 inner lines, indented first lines judged the metric",
    1566: "F10 indented first lines judged the metric: Times for characters, note paragraph split",
    3483: "F11 truth: a two-line note measured by its longest line (104), under the body's (119)",
    4641: "F11 truth: a note measured narrower than the body, a visible note paragraph merged",
    13: "F1+F2+F3 together",
    23: "F1+F2+F4 together",
    (35, "times"): "F16 marks measured at full size and no kerning: a split cut a quotation and its source",
    (39, "times"): "F16 (met on the way: superscripts at 2/3 without kerning) a 0.11 em borderline split",
    (1208, "times"): "F14 P1b counted characters: a page's first line of narrow letters read as a note line",
    (1359, "times"): "F14 P1b in characters: a page start dropped, the page's body joined to a note",
    (1379, "times"): "F14 P1b in characters: a page start dropped, a speech lost in a note",
    (1673, "times"): "F15 a borderline split inside an open quotation cut the quotation in two",
    (1748, "times"): "F15 a borderline split inside an open quotation cut the quotation in two",
    (55, "times"): "F12 indent evidence under the fixed 1.25 % threshold: paragraphs merged",
    (62, "times"): "F12 indent evidence under the fixed 1.25 % threshold: paragraphs merged",
}


@pytest.mark.parametrize("key", sorted(REGRESSION_SEEDS, key=str), ids=str)
def test_regression_seed(key: int | tuple[int, str]) -> None:
    seed, metric = key if isinstance(key, tuple) else (key, "chars")
    run = run_spec(spec_from_seed(seed, metric))
    assert run.score.perfect, f"{REGRESSION_SEEDS[key]}\n{describe(run)}"


# Open cases (docs/robustness.md): Times documents whose one wrong paragraph end lies where the
# printed line ends within the width estimate's error of the margin (|printed slack| <= 0.05 em,
# the estimate errs by up to ~0.25 em a line): the text cannot decide them. Pinned exactly, so
# any other change in these documents (F12's merges on seed 46 coming back, say) shows.
BORDERLINE = {
    # "Vive" fits by +0.080 em in the estimate, misses by 0.046 em in print: split
    37: ([(2035, 2689)], [(2035, 2672), (2672, 2689)]),
    # "En" misses by 0.036 em in the estimate, fits by 0.023 em in print: merged
    33: ([(4880, 5613), (5613, 5794)], [(4880, 5794)]),
    # the line after leaves 0.025 em (over the 0.0 em noise) in the estimate, misses by 0.016
    # em in print: read as indented, split. F12's boundaries on this document stay right.
    46: ([(1275, 2660)], [(1275, 1928), (1928, 2660)]),
}


@pytest.mark.parametrize("seed", sorted(BORDERLINE))
def test_borderline_times_paragraph_ends_are_the_only_errors(seed: int) -> None:
    run = run_spec(spec_from_seed(seed, "times"))
    missing, extra = BORDERLINE[seed]
    assert run.score.perfect_except(("paras",)), describe(run)
    assert (run.score.missing.get("paras"), run.score.extra.get("paras")) == (missing, extra)


# --- the note accidents and yearless months (issue 15) -----------------------------------------


def _lost_and_yearless():
    """Specs whose notes lose numbers in pairs, the second losing its two spaces too where the
    text decides it (R12b, N4b), with months named without a year in the text (R26)."""
    from hypothesis import strategies as st

    return st.builds(
        lambda spec, pairs, lost, yearless, notes: dataclasses.replace(
            spec, lost_pairs=pairs, lost_numbers=lost, yearless=yearless, notes=max(spec.notes, notes)),
        specs(), st.integers(1, 3), st.integers(0, 3), st.integers(1, 3), st.integers(4, 12))


def _assert_every_structure_and_yearless_date(spec, doc, r) -> None:
    """Every structure as the truth has it (in the Times layout, but for the paragraph ends
    the text cannot decide), and every yearless month dated with @cert."""
    xml = convert_text(r.text, "bench.txt", doc.meta or None).xml
    score = compare(r.truth, xml)
    run = type("Run", (), {"spec": spec, "score": score})
    if spec.metric == "times":
        assert score.perfect_except(PARAGRAPH_BOUND), describe(run)
    else:
        assert score.perfect, describe(run)
    root = etree.fromstring(xml)
    dated = {(d.text, d.get("when")) for d in root.iter(f"{{{TEI}}}date") if d.get("cert") == "medium"}
    assert set(doc.yearless) <= dated


@SETTINGS
@given(_lost_and_yearless())
def test_notes_that_lost_numbers_and_spaces_and_yearless_months_round_trip(spec) -> None:
    """Two numberless notes on a page, a numberless note before a split note, numberless notes
    of several paragraphs: every structure as the truth has it; every yearless month dated."""
    doc = build(spec)
    r = render(doc)
    _assert_every_structure_and_yearless_date(spec, doc, r)


def test_the_bench_draws_the_note_accidents() -> None:
    """R12b is drawn (a note with neither number nor spaces), and the converter reads it."""
    cut = 0
    for seed in range(20):
        spec = dataclasses.replace(spec_from_seed(seed), notes=10, lost_pairs=2, yearless=1)
        doc = build(spec)
        r = render(doc)
        conversion = convert_text(r.text, "bench.txt", doc.meta or None)
        cut += sum("read as a note of its own" in str(w) for w in conversion.warnings)
        assert compare(r.truth, conversion.xml).perfect
    assert cut >= 10


def _lost_before_split():
    """Specs with numberless notes right before a note running over the page (R13b), of one
    paragraph or of two, with R12b pairs and yearless months (R26) drawn beside them."""
    from hypothesis import strategies as st

    return st.builds(
        lambda spec, k, two, pairs, yearless, notes: dataclasses.replace(
            spec, lost_before_split=k, lost_two_paras=two, lost_pairs=pairs, yearless=yearless,
            notes=max(spec.notes, notes)),
        specs(), st.integers(1, 3), st.booleans(), st.integers(0, 2), st.integers(0, 2),
        st.integers(3, 12))


@SETTINGS
@given(_lost_before_split())
def test_a_numberless_note_before_a_split_note_round_trips(spec) -> None:
    """Only documents where the case is on the page: a note that lost its number, then the
    next note of its page running over to the next page (N4, N5), every structure found."""
    from hypothesis import assume

    doc = build(spec)
    r = render(doc)
    assume(r.truth.lost_before_split)
    _assert_every_structure_and_yearless_date(spec, doc, r)


def test_the_bench_draws_a_numberless_note_before_a_split_note() -> None:
    """R13b is drawn on the page where the text decides it, with numberless notes of two
    paragraphs among them, and the converter reads every structure."""
    cases = two_paras = 0
    for seed in range(20):
        spec = dataclasses.replace(spec_from_seed(seed), notes=8, lost_before_split=2,
                                   lost_two_paras=seed % 2 == 0)
        doc = build(spec)
        r = render(doc)
        cases += len(r.truth.lost_before_split)
        two_paras += sum(1 for n, starts in r.truth.note_paras
                         if n in r.truth.lost_before_split and len(starts) == 2)
        assert compare(r.truth, convert_text(r.text, "b.txt", doc.meta or None).xml).perfect
    assert cases >= 10 and two_paras >= 3, (cases, two_paras)
