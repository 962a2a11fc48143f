"""`tei-edition build` as a user runs it: inputs, folders, invalid TEI, repeatability."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("tei_edition.validation")
pytest.importorskip("tei_edition.convert")

from tei_edition.cli import main
from tei_edition.convert import default_source

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "sample-edition.xml"
RICH = FIXTURES / "publish" / "rich-edition.xml"
INVALID = FIXTURES / "publish" / "hostile-edition.xml"
SUFFIXES = (".html", ".txt", ".citations.json", ".csl.json", ".citations.csv")


def run(*args: str):
    return CliRunner().invoke(main, ["build", *args])


def outputs(folder: Path, stem: str) -> list[Path]:
    return [folder / f"{stem}{s}" for s in SUFFIXES]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_no_input_builds_the_embedded_document_identically_each_time(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = run()
    assert first.exit_code == 0, first.output
    stem = default_source().stem
    assert (tmp_path / "tei" / f"{stem}.xml").is_file()
    for path in outputs(tmp_path / "out", stem):
        assert path.stat().st_size > 0, path
    before = snapshot(tmp_path)
    second = run()
    assert second.exit_code == 0, second.output
    assert snapshot(tmp_path) == before


def test_a_source_text_is_converted_and_its_tei_kept_beside_the_outputs(tmp_path):
    source = tmp_path / "speech.txt"
    shutil.copy(default_source(), source)
    result = run(str(source), "-o", str(tmp_path / "pub"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pub" / "speech.xml").is_file()
    assert all(p.is_file() for p in outputs(tmp_path / "pub", "speech"))
    assert str(tmp_path / "pub" / "speech.html") in result.stdout


def test_a_folder_is_built_whole_with_a_summary(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        shutil.copy(SAMPLE, folder / f"doc-{i}.xml")
    (folder / "notes.md").write_text("not a document")
    result = run(str(folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "built 3 documents" in result.stdout
    for i in range(3):
        assert all(p.is_file() for p in outputs(tmp_path / "out", f"doc-{i}"))
    assert not (tmp_path / "out" / "notes.html").exists()


def test_options_reach_the_plain_text(tmp_path):
    result = run(str(RICH), "-o", str(tmp_path), "--width", "40", "--pages")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "rich-edition.txt").read_text(encoding="utf-8")
    assert "[p. 6]" in text
    assert max(len(line) for line in text.splitlines()) <= 40


def test_invalid_tei_stops_the_build_with_the_validators_messages(tmp_path):
    result = run(str(SAMPLE), str(INVALID), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert "hostile-edition.xml:" in result.stderr
    assert "licence" in result.stderr and "error" in result.stderr
    assert "invalid" in result.stderr
    assert not any(p.exists() for p in outputs(tmp_path, "hostile-edition"))


def test_two_inputs_with_one_name_are_refused(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        shutil.copy(SAMPLE, tmp_path / name / "same.xml")
    result = run(str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "same" in result.stderr and "overwrite" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_empty_folder_and_a_missing_file_are_errors(tmp_path):
    (tmp_path / "empty").mkdir()
    assert run(str(tmp_path / "empty")).exit_code == 1
    assert run(str(tmp_path / "missing.xml")).exit_code == 2
