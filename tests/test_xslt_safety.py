"""Nothing in a TEI file can put markup or script into the HTML, or break the text formats.

hostile-edition.xml carries payloads in attributes too (the validator refuses it, so the
stylesheets are run on it directly: they must be safe even on TEI nobody checked);
hostile-text.xml is valid and carries them in text, so it goes through the CLI.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from lxml import html
from page_scripts import without_our_scripts

from tei_edition.transform import Publisher

FIXTURES = Path(__file__).parent / "fixtures" / "publish"
HOSTILE = ["hostile-edition.xml", "hostile-text.xml"]


@pytest.fixture(scope="module")
def publisher() -> Publisher:
    return Publisher()


@pytest.fixture(scope="module", params=HOSTILE)
def rendered(request, publisher) -> dict[str, bytes]:
    return publisher.render(FIXTURES / request.param)


def test_no_script_no_handler_no_foreign_url(rendered) -> None:
    # the page's own two scripts (JSON-LD data, the fixed Escape handler) are checked and
    # set aside; nothing else may be a script
    source = without_our_scripts(rendered[".html"].decode())
    page = html.document_fromstring(source)
    # HTML leaves "<" unescaped inside a quoted attribute (harmless there): look outside them
    assert "<script" not in outside_attributes(source).lower()
    assert not page.xpath("//script | //iframe | //object | //embed | //img | //base | //form")
    handlers = [a for el in page.iter() for a in el.attrib if a.lower().startswith("on")]
    assert handlers == []
    for href in page.xpath("//@href | //@src | //@cite | //@action"):
        assert href.startswith(("#", "https://creativecommons.org/")), href
    # the only style is ours: TEI text never reaches it
    assert len(page.xpath("//style")) == 1
    assert "alert" not in page.xpath("string(//style)")


def test_the_pages_own_scripts_are_the_same_whatever_the_tei(rendered, publisher) -> None:
    def scripts(source: str) -> list:
        page = html.document_fromstring(source)
        return [(s.get("type"), s.text or "") for s in page.xpath("//script")]

    hostile = scripts(rendered[".html"].decode())
    bland = scripts(publisher.render(FIXTURES / "rich-edition.xml")[".html"].decode())
    assert [h for h in hostile if h[0] is None] == [b for b in bland if b[0] is None]
    (data,) = [json.loads(text) for kind, text in hostile if kind == "application/ld+json"]
    # the hostile title is in the JSON-LD as data, escaped, never as markup
    assert "<script>" in data["name"] or "alert" not in data["name"]


def test_payloads_arrive_as_visible_text(rendered) -> None:
    page = html.document_fromstring(rendered[".html"].decode())
    text = page.xpath("string(//body)")
    assert '<script>alert("p")</script>' in text
    assert "\"double\" 'single' &amp;" in text
    title = page.xpath("string(//head/title)")
    assert title.startswith('Rapport </title><script>alert("title")</script>')


def test_attribute_payloads_stay_inside_their_attribute(publisher) -> None:
    page = html.document_fromstring(
        publisher.render(FIXTURES / "hostile-edition.xml")[".html"].decode())
    # an unsafe licence target is shown as text, not linked
    assert not page.xpath("//a[@rel='license']")
    assert "CC BY 4.0" in page.xpath("string(//footer)")
    # an ISO-looking but broken date is not used as datetime
    for value in page.xpath("//time/@datetime"):
        assert value.replace("-", "").isdigit(), value
    # a page number with markup is text inside one span
    (pb,) = page.xpath("//*[@id='page-6']")
    assert pb.text_content() == "[p. 6\"><script>alert('pb')</script>]"
    # a pointer that is not "#id" of a person makes no link
    assert not page.xpath("//a[contains(@href, 'javascript')]")


def test_text_formats_stay_well_formed(rendered) -> None:
    for suffix in (".citations.json", ".csl.json"):
        json.loads(rendered[suffix])
    rows = list(csv.reader(io.StringIO(rendered[".citations.csv"].decode("utf-8-sig"), newline="")))
    assert rows[0][0] == "id" and all(len(r) == len(rows[0]) for r in rows)
    text = rendered[".txt"].decode()
    assert '<script>alert("p")</script>' in text  # plain text keeps it as the words it is


def test_the_valid_hostile_file_builds_through_the_cli(tmp_path) -> None:
    pytest.importorskip("tei_edition.validation")
    from click.testing import CliRunner

    from tei_edition.cli import main

    result = CliRunner().invoke(main, ["build", str(FIXTURES / "hostile-text.xml"),
                                       "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = without_our_scripts((tmp_path / "hostile-text.html").read_text(encoding="utf-8"))
    assert "<script" not in outside_attributes(page).lower()
    assert "&lt;script&gt;" in page


def outside_attributes(source: str) -> str:
    """The page without its attribute values (the serializer always writes them in "…",
    and a " inside one is written &#34;)."""
    return re.sub(r'="[^"]*"', '=""', source)


def test_saxon_itself_refuses_a_doctype_so_no_entity_is_ever_read(publisher, tmp_path):
    # The safe lxml parse runs first; this is the second line, for a file swapped after it.
    secret = tmp_path / "secret.txt"
    secret.write_text("do-not-leak")
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'
                       '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text>&x;</text></TEI>\n')
    from saxonche import PySaxonApiError

    with pytest.raises(PySaxonApiError, match="DOCTYPE"):
        publisher._saxon.parse_xml(xml_file_name=str(hostile))
