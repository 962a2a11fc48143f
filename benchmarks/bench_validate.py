"""How fast `tei-edition validate` is: cold runs, the pickle cache, and batches.

    .venv/bin/python benchmarks/bench_validate.py [--files 300] [--tei-all] [FILE]

FILE defaults to the committed TEI (tei/*.xml), else the test sample. Prints median
wall-clock times; nothing is asserted (timing belongs here, not in the tests).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = Path(sys.executable).with_name("tei-edition")


def default_file() -> Path:
    committed = sorted((ROOT / "tei").glob("*.xml"))
    return committed[0] if committed else ROOT / "tests" / "fixtures" / "sample-edition.xml"


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli(args: list[str], cache: Path) -> None:
    env = {**os.environ, "TEI_EDITION_CACHE": str(cache)}
    subprocess.run([str(CLI), *args], env=env, check=False, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=default_file())
    parser.add_argument("--files", type=int, default=300, help="batch size")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--tei-all", action="store_true", help="also time the jing check")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        cache = tmp_path / "cache"

        def cold_without_cache() -> None:
            shutil.rmtree(cache, ignore_errors=True)
            cli(["validate", str(options.file)], cache)

        startup = median_seconds(lambda: cli(["--help"], cache), options.repeat)
        no_cache = median_seconds(cold_without_cache, options.repeat)
        cli(["validate", str(options.file)], cache)  # fill the cache
        warm = median_seconds(lambda: cli(["validate", str(options.file)], cache),
                              options.repeat)
        print(f"file: {options.file} ({options.file.stat().st_size // 1024} KB)")
        print(f"CLI start-up (tei-edition --help):          {startup:.3f} s")
        print(f"cold validate, empty schema cache:          {no_cache:.3f} s "
              f"(+{no_cache - startup:.3f} s over start-up)")
        print(f"cold validate, pickled schema in cache:     {warm:.3f} s "
              f"(+{warm - startup:.3f} s over start-up)")

        # In one process: what building vs unpickling the schema costs, then the batch rate.
        os.environ["TEI_EDITION_CACHE"] = str(cache)
        from tei_edition import validation

        build = median_seconds(lambda: validation.load_xsd(use_cache=False), 3)
        unpickle = median_seconds(lambda: validation.load_xsd(use_cache=True), options.repeat)
        print(f"build the XSD (xmlschema):                  {build:.3f} s")
        print(f"load the XSD from the pickle:               {unpickle:.3f} s")

        batch = tmp_path / "batch"
        batch.mkdir()
        for i in range(options.files):
            shutil.copy(options.file, batch / f"copy-{i:04d}.xml")
        files = sorted(batch.glob("*.xml"))
        validator = validation.Validator()
        start = time.perf_counter()
        results = validator.validate_files(files)
        elapsed = time.perf_counter() - start
        invalid = sum(not validation.is_valid(p) for p in results.values())
        print(f"batch of {len(files)} files in one process:      {elapsed:.2f} s "
              f"({1000 * elapsed / len(files):.1f} ms per file, {invalid} invalid)")
        start = time.perf_counter()
        cli(["validate", str(batch)], cache)
        print(f"same batch through the CLI:                 {time.perf_counter() - start:.2f} s")
        if options.tei_all:
            start = time.perf_counter()
            cli(["validate", "--tei-all", str(batch)], cache)
            print(f"same batch with --tei-all (one jing run):   "
                  f"{time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
