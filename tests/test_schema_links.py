"""The TEI's xml-model links resolve wherever the project writes a TEI file (issue 13).

Each test follows the links as a user's editor or validator would: read the processing
instructions, resolve each href against the TEI file, and run the real checker (jing) with
the RELAX NG files they name.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from helpers import COMMITTED_TEI, ROOT, SOURCE, cli, jing_command

LINKED = ["tei-edition.rng", "tei-edition.xsd", "tei-edition.sch", "tei_all.rng"]


def links(tei: Path) -> list[tuple[str, str]]:
    """(href, schematypens) of each xml-model processing instruction, in order."""
    found = []
    for node in etree.parse(str(tei)).xpath("/processing-instruction('xml-model')"):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', node.text))
        found.append((attrs["href"], attrs["schematypens"]))
    return found


def jing_with_links(tei: Path) -> None:
    jing = jing_command()
    if jing is None:
        pytest.skip("jing needs Java (bash .ci/setup --test installs it)")
    for href, ns in links(tei):
        if ns == "http://relaxng.org/ns/structure/1.0":
            done = subprocess.run([*jing, str(tei.parent / href), str(tei)], capture_output=True,
                                  text=True, timeout=180)
            assert done.returncode == 0, (href, done.stdout + done.stderr)


def test_the_committed_edition_links_to_the_schema_folder_beside_it() -> None:
    assert [h for h, _ in links(COMMITTED_TEI)] == [f"schema/{n}" for n in LINKED]
    for href, _ in links(COMMITTED_TEI):
        assert (COMMITTED_TEI.parent / href).resolve().is_file(), href
    assert links(COMMITTED_TEI)[0][1] == "http://relaxng.org/ns/structure/1.0"
    assert not any(h.startswith(("http:", "https:", "/")) for h, _ in links(COMMITTED_TEI))


def test_convert_to_elsewhere_puts_the_schemas_beside_and_the_links_resolve(tmp_path: Path) -> None:
    out = tmp_path / "elsewhere" / "x.xml"
    done = cli("convert", str(SOURCE), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert [h for h, _ in links(out)] == [f"schema/{n}" for n in LINKED]
    for name in [*LINKED, "xml.xsd"]:
        assert (out.parent / "schema" / name).read_bytes() == (ROOT / "schema" / name).read_bytes()
    jing_with_links(out)  # the project's RELAX NG and tei_all, found through the links
    # the committed edition's bytes: the links do not depend on where the file is written
    assert out.read_bytes() == COMMITTED_TEI.read_bytes()


def test_the_checkouts_tei_schema_folder_holds_the_projects_schemas() -> None:
    """tei/schema/ is what `convert` puts beside the committed edition: copies of schema/,
    kept equal (regenerate with `tei-edition convert -o tei/<stem>.xml` after a schema change)."""
    for name in [*LINKED, "xml.xsd"]:
        assert (COMMITTED_TEI.parent / "schema" / name).read_bytes() == \
            (ROOT / "schema" / name).read_bytes(), name
    assert sorted(p.name for p in (COMMITTED_TEI.parent / "schema").iterdir()) == \
        sorted([*LINKED, "xml.xsd"])


def test_convert_into_a_checkouts_tei_folder_writes_the_committed_bytes(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "schema", checkout / "schema")
    out = checkout / "tei" / "boukharine-1926-leningrad.xml"
    assert cli("convert", str(SOURCE), "-o", str(out)).returncode == 0
    assert out.read_bytes() == COMMITTED_TEI.read_bytes()
    for name in [*LINKED, "xml.xsd"]:
        assert (out.parent / "schema" / name).read_bytes() == (ROOT / "schema" / name).read_bytes()


def test_build_to_a_folder_links_the_schemas_it_puts_there(tmp_path: Path) -> None:
    done = cli("build", str(SOURCE), "-o", str(tmp_path / "site"))
    assert done.returncode == 0, done.stderr
    [tei] = (tmp_path / "site").glob("*.xml")
    for href, _ in links(tei):
        assert (tei.parent / href).is_file(), href
    jing_with_links(tei)


def test_a_tei_file_alone_names_the_schema_files_it_needs(tmp_path: Path) -> None:
    # copied alone into an empty folder, its links name files that are not there: what is
    # missing (and where it should be) is read from the file itself
    alone = tmp_path / "alone.xml"
    out = tmp_path / "w" / "x.xml"
    assert cli("convert", str(SOURCE), "-o", str(out)).returncode == 0
    shutil.copyfile(out, alone)
    missing = [h for h, _ in links(alone) if not (alone.parent / h).exists()]
    assert missing == [f"schema/{n}" for n in LINKED]
    # the validator still checks it with the schemas the package ships
    done = cli("validate", str(alone))
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_deposit_of_a_file_written_elsewhere_resolves_its_links_in_the_bag(tmp_path: Path) -> None:
    out = tmp_path / "w" / "x.xml"
    assert cli("convert", str(SOURCE), "-o", str(out)).returncode == 0
    done = cli("deposit", str(out), "-o", str(tmp_path / "bag"))
    assert done.returncode == 0, done.stdout + done.stderr
    [tei] = (tmp_path / "bag" / "data").rglob("x.xml")
    for href, _ in links(tei):
        assert (tei.parent / href).is_file(), href
    assert cli("deposit", "--verify", str(tmp_path / "bag")).returncode == 0
