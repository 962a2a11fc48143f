"""Bad input: a clear error (or a warning where the output is still sound) naming the file
and line, exit 1 on error, never a traceback, never a partial output file."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from helpers import SOURCE, TEI_NS, cli, run_jing

LINES = SOURCE.read_text(encoding="utf-8").split("\n")


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def convert(src: Path, out: Path, *extra: str):
    return cli("convert", str(src), "-o", str(out), *extra)


def assert_error(result, out: Path, needle: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and needle in lines[0], result.stderr
    assert not out.exists()
    assert not list(out.parent.glob(f".{out.name}*"))  # no temporary left behind


@pytest.mark.parametrize(("name", "data", "needle"), [
    ("empty.txt", b"", "empty.txt:1: the source is empty"),
    ("blank.txt", b"\n\n   \n", "blank.txt:1: the source is empty"),
    ("binary.txt", b"RAPPORT\n\n\x00\x01\x02\xff", "binary.txt:3: the source is a binary file"),
    ("latin1.txt", "ligne un\n\nca va très bien\n".encode("latin-1"),
     "latin1.txt:3:9: the source is not UTF-8 (byte 0xe8)"),
    ("control.txt", "ligne\n\nun \x07 bip\n", "control.txt:3: the source holds a control"),
    ("prose.txt", "RAPPORT\n\nTITRE\n", "no paragraph of running text"),
])
def test_unreadable_sources_fail_with_file_and_line(tmp_path: Path, name: str, data: bytes,
                                                     needle: str) -> None:
    src = write(tmp_path, name, data)
    out = tmp_path / "out.xml"
    assert_error(convert(src, out), out, needle)


def test_an_existing_output_is_not_clobbered_on_error(tmp_path: Path) -> None:
    src = write(tmp_path, "empty.txt", b"")
    out = write(tmp_path, "out.xml", b"<keep/>")
    result = convert(src, out)
    assert result.returncode == 1
    assert out.read_bytes() == b"<keep/>"


def test_missing_source_is_an_error(tmp_path: Path) -> None:
    result = cli("convert", str(tmp_path / "nope.txt"))
    assert result.returncode == 1 and "nope.txt: cannot read source" in result.stderr
    assert "Traceback" not in result.stderr


def test_crlf_is_read_with_a_warning(tmp_path: Path) -> None:
    src = write(tmp_path, "crlf.txt", "\r\n".join(LINES))
    out = tmp_path / "out.xml"
    result = convert(src, out, "--no-meta")
    assert result.returncode == 0, result.stderr
    assert "crlf.txt:1: warning: CRLF or CR line ends" in result.stderr
    lf = tmp_path / "lf.xml"
    convert(write(tmp_path, "lf.txt", "\n".join(LINES)), lf, "--no-meta")
    body = lambda p: etree.tostring(etree.parse(str(p)).find(".//t:text", TEI_NS))  # noqa: E731
    assert body(out) == body(lf)


def _without(lines: list[str], start: int, end: int) -> str:
    """The source with lines start..end (1-based, inclusive) removed."""
    return "\n".join(lines[: start - 1] + lines[end:])


def test_mark_without_note_text_warns_and_keeps_a_gap(tmp_path: Path) -> None:
    # note 2's number and text are lines 69-74 of the source
    assert LINES[68] == "2" and LINES[73].startswith("du socialisme")
    src = write(tmp_path, "no-text.txt", _without(LINES, 69, 74))
    out = tmp_path / "out.xml"
    result = convert(src, out, "--no-meta")
    assert result.returncode == 0, result.stderr
    assert "no-text.txt:20: warning: note mark 2 has no note text" in result.stderr
    tei = etree.parse(str(out))
    assert tei.xpath("//t:note[@n='2']/t:gap", namespaces=TEI_NS)
    assert run_jing(out).returncode == 0


def test_note_text_without_mark_warns_and_keeps_the_note(tmp_path: Path) -> None:
    assert LINES[19] == "2"  # the mark of note 2, glued between lines 19 and 21
    src = write(tmp_path, "no-mark.txt", _without(LINES, 20, 20))
    out = tmp_path / "out.xml"
    result = convert(src, out, "--no-meta")
    assert result.returncode == 0, result.stderr
    assert "no-mark.txt:69: warning: note 2 has no mark in the text" in result.stderr
    tei = etree.parse(str(out))
    assert [n.get("n") for n in tei.xpath("//t:text//t:note", namespaces=TEI_NS)][:3] == ["1", "2", "3"]
    assert run_jing(out).returncode == 0


def test_truncated_source_warns(tmp_path: Path) -> None:
    src = write(tmp_path, "cut.txt", "\n".join(LINES[:600]) + "\n\nnous allons vers")
    out = tmp_path / "out.xml"
    result = convert(src, out, "--no-meta")
    assert result.returncode == 0, result.stderr
    assert "cut.txt:602: warning: the text ends in the middle of a sentence" in result.stderr


@pytest.mark.parametrize(("toml", "needle"), [
    ("[edition\n", "data.toml:1: data file is not valid TOML"),
    ('[edition]\nid = "x"\ncolour = "red"\n', "data.toml:3: unknown key 'colour' in [edition]"),
    ('[[person]]\nid = "a"\nname = "A"\nbirth = "1888-13"\n', "is not an ISO date"),
    ('[[correction]]\nsic = "zzz"\ncorr = "y"\nreason = "r"\n',
     "data.toml:1: correction 'zzz' → 'y': its context 'zzz' is not in the text"),
    ('[[correction]]\nsic = "de"\ncorr = "du"\nreason = "r"\n', "occurs"),
    ('[[speech]]\nwho = "nobody"\n', "speech speaker 'nobody' is not a declared person"),
])
def test_bad_data_file_fails_with_its_line(tmp_path: Path, toml: str, needle: str) -> None:
    data = write(tmp_path, "data.toml", toml)
    out = tmp_path / "out.xml"
    assert_error(convert(SOURCE, out, "--meta", str(data)), out, needle)


def test_an_output_that_cannot_be_written_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    src = write(tmp_path, "speech.txt", SOURCE.read_bytes())
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    result = convert(src, blocker / "speech.xml")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot write speech.xml" in result.stderr
