"""Building editions: source text -> TEI -> validated TEI -> the five publications.

    with Pipeline(Path("out"), Path("tei")) as pipeline:
        for built in pipeline.run([Job(Path("speech.txt"), is_source=True)]):
            print(built.written)

Per document, the grammar check (xmlschema, pure Python) costs about as much as the
conversion, and each costs two to three times the XSLT. So validation runs in worker
processes, one per core by default, while this process converts and renders: a document's
validation overlaps its own rendering and the next documents' conversion, and the
workers' start-up (importing xmlschema, loading the schemas) overlaps the first conversion.

A document's outputs are written only once its validation has come back without errors.
The first document that fails (conversion, validation or publication) stops the run with
an EditionError; the documents before it are already published. The results do not
depend on the number of workers: each document is validated and rendered on its own.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from .errors import EditionError, Location, Warning_
from .transform import TextOptions, default_publisher
from .validation import Problem, Validator, find_tei_all, is_valid, jing_command

TEI_SUFFIX = ".xml"


@dataclass(frozen=True)
class Job:
    """One document to build: a TEI file, or a source text to convert first."""

    path: Path
    is_source: bool

    @property
    def stem(self) -> str:
        return self.path.stem


@dataclass(frozen=True)
class Built:
    """A published document: its TEI, the validator's warnings, the files written."""

    job: Job
    tei: Path
    problems: list[Problem]
    written: list[Path]


class InvalidDocument(EditionError):
    """The TEI failed validation: nothing of it was published."""

    def __init__(self, tei: Path, problems: list[Problem]) -> None:
        errors = sum(1 for p in problems if p.severity == "error")
        super().__init__(f"the TEI is invalid ({errors} error(s) above): nothing published",
                         Location(str(tei)))
        self.problems = problems


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # what this process may use, not the machine
    except AttributeError:
        return os.cpu_count() or 1


class Pipeline:
    """Convert (if needed), validate, publish; tools made once for all documents.

    `workers` is the number of validator processes: None for one per available CPU (never
    more than `documents`), 0 to validate in this process. Use it as a context manager so
    that the workers stop with it.
    """

    def __init__(self, outdir: Path, tei_dir: Path, *, tei_all: bool = False,
                 tei_all_schema: str | Path | None = None, text: TextOptions | None = None,
                 workers: int | None = None, documents: int = 1,
                 warn: Callable[[Warning_], None] = lambda w: None) -> None:
        self.outdir = outdir
        self.tei_dir = tei_dir
        self.text = text or TextOptions()
        self._warn = warn
        if tei_all:  # fail now, before any work, if the tei_all check cannot run
            tei_all_schema = find_tei_all(tei_all_schema)
            jing_command()
        count = min(available_cpus(), max(documents, 1)) if workers is None else workers
        # Started first, so that forked workers do not inherit the Saxon runtime's threads
        # (see _start_method); the stylesheets are compiled once the first document is
        # converted, while the workers are still loading the schemas.
        self._validators = _Validators(count, tei_all, tei_all_schema)
        self._lookahead = max(count, 1) * 2  # documents converted and queued ahead

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._validators.close()

    def run(self, jobs: Iterable[Job]) -> Iterator[Built]:
        """Build each job in order, yielding each as soon as its outputs are written."""
        queue: deque[_Queued] = deque()
        upcoming = iter(jobs)

        def refill() -> None:
            while len(queue) < self._lookahead:
                job = next(upcoming, None)
                if job is None:
                    return
                queue.append(self._queue(job))

        refill()
        while queue:
            queued = queue.popleft()
            refill()  # the workers validate the next documents while this one renders
            yield self._finish(queued)

    def _queue(self, job: Job) -> _Queued:
        try:
            tei = self._convert(job) if job.is_source else job.path
        except EditionError as error:  # reported in its turn, after the documents before it
            return _Queued(job, job.path, _failed(error))
        return _Queued(job, tei, self._validators.submit(tei))

    def _convert(self, job: Job) -> Path:
        from .convert import convert_file
        from .schema_links import base_for, place_schemas
        from .xmlio import write_atomic

        tei = self.tei_dir / f"{job.path.stem}{TEI_SUFFIX}"
        base = base_for(tei)  # the xml-model links resolve where the TEI is written
        conversion = convert_file(job.path, schema_base=base)
        for warning in conversion.warnings:
            self._warn(warning)
        write_atomic(tei, conversion.xml)
        place_schemas(tei, base)
        return tei

    def _finish(self, queued: _Queued) -> Built:
        rendered = None
        if not queued.verdict.done():  # render while a worker validates
            rendered = self._render(queued.tei)
        problems = self._validators.result(queued.verdict, queued.tei)  # or a conversion error
        if not is_valid(problems):  # reported before a failed rendering: it says why
            raise InvalidDocument(queued.tei, problems)
        if rendered is None:
            rendered = self._render(queued.tei)
        if isinstance(rendered, EditionError):
            raise rendered
        written = default_publisher().write(rendered, self.outdir, queued.tei.stem)
        return Built(queued.job, queued.tei, problems, written)

    def _render(self, tei: Path) -> dict[str, bytes] | EditionError:
        try:
            return default_publisher().render(tei, self.text)
        except EditionError as error:
            return error


@dataclass(frozen=True)
class _Queued:
    job: Job
    tei: Path
    verdict: Future[list[Problem]]  # the validator's problems, or the conversion's error


def _failed(error: BaseException) -> Future[list[Problem]]:
    future: Future[list[Problem]] = Future()
    future.set_exception(error)
    return future


def _done(problems: list[Problem]) -> Future[list[Problem]]:
    future: Future[list[Problem]] = Future()
    future.set_result(problems)
    return future


# ------------------------------------------------------------------------ validator workers


class _Validators:
    """Validation on `count` worker processes (0: in this process, on demand)."""

    def __init__(self, count: int, tei_all: bool, tei_all_schema: str | Path | None) -> None:
        self._options = (tei_all, tei_all_schema)
        self._local: Validator | None = None
        self._pool: ProcessPoolExecutor | None = None
        if count > 0:
            self._pool = ProcessPoolExecutor(count, mp_context=_start_method(),
                                             initializer=_start_worker, initargs=self._options)
            for _ in range(count):  # start every worker now: their set-up is the slow part
                self._pool.submit(_ready)

    def submit(self, tei: Path) -> Future[list[Problem]]:
        if self._pool is not None:
            try:
                return self._pool.submit(_validate, str(tei))
            except BrokenProcessPool as broken:  # a worker died before this document
                return _failed(broken)
        if self._local is None:
            self._local = Validator(tei_all=self._options[0], tei_all_schema=self._options[1])
        return _done(self._local.validate(tei))

    def result(self, verdict: Future[list[Problem]], tei: Path) -> list[Problem]:
        try:
            return verdict.result()
        except BrokenProcessPool:
            raise EditionError("a validator process stopped unexpectedly (out of memory?); "
                               "try again with --jobs 0", Location(str(tei))) from None
        except _WorkerFailed as failed:
            raise EditionError(f"the validator could not start: {failed}") from None
        # an EditionError (a failed conversion, a failed jing run) is raised as it is

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _start_method() -> Any:
    """fork where it is safe: it starts a worker in milliseconds, with this process's modules
    already imported. Not once Saxon has started in this process (as in a test run that
    published before): its runtime has threads, and forking a threaded process can leave a
    lock held forever in the child. forkserver then, or spawn where there is no fork. Linux
    only: macOS system libraries are not fork-safe (Python's own default there is spawn)."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "saxonche" not in sys.modules:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class _WorkerFailed(Exception):
    """The worker's Validator could not be made; carries the reason as plain text."""


# Each worker process holds one Validator, made by _start_worker.
_worker_validator: Validator | None = None
_worker_failure: str | None = None


def _start_worker(tei_all: bool, tei_all_schema: str | Path | None) -> None:
    global _worker_validator, _worker_failure
    try:
        _worker_validator = Validator(tei_all=tei_all, tei_all_schema=tei_all_schema)
    except Exception as exc:  # reported with the first document, not as a broken pool
        _worker_failure = str(exc)


def _ready() -> None:
    return None


def _validate(tei: str) -> list[Problem]:
    if _worker_validator is None:
        raise _WorkerFailed(_worker_failure or "no validator in this process")
    return _worker_validator.validate(tei)
