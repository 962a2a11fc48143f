"""`tei-edition convert`: a source text to TEI P5."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import EditionError
from .common import echo, fail, guarded, warn_all, write_stdout


@click.command("convert")
@click.argument("source", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--meta", type=click.Path(dir_okay=False, path_type=Path),
              help="Data file (TOML) with metadata, persons, works and corrections. "
                   "Default: SOURCE with the .toml suffix, if present.")
@click.option("--no-meta", is_flag=True, help="Ignore any data file beside the source.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the TEI (default: standard output). Never one of the "
                   "inputs, never a file that is not a regular file.")
@click.option("-q", "--quiet", is_flag=True, help="Do not print warnings.")
@click.option("--list-uncertain", is_flag=True,
              help="List the paragraph boundaries decided by the stated rule, not the text "
                   "(FILE:LINE and the words around), instead of printing the TEI.")
@guarded
def command(source: Path | None, meta: Path | None, no_meta: bool, output: Path | None,
            quiet: bool, list_uncertain: bool) -> None:
    """Convert SOURCE (text extracted from a PDF) into TEI P5.

    Without SOURCE, converts the embedded document. Problems that leave the output sound are
    printed as warnings (FILE:LINE: warning: ...); errors stop with exit code 1 and write
    nothing.
    """
    from ..convert import convert_file, default_source, input_paths
    from ..outputs import check_output_path, refuse_inputs, write_atomic
    from ..schema_links import place_schemas

    source = source or default_source()
    try:
        if output:  # refused before any work: an output is never an input
            check_output_path(output)
            refuse_inputs([output], input_paths(source, meta, find_meta=not no_meta))
        result = convert_file(source, meta, find_meta=not no_meta)
        if not quiet:
            warn_all(result.warnings)
        if list_uncertain:
            for u in result.uncertain:
                echo(f"{source}:{u.line}: paragraph goes on (stated rule B3-margin): "
                     f"…{u.before} | {u.after}…")
        if output:
            write_atomic(output, result.xml)
            place_schemas(output)  # the files the TEI's xml-model links name
            click.echo(f"{output}: {result.pages} pages, {result.paragraphs} paragraphs, "
                       f"{result.notes} notes", err=True)
        elif not list_uncertain:
            write_stdout(result.xml)
    except EditionError as exc:
        fail(exc)
