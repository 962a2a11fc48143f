"""`tei-edition build` as a user runs it: inputs, folders, invalid TEI, repeatability."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("tei_edition.validation")
pytest.importorskip("tei_edition.convert")

from helpers import cli
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
    # a word longer than the width (the licence's URL in the header) stays whole on its line
    assert all(len(line) <= 40 or " " not in line for line in text.splitlines())


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


# --- validation on worker processes -----------------------------------------------------------


def batch_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "a-sample.xml")
    shutil.copy(RICH, folder / "b-rich.xml")
    shutil.copy(default_source(), folder / "c-speech.txt")
    shutil.copy(SAMPLE, folder / "d-sample.xml")
    return folder


def test_the_number_of_validator_processes_does_not_change_a_byte(tmp_path):
    folder = batch_folder(tmp_path)
    results = {}
    for jobs in ("0", "1", "3"):
        result = run(str(folder), "-o", str(tmp_path / f"out-{jobs}"), "--jobs", jobs)
        assert result.exit_code == 0, result.output
        assert "built 4 documents" in result.stdout
        results[jobs] = snapshot(tmp_path / f"out-{jobs}")
    # and the converted TEI, with the schema files its xml-model links name beside it
    linked = {f"schema/{n}" for n in ("tei-edition.rng", "tei-edition.xsd", "tei-edition.sch",
                                      "tei_all.rng", "xml.xsd")}
    assert linked <= set(results["0"])
    assert len(results["0"]) == 4 * len(SUFFIXES) + 1 + len(linked)
    assert results["0"] == results["1"] == results["3"]


def test_a_fresh_process_builds_a_batch_as_the_in_process_run_does(tmp_path):
    # A new process has not started Saxon yet, so its workers are forked: the path users take.
    folder = batch_folder(tmp_path)
    done = cli("build", str(folder), "-o", str(tmp_path / "forked"))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert run(str(folder), "-o", str(tmp_path / "local"), "--jobs", "0").exit_code == 0
    assert snapshot(tmp_path / "forked") == snapshot(tmp_path / "local")


@pytest.mark.parametrize("jobs", ["0", "2"])
def test_a_batch_stops_at_its_first_invalid_document(tmp_path, jobs):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "a.xml")
    shutil.copy(INVALID, folder / "b.xml")
    shutil.copy(SAMPLE, folder / "c.xml")
    result = run(str(folder), "-o", str(tmp_path / "out"), "--jobs", jobs)
    assert result.exit_code == 1
    assert "b.xml:" in result.stderr and "invalid" in result.stderr
    assert all(p.is_file() for p in outputs(tmp_path / "out", "a"))  # built before it
    assert not any(p.exists() for p in outputs(tmp_path / "out", "b"))
    assert not any(p.exists() for p in outputs(tmp_path / "out", "c"))  # the build stopped


def test_a_source_that_cannot_be_converted_stops_the_batch_with_its_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "a.xml")
    (folder / "b.txt").write_bytes("ligne un\n\nça va très bien\n".encode("latin-1"))
    done = cli("build", str(folder), "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "b.txt:3:" in done.stderr and "not UTF-8" in done.stderr
    assert all(p.is_file() for p in outputs(tmp_path / "out", "a"))
    assert not (tmp_path / "out" / "b.xml").exists()


def test_errors_keep_their_location_across_processes():
    import pickle

    from tei_edition.errors import EditionError, Location
    from tei_edition.pipeline import InvalidDocument
    from tei_edition.validation import Problem

    error = pickle.loads(pickle.dumps(EditionError("bad", Location("f.txt", 3, 9))))
    assert str(error) == "f.txt:3:9: bad"
    problem = Problem("f.xml", 2, 1, "error", "wrong", "schema")
    invalid = pickle.loads(pickle.dumps(InvalidDocument(Path("f.xml"), [problem])))
    assert invalid.problems == [problem] and "1 error(s)" in str(invalid)


def test_a_validator_that_cannot_start_is_reported_not_hung(monkeypatch):
    from concurrent.futures import Future

    from tei_edition import pipeline
    from tei_edition.errors import EditionError

    def broken(**options):
        raise OSError("schema cache unreadable")

    monkeypatch.setattr(pipeline, "Validator", broken)
    monkeypatch.setattr(pipeline, "_worker_validator", None)
    monkeypatch.setattr(pipeline, "_worker_failure", None)
    pipeline._start_worker(False, None)  # what a worker process runs first
    verdict: Future = Future()
    try:
        pipeline._validate(str(SAMPLE))
    except pipeline._WorkerFailed as failed:
        verdict.set_exception(failed)
    with pytest.raises(EditionError, match="could not start: schema cache unreadable"):
        pipeline._Validators(0, False, None).result(verdict, SAMPLE)


def test_a_validator_process_that_dies_is_reported_without_a_traceback(tmp_path):
    import os
    import signal

    from tei_edition.errors import EditionError
    from tei_edition.pipeline import Job, Pipeline

    with Pipeline(tmp_path, tmp_path, workers=1) as pipeline:
        for process in list(pipeline._validators._pool._processes.values()):
            os.kill(process.pid, signal.SIGKILL)  # as the kernel's out-of-memory killer would
        with pytest.raises(EditionError, match="stopped unexpectedly"):
            list(pipeline.run([Job(SAMPLE, is_source=False)]))
    assert not any(p.exists() for p in outputs(tmp_path, SAMPLE.stem))


def test_an_output_folder_that_cannot_be_made_is_an_error_not_a_traceback(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    done = cli("build", str(SAMPLE), "-o", str(blocker / "out"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"error: {blocker / 'out'}: cannot write" in done.stderr
