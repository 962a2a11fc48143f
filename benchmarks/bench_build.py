"""How long `tei-edition build` takes.

1. cold: the embedded document built by a fresh `tei-edition build` process (convert,
   validate, all five outputs), several times; the best and the median are printed;
2. batch: 200 TEI files built by one fresh `tei-edition build FOLDER` process (stylesheets
   compiled once, schemas loaded once per validator process), with the time per document
   and the documents per second: with the default validator processes (one per CPU) and
   with --jobs 0 (everything in one process);
3. publish only: the same batch through the Publisher alone (no validation), to show what
   the XSLT part costs.

Run: .venv/bin/python benchmarks/bench_build.py [--runs 5] [--batch 200] [--batch-runs 3]
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


def batch_build(folder: Path, work: Path, jobs: str | None) -> float:
    """Wall time of one fresh `tei-edition build FOLDER` process."""
    out = work / f"batch-out-{jobs}"
    extra = ["--jobs", jobs] if jobs is not None else []
    start = time.perf_counter()
    subprocess.run([str(CLI), "build", str(folder), "-o", str(out), *extra], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def batch_publish(folder: Path, work: Path) -> float:
    from tei_edition.transform import default_publisher

    publisher = default_publisher()
    files = sorted(folder.iterdir())
    publisher.render(files[0])  # compiled and warmed: timing the runs only
    start = time.perf_counter()
    for path in files:
        publisher.publish(path, work / "publish-out")
    return time.perf_counter() - start


def main() -> None:
    from tei_edition.pipeline import available_cpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--batch-runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        times = cold(args.runs, work)
        print(f"cold build of the embedded document ({args.runs} fresh processes): "
              f"best {min(times):.3f} s, median {statistics.median(times):.3f} s")
        folder = make_batch(args.batch, work)
        for jobs, label in ((None, f"validator processes: one per CPU ({available_cpus()})"),
                            ("0", "--jobs 0: all in one process")):
            totals = [batch_build(folder, work, jobs) for _ in range(args.batch_runs)]
            best, median = min(totals), statistics.median(totals)
            print(f"batch build of {args.batch} TEI files, one fresh process, {label}, "
                  f"{args.batch_runs} runs: median {median:.2f} s, "
                  f"{1000 * median / args.batch:.1f} ms per document, "
                  f"{args.batch / median:.1f} documents/s (best {args.batch / best:.1f}, "
                  f"worst {args.batch / max(totals):.1f})")
        total = batch_publish(folder, work)
        print(f"  of which publishing alone (5 outputs, no validation): "
              f"{1000 * total / args.batch:.1f} ms per document, "
              f"{args.batch / total:.1f} documents/s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
