"""Building a collection's site: the documents on an engine, then the shared files here.

    jobs = [DocumentJob(...), ...]
    with make_engine(jobs=2, scheduler=None, dask_local=None, documents=len(jobs)) as engine:
        report = build_site(jobs, Path("site"), engine)

The documents whose rebuild key is unchanged (see DocumentJob.key, State) are not built
again, unless `full`. The others are built on the engine and written here in the jobs'
order, each file atomically: SITE/tei/<stem>.xml and SITE/documents/<stem><suffix>. Then
the shared files are remade from every document's summary: the pages, corpus.xml,
README.txt and search/. The first document that fails stops the build (SiteFailure), unless
`keep_going`: then the others are built and the failures reported.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EditionError
from ..outputs import FolderLock, check_output_path, refuse_inputs, write_atomic, write_output_set
from .decorate import TEI_DIR, SiteInfo, document_path, tei_path
from .document import DocumentJob, DocumentResult
from .engine import Engine
from .pages import CORPUS, README, DocumentFiles, PageMaker, catalogue, corpus, readme
from .search import write_search_index
from .state import State
from .summary import Summary


@dataclass
class Report:
    documents: int = 0  # in the site
    built: int = 0  # built in this run
    unchanged: int = 0  # kept from the last build
    warnings: list[str] = field(default_factory=list)
    failures: list[DocumentResult] = field(default_factory=list)
    seconds: float = 0.0
    worker_peak_kib: int = 0  # the largest peak memory of a process that built documents


class SiteFailure(EditionError):
    """A document failed and the build stopped (without --keep-going)."""

    def __init__(self, result: DocumentResult, report: Report) -> None:
        super().__init__(result.error)
        self.result = result
        self.report = report


def build_site(jobs: Sequence[DocumentJob], site: Path, engine: Engine, info: SiteInfo, *,
               full: bool = False, keep_going: bool = False,
               progress: Callable[[str], None] = lambda stem: None) -> Report:
    started = time.perf_counter()
    _refuse_overwriting_inputs(jobs, site)
    with FolderLock(site):  # one build at a time writes into a site
        return _build(jobs, site, engine, info, full, keep_going, progress, started)


def _build(jobs: Sequence[DocumentJob], site: Path, engine: Engine, info: SiteInfo,
           full: bool, keep_going: bool, progress: Callable[[str], None],
           started: float) -> Report:
    state = State(site) if full else State.load(site)
    report = Report()
    summaries: dict[str, Summary] = {}
    todo = []
    for job in jobs:
        key = job.key()
        kept = state.unchanged(job.stem, key)
        if kept is None:
            todo.append((job, key))
        else:
            summaries[job.stem] = kept
            report.unchanged += 1
            progress(job.stem)
    keys = {job.stem: key for job, key in todo}
    try:
        for result in engine.run([job for job, _ in todo]):
            report.worker_peak_kib = max(report.worker_peak_kib, result.peak_rss_kib)
            report.warnings += result.warnings
            progress(result.stem)
            if not result.ok:
                report.failures.append(result)
                state.forget(result.stem)
                if not keep_going:
                    raise SiteFailure(result, report)
                continue
            files = _write_document(site, result)
            state.record(result.stem, keys[result.stem], files, result.summary)
            summaries[result.stem] = Summary.from_json(result.summary)
            report.built += 1
        _remove_dropped(site, state, {job.stem for job in jobs})
        documents = [DocumentFiles(summaries[stem], _sizes(site, state.documents[stem].files))
                     for stem in sorted(summaries)]
        _write_shared(site, documents, info)
        report.documents = len(documents)
    finally:
        state.save()  # what was built is not built again, even after a failure
        report.seconds = time.perf_counter() - started
    return report


def _write_document(site: Path, result: DocumentResult) -> list[str]:
    """The TEI, then the publications as one set (outputs.write_output_set): a document's
    publications appear together or not at all."""
    from ..schema_links import place_schemas

    tei = tei_path(result.stem)
    write_output_set((site / tei).parent, {Path(tei).name: result.tei})
    place_schemas(site / tei)  # the files its xml-model links name
    published = {document_path(result.stem, suffix): data
                 for suffix, data in result.outputs.items()}
    folder = (site / next(iter(published))).parent
    write_output_set(folder, {Path(name).name: data for name, data in published.items()})
    return [tei, *published]


def _write_shared(site: Path, documents: list[DocumentFiles], info: SiteInfo) -> None:
    for name, data in PageMaker().pages(catalogue(documents, info)).items():
        write_atomic(site / name, data)
    write_atomic(site / CORPUS, corpus(documents, info))
    write_search_index(site, [d.summary for d in documents])
    write_atomic(site / README, readme(documents, info, site))


def _sizes(site: Path, files: list[str]) -> list[tuple[str, int]]:
    ordered = [f for f in files if not f.startswith(f"{TEI_DIR}/")] + \
        [f for f in files if f.startswith(f"{TEI_DIR}/")]  # the publications, then the TEI
    return [(f, (site / f).stat().st_size) for f in ordered]


def _remove_dropped(site: Path, state: State, wanted: set[str]) -> None:
    """A document no longer among the inputs leaves the site: the files it wrote go."""
    for stem in sorted(set(state.documents) - wanted):
        for name in state.documents[stem].files:
            path = site / name
            if path.is_file() and not path.is_symlink():
                path.unlink()
        state.forget(stem)


def _refuse_overwriting_inputs(jobs: Sequence[DocumentJob], site: Path) -> None:
    """Before any work: no output of the site replaces an input (a source, its data file or
    a TEI file, by path or by link), nor anything that is not a regular file."""
    from ..convert import input_paths

    inputs = [p for job in jobs
              for p in (input_paths(job.path) if job.is_source else [Path(job.path)])]
    outputs = [site / name for name in (CORPUS, README)]
    outputs += [site / out for job in jobs
                for out in (tei_path(job.stem), document_path(job.stem, ".html"))]
    for path in outputs:
        check_output_path(path)
    refuse_inputs(outputs, inputs)
