"""Building editions: source text -> TEI -> validated TEI -> the five publications.

    with Pipeline(Path("out"), Path("tei")) as pipeline:
        for built in pipeline.run([Job(Path("speech.txt"), is_source=True)]):
            print(built.written)

Per document, the grammar check (xmlschema, pure Python) costs about as much as the
conversion, and each costs two to three times the XSLT. So validation runs in worker
processes, one per core by default, while this process converts and renders: a document's
validation overlaps its own rendering and the next documents' conversion, and the
workers' start-up (importing xmlschema, loading the schemas) overlaps the first conversion.

A document's outputs are written only once its validation has come back without errors,
and all together: a converted TEI is staged (outputs.OutputSet) in its folder, validated and
rendered from there, and committed with the publications as one set, so an interrupted or
failed build leaves each document's previous outputs or its new ones, never a mix. The
pipeline holds a lock on each folder it writes to (outputs.FolderLock): a second build into
the same folder is refused.

The first document that fails (conversion, validation or publication) stops the run with
an EditionError; the documents before it are already published. The results do not
depend on the number of workers: each document is validated and rendered on its own.

Workers ignore Ctrl-C (the main process stops them) and die with the main process, however
it ends (on Linux the kernel kills them: PR_SET_PDEATHSIG; elsewhere a thread watches the
parent), so no validator outlives a killed build.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from .errors import EditionError, Location, Warning_
from .outputs import FolderLock, OutputSet
from .pdf import PrintOptions
from .transform import CLASSIC_FORMATS, TextOptions, default_publisher
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
                 warn: Callable[[Warning_], None] = lambda w: None,
                 formats: tuple[str, ...] = CLASSIC_FORMATS,
                 printing: PrintOptions | None = None) -> None:
        self.outdir = outdir
        self.tei_dir = tei_dir
        self.text = text or TextOptions()
        self.formats = formats  # which publications to make (transform.FORMATS)
        self.printing = printing or PrintOptions()
        self._warn = warn
        self._staged: list[OutputSet] = []  # sets of queued documents, not yet committed
        self._locks = contextlib.ExitStack()
        for folder in dict.fromkeys([outdir, tei_dir]):  # before any work, and once each
            self._locks.enter_context(FolderLock(folder))
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
        try:
            self._validators.close()
        finally:
            for staged in self._staged:  # documents queued after a failure: nothing of them
                staged.discard()
            self._staged.clear()
            self._locks.close()

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
        tei_set = None
        try:
            if job.is_source:
                tei_set, staged, tei = self._convert(job)
            else:
                staged = tei = job.path
        except EditionError as error:  # reported in its turn, after the documents before it
            return _Queued(job, job.path, job.path, _failed(error), None)
        return _Queued(job, tei, staged, self._validators.submit(staged), tei_set)

    def _convert(self, job: Job) -> tuple[OutputSet, Path, Path]:
        """Convert a source; its TEI is staged (validated and rendered from there) and
        appears only with the document's publications."""
        from .convert import convert_file

        # its xml-model links name schema/ beside it (the schema files: see _commit)
        conversion = convert_file(job.path)
        for warning in conversion.warnings:
            self._warn(warning)
        name = f"{conversion.stem}{TEI_SUFFIX}"
        tei_set = OutputSet(self.tei_dir)
        self._staged.append(tei_set)
        staged = tei_set.add(name, conversion.xml)
        return tei_set, staged, tei_set.target(name)

    def _finish(self, queued: _Queued) -> Built:
        rendered = None
        if not queued.verdict.done():  # render while a worker validates
            rendered = self._render(queued)
        problems = self._validators.result(queued.verdict, queued.tei)  # or a conversion error
        problems = [_named(p, queued) for p in problems]
        if not is_valid(problems):  # reported before a failed rendering: it says why
            raise InvalidDocument(queued.tei, problems)
        if rendered is None:
            rendered = self._render(queued)
        if isinstance(rendered, EditionError):
            raise rendered
        return Built(queued.job, queued.tei, problems, self._commit(queued, rendered))

    def _commit(self, queued: _Queued, rendered: dict[str, bytes]) -> list[Path]:
        stem = queued.tei.stem
        files = {f"{stem}{suffix}": data for suffix, data in rendered.items()}
        same_folder = os.path.realpath(self.outdir) == os.path.realpath(self.tei_dir)
        tei_set = queued.tei_set
        if tei_set is not None and same_folder:  # the TEI and its publications: one set
            outputs = tei_set
        else:
            if tei_set is not None:  # the TEI in its own folder first: it is the reference
                tei_set.commit()
                self._staged.remove(tei_set)
            outputs = OutputSet(self.outdir)
            self._staged.append(outputs)
        for name, data in files.items():
            outputs.add(name, data)
        written = outputs.commit()
        self._staged.remove(outputs)
        if tei_set is not None:  # the schema files its xml-model links name, beside it
            from .schema_links import place_schemas

            place_schemas(tei_set.target(f"{stem}{TEI_SUFFIX}"))
        tei = [queued.tei] if tei_set is not None else []
        return [p for p in written if p not in tei]

    def _render(self, queued: _Queued) -> dict[str, bytes] | EditionError:
        try:
            # the page's URL is the published name's, not the staged file's
            return default_publisher().render(queued.staged, self.text, self.formats,
                                              self.printing, stem=queued.tei.stem)
        except EditionError as error:
            return _renamed(error, queued)


@dataclass(frozen=True)
class _Queued:
    job: Job
    tei: Path  # where the TEI is (or will be, once committed)
    staged: Path  # where it is read from until then
    verdict: Future[list[Problem]]  # the validator's problems, or the conversion's error
    tei_set: OutputSet | None  # the converted TEI's set, not committed yet


def _named(problem: Problem, queued: _Queued) -> Problem:
    """A problem found in the staged TEI names the file the user will see."""
    if queued.staged != queued.tei and problem.file == str(queued.staged):
        return dataclasses.replace(problem, file=str(queued.tei))
    return problem


def _renamed(error: EditionError, queued: _Queued) -> EditionError:
    if error.where is not None and error.where.path == str(queued.staged):
        error.where = dataclasses.replace(error.where, path=str(queued.tei))
    return error


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
            # Ctrl-C is held back while the workers are forked (they inherit the mask and
            # unblock it only once they ignore it); here it is delivered right after.
            with _sigint_blocked():
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


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


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
    _die_with_parent(os.getppid())  # the build, or the forkserver that dies with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        _worker_validator = Validator(tei_all=tei_all, tei_all_schema=tei_all_schema)
    except Exception as exc:  # reported with the first document, not as a broken pool
        _worker_failure = str(exc)


def _ready() -> None:
    return None


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """End this worker when the build that started it ends, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent or parent == 1:  # it died before the call
                    os._exit(1)
                return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _validate(tei: str) -> list[Problem]:
    if _worker_validator is None:
        raise _WorkerFailed(_worker_failure or "no validator in this process")
    return _worker_validator.validate(tei)
