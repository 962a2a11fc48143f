"""One test per rule of docs/layout.md: these source lines read as this TEI.

Each test is the rule on the fewest lines that show it (`rules.doc` puts them under a title
block, each physical line followed by its blank line, L1). Read a rule here, then in
`src/tei_edition/reading/`, where the function applying it names it.
"""

from __future__ import annotations

import re
from pathlib import Path

from rules import TITLE, doc, reads

from tei_edition.convert import convert_text

# A full line of the measure: 90 characters, running on (no sentence end).
FULL = "Camarades, voici une ligne pleine qui court sur toute la justification de la page et puis"
assert len(FULL) == 89


def body_paragraphs(text: str, meta: dict | None = None) -> list[str]:
    return reads(text, meta).text("//t:body//t:p")


# --- Lines ----------------------------------------------------------------------------


def test_L1_each_line_end_is_one_space() -> None:
    r = reads(doc("Première ligne du paragraphe", "et la seconde, qui le termine."))
    assert r.at("//t:body//t:p") == ["<p>Première ligne du paragraphe et la seconde, qui le termine.</p>"]


def test_L2_a_line_is_short_when_the_next_first_word_would_have_fitted() -> None:
    ends = "Une phrase qui finit à dix caractères de la marge droite, comme celle-ci, voilà."
    fits = doc(FULL, ends, "Court, le mot suivant tient dans la place laissée.", FULL + ".")
    misses = doc(FULL, ends, "Interminablement, ce mot ne tient pas à la fin.", FULL + ".")
    # "Court," fits after the line: it was cut short, the paragraph ends there
    assert body_paragraphs(fits)[0].endswith("voilà.")
    # "Interminablement," does not: the line is full, the paragraph goes on (B3-margin)
    assert body_paragraphs(misses)[0].endswith("pas à la fin.")


def test_L3_a_compound_hyphen_at_a_line_end_is_kept_without_a_space() -> None:
    r = reads(doc("Camarades, permettez-", "moi de saluer la conférence."))
    assert r.text("//t:body//t:p") == ["Camarades, permettez-moi de saluer la conférence."]


# --- Pages ----------------------------------------------------------------------------


def test_P1_a_line_opening_with_a_space_right_after_a_line_starts_a_page() -> None:
    text = TITLE + "Fin de la première page, et la phrase continue\n suivante sur la deuxième page.\n\n"
    r = reads(text)
    assert r.at("//t:body//t:p") == [
        '<p>Fin de la première page, et la phrase continue <pb n="2" type="inferred"/>'
        "suivante sur la deuxième page.</p>"]


def test_P2_a_running_foot_is_kept_as_fw_and_its_number_counts_the_pages() -> None:
    text = (TITLE + "Fin de la première page, et la phrase continue\n\n\n\n"
            "N. Orateur – Conférence de 1926 \n\n7 \n la suite sur la page suivante.\n\n")
    r = reads(text)
    # the foot closes page 7: the pages are counted from it; it leaves the sentence it fell
    # in for the place right after the paragraph, naming the page break it stood before
    assert r.at("//t:body//t:p") == [
        '<p>Fin de la première page, et la phrase continue <pb n="8" type="inferred"/>'
        "la suite sur la page suivante.</p>"]
    assert r.at("//t:body//t:p/following-sibling::t:fw") == [
        '<fw type="header" place="bottom" corresp="#page-8">N. Orateur – Conférence de 1926</fw>',
        '<fw type="pageNum" place="bottom" corresp="#page-8">7</fw>']
    assert r.at("//t:pb")[0] == '<pb n="7" type="printed"/>'


def test_P3_a_last_page_holding_only_a_space_is_no_page() -> None:
    text = doc("Le discours tient sur une seule page.") + "\n "
    assert reads(text).at("//t:pb") == ['<pb n="1" type="inferred"/>']


# --- Notes ----------------------------------------------------------------------------

NOTE_BLOCK = "\n\n \n\n"  # N3: a blank line, a line holding one space, a blank line


def test_N1_a_digits_line_attached_to_a_word_is_a_note_mark() -> None:
    text = (TITLE + "Le parti doit retrouver son équilibre\n1\n. Et la suite vient ici.\n\n"
            + NOTE_BLOCK.lstrip("\n") + "1\n La note de bas de page.\n\n")
    assert reads(text).at("//t:body//t:p") == [
        '<p>Le parti doit retrouver son équilibre<note place="foot" n="1">La note de bas de page.'
        "</note>. Et la suite vient ici.</p>"]


def test_N1b_a_mark_glued_to_the_last_word_of_a_capitals_line() -> None:
    text = (" RAPPORT À LA CONFÉRENCE DE LENINGRAD1  \n\n10-11 février 1926 \n\n"
            "Le discours commence ici.\n\n \n\n1\n La conférence de la province.\n\n")
    r = reads(text)
    # the note leaves the title (tools print a title whole): an anchor stays at its mark
    assert r.at("//t:titlePart") == ['<titlePart type="main">RAPPORT À LA CONFÉRENCE DE LENINGRAD'
                                     "<anchor/></titlePart>"]
    assert r.at("//t:titlePage/t:note") == [
        '<note place="foot" n="1" target="#note-1-call">La conférence de la province.</note>']
    assert r.root.xpath("//t:anchor/@xml:id", namespaces={"t": "http://www.tei-c.org/ns/1.0"}) == [
        "note-1-call"]


def test_N2_digits_glued_to_a_mark_are_dropped_with_a_warning() -> None:
    text = (TITLE + "Une marque abîmée\n1046\n ici.\n\n \n\n1\n La note.\n\n")
    r = reads(text)
    assert r.at("//t:body//t:note") == ['<note place="foot" n="1">La note.</note>']
    assert r.warnings == ["rule.txt:6: warning: note mark '1046' read as 1 (digits glued to it)"]
    assert r.text("//t:correction/t:p")[-1].startswith("Un appel de note dont les chiffres")


def test_N3_a_note_block_opens_with_a_lone_space_and_each_note_with_its_number() -> None:
    text = (TITLE + "Deux marques\n1\n et\n2\n ici.\n\n \n\n1\n Première note.\n\n2\n\n Deuxième note.\n\n")
    assert reads(text).at("//t:body//t:note") == [
        '<note place="foot" n="1">Première note.</note>',
        '<note place="foot" n="2">Deuxième note.</note>']  # a blank line after a number: R11


def test_N4_a_note_starting_with_two_spaces_lost_its_number() -> None:
    text = (TITLE + "Une marque\n1\n et une autre\n2\n pour finir.\n\n \n\n1\n Première note.\n"
            "  Deuxième note sans numéro.\n\n")
    r = reads(text)
    assert r.at("//t:body//t:note")[1] == '<note place="foot" n="2">Deuxième note sans numéro.</note>'
    assert r.warnings == ["rule.txt:15: warning: note text has lost its number: numbered from the "
                          "marks' order"]
    assert "Notes dont le numéro a été perdu à l’extraction : 2" in r.text("//t:correction/t:p")[-1]


def test_N4b_a_page_with_more_marks_than_note_texts_splits_a_numberless_note() -> None:
    marks = FULL + " une\n1\n et une autre\n2\n ici.\n\n \n\n"
    lost_both = "  Première note sans numéro.\n\nSeconde note, qui a tout perdu.\n\n"
    r = reads(TITLE + marks + lost_both)
    assert r.at("//t:body//t:note") == [
        '<note place="foot" n="1">Première note sans numéro.</note>',
        '<note place="foot" n="2">Seconde note, qui a tout perdu.</note>']
    assert "rule.txt:15: warning: note paragraph read as a note of its own: its page has more " \
           "marks than note texts (the note lost its number)" in r.warnings
    # one mark: the same two paragraphs are one note of two paragraphs (N7)
    one = reads(TITLE + FULL + " une\n1\n ici.\n\n \n\n" + lost_both)
    assert one.at("//t:body//t:note") == [
        '<note place="foot" n="1"><p>Première note sans numéro.</p>'
        "<p>Seconde note, qui a tout perdu.</p></note>"]


def test_N5_a_note_block_opening_without_a_number_continues_the_last_note() -> None:
    text = (TITLE + "Une marque\n1\n sur la première page.\n\n \n\n1\n Une note longue qui commence ici\n"
            " La deuxième page commence.\n\n \n\net continue au pied de la page suivante.\n\n")
    assert reads(text).at("//t:body//t:note") == [
        '<note place="foot" n="1">Une note longue qui commence ici et continue au pied de la page '
        "suivante.</note>"]


def test_N6_a_mark_without_note_text_becomes_a_gap() -> None:
    r = reads(doc("Une marque\n1\n sans note."))
    assert r.at("//t:body//t:note") == [
        '<note place="foot" n="1"><gap reason="lost" unit="note"><desc>Le texte de cette note manque '
        "dans l’extraction du PDF.</desc></gap></note>"]
    assert r.warnings == ["rule.txt:6: warning: note mark 1 has no note text in the extraction: "
                          "encoded as a gap"]


def test_N7_a_short_line_ending_a_sentence_ends_a_note_paragraph() -> None:
    text = (TITLE + FULL + " une marque\n1\n ici.\n\n \n\n1\n Premier paragraphe de la note.\n\n"
            "Second paragraphe de la note.\n\n")
    assert reads(text).at("//t:body//t:note") == [
        '<note place="foot" n="1"><p>Premier paragraphe de la note.</p>'
        "<p>Second paragraphe de la note.</p></note>"]


def test_N8_a_note_without_a_mark_closes_the_last_paragraph_of_its_page() -> None:
    text = TITLE + "Un paragraphe sans marque.\n\n \n\n1\n Une note sans appel.\n\n"
    r = reads(text)
    assert r.at("//t:body//t:p") == [
        '<p>Un paragraphe sans marque.<note place="foot" n="1">Une note sans appel.</note></p>']
    assert r.warnings == ["rule.txt:10: warning: note 1 has no mark in the text: placed at the end "
                          "of the paragraph of its page"]


def test_N9_a_number_read_twice_joins_the_second_text_to_the_first() -> None:
    text = TITLE + "Une marque\n1\n ici.\n\n \n\n1\n Premier texte.\n\n1\n Second texte.\n\n"
    r = reads(text)
    assert r.at("//t:body//t:note") == [
        '<note place="foot" n="1"><p>Premier texte.</p><p>Second texte.</p></note>']
    assert r.warnings == ["rule.txt:15: warning: note text numbered 1 where 2 was expected",
                          "rule.txt:15: warning: two note texts are numbered 1: the second is "
                          "joined to the first"]


def test_bare_tokens_a_digits_line_with_a_leading_space_is_text() -> None:
    text = TITLE + "Depuis la révolution de\n 1905 \nle parti a grandi.\n\n"
    r = reads(text)
    assert r.at("//t:body//t:note") == []
    assert r.text("//t:body//t:p") == ["Depuis la révolution de 1905 le parti a grandi."]


def test_P1b_a_wide_line_glued_inside_a_note_block_is_no_page_start() -> None:
    # enough body lines that the glued line is beyond their 98th percentile
    body = [f"{FULL[:60]} ligne {k:02d} du corps" for k in range(60)]
    wide = " " + "une ligne de note plus large que toutes les lignes du corps, " * 2
    text = (TITLE + "\n\n".join(body) + "\n1\n fin du paragraphe.\n\n \n\n1\n Une note qui commence\n"
            + wide + "\n\n")
    r = reads(text)
    assert r.at("//t:pb") == ['<pb n="1" type="inferred"/>']  # one page: the line is note text
    assert r.text("//t:body//t:note")[0].endswith("lignes du corps,")


# --- Superscripts ---------------------------------------------------------------------


def test_S1_an_ordinal_suffix_on_its_own_line_joins_its_numeral() -> None:
    text = TITLE + "Au cours du XIV\ne\n siècle, et au 1\ner\n rang.\n\n"
    assert reads(text).at("//t:body//t:p") == [
        '<p>Au cours du XIV<hi rend="sup">e</hi> siècle, et au 1<hi rend="sup">er</hi> rang.</p>']


# --- Blocks ---------------------------------------------------------------------------


def test_B1_the_opening_capitals_and_their_date_line_are_the_title() -> None:
    r = reads(doc("Le discours commence."))
    assert r.at("//t:titlePage") == [
        '<titlePage><docTitle><titlePart type="main">RAPPORT DE N. ORATEUR À LA CONFÉRENCE</titlePart>'
        "</docTitle>"
        '<docDate from="1926-02-10" to="1926-02-11">10-11 février 1926</docDate></titlePage>']


def test_B2_a_later_capitals_block_starts_a_speech_its_date_line_dates_it() -> None:
    r = reads(doc("Le premier discours.", "DISCOURS DE CLÔTURE", "11 FÉVRIER", "Le second discours."))
    assert r.at("//t:div/t:head") == ["<head>DISCOURS DE CLÔTURE</head>"]
    assert r.at("//t:div/t:dateline") == ['<dateline><date when="1926-02-11">11 FÉVRIER</date></dateline>']
    assert r.root.xpath("//t:setting/t:date/@when", namespaces={"t": "http://www.tei-c.org/ns/1.0"}) \
        == ["1926-02-10", "1926-02-11"]


def test_B3_a_short_line_ending_a_sentence_ends_the_paragraph() -> None:
    paras = body_paragraphs(doc(FULL, "la fin du premier.", "Le second paragraphe."))
    assert paras == [FULL + " la fin du premier.", "Le second paragraphe."]


def test_B3_margin_a_full_line_ending_a_sentence_does_not_end_the_paragraph() -> None:
    full_end = FULL[:-5] + " fin."  # as wide as the measure, and a sentence ends there
    text = doc(FULL, full_end, "Le paragraphe continue ici.", FULL + ".")
    assert body_paragraphs(text)[0] == f"{FULL} {full_end} Le paragraphe continue ici."
    # the text cannot decide it: the place is marked for other tools and listed for editors
    r = reads(text)
    assert r.at("//t:body//t:p[1]/t:milestone") == [
        '<milestone unit="paragraph" type="uncertain" cert="medium" resp="#resp-encoding"/>']
    assert r.text("//t:body//t:p[1]") == [f"{FULL} {full_end} Le paragraphe continue ici."]
    assert convert_text(text, "rule.txt").uncertain[0].line == 9


def test_B3_indent_a_run_on_line_leaving_room_was_indented_so_opens_a_paragraph() -> None:
    full_end = FULL[:-5] + " fin."
    indented = FULL[:-30] + " suivie"  # runs on, yet the next word would have fitted: indented
    paras = body_paragraphs(doc(FULL, full_end, indented, FULL, FULL + "."))
    assert paras[0] == f"{FULL} {full_end}"


def test_B3_quote_a_paragraph_does_not_end_inside_a_quotation_it_opened() -> None:
    quoted = doc(FULL, "il écrivit : « Nous viendrons.", "Le soir même », dit-il, et ce fut tout.")
    plain = doc(FULL, "il écrivit : Nous viendrons.", "Le soir même, dit-il, et ce fut tout.")
    assert len(body_paragraphs(quoted)) == 1
    assert len(body_paragraphs(plain)) == 2  # the same short line ends it outside a quotation


def test_B4_a_one_line_acclamation_is_a_paragraph() -> None:
    paras = body_paragraphs(doc(FULL, "la fin du discours.", "Vive votre organisation !",
                                "Applaudissements."))
    assert paras[1:] == ["Vive votre organisation !", "Applaudissements."]


# --- Quotations -----------------------------------------------------------------------


def test_Q1_guillemets_open_and_close_quotations_which_nest() -> None:
    r = reads(doc("Il a dit : « Nous lirons, comme il l’écrivait, « les vieux livres » avec soin. »"))
    assert r.at("//t:body//t:quote") == [
        '<quote rendition="#guillemet-open #guillemet-close">Nous lirons, comme il l’écrivait, '
        '<soCalled rendition="#guillemet-open #guillemet-close">les vieux livres</soCalled> '
        "avec soin.</quote>"]
    # the guillemets, out of the text (other tools add their own), are declared as printed
    assert r.at("//t:tagsDecl/t:rendition") == [
        '<rendition scheme="css" scope="before">content: "« ";</rendition>',
        '<rendition scheme="css" scope="after">content: " »";</rendition>']


def test_Q2_a_quotation_over_whole_paragraphs_is_a_block_quotation() -> None:
    r = reads(doc(FULL, "la lettre suivante.", "« Chers camarades, nous venons.", "Salut fraternel. »",
                  "Voilà la lettre."))
    assert r.at("//t:body//t:quote[@type='block']") == [
        '<quote type="block"><p>« Chers camarades, nous venons.</p><p>Salut fraternel. »</p></quote>']


def test_Q3_guillemets_around_a_work_give_a_title_around_few_words_soCalled() -> None:
    meta = {"work": [{"id": "capital", "title": "Le Capital", "forms": ["Le Capital"]}]}
    r = reads(doc("Relisez « Le Capital » avant de « respirer » un peu."), meta)
    assert r.at("//t:body//t:p/*") == ['<title ref="#capital">« Le Capital »</title>',
                                      '<soCalled rendition="#guillemet-open #guillemet-close">'
                                      "respirer</soCalled>"]


def test_Q4_a_reference_note_after_a_quotation_gives_its_source() -> None:
    text = (TITLE + "Il écrivait : « Le parti doit se renouveler sans cesse, avec vigueur. »\n1\n"
            " Et puis.\n\n \n\n1\n Œuvres, t. 4, p. 111.\n\n")
    r = reads(text)
    quote = r.root.xpath("//t:body//t:quote", namespaces={"t": "http://www.tei-c.org/ns/1.0"})[0]
    assert quote.get("source") == "#bibl-note-1"
    assert r.at("//t:note/t:bibl") == [
        '<bibl>Œuvres, <biblScope unit="volume" from="4" to="4">t. 4</biblScope>, '
        '<biblScope unit="page" from="111" to="111">p. 111</biblScope></bibl>']


# --- the rules, the docs and the code speak one vocabulary ---------------------------

ROOT = Path(__file__).resolve().parents[1]
RULE = re.compile(r"\b([LPNSBQ]\d[a-z]?(?:-(?:quote|indent|margin))?)\b")


def documented_rules() -> set[str]:
    layout = (ROOT / "docs" / "layout.md").read_text(encoding="utf-8")
    return set(re.findall(r"^- \*\*([LPNSBQ]\d[a-z]?(?:-\w+)?)\b", layout, re.M))


def test_every_documented_rule_has_its_test_here() -> None:
    tests = {name for name in globals() if name.startswith("test_")}
    rules = documented_rules()
    assert len(rules) >= 29
    missing = [r for r in rules if not any(t.startswith(f"test_{r.replace('-', '_')}_") for t in tests)]
    assert not missing, missing


def test_every_rule_the_code_names_is_documented() -> None:
    rules = documented_rules()
    named: dict[str, str] = {}
    for path in (ROOT / "src" / "tei_edition").rglob("*.py"):
        for rule in RULE.findall(path.read_text(encoding="utf-8")):
            named.setdefault(rule, path.name)
    not_rules = {"P5", "B5"}  # TEI P5; the ISO B5 paper size of the PDF
    undocumented = {r: f for r, f in named.items() if r not in rules and r not in not_rules}
    assert not undocumented, undocumented


def test_the_code_cites_no_fix_or_bench_numbers() -> None:
    """One vocabulary: comments cite layout rules; the fix history (F1-F16) is in CHANGELOG.md
    and the bench's own conventions (R1-R25) in tests/bench."""
    cited = {}
    for path in (ROOT / "src" / "tei_edition").rglob("*.py"):
        found = re.findall(r"\b[FR]\d{1,2}\b", path.read_text(encoding="utf-8"))
        if found:
            cited[path.name] = found
    assert not cited, cited
