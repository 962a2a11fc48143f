"""`tei-edition build`: source texts or TEI files -> validated TEI -> the five publications."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from ..errors import EditionError, Location
from .common import fail, warn_all

# Where `build` with no INPUT puts the embedded document's TEI and its publications
# (relative to the working directory: run it from the checkout).
DEFAULT_TEI_DIR = Path("tei")
DEFAULT_OUT_DIR = Path("out")

# A folder given as INPUT contributes its TEI files and its source texts.
TEI_SUFFIX = ".xml"
SOURCE_SUFFIX = ".txt"


@dataclass(frozen=True)
class Job:
    """One document to build: a TEI file, or a source text to convert first."""

    path: Path
    is_source: bool

    @property
    def stem(self) -> str:
        return self.path.stem


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


class Builder:
    """Convert (if needed), validate, publish: one document at a time, tools made once."""

    def __init__(self, outdir: Path, tei_dir: Path, tei_all: bool, width: int,
                 pages: bool) -> None:
        from ..transform import TextOptions, default_publisher
        from ..validation import Validator

        self.outdir = outdir
        self.tei_dir = tei_dir
        self.validator = Validator(tei_all=tei_all)
        self.publisher = default_publisher()
        self.text = TextOptions(width=width, pages=pages)

    def build(self, job: Job) -> list[Path]:
        tei_path = self._convert(job) if job.is_source else job.path
        self._validate(tei_path)
        return self.publisher.publish(tei_path, self.outdir, stem=tei_path.stem, text=self.text)

    def _convert(self, job: Job) -> Path:
        from ..convert import convert_file
        from ..xmlio import write_atomic

        conversion = convert_file(job.path)
        warn_all(conversion.warnings)
        tei_path = self.tei_dir / f"{conversion.stem}{TEI_SUFFIX}"
        write_atomic(tei_path, conversion.xml)
        return tei_path

    def _validate(self, tei_path: Path) -> None:
        problems = self.validator.validate(tei_path)
        for problem in problems:
            click.echo(str(problem), err=True)
        if any(p.severity == "error" for p in problems):
            errors = sum(1 for p in problems if p.severity == "error")
            raise EditionError(f"the TEI is invalid ({errors} error(s) above): nothing published",
                               Location(str(tei_path)))


@click.command("build")
@click.argument("inputs", nargs=-1,
                type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--outdir", type=click.Path(file_okay=False, path_type=Path),
              help=f"Folder for the publications (default: {DEFAULT_OUT_DIR}/).")
@click.option("--width", type=click.IntRange(min=0), default=0, show_default=True,
              help="Wrap the plain text at this many characters (0: one paragraph per line).")
@click.option("--pages", is_flag=True, help="Show page breaks as [p. n] in the plain text.")
@click.option("--tei-all", is_flag=True, help="Also validate against tei_all (needs jing).")
def command(inputs: tuple[Path, ...], outdir: Path | None, width: int, pages: bool,
            tei_all: bool) -> None:
    """Publish TEI editions as HTML, plain text and citation lists.

    Each INPUT is a source text (converted first; its TEI is written to OUTDIR too), a TEI
    file, or a folder of them. Every TEI is validated first; an invalid one stops the build
    with the validator's messages. For each document OUTDIR gets <stem>.html, <stem>.txt,
    <stem>.citations.json, <stem>.csl.json and <stem>.citations.csv.

    With no INPUT, builds the embedded document: source -> tei/ -> out/.
    """
    try:
        if inputs:
            jobs = collect_jobs(inputs)
            outdir = outdir or DEFAULT_OUT_DIR
            tei_dir = outdir
        else:
            from ..convert import default_source

            jobs = [Job(default_source(), is_source=True)]
            outdir = outdir or DEFAULT_OUT_DIR
            tei_dir = DEFAULT_TEI_DIR
        builder = Builder(outdir, tei_dir, tei_all, width, pages)
        if len(jobs) == 1:
            for path in builder.build(jobs[0]):
                click.echo(str(path))
            return
        written = 0
        with click.progressbar(jobs, label="Building", file=sys.stderr,
                               item_show_func=lambda j: j.stem if j else None) as bar:
            for job in bar:
                written += len(builder.build(job))
        click.echo(f"built {len(jobs)} documents into {outdir}/ ({written} files)")
    except EditionError as error:
        fail(error)
