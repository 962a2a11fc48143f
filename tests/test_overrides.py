"""The editor's overrides in the data file: each applied by a short unique context, declared
in the header, and reported when stale (issue 15). Run through the CLI, as an editor would."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree
from rules import TITLE, doc

from helpers import cli

NS = {"t": "http://www.tei-c.org/ns/1.0"}
FULL = "Camarades, voici une ligne pleine qui court sur toute la justification de la page et puis"
FULL_END = FULL[:-5] + " fin."  # a sentence ending at the full measure: B3-margin decides
SOURCE = doc(FULL, FULL_END, "Le paragraphe continue avec « à cette vie-là » et octobre.",
             FULL, "la fin du paragraphe.", "Un autre commence ici.", FULL + ".")


def convert(tmp_path: Path, overrides: str, source: str = SOURCE) -> tuple[etree._Element, str]:
    src = tmp_path / "speech.txt"
    src.write_text(source, encoding="utf-8")
    (tmp_path / "speech.toml").write_text(overrides, encoding="utf-8")
    out = tmp_path / "speech.xml"
    result = cli("convert", str(src), "-o", str(out))
    assert result.returncode == 0, result.stderr
    checked = cli("validate", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return etree.parse(str(out)).getroot(), result.stderr


def paragraphs(root: etree._Element) -> list[str]:
    return [" ".join("".join(p.itertext()).split()) for p in root.xpath("//t:body//t:p", namespaces=NS)]


def declared(root: etree._Element) -> list[str]:
    return [" ".join("".join(i.itertext()).split())
            for i in root.xpath("//t:list[@type='overrides']/t:item", namespaces=NS)]


def test_a_paragraph_break_where_the_rule_kept_the_paragraph(tmp_path: Path) -> None:
    root, _ = convert(tmp_path, '''[[override]]
kind = "paragraph-break"
context = "la page et fin. Le paragraphe"
at = "Le paragraphe"
reason = "l’imprimé montre un alinéa"
''')
    assert paragraphs(root)[0] == f"{FULL} {FULL_END}"
    assert declared(root) == ["« la page et fin. Le paragraphe » → fin de paragraphe l’imprimé "
                              "montre un alinéa"]
    assert not root.xpath("//t:body//t:p[1]//t:milestone", namespaces=NS)  # decided now


def test_a_paragraph_join_where_the_text_ended_it(tmp_path: Path) -> None:
    root, _ = convert(tmp_path, '''[[override]]
kind = "paragraph-join"
context = "la fin du paragraphe. Un autre"
at = "Un autre"
reason = "pas d’alinéa dans l’imprimé"
''')
    assert any(p.endswith("la fin du paragraphe. Un autre commence ici.") for p in paragraphs(root))
    assert declared(root) == ["« la fin du paragraphe. Un autre » → paragraphe continu pas "
                              "d’alinéa dans l’imprimé"]


def test_a_guillemet_reading_for_one_occurrence(tmp_path: Path) -> None:
    root, _ = convert(tmp_path, '''[[override]]
kind = "reading"
context = "avec « à cette vie-là »"
reading = "quotation"
reason = "une citation de Lénine"
''')
    quotes = root.xpath("//t:body//t:quote", namespaces=NS)
    # soCalled by the general rule; its guillemets are declared by @rendition (rule E1)
    assert [q.text for q in quotes] == ["à cette vie-là"]
    assert quotes[0].get("rendition", "").startswith("#")
    item = root.xpath("//t:list[@type='overrides']/t:item", namespaces=NS)[0]
    assert item.get("corresp") == "#" + quotes[0].get("{http://www.w3.org/XML/1998/namespace}id")


def test_a_date_value(tmp_path: Path) -> None:
    root, _ = convert(tmp_path, '''[[override]]
kind = "date"
context = "et octobre"
at = "octobre"
date = "1924-10"
reason = "le plénum d’octobre 1924"
''')
    dates = root.xpath("//t:body//t:date", namespaces=NS)
    assert [(d.text, dict(d.attrib)) for d in dates] == [("octobre", {"when": "1924-10"})]
    assert declared(root) == ["« et octobre » → 1924-10 le plénum d’octobre 1924"]


def test_a_note_text_assigned_to_a_mark(tmp_path: Path) -> None:
    source = (TITLE + "Une première marque\n1\n et une seconde\n2\n ici.\n\n \n\n1\n Note A.\n\n"
              "2\n Note B.\n\n")
    root, _ = convert(tmp_path, '''[[override]]
kind = "note"
context = "Une première marque"
note = "2"
reason = "les notes sont interverties dans l’extraction"
''', source)
    notes = root.xpath("//t:body//t:note", namespaces=NS)
    assert [(n.get("n"), n.text) for n in notes] == [("1", "Note B."), ("2", "Note A.")]
    assert declared(root) == ["« Une première marque » → texte de la note 2 les notes sont "
                              "interverties dans l’extraction"]


def test_stale_overrides_are_reported_with_the_data_files_line(tmp_path: Path) -> None:
    root, stderr = convert(tmp_path, '''[[override]]
kind = "date"
context = "un passage disparu"
date = "1924-10"
reason = "x"

[[override]]
kind = "paragraph-break"
context = "ligne pleine Camarades"
at = "Camarades"
reason = "y"
''')
    assert "speech.toml:1: warning: override (date) 'un passage disparu': its context is not in " \
           "the text; not applied" in stderr
    assert "speech.toml:7: warning: override (paragraph-break) 'ligne pleine Camarades': no line " \
           "end of the text falls there; not applied" in stderr
    assert declared(root) == []


def test_a_bad_override_is_one_clear_error_with_its_line(tmp_path: Path) -> None:
    src = tmp_path / "speech.txt"
    src.write_text(SOURCE, encoding="utf-8")
    (tmp_path / "speech.toml").write_text('[[override]]\nkind = "moved"\ncontext = "x"\nreason = "y"\n',
                                          encoding="utf-8")
    result = cli("convert", str(src))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().startswith("error: ") and "speech.toml:1" in result.stderr
    assert "override kind 'moved'" in result.stderr


QUOTING = doc("Lénine écrivait : « la liberté du commerce, c’est le capitalisme » et le héros dit :",
              "« Nous faisons du bruit, frères, nous faisons du bruit » ; puis la suite.",
              FULL, "la lettre suivante.", "« Ne devrais-je pas jouer les nervis, moi ?",
              "Salut fraternel. »", "Fin du discours.")
QUOTING_DATA = '''[[person]]
id = "lenine"
name = "Vladimir Ilitch Lénine"
forms = ["Lénine"]

[[person]]
id = "griboiedov"
name = "Alexandre Griboïedov"

[[work]]
id = "work-comedie"
title = "Le Malheur d’avoir trop d’esprit"
author = "griboiedov"
date = "1825"

[[work]]
id = "work-lettre"
title = "Une lettre"
type = "letter"
'''


def sourced(context: str, ref: str, reason: str) -> str:
    """A source override, as the data file spells it."""
    return f'\n[[override]]\nkind = "source"\ncontext = "{context}"\nref = "{ref}"\nreason = "{reason}"\n'


def test_a_quotation_takes_the_work_or_the_person_the_editor_names(tmp_path: Path) -> None:
    data = (QUOTING_DATA + sourced("c’est le capitalisme", "lenine", "le texte nomme Lénine")
            + sourced("nous faisons du bruit", "work-comedie", "un héros de Griboïedov")
            + sourced("jouer les nervis", "work-lettre", "la lettre lue"))
    root, stderr = convert(tmp_path, data, QUOTING)
    assert "override" not in stderr
    quotes = {" ".join("".join(q.itertext()).split()): q.get("source")
              for q in root.xpath("//t:body//t:quote", namespaces=NS)}
    assert quotes["la liberté du commerce, c’est le capitalisme"] == "#lenine"
    assert quotes["Nous faisons du bruit, frères, nous faisons du bruit"] == "#work-comedie"
    # a paragraph that is one quotation is a block quotation (Q2): it takes the source too
    letter = root.xpath("//t:body//t:quote[@type='block']", namespaces=NS)
    assert [q.get("source") for q in letter] == ["#work-lettre"]
    assert declared(root)[0] == "« c’est le capitalisme » → source #lenine le texte nomme Lénine"
    # the header says how quotations get a source from the editor
    assert "vers la personne citée" in "".join(root.xpath(
        "string(//t:editorialDecl/t:interpretation)", namespaces=NS))
    # the citation list names whom each quotation quotes
    out = tmp_path / "pub"
    result = cli("build", str(tmp_path / "speech.xml"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = json.loads((out / "speech.citations.json").read_text(encoding="utf-8"))["quotations"]
    quoted = {r["text"].strip("«» \u202f\u00a0"): (r["quoted"], r["source"] and r["source"]["work"])
              for r in rows}
    assert quoted["la liberté du commerce, c’est le capitalisme"] == ("Vladimir Ilitch Lénine", None)
    assert quoted["Nous faisons du bruit, frères, nous faisons du bruit"] == (
        "Alexandre Griboïedov", "work-comedie")


def test_a_source_override_outside_a_quotation_or_on_a_sourced_one_is_stale(tmp_path: Path) -> None:
    source = doc("Il cite : « une phrase assez longue pour être une citation »",
                 "1", " et conclut.", "Fin.", " ", "1", " V. Lénine : Œuvres, t. 33, p. 111.")
    root, stderr = convert(tmp_path, QUOTING_DATA + sourced("et conclut", "lenine", "x")
                           + sourced("assez longue", "lenine", "y"), source)
    assert "override (source) 'et conclut': no quotation holds its context; not applied" in stderr
    assert "override (source) 'assez longue': its quotation already has a source " in stderr
    assert [q.get("source") for q in root.xpath("//t:body//t:quote", namespaces=NS)] == ["#bibl-note-1"]
    assert declared(root) == []


def test_a_source_override_naming_nobody_is_an_error(tmp_path: Path) -> None:
    src = tmp_path / "speech.txt"
    src.write_text(QUOTING, encoding="utf-8")
    (tmp_path / "speech.toml").write_text(QUOTING_DATA + sourced("jouer les nervis", "work-absent", "z"),
                                          encoding="utf-8")
    result = cli("convert", str(src))
    assert result.returncode == 1 and result.stdout == ""
    assert "override ref 'work-absent' is not a declared work or person" in result.stderr
    assert "speech.toml:" in result.stderr


def test_a_works_publisher_and_place_reach_the_tei_and_the_csl_items(tmp_path: Path) -> None:
    data = QUOTING_DATA.replace('date = "1825"', 'date = "1825"\npublisher = "Éditions du Progrès"\n'
                                                 'pub_place = "Moscou"')
    root, _ = convert(tmp_path, data, QUOTING)
    (work,) = root.xpath("//t:listBibl/t:bibl[@xml:id='work-comedie']", namespaces=NS)
    assert [(c.tag.split("}")[1], c.text) for c in work][2:4] == [
        ("pubPlace", "Moscou"), ("publisher", "Éditions du Progrès")]
    out = tmp_path / "pub"
    assert cli("build", str(tmp_path / "speech.xml"), "-o", str(out)).returncode == 0
    items = {i["id"]: i for i in json.loads((out / "speech.csl.json").read_text(encoding="utf-8"))}
    assert (items["work-comedie"]["publisher"], items["work-comedie"]["publisher-place"]) == (
        "Éditions du Progrès", "Moscou")


def test_the_data_file_can_give_the_editions_address(tmp_path: Path) -> None:
    """[edition] url: the page's address in its metadata and citations without --base-url
    (which, given, wins); a value that is no web address is an error with its line."""
    url = "https://editions.example.org/lettre.html"
    root, _ = convert(tmp_path, f'[edition]\nurl = "{url}"\n' + QUOTING_DATA, QUOTING)
    assert root.xpath("//t:publicationStmt/t:idno[@type='URL']/text()", namespaces=NS) == [url]
    out = tmp_path / "pub"
    assert cli("build", str(tmp_path / "speech.xml"), "-o", str(out)).returncode == 0
    page = (out / "speech.html").read_text(encoding="utf-8")
    assert f'<meta name="citation_public_url" content="{url}"' in page
    assert json.loads((out / "speech.csl.json").read_text(encoding="utf-8"))[0]["URL"] == url
    (tmp_path / "speech.toml").write_text('[edition]\nurl = "javascript:alert(1)"\n', encoding="utf-8")
    result = cli("convert", str(tmp_path / "speech.txt"))
    assert result.returncode == 1 and "speech.toml:2" in result.stderr
    assert "edition url 'javascript:alert(1)' is not an http(s) address" in result.stderr
