"""`tei-edition build`: source texts or TEI files -> validated TEI -> the five publications."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EditionError, Location
from ..pipeline import TEI_SUFFIX, InvalidDocument, Job, Pipeline
from ..transform import CLASSIC_FORMATS, FORMATS
from .common import fail, warn_all

# Where `build` with no INPUT puts the embedded document's TEI and its publications
# (relative to the working directory: run it from the checkout).
DEFAULT_TEI_DIR = Path("tei")
DEFAULT_OUT_DIR = Path("out")

# A folder given as INPUT contributes its TEI files and its source texts.
SOURCE_SUFFIX = ".txt"

# --formats: every format for the embedded document (the edition's publishing run); for
# documents given as INPUT the three fast ones, as before (the PDF's page layout costs
# seconds a document, which a batch of hundreds would feel), unless --formats says more.
ALL_FORMATS = tuple(FORMATS)
INPUT_FORMATS = CLASSIC_FORMATS


def parse_formats(value: str | None, has_inputs: bool) -> tuple[str, ...]:
    """`--formats html,epub` as a tuple in the canonical order; the default when None."""
    if value is None:
        return INPUT_FORMATS if has_inputs else ALL_FORMATS
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in ALL_FORMATS]
    if unknown or not names:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or '(none)'}: choose from "
                                 f"{','.join(ALL_FORMATS)}", param_hint="--formats")
    return tuple(name for name in ALL_FORMATS if name in names)


def collect_jobs(inputs: tuple[Path, ...]) -> list[Job]:
    """Each INPUT as a job; a folder's *.xml and *.txt, sorted. Two documents with the same
    name would overwrite each other's outputs, so that is refused."""
    jobs: list[Job] = []
    for path in inputs:
        if path.is_dir():
            found = sorted(p for p in path.iterdir()
                           if p.is_file() and p.suffix in (TEI_SUFFIX, SOURCE_SUFFIX))
            if not found:
                raise EditionError(f"no {TEI_SUFFIX} or {SOURCE_SUFFIX} file in this folder",
                                   Location(str(path)))
            jobs += [Job(p, p.suffix != TEI_SUFFIX) for p in found]
        else:
            jobs.append(Job(path, path.suffix != TEI_SUFFIX))
    unique = list({job.path.resolve(): job for job in jobs}.values())  # a file given twice
    seen: dict[str, Path] = {}
    for job in unique:
        if job.stem in seen:
            raise EditionError(f"two inputs are named '{job.stem}' ({seen[job.stem]} and "
                               f"{job.path}): their outputs would overwrite each other")
        seen[job.stem] = job.path
    return unique


@click.command("build")
@click.argument("inputs", nargs=-1,
                type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--outdir", type=click.Path(file_okay=False, path_type=Path),
              help=f"Folder for the publications (default: {DEFAULT_OUT_DIR}/).")
@click.option("--width", type=click.IntRange(min=0), default=0, show_default=True,
              help="Wrap the plain text at this many characters (0: one paragraph per line).")
@click.option("--pages", is_flag=True, help="Show page breaks as [p. n] in the plain text.")
@click.option("--formats", "formats_text", metavar="LIST",
              help=f"Comma-separated formats to write, from {','.join(ALL_FORMATS)} (default: "
                   f"all for the embedded document, {','.join(INPUT_FORMATS)} for INPUTs).")
@click.option("--page-size", type=click.Choice(["A4", "A5", "B5", "letter", "legal"]),
              default="A4", show_default=True, help="Page size of the PDF.")
@click.option("--tei-all", is_flag=True, help="Also validate against tei_all (needs jing).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None,
              help="Validator processes beside this one (default: one per CPU, at most one "
                   "per document; 0: validate in this process).")
def command(inputs: tuple[Path, ...], outdir: Path | None, width: int, pages: bool,
            formats_text: str | None, page_size: str, tei_all: bool, jobs: int | None) -> None:
    """Publish TEI editions as HTML, plain text, citation lists, EPUB 3 and PDF.

    Each INPUT is a source text (converted first; its TEI is written to OUTDIR too), a TEI
    file, or a folder of them. Every TEI is validated first; an invalid one stops the build
    with the validator's messages. For each document OUTDIR gets <stem>.html, <stem>.txt,
    <stem>.citations.json, <stem>.csl.json and <stem>.citations.csv, and with --formats
    epub,pdf also <stem>.epub and <stem>.pdf.

    With no INPUT, builds the embedded document in every format: source -> tei/ -> out/.
    """
    from ..pdf import PrintOptions
    from ..transform import TextOptions

    formats = parse_formats(formats_text, bool(inputs))
    try:
        outdir = outdir or DEFAULT_OUT_DIR
        if inputs:
            todo = collect_jobs(inputs)
            tei_dir = outdir
        else:
            from ..convert import default_source

            todo = [Job(default_source(), is_source=True)]
            tei_dir = DEFAULT_TEI_DIR
        with Pipeline(outdir, tei_dir, tei_all=tei_all, text=TextOptions(width, pages),
                      workers=jobs, documents=len(todo), warn=lambda w: warn_all([w]),
                      formats=formats, printing=PrintOptions(page_size)) as pipeline:
            _run(pipeline, todo, outdir)
    except InvalidDocument as invalid:
        warn_all(invalid.problems)
        fail(invalid)
    except EditionError as error:
        fail(error)


def _run(pipeline: Pipeline, todo: list[Job], outdir: Path) -> None:
    if len(todo) == 1:
        for built in pipeline.run(todo):
            warn_all(built.problems)  # only warnings: a document with errors is not built
            for path in built.written:
                click.echo(str(path))
        return
    written = 0
    with click.progressbar(length=len(todo), label="Building", file=sys.stderr,
                           item_show_func=lambda stem: stem) as bar:
        for built in pipeline.run(todo):
            warn_all(built.problems)
            written += len(built.written)
            bar.update(1, built.job.stem)
    click.echo(f"built {len(todo)} documents into {outdir}/ ({written} files)")
