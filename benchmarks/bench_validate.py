"""How fast `tei-edition validate` is, against peers measured in the same run.

    .venv/bin/python benchmarks/bench_validate.py [--files 300] [--repeat 3] [FILE]

FILE (default: the committed TEI) must be valid TEI. Prints median wall-clock times and
ratios; nothing is asserted (timing belongs here, not in the tests). What it measures:

1. FILES distinct files (FILE with a different comment each, so no check is skipped as a
   duplicate) against tei_all's RELAX NG only, through the CLI, vs jing alone on the same
   files in one call (the peer);
2. FILES copies of FILE with the project profile (XSD + Schematron), through the CLI: copies
   (checked once per content), and distinct files with --jobs 2 and --jobs 0;
3. tei_all's Schematron: the cost per file over the same run without it;
4. a file full of errors (a pointer to nothing on every line) at 1, 2 and 4 MB, with the
   project's Schematron and with the generic rules: time should grow linearly.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CLI = BIN / "tei-edition"
TEI = "http://www.tei-c.org/ns/1.0"


def default_file() -> Path:
    committed = sorted((ROOT / "tei").glob("*.xml"))
    return committed[0] if committed else ROOT / "tests" / "fixtures" / "sample-edition.xml"


def timed(command: list[str], repeat: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=False, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def jing() -> list[str]:
    return [str(BIN / "pyjing")] if (BIN / "pyjing").exists() else ["jing"]


def shipped(name: str) -> str:
    from tei_edition.resources import schema_dir

    return str(schema_dir() / name)


def write_batch(folder: Path, source: Path, count: int, distinct: bool) -> list[str]:
    folder.mkdir()
    data = source.read_bytes()
    for i in range(count):
        extra = f"\n<!-- copy {i} -->\n".encode() if distinct else b""
        (folder / f"copy-{i:04d}.xml").write_bytes(data + extra)
    return sorted(str(p) for p in folder.glob("*.xml"))


def full_of_errors(path: Path, megabytes: int) -> None:
    """Every line a pointer to nothing (each its own problem), until the size is reached."""
    lines, size, i = [], 0, 0
    while size < megabytes * 1024 * 1024:
        line = f'<p xml:id="p{i}"><persName ref="#nowhere-{i}">x</persName></p>\n'
        lines.append(line)
        size += len(line)
        i += 1
    path.write_text(f'<TEI xmlns="{TEI}"><teiHeader/><text><body>\n{"".join(lines)}'
                    "</body></text></TEI>\n", encoding="utf-8")


def breakdown(path: Path, repeat: int = 20) -> None:
    """What one file costs with the project profile, in one process, step by step."""
    from lxml import etree

    from tei_edition.validation import engine, rules, schemas, xsd
    from tei_edition.validation.problems import Locator

    def ms(action: object) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            action()  # type: ignore[operator]
            times.append(time.perf_counter() - start)
        return 1000 * statistics.median(times)

    data = path.read_bytes()
    tree = engine.parse_xml_bytes(data, str(path), collect_ids=False)
    xsd_schema, sch_schema = schemas.project_profile()
    built = xsd.cached_xsd(xsd_schema.path)
    runner = engine.schematron_runner(sch_schema)
    text = etree.tostring(tree.getroot(), encoding="unicode")
    parts = {
        "read and parse": ms(lambda: engine.parse_xml_bytes(data, "x", collect_ids=False)),
        "XSD (xmlschema)": ms(lambda: list(built.iter_errors(tree.getroot()))),
        "Schematron (saxonche)": ms(lambda: runner.run(text)),
        "generic rules": ms(lambda: rules.check_rules(tree.getroot(), Locator(tree, "x", path),
                                                      rules.RULES)),
    }
    total = sum(parts.values())
    print("2b. one file, project profile, in one process: " + ", ".join(
        f"{name} {value:.1f} ms ({100 * value / total:.0f} %)" for name, value in parts.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=default_file())
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    n, repeat = options.files, options.repeat

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        env = {**os.environ, "TEI_EDITION_CACHE": str(tmp_path / "cache")}
        distinct = write_batch(tmp_path / "distinct", options.file, n, True)
        copies = write_batch(tmp_path / "copies", options.file, n, False)
        print(f"file: {options.file} ({options.file.stat().st_size // 1024} KB), {n} files, "
              f"median of {repeat}")
        subprocess.run([str(CLI), "validate", "--profile", "project", copies[0]], env=env,
                       capture_output=True, check=False)  # fill the XSD cache

        rng = shipped("tei_all.rng")
        alone = timed([*jing(), rng, *distinct], repeat, env)
        ours = timed([str(CLI), "validate", "--no-declared", "--schema", rng,
                      str(tmp_path / "distinct")], repeat, env)
        print(f"1. tei_all RELAX NG: jing alone {alone:.2f} s, tei-edition validate "
              f"{ours:.2f} s: ratio {ours / alone:.2f}")

        profile = [str(CLI), "validate", "--profile", "project", "--no-declared"]
        dup = timed([*profile, str(tmp_path / "copies")], repeat, env)
        two = timed([*profile, "--jobs", "2", str(tmp_path / "distinct")], 1, env)
        one = timed([*profile, "--jobs", "0", str(tmp_path / "distinct")], 1, env)
        print(f"2. project profile: {n} copies {dup:.2f} s (checked once per content); "
              f"{n} distinct files --jobs 2 {two:.2f} s, --jobs 0 {one:.2f} s "
              f"({1000 * one / n:.0f} ms per file in one process)")

        breakdown(options.file)

        base = [str(CLI), "validate", "--no-declared", "--jobs", "0"]
        without = timed([*base, str(tmp_path / "distinct")], 1, env)
        with_sch = timed([*base, "--schema", shipped("tei_all.isosch"),
                          str(tmp_path / "distinct")], 1, env)
        print(f"3. tei_all Schematron: {1000 * (with_sch - without) / n:.1f} ms per file "
              f"({with_sch:.2f} s vs {without:.2f} s without it, one process)")

        for label, args in (("the project's Schematron", ["--schema", shipped(
                "tei-edition.sch")]), ("the generic rules", [])):
            sizes = []
            for megabytes in (1, 2, 4):
                path = tmp_path / f"errors-{megabytes}.xml"
                full_of_errors(path, megabytes)
                sizes.append(timed([*base, *args, str(path)], 1, env))
            print(f"4. file full of errors ({label}), 1 / 2 / 4 MB: "
                  + " / ".join(f"{s:.2f}" for s in sizes)
                  + f" s (x{sizes[1] / sizes[0]:.2f}, x{sizes[2] / sizes[1]:.2f} per doubling)")
        shutil.rmtree(tmp_path / "distinct")


if __name__ == "__main__":
    main()
