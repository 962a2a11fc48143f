"""Where the documents of a site are built: this process, a local pool, or a Dask cluster.

Every engine runs `document.process` on each job and yields the results in the order of the
jobs, whatever order they finish in: the main process writes them in that order, so the
site is the same bytes on any engine and any number of workers.

- `--jobs 0`: in this process;
- `--jobs N`: N local worker processes (forkserver: a fresh process, not a fork of one whose
  Saxon runtime has threads);
- `--dask-local N`: a dask.distributed LocalCluster of N single-threaded worker processes;
- `--scheduler ADDRESS`: the workers of a running dask.distributed scheduler. Each worker
  must have tei-edition installed (the same version) and read the inputs at the same paths.
"""

from __future__ import annotations

import multiprocessing
import warnings
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..errors import EditionError
from ..pipeline import available_cpus
from .document import DocumentJob, DocumentResult, process


class Engine:
    """Runs documents somewhere; use as a context manager so that its workers stop."""

    name = "this process"

    def run(self, jobs: Sequence[DocumentJob]) -> Iterator[DocumentResult]:
        for job in jobs:
            yield process(job)

    def close(self) -> None:
        return None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LocalPool(Engine):
    def __init__(self, workers: int) -> None:
        self.name = f"{workers} local worker process(es)"
        context = multiprocessing.get_context(
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
        self._pool = ProcessPoolExecutor(workers, mp_context=context)

    def run(self, jobs: Sequence[DocumentJob]) -> Iterator[DocumentResult]:
        futures = deque(self._pool.submit(process, job) for job in jobs)
        try:
            while futures:  # each result let go once yielded: memory stays flat
                yield futures.popleft().result()
        except BrokenProcessPool:
            raise EditionError("a worker process stopped unexpectedly (out of memory?); "
                               "try again with --jobs 0") from None
        finally:
            for future in futures:
                future.cancel()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine(Engine):
    """A dask.distributed client: on a LocalCluster it starts, or on a running scheduler."""

    def __init__(self, scheduler: str | None = None, local_workers: int = 0) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise EditionError("Dask is not installed: pip install 'tei-edition[dask]'") from None
        self._cluster: Any = None
        try:
            if scheduler:
                self._client = Client(scheduler, timeout="30s")
                self.name = f"the Dask scheduler at {scheduler}"
            else:
                # One thread per worker: a worker builds one document at a time with its own
                # saxonche processor. No dashboard: nothing listens but the cluster itself.
                with warnings.catch_warnings():  # its status page, on 127.0.0.1, moved
                    warnings.filterwarnings("ignore", "Port .* is already in use")
                    self._cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1,
                                                 processes=True, dashboard_address=None,
                                                 host="127.0.0.1")
                self._client = Client(self._cluster)
                self.name = f"a Dask LocalCluster of {local_workers} worker(s)"
        except OSError as exc:
            raise EditionError(f"cannot reach the Dask scheduler: {exc}") from None

    def run(self, jobs: Sequence[DocumentJob]) -> Iterator[DocumentResult]:
        futures = deque(self._client.map(process, list(jobs), pure=False))
        try:
            while futures:  # a future let go is forgotten by the cluster, its result freed
                yield futures.popleft().result()
        finally:
            self._client.cancel(futures)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_engine(jobs: int | None, scheduler: str | None, dask_local: int | None,
                documents: int) -> Engine:
    if scheduler or dask_local:
        return DaskEngine(scheduler, dask_local or 0)
    count = min(available_cpus(), max(documents, 1)) if jobs is None else jobs
    return LocalPool(count) if count > 0 else Engine()

