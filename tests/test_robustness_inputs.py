"""Hostile inputs: only regular files are read, every read is bounded, bad values are one
error line naming the file (and line), nothing is written and the inputs are unchanged."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from robust import SAMPLE, assert_one_error, digests, memory_limit, run, speech, tree_digests


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


# --- FIFOs, devices and folders are never opened to be read --------------------------------


@pytest.mark.parametrize("how", ["source", "meta", "implicit-meta", "build", "build-folder"])
def test_a_fifo_is_refused_at_once_never_waited_on(tmp_path: Path, fifo: Path, how: str):
    source = speech(tmp_path / "in")
    if how == "implicit-meta":
        (tmp_path / "in" / "speech.toml").unlink()
        os.mkfifo(tmp_path / "in" / "speech.toml")
    elif how == "build-folder":
        shutil.copyfile(SAMPLE, tmp_path / "in" / "a.xml")
        os.mkfifo(tmp_path / "in" / "b.xml")
    before = tree_digests(tmp_path / "in")
    args = {"source": ["convert", fifo, "-o", tmp_path / "out.xml"],
            "meta": ["convert", source, "--meta", fifo, "-o", tmp_path / "out.xml"],
            "implicit-meta": ["convert", source, "-o", tmp_path / "out.xml"],
            "build": ["build", SAMPLE, fifo, "-o", tmp_path / "out"],
            "build-folder": ["build", tmp_path / "in", "-o", tmp_path / "out"]}[how]
    done = run(*args, timeout=30)  # without the check, this waits for a writer forever
    assert_one_error(done, "FIFO")
    assert not (tmp_path / "out.xml").exists() and not (tmp_path / "out").exists()
    assert tree_digests(tmp_path / "in") == before


@pytest.mark.parametrize("how", ["source", "meta", "build", "validate"])
def test_dev_zero_is_refused_before_reading_under_a_memory_limit(tmp_path: Path, how: str):
    source = speech(tmp_path)
    args = {"source": ["convert", "/dev/zero"],
            "meta": ["convert", source, "--meta", "/dev/zero"],
            "build": ["build", "/dev/zero", "-o", tmp_path / "out"],
            "validate": ["validate", "/dev/zero"]}[how]
    done = run(*args, preexec=memory_limit(1024), timeout=60)
    assert "MemoryError" not in done.stderr
    if how == "validate":  # the validator reports per file, on standard output
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert "character device, not a regular file" in done.stdout
    else:
        assert_one_error(done, "character device")


def test_a_folder_as_data_file_is_one_error(tmp_path: Path):
    source = speech(tmp_path)
    (tmp_path / "folder.toml").mkdir()
    done = run("convert", source, "--meta", tmp_path / "folder.toml")
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr


def test_an_oversized_source_is_refused_before_it_is_read(tmp_path: Path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)  # sparse: no disk used
    assert_one_error(run("convert", big, preexec=memory_limit(1024)), "over the 20 MB limit")


# --- characters and names XML cannot hold -------------------------------------------------


@pytest.mark.parametrize("char", ["\ufffe", "\uffff"])
def test_a_noncharacter_in_the_source_is_one_error_with_its_line(tmp_path: Path, char: str):
    source = speech(tmp_path, with_data=False)
    text = source.read_text(encoding="utf-8").split("\n")
    text[40] += char
    source.write_text("\n".join(text), encoding="utf-8")
    before = digests([source])
    done = run("convert", source, "-o", tmp_path / "out.xml")
    assert_one_error(done, f"speech.txt:41: the source holds a noncharacter (U+{ord(char):04X})")
    assert digests([source]) == before and not (tmp_path / "out.xml").exists()


@pytest.mark.parametrize("name", [b"a\x01b", b"esc\x1b[31m", b"latin\xff"])
@pytest.mark.parametrize("command", ["convert", "build"])
def test_a_file_name_xml_cannot_hold_is_one_escaped_error(tmp_path: Path, name: bytes,
                                                          command: str):
    folder = os.fsencode(tmp_path)
    source = folder + b"/" + name + b".txt"
    shutil.copyfile(speech(tmp_path / "src"), source)
    args = ["convert", os.fsdecode(source)] if command == "convert" else \
        ["build", os.fsdecode(source), "-o", str(tmp_path / "out")]
    line = assert_one_error(run(*args), "rename")
    assert "\x1b" not in line and "\x01" not in line  # escaped: one safe line on a terminal
    assert "\\x" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("escape", ["\\u0001", "\\u001b", "\\uFFFE"])
def test_a_data_file_string_xml_cannot_hold_is_one_error_with_its_line(tmp_path: Path,
                                                                        escape: str):
    source = speech(tmp_path)
    data = tmp_path / "speech.toml"
    lines = data.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("name = "))
    lines[at] = lines[at][:-1] + escape + '"'
    data.write_text("\n".join(lines), encoding="utf-8")
    before = digests([source, data])
    done = run("convert", source, "-o", tmp_path / "out.xml")
    assert_one_error(done, f"speech.toml:{at + 1}: 'name' in [person] holds U+")
    assert digests([source, data]) == before and not (tmp_path / "out.xml").exists()


def test_toml_nested_50k_deep_is_one_error(tmp_path: Path):
    source = speech(tmp_path, with_data=False)
    (tmp_path / "speech.toml").write_text("x = " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert_one_error(run("convert", source), "speech.toml:1: data file nests")


def test_a_data_file_with_a_byte_order_mark_is_read_like_a_source_with_one(tmp_path: Path):
    source = speech(tmp_path)
    plain = run("convert", source, "-q")
    data = tmp_path / "speech.toml"
    data.write_bytes(b"\xef\xbb\xbf" + data.read_bytes())
    with_bom = run("convert", source, "-q")
    assert with_bom.returncode == 0, with_bom.stderr
    assert with_bom.stdout == plain.stdout


def test_a_data_file_that_is_not_utf8_names_its_line(tmp_path: Path):
    source = speech(tmp_path)
    data = tmp_path / "speech.toml"
    data.write_bytes(data.read_bytes().replace(b"Boukharine", b"Boukh\xe2rine", 1))
    assert_one_error(run("convert", source), "speech.toml:")


# --- values that would make invalid TEI --------------------------------------------------


def _with_data(tmp_path: Path, edit) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    source = speech(tmp_path)
    data = tmp_path / "speech.toml"
    data.write_text(edit(data.read_text(encoding="utf-8")), encoding="utf-8")
    return source, data


@pytest.mark.parametrize(("edit", "needle"), [
    (lambda t: t.replace('id = "boukharine-1926-leningrad"', 'id = "1"', 1), "edition id '1'"),
    (lambda t: t.replace('id = "boukharine-1926-leningrad"', 'id = "p-1"', 1),
     "the shape of the ids the converter makes"),
    (lambda t: t.replace('id = "lenine"', 'id = "a²"', 1), "person id 'a²'"),
    (lambda t: t.replace('id = "lenine"', 'id = "note-3"', 1), "person id 'note-3'"),
])
def test_ids_that_xml_refuses_or_that_collide_are_one_error(tmp_path: Path, edit, needle):  # type: ignore[no-untyped-def]
    source, data = _with_data(tmp_path, edit)
    before = digests([source, data])
    line = assert_one_error(run("convert", source, "-o", tmp_path / "out.xml"), needle)
    assert "speech.toml:" in line
    assert digests([source, data]) == before and not (tmp_path / "out.xml").exists()


def test_a_year_in_arabic_indic_digits_is_one_error(tmp_path: Path):
    def edit(text: str) -> str:
        at = text.index("birth = ")
        end = text.index("\n", at)
        return text[:at] + 'birth = "١٨٨٨"' + text[end:]
    source, _ = _with_data(tmp_path, edit)
    assert_one_error(run("convert", source), "is not an ISO date")


def test_overlapping_corrections_are_reported_with_both_lines(tmp_path: Path):
    extra = ('\n[[correction]]\nsic = "ceci"\ncorr = "cela"\nreason = "test"\n'
             '\n[[correction]]\nsic = "ceci est"\ncorr = "cela est"\nreason = "test"\n')
    source, data = _with_data(tmp_path, lambda t: t + extra)
    lines = data.read_text(encoding="utf-8").split("\n")
    first = lines.index('sic = "ceci"')  # 0-based index of the sic: the [[correction]] above
    line = assert_one_error(run("convert", source), "can apply to the same words")
    assert f"lines {first} (sic 'ceci') and {first + 5} (sic 'ceci est')" in line
    assert f"speech.toml:{first + 5}:" in line


# --- the wrong kind of input, the wrong option ---------------------------------------------


@pytest.mark.parametrize("name", ["T.XML", "doc.tei", "edition.txt"])
def test_tei_is_recognised_by_its_root_not_its_suffix(tmp_path: Path, name: str):
    shutil.copyfile(SAMPLE, tmp_path / name)
    done = run("build", tmp_path / name, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    stem = Path(name).stem
    html = (tmp_path / "out" / f"{stem}.html").read_text(encoding="utf-8")
    assert "&lt;TEI" not in html and "<TEI" not in html  # not converted as if it were text
    assert not (tmp_path / "out" / f"{stem}.xml").exists()  # nothing was converted


def test_a_huge_width_is_a_usage_error(tmp_path: Path):
    done = run("build", SAMPLE, "-o", tmp_path, "--width", "99999999999999999999")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "--width" in done.stderr


def test_a_mark_too_long_for_a_number_is_reported_as_written(tmp_path: Path):
    source = speech(tmp_path, with_data=False)
    lines = source.read_text(encoding="utf-8").split("\n")
    at = lines.index("2")  # the first note mark, on a line of its own
    lines[at] = "99999999999999999999"
    source.write_text("\n".join(lines), encoding="utf-8")
    done = run("convert", source)
    assert "Traceback" not in done.stderr
    assert f"speech.txt:{at + 1}: warning: note mark 99999999999999999999 where" in done.stderr
    assert "note mark -1" not in done.stderr
