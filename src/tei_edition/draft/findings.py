"""A finding (a candidate correction) and what makes findings safe to accept together: no two
overlap, and each context occurs once in the text, as the converter requires of corrections."""

from __future__ import annotations

from dataclasses import dataclass, field

from .reading import Reading


@dataclass
class Finding:
    kind: str  # "unknown", "misreading", "split"
    sic: str
    corr: str
    line: int
    context: str
    why: str
    run: int = -1  # where in the reading: run index, start and end offsets
    start: int = 0
    end: int = 0
    lines: list[int] = field(default_factory=list)
    all: bool = False

    @classmethod
    def at(cls, reading: Reading, run: int, start: int, end: int, kind: str, corr: str,
           why: str) -> Finding:
        r = reading.runs[run]
        line = r.line_at(start)
        return cls(kind, r.text[start:end], corr, line, "", why, run, start, end, [line])


def place(findings: list[Finding], reading: Reading) -> list[Finding]:
    """Drop findings overlapping an earlier one (the converter refuses overlapping
    corrections), merge repeats of one error into a single `all = true` entry when the error
    occurs nowhere else, and give every other finding a context unique in the text."""
    corpus = reading.corpus
    kept: list[Finding] = []
    taken: dict[int, list[tuple[int, int]]] = {}
    for f in findings:
        spans = taken.setdefault(f.run, [])
        if any(f.start < e and s < f.end for s, e in spans):
            continue
        spans.append((f.start, f.end))
        kept.append(f)
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in kept:
        groups.setdefault((f.sic, f.corr), []).append(f)
    out: list[Finding] = []
    for group in groups.values():
        first = group[0]
        if len(group) > 1 and corpus.count(first.sic) == len(group):
            first.all = True
            first.context = ""
            first.lines = sorted({g.line for g in group})
            out.append(first)
            continue
        for f in group:
            f.context = unique_context(reading.runs[f.run].text, f.start, f.end, corpus)
            out.append(f)
    return sorted(out, key=lambda f: (f.line, f.run, f.start))


def unique_context(text: str, start: int, end: int, corpus: str) -> str:
    """The shortest passage around text[start:end], whole words and at least one neighbour on
    each side, that occurs once in the corpus (the whole run if none shorter does)."""
    left, right = _word_start(text, start), _word_end(text, end)
    while True:
        left = _word_start(text, max(left - 1, 0)) if left else 0
        right = _word_end(text, right + 1) if right < len(text) else right
        candidate = text[left:right].strip()
        if corpus.count(candidate) == 1 or (left == 0 and right >= len(text)):
            return candidate


def _word_start(text: str, at: int) -> int:
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    return at


def _word_end(text: str, at: int) -> int:
    while at < len(text) and not text[at].isspace():
        at += 1
    return at
