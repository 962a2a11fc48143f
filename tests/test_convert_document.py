"""The embedded document, converted: notes, pages, divisions, speakers, quotations, dates.

The expectations come from reading the source text, not from the converter.
"""

from __future__ import annotations

import re

import pytest
from lxml import etree

from helpers import COMMITTED_TEI, SOURCE, TEI_NS, cli, run_jing
from tei_edition.convert import convert_file

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture(scope="module")
def tei() -> etree._Element:
    return etree.fromstring(convert_file(SOURCE).xml)


def xp(el: etree._Element, path: str) -> list:
    return el.xpath(path, namespaces=TEI_NS)


def text_of(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def test_committed_tei_is_exactly_what_the_converter_makes() -> None:
    assert COMMITTED_TEI.read_bytes() == convert_file(SOURCE).xml


def test_conversion_is_deterministic() -> None:
    assert convert_file(SOURCE).xml == convert_file(SOURCE).xml


def test_committed_tei_is_valid_tei_all() -> None:
    result = run_jing(COMMITTED_TEI)
    assert result.returncode == 0, result.stdout + result.stderr


def test_nineteen_notes_numbered_in_order(tei: etree._Element) -> None:
    notes = xp(tei, "//t:text//t:note[@place='foot']")
    assert [n.get("n") for n in notes] == [str(i) for i in range(1, 20)]
    assert [n.get(XML_ID) for n in notes] == [f"note-{i}" for i in range(1, 20)]


def test_note_one_sits_on_the_title(tei: etree._Element) -> None:
    # its mark ends the title; the note itself stands outside it (issue 13), after docTitle
    assert xp(tei, "//t:titlePart//t:note") == []
    anchor = xp(tei, "//t:front//t:titlePart/t:anchor")
    assert len(anchor) == 1 and anchor[0].getnext() is None and not (anchor[0].tail or "").strip()
    note = xp(tei, "//t:front/t:titlePage/t:docTitle/following-sibling::t:note")
    assert [n.get("n") for n in note] == ["1"]
    assert note[0].get("target") == "#" + anchor[0].get("{http://www.w3.org/XML/1998/namespace}id")
    assert text_of(note[0]).startswith("La XXIIIe conférence extraordinaire")


@pytest.mark.parametrize(("n", "before", "starts"), [
    ("2", "dans son ensemble", "Il s’agit de la période"),
    ("3", "pays au moins", "V. Lénine: Œuvres, t. 33, p. 111"),  # » in the quote's @rendition
    ("6", "son livre Le léninisme", "L’ouvrage de G. Zinoviev"),
    ("8", "certaines conditions", "Cf. V. Lénine"),
    ("11", "ne manquera pas de s’exacerber", "Tout en notant"),
    ("16", "de thermidoriens", "Thermidor : coup d’Etat"),
    ("17", "de toute l’organisation du parti", "Boukharine a en vue"),
    ("18", "et dans ma brochure", "Il s’agit de l’ouvrage de Lénine"),
    ("19", "au socialisme intégral", ""),
])
def test_notes_sit_at_their_marks(tei: etree._Element, n: str, before: str, starts: str) -> None:
    note = xp(tei, f"//t:note[@n='{n}']")[0]
    preceding = "".join(xp(note, "preceding::text()[not(ancestor::t:note)]"))
    assert " ".join(preceding.split()).endswith(before)
    assert text_of(note).startswith(starts)


def test_split_note_is_joined_across_pages(tei: etree._Element) -> None:
    assert "récusait résolument toute politique devant aller dans ce sens." in text_of(
        xp(tei, "//t:note[@n='11']")[0])


def test_missing_note_text_is_a_gap_declared_in_the_header(tei: etree._Element) -> None:
    note = xp(tei, "//t:note[@n='19']")[0]
    assert xp(note, "t:gap/@reason") == ["lost"]
    declared = " ".join(xp(tei, "//t:editorialDecl/t:correction/t:p/text()"))
    assert "19" in declared


def test_every_page_has_a_break_numbered_from_the_printed_ones(tei: etree._Element) -> None:
    pbs = xp(tei, "//t:text//t:pb")
    assert [pb.get("n") for pb in pbs] == [str(i) for i in range(4, 38)]
    assert [pb.get("n") for pb in pbs if pb.get("type") == "printed"] == ["7", "35"]


def test_running_feet_leave_the_reading_text(tei: etree._Element) -> None:
    feet = xp(tei, "//t:fw[@type='header']")
    assert len(feet) == 2
    assert all(text_of(f).startswith("N. I. Boukharine") for f in feet)
    page8 = xp(tei, "//t:pb[@n='8']")[0]
    assert page8.getparent().tag.endswith("}p")
    assert page8.tail.startswith("pouvoir politique")
    # no running foot inside a paragraph: the foot of page 7, which ends mid-sentence, comes
    # right after the paragraph, pointing at the break it stood before
    assert xp(tei, "//t:p//t:fw[not(ancestor::t:note)]") == []
    after = xp(page8, "ancestor::t:p[1]/following-sibling::t:fw")[:2]
    assert [(f.get("type"), f.get("corresp")) for f in after] == [("header", "#page-8"),
                                                                   ("pageNum", "#page-8")]
    assert text_of(after[1]) == "7"


def test_two_speeches_with_speakers_and_dates(tei: etree._Element) -> None:
    divs = xp(tei, "//t:body/t:div[@type='speech']")
    assert len(divs) == 2
    assert xp(divs[1], "t:head/text()") == ["DISCOURS DE CLOTURE"]
    assert xp(divs[1], "t:dateline/t:date/@when") == ["1926-02-11"]
    for div, when in zip(divs, ["1926-02-10", "1926-02-11"], strict=True):
        assert xp(div, "t:sp/@who") == ["#boukharine"]
        assert xp(div, "t:sp/t:speaker/text()") == ["N. I. Boukharine"]
        setting = div.get("decls")[1:]
        assert xp(tei, f"//t:setting[@xml:id='{setting}']/t:date/@when") == [when]
    assert xp(tei, "//t:pb[@n='31']/following-sibling::*[1]/@xml:id") == ["speech-2"]


def test_title_page_and_its_date(tei: etree._Element) -> None:
    part = xp(tei, "//t:docTitle/t:titlePart")[0]
    title = "".join(part.xpath("text()|t:hi/text()|t:hi/following-sibling::text()",
                               namespaces=TEI_NS))
    assert " ".join(title.split()) == (
        "RAPPORT À LA XXIIIe CONFÉRENCE EXTRAORDINAIRE DU PC(b)US DE LA PROVINCE DE LENINGRAD")
    date = xp(tei, "//t:docDate")[0]
    assert (date.get("from"), date.get("to")) == ("1926-02-10", "1926-02-11")


def test_the_letter_is_a_block_quotation_of_four_paragraphs(tei: etree._Element) -> None:
    blocks = xp(tei, "//t:quote[@type='block']")
    assert len(blocks) == 1
    paras = xp(blocks[0], "t:p")
    assert len(paras) == 4
    assert text_of(paras[0]).startswith("« Les bolcheviks ont renoncé")
    assert text_of(paras[-1]) == "Vive le communisme ! »"
    inner = xp(blocks[0], ".//t:quote[@source]")
    assert [q.get("source") for q in inner] == ["#bibl-note-15"]


def test_quotations_link_to_the_notes_that_give_their_source(tei: etree._Element) -> None:
    sourced = xp(tei, "//t:quote[@source][starts-with(@source, '#bibl-')]")
    assert [q.get("source") for q in sourced] == [
        "#bibl-note-3", "#bibl-note-4", "#bibl-note-5", "#bibl-note-15"]
    # elsewhere the data file names whom the text quotes: a work, or a person
    others = xp(tei, "//t:quote[@source][not(starts-with(@source, '#bibl-'))]")
    assert others and all(xp(tei, f"//t:teiHeader//*[@xml:id='{q.get('source')[1:]}']"
                             f"[self::t:bibl or self::t:person]") for q in others)
    assert xp(tei, "//t:list[@type='overrides']/t:item/@corresp") == [
        "#" + q.get("{http://www.w3.org/XML/1998/namespace}id") for q in others]
    bibl = xp(tei, "//t:note[@n='3']/t:bibl")[0]
    assert text_of(bibl) == "V. Lénine: Œuvres, t. 33, p. 111"
    assert xp(tei, "//t:note[@n='4']/t:bibl/@corresp") == ["#bibl-note-3"]


def test_guillemets_also_mark_titles_and_words_at_a_distance(tei: etree._Element) -> None:
    so_called = [text_of(s) for s in xp(tei, "//t:soCalled")]
    # the guillemets, out of the text, are named by @rendition as printed (tight or spaced)
    assert "pacifier" in so_called and "respirer" in so_called
    rendition = {text_of(s): s.get("rendition") for s in xp(tei, "//t:soCalled")}
    assert rendition["pacifier"] == "#guillemet-open-tight #guillemet-close-tight"
    assert rendition["respirer"] == "#guillemet-open #guillemet-close"
    titles = {text_of(t): t.get("ref") for t in xp(tei, "//t:text//t:title")}
    assert titles["« De la coopération »"] == "#work-cooperation"
    assert titles["Le léninisme"] == "#work-leninisme"
    quotes = [text_of(q) for q in xp(tei, "//t:text//t:quote[not(@type)]")]
    assert "on ne frappe pas un homme à terre" in quotes
    assert not any(q in ("De la coopération", "respirer") for q in quotes)


@pytest.mark.parametrize(("words", "attrs"), [
    ("du 18 au 31 décembre 1925", {"from": "1925-12-18", "to": "1925-12-31"}),
    ("16(3) mars 1918", {"when": "1918-03-16", "when-custom": "1918-03-03"}),
    ("les 27 et 28 juillet 1794", {"from": "1794-07-27", "to": "1794-07-28"}),
    ("du 10 au 12 février 1926", {"from": "1926-02-10", "to": "1926-02-12"}),
    ("décembre 1925", {"when": "1925-12"}),
])
def test_dates_carry_iso_values(tei: etree._Element, words: str, attrs: dict) -> None:
    dates = [d for d in xp(tei, "//t:text//t:date") if text_of(d) == words]
    assert dates, words
    assert all(dates[0].get(k) == v for k, v in attrs.items())


def test_every_date_has_a_value(tei: etree._Element) -> None:
    for d in xp(tei, "//t:text//t:date"):
        assert d.get("when") or d.get("from") or d.get("notBefore"), text_of(d)
    assert len(xp(tei, "//t:text//t:date[.='1921']")) >= 2


def test_persons_point_into_the_person_list(tei: etree._Element) -> None:
    ids = set(xp(tei, "//t:listPerson/t:person/@xml:id"))
    refs = xp(tei, "//t:text//t:persName/@ref")
    assert refs and {r[1:] for r in refs} <= ids
    by_text = {text_of(p): p.get("ref") for p in xp(tei, "//t:text//t:persName")}
    assert by_text["Nadejda Konstantinovna"] == by_text["N. Kroupskaïa"] == "#kroupskaia"
    assert by_text["Vladimir Ilitch"] == "#lenine"
    assert by_text["John P. Morgan"] == "#morgan"


def test_superscripts_and_compound_hyphens(tei: etree._Element) -> None:
    body = text_of(xp(tei, "//t:body")[0])
    assert "permettez-moi" in body and "Qu’est-ce" in body and "sous-estiment" in body
    sups = xp(tei, "//t:hi[@rend='sup']")
    assert all(s.text == "e" for s in sups)
    assert all(re.search(r"[IVXLC]$", (s.getprevious().tail if s.getprevious() is not None
                                         else s.getparent().text) or "") for s in sups)


def test_corrections_keep_the_received_text(tei: etree._Element) -> None:
    pairs = {(c.findtext("t:sic", namespaces=TEI_NS), c.findtext("t:corr", namespaces=TEI_NS))
             for c in xp(tei, "//t:text//t:choice")}
    for pair in [("latte", "lutte"), ("Gela", "Cela"), ("ost", "est"), ("d’antre", "d’autre"),
                 ("t â c h e s", "tâches")]:
        assert pair in pairs


def test_paragraphs_and_acclamations(tei: etree._Element) -> None:
    paras = [text_of(p) for p in xp(tei, "//t:body//t:p")]
    assert "Vive votre organisation !" in paras
    assert "Vive tout notre parti !" in paras
    assert "(Suivent une signature et une adresse)." in paras
    assert any(p.startswith("Camarades, notre discussion surgit") for p in paras)
    assert not any(p.startswith("Morgan,") for p in paras)  # "John P." is an initial
    assert len(set(xp(tei, "//t:p/@xml:id"))) == len(xp(tei, "//t:p[@xml:id]"))


def test_cli_writes_the_file_and_reports(tmp_path) -> None:
    out = tmp_path / "x.xml"
    result = cli("convert", str(SOURCE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    # the same bytes wherever it is written: the links name a schema/ folder beside the file
    assert out.read_bytes() == convert_file(SOURCE).xml == COMMITTED_TEI.read_bytes()
    assert "34 pages" in result.stderr and "19 notes" in result.stderr
    assert "2472: warning: note mark 19 has no note text" in result.stderr


def test_without_a_data_file_the_tei_is_still_valid(tmp_path) -> None:
    out = tmp_path / "bare.xml"
    result = cli("convert", str(SOURCE), "--no-meta", "-o", str(out))
    assert result.returncode == 0, result.stderr
    tei = etree.parse(str(out)).getroot()
    assert xp(tei, "//t:sp/@who") == ["#boukharine", "#boukharine"]
    assert xp(tei, "//t:titleStmt/t:author/text()") == ["N. I. Boukharine"]
    assert run_jing(out).returncode == 0
