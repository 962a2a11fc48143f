"""Interpreting running text: quotations (Q1-Q4), titles, words held at a distance, names,
dates, references in notes, and the editor's corrections and gaps.

Each finder takes texts and returns new ones with its spans (or points) added; it never
changes what it was given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from ..dates import Reference, find_dates, yearless
from ..errors import EditionError, Location, Warning_
from ..metadata import Correction, Gap, Metadata
from .model import Attrs, BlockQuote, Span, Text, crosses_none

_OPEN, _CLOSE = "«", "»"
_GUILLEMETS = re.compile("[«»]")
_PUNCT_INSIDE = re.compile(r"[.,;:!?…]")


def _fold_apostrophes(text: str) -> str:
    # str.replace, not str.translate: translate with a mapping goes through Python per
    # character and was a tenth of the conversion time.
    return text.replace("'", "’")


def _norm(text: str) -> str:
    return " ".join(_fold_apostrophes(text).split())


class _Layer:
    """The spans of one text while a finder adds to them: a span that would cross one is
    refused (`add` says whether it went in)."""

    def __init__(self, text: Text) -> None:
        self.source = text
        self.spans = list(text.spans)
        self.new: list[Span] = []

    def free(self, start: int, end: int) -> bool:
        return crosses_none(self.spans, start, end)

    def add(self, span: Span, check: bool = True) -> bool:
        if check and not self.free(span.start, span.end):
            return False
        self.spans.append(span)
        self.new.append(span)
        return True

    def text(self) -> Text:
        return self.source.adding(self.new)


# --- corrections and gaps ---------------------------------------------------------------


def _occurrences(texts: Sequence[Text], needle: str) -> list[tuple[int, int]]:
    hits = []
    for k, t in enumerate(texts):
        start = 0
        while (at := t.text.find(needle, start)) >= 0:
            hits.append((k, at))
            start = at + 1
    return hits


def apply_corrections(texts: Sequence[Text], corrections: Sequence[Correction], data_path: str,
                      ids: Iterator[str]) -> tuple[list[Text], list[tuple[str, ...]]]:
    """Mark every declared correction as a choice; each must be found as declared. Returns
    the texts and, per correction, the ids of its choices."""
    layers = [_Layer(t) for t in texts]
    found: list[tuple[str, ...]] = []
    for corr in corrections:
        where = Location(data_path, corr.line or None)
        context = corr.context or corr.sic
        hits = _occurrences(texts, context)
        if not hits:
            raise EditionError(f"correction '{corr.sic}' → '{corr.corr}': its context "
                               f"'{context}' is not in the text", where)
        if len(hits) > 1 and not corr.all:
            raise EditionError(f"correction '{corr.sic}': its context '{context}' occurs "
                               f"{len(hits)} times; give a longer context or set all = true", where)
        made = []
        for k, at in hits:
            s = at + context.index(corr.sic)
            span = Span(s, s + len(corr.sic), "correction", (("xml:id", next(ids)),), 90,
                        corr.sic, corr.corr)
            if not layers[k].add(span):
                raise EditionError(f"correction '{corr.sic}' overlaps another correction", where)
            made.append(next(v for key, v in span.attrs if key == "xml:id"))
        found.append(tuple(made))
    return [layer.text() for layer in layers], found


def mark_gaps(texts: Sequence[Text], gaps: Sequence[Gap], data_path: str) -> list[Text]:
    """Words the extraction lost, declared in the data file, become a gap at their place."""
    out = list(texts)
    for gap in gaps:
        count = sum(t.text.count(gap.after) for t in out)
        if count != 1:
            raise EditionError(f"gap: the text before it, '{gap.after}', occurs {count} times "
                               "(it must occur exactly once)", Location(data_path, gap.line or None))
        k = next(k for k, t in enumerate(out) if gap.after in t.text)
        at = out[k].text.find(gap.after)
        out[k] = out[k].with_point("gap", at + len(gap.after), text=gap.reason)
    return out


# --- guillemets ------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotePair:
    start: tuple[int, int]  # (paragraph index, offset of «)
    end: tuple[int, int]  # (paragraph index, offset just after »)
    depth: int


def pair_guillemets(paragraphs: Sequence[Text], name: str) -> tuple[list[QuotePair], list[Warning_]]:
    """Q1: match « and » across paragraphs, nesting allowed."""
    pairs: list[QuotePair] = []
    warnings: list[Warning_] = []
    stack: list[tuple[int, int]] = []
    for pi, para in enumerate(paragraphs):
        for m in _GUILLEMETS.finditer(para.text):
            if m.group() == _OPEN:
                stack.append((pi, m.start()))
            elif not stack:
                warnings.append(Warning_("closing » with no opening «: left as text",
                                         Location(name, para.line or None)))
            else:
                start = stack.pop()
                pairs.append(QuotePair(start, (pi, m.start() + 1), len(stack)))
    for pi, _ in stack:
        warnings.append(Warning_("opening « is never closed: left as text",
                                 Location(name, paragraphs[pi].line or None)))
    return sorted(pairs, key=lambda p: (p.start, -p.end[0], -p.end[1])), warnings


def classify(inner: str, meta: Metadata, works: dict[str, str]) -> tuple[str, str]:
    """Q3: a quotation, a title (a work of the data file) or words held at a distance."""
    key = _norm(inner)
    if key in works:
        return "work", works[key]
    if key in {_norm(q) for q in meta.quotes}:
        return "quotation", ""
    if key in {_norm(q) for q in meta.so_called}:
        return "so-called", ""
    if len(key.split()) <= 3 and not _PUNCT_INSIDE.search(key) and _OPEN not in key:
        return "so-called", ""
    return "quotation", ""


def _chained_quotation(layers: list[_Layer], pair: QuotePair, ids: Iterator[str]) -> None:
    """A quotation that opens or closes mid-paragraph: one part per paragraph, chained."""
    (p0, s), (p1, e) = pair.start, pair.end
    part_ids = [next(ids) for _ in range(p0, p1 + 1)]
    for k, pi in enumerate(range(p0, p1 + 1)):
        a = s if pi == p0 else 0
        b = e if pi == p1 else len(layers[pi].source.text)
        attrs = [("xml:id", part_ids[k])]
        if k:
            attrs.append(("prev", f"#{part_ids[k - 1]}"))
        if k < len(part_ids) - 1:
            attrs.append(("next", f"#{part_ids[k + 1]}"))
        layers[pi].add(Span(a, b, "quotation", tuple(attrs), 10 + pair.depth))


Readings = Mapping[tuple[int, int], tuple[str, str, int]]  # (paragraph, «) -> kind, ref, override


def annotate_quotations(paragraphs: Sequence[Text], meta: Metadata, name: str, ids: Iterator[str],
                        readings: Readings | None = None
                        ) -> tuple[list[Text], list[BlockQuote], list[Warning_], dict[int, str]]:
    """Q1-Q3: quotation, title and soCalled spans; the block quotations (Q2) apart.
    `readings` are the editor's (data file overrides) for the quotations opening at those
    places; the ones used are returned with the quotation's id ("" for title, soCalled)."""
    works = work_forms(meta)
    blocks: list[BlockQuote] = []
    used: dict[int, str] = {}
    layers = [_Layer(p) for p in paragraphs]
    pairs, warnings = pair_guillemets(paragraphs, name)
    for pair in pairs:
        (p0, s), (p1, e) = pair.start, pair.end
        if p0 == p1:
            kind, ref, override = (readings or {}).get(
                (p0, s), (*classify(paragraphs[p0].text[s + 1 : e - 1], meta, works), -1))
            if not layers[p0].free(s, e):
                continue
            attrs: Attrs = (("xml:id", next(ids)),) if kind == "quotation" else ()
            if override >= 0:
                used[override] = attrs[0][1] if attrs else ""
            if ref:
                attrs += (("ref", f"#{ref}"),)
            layers[p0].add(Span(s, e, kind, attrs, 10 + pair.depth), check=False)
            continue
        opens_para = s == 0
        closes_para = paragraphs[p1].text[e:].strip() in ("", ".")
        if opens_para and closes_para and not any(b.first <= p0 <= b.last for b in blocks):
            blocks.append(BlockQuote(p0, p1, next(ids)))  # Q2: a letter read aloud
            continue
        _chained_quotation(layers, pair, ids)
    return [layer.text() for layer in layers], blocks, warnings, used


def link_quote_sources(text: Text, bibl_of_note: dict[int, str]) -> Text:
    """Q4: a quotation followed at once by a reference note takes it as its source."""
    spans = list(text.spans)
    for k, span in enumerate(spans):
        if span.kind != "quotation":
            continue
        for p in text.points:
            if p.kind == "note" and p.offset == span.end and p.n in bibl_of_note:
                spans[k] = spans[k].with_attr("source", f"#{bibl_of_note[p.n]}")
    return replace(text, spans=tuple(spans))


# --- names, works, dates ---------------------------------------------------------------


def work_forms(meta: Metadata) -> dict[str, str]:
    forms: dict[str, str] = {}
    for w in meta.works:
        for f in (w.title, *w.forms):
            forms.setdefault(_norm(f), w.id)
    return forms


class FormFinder:
    """All the spellings of a register in one pattern, longest first, whole words only."""

    def __init__(self, forms: Sequence[tuple[str, str]]) -> None:
        ordered = sorted({(_norm(f), ident) for f, ident in forms}, key=lambda f: (-len(f[0]), f))
        self.ident = {form: ident for form, ident in ordered}
        alternatives = "|".join(re.escape(form) for form, _ in ordered)
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if ordered else None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        if self.pattern is None:
            return []
        folded = _fold_apostrophes(text)
        return [(m.start(), m.end(), self.ident[m.group()]) for m in self.pattern.finditer(folded)]


@dataclass(frozen=True)
class Registers:
    works: FormFinder
    persons: FormFinder

    @classmethod
    def of(cls, meta: Metadata) -> Registers:
        return cls(FormFinder([(f, w.id) for w in meta.works for f in w.forms]),
                   FormFinder([(f, p.id) for p in meta.persons for f in p.forms]))


def annotate_names(text: Text, registers: Registers) -> Text:
    """Works (title[@ref]) not already inside a quoted title, then persons (persName[@ref])."""
    layer = _Layer(text)
    for s, e, ident in registers.works.find(text.text):
        covered = any(sp.kind == "work" and sp.start <= s and e <= sp.end for sp in layer.spans)
        if not covered:
            layer.add(Span(s, e, "work", (("ref", f"#{ident}"),), 30))
    for s, e, ident in registers.persons.find(text.text):
        layer.add(Span(s, e, "person", (("ref", f"#{ident}"),), 40))
    return layer.text()


def annotate_dates(text: Text, default_year: int | None, reference: Reference | None = None) -> Text:
    """Dates with ISO values; with `reference` (the document's date), months named without
    a year too, with @cert (dates.Reference)."""
    layer = _Layer(text)
    for hit in find_dates(text.text, default_year, reference):
        layer.add(Span(hit.start, hit.end, "date", hit.attrs, 45))
    return layer.text()


def undated_months(text: Text, default_year: int | None, name: str) -> list[Warning_]:
    """A warning for each month named without a year that the document's dates cannot date."""
    return [Warning_(f"'{text.text[h.start:h.end]}' names a month without a year, and the "
                     "document's own dates do not say which: no @when; give its date in the "
                     "data file", Location(name, text.line or None))
            for h in yearless(text.text, default_year)]


# --- references in notes ---------------------------------------------------------------

_REF = re.compile(
    r"^(?P<cue>(?:Cf\.|Voir|See)\s+)?(?P<bibl>.{1,200}?\bp\.\s*\d+(?:\s*-\s*\d+)?)"
)
_IBID = re.compile(r"^Ibid\b\.?", re.I)
_VOLUME = re.compile(r"\bt\.\s*(\d+)")
_PAGES = re.compile(r"\bp\.\s*(\d+)(?:\s*-\s*(\d+))?")
_AUTHOR = re.compile(r"^(?P<author>[^:()]{2,60}?)\s*:")


def annotate_reference(text: Text, meta: Metadata, bibl_id: str, previous: str | None
                       ) -> tuple[Text, bool]:
    """Q4: a note that is a reference (it holds a page reference) gets a bibl."""
    m = _REF.match(text.text)
    if not m:
        return text, False
    s, e = m.span("bibl")
    bibl_text = m.group("bibl")
    if bibl_text.count("(") > bibl_text.count(")") and text.text[e : e + 1] == ")":
        e += 1
    attrs: tuple[tuple[str, str], ...] = (("xml:id", bibl_id),)
    if _IBID.match(bibl_text) and previous:
        attrs += (("corresp", f"#{previous}"),)
    if not text.free(s, e):
        return text, False
    spans = [Span(s, e, "reference", attrs, 20)]
    author = _AUTHOR.match(bibl_text)
    if author and not _IBID.match(bibl_text):
        persons = {_norm(f) for p in meta.persons for f in p.forms}
        if _norm(author.group("author")) in persons:
            spans.append(Span(s + author.start("author"), s + author.end("author"),
                              "reference-author", (), 25))
    for v in _VOLUME.finditer(text.text, s, e):
        spans.append(Span(v.start(), v.end(), "scope",
                          (("unit", "volume"), ("from", v.group(1)), ("to", v.group(1))), 35))
    for pg in _PAGES.finditer(text.text, s, e):
        spans.append(Span(pg.start(), pg.end(), "scope",
                          (("unit", "page"), ("from", pg.group(1)), ("to", pg.group(2) or pg.group(1))), 35))
    return text.adding(spans), True
