"""How the converter does on documents of the collection it has never seen: the round-trip bench.

    .venv/bin/python benchmarks/bench_layout.py [--docs 32] [--times 16] [--details 5] [--oracle]
        [--dump DIR]

Builds the fixed set of generated documents (tests/bench/generate.py, seeded), lays each out
in the extraction layout (tests/bench/render.py), converts it with `convert_text`, and scores
the TEI against the truth per structure (tests/bench/score.py). Prints the corpus it made, the
per-structure precision / recall / F1 table, word survival, and the first differences of each
imperfect document; then the same table for the character-filled and the Times-filled
(R25) documents separately. `--oracle` scores the truth written as TEI instead (must be all 1.0000: a
check of the bench itself). `--dump DIR` writes each source, its TEI and its truth for
inspection. Exits non-zero when a structure is under F1 0.99 or a word is lost, except the
paragraph-bound structures of the Times-filled documents (open cases, docs/robustness.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.bench.generate import build, fixed_specs  # noqa: E402
from tests.bench.render import render  # noqa: E402
from tests.bench.score import (  # noqa: E402
    PARAGRAPH_BOUND,
    STRUCTURES,
    compare,
    oracle_tei,
    run_spec,
    table,
    total,
)

THRESHOLD = 0.99


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=32, help="character-layout documents (>= 30)")
    parser.add_argument("--times", type=int, default=16, help="proportional-layout documents (R25)")
    parser.add_argument("--details", type=int, default=5, help="differences shown per document")
    parser.add_argument("--oracle", action="store_true", help="score the truth itself as TEI")
    parser.add_argument("--dump", type=Path, help="write sources, TEI and truths here")
    options = parser.parse_args()

    specs = fixed_specs(options.docs, options.times)
    runs = []
    for spec in specs:
        if options.oracle:
            rendered = render(build(spec))
            score = compare(rendered.truth, oracle_tei(rendered.truth))
            runs.append((spec, rendered, score, []))
        else:
            run = run_spec(spec)
            runs.append((spec, run.rendered, run.score, run.warnings))

    # the corpus
    truths = [r.truth for _, r, _, _ in runs]
    kinds = Counter(k for t in truths for *_, k in t.quotes)
    print(
        f"corpus: {len(specs)} documents (fixed set, seeds 0-{len(specs) - 1}: "
        f"{options.docs} filled by characters, {options.times} by Times widths)"
    )
    print(
        f"  line width {min(s.width for s in specs)}-{max(s.width for s in specs)} characters, "
        f"page height {min(s.page_height for s in specs)}-"
        f"{max(s.page_height for s in specs)} lines, "
        f"first-line indent {min(s.indent for s in specs)}-{max(s.indent for s in specs)}"
    )
    print(
        f"  {sum(len(t.pages) for t in truths)} pages, "
        f"{sum(len(t.text.split()) for t in truths)} words, "
        f"{sum(len(t.paras) for t in truths)} paragraphs, "
        f"{sum(len(t.divs) for t in truths)} speeches "
        f"({sum(1 for t in truths for _, h, _ in t.divs if h)} headed)"
    )
    print(
        f"  {sum(len(t.notes) for t in truths)} notes: "
        f"{sum(1 for _, r, _, _ in runs for n in r.doc.notes if n.lost_number)} "
        "with a lost number, "
        f"{sum(1 for s, r, _, _ in runs for n in r.doc.notes if n.garble)} with a garbled mark, "
        f"{sum(t.split_notes for t in truths)} running over pages "
        f"(longest over {max(t.longest_note_pages for t in truths)} pages), "
        f"{sum(1 for s in specs if s.title_note)} in a title; "
        f"{sum(t.pages_one_body_line for t in truths)} pages with a single body line"
    )
    print(
        f"  running heads: {dict(Counter(s.foot for s in specs))}; "
        f"{sum(len(t.fw) // 2 for t in truths)} printed"
    )
    print(
        f"  quotations: {dict(kinds)}, "
        f"{sum(len(t.quote_sources) for t in truths)} with a source note"
    )
    print(
        f"  paragraph ends the text cannot show (stated rule applied): "
        f"{sum(t.merged for t in truths)} merged, {sum(t.split for t in truths)} split"
    )
    print()
    counts = total([s for _, _, s, _ in runs])
    print(table(counts))
    by_metric = {}
    for metric in ("chars", "times"):
        part = [s for spec, _, s, _ in runs if spec.metric == metric]
        if part:
            by_metric[metric] = total(part)
            print(f"\n{metric} layout only ({len(part)} documents)")
            print(table(by_metric[metric]))
    words = counts["words"]
    note_words = counts["note_words"]
    print()
    print(
        f"word survival: {words.tp}/{words.true} reading-text words kept in order, "
        f"{words.pred - words.tp} added; {note_words.tp}/{note_words.true} note words kept"
    )
    perfect = sum(1 for _, _, s, _ in runs if s.perfect)
    print(f"documents scored perfect on every structure: {perfect}/{len(runs)}")

    for spec, _, score, warnings in runs:
        if score.perfect or not options.details:
            continue
        print(f"\n--- seed {spec.seed}: {score.error or ''}")
        for kind, items in (("missing", score.missing), ("extra", score.extra)):
            for name, values in items.items():
                print(f"  {kind:<7} {name}: {values[: options.details]}")
        if warnings:
            print(f"  converter warnings: {warnings[: options.details]}")

    if options.dump:
        options.dump.mkdir(parents=True, exist_ok=True)
        for spec, rendered, _, _ in runs:
            stem = options.dump / f"bench-{spec.seed:03d}"
            stem.with_suffix(".txt").write_text(rendered.text, encoding="utf-8")
            stem.with_suffix(".truth.json").write_text(
                json.dumps(
                    {"spec": asdict(spec), "truth": asdict(rendered.truth)},
                    ensure_ascii=False,
                    indent=1,
                ),
                encoding="utf-8",
            )
            if not options.oracle:
                from tei_edition.convert import convert_text

                try:
                    xml = convert_text(
                        rendered.text, stem.name + ".txt", rendered.doc.meta or None
                    ).xml
                    stem.with_suffix(".xml").write_bytes(xml)
                except Exception as exc:
                    stem.with_suffix(".error.txt").write_text(str(exc), encoding="utf-8")

    # The paragraph ends of the proportional layout are open cases (docs/robustness.md): they
    # are printed above but do not fail the run; everything else must hold in both layouts.
    failing = [
        f"{metric}:{n}"
        for metric, c in by_metric.items()
        for n in STRUCTURES
        if c[n].f1 < THRESHOLD and not (metric == "times" and n in PARAGRAPH_BOUND)
    ]
    lost = words.tp < words.true or note_words.tp < note_words.true
    if failing or lost:
        print(f"\nFAIL: F1 < {THRESHOLD} on {failing or 'none'}; words lost: {lost}")
        return 1
    print(
        f"\nOK: every structure F1 >= {THRESHOLD}, every word kept "
        f"(Times layout: {', '.join(PARAGRAPH_BOUND)} not held, open cases)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
