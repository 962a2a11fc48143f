"""`tei-edition validate`: check TEI files and report in a format people or CI servers read."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

import click

from ..errors import EditionError
from ..validation import Problem, Validator, is_valid, make_schema
from ..validation.reports import FORMATS, format_github, job_summary
from ..validation.rules import RULES
from .common import fail

__all__ = ["collect_files", "command", "format_github"]

Results = dict[str, list[Problem]]


def collect_files(arguments: Iterable[str]) -> tuple[list[str], dict[str, Path]]:
    """Files as given, and each directory's *.xml (recursively, hidden folders skipped),
    in a stable order; a name given twice is checked once. Also, per file, the folder tree
    its XIncludes may read: the directory given, or the file's own folder."""
    found: dict[str, Path] = {}
    for argument in arguments:
        if not os.path.isdir(argument):
            found.setdefault(argument, Path(argument).resolve().parent)
            continue
        matches = []
        for folder, subfolders, names in os.walk(argument):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            matches += [os.path.join(folder, n) for n in names if n.endswith(".xml")]
        if not matches:
            raise click.UsageError(f"no *.xml file in directory '{argument}'")
        for match in sorted(matches):
            found.setdefault(match, Path(argument).resolve())
    return list(found), found


def _schema(value: str) -> tuple[str, str | None]:
    """FILE or FILE#PHASE (a Schematron phase)."""
    path, _, phase = value.partition("#")
    if not os.path.isfile(path) or not stat.S_ISREG(os.stat(path).st_mode):
        raise click.BadParameter(f"no such schema file: {path}", param_hint="--schema")
    return path, phase or None


@click.command("validate")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=True, readable=False))
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True,
              help="text for people, json for scripts, junit, github or sarif for CI.")
@click.option("--schema", "schema_files", multiple=True, metavar="FILE[#PHASE]",
              help="Check every file against this schema too: RELAX NG (.rng, .rnc), XSD or "
                   "ISO Schematron (a phase after #). Repeatable.")
@click.option("--tei-all", is_flag=True,
              help="Also check against tei_all (shipped, TEI P5 4.8.0): its RELAX NG (jing; "
                   "needs Java) and its Schematron rules.")
@click.option("--tei-all-schema", type=click.Path(exists=True, dir_okay=False),
              help="Another tei_all.rng to use with --tei-all [default: the shipped one].")
@click.option("--profile", type=click.Choice(["project"]), default=None,
              help="project: the tei-edition customisation (XSD) and content rules, for "
                   "files that do not declare them.")
@click.option("--declared/--no-declared", default=True, show_default=True,
              help="Check each file against the schemas its <?xml-model?> instructions name.")
@click.option("--skip-rule", "skipped", multiple=True, type=click.Choice(RULES),
              help="Switch a generic rule off (repeatable).")
@click.option("--warn-only", is_flag=True, help="Report problems but exit 0.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None,
              help="Worker processes [default: one per CPU, less one while jing runs; 0: this "
                   "process only].")
@click.option("--summary/--no-summary", default=True, show_default=True,
              help="With --format github, append a Markdown job summary to "
                   "$GITHUB_STEP_SUMMARY when it is set.")
def command(paths: tuple[str, ...], output_format: str, schema_files: tuple[str, ...],
            tei_all: bool, tei_all_schema: str | None, profile: str | None, declared: bool,
            skipped: tuple[str, ...], warn_only: bool, jobs: int | None,
            summary: bool) -> None:
    """Validate TEI files (or every *.xml under a directory): against the schemas each file
    declares (<?xml-model?>), the schemas given (--schema, --tei-all, --profile), and the
    generic rules (id-unique, pointer-resolves, date-format, date-order).

    \b
    Exit status: 0 all valid (or --warn-only), 1 some file invalid, 2 usage error (no such
    file, bad option, a schema that cannot be used, Java missing for RELAX NG).
    """
    files, roots = collect_files(paths)
    try:
        given = [make_schema(Path(path), phase=phase)
                 for path, phase in map(_schema, schema_files)]
        validator = Validator(tei_all=tei_all, tei_all_schema=tei_all_schema, profile=profile,
                              declared=declared, schemas_=given,
                              rules_=[r for r in RULES if r not in skipped],
                              jobs=jobs)
        results = validator.validate_files(files, roots)
    except EditionError as error:
        fail(error, code=2)
    click.echo(FORMATS[output_format](results, validator.timings))
    if output_format == "github" and summary and os.environ.get("GITHUB_STEP_SUMMARY"):
        _append_summary(Path(os.environ["GITHUB_STEP_SUMMARY"]), job_summary(results))
    valid = all(is_valid(p) for p in results.values())
    raise SystemExit(0 if valid or warn_only else 1)


def _append_summary(path: Path, markdown: str) -> None:
    """GitHub gives each step a summary file to append to (never replace)."""
    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(markdown)
    except OSError as exc:
        click.echo(f"warning: cannot write the job summary {path}: {exc.strerror}", err=True)
