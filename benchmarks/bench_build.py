"""How long `tei-edition build` takes.

1. cold: the embedded document built by a fresh `tei-edition build` process (convert,
   validate, all five outputs), several times; the best and the median are printed;
2. batch: 200 TEI files built by one `build` call in one process (stylesheets and schemas
   made once), with the time per document and the documents per second;
3. publish only: the same batch through the Publisher alone (no validation), to show what
   the XSLT part costs.

Run: .venv/bin/python benchmarks/bench_build.py [--runs 5] [--batch 200]
Targets on the 2-core machine: cold < 0.5 s; batch > 20 documents/s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = Path(sys.executable).with_name("tei-edition")


def cold(runs: int, work: Path) -> list[float]:
    """Wall time of a whole `tei-edition build` process, run from an empty folder."""
    times = []
    for i in range(runs):
        folder = work / f"cold-{i}"
        folder.mkdir()
        start = time.perf_counter()
        subprocess.run([str(CLI), "build"], cwd=folder, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def make_batch(size: int, work: Path) -> Path:
    """`size` copies of the embedded document's TEI under distinct names."""
    from tei_edition.convert import convert_file, default_source

    tei = convert_file(default_source()).xml
    folder = work / "batch"
    folder.mkdir()
    for i in range(size):
        (folder / f"doc-{i:03d}.xml").write_bytes(tei)
    return folder


def batch_build(folder: Path, work: Path) -> float:
    """One in-process `build` over the folder, as the CLI runs it."""
    from tei_edition.cli import main

    start = time.perf_counter()
    try:
        main(["build", str(folder), "-o", str(work / "batch-out")], standalone_mode=False)
    finally:
        elapsed = time.perf_counter() - start
    return elapsed


def batch_publish(folder: Path, work: Path) -> float:
    from tei_edition.transform import default_publisher

    publisher = default_publisher()  # already compiled by batch_build: timing the runs only
    files = sorted(folder.iterdir())
    start = time.perf_counter()
    for path in files:
        publisher.publish(path, work / "publish-out")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        times = cold(args.runs, work)
        print(f"cold build of the embedded document ({args.runs} fresh processes): "
              f"best {min(times):.3f} s, median {statistics.median(times):.3f} s")
        folder = make_batch(args.batch, work)
        total = batch_build(folder, work)
        print(f"batch build of {args.batch} TEI files in one process: {total:.2f} s, "
              f"{1000 * total / args.batch:.1f} ms per document, "
              f"{args.batch / total:.1f} documents/s")
        total = batch_publish(folder, work)
        print(f"  of which publishing alone (5 outputs, no validation): "
              f"{1000 * total / args.batch:.1f} ms per document, "
              f"{args.batch / total:.1f} documents/s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
