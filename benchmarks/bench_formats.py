"""What each publication format adds to `tei-edition build`.

1. cold: a fresh `tei-edition build TEI --formats F` process on the embedded document, for
   F = html (the peer every ratio is taken against), html,txt,citations (the default for
   INPUTs), +epub, +pdf, and all five; interleaved, several rounds, medians;
2. batch: N copies of the embedded TEI built by one fresh `tei-edition build FOLDER
   --formats F` process, for the same F; time per document, ratio to html alone.

The machine is shared and timings are noisy: every format is measured in the same run as
its html peer, rounds interleaved, and ratios are printed beside the seconds.

Run: .venv/bin/python benchmarks/bench_formats.py [--runs 3] [--batch 200] [--pdf-batch 200]
(--pdf-batch: documents in the batches that make a PDF, which cost seconds each.)
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
ROOT = Path(__file__).resolve().parents[1]
TEI = ROOT / "tei" / "boukharine-1926-leningrad.xml"
FORMATS = ("html", "html,txt,citations", "html,txt,citations,epub", "html,txt,citations,pdf",
           "html,txt,citations,epub,pdf")


def build(inputs: Path, out: Path, formats: str) -> float:
    start = time.perf_counter()
    subprocess.run([str(CLI), "build", str(inputs), "-o", str(out), "--formats", formats],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def make_batch(size: int, work: Path) -> Path:
    folder = work / f"batch-{size}"
    if folder.is_dir():
        return folder
    folder.mkdir()
    for i in range(size):
        shutil.copy(TEI, folder / f"doc-{i:03d}.xml")
    return folder


def report(label: str, times: dict[str, list[float]], per: int) -> None:
    base = statistics.median(times["html"])
    print(label)
    for formats, runs in times.items():
        median = statistics.median(runs)
        added = (median - base) / per
        print(f"  --formats {formats:<28} median {median:7.2f} s  {1000 * median / per:8.1f} ms/doc  "
              f"x{median / base:5.2f} of html  (+{1000 * added:7.1f} ms/doc)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--pdf-batch", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-formats-"))
    try:
        cold: dict[str, list[float]] = {f: [] for f in FORMATS}
        for round_ in range(args.runs):  # interleaved: noise hits every format alike
            for formats in FORMATS:
                cold[formats].append(build(TEI, work / f"cold-{round_}-{len(cold[formats])}", formats))
        report(f"cold build of the embedded document ({args.runs} rounds, fresh processes):", cold, 1)

        for size, formats_set in ((args.batch, [f for f in FORMATS if "pdf" not in f]),
                                  (args.pdf_batch, ["html", *[f for f in FORMATS if "pdf" in f][:1]])):
            if size <= 0:
                continue
            folder = make_batch(size, work)
            batch = {f: [build(folder, work / f"out-{size}-{f}", f)] for f in formats_set}
            report(f"batch of {size} TEI files, one fresh process each:", batch, size)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
