"""Unit tests of the converter's parts: dates, the annotators, rendering, the data file, the
TEI building. The layout rules have their own tests (test_layout_rules.py)."""

from __future__ import annotations

import itertools

import pytest
from lxml import etree
from rules import fragment

from tei_edition.dates import find_dates, french_date
from tei_edition.edition import annotate
from tei_edition.edition.model import Page, Point, Span, Text
from tei_edition.errors import EditionError
from tei_edition.metadata import parse_metadata
from tei_edition.stable_ids import paragraph_id
from tei_edition.tei.elements import POINT_ELEMENTS, SPAN_ELEMENTS, PointContext, tei
from tei_edition.tei.marks import outer_marks
from tei_edition.tei.numbering import renumber
from tei_edition.tei.render import render
from tei_edition.tei.serialize import SCHEMA_PIS, serialize

NS = {"t": "http://www.tei-c.org/ns/1.0"}


def ids(prefix: str = "x"):
    return (f"{prefix}-{k}" for k in itertools.count(1))


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "attrs"), [
    ("10-11 février 1926", {"from": "1926-02-10", "to": "1926-02-11"}),
    ("le 7 novembre 1917", {"when": "1917-11-07"}),
    ("en mars 1921", {"when": "1921-03"}),
    ("de janvier à mars 1926", {"from": "1926-01", "to": "1926-03"}),
    ("1905-1907", {"from": "1905", "to": "1907"}),
    ("16(3) mars 1918", {"when": "1918-03-16", "when-custom": "1918-03-03", "datingMethod": "#julian"}),
])
def test_dates_get_iso_values(text: str, attrs: dict[str, str]) -> None:
    hits = find_dates(text)
    assert len(hits) == 1 and hits[0].attributes == attrs


def test_a_day_without_year_or_a_decade_needs_the_documents_year() -> None:
    assert find_dates("11 février") == []
    assert find_dates("11 février", default_year=1926)[0].attributes == {"when": "1926-02-11"}
    assert find_dates("les années 30", 1926)[0].attributes == {"notBefore": "1930", "notAfter": "1939"}


def test_impossible_dates_and_numbers_are_no_dates() -> None:
    assert find_dates("31 février 1926") != [] and all(
        h.attributes != {"when": "1926-02-31"} for h in find_dates("31 février 1926"))
    assert find_dates("1 500 000 tonnes, 12,1926 %") == []
    assert french_date("1926-02-10") == "10 février 1926" and french_date("1926-02") == "février 1926"


# --- annotators ------------------------------------------------------------------------


def test_quotations_pair_across_paragraphs_and_report_strays() -> None:
    paras = [Text("Il dit « un » et « deux", line=3), Text("trois » puis » enfin «", line=5)]
    pairs, warnings = annotate.pair_guillemets(paras, "doc.txt")
    assert [(p.start, p.end) for p in pairs] == [((0, 7), (0, 13)), ((0, 17), (1, 7))]
    assert [str(w) for w in warnings] == [
        "doc.txt:5: warning: closing » with no opening «: left as text",
        "doc.txt:5: warning: opening « is never closed: left as text"]


def test_classify_reads_titles_soCalled_and_quotations() -> None:
    meta = parse_metadata({"work": [{"id": "w", "title": "Le Capital"}],
                           "annotation": {"quotes": ["oui"]}})
    works = annotate.work_forms(meta)
    assert annotate.classify("Le  Capital", meta, works) == ("work", "w")
    assert annotate.classify("oui", meta, works) == ("quotation", "")
    assert annotate.classify("respirer", meta, works) == ("so-called", "")
    assert annotate.classify("Nous viendrons, dit-il.", meta, works) == ("quotation", "")


def test_annotators_return_new_texts_and_leave_theirs_alone() -> None:
    meta = parse_metadata({"person": [{"id": "lenine", "name": "Lénine", "forms": ["Lénine"]}]})
    text = Text("Lénine arriva le 3 avril 1917.")
    named = annotate.annotate_names(text, annotate.Registers.of(meta))
    dated = annotate.annotate_dates(named, None)
    assert text.spans == ()
    assert [(s.kind, s.start, s.end) for s in dated.spans] == [("person", 0, 6), ("date", 17, 29)]


def test_corrections_must_be_found_once_and_not_overlap() -> None:
    meta = parse_metadata({"correction": [{"sic": "do", "corr": "de", "reason": "coquille",
                                           "context": "position do la"}]})
    texts, found = annotate.apply_corrections([Text("la position do la délégation")],
                                              meta.corrections, "d.toml", ids("corr"))
    assert found == [("corr-1",)]
    assert (texts[0].spans[0].sic, texts[0].spans[0].corr) == ("do", "de")
    with pytest.raises(EditionError, match="is not in the text"):
        annotate.apply_corrections([Text("rien")], meta.corrections, "d.toml", ids())
    with pytest.raises(EditionError, match="occurs 2 times"):
        annotate.apply_corrections([Text("position do la, position do la")], meta.corrections,
                                   "d.toml", ids())


def test_a_gap_goes_after_its_words_which_must_occur_once() -> None:
    meta = parse_metadata({"gap": [{"after": "nous avons", "reason": "mot perdu"}]})
    [text] = annotate.mark_gaps([Text("nous avons vu")], meta.gaps, "d.toml")
    assert text.points == (Point(10, 0, "gap", text="mot perdu"),)
    with pytest.raises(EditionError, match="occurs 0 times"):
        annotate.mark_gaps([Text("rien")], meta.gaps, "d.toml")


def test_a_reference_note_and_an_ibid_pointing_back() -> None:
    meta = parse_metadata({})
    first, found = annotate.annotate_reference(Text("Œuvres, t. 4, p. 111."), meta, "b1", None)
    ibid, again = annotate.annotate_reference(Text("Ibid., p. 12."), meta, "b2", "b1")
    assert found and again
    assert first.spans[0].attrs == (("xml:id", "b1"),)
    assert ibid.spans[0].attrs == (("xml:id", "b2"), ("corresp", "#b1"))
    assert annotate.annotate_reference(Text("Une simple remarque."), meta, "b3", None)[1] is False


def test_a_quotation_ending_at_a_reference_note_takes_it_as_source() -> None:
    text = Text("« Vive »", (Span(0, 8, "quotation", (("xml:id", "q1"),)),), (Point(8, 0, "note", n=3),))
    linked = annotate.link_quote_sources(text, {3: "bibl-note-3"})
    assert linked.spans[0].attrs == (("xml:id", "q1"), ("source", "#bibl-note-3"))


# --- rendering and the TEI tables --------------------------------------------------------


def _ctx(notes=None) -> PointContext:
    return PointContext((Page("1", False), Page("2", True, (("pageNum", "2"),))), notes or {})


def test_render_nests_spans_and_keeps_edge_points_outside() -> None:
    text = Text("« Lénine » dit", (Span(0, 10, "quotation"), Span(2, 8, "person", (("ref", "#l"),))),
                (Point(10, 0, "pb", n=1), Point(5, 1, "gap", text="perdu")))
    p = tei("p")
    render(p, text, _ctx())
    # the guillemets leave the text for @rendition (other tools add their own marks)
    assert fragment(p) == ('<p><quote rendition="#guillemet-open #guillemet-close"><persName ref="#l">'
                           'Lén<gap reason="lost" resp="#resp-encoding"><desc>perdu</desc></gap>ine'
                           '</persName></quote><pb n="2" type="printed"/> dit</p>')


def test_a_mark_that_would_hide_a_point_or_a_nested_span_stays_in_the_text() -> None:
    # a page break inside "« " (between the mark and its space): only the tight mark goes
    assert outer_marks("« x »", 0, 5, [1]) == (1, 3, ["guillemet-open-tight", "guillemet-close"])
    # a nested span starting on the opening mark keeps it in the text
    text = Text("« x » y", (Span(0, 5, "quotation"), Span(0, 3, "person", (("ref", "#l"),))))
    p = tei("p")
    render(p, text, _ctx())
    assert fragment(p) == '<p><quote><persName ref="#l">« x</persName> »</quote> y</p>'
    assert outer_marks("sans marques", 0, 12, []) == (0, 12, [])


def test_a_correction_replaces_the_text_it_covers() -> None:
    p = tei("p")
    render(p, Text("position do la", (Span(9, 11, "correction", (("xml:id", "c"),), 90, "do", "de"),)),
           _ctx())
    # corr first: tools that print a choice's first child print the correction
    assert fragment(p) == ('<p>position <choice><corr resp="#resp-encoding">de</corr><sic>do</sic>'
                           "</choice> la</p>")


def test_every_kind_the_annotators_make_has_its_element() -> None:
    made = {"quotation", "work", "so-called", "person", "date", "reference", "reference-author",
            "scope", "superscript", "correction"}
    assert made == set(SPAN_ELEMENTS)
    assert set(POINT_ELEMENTS) == {"note", "pb", "fw", "gap", "uncertain"}
    assert fragment(SPAN_ELEMENTS["superscript"](Span(0, 1, "superscript"))) == '<hi rend="sup"/>'


def test_ids_are_numbered_in_document_order_and_pointers_follow() -> None:
    root = etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xml="http://www.w3.org/XML/1998/namespace">'
        '<p xml:id="p-tmp9"><quote xml:id="q-tmp4" next="#q-tmp2"/></p>'
        '<p xml:id="p-tmp3"><quote xml:id="q-tmp2" prev="#q-tmp4"/></p><p/></TEI>')
    renumber(root)
    xml = etree.tostring(root, encoding="unicode")
    # paragraphs: the stable rule (page, first words); two alike on one page get -2
    empty = paragraph_id(None, "")
    assert f'xml:id="{empty}"' in xml and f'xml:id="{empty}-2"' in xml
    assert '<quote xml:id="q-1" next="#q-2"/>' in xml and '<quote xml:id="q-2" prev="#q-1"/>' in xml


def test_paragraph_ids_follow_the_page_and_the_first_words() -> None:
    root = etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xml="http://www.w3.org/XML/1998/namespace">'
        '<pb n="4"/><p xml:id="p-tmp1">Camarades, voici <pb n="5"/>la suite.</p>'
        '<p xml:id="p-tmp2">Autre chose.</p><note><p>Une note.</p></note>'
        '<quote source="#p-tmp2"/></TEI>')
    renumber(root)
    ids = root.xpath("//t:p/@xml:id", namespaces={"t": "http://www.tei-c.org/ns/1.0"})
    assert ids == [paragraph_id("4", "Camarades, voici la suite."), paragraph_id("5", "Autre chose.")]
    assert root.find("{http://www.tei-c.org/ns/1.0}quote").get("source") == f"#{ids[1]}"


def test_serialize_writes_the_declaration_and_the_schema_instructions() -> None:
    out = serialize(etree.ElementTree(tei("TEI", {"xml:lang": "fr"})))
    lines = out.decode().splitlines()
    assert lines[0] == '<?xml version="1.0" encoding="UTF-8"?>'
    assert lines[1 : 1 + len(SCHEMA_PIS)] == [f"<?xml-model {pi}?>" for pi in SCHEMA_PIS]


# --- the data file ---------------------------------------------------------------------


def test_the_data_file_is_read_strictly() -> None:
    with pytest.raises(EditionError, match="unknown key 'titel' in \\[edition\\]"):
        parse_metadata({"edition": {"titel": "x"}})
    with pytest.raises(EditionError, match="is not an ISO date"):
        parse_metadata({"source": {"date_from": "10/02/1926"}})
    with pytest.raises(EditionError, match="speech speaker 'x' is not a declared person"):
        parse_metadata({"speech": [{"who": "x"}]})
    meta = parse_metadata({"person": [{"id": "b", "name": "Boukharine", "forms": ["Boukharine"]}],
                           "speech": [{"who": "b", "date": "1926-02-10"}]})
    assert meta.person("b") and meta.speeches[0].date == "1926-02-10"
