"""`tei-edition draft`: a data file to start from, on sources made in the extraction layout.

The fixtures are rendered by the layout bench (tests/bench/render.py) from words chosen here:
a speech with planted errors (a letter-spaced word, a space after a hyphen, a space before an
apostrophe, a misread word the dictionary does not know, digits read for letters), persons
named with initials and after « camarade », a work in guillemets and one in a reference note.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest

from bench.generate import bind
from bench.render import Document, Layout, Note, Speech, Word, parse, render
from helpers import TEI_NS, cli
from tei_edition.metadata import load_metadata
from tei_edition.xmlio import parse_xml

ENTRY = "#~ "
FIRST = (
    "Camarades, notre assemblée se réunit aujourd’hui dans une situation intérieure "
    "très difficile. Nous connaissons une période de croissance rapide de notre industrie, de "
    "notre agriculture, de nos transports et de notre commerce. Dans le même temps, le camarade "
    "Zorine a montré que les difficultés grandissent dans les campagnes et dans les villes, "
    "et que notre travail doit être mieux organisé dans toutes les régions du pays."
)
SECOND = (
    "Le camarade Zorine, dans son article « Sur la marche des coopératives » paru hier, "
    "rappelait ceci[0]. Cela ost une vérité que nous connaissons bien, et P. Zorine l’a "
    "répété devant le congrès. Ses adversaires, comme le camarade Vassine, affirmaient le "
    "contraire."
)
THIRD = (
    "Nous devons défendre les coopératives de la Vorskla et soutenir les paysans pauvres. La question de la "
    "dictature du prolétariat est une question de méthode : il faut le dire clairement et "
    "sans détour, car le travail de notre organisation en dépend."
)
# A misread known word the dictionary cannot flag: far rarer than its neighbour (`Gomme`), or
# contradicted by the document's own usage (`de plus on plus` beside two `de plus en plus`).
FOURTH = (
    "Gomme nous l’avons vu, la production croît de plus en plus vite, les prix baissent de "
    "plus en plus, et les salaires montent de plus on plus lentement."
)
NOTE = "V. Vassine : Essais sur la coopération rurale, t. 2, p. 45."
SPEAKER = "A. B. Zorine"


def _doc(extra: list[list[Word]], notes: tuple[str, ...] = (NOTE,)) -> Document:
    title = bind(parse("RAPPORT À LA XV^e CONFÉRENCE DU PARTI DE LA PROVINCE DE SMOLENSK"))
    paras = [bind(parse(FIRST)), bind(parse(SECOND)), *extra, bind(parse(THIRD)),
             bind(parse(FOURTH))]
    return Document(
        title, "14 mars 1927", {"when": "1927-03-14"}, [Speech(paras, "1927-03-14")],
        [Note([bind(parse(t))]) for t in notes], SPEAKER,
        f"{SPEAKER} – XVe Conférence du parti de Smolensk -1927",
        Layout(width=90, note_width=108, title_width=40, page_height=60, indent=0, foot="every"),
    )


def _planted() -> list[Word]:
    """A paragraph with the split words kept on one line (a Word never breaks)."""
    words = parse("Voici les")
    words += [Word.of("t r a v a u x")]
    words += parse("de la période, avec le mouvement")
    words += [Word.of("contre- révolutionnaire")]
    words += parse("des koulaks et des marchands. Puis")
    words += [Word.of("J ’ai")]
    words += parse("répondu : nous agirons, et 0n verra bien. Notre")
    words += [Word.of("organi sation")]
    words += parse("tiendra.")
    return bind(words)


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("draft")
    source = folder / "zorine-1927.txt"
    source.write_text(render(_doc([_planted()])).text, encoding="utf-8")
    out = folder / "zorine-1927.draft.toml"
    r = cli("draft", str(source), "-o", str(out))
    assert r.returncode == 0, r.stderr
    return source, out, out.read_text(encoding="utf-8")


def _accepted(text: str) -> str:
    return "\n".join(line[len(ENTRY):] if line.startswith(ENTRY) else line
                     for line in text.splitlines()) + "\n"


def _entries(text: str, kind: str) -> list[tuple[dict, str]]:
    """Each suggested [[kind]] entry (accepted) with the comment lines just before it."""
    blocks = re.split(r"\n(?=# suggested )", text)
    out = []
    for block in blocks:
        if f"{ENTRY}[[{kind}]]" not in block:
            continue
        head, _, entry = block.partition("\n" + ENTRY)
        data = tomllib.loads(_accepted(ENTRY + entry))
        out.append((data[kind][0], head))
    return out


def test_the_draft_is_a_data_file_that_applies_nothing(drafted, tmp_path: Path) -> None:
    source, draft, _ = drafted
    load_metadata(draft)  # the project's loader accepts it as it stands
    with_draft, without = tmp_path / "with.xml", tmp_path / "without.xml"
    assert cli("convert", str(source), "--meta", str(draft), "-o", str(with_draft)).returncode == 0
    assert cli("convert", str(source), "--no-meta", "-o", str(without)).returncode == 0
    assert with_draft.read_bytes() == without.read_bytes()  # no suggestion was applied
    r = cli("validate", str(with_draft))
    assert r.returncode == 0, r.stdout + r.stderr


def test_accepting_every_suggestion_gives_a_data_file_that_converts(drafted, tmp_path: Path) -> None:
    source, _, text = drafted
    accepted = tmp_path / "accepted.toml"
    accepted.write_text(_accepted(text), encoding="utf-8")
    meta = load_metadata(accepted)
    assert meta.corrections and meta.persons and meta.works
    out = tmp_path / "accepted.xml"
    r = cli("convert", str(source), "--meta", str(accepted), "-o", str(out))
    assert r.returncode == 0, r.stderr
    tree = parse_xml(out)
    sics = {"".join(s.itertext()) for s in tree.iterfind(".//t:choice/t:sic", TEI_NS)}
    assert sics == {c.sic for c in meta.corrections}
    assert cli("validate", str(out)).returncode == 0


def test_corrections_found_each_with_its_line_and_context(drafted) -> None:
    source, _, text = drafted
    lines = source.read_text(encoding="utf-8").split("\n")
    found = {e["sic"]: (e, comment) for e, comment in _entries(text, "correction")}
    expected = {"t r a v a u x": "travaux", "contre- révolutionnaire": "contre-révolutionnaire",
                "J ’ai": "J’ai", "ost": "est", "0n": "on", "Gomme": "Comme", "on": "en",
                "organi sation": "organisation"}
    for sic, corr in expected.items():
        assert sic in found, f"{sic!r} not suggested: {sorted(found)}"
        entry, comment = found[sic]
        assert entry["corr"] == corr
        line = int(re.search(r"line (\d+)", comment).group(1))
        assert sic.replace(" ", "") in lines[line - 1].replace(" ", ""), (sic, line)
        assert sic in entry.get("context", sic)
        assert entry["reason"]
    # every suggestion is marked as one and commented out
    for entry_line in re.findall(r"^.*\[\[correction\]\].*$", text, re.M):
        assert entry_line.startswith(ENTRY)


def test_persons_with_their_forms_and_counts(drafted) -> None:
    _, _, text = drafted
    persons = {e["id"]: (e, comment) for e, comment in _entries(text, "person")}
    zorine, comment = persons["zorine"]
    assert set(zorine["forms"]) >= {"P. Zorine", "Zorine"}
    assert "3 times (Zorine ×2, P. Zorine ×1)" in comment  # two plain, one with an initial
    assert "line" in comment
    assert "vassine" in persons
    assert "signs of a person: après « camarade » ×2" in comment
    # a name used like a place comes after the persons, under its own heading
    _, place = persons["vorskla"]
    assert "signs of a place or an institution" in place
    assert text.index("Names the text uses like places") < text.index('#~ id = "vorskla"')
    assert text.index('#~ id = "vassine"') < text.index("Names the text uses like places")


def test_works_in_guillemets_and_in_notes(drafted) -> None:
    _, _, text = drafted
    titles = {e["title"]: comment for e, comment in _entries(text, "work")}
    assert "Sur la marche des coopératives" in titles
    assert "entre guillemets" in titles["Sur la marche des coopératives"]
    assert "Essais sur la coopération rurale" in titles
    assert "dans une note" in titles["Essais sur la coopération rurale"]


def test_metadata_read_from_the_text(drafted) -> None:
    _, draft, text = drafted
    meta = load_metadata(draft)
    assert meta.source["date_from"] == "1927-03-14"
    assert "SMOLENSK" in meta.source["title"]
    assert "Zorine – XVe Conférence" in text  # the running head, with its line
    assert re.search(r"^#~ author = \"zorine\"$", text, re.M)
    assert re.search(r"^#~ who = \"zorine\"$", text, re.M)


def test_a_speaker_the_text_does_not_name_is_said_missing(tmp_path: Path) -> None:
    doc = _doc([_planted()])
    doc.layout.foot = "none"  # no running head: nothing names the speaker
    source = tmp_path / "unnamed.txt"
    source.write_text(render(doc).text, encoding="utf-8")
    r = cli("draft", str(source))
    assert r.returncode == 0, r.stderr
    assert "# speaker: the text does not name one" in r.stdout
    # no entry, active or suggested (the converter's warning, quoted as a comment, shows the
    # syntax to use)
    assert not re.search(r"^(#~ )?(author|who) =", r.stdout, re.M)


def test_the_draft_is_deterministic(drafted, tmp_path: Path) -> None:
    source, _, text = drafted
    r = cli("draft", str(source))
    assert r.returncode == 0
    assert r.stdout == text


def test_output_onto_the_source_is_refused(drafted, tmp_path: Path) -> None:
    source, _, _ = drafted
    before = source.read_bytes()
    r = cli("draft", str(source), "-o", str(source))
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert "source" in r.stderr
    link = tmp_path / "link.toml"
    link.symlink_to(source)
    r = cli("draft", str(source), "-o", str(link), "--force")
    assert r.returncode == 1 and "source" in r.stderr
    assert source.read_bytes() == before


def test_non_regular_and_existing_outputs_are_refused(drafted, tmp_path: Path) -> None:
    source, _, text = drafted
    r = cli("draft", str(source), "-o", str(tmp_path))
    assert r.returncode != 0 and "Traceback" not in r.stderr
    existing = tmp_path / "edited.toml"
    existing.write_text("# an editor's work\n", encoding="utf-8")
    r = cli("draft", str(source), "-o", str(existing))
    assert r.returncode == 1 and "--force" in r.stderr
    assert existing.read_text(encoding="utf-8") == "# an editor's work\n"
    assert cli("draft", str(source), "-o", str(existing), "--force").returncode == 0
    assert existing.read_text(encoding="utf-8") == text
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    r = cli("draft", str(source), "-o", str(fifo), "--force")
    assert r.returncode == 1 and "regular" in r.stderr


def test_bad_source_one_error_line_with_file_and_line(tmp_path: Path) -> None:
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"RAPPORT\n\nune ligne\x00\n")
    out = tmp_path / "bad.toml"
    r = cli("draft", str(binary), "-o", str(out))
    assert r.returncode == 1
    assert r.stderr.strip().count("\n") == 0 and "Traceback" not in r.stderr
    assert f"{binary}:3:" in r.stderr
    assert not out.exists()
    r = cli("draft", str(tmp_path / "missing.txt"))
    assert r.returncode == 1 and "missing.txt" in r.stderr and "Traceback" not in r.stderr


def test_embedded_document_draft_converts(tmp_path: Path) -> None:
    from helpers import SOURCE

    draft = tmp_path / "embedded.toml"
    assert cli("draft", str(SOURCE), "-o", str(draft)).returncode == 0
    accepted = tmp_path / "accepted.toml"
    accepted.write_text(_accepted(draft.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "embedded.xml"
    r = cli("convert", str(SOURCE), "--meta", str(accepted), "-o", str(out))
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("k", [0, 5, 20])
def test_drafts_of_generated_documents_convert_once_accepted(k: int, tmp_path: Path) -> None:
    """Documents the bench generates (no error planted, varied layouts): the draft loads, and
    with every suggestion accepted it still loads and converts."""
    from bench.generate import build, fixed_specs

    source = tmp_path / f"generated-{k}.txt"
    source.write_text(render(build(fixed_specs()[k])).text, encoding="utf-8")
    draft = tmp_path / "draft.toml"
    assert cli("draft", str(source), "-o", str(draft)).returncode == 0
    load_metadata(draft)
    accepted = tmp_path / "accepted.toml"
    accepted.write_text(_accepted(draft.read_text(encoding="utf-8")), encoding="utf-8")
    r = cli("convert", str(source), "--meta", str(accepted), "-o", str(tmp_path / "out.xml"))
    assert r.returncode == 0, r.stderr
