"""What writing a document's outputs as one set costs (outputs.write_output_set), against
writing the same files one by one, each atomically with a temporary file and a rename (what
build did before sets): both in this run, so the ratio is what to read.

Run: .venv/bin/python benchmarks/bench_outputs.py [--documents 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from tei_edition.outputs import FolderLock, write_output_set

SIZES = {".html": 60_000, ".txt": 25_000, ".citations.json": 12_000, ".csl.json": 3_000,
         ".citations.csv": 6_000}


def one_by_one(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, folder / name)


def as_sets(folder: Path, files: dict[str, bytes]) -> None:
    write_output_set(folder, files)


def timed(write, documents: int) -> float:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp, FolderLock(tmp):
        folder = Path(tmp)
        start = time.perf_counter()
        for i in range(documents):
            write(folder, {f"doc-{i}{s}": os.urandom(n) for s, n in SIZES.items()})
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    plain = [timed(one_by_one, args.documents) for _ in range(args.runs)]
    sets = [timed(as_sets, args.documents) for _ in range(args.runs)]
    per = 1000 / args.documents
    print(f"{args.documents} documents x 5 files, median of {args.runs} runs")
    print(f"  one by one: {statistics.median(plain) * per:.2f} ms per document")
    print(f"  as sets:    {statistics.median(sets) * per:.2f} ms per document")
    print(f"  ratio:      {statistics.median(sets) / statistics.median(plain):.2f}")


if __name__ == "__main__":
    main()
