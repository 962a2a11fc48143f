"""`tei-edition build`: source texts or TEI files -> validated TEI -> the five publications."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EditionError, Location
from ..inputs import MAX_XML_BYTES, check_input, read_regular, same_file, unsafe_name
from ..outputs import check_output_folder, check_output_path, refuse_inputs
from ..pipeline import TEI_SUFFIX, InvalidDocument, Job, Pipeline
from ..transform import CLASSIC_FORMATS, FORMATS
from ..xmlio import is_tei
from .common import echo, fail, guarded, publishing_options, warn_all

# Where `build` with no INPUT puts the embedded document's TEI and its publications
# (relative to the working directory: run it from the checkout).
DEFAULT_TEI_DIR = Path("tei")
DEFAULT_OUT_DIR = Path("out")

# A folder given as INPUT contributes its files with these suffixes (any case), each then
# recognised as TEI or as a source text by its content.
FOLDER_SUFFIXES = (".xml", ".tei", ".txt")
# Without a TEI root, a file with one of these suffixes is still taken as TEI (the validator
# then says what is wrong with it); any other file is a source text.
TEI_SUFFIXES = (".xml", ".tei")


def classify(path: Path) -> Job:
    """A TEI file (root TEI or teiCorpus in the TEI namespace, whatever its suffix) or a
    source text to convert. The file is checked (a regular file, a name that can be shown
    and recorded) before any work."""
    why = unsafe_name(path.name)
    if why:
        raise EditionError(f"cannot build from this file: its name cannot be shown or recorded "
                           f"safely ({why}): rename it", Location(str(path)))
    if is_tei(read_regular(path, MAX_XML_BYTES, "input")):
        return Job(path, is_source=False)
    return Job(path, is_source=path.suffix.lower() not in TEI_SUFFIXES)


def _folder_files(folder: Path) -> list[Path]:
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.suffix.lower() not in FOLDER_SUFFIXES or entry.name.startswith("."):
            continue  # hidden files are no documents (a killed build's staged outputs)
        check_input(entry)  # a FIFO or a folder named like a document: one error line
        found.append(entry)
    if not found:
        raise EditionError(f"no {', '.join(FOLDER_SUFFIXES)} file in this folder",
                           Location(str(folder)))
    return found

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
    """Each INPUT as a job; a folder's documents, sorted. Two documents with the same
    name would overwrite each other's outputs, so that is refused."""
    jobs: list[Job] = []
    for path in inputs:
        if path.is_dir():
            jobs += [classify(p) for p in _folder_files(path)]
        else:
            check_input(path)
            jobs.append(classify(path))
    unique = list({job.path.resolve(): job for job in jobs}.values())  # a file given twice
    seen: dict[str, Path] = {}
    for job in unique:
        if job.stem in seen:
            raise EditionError(f"two inputs are named '{job.stem}' ({seen[job.stem]} and "
                               f"{job.path}): their outputs would overwrite each other")
        seen[job.stem] = job.path
    return unique


def check_outputs(jobs: list[Job], outdir: Path, tei_dir: Path,
                  formats: tuple[str, ...] = CLASSIC_FORMATS) -> None:
    """Before any work: no output replaces an input, nor a file that is not a regular file;
    no output folder holds an input (a source folder is never written into)."""
    from ..convert import input_paths

    inputs = [p for job in jobs for p in (input_paths(job.path) if job.is_source
                                          else [job.path])]
    for folder in dict.fromkeys([outdir, tei_dir]):
        check_output_folder(folder)
        holding = next((p for p in inputs if same_file(p.parent, folder)), None)
        if holding is not None:
            raise EditionError(f"this output folder holds the input {holding}: write the outputs "
                               "to another folder (-o), so that no input can be replaced",
                               Location(str(folder)))
    suffixes = [suffix for name in formats for suffix in FORMATS[name]]
    outputs = [outdir / f"{job.stem}{suffix}" for job in jobs for suffix in suffixes]
    outputs += [tei_dir / f"{job.stem}{TEI_SUFFIX}" for job in jobs if job.is_source]
    for path in outputs:
        check_output_path(path)
    refuse_inputs(outputs, inputs)


@click.command("build")
@click.argument("inputs", nargs=-1,
                type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--outdir", type=click.Path(file_okay=False, path_type=Path),
              help=f"Folder for the publications (default: {DEFAULT_OUT_DIR}/). Never a folder "
                   "that holds one of the inputs; one build at a time writes into it.")
@publishing_options
@click.option("--formats", "formats_text", metavar="LIST",
              help=f"Comma-separated formats to write, from {','.join(ALL_FORMATS)} (default: "
                   f"all for the embedded document, {','.join(INPUT_FORMATS)} for INPUTs).")
@click.option("--page-size", type=click.Choice(["A4", "A5", "B5", "letter", "legal"]),
              default="A4", show_default=True, help="Page size of the PDF.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None,
              help="Validator processes beside this one (default: one per CPU, at most one "
                   "per document; 0: validate in this process).")
@guarded
def command(inputs: tuple[Path, ...], outdir: Path | None, width: int, pages: bool,
            base_url: str, formats_text: str | None, page_size: str,
            tei_all: bool, jobs: int | None) -> None:
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
        check_outputs(todo, outdir, tei_dir, formats)
        with Pipeline(outdir, tei_dir, tei_all=tei_all, text=TextOptions(width, pages, base_url),
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
                echo(str(path))
        return
    written = 0
    with click.progressbar(length=len(todo), label="Building", file=sys.stderr,
                           item_show_func=lambda stem: stem) as bar:
        for built in pipeline.run(todo):
            warn_all(built.problems)
            written += len(built.written)
            bar.update(1, built.job.stem)
    echo(f"built {len(todo)} documents into {outdir}/ ({written} files)")
