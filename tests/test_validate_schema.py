"""The project schema is a true subset of tei_all, its docs list it, and its cache behaves."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from tei_edition import validation
from tei_edition.resources import schema_dir
from tei_edition.validation import Validator, is_valid, load_xsd

HERE = Path(__file__).parent
REPO = HERE.parent
SAMPLE = HERE / "fixtures" / "sample-edition.xml"
INVALID = HERE / "fixtures" / "invalid"
MANIFEST = json.loads((INVALID / "manifest.json").read_text(encoding="utf-8"))
# tei_all ships with the package (schema/TEI_ALL.md): no ../shared needed.
TEI_ALL = schema_dir() / "tei_all.rng"
TEI = "{http://www.tei-c.org/ns/1.0}"
RNG = "{http://relaxng.org/ns/structure/1.0}"


# ------------------------------------------------------------------- a maximal document

# Everything the converter may write beyond the sample (see the issue), added to the sample:
# each pair is (text in the sample, text that replaces it).
ADDITIONS = [
    ("<segmentation>", "<stdVals><p>Dates ISO 8601.</p></stdVals>\n        <segmentation>"),
    ("<langUsage>", '<calendarDesc><calendar xml:id="julian"><p>Julien.</p></calendar>'
                    "</calendarDesc>\n      <langUsage>"),
    ("<placeName>Leningrad</placeName>\n          <date when=\"1926-02-10\">",
     "<placeName>Leningrad</placeName>\n          <activity>Rapport</activity>\n"
     '          <date when="1926-02-10">'),
    ('<death when="1938"/>', '<death when="1938"/>\n            <note>L’orateur.</note>'),
    ('<pb n="5" xml:id="page-5"/>', '<pb n="5" xml:id="page-5" type="inferred"/>'),
    ('<gap reason="lost" unit="note">', '<gap reason="lost" unit="note" resp="#resp-encoding">'),
    ('<item xml:id="decl-corr-1" corresp="#corr-1">',
     '<item xml:id="decl-corr-1" corresp="#corr-1 #corr-2">'),
    ('<p xml:id="p-4">Suite', '<p xml:id="p-4">Suite<lb/> <quote xml:id="q-3" next="#q-4">« début'
     '</quote> <choice xml:id="corr-2"><sic>do</sic><corr>de</corr></choice>'
     ' <date when="1918-03-16" when-custom="1918-03-03" datingMethod="#julian">16(3) mars</date>'
     ' <date notBefore="1925" notAfter="1926-02">vers 1925</date>'
     ' <quote>« a <quote>« b »</quote> »</quote>'),
    ('<p xml:id="p-5">Camarades, vous voyez.',
     '<p xml:id="p-5"><quote xml:id="q-4" prev="#q-3">fin »</quote> Camarades, vous voyez.'
     '<note place="foot" n="5" xml:id="note-5"><p>Un.</p><p>Deux, <bibl><title>Œuvres</title>'
     ', <biblScope unit="page" from="1" to="2">p. 1-2</biblScope></bibl>.</p></note>'),
    ("</body>",
     '</body>\n    <back>\n      <div type="appendix"><p>Annexe.</p></div>\n    </back>'),
]


@cache
def maximal_document() -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    for old, new in ADDITIONS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def accepted(tmp_path_factory) -> list[Path]:
    """Every document the project schema must accept: the sample, the maximal document, the
    committed TEI."""
    maximal = tmp_path_factory.mktemp("valid") / "maximal.xml"
    maximal.write_text(maximal_document(), encoding="utf-8")
    return [SAMPLE, maximal, *sorted((REPO / "tei").glob("*.xml"))]


def test_project_schema_accepts_the_sample_the_maximal_and_the_committed_tei(accepted):
    results = Validator().validate_files(accepted)
    assert {name: [str(p) for p in found if p.severity == "error"]
            for name, found in results.items()} == {str(p): [] for p in accepted}


# ------------------------------------------------------------- conformance with tei_all


def _require_java() -> None:
    # The conformance check is the point of CI: there a missing Java is a failure.
    if shutil.which("java") is None:
        if os.environ.get("CI"):
            pytest.fail("Java is needed for the tei_all check and is missing in CI")
        pytest.skip("Java is not installed: the tei_all check (jing) cannot run here")


@pytest.fixture(scope="module")
def tei_all_verdicts() -> dict[str, bool]:
    """{fixture name: valid against tei_all}, from one jing run over all invalid fixtures."""
    _require_java()
    files = {str(INVALID / name): name for name in MANIFEST}
    rejected = validation.run_jing(files, TEI_ALL)
    return {name: not any(p.severity == "error" for p in rejected.get(name, []))
            for name in MANIFEST}


REJECTED_BY_BOTH = sorted(n for n, e in MANIFEST.items() if e["tei_all_rejects"])


@pytest.mark.parametrize("name", REJECTED_BY_BOTH)
def test_grammar_defects_are_rejected_by_both_schemas(name, tei_all_verdicts):
    assert not is_valid(Validator().validate(INVALID / name))
    assert tei_all_verdicts[name] is False


@pytest.mark.parametrize("name", sorted(set(MANIFEST) - set(REJECTED_BY_BOTH)))
def test_project_only_defects_are_valid_tei_all(name, tei_all_verdicts):
    """Keeps the manifest honest: these defects break the project's rules, not TEI's."""
    assert tei_all_verdicts[name] is True


def test_tei_all_problems_are_reported_with_their_line(tmp_path):
    _require_java()
    path = tmp_path / "bad.xml"
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace('<p xml:id="p-1">', '<orator/><p xml:id="p-1">')
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("<orator/>")].count("\n") + 1
    found = [p for p in Validator(tei_all=True).validate(path) if p.rule == "tei-all"]
    assert [(p.line, p.message.split(";")[0]) for p in found] == [
        (line, 'tei_all: element "orator" not allowed anywhere')]


def test_tei_all_without_java_fails_clearly(monkeypatch):
    monkeypatch.setattr(validation.shutil, "which", lambda name: None)
    with pytest.raises(validation.EditionError, match="needs Java, which is not installed"):
        Validator(tei_all=True)


# ----------------------------------------------------- structural subset of tei_all.rng


@cache
def _tei_models() -> tuple[dict[str, list[etree._Element]], dict[str, list[etree._Element]]]:
    grammar = etree.parse(str(TEI_ALL))
    defines: dict[str, list[etree._Element]] = {}
    elements: dict[str, list[etree._Element]] = {}
    for define in grammar.iter(f"{RNG}define"):
        defines.setdefault(define.get("name"), []).append(define)
    for element in grammar.iter(f"{RNG}element"):
        if element.get("name"):
            elements.setdefault(element.get("name"), []).append(element)
    return defines, elements


@cache
def tei_allows(name: str) -> tuple[frozenset[str], frozenset[str], bool]:
    """(child element names, attribute names, text allowed) of a TEI element, flattened."""
    defines, elements = _tei_models()
    children: set[str] = set()
    attributes: set[str] = set()
    text = False
    pending = list(elements[name])
    seen: set[str] = set()
    while pending:
        node = pending.pop()
        for child in node.iterchildren(f"{RNG}*"):
            kind = etree.QName(child).localname
            if kind == "element":
                children.add(child.get("name"))
            elif kind == "attribute":
                attributes.add(child.get("name"))
            elif kind == "ref" and child.get("name") not in seen:
                seen.add(child.get("name"))
                pending += defines.get(child.get("name"), [])
            else:
                text = text or kind == "text"
                pending.append(child)
    return frozenset(children), frozenset(attributes), text


def _project_edges():
    """Every (parent, child), (element, attribute) and text-bearing element the XSD allows."""
    def local(name: str) -> str:
        return name.replace(TEI, "").replace("{http://www.w3.org/XML/1998/namespace}", "xml:")

    edges, attributes, textual = set(), set(), set()
    pending, seen = [load_xsd(use_cache=False).elements["TEI"]], set()
    while pending:
        element = pending.pop()
        if (element.name, id(element.type)) in seen:
            continue
        seen.add((element.name, id(element.type)))
        name = local(element.name)
        attributes |= {(name, local(a)) for a in element.attributes}
        if element.type.has_mixed_content() or element.type.has_simple_content():
            textual.add(name)
        if element.type.is_complex() and not element.type.has_simple_content():
            for child in element.type.content.iter_elements():
                edges.add((name, local(child.name)))
                pending.append(child)
    return edges, attributes, textual


def test_every_element_attribute_and_text_the_xsd_allows_is_allowed_by_tei_all():
    edges, attributes, textual = _project_edges()
    not_tei = ([f"<{c}> in <{p}>" for p, c in sorted(edges) if c not in tei_allows(p)[0]]
               + [f"@{a} on <{e}>" for e, a in sorted(attributes) if a not in tei_allows(e)[1]]
               + [f"text in <{e}>" for e in sorted(textual) if not tei_allows(e)[2]])
    assert not_tei == []


def test_the_subset_check_can_fail():
    # The check above would pass vacuously if tei_allows admitted everything.
    assert "p" not in tei_allows("choice")[0]
    assert "when" not in tei_allows("p")[1]
    assert not tei_allows("sp")[2]


# ---------------------------------------------------------------------------- docs


def test_schema_documentation_lists_exactly_the_elements_of_the_xsd():
    edges, _, _ = _project_edges()
    declared = {"TEI"} | {child for _, child in edges}
    documented = set(re.findall(r"^\| `<(\w+)>` \|", (schema_dir() / "README.md").read_text(
        encoding="utf-8"), re.M))
    assert documented == declared


# ----------------------------------------------------------------------- pickle cache


def test_the_built_schema_is_cached_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("TEI_EDITION_CACHE", str(tmp_path))
    load_xsd()
    [pickled] = tmp_path.glob("tei-edition-*.pickle")
    with pickled.open("wb") as fh:  # a marker object proves the next load reads the cache
        pickle.dump("from the cache", fh)
    assert load_xsd() == "from the cache"


def test_a_stale_or_corrupt_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("TEI_EDITION_CACHE", str(tmp_path))
    load_xsd()
    [pickled] = tmp_path.glob("tei-edition-*.pickle")
    pickled.write_bytes(b"not a pickle")
    assert load_xsd().is_valid(str(SAMPLE))
    assert pickle.loads(pickled.read_bytes()).is_valid(str(SAMPLE))


def test_the_cache_key_follows_the_xsd_content(tmp_path):
    xsd_dir = tmp_path / "schema"
    shutil.copytree(schema_dir(), xsd_dir)
    before = validation._cache_file(xsd_dir / "tei-edition.xsd")
    path = xsd_dir / "tei-edition.xsd"
    path.write_text(path.read_text(encoding="utf-8") + "<!-- changed -->\n", encoding="utf-8")
    assert validation._cache_file(path) != before


def test_an_unwritable_cache_falls_back_to_building(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("TEI_EDITION_CACHE", str(blocker / "cache"))
    assert load_xsd().is_valid(str(SAMPLE))


# ---------------------------------------------------------------------- library use


def test_validate_tree_checks_tei_built_in_memory():
    tree = etree.parse(str(SAMPLE))
    validator = Validator()
    assert validator.validate_tree(tree, "sample") == []
    tree.find(f".//{TEI}note[@n='2']").set("n", "7")
    assert [(p.rule, p.file) for p in validator.validate_tree(tree.getroot(), "sample")] == [
        ("note-sequence", "sample"), ("note-sequence", "sample")]


# ------------------------------------------------------------------ the shipped tei_all


@pytest.mark.parametrize("name", ["tei_all.rng", "tei_all.isosch"])
def test_the_shipped_tei_all_is_the_documented_release(name):
    import hashlib

    data = (schema_dir() / name).read_bytes()
    provenance = (schema_dir() / "TEI_ALL.md").read_text(encoding="utf-8")
    assert hashlib.sha256(data).hexdigest() in provenance
    assert "P5 Version\u00a04.8.0" in data.decode("utf-8") or name.endswith(".isosch")
    reference = REPO.parent / "shared" / "reference" / name
    if not reference.exists():
        pytest.skip("../shared/reference is not beside this checkout: compared by hash only")
    assert reference.read_bytes() == data
