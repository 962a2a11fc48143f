"""`tei-edition site`: a collection of documents -> a static edition site with search."""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import EditionError
from .build import collect_jobs
from .common import fail, guarded, publishing_options

DEFAULT_TITLE = "Édition tei-edition"
DEFAULT_PUBLISHER = "Projet tei-edition"


def resolve_build_date(given: str | None) -> str:
    """--build-date, else SOURCE_DATE_EPOCH (reproducible-builds.org), else today (UTC)."""
    if given:
        try:
            return datetime.date.fromisoformat(given).isoformat()
        except ValueError:
            raise EditionError(f"--build-date must be a date as YYYY-MM-DD, not '{given}'") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        except (ValueError, OverflowError):
            raise EditionError(f"SOURCE_DATE_EPOCH must be a number of seconds, not '{epoch}'") \
                from None
        return moment.date().isoformat()
    return datetime.datetime.now(datetime.UTC).date().isoformat()


@click.command("site")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "site", required=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder of the site.")
@click.option("--title", default=DEFAULT_TITLE, show_default=True, help="The site's title.")
@click.option("--publisher", default=DEFAULT_PUBLISHER, show_default=True,
              help="Who publishes it (in every citation).")
@click.option("--build-date", help="The build's date on every page, YYYY-MM-DD (default: "
              "SOURCE_DATE_EPOCH if set, else today): the same date gives the same bytes.")
@publishing_options
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None,
              help="Local worker processes (default: one per CPU, at most one per document; "
                   "0: everything in this process).")
@click.option("--dask-local", type=click.IntRange(min=1), default=None, metavar="N",
              help="Build on a Dask LocalCluster of N worker processes.")
@click.option("--scheduler", metavar="ADDRESS", help="Build on the workers of a running "
              "dask.distributed scheduler (e.g. tcp://10.0.0.5:8786); inputs must be readable "
              "by every worker at the same paths.")
@click.option("--full", is_flag=True, help="Rebuild every document, changed or not.")
@click.option("--keep-going", is_flag=True, help="Build the other documents when one fails; "
              "list the failures and exit 1.")
@guarded
def command(inputs: tuple[Path, ...], site: Path, title: str, publisher: str, base_url: str,
            build_date: str | None, width: int, pages: bool, tei_all: bool, jobs: int | None,
            dask_local: int | None, scheduler: str | None, full: bool, keep_going: bool) -> None:
    """Build a static edition site of a collection of documents.

    Each INPUT is a source text, a TEI file, or a folder of them. SITE gets every
    document's publications (as `build` makes them) in documents/, its TEI in tei/, a list of
    the documents (index.html), persons and works indexes across the collection, a search
    page with its static index (search/), a teiCorpus of the collection (corpus.xml) and a
    README.txt. A rebuild redoes only the documents that changed (and the shared pages).
    """
    from ..site.build import SiteFailure, build_site
    from ..site.decorate import SiteInfo
    from ..site.document import DocumentJob
    from ..site.engine import make_engine
    from ..transform import TextOptions

    try:
        if sum(x is not None for x in (jobs, dask_local, scheduler)) > 1:
            raise EditionError("choose one of --jobs, --dask-local and --scheduler")
        info = SiteInfo(title, publisher, __version__, resolve_build_date(build_date), base_url)
        todo = [DocumentJob(job.stem, str(job.path.resolve()), job.is_source,
                            TextOptions(width, pages), tei_all, info)
                for job in collect_jobs(inputs)]
        with make_engine(jobs, scheduler, dask_local, len(todo)) as engine, \
                _Progress(len(todo)) as step:
            report = build_site(todo, site, engine, info, full=full, keep_going=keep_going,
                                progress=step)
    except SiteFailure as failure:
        _show(failure.report.warnings)
        _show(failure.result.details)
        fail(failure)
    except EditionError as error:
        fail(error)
    _show(report.warnings)
    for failed in report.failures:
        _show(failed.details)
        click.echo(f"error: {failed.error}", err=True)
    click.echo(f"site: {report.documents} documents ({report.built} built, {report.unchanged} "
               f"unchanged), {len(report.warnings)} warnings, {len(report.failures)} errors, "
               f"{report.seconds:.1f} s on {engine.name} -> {site}/", err=True)
    if report.failures:
        raise SystemExit(1)


class _Progress:
    """A progress bar on standard error for more than one document; nothing for one."""

    def __init__(self, total: int) -> None:
        self._bar = click.progressbar(length=total, label="Building", file=sys.stderr,
                                      item_show_func=lambda stem: stem) if total > 1 else None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if self._bar is None:
            return lambda stem: None
        bar = self._bar.__enter__()
        return lambda stem: bar.update(1, stem)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


def _show(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
