"""What the text leaves open, decided and said: months without a year, the speaker, the
paragraph boundaries the stated rule decides (issue 15)."""

from __future__ import annotations

from rules import doc, reads

from helpers import SOURCE, cli

UNDATED_TITLE = " RAPPORT DE N. ORATEUR À LA CONFÉRENCE \n\n"  # no date line


def test_a_month_without_a_year_takes_the_last_one_before_the_documents_date() -> None:
    r = reads(doc("Le plénum d’octobre et le 3 mars, mais pas les barricades d’Octobre."))
    assert r.at("//t:body//t:date") == ['<date cert="medium" when="1925-10">octobre</date>',
                                       '<date cert="medium" when="1925-03-03">3 mars</date>']
    assert "d’après la date du document" in " ".join(r.text("//t:stdVals/t:p"))


def test_a_month_of_the_documents_own_year_and_month_stays_in_that_year() -> None:
    r = reads(doc("Le 10 février et en janvier, le comité a siégé."))
    assert r.at("//t:body//t:date") == ['<date cert="medium" when="1926-02-10">10 février</date>',
                                       '<date cert="medium" when="1926-01">janvier</date>']


def test_without_the_documents_month_a_yearless_month_is_left_undated_and_warned() -> None:
    r = reads(UNDATED_TITLE + "Au plénum d’octobre, le comité a siégé.\n\n")
    assert r.at("//t:body//t:date") == []
    assert r.warnings == ["rule.txt:3: warning: 'octobre' names a month without a year, and the "
                          "document's own dates do not say which: no @when; give its date in the "
                          "data file"]


def test_the_title_block_names_the_speaker() -> None:
    r = reads(doc("Camarades, je commence."))
    assert r.at("//t:speaker") == ["<speaker>N. Orateur</speaker>"]
    assert r.at("//t:listPerson/t:person/t:persName") == ["<persName>N. Orateur</persName>"]


def test_no_speaker_is_said_in_the_tei_and_the_warning_says_how_to_fix_it() -> None:
    r = reads(" DISCOURS À LA CONFÉRENCE \n\n10-11 février 1926 \n\nCamarades.\n\n")
    assert r.at("//t:speaker") == ["<speaker>Orateur non identifié</speaker>"]
    assert r.warnings == [
        "rule.txt:1: warning: no speaker found (the data file, the title block and the running "
        "heads name none): the TEI says 'Orateur non identifié'; to name the speaker, add to the "
        'data file [[person]] id = "…", name = "…" and [[speech]] who = "…"']


def test_convert_lists_the_uncertain_boundaries_with_their_lines() -> None:
    listed = cli("convert", "--list-uncertain", "-q", str(SOURCE))
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert len(lines) == 33 and not listed.stdout.startswith("<?xml")
    first = lines[0]
    assert first.startswith(f"{SOURCE}:273: paragraph goes on (stated rule B3-margin): ")
    assert "la conquête du pouvoir, etc. | Aujourd’hui, le centre" in first
    source_lines = SOURCE.read_text(encoding="utf-8").splitlines()
    for line in lines:
        number = int(line.split(":")[1])
        after = line.split(" | ")[1].rstrip("…").split()[0]
        assert source_lines[number - 1].lstrip().startswith(after), line


def test_every_uncertain_boundary_of_the_embedded_document_is_marked_in_its_tei() -> None:
    from lxml import etree

    from helpers import COMMITTED_TEI, TEI_NS
    tree = etree.parse(str(COMMITTED_TEI))
    marks = tree.xpath("//t:body//t:milestone[@unit='paragraph'][@type='uncertain']",
                       namespaces=TEI_NS)
    assert len(marks) == 33
    assert "Les 33 endroits" in " ".join(tree.xpath("//t:segmentation/t:p/text()", namespaces=TEI_NS))
