"""How many of the editor's corrections `tei-edition draft` proposes, and how many it proposes
that the editor did not make.

    .venv/bin/python benchmarks/bench_draft.py [SOURCE.txt [DATA.toml]] [--list] [--generated N]

Drafts the source (default: the embedded document) and compares the draft's correction
suggestions with the data file's [[correction]] entries by place: a correction counts as
found when a suggestion covers the same words at one of the places the correction applies to
(its context's occurrence, or every occurrence with `all = true`); the suggestion's proposed
form is compared too ("same corr"). A suggestion no correction covers counts as false (some
may be errors the editor left; `--list` prints them). Also prints the time of a draft against
the time of a conversion in the same run (the draft converts once, then reads the TEI).

`--generated N` then drafts the first N documents of the layout bench's fixed set
(tests/bench), which hold no error: every correction suggested there is false. Each draft,
with every suggestion accepted, must load and convert (exit 1 otherwise).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(1, str(ROOT))

from tei_edition.convert import convert_file  # noqa: E402
from tei_edition.draft import make_draft  # noqa: E402
from tei_edition.draft.findings import Finding  # noqa: E402
from tei_edition.draft.render import ENTRY  # noqa: E402
from tei_edition.draft.render import render as render_toml  # noqa: E402
from tei_edition.metadata import Correction, load_metadata  # noqa: E402

Place = tuple[int, int, int]  # run, start, end


def _occurrences(runs: list[str], needle: str) -> list[tuple[int, int]]:
    out = []
    for i, text in enumerate(runs):
        at = text.find(needle)
        while at >= 0:
            out.append((i, at))
            at = text.find(needle, at + 1)
    return out


def places_of_correction(runs: list[str], c: Correction) -> list[Place]:
    context = c.context or c.sic
    offset = context.index(c.sic)
    hits = _occurrences(runs, context)
    if not c.all:
        hits = hits[:1]
    return [(i, at + offset, at + offset + len(c.sic)) for i, at in hits]


def places_of_suggestion(runs: list[str], f: Finding) -> list[Place]:
    if f.all:
        return [(i, at, at + len(f.sic)) for i, at in _occurrences(runs, f.sic)]
    return [(f.run, f.start, f.end)]


def _overlap(a: Place, b: Place) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("source", nargs="?", type=Path,
                    default=ROOT / "sources" / "boukharine-1926-leningrad.txt")
    ap.add_argument("data", nargs="?", type=Path)
    ap.add_argument("--list", action="store_true", help="print every suggestion and its match")
    ap.add_argument("--generated", type=int, default=0, metavar="N",
                    help="also draft N generated documents of the layout bench")
    args = ap.parse_args()
    data = args.data or args.source.with_suffix(".toml")

    t0 = time.perf_counter()
    convert_file(args.source, find_meta=False)
    t_convert = time.perf_counter() - t0
    t0 = time.perf_counter()
    draft = make_draft(args.source)
    t_draft = time.perf_counter() - t0

    runs = [r.text for r in draft.reading.runs]
    corrections = load_metadata(data).corrections
    suggestions = draft.corrections
    sugg_places = [places_of_suggestion(runs, f) for f in suggestions]
    found = same = unplaced = 0
    matched: set[int] = set()
    print(f"{'correction':32} {'found':6} suggestion")
    for c in corrections:
        places = places_of_correction(runs, c)
        if not places:
            unplaced += 1
        hit = next((k for k, sp in enumerate(sugg_places)
                    if any(_overlap(a, b) for a in places for b in sp)), None)
        label = f"{c.sic} → {c.corr}"
        if hit is None:
            print(f"{label:32} {'no':6}")
            continue
        found += 1
        matched.add(hit)
        f = suggestions[hit]
        exact = f.corr == c.corr or c.sic.replace(f.sic, f.corr, 1) == c.corr
        same += exact
        print(f"{label:32} {'yes':6} {f.sic} → {f.corr} (line {f.line}{', same corr' if exact else ''})")
    false = [f for k, f in enumerate(suggestions) if k not in matched]
    n = len(corrections)
    print()
    print(f"corrections in the data file: {n} ({unplaced} not placed in the reading text)")
    print(f"recall: {found}/{n} = {found / n:.2f}; with the editor's corr: {same}/{n} = {same / n:.2f}")
    print(f"suggestions: {len(suggestions)}; false suggestions (no correction there): {len(false)}")
    print(f"unknown frequent words listed (not suggested): {len(draft.terms)}; "
          f"persons: {len(draft.persons)}; works: {len(draft.works)}")
    print(f"time: draft {t_draft:.2f} s, convert {t_convert:.2f} s (ratio {t_draft / t_convert:.1f})")
    if args.list:
        for f in false:
            print(f"  false? line {f.line}: {f.sic} → {f.corr} ({f.why})")
    return generated(args.generated, args.list) if args.generated else 0


def generated(n: int, show: bool) -> int:
    from tests.bench.generate import build, fixed_specs
    from tests.bench.render import render

    words = suggested = persons = works = 0
    with tempfile.TemporaryDirectory() as tmp:
        for k, spec in enumerate(fixed_specs()[:n]):
            rendered = render(build(spec))
            source = Path(tmp) / f"generated-{k}.txt"
            source.write_text(rendered.text, encoding="utf-8")
            draft = make_draft(source)
            accepted = Path(tmp) / f"generated-{k}.toml"
            accepted.write_text("".join(
                (line[len(ENTRY):] if line.startswith(ENTRY) else line) + "\n"
                for line in render_toml(draft, source.name).splitlines()), encoding="utf-8")
            try:
                convert_file(source, load_metadata(accepted).path)
            except Exception as exc:  # a draft the converter refuses is a bug of the draft
                print(f"generated document {k}: the accepted draft does not convert: {exc}")
                return 1
            words += len(rendered.truth.text.split())
            suggested += len(draft.corrections)
            persons += len(draft.persons)
            works += len(draft.works)
            if show:
                for f in draft.corrections:
                    print(f"  generated {k}, line {f.line}: {f.sic} → {f.corr} ({f.why})")
    print(f"generated documents: {n}, {words} words; correction suggestions {suggested} (all "
          f"false: {1000 * suggested / max(words, 1):.2f} per 1000 words); {persons} candidate "
          f"names, {works} works; every accepted draft converts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
