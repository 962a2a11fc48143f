"""`tei-edition validate` as another TEI project uses it in CI: its own schemas in any
language, what files declare, tei_all shipped, corpora, generic rules, CI reports."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from tei_edition.cli import main

HERE = Path(__file__).parent
REPO = HERE.parent
FIXTURES = HERE / "fixtures"
FOREIGN = FIXTURES / "foreign" / "letter.xml"
SCHEMAS = FIXTURES / "schemas"
SCHEMA_CASES = json.loads((SCHEMAS / "manifest.json").read_text(encoding="utf-8"))
CORPUS = FIXTURES / "corpus"
REPORTS = FIXTURES / "reports"
INVALID = FIXTURES / "invalid"
PROJECT_TEI = REPO / "tei" / "boukharine-1926-leningrad.xml"
TEI = "http://www.tei-c.org/ns/1.0"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", "--jobs", "0", *args], env=env)
    return result.exit_code, result.output


def needs_java() -> None:
    if shutil.which("java") is None:
        if os.environ.get("CI"):
            pytest.fail("Java is needed for RELAX NG and is missing in CI")
        pytest.skip("Java is not installed: jing cannot run here")


# ------------------------------------------------------------------ foreign-style TEI


@pytest.mark.parametrize("mode", [[], ["--tei-all"], ["--tei-all", "--no-declared"]])
def test_foreign_tei_valid_against_tei_all_is_reported_valid(mode):
    needs_java()
    code, out = run(*mode, str(FOREIGN))
    assert (code, out) == (0, "1 files, 1 valid, 0 invalid\n")


def _foreign_with(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = FOREIGN.read_text(encoding="utf-8")
    assert text.count(old) == 1
    text = text.replace(old, new)
    path = tmp_path / "letter.xml"
    path.write_text(text, encoding="utf-8")
    return path, text[: text.index(new)].count("\n") + 1 + new[: new.find("<", 1)].count("\n")


def test_declared_tei_all_relax_ng_finds_a_grammar_defect(tmp_path):
    needs_java()
    path, line = _foreign_with(tmp_path, "<opener>", "<orator/><opener>")
    code, out = run(str(path))
    assert code == 1
    assert re.search(rf"^{re.escape(str(path))}:{line}:\d+: error: tei_all: element "
                     r'"orator" not allowed', out, re.M), out


def test_tei_all_schematron_runs_in_declared_and_tei_all_modes(tmp_path):
    needs_java()
    path, line = _foreign_with(tmp_path, '<date when="1851-03-04">',
                               '<date when="1851-03-04" notBefore="1851">')
    for mode in ([], ["--tei-all", "--no-declared"]):
        code, out = run(*mode, str(path))
        # role="nonfatal" in tei_all's Schematron: a warning, the file stays valid
        assert code == 0, out
        assert re.search(rf"^{re.escape(str(path))}:{line}:\d+: warning: tei_all: The @when "
                         "attribute cannot be used with any other att.datable.w3c", out, re.M)


def test_a_remote_schema_is_never_fetched_and_is_named(tmp_path):
    path, _ = _foreign_with(tmp_path, "<!DOCTYPE TEI>", '<?xml-model href="https://example.org/'
                            'p.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>')
    needs_java()
    code, out = run("--no-declared", str(path))
    assert "example.org" not in out
    code, out = run(str(path))
    assert code == 0  # a warning: the file is valid against what could be checked
    assert f"{path}:4:1: warning: schema https://example.org/p.rng is remote and is never " \
           "fetched" in out


def test_a_declared_local_schema_resolves_from_the_file(tmp_path):
    shutil.copy(SCHEMAS / "letter.xsd", tmp_path / "letter.xsd")
    text = (SCHEMAS / "bad-xsd.xml").read_text(encoding="utf-8").replace(
        "?>\n", '?>\n<?xml-model href="letter.xsd" schematypens="http://www.w3.org/2001/'
        'XMLSchema"?>\n', 1)
    (tmp_path / "sub").mkdir()
    path = tmp_path / "bad.xml"
    path.write_text(text, encoding="utf-8")
    code, out = run(str(path))
    assert code == 1
    assert f"{path}:3:1: error: letter.xsd: <TEI>: content is incomplete" in out
    moved = tmp_path / "sub" / "bad.xml"
    moved.write_text(text, encoding="utf-8")
    code, out = run(str(moved))
    assert code == 1 and "declared schema letter.xsd not found" in out


# ------------------------------------------------------- schemas in every language


@pytest.mark.parametrize("name", sorted(SCHEMA_CASES))
def test_one_defect_per_schema_language_and_schematron_feature(name):
    case = SCHEMA_CASES[name]
    if case["schema"].endswith((".rng", ".rnc")):
        needs_java()
    path = SCHEMAS / name
    code, out = run("--schema", str(SCHEMAS / case["schema"]), str(path))
    wanted = re.compile(rf"^{re.escape(str(path))}:{case['line']}:\d+: {case['severity']}: "
                        rf"{re.escape(case['message'])}", re.M)
    assert wanted.search(out), out
    assert code == (1 if case["severity"] == "error" else 0)
    # exactly one defect: nothing else reported
    assert len(out.splitlines()) == 2, out


def test_a_broken_file_does_not_hide_relax_ng_errors_in_the_files_after_it(tmp_path):
    """jing stops at the first file that is not well-formed: the files after it must still
    be checked (the early jing run is redone without the broken file)."""
    needs_java()
    (tmp_path / "a-broken.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><p>",
                                           encoding="utf-8")
    shutil.copy(SCHEMAS / "bad-rng.xml", tmp_path / "b-bad.xml")
    code, out = run("--schema", str(SCHEMAS / "letter.rng"), str(tmp_path))
    assert code == 1
    assert re.search(r"a-broken.xml:1:\d+: error: not well-formed XML", out), out
    assert re.search(r'b-bad.xml:21:\d+: error: letter.rng: element "facsimile" not allowed',
                     out), out


@pytest.mark.parametrize("schema", ["letter.rng", "letter.rnc", "letter.xsd", "letter.sch"])
def test_the_defect_free_letter_is_valid_in_every_schema(schema):
    if schema.endswith((".rng", ".rnc")):
        needs_java()
    code, out = run("--schema", str(SCHEMAS / schema), str(SCHEMAS / "good.xml"))
    assert (code, out) == (0, "1 files, 1 valid, 0 invalid\n")


def test_a_phase_runs_only_its_patterns(tmp_path):
    text = (SCHEMAS / "bad-sch-name-value-of.xml").read_text(encoding="utf-8")
    both = tmp_path / "both.xml"
    both.write_text(text.replace('<div type="letter">', '<div type="chapter">'),
                    encoding="utf-8")
    runner = CliRunner()
    sch = str(SCHEMAS / "letter.sch")
    every = runner.invoke(main, ["validate", "-j0", "--schema", sch, str(both)]).output
    names = runner.invoke(main, ["validate", "-j0", "--schema", f"{sch}#names-only",
                                 str(both)]).output
    unknown = runner.invoke(main, ["validate", "-j0", "--schema", f"{sch}#nope", str(both)])
    assert "not one of letter" in every and "longer than 40" in every
    assert "not one of letter" not in names and "longer than 40" in names
    assert unknown.exit_code == 2
    assert "Schematron phase 'nope' is not defined (phases: all, names-only)" in unknown.output


def test_a_schematron_include_loop_is_an_error_not_a_hang(tmp_path):
    (tmp_path / "a.sch").write_text(
        '<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        '<sch:include href="a.sch"/></sch:schema>', encoding="utf-8")
    code, out = run("--schema", str(tmp_path / "a.sch"), str(SCHEMAS / "good.xml"))
    assert code == 2
    assert "Schematron includes nested more than 10 deep" in out
    assert len(out.splitlines()) == 1


def test_a_schematron_schema_cannot_read_files_or_the_network(tmp_path):
    for uri in ("file:///etc/hostname", "http://127.0.0.1:9/x.xml"):
        (tmp_path / "read.sch").write_text(
            '<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
            '<sch:pattern><sch:rule context="/*"><sch:report test="true()">read: <sch:value-of '
            f'select="unparsed-text(\'{uri}\')"/></sch:report></sch:rule></sch:pattern>'
            "</sch:schema>", encoding="utf-8")
        code, out = run("--schema", str(tmp_path / "read.sch"), str(SCHEMAS / "good.xml"))
        assert code == 1
        assert "read:" not in out and "has been prohibited" in out, out
        assert len(out.splitlines()) == 2


def test_a_schema_is_compiled_once_for_many_files(tmp_path, monkeypatch):
    from tei_edition.validation import engine, schematron

    calls = []
    real = schematron.compile_schematron
    monkeypatch.setattr(engine, "compile_schematron",
                        lambda *a: calls.append(a) or real(*a))
    engine._RUNNERS.clear()
    engine._COMPILED.clear()
    for i in range(5):
        shutil.copy(SCHEMAS / "bad-sch-let.xml", tmp_path / f"{i}.xml")
    code, out = run("--schema", str(SCHEMAS / "letter.sch"), "--no-declared", str(tmp_path))
    assert code == 1 and out.count("the body has 5 paragraphs") == 5
    assert len(calls) == 1


# -------------------------------------------------------------------- generic rules


def test_generic_rules_bce_years_and_non_date_ranges(tmp_path):
    path, line = _foreign_with(tmp_path, 'notBefore="-0040" notAfter="-0030"',
                               'notBefore="-0030" notAfter="-0040"')
    code, out = run("--no-declared", str(path))
    assert code == 1
    assert re.search(rf':{line}:\d+: error: notBefore="-0030" is later than notAfter="-0040"',
                     out)
    assert "from=" not in out  # biblScope and locus ranges are pages and folios, not dates
    code, out = run("--no-declared", "--skip-rule", "date-order", str(path))
    assert code == 0


def test_the_projects_date_rules_read_bce_years_and_leave_folios_alone(tmp_path):
    """The project's Schematron run on another project's file: a folio range (locus 12r-14v)
    is no date, 40-30 BCE runs forwards; only the swapped range is reported."""
    sch = REPO / "schema" / "tei-edition.sch"
    code, out = run("--no-declared", "--schema", str(sch), str(FOREIGN))
    assert (code, out) == (0, "1 files, 1 valid, 0 invalid\n")
    path, line = _foreign_with(tmp_path, 'notBefore="-0040" notAfter="-0030"',
                               'notBefore="-0030" notAfter="-0040"')
    code, out = run("--no-declared", "--schema", str(sch), "--skip-rule", "date-order", str(path))
    assert code == 1
    assert re.search(rf':{line}:\d+: error: notBefore="-0030" is later than notAfter="-0040"', out)
    assert "from=" not in out


@pytest.mark.parametrize(("old", "new", "rule", "message"), [
    ('<p xml:id="p2">', '<p xml:id="p2"><ab xml:id="p2"/>', "id-unique",
     'xml:id="p2" is already used by an earlier element'),
    ('target="#p2"', 'target="#p3"', "pointer-resolves",
     'target="#p3": "#p3" points to nothing: no element has xml:id="p3"'),
    ('when="1851-03-04"', 'when="4 March 1851"', "date-format",
     'when="4 March 1851" is not a W3C date'),
])
def test_each_generic_rule_reports_and_can_be_switched_off(tmp_path, old, new, rule, message):
    path, _ = _foreign_with(tmp_path, old, new)
    code, out = run("--no-declared", str(path))
    assert code == 1 and message in out, out
    code, out = run("--no-declared", "--skip-rule", rule, str(path))
    assert code == 0, out


def test_the_project_profile_does_not_apply_to_foreign_files():
    code, out = run("--no-declared", str(FOREIGN))
    assert code == 0
    code, out = run("--profile", "project", "--no-declared", str(FOREIGN))
    assert code == 1 and "no <?xml-model?> instruction names tei-edition.xsd" in out


# --------------------------------------------------------------- the project's own TEI


@pytest.mark.parametrize("mode", [[], ["--profile", "project"], ["--tei-all"],
                                  ["--tei-all", "--profile", "project", "--no-declared"]])
def test_the_project_tei_is_valid_in_every_mode(mode):
    needs_java()
    code, out = run(*mode, str(PROJECT_TEI), str(FIXTURES / "sample-edition.xml"))
    assert (code, out) == (0, "2 files, 2 valid, 0 invalid\n")


def test_the_project_invalid_fixtures_keep_their_messages_under_the_profile():
    manifest = json.loads((INVALID / "manifest.json").read_text(encoding="utf-8"))
    code, out = run("--profile", "project", "--no-declared", str(INVALID))
    assert code == 1
    for name, expected in manifest.items():
        assert re.search(rf"^{re.escape(str(INVALID / name))}:{expected['line']}:\d+: error: "
                         rf".*{re.escape(expected['message'])}", out, re.M), name


# -------------------------------------------------------------------------- corpora


def test_a_corpus_with_xincludes_and_cross_file_pointers_is_valid():
    needs_java()
    code, out = run("--tei-all", str(CORPUS))
    assert (code, out) == (0, "3 files, 3 valid, 0 invalid\n")


def test_a_corpus_member_alone_cannot_resolve_the_corpus_ids():
    needs_java()
    code, out = run("--tei-all", "--skip-rule", "pointer-resolves",
                    str(CORPUS / "texts" / "one.xml"))
    assert code == 0
    code, out = run(str(CORPUS / "texts" / "one.xml"))
    assert 'ref="#editor": "#editor" points to nothing' in out


def test_a_defect_in_an_included_file_is_reported_at_its_own_line(tmp_path):
    shutil.copytree(CORPUS, tmp_path / "corpus")
    member = tmp_path / "corpus" / "texts" / "two.xml"
    member.write_text(member.read_text(encoding="utf-8").replace("#one-p1", "#one-p9"),
                      encoding="utf-8")
    code, out = run(str(tmp_path / "corpus"))
    assert code == 1
    assert re.search(rf"^{re.escape(str(member))}:12:\d+: error: target=\"one.xml#one-p9\"",
                     out, re.M), out


def test_broken_xincludes_are_errors_at_their_line_and_nothing_outside_is_read():
    bad = FIXTURES / "corpus-bad"
    code, out = run(str(bad))
    assert code == 1
    root = re.escape(str(bad / "corpus.xml"))
    for line, text in [(10, 'href="corpus.xml" includes itself (a loop)'),
                       (11, 'href="../foreign/letter.xml" leads outside'),
                       (12, 'href="https://example.org/remote.xml" is not a relative file')]:
        assert re.search(rf"^{root}:{line}: error: XInclude {re.escape(text)}", out, re.M), out
    assert "A letter about an inscription" not in out
    assert re.search(r'member.xml:12:\d+: error: target="corpus.xml#nowhere"', out)


# --------------------------------------------------------------------------- reports


def _invalid_pair() -> list[str]:
    return [str(SCHEMAS / "bad-sch-role.xml"), str(SCHEMAS / "bad-sch-let.xml")]


def test_sarif_is_valid_against_the_sarif_2_1_0_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPORTS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    code, out = run("--format", "sarif", "--schema", str(SCHEMAS / "letter.sch"),
                    *_invalid_pair())
    log = json.loads(out)
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    assert code == 1
    assert [(r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in results] == [("warning", 13), ("error", 11)]
    assert results[1]["message"]["text"] == "letter.sch: the body has 5 paragraphs, more than 4"
    # and a report that is not SARIF fails the same check
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(log)


def test_github_format_writes_a_markdown_job_summary(tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    env = {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_SERVER_URL": "https://github.com",
           "GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": "abc123"}
    names = [os.path.relpath(p) for p in _invalid_pair()]
    code, out = run("--format", "github", "--schema", str(SCHEMAS / "letter.sch"), *names,
                    env=env)
    assert code == 1 and out.startswith("::warning file=")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## tei-edition validate\n")
    assert "**2 files: 1 valid, 1 invalid** (1 errors, 1 warnings)" in text
    rows = [line for line in text.splitlines() if line.startswith("| [")]
    assert rows[1] == (f"| [{names[1].replace('_', chr(92) + '_')}:11](https://github.com/o/r/"
                       f"blob/abc123/{names[1]}#L11) | error | paragraph-count | letter.sch: "
                       "the body has 5 paragraphs, more than 4 |")


def test_the_job_summary_table_is_capped_with_a_note():
    from tei_edition.validation import Problem
    from tei_edition.validation.reports import job_summary

    problems = [Problem("a|b.xml", i, 1, "error", "bad `x` | y", "r") for i in range(1, 80)]
    text = job_summary({"a|b.xml": problems}, environ={}, rows=50)
    assert text.count("\n| a\\|b.xml:") == 50
    assert "… and 29 more problems, not shown" in text
    assert "bad \\`x\\` \\| y" in text


def test_junit_is_valid_against_a_junit_xsd_and_has_times():
    schema = etree.XMLSchema(etree.parse(str(REPORTS / "junit.xsd")))
    code, out = run("--format", "junit", "--schema", str(SCHEMAS / "letter.sch"),
                    str(SCHEMAS / "good.xml"), *_invalid_pair())
    assert code == 1
    report = etree.fromstring(out.encode("utf-8"))
    assert schema.validate(report), schema.error_log
    times = [float(c.get("time")) for c in report.iter("testcase")]
    assert len(times) == 3 and all(t > 0 for t in times)
    # the check can fail: without time attributes the report is refused
    for case in report.iter("testcase"):
        del case.attrib["time"]
    assert not schema.validate(report)


def test_warn_only_reports_and_exits_0():
    code, out = run("--warn-only", "--schema", str(SCHEMAS / "letter.sch"), *_invalid_pair())
    assert code == 0 and "2 files, 1 valid, 1 invalid" in out


def test_jobs_give_the_same_report_as_one_process(tmp_path):
    for i in range(6):
        shutil.copy(SCHEMAS / ("bad-sch-let.xml" if i % 2 else "good.xml"), tmp_path / f"{i}.xml")
    args = ["validate", "--format", "json", "--schema", str(SCHEMAS / "letter.sch"),
            str(tmp_path)]
    one = CliRunner().invoke(main, [*args, "--jobs", "0"]).output
    two = CliRunner().invoke(main, [*args, "--jobs", "2"]).output
    assert one == two and json.loads(one)["summary"] == {"files": 6, "valid": 3, "invalid": 3}


# ---------------------------------------------------------------------- bad input


def _cli(*args: str | bytes, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    exe = Path(sys.executable).parent / "tei-edition"
    return subprocess.run([str(exe), "validate", *args], capture_output=True, timeout=120,
                          cwd=cwd)


def test_a_fifo_in_a_folder_or_given_is_one_error_line_never_a_hang(tmp_path):
    shutil.copy(SCHEMAS / "good.xml", tmp_path / "good.xml")
    os.mkfifo(tmp_path / "pipe.xml")
    for target in (tmp_path, tmp_path / "pipe.xml"):
        done = _cli(str(target))
        lines = done.stdout.decode().splitlines()
        assert done.returncode == 1
        assert f"{tmp_path / 'pipe.xml'}: error: cannot read file: it is a FIFO (named pipe), " \
               "not a regular file" in lines
        assert b"Traceback" not in done.stderr


def test_dev_zero_is_refused_without_reading(tmp_path):
    done = subprocess.run(["bash", "-c", f"ulimit -v 2000000; {Path(sys.executable).parent}"
                           "/tei-edition validate /dev/zero"], capture_output=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout.decode().splitlines()[0] == (
        "/dev/zero: error: cannot read file: it is a character device, not a regular file")


@pytest.mark.parametrize("fmt", ["json", "junit", "sarif", "text", "github"])
def test_reports_are_utf8_and_well_formed_with_odd_file_names(tmp_path, fmt):
    odd = os.fsencode(tmp_path) + b"/bad\x01name\xff.xml"
    with open(odd, "wb") as fh:
        fh.write((SCHEMAS / "bad-sch-let.xml").read_bytes())
    done = _cli("--format", fmt, "--schema", str(SCHEMAS / "letter.sch"), odd)
    assert done.returncode == 1 and not done.stderr
    text = done.stdout.decode("utf-8")  # raises if not UTF-8
    assert ("%FF" if fmt == "sarif" else "\\xff") in text
    if fmt in ("json", "sarif"):
        json.loads(text)
    elif fmt == "junit":
        etree.fromstring(done.stdout)


def test_a_plain_doctype_is_accepted_but_declarations_are_not(tmp_path):
    text = (SCHEMAS / "good.xml").read_text(encoding="utf-8")
    plain = tmp_path / "plain.xml"
    plain.write_text(text.replace("?>\n", "?>\n<!DOCTYPE TEI>\n", 1), encoding="utf-8")
    declared = tmp_path / "declared.xml"
    declared.write_text(text.replace("?>\n", '?>\n<!DOCTYPE TEI [<!ELEMENT TEI ANY>]>\n', 1),
                        encoding="utf-8")
    assert run("--schema", str(SCHEMAS / "letter.sch"), str(plain))[0] == 0
    code, out = run("--schema", str(SCHEMAS / "letter.sch"), str(declared))
    assert code == 1 and "a DOCTYPE declaration is not accepted" in out


def test_errors_grow_linearly_not_one_xpath_per_failure(tmp_path):
    """Not a timing test: the number of problems found is the number of defects, each at
    its own line, for a file with thousands of them (the old code evaluated one XPath per
    failure; the benchmark measures the time)."""
    body = "\n".join(f'<p xml:id="d">x {i}</p>' for i in range(3000))
    path = tmp_path / "many.xml"
    path.write_text(f'<TEI xmlns="{TEI}"><teiHeader/><text><body>\n{body}\n</body></text></TEI>',
                    encoding="utf-8")
    code, out = run("--format", "json", str(path))
    assert code == 1
    problems = json.loads(out)["problems"]
    duplicates = [p for p in problems if p["rule"] == "id-unique"]
    assert len(duplicates) == 2999
    assert [p["line"] for p in duplicates[:3]] == [3, 4, 5]


def test_fresh_paths_are_not_written(tmp_path):
    # validate never writes next to its inputs (reports go to standard output)
    shutil.copy(SCHEMAS / "good.xml", tmp_path / "good.xml")
    before = sorted(p.name for p in tmp_path.iterdir())
    run("--format", "sarif", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert stat.S_ISREG((tmp_path / "good.xml").stat().st_mode)
