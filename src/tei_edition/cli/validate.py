"""`tei-edition validate`: check TEI files and report in a format people or CI servers read."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable

import click

from ..errors import EditionError
from ..validation import Problem, Validator, is_valid
from .common import fail

Results = dict[str, list[Problem]]


def collect_files(arguments: Iterable[str]) -> list[str]:
    """Files as given, and each directory's *.xml (recursively, hidden folders skipped),
    in a stable order; a name given twice is checked once."""
    found: list[str] = []
    for argument in arguments:
        if not os.path.isdir(argument):
            found.append(argument)
            continue
        matches = []
        for folder, subfolders, names in os.walk(argument):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            matches += [os.path.join(folder, n) for n in names if n.endswith(".xml")]
        if not matches:
            raise click.UsageError(f"no *.xml file in directory '{argument}'")
        found += sorted(matches)
    return list(dict.fromkeys(found))


def _summary(results: Results) -> dict[str, int]:
    valid = sum(1 for problems in results.values() if is_valid(problems))
    return {"files": len(results), "valid": valid, "invalid": len(results) - valid}


def format_text(results: Results) -> str:
    lines = [str(p) for problems in results.values() for p in problems]
    s = _summary(results)
    lines.append(f"{s['files']} files, {s['valid']} valid, {s['invalid']} invalid")
    return "\n".join(lines)


def format_json(results: Results) -> str:
    document = {
        "files": [{"file": name, "valid": is_valid(found)} for name, found in results.items()],
        "problems": [p.to_dict() for problems in results.values() for p in problems],
        "summary": _summary(results),
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def format_junit(results: Results) -> str:
    """One test case per file; its errors in one <failure>, warnings in <system-out>."""
    from xml.sax.saxutils import quoteattr  # it imports urllib: only when a report needs it

    s = _summary(results)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="tei-edition validate" tests="{s["files"]}" '
           f'failures="{s["invalid"]}" errors="0">',
           f'  <testsuite name="tei-edition validate" tests="{s["files"]}" '
           f'failures="{s["invalid"]}" errors="0" skipped="0">']
    for name, problems in results.items():
        out.append(f"    <testcase classname=\"tei-edition.validate\" name={quoteattr(name)}>")
        errors = [p for p in problems if p.severity == "error"]
        warnings = [p for p in problems if p.severity != "error"]
        if errors:
            first = f"{len(errors)} problem(s); first: {errors[0].message}"
            body = _xml_text("\n".join(str(p) for p in errors))
            out.append(f'      <failure message={quoteattr(first)} type="invalid">{body}</failure>')
        if warnings:
            notes = _xml_text("\n".join(str(p) for p in warnings))
            out.append(f"      <system-out>{notes}</system-out>")
        out.append("    </testcase>")
    out += ["  </testsuite>", "</testsuites>"]
    return "\n".join(out)


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _github_escape(text: str, property_value: bool = False) -> str:
    # GitHub's workflow-command encoding; property values also escape ':' and ','.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(results: Results) -> str:
    """::error file=F,line=L,col=C,title=RULE::message, then the summary line."""
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
    s = _summary(results)
    lines.append(f"{s['files']} files, {s['valid']} valid, {s['invalid']} invalid")
    return "\n".join(lines)


FORMATS: dict[str, Callable[[Results], str]] = {
    "text": format_text,
    "json": format_json,
    "junit": format_junit,
    "github": format_github,
}


@click.command("validate")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=True, readable=True))
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True, help="text for people, json for scripts, junit or github for CI.")
@click.option("--tei-all", is_flag=True,
              help="Also check against the official tei_all schema (jing; needs Java).")
@click.option("--tei-all-schema", type=click.Path(exists=True, dir_okay=False),
              envvar="TEI_ALL_RNG",
              help="tei_all.rng to use [default: $TEI_ALL_RNG or ../shared/reference].")
def command(paths: tuple[str, ...], output_format: str, tei_all: bool,
            tei_all_schema: str | None) -> None:
    """Validate TEI files (or every *.xml under a directory) against the project schema
    and content rules, and with --tei-all against tei_all.

    \b
    Exit status: 0 all valid, 1 some file invalid, 2 usage error (no such file, bad
    option, tei_all check unavailable).
    """
    files = collect_files(paths)
    try:
        validator = Validator(tei_all=tei_all, tei_all_schema=tei_all_schema)
        results = validator.validate_files(files)  # keyed and reported by the names given
    except EditionError as error:
        fail(error, code=2)
    click.echo(FORMATS[output_format](results))
    raise SystemExit(0 if all(is_valid(p) for p in results.values()) else 1)
