"""`tei-edition convert`: a source text to TEI P5."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import EditionError
from ..xmlio import write_atomic
from .common import fail, warn_all


@click.command("convert")
@click.argument("source", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--meta", type=click.Path(dir_okay=False, path_type=Path),
              help="Data file (TOML) with metadata, persons, works and corrections. "
                   "Default: SOURCE with the .toml suffix, if present.")
@click.option("--no-meta", is_flag=True, help="Ignore any data file beside the source.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the TEI (default: standard output).")
@click.option("-q", "--quiet", is_flag=True, help="Do not print warnings.")
def command(source: Path | None, meta: Path | None, no_meta: bool, output: Path | None,
            quiet: bool) -> None:
    """Convert SOURCE (text extracted from a PDF) into TEI P5.

    Without SOURCE, converts the embedded document. Problems that leave the output sound are
    printed as warnings (FILE:LINE: warning: ...); errors stop with exit code 1 and write
    nothing.
    """
    from ..convert import convert_file, default_source  # not needed for --help or other commands
    from ..schema_links import CHECKOUT_BASE, base_for, place_schemas

    source = source or default_source()
    # links to the checkout's schema/ on standard output; beside the file elsewhere
    base = base_for(output) if output else CHECKOUT_BASE
    try:
        result = convert_file(source, meta, find_meta=not no_meta, schema_base=base)
    except EditionError as exc:
        fail(exc)
        return
    if not quiet:
        warn_all(result.warnings)
    if output:
        try:
            write_atomic(output, result.xml)
            place_schemas(output, base)  # the files the TEI's xml-model links name
        except EditionError as exc:
            fail(exc)
        click.echo(f"{output}: {result.pages} pages, {result.paragraphs} paragraphs, "
                   f"{result.notes} notes", err=True)
    else:
        # click 8.5 types get_binary_stream as a plain object (a decorator hides its signature)
        click.get_binary_stream("stdout").write(result.xml)  # type: ignore[operator]
