"""What a collection's site costs: `tei-edition site` on generated collections, two engines.

    .venv/bin/python benchmarks/bench_site.py [--sizes 200,2000] [--workers 2] [--keep DIR]

For each size, generates that many documents (tests/bench/collection.py: sources in the
extraction layout with their data files), then, in the same run so that the machine's load
is shared, builds the site with 2 local worker processes (`--jobs 2`) and with a Dask
LocalCluster of 2 workers (`--dask-local 2`): the full build's time and time per document,
the peak memory of the main process and of the largest worker, the size of the search index
and of the whole site; then an incremental rebuild after one document's data file changed,
and a rebuild with nothing changed. Each build runs in a fresh Python process (peak memory
is per process). Ends with how the cost grows from the first size to the last (a linear
cost gives a ratio of 1.0 per document). The outputs of the two engines are compared byte
for byte. Prints numbers only; CI does not run this.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
DATE = "2026-12-01"


def child(inputs: Path, site: Path, engine: str, workers: int) -> None:
    """One build in this process; prints its numbers as JSON."""
    from tei_edition import __version__
    from tei_edition.cli.build import collect_jobs
    from tei_edition.site.build import build_site
    from tei_edition.site.decorate import SiteInfo
    from tei_edition.site.document import DocumentJob
    from tei_edition.site.engine import make_engine
    from tei_edition.transform import TextOptions

    info = SiteInfo("Bench", "Bench", __version__, DATE)
    jobs = [DocumentJob(j.stem, str(j.path.resolve()), j.is_source, TextOptions(), False, info)
            for j in collect_jobs((inputs,))]
    started = time.perf_counter()
    with make_engine(workers if engine == "jobs" else None, None,
                     workers if engine == "dask" else None, len(jobs)) as pool:
        report = build_site(jobs, site, pool, info)
    seconds = time.perf_counter() - started  # with the engine's start-up and shut-down
    print(json.dumps({"seconds": seconds, "built": report.built, "documents": report.documents,
                      "failures": len(report.failures),
                      "main_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "worker_kib": report.worker_peak_kib}))


def run(inputs: Path, site: Path, engine: str, workers: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(inputs), str(site), engine,
                          str(workers)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def same_bytes(a: Path, b: Path) -> bool:
    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes()
                for p in sorted(root.rglob("*")) if p.is_file()}
    return tree(a) == tree(b)


def measure(n: int, workers: int, work: Path) -> dict:
    from bench.collection import write_collection

    inputs = work / f"inputs-{n}"
    started = time.perf_counter()
    write_collection(inputs, n)
    print(f"\n{n} documents (generated in {time.perf_counter() - started:.1f} s)", flush=True)
    results = {}
    for engine in ("jobs", "dask"):
        site = work / f"site-{n}-{engine}"
        full = run(inputs, site, engine, workers)
        assert full["failures"] == 0 and full["built"] == n, full
        toml = sorted(inputs.glob("*.toml"))[n // 2]
        toml.write_text(toml.read_text() + "\n# changed\n")
        one = run(inputs, site, engine, workers)
        toml.write_text(toml.read_text().removesuffix("\n# changed\n"))
        back = run(inputs, site, engine, workers)  # the change undone: that document again
        nothing = run(inputs, site, engine, workers)
        results[engine] = {
            "full": full, "one": one, "back": back, "nothing": nothing,
            "search_bytes": size_of(site / "search"), "site_bytes": size_of(site),
            "search_files": sum(1 for _ in (site / "search").iterdir()),
        }
        label = f"--jobs {workers}" if engine == "jobs" else f"--dask-local {workers}"
        r = results[engine]
        print(f"  {label:<14} full {full['seconds']:7.1f} s  "
              f"{1000 * full['seconds'] / n:6.1f} ms/doc  "
              f"main peak {full['main_kib'] / 1024:6.0f} MiB  "
              f"worker peak {full['worker_kib'] / 1024:5.0f} MiB  "
              f"search {r['search_bytes'] / 1e6:6.2f} MB ({r['search_files']} files)  "
              f"site {r['site_bytes'] / 1e6:6.1f} MB", flush=True)
        print(f"  {'':<14} one changed {one['seconds']:5.1f} s ({one['built']} built)  "
              f"undone {back['seconds']:5.1f} s  nothing changed {nothing['seconds']:5.1f} s",
              flush=True)
    results["same_bytes"] = same_bytes(work / f"site-{n}-jobs", work / f"site-{n}-dask")
    print(f"  same bytes on both engines: {results['same_bytes']}")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200", help="comma-separated collection sizes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="work here and keep the sites")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        inputs, site, engine, workers = options.child
        child(Path(inputs), Path(site), engine, int(workers))
        return 0
    sizes = [int(s) for s in options.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        work = options.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        measured = {n: measure(n, options.workers, work) for n in sizes}
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(f"\ngrowth {small} -> {large} documents (x{large / small:.0f}); per document, "
              "large / small (1.0 = linear):")
        for engine in ("jobs", "dask"):
            a, b = measured[small][engine], measured[large][engine]
            per_doc = (b["full"]["seconds"] / large) / (a["full"]["seconds"] / small)
            search = (b["search_bytes"] / large) / (a["search_bytes"] / small)
            nothing = b["nothing"]["seconds"] / a["nothing"]["seconds"]
            print(f"  {engine:<5} full build time {per_doc:.2f}, search index size {search:.2f}, "
                  f"main peak memory x{b['full']['main_kib'] / a['full']['main_kib']:.2f}, "
                  f"no-change rebuild x{nothing:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
