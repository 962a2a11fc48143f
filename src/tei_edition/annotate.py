"""Interpreting running text: quotations, titles, words held at a distance, names, dates,
references in notes, and the editor's corrections. Each finder adds spans to an Inline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .dates import find_dates
from .errors import EditionError, Location, Warning_
from .inline import Inline, Span, tei
from .metadata import Correction, Gap, Metadata

_OPEN, _CLOSE = "«", "»"
_GUILLEMETS = re.compile("[«»]")
_PUNCT_INSIDE = re.compile(r"[.,;:!?…]")


def _fold_apostrophes(text: str) -> str:
    # str.replace, not str.translate: translate with a mapping goes through Python per
    # character and was a tenth of the conversion time.
    return text.replace("'", "’")


def _norm(text: str) -> str:
    return " ".join(_fold_apostrophes(text).split())


# --- corrections ----------------------------------------------------------------------


def apply_corrections(inlines: Sequence[Inline], corrections: Sequence[Correction],
                      data_path: str, ids: Iterator[str]) -> dict[int, list[Span]]:
    """Mark every declared correction as a choice; each must be found as declared."""
    found: dict[int, list[Span]] = {}
    for index, corr in enumerate(corrections):
        context = corr.context or corr.sic
        hits: list[tuple[Inline, int]] = []
        for inline in inlines:
            start = 0
            while (at := inline.text.find(context, start)) >= 0:
                hits.append((inline, at))
                start = at + 1
        if not hits:
            raise EditionError(f"correction '{corr.sic}' → '{corr.corr}': its context "
                               f"'{context}' is not in the text", Location(data_path, corr.line or None))
        if len(hits) > 1 and not corr.all:
            raise EditionError(f"correction '{corr.sic}': its context '{context}' occurs "
                               f"{len(hits)} times; give a longer context or set all = true",
                               Location(data_path, corr.line or None))
        spans = []
        for inline, at in hits:
            s = at + context.index(corr.sic)
            e = s + len(corr.sic)
            if not inline.free(s, e):
                raise EditionError(f"correction '{corr.sic}' overlaps another correction",
                                   Location(data_path, corr.line or None))
            span = inline.span(s, e, "choice", rank=90, **{"xml:id": next(ids)})
            span.build = _choice_builder(corr.sic, corr.corr)
            spans.append(span)
        found[index] = spans
    return found


def _choice_builder(sic: str, corr: str):
    def build(el):
        s = tei("sic")
        s.text = sic
        c = tei("corr", {"resp": "#resp-encoding"})
        c.text = corr
        el.append(s)
        el.append(c)

    return build


def mark_gaps(inlines: Sequence[Inline], gaps: Sequence[Gap], data_path: str) -> None:
    """Words the extraction lost, declared in the data file, become a gap at their place."""
    for gap in gaps:
        hits = [(i, at) for i in inlines if (at := i.text.find(gap.after)) >= 0]
        count = sum(i.text.count(gap.after) for i in inlines)
        if count != 1:
            raise EditionError(f"gap: the text before it, '{gap.after}', occurs {count} times "
                               "(it must occur exactly once)", Location(data_path, gap.line or None))
        inline, at = hits[0]
        inline.point(_gap_maker(gap.reason), kind="gap", offset=at + len(gap.after))


def _gap_maker(reason: str):
    def make():
        el = tei("gap", {"reason": "lost", "resp": "#resp-encoding"})
        desc = tei("desc")
        desc.text = reason
        el.append(desc)
        return el

    return make


# --- guillemets ------------------------------------------------------------------------


@dataclass
class QuotePair:
    start: tuple[int, int]  # (paragraph index, offset of «)
    end: tuple[int, int]  # (paragraph index, offset just after »)
    depth: int


def pair_guillemets(paragraphs: Sequence[Inline], name: str,
                    warnings: list[Warning_]) -> list[QuotePair]:
    """Q1: match « and » across paragraphs, nesting allowed."""
    pairs: list[QuotePair] = []
    stack: list[tuple[int, int]] = []
    for pi, para in enumerate(paragraphs):
        for m in _GUILLEMETS.finditer(para.text):
            ch, ci = m.group(), m.start()
            if ch == _OPEN:
                stack.append((pi, ci))
            elif ch == _CLOSE:
                if not stack:
                    warnings.append(Warning_("closing » with no opening «: left as text",
                                             Location(name, para.source_line or None)))
                    continue
                start = stack.pop()
                pairs.append(QuotePair(start, (pi, ci + 1), len(stack)))
    for pi, _ in stack:
        warnings.append(Warning_("opening « is never closed: left as text",
                                 Location(name, paragraphs[pi].source_line or None)))
    return sorted(pairs, key=lambda p: (p.start, -p.end[0], -p.end[1]))


def classify(inner: str, meta: Metadata, works: dict[str, str]) -> tuple[str, str]:
    """Q3: a quotation, a title (a work of the data file) or words held at a distance."""
    key = _norm(inner)
    if key in works:
        return "title", works[key]
    if key in {_norm(q) for q in meta.quotes}:
        return "quote", ""
    if key in {_norm(q) for q in meta.so_called}:
        return "soCalled", ""
    if len(key.split()) <= 3 and not _PUNCT_INSIDE.search(key) and _OPEN not in key:
        return "soCalled", ""
    return "quote", ""


def annotate_quotations(paragraphs: Sequence[Inline], meta: Metadata, name: str,
                        warnings: list[Warning_], ids: Iterable[str]) -> list[tuple[int, int, str]]:
    """Add quote/title/soCalled spans; return the block quotations as (first, last, id)."""
    works = work_forms(meta)
    blocks: list[tuple[int, int, str]] = []
    new_id = iter(ids)
    for pair in pair_guillemets(paragraphs, name, warnings):
        (p0, s), (p1, e) = pair.start, pair.end
        if p0 == p1:
            para = paragraphs[p0]
            kind, ref = classify(para.text[s + 1 : e - 1], meta, works)
            if not para.free(s, e):
                continue
            attrs = {"xml:id": next(new_id)} if kind == "quote" else {}
            if ref:
                attrs["ref"] = f"#{ref}"
            para.span(s, e, kind, rank=10 + pair.depth, **attrs)
            continue
        opens_para = s == 0
        closes_para = paragraphs[p1].text[e:].strip() in ("", ".")
        if opens_para and closes_para and not any(b[0] <= p0 <= b[1] for b in blocks):
            blocks.append((p0, p1, next(new_id)))  # Q2: a letter read aloud
            continue
        # A quotation that opens or closes mid-paragraph: one part per paragraph, chained.
        part_ids = [next(new_id) for _ in range(p0, p1 + 1)]
        for k, pi in enumerate(range(p0, p1 + 1)):
            para = paragraphs[pi]
            a = s if pi == p0 else 0
            b = e if pi == p1 else len(para.text)
            attrs = {"xml:id": part_ids[k]}
            if k:
                attrs["prev"] = f"#{part_ids[k - 1]}"
            if k < len(part_ids) - 1:
                attrs["next"] = f"#{part_ids[k + 1]}"
            if para.free(a, b):
                para.span(a, b, "quote", rank=10 + pair.depth, **attrs)
    return blocks


def link_quote_sources(inline: Inline, bibl_of_note: dict[int, str]) -> None:
    """Q4: a quotation followed at once by a reference note takes it as its source."""
    for span in inline.spans:
        if span.tag != "quote":
            continue
        for p in inline.points:
            if p.kind == "note" and p.offset == span.end and p.data in bibl_of_note:
                span.attrs["source"] = f"#{bibl_of_note[p.data]}"


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


@dataclass
class Registers:
    works: FormFinder
    persons: FormFinder

    @classmethod
    def of(cls, meta: Metadata) -> Registers:
        return cls(FormFinder([(f, w.id) for w in meta.works for f in w.forms]),
                   FormFinder([(f, p.id) for p in meta.persons for f in p.forms]))


def annotate_names(inline: Inline, registers: Registers) -> None:
    for s, e, ident in registers.works.find(inline.text):
        covered = any(sp.tag == "title" and sp.start <= s and e <= sp.end for sp in inline.spans)
        if not covered and inline.free(s, e):
            inline.span(s, e, "title", rank=30, ref=f"#{ident}")
    for s, e, ident in registers.persons.find(inline.text):
        if inline.free(s, e):
            inline.span(s, e, "persName", rank=40, ref=f"#{ident}")


def annotate_dates(inline: Inline, default_year: int | None) -> int:
    count = 0
    for hit in find_dates(inline.text, default_year):
        if inline.free(hit.start, hit.end):
            inline.span(hit.start, hit.end, "date", rank=45, **hit.attributes)
            count += 1
    return count


# --- references in notes ---------------------------------------------------------------

_REF = re.compile(
    r"^(?P<cue>(?:Cf\.|Voir|See)\s+)?(?P<bibl>.{1,200}?\bp\.\s*\d+(?:\s*-\s*\d+)?)"
)
_IBID = re.compile(r"^Ibid\b\.?", re.I)
_VOLUME = re.compile(r"\bt\.\s*(\d+)")
_PAGES = re.compile(r"\bp\.\s*(\d+)(?:\s*-\s*(\d+))?")
_AUTHOR = re.compile(r"^(?P<author>[^:()]{2,60}?)\s*:")


def annotate_reference(inline: Inline, meta: Metadata, bibl_id: str, previous: str | None) -> bool:
    """A note that is a reference (it holds a page reference) gets a bibl (rule Q4)."""
    m = _REF.match(inline.text)
    if not m:
        return False
    s, e = m.span("bibl")
    bibl_text = m.group("bibl")
    if bibl_text.count("(") > bibl_text.count(")") and inline.text[e : e + 1] == ")":
        e += 1
    attrs = {"xml:id": bibl_id}
    if _IBID.match(bibl_text) and previous:
        attrs["corresp"] = f"#{previous}"
    if not inline.free(s, e):
        return False
    inline.span(s, e, "bibl", rank=20, **attrs)
    author = _AUTHOR.match(bibl_text)
    if author and not _IBID.match(bibl_text):
        a_s, a_e = s + author.start("author"), s + author.end("author")
        persons = {_norm(f) for p in meta.persons for f in p.forms}
        if _norm(author.group("author")) in persons:
            inline.span(a_s, a_e, "author", rank=25)
    for v in _VOLUME.finditer(inline.text, s, e):
        inline.span(v.start(), v.end(), "biblScope", rank=35, unit="volume",
                    **{"from": v.group(1), "to": v.group(1)})
    for pg in _PAGES.finditer(inline.text, s, e):
        last = pg.group(2) or pg.group(1)
        inline.span(pg.start(), pg.end(), "biblScope", rank=35, unit="page",
                    **{"from": pg.group(1), "to": last})
    return True
