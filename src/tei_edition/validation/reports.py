"""Reports of a validation run: text for people, JSON for scripts, JUnit, GitHub workflow
annotations with a Markdown job summary, and SARIF 2.1.0 for code scanning.

Every report is valid UTF-8 and well formed whatever the file names hold: a byte that is
not UTF-8 (kept by Python as a surrogate) is written as \\xNN, and in XML a control
character, which XML 1.0 cannot carry even escaped, is written the same way.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from urllib.parse import quote

from .. import __version__
from .problems import Problem, is_valid

Results = dict[str, list[Problem]]
Timings = dict[str, float]
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/tei-edition/tei-edition"
SUMMARY_ROWS = 50

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def safe(text: str) -> str:
    """Text that encodes as UTF-8: undecodable bytes of a file name become \\xNN."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def safe_xml(text: str) -> str:
    """Text an XML 1.0 document can hold (control characters as \\xNN), escaped."""
    text = _NOT_XML.sub(lambda m: f"\\x{ord(m.group()) & 0xFF:02x}", text)
    text = safe(text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
            .replace("\t", "&#9;"))


def summary(results: Results) -> dict[str, int]:
    valid = sum(1 for problems in results.values() if is_valid(problems))
    return {"files": len(results), "valid": valid, "invalid": len(results) - valid}


def _summary_line(results: Results) -> str:
    s = summary(results)
    return f"{s['files']} files, {s['valid']} valid, {s['invalid']} invalid"


def format_text(results: Results, timings: Timings | None = None) -> str:
    lines = [safe(str(p)) for problems in results.values() for p in problems]
    lines.append(_summary_line(results))
    return "\n".join(lines)


def format_json(results: Results, timings: Timings | None = None) -> str:
    document = {
        "files": [{"file": safe(name), "valid": is_valid(found)}
                  for name, found in results.items()],
        "problems": [{key: safe(value) if isinstance(value, str) else value
                      for key, value in p.to_dict().items()}
                     for problems in results.values() for p in problems],
        "summary": summary(results),
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def format_junit(results: Results, timings: Timings | None = None) -> str:
    """One test case per file, with the seconds it took; its errors in one <failure>,
    warnings in <system-out>."""
    timings = timings or {}
    s = summary(results)
    total = sum(timings.get(name, 0.0) for name in results)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="tei-edition validate" tests="{s["files"]}" '
           f'failures="{s["invalid"]}" errors="0" time="{total:.3f}">',
           f'  <testsuite name="tei-edition validate" tests="{s["files"]}" '
           f'failures="{s["invalid"]}" errors="0" skipped="0" time="{total:.3f}">']
    for name, problems in results.items():
        out.append(f'    <testcase classname="tei-edition.validate" name="{safe_xml(name)}" '
                   f'time="{timings.get(name, 0.0):.6f}">')
        errors = [p for p in problems if p.severity == "error"]
        warnings = [p for p in problems if p.severity != "error"]
        if errors:
            first = f"{len(errors)} problem(s); first: {errors[0].message}"
            body = "\n".join(safe_xml(str(p)).replace("&#10;", "\n") for p in errors)
            out.append(f'      <failure message="{safe_xml(first)}" type="invalid">{body}'
                       "</failure>")
        if warnings:
            notes = "\n".join(safe_xml(str(p)).replace("&#10;", "\n") for p in warnings)
            out.append(f"      <system-out>{notes}</system-out>")
        out.append("    </testcase>")
    out += ["  </testsuite>", "</testsuites>"]
    return "\n".join(out)


def _github_escape(text: str, property_value: bool = False) -> str:
    # GitHub's workflow-command encoding; property values also escape ':' and ','.
    text = safe(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(results: Results, timings: Timings | None = None) -> str:
    """::error file=F,line=L,col=C,title=RULE::message, then the summary line. GitHub shows
    only the first annotations of a step: the job summary (job_summary) lists them all."""
    lines = []
    for problems in results.values():
        for p in problems:
            props = [f"file={_github_escape(p.file, True)}"]
            if p.line is not None:
                props.append(f"line={p.line}")
                if p.column is not None:
                    props.append(f"col={p.column}")
            props.append(f"title={_github_escape('tei-edition ' + p.rule, True)}")
            level = "error" if p.severity == "error" else "warning"
            lines.append(f"::{level} {','.join(props)}::{_github_escape(p.message)}")
    lines.append(_summary_line(results))
    return "\n".join(lines)


def _cell(text: str) -> str:
    text = safe(text).replace("\\", "\\\\").replace("|", "\\|")
    text = re.sub(r"[\r\n]+", " ", text)
    return re.sub(r"([`*_\[\]<>])", r"\\\1", text)


def _link(problem: Problem, environ: dict[str, str]) -> str:
    where = problem.file + (f":{problem.line}" if problem.line else "")
    server, repository, sha = (environ.get("GITHUB_SERVER_URL"),
                               environ.get("GITHUB_REPOSITORY"), environ.get("GITHUB_SHA"))
    if not (server and repository and sha) or os.path.isabs(problem.file):
        return _cell(where)
    path = quote(safe(os.path.normpath(problem.file)).replace(os.sep, "/"))
    anchor = f"#L{problem.line}" if problem.line else ""
    return f"[{_cell(where)}]({server}/{repository}/blob/{sha}/{path}{anchor})"


def job_summary(results: Results, environ: dict[str, str] | None = None,
                rows: int = SUMMARY_ROWS) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: counts, then a table of problems (capped)."""
    environ = dict(os.environ if environ is None else environ)
    s = summary(results)
    problems = [p for found in results.values() for p in found]
    errors = sum(p.severity == "error" for p in problems)
    verdict = "all valid" if s["invalid"] == 0 else f"{s['invalid']} invalid"
    out = ["## tei-edition validate", "",
           f"**{s['files']} files: {s['valid']} valid, {verdict}** "
           f"({errors} errors, {len(problems) - errors} warnings)", ""]
    if problems:
        out += ["| File | Severity | Rule | Message |", "| --- | --- | --- | --- |"]
        out += [f"| {_link(p, environ)} | {p.severity} | {_cell(p.rule)} | {_cell(p.message)} |"
                for p in problems[:rows]]
        if len(problems) > rows:
            out += ["", f"… and {len(problems) - rows} more problems, not shown: run "
                    "`tei-edition validate` locally, or use `--format sarif` for all of them."]
    return "\n".join(out) + "\n"


def _artifact_uri(name: str) -> dict[str, str]:
    # A URI percent-encodes the file name's bytes, whatever they are (0xFF becomes %FF).
    if os.path.isabs(name):
        return {"uri": "file://" + quote(os.fsencode(name))}
    return {"uri": quote(os.fsencode(os.path.normpath(name))), "uriBaseId": "SRCROOT"}


def format_sarif(results: Results, timings: Timings | None = None) -> str:
    """SARIF 2.1.0: one run, one result per problem, rules listed by name."""
    problems = [p for found in results.values() for p in found]
    rule_ids = sorted({p.rule for p in problems})
    index = {rule: i for i, rule in enumerate(rule_ids)}
    sarif_results = []
    for p in problems:
        location: dict[str, object] = {"artifactLocation": _artifact_uri(p.file)}
        if p.line:
            region: dict[str, int] = {"startLine": p.line}
            if p.column:
                region["startColumn"] = p.column
            location["region"] = region
        sarif_results.append({
            "ruleId": p.rule, "ruleIndex": index[p.rule],
            "level": "error" if p.severity == "error" else "warning",
            "message": {"text": safe(p.message)},
            "locations": [{"physicalLocation": location}],
        })
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tei-edition", "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [{"id": rule, "name": rule, "shortDescription": {"text": rule}}
                          for rule in rule_ids],
            }},
            "originalUriBaseIds": {"SRCROOT": {"uri": "file://" + quote(
                os.fsencode(os.getcwd()).rstrip(b"/") + b"/")}},
            "results": sarif_results,
            "invocations": [{"executionSuccessful": True}],
        }],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


FORMATS: dict[str, Callable[[Results, Timings | None], str]] = {
    "text": format_text,
    "json": format_json,
    "junit": format_junit,
    "github": format_github,
    "sarif": format_sarif,
}
