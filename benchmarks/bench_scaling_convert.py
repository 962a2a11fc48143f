"""Does conversion time grow linearly with the input? Time ratios for doubling inputs.

    .venv/bin/python benchmarks/bench_scaling_convert.py [--sizes 16000 32000 64000]
        [--marks 750 1500 3000] [--runs 3]

Two inputs that were quadratic (issue 10), each at three sizes doubling:
1. one paragraph of N physical lines (full lines, no sentence end until the last);
2. N note marks in the running text, none with a note text (each becomes a gap note).
Prints the best time of `--runs` conversions per size, the ratio to the size below it, and
the ratio per doubling over the whole range (steadier on a loaded machine): linear time
doubles (2.0x), quadratic quadruples. Target: at most about 2.2x per doubling.
Timings on a shared machine are noisy; only the ratios, measured in the same run, compare.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import time

from tei_edition.convert import convert_text

_WORDS = ("camarades", "notre", "parti", "organisation", "conférence", "développement",
          "industrie", "agriculture", "transports", "commerce", "socialistes", "période")
_HEAD = " TITRE DE LA CONFÉRENCE \n\n10-11 février 1926 \n\n"


def _line(k: int, width: int = 96) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < width - 14:
        words.append(_WORDS[(k + len(words)) % len(_WORDS)])
    return " ".join(words)


def one_paragraph(lines: int) -> str:
    """A title block, then one paragraph of `lines` full lines (L1: each line, a blank line)."""
    body = [_line(k) + " \n\n" for k in range(lines - 1)]
    return _HEAD + "".join(body) + "fin du paragraphe. \n"


def marks_without_notes(marks: int) -> str:
    """A title block, then a paragraph whose every line carries a note mark (N1) with no text."""
    out = [_HEAD]
    for k in range(1, marks + 1):
        out.append(f"{_line(k)}\n{k}\n mot suivant \n\n")
    out.append("fin du paragraphe. \n")
    return "".join(out)


def best_times(texts: list[str], runs: int) -> list[float]:
    """The best of `runs` conversions of each text, the sizes taken in turn in each round so
    that a burst of load on the shared machine falls on every size alike."""
    best = [float("inf")] * len(texts)
    for _ in range(runs):
        for k, text in enumerate(texts):
            start = time.perf_counter()
            convert_text(text, "scaling.txt")
            best[k] = min(best[k], time.perf_counter() - start)
    return best


def report(label: str, make, sizes: list[int], runs: int) -> list[float]:
    print(f"\n{label}")
    times = best_times([make(size) for size in sizes], runs)
    ratios = [b / a for a, b in itertools.pairwise(times)]
    for k, (size, seconds) in enumerate(zip(sizes, times, strict=True)):
        ratio = f"{ratios[k - 1]:5.2f}x" if k else "     -"
        print(f"  {size:>7,}  {seconds:8.3f} s  {ratio}")
    doublings = math.log2(sizes[-1] / sizes[0])
    overall = (times[-1] / times[0]) ** (1 / doublings)
    print(f"  per doubling over the whole range: {overall:.2f}x")
    return [overall]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[16000, 32000, 64000])
    parser.add_argument("--marks", type=int, nargs="+", default=[750, 1500, 3000])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    ratios = report("one paragraph of N lines", one_paragraph, options.sizes, options.runs)
    ratios += report("N note marks without note texts", marks_without_notes, options.marks,
                     options.runs)
    worst = max(ratios, default=0.0)
    print(f"\nworst input, per doubling over its range: {worst:.2f}x (target <= 2.2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
