"""`tei-edition draft`: a data file to start from, every candidate left for the editor."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import EditionError, Location
from ..xmlio import write_atomic
from .common import fail


def _check_output(output: Path, source: Path, force: bool) -> None:
    """Never over an input, never onto something that is not a regular file, never over an
    editor's existing data file unless asked."""
    if output.exists() or output.is_symlink():
        if not output.is_file():
            raise EditionError("the output is not a regular file: refused", Location(str(output)))
        if source.exists() and os.path.samefile(output, source):
            raise EditionError("the output is the source itself: refused (it would be lost)",
                               Location(str(output)))
        if not force:
            raise EditionError("the output exists (an editor's data file?): refused; "
                               "--force replaces it", Location(str(output)))
    elif output.resolve() == source.resolve():
        raise EditionError("the output is the source itself: refused", Location(str(output)))


@click.command("draft")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the data file (TOML). Default: standard output.")
@click.option("--force", is_flag=True, help="Replace an existing output file (never the source).")
def command(source: Path, output: Path | None, force: bool) -> None:
    """Draft a data file (TOML) for SOURCE, a speech extracted from a PDF.

    The draft holds what the converter reads of the text (title, date line) as values, and,
    commented out with '#~ ', candidate persons, works and corrections (words a French
    dictionary does not know, likely misreadings, split words), each with its source line and
    context. Nothing is applied until the editor uncomments it. Errors print one line
    ("error: FILE:LINE: ...") and write nothing.
    """
    from ..draft import draft_text  # the dictionary loads only when a draft is made

    try:
        if output is not None:
            _check_output(output, source, force)
        text = draft_text(source)
        if output is None:
            click.echo(text, nl=False)
            return
        write_atomic(output, text)
    except EditionError as exc:
        fail(exc)
        return
    click.echo(f"{output}: draft written; review every '#~ ' entry before accepting it", err=True)
