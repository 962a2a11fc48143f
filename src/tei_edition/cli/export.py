"""`tei-edition export`: TEI editions -> formats for speech-corpus tools."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import EditionError
from .common import fail

FORMAT_NAMES = ("parla-clarin", "text", "vertical", "meta", "all")
DEFAULT_OUT_DIR = Path("out")


@click.command("export")
@click.argument("format_name", metavar="FORMAT", type=click.Choice(FORMAT_NAMES))
@click.argument("inputs", metavar="TEI...", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--outdir", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_OUT_DIR, show_default=True, help="Folder for the exports.")
def command(format_name: str, inputs: tuple[Path, ...], outdir: Path) -> None:
    """Export TEI editions for speech-corpus tools.

    \b
    parla-clarin  <stem>.parla-clarin.xml  Parla-CLARIN TEI (speeches as u, paragraphs as seg)
    text          <stem>.corpus.txt        one line a paragraph: speaker, date, ids, text
                  <stem>.notes.txt         one line a note: id, number, where called, text
    vertical      <stem>.vrt               one token a line (word, lemma, class) with
                                           <text> <speech> <p> <note> <quote> structures
    meta          <stem>-meta.tsv          one row a speech (ParlaMint -meta.tsv style)
    all           every file above

    Each TEI is validated first (project schema and rules); the exports of all inputs are
    written together or not at all.
    """
    from ..export import export_files, formats_named
    from ..validation import Validator

    validator = Validator(tei_all=False)

    def errors(path: Path) -> list[str]:
        return [str(p) for p in validator.validate(path) if p.severity == "error"]

    try:
        for path in export_files(list(inputs), formats_named(format_name), outdir, errors):
            click.echo(str(path))
    except EditionError as error:
        fail(error)
