"""`tei-edition validate` as a user and a CI server run it: verdicts, exit codes, formats."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from tei_edition.cli import main
from tei_edition.validation import Problem, Validator

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
SAMPLE = FIXTURES / "sample-edition.xml"
INVALID = FIXTURES / "invalid"
HOSTILE = FIXTURES / "hostile"
MANIFEST = json.loads((INVALID / "manifest.json").read_text(encoding="utf-8"))
REPO = HERE.parent


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.output


# ----------------------------------------------------------------------------- verdicts


def test_sample_edition_is_valid_with_a_summary_line():
    code, out = run(str(SAMPLE))
    assert (code, out) == (0, "1 files, 1 valid, 0 invalid\n")


def test_committed_tei_is_valid():
    committed = sorted((REPO / "tei").glob("*.xml"))
    if not committed:
        pytest.skip("no TEI committed in tei/ yet")
    code, out = run(*map(str, committed))
    assert code == 0, out


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_invalid_fixture_reports_its_defect_at_its_line(name):
    expected = MANIFEST[name]
    path = INVALID / name
    code, out = run(str(path))
    assert code == 1
    wanted = re.compile(rf"^{re.escape(str(path))}:{expected['line']}:\d+: error: .*"
                        rf"{re.escape(expected['message'])}", re.M)
    assert wanted.search(out), out
    assert out.splitlines()[-1] == "1 files, 0 valid, 1 invalid"


def test_every_invalid_fixture_is_in_the_manifest():
    assert sorted(p.name for p in INVALID.glob("*.xml")) == sorted(MANIFEST)


def test_rule_names_are_reported_in_json():
    path = INVALID / "note-gap.xml"
    code, out = run("--format", "json", str(path))
    problems = json.loads(out)["problems"]
    assert code == 1
    assert {(p["rule"], p["line"]) for p in problems} == {("note-sequence", 55)}


def test_a_missing_xml_model_is_a_warning_not_an_error(tmp_path):
    source = SAMPLE.read_text(encoding="utf-8")
    bare = re.sub(r"<\?xml-model [^>]*\?>\n", "", source)
    path = tmp_path / "bare.xml"
    path.write_text(bare, encoding="utf-8")
    code, out = run(str(path))
    assert code == 0
    assert re.match(rf"^{re.escape(str(path))}:1:1: warning: declares no schema \(no "
                    r"<\?xml-model\?>\) and none was given", out)
    # the project profile, given, still says which instructions the project's TEI needs
    code, out = run("--profile", "project", str(path))
    assert code == 0
    assert re.match(rf"^{re.escape(str(path))}:1:1: warning: no <\?xml-model\?> instruction "
                    "names tei-edition.xsd and tei-edition.sch", out)


# ---------------------------------------------------------------------- hostile inputs

HOSTILE_EXPECTED = {
    "not-well-formed.xml": ":5:15: error: not well-formed XML: Opening and ending tag mismatch",
    "wrong-root.xml": ":2:1: error: the root element is <html>",
    "external-entity.xml": ":3: error: entity declarations are not accepted",
    "external-dtd.xml": ":2: error: a DOCTYPE declaration is not accepted",
    "billion-laughs.xml": ":3: error: entity declarations are not accepted",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_EXPECTED))
def test_hostile_file_gets_one_clear_line(name):
    path = HOSTILE / name
    code, out = run(str(path))
    lines = out.splitlines()
    assert code == 1
    assert len(lines) == 2, out
    assert lines[0].startswith(str(path) + HOSTILE_EXPECTED[name])


def test_wrong_namespace_is_named():
    code, out = run(str(INVALID / "wrong-namespace.xml"))
    assert code == 1
    assert len(out.splitlines()) == 2
    assert "<TEI> is in the namespace http://www.tei-c.org/ns/2.0" in out


def test_a_50_mb_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.xml"
    with path.open("wb") as fh:
        fh.write(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><!--')
        fh.write(b"x" * (50 * 1024 * 1024))
        fh.write(b"--></TEI>")
    code, out = run(str(path))
    assert code == 1
    assert out.splitlines() == [f"{path}: error: file is 50 MB, over the 20 MB limit",
                                "1 files, 0 valid, 1 invalid"]


def _nested(path: Path, depth: int) -> None:
    inner = '<hi rend="b">' * depth + "x" + "</hi>" * depth
    path.write_text(f'<TEI xmlns="{TEI}">{inner}</TEI>', encoding="utf-8")


TEI = "http://www.tei-c.org/ns/1.0"


def test_a_file_nested_deeper_than_libxml2_allows_is_not_well_formed(tmp_path):
    path = tmp_path / "deep.xml"
    _nested(path, 10_000)
    code, out = run(str(path))
    assert code == 1
    assert re.fullmatch(rf"{re.escape(str(path))}:1:\d+: error: not well-formed XML: "
                        r"Excessive depth in document: 256.*\n1 files, 0 valid, 1 invalid\n", out)


def test_a_file_nested_deeper_than_the_validator_allows_is_refused(tmp_path):
    path = tmp_path / "deep.xml"
    _nested(path, 230)
    code, out = run(str(path))
    # the 201st level is the 200th <hi>, after <TEI ...> and 199 <hi rend="b">
    column = len(f'<TEI xmlns="{TEI}">') + 199 * len('<hi rend="b">') + 1
    assert code == 1
    assert out.splitlines() == [
        f"{path}:1:{column}: error: elements are nested more than 200 deep",
        "1 files, 0 valid, 1 invalid",
    ]


def test_a_repeated_xml_id_is_a_rule_not_a_parse_crash():
    problems = Validator().validate(INVALID / "id-duplicate.xml")
    assert [(p.rule, p.line) for p in problems] == [("id-unique", 55)]


# ----------------------------------------------------------------------- usage errors


def test_no_such_file_is_a_usage_error():
    code, out = run("no/such/file.xml")
    assert code == 2
    assert "does not exist" in out


def test_unknown_format_is_a_usage_error():
    code, out = run("--format", "yaml", str(SAMPLE))
    assert code == 2
    assert "'yaml' is not one of" in out


def test_a_directory_without_xml_is_a_usage_error(tmp_path):
    code, out = run(str(tmp_path))
    assert code == 2
    assert "no *.xml file in directory" in out


# ---------------------------------------------------------------------------- batches


def test_directories_are_walked_in_a_stable_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    shutil.copy(SAMPLE, tmp_path / "b" / "two.xml")
    shutil.copy(SAMPLE, tmp_path / "one.xml")
    shutil.copy(INVALID / "page-order.xml", tmp_path / "b" / "bad.xml")
    shutil.copy(INVALID / "page-order.xml", tmp_path / ".hidden" / "skipped.xml")
    (tmp_path / "notes.txt").write_text("not XML")
    code, out = run("--format", "json", str(tmp_path))
    files = [f["file"] for f in json.loads(out)["files"]]
    assert code == 1
    assert files == [str(tmp_path / "b" / "bad.xml"), str(tmp_path / "b" / "two.xml"),
                     str(tmp_path / "one.xml")]


# ---------------------------------------------------------------------------- formats


def test_text_format_is_file_line_column_severity_message():
    path = INVALID / "page-order.xml"
    code, out = run("--format", "text", str(path))
    assert code == 1
    assert out.splitlines() == [
        f"{path}:54:11: error: page 3 comes after page 4: page numbers must increase",
        "1 files, 0 valid, 1 invalid",
    ]


def test_json_format_has_problems_files_and_summary():
    path = INVALID / "page-order.xml"
    code, out = run("--format", "json", str(SAMPLE), str(path))
    assert code == 1
    assert json.loads(out) == {
        "files": [{"file": str(SAMPLE), "valid": True}, {"file": str(path), "valid": False}],
        "problems": [{"file": str(path), "line": 54, "column": 11, "severity": "error",
                      "message": "page 3 comes after page 4: page numbers must increase",
                      "rule": "page-order"}],
        "summary": {"files": 2, "valid": 1, "invalid": 1},
    }


def test_junit_format_has_one_testcase_per_file_and_a_failure_per_invalid_file():
    path = INVALID / "page-order.xml"
    code, out = run("--format", "junit", str(SAMPLE), str(path))
    root = etree.fromstring(out.encode())
    suite = root.find("testsuite")
    assert code == 1
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "2", "1")
    assert [c.get("name") for c in suite.iter("testcase")] == [str(SAMPLE), str(path)]
    valid, invalid = suite.findall("testcase")
    assert valid.find("failure") is None
    assert invalid.find("failure").text == (
        f"{path}:54:11: error: page 3 comes after page 4: page numbers must increase")


def test_github_format_is_workflow_annotations():
    path = INVALID / "page-order.xml"
    code, out = run("--format", "github", str(path))
    assert code == 1
    assert out.splitlines() == [
        f"::error file={path},line=54,col=11,title=tei-edition page-order::"
        "page 3 comes after page 4: page numbers must increase",
        "1 files, 0 valid, 1 invalid",
    ]


def test_github_format_escapes_what_would_break_an_annotation():
    from tei_edition.cli.validate import format_github

    problem = Problem("a,b:c.xml", 3, None, "warning", "50% done\nnext", "x")
    assert format_github({"a,b:c.xml": [problem]}).splitlines()[0] == (
        "::warning file=a%2Cb%3Ac.xml,line=3,title=tei-edition x::50%25 done%0Anext")


# --------------------------------------------------------------------------- pre-commit


def test_pre_commit_hook_runs_the_validate_command_on_xml_files():
    hooks = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entries = re.findall(r"^\s+entry: (.+)$", hooks, re.M)
    assert entries == ["tei-edition validate", "tei-edition validate --tei-all"]
    assert re.findall(r"^\s+files: (.+)$", hooks, re.M) == [r"\.xml$", r"\.xml$"]
    # pre-commit appends the staged file names to the entry
    code, out = run(*entries[0].split()[2:], str(SAMPLE), str(INVALID / "note-gap.xml"))
    assert code == 1
    assert out.splitlines()[-1] == "2 files, 1 valid, 1 invalid"
