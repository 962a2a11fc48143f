"""`tei-edition export`: the speech-corpus formats, checked like a user would check them.

Parla-CLARIN with its own RELAX NG (jing) and Schematron; the corpus text and the vertical
file against the words of the TEI, computed here from the TEI with lxml alone (not with the
export's code); the metadata table against the header; the writing rules (all or nothing,
no output over an input, same bytes every time).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from helpers import COMMITTED_TEI, ROOT, TEI_NS, cli, jing_command

PARLA_CLARIN = ROOT.parent / "shared" / "reference" / "parla-clarin"
STEM = COMMITTED_TEI.stem
SAMPLE = ROOT / "tests" / "fixtures" / "sample-edition.xml"
T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
BLOCKS = {"p", "head", "dateline", "titlePart", "docDate", "item", "note"}
WORD = re.compile(r"\w+")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    done = cli("export", "all", str(COMMITTED_TEI), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


# --------------------------------------------------------------- the words, from the TEI


def reading_words(tei: Path) -> tuple[Counter[str], Counter[str]]:
    """(words of the text outside notes, words of the notes), as a reader reads them:
    corrections' corr (not sic), no running heads, no gap descriptions, no speaker labels."""
    tree = etree.parse(str(tei))
    text = tree.find(f"{T}text")
    for name in ("sic", "fw", "gap", "speaker"):
        for element in list(text.iter(f"{T}{name}")):
            _remove_keeping_tail(element)
    for element in text.iter(*(f"{T}{b}" for b in BLOCKS)):
        element.tail = " " + (element.tail or "")  # a block boundary separates words
        if len(element) and etree.QName(element).localname == "note":
            element.text = " " + (element.text or "")
    notes = Counter[str]()
    for note in list(text.iter(f"{T}note")):
        notes.update(WORD.findall("".join(note.itertext())))
    for note in list(text.iter(f"{T}note")):
        if note.getparent() is not None:
            _remove_keeping_tail(note)
    return Counter(WORD.findall("".join(text.itertext()))), notes


def _remove_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def vertical_words(vrt: str) -> Counter[str]:
    """Rebuild each region's text from the token lines (glue: no space) and count words."""
    pieces: list[str] = []
    glue = False
    for line in vrt.splitlines():
        if line == "<g/>":
            glue = True
            continue
        if line.startswith("<"):
            pieces.append(" ")
        else:
            word = html.unescape(line.split("\t")[0])
            pieces.append(word if glue else " " + word)
        glue = False
    return Counter(WORD.findall("".join(pieces)))


def structures_document(tmp_path: Path) -> Path:
    """The sample edition with what it lacks: back matter, a quotation standing alone in a
    speech, a note called from a division, markup characters in the text."""
    xml = SAMPLE.read_text(encoding="utf-8")
    xml = xml.replace("</body>", '</body><back><div><p>Postface des éditeurs &amp; '
                      '&lt;annexes&gt;.</p></div></back>', 1)
    xml = xml.replace("</sp>", '<quote>« Une citation seule dans le discours »</quote></sp>'
                      '<note>Note de division, « guillemets » compris.</note>', 1)
    path = tmp_path / "structures.xml"
    path.write_text(xml, encoding="utf-8")
    return path


def documents(tmp_path: Path) -> list[Path]:
    return [COMMITTED_TEI, SAMPLE, ROOT / "tests" / "fixtures" / "publish" / "rich-edition.xml",
            ROOT / "tests" / "fixtures" / "publish" / "hostile-text.xml",
            structures_document(tmp_path)]


def test_every_word_reaches_the_corpus_text_and_the_vertical_file_exactly_once(
        exported: Path, tmp_path: Path) -> None:
    body, notes = reading_words(COMMITTED_TEI)
    assert sum(body.values()) > 15000 and sum(notes.values()) > 300  # the real document
    inputs = documents(tmp_path)
    out = tmp_path / "out"
    done = cli("export", "all", *map(str, inputs[1:]), "-o", str(out))
    assert done.returncode == 0, done.stderr
    for tei in inputs:
        folder = exported if tei == COMMITTED_TEI else out
        body, notes = reading_words(tei)
        assert body and notes, tei.name
        lines = (folder / f"{tei.stem}.corpus.txt").read_text(encoding="utf-8").splitlines()
        got = Counter(w for line in lines for w in WORD.findall(line.split("\t")[4]))
        assert got == body, (tei.name, got - body, body - got)
        note_lines = (folder / f"{tei.stem}.notes.txt").read_text(encoding="utf-8").splitlines()
        got_notes = Counter(w for line in note_lines for w in WORD.findall(line.split("\t")[3]))
        assert got_notes == notes, (tei.name, got_notes - notes, notes - got_notes)
        got = vertical_words((folder / f"{tei.stem}.vrt").read_text(encoding="utf-8"))
        assert got == body + notes, (tei.name, got - (body + notes), (body + notes) - got)


def test_markup_characters_are_escaped_in_the_vertical_file(tmp_path: Path) -> None:
    tei = ROOT / "tests" / "fixtures" / "publish" / "hostile-text.xml"
    done = cli("export", "vertical", str(tei), "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    for line in (tmp_path / f"{tei.stem}.vrt").read_text(encoding="utf-8").splitlines():
        if line.startswith("<"):
            assert re.fullmatch(r'<g/>|</\w+>|<\w+(?: \w+="[^"<>]*")*>', line), line
        else:
            assert "<" not in line and ">" not in line and not re.search(r"&(?!\w+;)", line), line


# ----------------------------------------------------------------------- corpus text


def test_corpus_text_one_line_per_paragraph_with_speaker_and_date(exported: Path) -> None:
    tei = etree.parse(str(COMMITTED_TEI))
    lines = [line.split("\t") for line in
             (exported / f"{STEM}.corpus.txt").read_text(encoding="utf-8").splitlines()]
    assert all(len(fields) == 5 for fields in lines)
    by_id = {fields[3]: fields for fields in lines}
    paragraphs = tei.xpath("//t:body//t:sp//t:p[not(ancestor::t:note)]", namespaces=TEI_NS)
    assert len(paragraphs) > 100
    for p in paragraphs:
        fields = by_id[p.get(XML_ID)]
        div = p.xpath("ancestor::t:div[1]", namespaces=TEI_NS)[0]
        who = p.xpath("ancestor::t:sp[1]/@who", namespaces=TEI_NS)[0].lstrip("#")
        when = tei.xpath(f"//t:setting[@xml:id='{div.get('decls')[1:]}']/t:date/@when",
                         namespaces=TEI_NS)[0]
        assert fields[:3] == [who, when, div.get(XML_ID)]
        assert fields[4] == _expected_line(p)


def _printed_marks(root: etree._Element) -> dict[str, tuple[str, str]]:
    """{rendition id: (scope, marks)}: the guillemets the TEI keeps in @rendition."""
    found = {}
    for r in root.iterfind(".//t:tagsDecl/t:rendition", TEI_NS):
        m = re.fullmatch(r'content: "(.*)";', r.text or "")
        assert m, r.text
        found[r.get(XML_ID)] = (r.get("scope"), m.group(1))
    return found


def _expected_line(p: etree._Element) -> str:
    marks = _printed_marks(p.getroottree().getroot())
    copy = etree.fromstring(etree.tostring(p))
    # the corpus text prints the guillemets the TEI moved into @rendition
    for el in copy.iterfind(".//*[@rendition]"):
        for ref in el.get("rendition").split():
            scope, mark = marks[ref[1:]]
            if scope == "before":
                el.text = mark + (el.text or "")
            elif len(el):
                el[-1].tail = (el[-1].tail or "") + mark
            else:
                el.text = (el.text or "") + mark
    for name in ("note", "sic", "fw", "gap"):
        for element in list(copy.iter(f"{T}{name}")):
            _remove_keeping_tail(element)
    return " ".join("".join(copy.itertext()).split())


def test_notes_have_their_own_file_and_no_call_is_glued_to_a_word(exported: Path) -> None:
    tei = etree.parse(str(COMMITTED_TEI))
    notes = tei.xpath("//t:text//t:note", namespaces=TEI_NS)
    rows = [line.split("\t") for line in
            (exported / f"{STEM}.notes.txt").read_text(encoding="utf-8").splitlines()]
    assert [r[0] for r in rows] == [n.get(XML_ID) for n in notes]
    assert [r[1] for r in rows] == [n.get("n") for n in notes]
    corpus = {line.split("\t")[3]: line.split("\t")[4] for line in
              (exported / f"{STEM}.corpus.txt").read_text(encoding="utf-8").splitlines()}
    for note, row in zip(notes, rows, strict=True):
        holder = note.xpath("ancestor::*[@xml:id][not(self::t:note)][1]", namespaces=TEI_NS)[0]
        if holder.get(XML_ID) in corpus:
            assert row[2] == holder.get(XML_ID)
        # the word the call followed in the TEI is followed by what followed the note
        before = WORD.findall("".join(_text_before(note)))
        if before:
            assert not re.search(rf"\b{re.escape(before[-1])}{note.get('n')}\b",
                                 corpus.get(row[2], "")), note.get(XML_ID)


def _text_before(note: etree._Element) -> list[str]:
    previous = note.getprevious()
    if previous is not None:
        return [previous.tail or ""]
    return [note.getparent().text or ""]


# -------------------------------------------------------------------------- vertical


def test_vertical_structures_nest_and_carry_their_attributes(exported: Path) -> None:
    vrt = (exported / f"{STEM}.vrt").read_text(encoding="utf-8")
    tei = etree.parse(str(COMMITTED_TEI))
    stack: list[str] = []
    opened: Counter[str] = Counter()
    quote_ids: set[str] = set()
    tokens = 0
    for line in vrt.splitlines():
        if line == "<g/>":
            continue
        tag = re.fullmatch(r"<(/?)(\w+)((?: \w+=\"[^\"]*\")*)>", line)
        if tag:
            if tag[1]:
                assert stack and stack.pop() == tag[2], line
            else:
                stack.append(tag[2])
                opened[tag[2]] += 1
                if tag[2] == "quote":
                    quote_ids.add(re.search(r' id="([^"]*)"', tag[3])[1])
                if tag[2] == "speech" and 'type="speech"' in tag[3]:
                    assert 'who="boukharine"' in tag[3] and re.search(r'when="1926-02-1\d"', tag[3])
            continue
        assert not line.startswith("<"), line
        word, lemma, kind = line.split("\t")
        assert word and lemma and kind in ("WORD", "NUM", "PUNCT"), line
        tokens += 1
    assert not stack
    assert opened["text"] == 1
    assert opened["speech"] == 1 + len(tei.xpath("//t:body/t:div", namespaces=TEI_NS))
    worded = [n for n in tei.xpath("//t:text//t:note", namespaces=TEI_NS)
              if WORD.search(" ".join(n.xpath(".//text()[not(ancestor::t:desc)]",
                                               namespaces=TEI_NS)))]
    assert opened["note"] == len(worded) > 10
    assert quote_ids == set(tei.xpath("//t:text//t:quote/@xml:id", namespaces=TEI_NS))
    assert tokens > 20000


def test_vertical_lemmas_are_french(exported: Path) -> None:
    lemmas = {}
    for line in (exported / f"{STEM}.vrt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("<"):
            word, lemma, _ = line.split("\t")
            lemmas[word] = lemma
    # inflected forms of the text, each with its dictionary form
    assert lemmas["Camarades"] == "camarade"
    assert lemmas["dirigeants"] == "dirigeant"
    assert lemmas["progressé"] == "progresser"


def test_vertical_export_needs_no_network(tmp_path: Path) -> None:
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-n", "true"], capture_output=True).returncode:
        pytest.skip("cannot run a command without network here (unshare -n)")
    exe = Path(sys.executable).parent / "tei-edition"
    done = subprocess.run([unshare, "-n", str(exe), "export", "vertical", str(COMMITTED_TEI),
                           "-o", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / f"{STEM}.vrt").stat().st_size > 100_000


# ---------------------------------------------------------------------- metadata TSV


def test_meta_tsv_has_one_row_per_speech(exported: Path) -> None:
    tei = etree.parse(str(COMMITTED_TEI))
    rows = [line.split("\t") for line in
            (exported / f"{STEM}-meta.tsv").read_text(encoding="utf-8").splitlines()]
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Text_ID", "ID", "Title"] and "Speaker_ID" in header
    divs = tei.xpath("//t:body/t:div", namespaces=TEI_NS)
    assert [r[header.index("ID")] for r in body] == [d.get(XML_ID) for d in divs]
    for row, div in zip(body, divs, strict=True):
        record = dict(zip(header, row, strict=True))
        who = div.xpath("t:sp/@who", namespaces=TEI_NS)[0].lstrip("#")
        person = tei.xpath(f"//t:person[@xml:id='{who}']", namespaces=TEI_NS)[0]
        assert record["Speaker_ID"] == who
        assert record["Speaker_name"] == person.findtext(f"{T}persName")
        assert record["Speaker_birth"] == person.find(f"{T}birth").get("when")
        assert record["Date"] == tei.xpath(
            f"//t:setting[@xml:id='{div.get('decls')[1:]}']/t:date/@when", namespaces=TEI_NS)[0]
        assert int(record["Paragraphs"]) == len(div.xpath("t:sp/t:p | t:sp/t:quote/t:p",
                                                          namespaces=TEI_NS))
        assert int(record["Notes"]) == len(div.xpath(".//t:note", namespaces=TEI_NS))


# ---------------------------------------------------------------------- Parla-CLARIN


def test_parla_clarin_is_valid_against_its_relax_ng(exported: Path) -> None:
    jing = jing_command()
    if jing is None or not (PARLA_CLARIN / "parla-clarin.rng").exists():
        pytest.skip("needs jing (Java) and ../shared/reference/parla-clarin (the reference "
                    "schema, beside the checkout in CI)")
    done = subprocess.run([*jing, str(PARLA_CLARIN / "parla-clarin.rng"),
                           str(exported / f"{STEM}.parla-clarin.xml")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    # the check can fail: the edition itself is not Parla-CLARIN (titlePage, dateline)
    raw = subprocess.run([*jing, str(PARLA_CLARIN / "parla-clarin.rng"), str(COMMITTED_TEI)],
                         capture_output=True, text=True, timeout=120)
    assert raw.returncode != 0 and "titlePage" in raw.stdout


def test_parla_clarin_of_every_test_document_is_valid(tmp_path: Path) -> None:
    jing = jing_command()
    if jing is None or not (PARLA_CLARIN / "parla-clarin.rng").exists():
        pytest.skip("needs jing (Java) and ../shared/reference/parla-clarin (the reference "
                    "schema, beside the checkout in CI)")
    inputs = documents(tmp_path)[1:]
    done = cli("export", "parla-clarin", *map(str, inputs), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    exports = sorted((tmp_path / "out").glob("*.parla-clarin.xml"))
    assert len(exports) == len(inputs)
    checked = subprocess.run([*jing, str(PARLA_CLARIN / "parla-clarin.rng"), *map(str, exports)],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def schematron_failures(schema: Path, document: Path) -> list[str]:
    """Run an ISO Schematron (queryBinding xslt2) with Saxon's XPath 2: its lets (global, as
    the ISO skeleton makes them), then each rule's asserts and reports on its context."""
    from saxonche import PySaxonProcessor

    sch = "{http://purl.oclc.org/dsdl/schematron}"
    tree = etree.parse(str(schema))
    saxon = PySaxonProcessor(license=False)
    xpath = saxon.new_xpath_processor()
    for ns in tree.iter(f"{sch}ns"):
        xpath.declare_namespace(ns.get("prefix"), ns.get("uri"))
    doc = saxon.parse_xml(xml_file_name=str(document.resolve()))
    xpath.set_context(xdm_item=doc)
    for let in tree.iter(f"{sch}let"):
        xpath.set_parameter(let.get("name"), xpath.evaluate(let.get("value")))
        xpath.declare_variable(let.get("name"))
    failures = []
    for rule in tree.iter(f"{sch}rule"):
        xpath.set_context(xdm_item=doc)
        context = rule.get("context")
        nodes = xpath.evaluate(context if context.startswith("/") else f"//({context})")
        for node in (nodes or []):
            xpath.set_context(xdm_item=node)
            for check in rule:
                if check.tag in (f"{sch}assert", f"{sch}report"):
                    holds = xpath.effective_boolean_value(check.get("test"))
                    if holds == (check.tag == f"{sch}report"):
                        failures.append(" ".join("".join(check.itertext()).split()))
    return failures


def test_parla_clarin_passes_its_schematron(exported: Path, tmp_path: Path) -> None:
    rules = PARLA_CLARIN / "parla-clarin.sch"
    if not rules.exists():
        pytest.skip("needs ../shared/reference/parla-clarin (beside the checkout in CI)")
    assert schematron_failures(rules, exported / f"{STEM}.parla-clarin.xml") == []
    # the rules run: a debate division inside another breaks one
    bad = tmp_path / "bad.xml"
    bad.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><div type="papers">'
                   '<div type="petitions"><p>x</p></div></div></body></text></TEI>')
    assert len(schematron_failures(rules, bad)) == 1


def test_parla_clarin_keeps_speakers_paragraph_ids_and_notes(exported: Path) -> None:
    tei = etree.parse(str(COMMITTED_TEI))
    pc = etree.parse(str(exported / f"{STEM}.parla-clarin.xml"))
    assert [u.get("who") for u in pc.iter(f"{T}u")] == \
        [sp.get("who") for sp in tei.iter(f"{T}sp")]
    segs = pc.xpath("//t:u/t:seg/@xml:id", namespaces=TEI_NS)
    assert segs == tei.xpath("//t:sp/t:p/@xml:id", namespaces=TEI_NS)
    for name in ("note", "choice", "persName", "quote", "pb"):
        assert len(pc.xpath(f"//t:{name}[not(@type='speaker')]", namespaces=TEI_NS)) == \
            len(list(tei.iter(f"{T}{name}"))), name
    assert pc.xpath("//t:note[@type='speaker']/following-sibling::*[1]/self::t:u/@who",
                    namespaces=TEI_NS) == [sp.get("who") for sp in tei.iter(f"{T}sp")]
    assert not [pi for pi in pc.xpath("/processing-instruction('xml-model')")]


# -------------------------------------------------------------------- writing the set


def test_exports_are_byte_identical_each_time(exported: Path, tmp_path: Path) -> None:
    done = cli("export", "all", str(COMMITTED_TEI), "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in exported.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 5
    for name in names:
        assert (exported / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_one_invalid_input_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(COMMITTED_TEI.read_text(encoding="utf-8").replace('<sp who="#boukharine"',
                                                                     '<sp who="#nobody"', 1),
                   encoding="utf-8")
    out = tmp_path / "out"
    done = cli("export", "all", str(COMMITTED_TEI), str(bad), "-o", str(out))
    assert done.returncode != 0
    assert done.stderr.startswith("error: ") and "bad.xml" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
    assert not out.exists() or not any(out.iterdir())


def test_an_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    tei = tmp_path / "doc.xml"
    shutil.copy(COMMITTED_TEI, tei)
    out = tmp_path / "out"
    out.mkdir()
    os.link(tei, out / "doc.vrt")  # another name for the input
    (out / "doc.corpus.txt").symlink_to(tei)
    for fmt in ("vertical", "text"):
        done = cli("export", fmt, str(tei), "-o", str(out))
        assert done.returncode != 0 and done.stderr.startswith("error: "), done.stderr
    assert tei.read_bytes() == COMMITTED_TEI.read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["doc.corpus.txt", "doc.vrt"]


def test_a_folder_in_the_way_stops_the_whole_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / f"{STEM}.vrt").mkdir(parents=True)
    done = cli("export", "all", str(COMMITTED_TEI), "-o", str(out))
    assert done.returncode != 0 and f"{STEM}.vrt" in done.stderr
    assert sorted(p.name for p in out.iterdir()) == [f"{STEM}.vrt"]


def test_not_xml_is_one_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.xml"
    bad.write_text("<TEI><unclosed>", encoding="utf-8")
    done = cli("export", "text", str(bad), "-o", str(tmp_path / "out"))
    assert done.returncode != 0
    assert len(done.stderr.splitlines()) == 1 and "broken.xml" in done.stderr
    assert not (tmp_path / "out").exists()


def test_parla_clarin_stylesheet_gives_the_same_bytes_on_saxon_he_for_java(exported: Path,
                                                                           tmp_path: Path) -> None:
    jar = next((j for j in ("/usr/share/java/Saxon-HE.jar", "/usr/share/java/saxonhe.jar")
                if Path(j).is_file()), None)
    if shutil.which("java") is None or jar is None:
        pytest.skip("needs java and the Saxon-HE jar (Debian: libsaxonhe-java)")
    out = tmp_path / "java.xml"
    done = subprocess.run(["java", "-cp", jar, "net.sf.saxon.Transform", f"-s:{COMMITTED_TEI}",
                           f"-xsl:{ROOT / 'xslt' / 'tei-to-parlaclarin.xsl'}", f"-o:{out}"],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == (exported / f"{STEM}.parla-clarin.xml").read_bytes()
