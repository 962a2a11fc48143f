"""CETEIcean renders the edition right: the defects of issue 13, checked in a real browser.

The committed edition, encoded for other tools (issue 13: marks in @rendition, corr before
sic, running feet out of paragraphs, notes out of titles, every speech headed), has none. The
checks themselves are tested here on two small documents, one with every defect and one
without any, so that they can neither always pass nor always fail.
"""

from __future__ import annotations

from pathlib import Path

from other_tools_checks import CHECKS, all_defects, render_report

from helpers import COMMITTED_TEI

HEADER = """<teiHeader><fileDesc><titleStmt><title>t</title></titleStmt><publicationStmt>
<p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>"""

WITH_DEFECTS = f"""<TEI xmlns="http://www.tei-c.org/ns/1.0">{HEADER}<text>
<front><titlePage><docTitle><titlePart>TITRE<note place="foot" n="1">une note</note></titlePart>
</docTitle></titlePage></front>
<body><div type="speech" n="1"><sp><speaker>X</speaker>
<p>Les <soCalled>« dirigeants »</soCalled> et la <choice><sic>latte</sic><corr>lutte</corr></choice>
de <fw type="header" place="bottom">En-tête courant</fw>classe.</p></sp></div></body></text></TEI>"""

WITHOUT_DEFECTS = f"""<TEI xmlns="http://www.tei-c.org/ns/1.0">{HEADER}<text>
<front><titlePage><docTitle><titlePart>TITRE</titlePart></docTitle></titlePage></front>
<body><div type="speech" n="1"><head>RAPPORT</head><sp><speaker>X</speaker>
<p>Les <soCalled>dirigeants</soCalled> et la <choice><corr>lutte</corr><sic>latte</sic></choice>
de classe.</p><fw type="header" place="bottom">En-tête courant</fw></sp></div></body></text></TEI>"""


def _report(tmp_path: Path, xml: str) -> dict:
    tei = tmp_path / "doc.xml"
    tei.write_text(xml, encoding="utf-8")
    return render_report(tei, tmp_path)


def test_each_check_finds_its_defect(tmp_path: Path) -> None:
    report = _report(tmp_path, WITH_DEFECTS)
    for check in CHECKS:
        assert len(check(report)) == 1, (check.__name__, check(report))


def test_the_checks_pass_a_document_encoded_right(tmp_path: Path) -> None:
    assert all_defects(_report(tmp_path, WITHOUT_DEFECTS)) == []


def test_ceteicean_renders_the_edition_without_the_defects_of_issue_13(tmp_path: Path) -> None:
    report = render_report(COMMITTED_TEI, tmp_path)
    assert report["quotes"] and report["choices"] and report["speeches"]  # it really rendered
    assert all_defects(report) == []
