"""`tei-edition deposit`: BagIt packages an archive can verify, and `--verify`.

Tests that make a bag need the validator and the publisher (other modules of the project);
they skip, saying so, only while those modules are missing.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import subprocess
import sys
import tarfile
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import bagit
import pytest
from click.testing import CliRunner, Result
from lxml import etree

from tei_edition import TEI_NS
from tei_edition import deposit as lib
from tei_edition.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "sample-edition.xml"
SOURCE = FIXTURES / "deposit" / "sample-source.txt"
BAGIT_TOOL = Path(sys.executable).parent / "bagit.py"
DAY = "2026-01-02"
PUBLICATIONS = (".html", ".txt", ".citations.json", ".csl.json", ".citations.csv")
NS = {"tei": TEI_NS}


def _missing(module: str) -> bool:
    return importlib.util.find_spec(module) is None


needs_tools = pytest.mark.skipif(
    _missing("tei_edition.validation") or _missing("tei_edition.transform"),
    reason="tei_edition.validation / tei_edition.transform not written yet (other engineers)",
)


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, ["deposit", *map(str, args)])
    # Whatever happens, a user never sees a traceback.
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def deposit(tei: Path, bag: Path, *extra: str) -> Result:
    result = run(tei, "-o", bag, "--bagging-date", DAY, *extra)
    assert result.exit_code == 0, result.output
    return result


def with_source(tmp: Path, name: str = "sample-source.txt", sha: str | None = None) -> Path:
    """The sample edition as the converter writes it: naming its source file and checksum,
    laid out tei/ beside sources/ (the TEI's schema/ links are resolved in the bag)."""
    tree = etree.parse(str(SAMPLE))
    note = tree.find(".//tei:sourceDesc/tei:bibl/tei:note", NS)
    note.find("tei:idno[@type='sha256']", NS).text = sha or lib.sha256_file(SOURCE)
    filename = etree.SubElement(note, f"{{{TEI_NS}}}idno", type="filename")
    filename.text = name
    filename.tail = "."
    (tmp / "tei").mkdir(parents=True, exist_ok=True)
    (tmp / "sources").mkdir(exist_ok=True)
    shutil.copyfile(SOURCE, tmp / "sources" / "sample-source.txt")
    tei = tmp / "tei" / "sample-edition.xml"
    tree.write(str(tei), xml_declaration=True, encoding="UTF-8")
    return tei


def tag_file(path: Path) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in path.read_text(encoding="utf-8").splitlines())


# --- the header, the source: no collaborator needed -----------------------------------


def test_bag_info_comes_from_the_tei_header() -> None:
    header = lib.read_header(SAMPLE)
    info = lib.bag_info([header], date(2026, 1, 2))
    assert info["External-Identifier"] == "sample-edition"
    assert info["Source-Organization"] == "Projet tei-edition"
    assert info["Internal-Sender-Identifier"] == "sample-edition"
    assert info["Bagging-Date"] == DAY
    described = info["External-Description"]
    for fact in ("Rapport à la XXIIIe conférence (exemple)", "Nikolaï Ivanovitch Boukharine",
                 "10-11 février 1926"):
        assert fact in described
    assert "\n" not in described


def test_source_found_in_sources_beside_tei_folder(tmp_path: Path) -> None:
    header = lib.read_header(with_source(tmp_path))
    found = lib.find_source(header, lib.source_dirs(header.path))
    assert found.path == tmp_path / "sources" / "sample-source.txt"


def test_source_with_another_checksum_is_left_out(tmp_path: Path) -> None:
    header = lib.read_header(with_source(tmp_path, sha="ab" * 32))
    found = lib.find_source(header, lib.source_dirs(header.path))
    assert found.path is None
    assert "SHA-256" in found.note


@pytest.mark.parametrize("name", ["../sources/sample-source.txt", "/etc/passwd", ".hidden"])
def test_source_name_cannot_reach_outside_the_folders_searched(tmp_path: Path, name: str) -> None:
    header = lib.read_header(with_source(tmp_path, name=name))
    found = lib.find_source(header, [tmp_path / "sources", tmp_path])
    assert found.path is None
    assert "plain file name" in found.note


def test_sample_names_no_source(tmp_path: Path) -> None:
    found = lib.find_source(lib.read_header(SAMPLE), [FIXTURES])
    assert found.path is None
    assert "does not name" in found.note


# --- usage -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        [],
        [SAMPLE],  # no -o
        ["--verify"],
        ["--verify", "a", "b"],
        ["--verify", "a", "-o", "b"],
        ["--verify", "a", "--zip"],
        [SAMPLE, "-o", "b", "--zip", "--tar"],
        [SAMPLE, "-o", "b", "--bagging-date", "2026-13-01"],
        [SAMPLE, "-o", "b", "--bagging-date", "2/1/2026"],
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str | Path]) -> None:
    result = run(*[tmp_path / a if a in ("a", "b") else a for a in args])
    assert result.exit_code == 2
    assert not (tmp_path / "b").exists()


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    bag = tmp_path / "bag"
    bag.mkdir()
    (bag / "bagit.txt").write_text("keep me")
    result = run(SAMPLE, "-o", bag)
    assert result.exit_code == 1
    assert "--force" in result.output
    assert (bag / "bagit.txt").read_text() == "keep me"


def test_force_never_replaces_a_folder_that_is_not_a_bag(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("precious")
    result = run(SAMPLE, "-o", tmp_path, "--force")
    assert result.exit_code == 1
    assert "not a bag" in result.output
    assert (tmp_path / "notes.txt").read_text() == "precious"


def test_verify_something_that_is_not_a_bag(tmp_path: Path) -> None:
    result = run("--verify", tmp_path)
    assert result.exit_code == 1
    assert "not a readable bag" in result.output


def test_missing_tei_file(tmp_path: Path) -> None:
    result = run(tmp_path / "nope.xml", "-o", tmp_path / "bag")
    assert result.exit_code == 1
    assert "nope.xml: no such file" in result.output


# --- making a bag ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One bag of the sample, made once: tests that change it work on a copy."""
    if _missing("tei_edition.validation") or _missing("tei_edition.transform"):
        pytest.skip("tei_edition.validation / tei_edition.transform not written yet")
    bag = tmp_path_factory.mktemp("made") / "sample-bag"
    deposit(SAMPLE, bag)
    return bag


@pytest.fixture
def bag(made: Path, tmp_path: Path) -> Path:
    copy = tmp_path / made.name
    shutil.copytree(made, copy)
    return copy


@needs_tools
def test_library_of_congress_tool_validates_the_bag(made: Path) -> None:
    done = subprocess.run([sys.executable, BAGIT_TOOL, "--validate", made],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (made / "bagit.txt").read_text().splitlines() == [
        "BagIt-Version: 1.0", "Tag-File-Character-Encoding: UTF-8"]
    for name in ("manifest", "tagmanifest"):
        for alg in ("sha256", "sha512"):
            listed = [line.split()[1] for line in (made / f"{name}-{alg}.txt").open()]
            # Ordered by path, so that manifests do not depend on the file system's order.
            assert listed == sorted(listed) and listed


@needs_tools
def test_payload_holds_tei_schemas_publications_and_readme(made: Path) -> None:
    data = made / "data"
    assert (data / "tei" / "sample-edition.xml").read_bytes() == SAMPLE.read_bytes()
    for schema in lib.schema_files():
        assert (data / "tei" / "schema" / schema.name).read_bytes() == schema.read_bytes()
    for suffix in PUBLICATIONS:
        assert (data / "publications" / f"sample-edition{suffix}").stat().st_size > 0
    # Every file as readable as the README, whatever private mode a tool wrote it with.
    modes = {p.stat().st_mode & 0o777 for p in data.rglob("*") if p.is_file()}
    assert modes == {(data / "README.txt").stat().st_mode & 0o777}
    # The TEI's own xml-model links find the schemas inside the bag.
    for href in lib.xml_model_links(data / "tei" / "sample-edition.xml"):
        assert (data / "tei" / href).resolve().is_file()
    readme = (data / "README.txt").read_text(encoding="utf-8")
    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        assert path.relative_to(data).as_posix() in readme
    assert "bagit.py --validate" in readme
    assert "not included" in readme  # the sample names no source file


@needs_tools
def test_bag_info(made: Path) -> None:
    info = tag_file(made / "bag-info.txt")
    assert info["External-Identifier"] == "sample-edition"
    assert info["Source-Organization"] == "Projet tei-edition"
    assert info["Bagging-Date"] == DAY
    assert "Boukharine" in info["External-Description"]
    files = [p for p in (made / "data").rglob("*") if p.is_file()]
    assert info["Payload-Oxum"] == f"{sum(p.stat().st_size for p in files)}.{len(files)}"
    number, unit = info["Bag-Size"].split(" ")
    assert float(number) > 0 and unit in ("B", "KB", "MB")


@needs_tools
def test_verify_a_good_bag(made: Path) -> None:
    result = run("--verify", made)
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


@needs_tools
def test_refuses_tei_that_does_not_validate(tmp_path: Path) -> None:
    bad = tmp_path / "in" / "bad.xml"
    bad.parent.mkdir()
    bad.write_bytes(SAMPLE.read_bytes().replace(b"<titleStmt>", b"<titleStmt><bogus/>", 1))
    result = run(bad, "-o", tmp_path / "out" / "bag")
    assert result.exit_code == 1
    assert "bad.xml" in result.output and "nothing deposited" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@needs_tools
def test_force_replaces_a_bag(bag: Path) -> None:
    (bag / "data" / "stray.txt").write_text("left by hand")
    deposit(SAMPLE, bag, "--force")
    assert not (bag / "data" / "stray.txt").exists()
    assert run("--verify", bag).exit_code == 0


@needs_tools
@pytest.mark.parametrize("step", ["stage_payload", "_finish_bag", "_self_check", "_write_zip"])
def test_interrupted_deposit_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    real = getattr(lib, step)

    def interrupted(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)  # the step runs, then the user presses Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(lib, step, interrupted)
    out = tmp_path / "out"
    result = run(SAMPLE, "-o", out / "bag", "--zip")
    assert result.exit_code != 0
    assert sorted(p.name for p in out.iterdir()) == []


@needs_tools
def test_interrupted_force_keeps_the_old_bag(
    bag: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {p: p.read_bytes() for p in bag.rglob("*") if p.is_file()}

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(lib, "_self_check", interrupted)
    assert run(SAMPLE, "-o", bag, "--force", "--bagging-date", "2030-01-01").exit_code != 0
    assert {p: p.read_bytes() for p in bag.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in bag.parent.iterdir()) == [bag.name]


# --- reproducible packages -------------------------------------------------------------


@needs_tools
def test_rerun_gives_the_same_manifests(made: Path, tmp_path: Path) -> None:
    again = tmp_path / made.name
    assert run(SAMPLE, "-o", again, "--bagging-date", "2031-12-31").exit_code == 0
    for alg in ("sha256", "sha512"):
        name = f"manifest-{alg}.txt"
        assert (again / name).read_bytes() == (made / name).read_bytes()
    first, second = tag_file(made / "bag-info.txt"), tag_file(again / "bag-info.txt")
    assert {k for k in first if first[k] != second[k]} == {"Bagging-Date"}


@needs_tools
@pytest.mark.parametrize("kind", ["zip", "tar"])
def test_archive_is_reproducible_and_checksummed(tmp_path: Path, kind: str) -> None:
    archives = []
    for n in (1, 2):
        deposit(SAMPLE, tmp_path / str(n) / "bag", f"--{kind}")
        archive = tmp_path / str(n) / f"bag.{kind}"
        line = (tmp_path / str(n) / f"bag.{kind}.sha256").read_text()
        assert line == f"{hashlib.sha256(archive.read_bytes()).hexdigest()}  bag.{kind}\n"
        archives.append(archive.read_bytes())
    assert archives[0] == archives[1]


@needs_tools
def test_tar_members_are_stamped_with_the_bagging_date(tmp_path: Path) -> None:
    deposit(SAMPLE, tmp_path / "bag", "--tar")
    with tarfile.open(tmp_path / "bag.tar") as tf:
        members = tf.getmembers()
    stamp = int(datetime(2026, 1, 2, tzinfo=UTC).timestamp())
    assert {m.mtime for m in members} == {stamp}
    assert {m.name.split("/")[0] for m in members} == {"bag"}
    assert "bag/data/tei/sample-edition.xml" in {m.name for m in members}


@needs_tools
def test_unpacked_zip_is_a_valid_bag(tmp_path: Path) -> None:
    deposit(SAMPLE, tmp_path / "bag", "--zip")
    with zipfile.ZipFile(tmp_path / "bag.zip") as zf:
        zf.extractall(tmp_path / "unpacked")
    assert bagit.Bag(str(tmp_path / "unpacked" / "bag")).validate()


# --- the source text -------------------------------------------------------------------


@needs_tools
def test_source_text_is_deposited_when_its_checksum_matches(tmp_path: Path) -> None:
    tei = with_source(tmp_path / "work")
    result = deposit(tei, tmp_path / "bag")
    assert "source text included: sample-source.txt" in result.output
    assert (tmp_path / "bag" / "data" / "sources" / "sample-source.txt").read_bytes() == (
        SOURCE.read_bytes()
    )


@needs_tools
def test_source_text_with_another_checksum_is_not_deposited(tmp_path: Path) -> None:
    tei = with_source(tmp_path / "work")
    (tmp_path / "work" / "sources" / "sample-source.txt").write_text("changed since")
    result = deposit(tei, tmp_path / "bag")
    assert "source text not included" in result.output
    assert not (tmp_path / "bag" / "data" / "sources").exists()
    readme = (tmp_path / "bag" / "data" / "README.txt").read_text(encoding="utf-8")
    assert "its SHA-256 is not the header's" in readme


# --- verify names each problem -----------------------------------------------------------


def _alter(bag: Path) -> str:
    path = bag / "data" / "publications" / "sample-edition.html"
    data = bytearray(path.read_bytes())
    data[-2] ^= 0x20  # same size: bagit's quick file-count-and-size check passes
    path.write_bytes(bytes(data))
    return "data/publications/sample-edition.html: altered"


def _delete(bag: Path) -> str:
    (bag / "data" / "publications" / "sample-edition.txt").unlink()
    return "data/publications/sample-edition.txt: missing"


def _add(bag: Path) -> str:
    (bag / "data" / "tei" / "schema" / "extra.xsd").write_text("<x/>")
    return "data/tei/schema/extra.xsd: extra"


def _edit_bag_info(bag: Path) -> str:
    info = bag / "bag-info.txt"
    info.write_text(info.read_text(encoding="utf-8").replace("sample-edition", "other"),
                    encoding="utf-8")
    return "bag-info.txt: altered"


@needs_tools
@pytest.mark.parametrize("change", [_alter, _delete, _add, _edit_bag_info])
def test_verify_names_the_problem(bag: Path, change) -> None:  # type: ignore[no-untyped-def]
    expected = change(bag)
    result = run("--verify", bag)
    assert result.exit_code == 1
    assert f"{bag}/{expected}" in result.output
    assert "1 problem(s)" in result.output


@needs_tools
def test_verify_names_every_problem_at_once(bag: Path) -> None:
    expected = [change(bag) for change in (_alter, _delete, _add)]
    result = run("--verify", bag)
    assert result.exit_code == 1
    for line in expected:
        assert line in result.output
    assert "3 problem(s)" in result.output


@needs_tools
def test_verify_says_when_the_bag_schemas_are_not_this_tools(bag: Path) -> None:
    schema = bag / "data" / "tei" / "schema" / "tei-edition.sch"
    schema.write_bytes(schema.read_bytes() + b"<!-- another version -->\n")
    result = run("--verify", bag)
    assert "note: the TEI was validated with the schemas of tei-edition" in result.output
    assert "data/tei/schema/tei-edition.sch: altered" in result.output


@needs_tools
def test_verify_revalidates_the_tei(bag: Path) -> None:
    tei = bag / "data" / "tei" / "sample-edition.xml"
    tei.write_bytes(tei.read_bytes().replace(b"<titleStmt>", b"<titleStmt><bogus/>", 1))
    # The manifests are remade, so only the TEI validation can catch the change.
    with lib._quiet_bagit():
        bagit.Bag(str(bag)).save(manifests=True)
    assert bagit.Bag(str(bag)).is_valid()
    result = run("--verify", bag)
    assert result.exit_code == 1
    assert "data/tei/sample-edition.xml:" in result.output and "invalid" in result.output


# --- the embedded document -----------------------------------------------------------------


@needs_tools
def test_embedded_document_deposits_with_its_source(tmp_path: Path) -> None:
    convert = pytest.importorskip("tei_edition.convert", reason="converter not written yet")
    source = Path(convert.default_source())
    conversion = convert.convert_file(source)
    tei = tmp_path / "tei" / f"{conversion.stem}.xml"
    tei.parent.mkdir()
    tei.write_bytes(conversion.xml)
    bag = tmp_path / "bag"
    result = deposit(tei, bag, "--zip")
    assert f"source text included: {source.name}" in result.output
    assert (bag / "data" / "sources" / source.name).read_bytes() == source.read_bytes()
    done = subprocess.run([sys.executable, BAGIT_TOOL, "--validate", bag],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert run("--verify", bag).exit_code == 0


@needs_tools
def test_replacing_a_bag_warns_of_its_old_archive(tmp_path: Path) -> None:
    deposit(SAMPLE, tmp_path / "bag", "--zip")
    result = deposit(SAMPLE, tmp_path / "bag", "--force")
    assert f"{tmp_path / 'bag.zip'}: warning: archive of an earlier deposit" in result.output


@needs_tools
def test_several_tei_files_in_one_bag(tmp_path: Path) -> None:
    other = tmp_path / "second-edition.xml"
    other.write_bytes(SAMPLE.read_bytes())
    deposit(SAMPLE, tmp_path / "bag", other)
    data = tmp_path / "bag" / "data"
    assert sorted(p.name for p in (data / "tei").glob("*.xml")) == [
        "sample-edition.xml", "second-edition.xml"]
    assert len(list((data / "publications").iterdir())) == 2 * len(PUBLICATIONS)
    assert run("--verify", tmp_path / "bag").exit_code == 0


def test_two_tei_files_with_one_name_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    twin = tmp_path / "a" / SAMPLE.name
    twin.write_bytes(SAMPLE.read_bytes())
    result = run(SAMPLE, twin, "-o", tmp_path / "bag")
    assert result.exit_code == 1
    assert "sample-edition" in result.output and not (tmp_path / "bag").exists()
