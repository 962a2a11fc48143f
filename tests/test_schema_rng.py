"""The RELAX NG schema (schema/tei-edition.rng) is generated from the XSD, is up to date, and
accepts and rejects exactly what the XSD does: on every fixture, and on documents made by
mutating the edition at random (a fixed seed, so a failure can be replayed)."""

from __future__ import annotations

import copy
import random
import re
import subprocess
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from helpers import COMMITTED_TEI, ROOT, jing_command
from tei_edition.schema_rng import UnsupportedConstruct, generate, xsd_to_rng

XSD = ROOT / "schema" / "tei-edition.xsd"
RNG = ROOT / "schema" / "tei-edition.rng"
FIXTURES = ROOT / "tests" / "fixtures"
MUTANTS = 160


def test_checked_in_rng_is_generated_from_the_xsd() -> None:
    assert RNG.read_bytes() == generate(XSD), (
        "schema/tei-edition.rng is out of date: python -m tei_edition.schema_rng "
        "schema/tei-edition.xsd schema/tei-edition.rng")


def test_the_rng_is_a_relax_ng_schema_lxml_compiles() -> None:
    etree.RelaxNG(etree.parse(str(RNG)))  # raises on an incorrect schema


@pytest.mark.parametrize(("body", "named"), [
    ('<xs:complexType><xs:all><xs:element name="b" type="xs:string"/></xs:all>'
     '</xs:complexType>', "xs:all"),
    ('<xs:complexType><xs:attribute name="b" type="xs:string" fixed="x"/></xs:complexType>',
     "fixed"),
    ('<xs:complexType><xs:sequence><xs:element name="b" type="xs:string" maxOccurs="3"/>'
     '</xs:sequence></xs:complexType>', "maxOccurs=3"),
    ('<xs:complexType/><xs:unique name="u"><xs:selector xpath="b"/><xs:field xpath="@c"/>'
     '</xs:unique>', "xs:unique"),
])
def test_an_xsd_construct_the_translator_does_not_know_is_an_error(body: str, named: str) -> None:
    xsd = etree.fromstring(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x" '
        f'elementFormDefault="qualified"><xs:element name="a">{body}</xs:element></xs:schema>')
    with pytest.raises(UnsupportedConstruct, match=named):
        xsd_to_rng(etree.ElementTree(xsd))


def _jing_invalid(files: list[Path]) -> set[str]:
    jing = jing_command()
    if jing is None:
        pytest.skip("jing needs Java (bash .ci/setup --test installs it)")
    done = subprocess.run([*jing, str(RNG), *map(str, files)], capture_output=True, text=True,
                          timeout=600)
    named = {str(f.resolve()): f.name for f in files}
    invalid = set()
    for line in (done.stdout + done.stderr).splitlines():
        match = re.match(r"(.+?):\d+:\d+: (?:fatal|error)", line)
        if match:
            invalid.add(named.get(str(Path(match[1]).resolve()), match[1]))
    if done.returncode != 0 and not invalid:
        pytest.fail(f"jing failed: {done.stdout}{done.stderr}")
    return invalid


def _xsd_invalid(files: list[Path]) -> set[str]:
    schema = xmlschema.XMLSchema10(str(XSD))
    parser = etree.XMLParser(collect_ids=False, resolve_entities=False, no_network=True)
    return {f.name for f in files if not schema.is_valid(etree.parse(str(f), parser))}


def test_the_edition_is_valid_against_the_rng() -> None:
    assert _jing_invalid([COMMITTED_TEI, FIXTURES / "sample-edition.xml"]) == set()


def test_same_verdicts_on_every_fixture(tmp_path: Path) -> None:
    files = []
    for i, path in enumerate(sorted(FIXTURES.rglob("*.xml"))):
        if "hostile" in path.parts:
            continue  # entity tricks: neither validator is meant to read them
        files.append(tmp_path / f"{i:02d}-{path.name}")
        files[-1].write_bytes(path.read_bytes())
    assert len(files) > 20
    xsd, rng = _xsd_invalid(files), _jing_invalid(files)
    assert xsd == rng
    assert len(xsd) >= 8  # the grammar defects among the fixtures


# ------------------------------------------------------------- generated documents


def _mutants(source: Path, count: int, seed: int) -> list[etree._ElementTree]:
    rng = random.Random(seed)
    base = etree.parse(str(source))
    names = sorted({etree.QName(e).localname for e in base.iter() if isinstance(e.tag, str)})
    attrs = sorted({(etree.QName(k).localname if not k.startswith("{http://www.w3.org/XML")
                     else k, v) for e in base.iter() if isinstance(e.tag, str)
                    for k, v in e.attrib.items()})
    out = []
    for _ in range(count):
        tree = copy.deepcopy(base)
        for _ in range(rng.choice((1, 1, 2))):
            _mutate(tree, rng, names, attrs)
        out.append(tree)
    return out


def _mutate(tree: etree._ElementTree, rng: random.Random, names: list[str],
            attrs: list[tuple[str, str]]) -> None:
    elements = [e for e in tree.getroot().iter() if isinstance(e.tag, str)][1:]
    target = rng.choice(elements)
    parent = target.getparent()
    ns = "{http://www.tei-c.org/ns/1.0}"
    op = rng.randrange(8)
    if op == 0:
        parent.remove(target)
    elif op == 1:
        twin = copy.deepcopy(target)
        if rng.random() < 0.7:
            for e in twin.iter():
                e.attrib.pop("{http://www.w3.org/XML/1998/namespace}id", None)
        target.addnext(twin)
    elif op == 2:
        target.tag = ns + rng.choice(names)
    elif op == 3:
        key, value = rng.choice(attrs)
        target.set(key, rng.choice(attrs)[1] if rng.random() < 0.5 else value)
    elif op == 4 and target.attrib:
        del target.attrib[rng.choice(sorted(target.attrib))]
    elif op == 5:
        target.text = "x" + (target.text or "")
    elif op == 6:
        parent.remove(target)
        rng.choice([e for e in tree.getroot().iter() if isinstance(e.tag, str)]).append(target)
    else:
        following = target.getnext()
        if following is not None:
            following.addnext(target)


def test_same_verdicts_on_generated_documents(tmp_path: Path) -> None:
    files = []
    for i, tree in enumerate(_mutants(FIXTURES / "sample-edition.xml", MUTANTS, seed=13)):
        files.append(tmp_path / f"mutant-{i:03d}.xml")
        tree.write(str(files[-1]), encoding="utf-8", xml_declaration=True)
    xsd, rng = _xsd_invalid(files), _jing_invalid(files)
    differ = sorted(xsd ^ rng)
    assert not differ, differ[:10]
    # the corpus tests both ways: many mutants stay valid, many break the grammar
    assert MUTANTS * 0.15 < len(xsd) < MUTANTS * 0.85, len(xsd)
