"""XML never loads an external subset, whatever its encoding: a DOCTYPE naming a FIFO would
hang the parser that opened it, so these tests (with a timeout) prove nothing opens it."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest
from robust import assert_one_error, digests, run

DOCUMENT = ('<?xml version="1.0" encoding="{enc}"?>\n<!DOCTYPE TEI SYSTEM "{dtd}">\n'
            '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>\n')
ENCODINGS = [("UTF-16", "utf-16"), ("UTF-16LE", "utf-16-le"), ("UTF-16BE", "utf-16-be"),
             ("UTF-32", "utf-32"), ("UTF-32LE", "utf-32-le"), ("UTF-32BE", "utf-32-be"),
             ("UTF-8", "utf-8-sig")]


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "dtd.fifo"
    os.mkfifo(path)
    return path


def hostile(folder: Path, declared: str, codec: str, dtd: Path | str) -> Path:
    path = folder / f"doc-{codec}.xml"
    path.write_bytes(DOCUMENT.format(enc=declared, dtd=dtd).encode(codec))
    return path


@pytest.mark.parametrize(("declared", "codec"), ENCODINGS)
@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_doctype_naming_a_fifo_is_refused_in_any_encoding(tmp_path: Path, fifo: Path,
                                                            declared: str, codec: str,
                                                            command: str):
    doc = hostile(tmp_path, declared, codec, fifo)
    before = digests([doc])
    if command == "validate":
        done = run("validate", doc, timeout=60)  # opening the FIFO would block: timeout
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert f"{doc}:2: error: a DOCTYPE declaration is not accepted" in done.stdout
    else:
        done = run("build", doc, "-o", tmp_path / "out", timeout=60)
        assert "DOCTYPE" in done.stderr and done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert not list((tmp_path / "out").glob("*.html"))
    assert digests([doc]) == before


def test_the_parser_itself_loads_nothing_even_past_the_text_check(tmp_path: Path, fifo: Path):
    """Below the DOCTYPE check: lxml with our parser settings and resolver, given a document
    whose external subset is a FIFO and which uses an entity only that subset could declare,
    returns at once; the tree is then refused for naming an external DTD."""
    doc = tmp_path / "doc.xml"
    doc.write_text(f'<!DOCTYPE TEI SYSTEM "{fifo}"><TEI>&ext;</TEI>')
    probe = ("import sys\nfrom lxml import etree\nfrom tei_edition import xmlio\n"
             "data = open(sys.argv[1], 'rb').read()\n"
             "try:\n    root = etree.fromstring(data, xmlio._parser())\n"
             "except etree.XMLSyntaxError as e:\n    print('syntax', e)\n"
             "tree = etree.ElementTree(etree.fromstring(data.replace(b'&ext;', b''), "
             "xmlio._parser()))\n"
             "try:\n    xmlio._refuse_external_subset(tree, 'doc')\n"
             "except xmlio.EditionError as e:\n    print('refused', e.message)\n")
    done = subprocess.run([sys.executable, "-c", probe, str(doc)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "refused a DOCTYPE naming an external DTD" in done.stdout


def test_utf16_entity_declarations_are_refused(tmp_path: Path):
    doc = tmp_path / "bomb.xml"
    doc.write_bytes(codecs.BOM_UTF16_LE + (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE TEI [<!ENTITY a "aaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">&b;'
        '</TEI>').encode("utf-16-le"))
    done = run("validate", doc, timeout=60)
    assert done.returncode == 1 and "entity declarations are not accepted" in done.stdout


def test_a_declared_encoding_the_bytes_do_not_have_is_refused(tmp_path: Path):
    doc = tmp_path / "liar.xml"
    doc.write_bytes(b'<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE TEI SYSTEM '
                    b'"/etc/passwd"><TEI xmlns="http://www.tei-c.org/ns/1.0"/>')
    done = run("validate", doc, timeout=60)
    assert done.returncode == 1 and "declares UTF-16" in done.stdout


def test_a_fifo_named_tei_as_build_input_is_refused(tmp_path: Path, fifo: Path):
    target = tmp_path / "edition.xml"
    os.mkfifo(target)
    assert_one_error(run("build", target, "-o", tmp_path / "out", timeout=30), "FIFO")
