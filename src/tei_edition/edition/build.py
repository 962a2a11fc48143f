"""The edition stage: the read layout and the data file -> the `Edition` (data only).

The steps, in order: the texts of every block and note; notes with no mark placed (N8);
the data file's corrections and gaps; references in notes, then quotations, names and dates
in notes and in the running text; the notes by number; the speeches and their settings; the
header's facts. Ids made here are temporary: the TEI stage numbers them in document order.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from ..dates import Reference, find_dates
from ..errors import Location, Warning_
from ..metadata import Metadata
from ..reading.model import Block, Layout, SpeechBlocks
from . import annotate, overrides
from .model import BlockQuote, Edition, Front, HeaderFacts, Note, Page, Paragraph, Setting, Speech, Text
from .people import UNIDENTIFIED, persons, slug, speaker_label
from .texts import text_of


class _Ids:
    """Temporary ids (prefix-tmpN), unique across prefixes."""

    def __init__(self) -> None:
        self.counter = itertools.count(1)

    def of(self, prefix: str) -> Iterator[str]:
        while True:
            yield f"{prefix}-tmp{next(self.counter)}"


@dataclass
class _Reading:
    """The running text in reading order (title, then per speech: heading, date line,
    paragraphs), with where each block's text sits in `texts`."""

    texts: list[Text] = field(default_factory=list)
    title: int | None = None
    speeches: list[tuple[int | None, int | None, list[int]]] = field(default_factory=list)

    def slot(self, text: Text | None) -> int | None:
        if text is None:
            return None
        self.texts.append(text)
        return len(self.texts) - 1

    def paragraphs(self) -> list[int]:
        return [i for _, _, paras in self.speeches for i in paras]


def _block_text(block: Block | None, pages: Sequence[Page]) -> Text | None:
    if block is None or block.text is None:
        return None
    return text_of(block.text, pages)


def _reading(layout: Layout, pages: Sequence[Page]) -> _Reading:
    reading = _Reading()
    reading.title = reading.slot(_block_text(layout.title, pages))
    for sp in layout.speeches:
        head = reading.slot(_block_text(sp.heading, pages))
        dateline = reading.slot(_block_text(sp.dateline, pages))
        paras = [reading.slot(_block_text(b, pages)) for b in sp.paras]
        reading.speeches.append((head, dateline, [i for i in paras if i is not None]))
    # N8: a note with no mark closes the paragraph the reading stage chose for it
    paragraphs = reading.paragraphs()
    for n, k in layout.unanchored:
        if k is not None:
            at = paragraphs[k]
            reading.texts[at] = reading.texts[at].with_point("note", len(reading.texts[at].text), n=n)
    return reading


def doc_year(meta: Metadata, docdate: Text | None) -> int | None:
    """The year undated days and decades are read in: the data file's, else the title's."""
    for key in ("date_from", "date"):
        value = meta.source.get(key, "")
        if value:
            return int(value[:4])
    if docdate:
        for h in find_dates(docdate.text):
            for v in h.attributes.values():
                if re.match(r"^\d{4}", v):
                    return int(v[:4])
    return None


def doc_reference(meta: Metadata, docdate: Text | None, year: int | None) -> Reference | None:
    """The document's own date, to read months named without a year: the data file's, else
    the title's date line; none when they give no month or span two years."""
    attrs = {"when": meta.source.get("date_from") or meta.source.get("date", "")}
    if not attrs["when"] and docdate:
        attrs = date_attrs(docdate.text, year)
    start = attrs.get("when") or attrs.get("from", "")
    end = attrs.get("to", start)
    if len(start) < 7 or start[:4] != end[:4]:
        return None
    return Reference(int(start[:4]), int(start[5:7]))


def date_attrs(text: str, year: int | None) -> dict[str, str]:
    hits = find_dates(text.strip().rstrip("."), year)
    return dict(hits[0].attributes) if hits else {}


@dataclass
class _Draft:
    """The texts while the finders go over them, and what they report."""

    meta: Metadata
    name: str
    year: int | None
    reference: Reference | None
    reading: _Reading
    notes: dict[int, list[Text]]
    ids: _Ids = field(default_factory=_Ids)
    warnings: list[Warning_] = field(default_factory=list)
    stale: list[Warning_] = field(default_factory=list)  # overrides not applied
    applied: list[overrides.Applied] = field(default_factory=list)
    # reading overrides: text (index in all_texts) -> offset of its « -> kind, ref, override
    readings: dict[int, dict[int, tuple[str, str, int]]] = field(default_factory=dict)
    correction_ids: list[tuple[str, ...]] = field(default_factory=list)
    block_quotes: list[list[BlockQuote]] = field(default_factory=list)

    def all_texts(self) -> list[Text]:
        return self.reading.texts + [t for n in sorted(self.notes) for t in self.notes[n]]

    def set_all(self, texts: list[Text]) -> None:
        k = len(self.reading.texts)
        self.reading.texts = texts[:k]
        for n in sorted(self.notes):
            count = len(self.notes[n])
            self.notes[n] = texts[k : k + count]
            k += count

    def editorial(self) -> None:
        """The data file's corrections, then its gaps, over the running text and the notes."""
        texts, self.correction_ids = annotate.apply_corrections(
            self.all_texts(), self.meta.corrections, self.meta.path, self.ids.of("corr"))
        self.set_all(annotate.mark_gaps(texts, self.meta.gaps, self.meta.path))

    def references(self) -> dict[int, str]:
        """Q4: notes that are references get a bibl; their ids feed the quotations' sources."""
        bibl_of_note: dict[int, str] = {}
        previous = None
        for n in sorted(self.notes):
            bid = f"bibl-note-{n}"
            first, found = annotate.annotate_reference(self.notes[n][0], self.meta, bid, previous)
            self.notes[n][0] = first
            if found:
                bibl_of_note[n] = bid
                previous = bid
        return bibl_of_note

    def locate_readings(self) -> None:
        """The reading overrides: the quotation opening at the « of each one's context."""
        for k, o in enumerate(self.meta.overrides):
            if o.kind != "reading":
                continue
            hit = overrides.find_once(self.all_texts(), o.context)
            if not isinstance(hit, tuple) or "«" not in o.context:
                why = ("its context holds no «" if "«" not in o.context else
                       "its context is not in the text" if not hit else
                       f"its context occurs {hit} times; give a longer context")
                self.stale.append(overrides.stale(self.meta, o, why))
                continue
            at = hit[1] + o.context.index("«")
            ref = o.ref if o.reading == "title" else ""
            self.readings.setdefault(hit[0], {})[at] = (overrides.READING_KINDS[o.reading], ref, k)

    def _readings(self, first: int, count: int) -> annotate.Readings:
        return {(pi, at): v for pi in range(count)
                for at, v in self.readings.get(first + pi, {}).items()}

    def _used(self, used: dict[int, str]) -> None:
        for k, qid in used.items():
            o = self.meta.overrides[k]
            self.applied.append(overrides.Applied(k, overrides.label(o), o.reason,
                                                  (qid,) if qid else ()))

    def interpret_notes(self, registers: annotate.Registers) -> None:
        first = len(self.reading.texts)
        for n in sorted(self.notes):
            texts, _, warnings, used = annotate.annotate_quotations(
                self.notes[n], self.meta, self.name, self.ids.of("q"),
                self._readings(first, len(self.notes[n])))
            first += len(self.notes[n])
            self._used(used)
            self.warnings += warnings
            self.notes[n] = [annotate.annotate_dates(annotate.annotate_names(t, registers), self.year)
                             for t in texts]
            for t in texts:  # notes speak of other years: their yearless months stay undated
                self.warnings += annotate.undated_months(t, self.year, self.name)

    def interpret_reading(self, registers: annotate.Registers, bibl_of_note: dict[int, str]) -> None:
        texts = self.reading.texts
        for _, _, paras in self.reading.speeches:
            readings = {(pi, at): v for pi, i in enumerate(paras)
                        for at, v in self.readings.get(i, {}).items()}
            found, blocks, warnings, used = annotate.annotate_quotations(
                [texts[i] for i in paras], self.meta, self.name, self.ids.of("q"), readings)
            self._used(used)
            self.warnings += warnings
            self.block_quotes.append(blocks)
            for i, t in zip(paras, found, strict=True):
                texts[i] = t
        for i, t in enumerate(texts):
            t = annotate.annotate_names(annotate.link_quote_sources(t, bibl_of_note), registers)
            texts[i] = annotate.annotate_dates(t, self.year, self.reference)
            if self.reference is None:
                self.warnings += annotate.undated_months(t, self.year, self.name)

    def attribute_block(self, ti: int, ref: str) -> str | overrides.Refused:
        """The block quotation (Q2) holding running text `ti` takes `ref` as its source:
        its id, or why it cannot."""
        for k, (_, _, paras) in enumerate(self.reading.speeches):
            for q, block in enumerate(self.block_quotes[k]):
                if ti in paras[block.first : block.last + 1]:
                    if block.source:
                        return overrides.Refused("its quotation already has a source")
                    self.block_quotes[k][q] = replace(block, source=f"#{ref}")
                    return block.id
        return overrides.Refused("no quotation holds its context")

    def declared(self) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        """The applied overrides in the data file's order, as the header declares them."""
        return tuple((a.label, a.reason, a.ids) for a in sorted(self.applied, key=lambda a: a.index))

    def unused_readings(self) -> None:
        used = {a.index for a in self.applied}
        for spots in self.readings.values():
            for _, _, k in spots.values():
                if k not in used:
                    o = self.meta.overrides[k]
                    self.stale.append(overrides.stale(self.meta, o, "no quotation opens at its «"))


def _override_dates(self: _Draft) -> None:
    """The date overrides: the editor's value for the date at each one's `at`."""
    texts = self.all_texts()
    where, warnings = overrides.located(self.meta, texts, "date")
    self.stale += warnings
    for k, (ti, start) in where.items():
        o = self.meta.overrides[k]
        dated = overrides.set_date(texts[ti], start, start + len(o.at or o.context), o.date)
        if dated is None:
            self.stale.append(overrides.stale(self.meta, o, "it crosses another element"))
            continue
        texts[ti] = dated
        self.applied.append(overrides.Applied(k, overrides.label(o), o.reason))
    self.set_all(texts)

def _override_sources(self: _Draft) -> None:
    """The source overrides: the innermost quotation holding each one's context (inline, or
    a block quotation) takes the work or person the editor names as its source."""
    texts = self.all_texts()
    where, warnings = overrides.located(self.meta, texts, "source")
    self.stale += warnings
    for k, (ti, start) in where.items():
        o = self.meta.overrides[k]
        end = start + len(o.context)
        inline = overrides.quotation_at(texts[ti], start, end)
        done = (self.attribute_block(ti, o.ref) if inline is None
                else overrides.attribute(texts[ti], inline, o.ref))
        if isinstance(done, overrides.Refused):
            self.stale.append(overrides.stale(self.meta, o, done.why))
            continue
        if isinstance(done, tuple):  # an inline quotation: its text changed
            texts[ti], done = done
        self.applied.append(overrides.Applied(k, overrides.label(o), o.reason, (done,)))
    self.set_all(texts)


def _override_notes(self: _Draft) -> None:
    """The note overrides: the mark right after each one's context takes the text of the
    editor's note, which takes the mark's former text (a swap: marks keep their order)."""
    where, warnings = overrides.located(self.meta, self.reading.texts, "note")
    self.stale += warnings
    for k, (ti, start) in where.items():
        o = self.meta.overrides[k]
        offset = start + len(o.context)
        mark = next((p.n for p in self.reading.texts[ti].points
                     if p.kind == "note" and p.offset == offset), None)
        number = int(o.note)
        if mark is None or number not in self.notes:
            self.stale.append(overrides.stale(self.meta, o, f"no mark follows it, or no note "
                                              f"text is numbered {o.note}"))
            continue
        given = self.notes.pop(number)
        if mark in self.notes:
            self.notes[number] = self.notes.pop(mark)
        self.notes[mark] = given
        self.applied.append(overrides.Applied(k, overrides.label(o), o.reason))


def _notes(layout: Layout, notes: dict[int, list[Text]], name: str
           ) -> tuple[tuple[Note, ...], list[Warning_], list[int]]:
    """Every note by number: the marked ones and those with a text. N6: a mark whose note
    text is absent becomes a note with a gap, warned."""
    found: list[Note] = []
    warnings: list[Warning_] = []
    missing: list[int] = []
    first_mark: dict[int, int] = {}
    for m in layout.marks:
        first_mark.setdefault(m.number, m.line)
    for n in sorted(set(first_mark) | set(notes)):
        texts = notes.get(n) or []
        if not texts:
            missing.append(n)
            line = first_mark.get(n)
            what = f"note mark {n}" if n >= 0 else "a note mark too long to be a number"
            warnings.append(Warning_(f"{what} has no note text in the extraction: "
                                     "encoded as a gap", Location(name, line)))
        found.append(Note(n, tuple(texts)))
    return tuple(found), warnings, missing


@dataclass(frozen=True)
class _SpeechContext:
    meta: Metadata
    people: tuple
    year: int | None
    docdate_attrs: dict[str, str]


def _speech_date(k: int, declared: str, dateline: Text | None, ctx: _SpeechContext) -> str:
    """The data file's date, else the speech's date line, else the title's first day."""
    if declared:
        return declared
    if dateline is not None:
        return date_attrs(dateline.text, ctx.year).get("when", "")
    if k == 0:
        return ctx.docdate_attrs.get("when") or ctx.docdate_attrs.get("from", "")
    return ""


def _speech(k: int, blocks: SpeechBlocks, texts: tuple[Text | None, Text | None, list[Text]],
            quotes: list[BlockQuote], ctx: _SpeechContext) -> tuple[Speech, Setting]:
    head, dateline, paras = texts
    declared = ctx.meta.speeches[k] if k < len(ctx.meta.speeches) else None
    when = _speech_date(k, declared.date if declared else "", dateline, ctx)
    who = (declared.who if declared and declared.who else "") or ctx.people[0].id
    first = blocks.heading or blocks.dateline or (blocks.paras[0] if blocks.paras else None)
    # a page turning at the first block turns before the speech, and only there
    paragraphs = tuple(
        Paragraph(t, () if b is first else b.pages_before)
        for b, t in zip(blocks.paras, paras, strict=True))
    speech = Speech(
        k + 1, who, speaker_label(ctx.people, who), head, dateline, paragraphs, tuple(quotes),
        first.pages_before if first else (),
        blocks.dateline.pages_before if blocks.dateline and blocks.heading else ())
    return speech, Setting(k + 1, when, declared.label if declared else "")


def _placed(front: Front | None, speeches: Sequence[Speech]) -> set[int]:
    """Every page whose break has a place: before a block, or inside a text."""
    placed: set[int] = set()
    texts: list[Text | None] = []
    if front:
        placed.update(front.breaks, front.date_breaks)
        texts += [front.title, front.date]
    for sp in speeches:
        placed.update(sp.breaks, sp.dateline_breaks)
        placed.update(i for p in sp.paragraphs for i in p.breaks)
        texts += [sp.head, sp.dateline, *(p.text for p in sp.paragraphs)]
    placed.update(pt.n for t in texts if t for pt in t.points if pt.kind == "pb")
    return placed


def _front(layout: Layout, reading: _Reading, docdate: Text | None,
           docdate_attrs: dict[str, str]) -> Front | None:
    """B1: the title and its date line, with the page breaks before each."""
    if reading.title is None or layout.title is None:
        return None
    return Front(reading.texts[reading.title], layout.title.pages_before, docdate,
                 layout.docdate.pages_before if layout.docdate else (), tuple(docdate_attrs.items()))


@dataclass(frozen=True)
class _Source:
    name: str  # the file's name
    stem: str
    sha256: str


def _header(layout: Layout, source: _Source, front: Front | None, draft: _Draft,
            settings: tuple[Setting, ...], people: tuple, notes: tuple[Note, ...],
            missing: list[int]) -> HeaderFacts:
    date = front.date if front else None
    return HeaderFacts(
        stem=source.stem, source_name=source.name, sha256=source.sha256,
        title_text=front.title.text if front else "", docdate_text=date.text if date else "",
        docdate_attrs=front.date_attrs if front else (), persons=people, settings=settings,
        correction_ids=tuple(draft.correction_ids), metric_name=layout.body_measure.metric_name,
        measure_width=layout.body_measure.width,
        printed_pages=tuple(p.number for p in layout.pages if p.printed), notes=len(notes),
        missing_notes=tuple(missing), lost_numbers=layout.lost_numbers,
        unanchored=tuple(n for n, _ in layout.unanchored),
        repaired_marks=any(m.repaired for m in layout.marks), uncertain=len(layout.uncertain),
        julian=any(s.attr("datingMethod") for t in draft.all_texts() for s in t.spans),
        overrides=draft.declared(),
        yearless=sum(1 for t in draft.all_texts() for s in t.spans if s.kind == "date" and s.attr("cert")),
    )


def build_edition(layout: Layout, meta: Metadata, source_bytes: bytes, source_name: str,
                  stem: str) -> Edition:
    pages = tuple(Page(p.number, p.printed, tuple((f.kind, f.text) for f in p.furniture))
                  for p in layout.pages)
    docdate = _block_text(layout.docdate, pages)
    year = doc_year(meta, docdate)
    notes = {n.resolved: [text_of(j, pages) for j in n.texts] for n in layout.notes}
    reference = doc_reference(meta, docdate, year)
    draft = _Draft(meta, layout.name, year, reference, _reading(layout, pages), notes)
    applied, stale = overrides.paragraph_results(meta, layout)
    draft.applied += applied
    draft.stale += stale
    _override_notes(draft)
    draft.editorial()
    draft.locate_readings()
    bibl_of_note = draft.references()
    registers = annotate.Registers.of(meta)
    draft.interpret_notes(registers)
    draft.interpret_reading(registers, bibl_of_note)
    draft.unused_readings()
    _override_dates(draft)
    _override_sources(draft)
    edition_notes, note_warnings, missing = _notes(layout, draft.notes, layout.name)
    docdate_attrs = date_attrs(docdate.text, year) if docdate else {}
    front = _front(layout, draft.reading, docdate, docdate_attrs)
    people = persons(meta, layout)
    if people == (UNIDENTIFIED,):
        note_warnings.append(Warning_(
            "no speaker found (the data file, the title block and the running heads name none): "
            "the TEI says 'Orateur non identifié'; to name the speaker, add to the data file "
            "[[person]] id = \"…\", name = \"…\" and [[speech]] who = \"…\"", Location(layout.name, 1)))
    ctx = _SpeechContext(meta, people, year, docdate_attrs)
    built = [_speech(k, blocks, _speech_texts(draft.reading, k), draft.block_quotes[k], ctx)
             for k, blocks in enumerate(layout.speeches)]
    speeches = tuple(s for s, _ in built)
    placed = _placed(front, speeches)
    source = _Source(source_name, stem, hashlib.sha256(source_bytes).hexdigest())
    header = _header(layout, source, front, draft, tuple(s for _, s in built), people,
                     edition_notes, missing)
    return Edition(
        slug(meta.edition.get("id") or stem), meta, header, front, speeches, edition_notes, pages,
        tuple(i for i in range(len(pages)) if i not in placed),
        sum(1 for b in layout.blocks if b.kind == "para"),
        layout.warnings + tuple(draft.warnings) + tuple(note_warnings) + tuple(draft.stale),
    )


def _speech_texts(reading: _Reading, k: int) -> tuple[Text | None, Text | None, list[Text]]:
    head, dateline, paras = reading.speeches[k]
    texts = reading.texts
    return (texts[head] if head is not None else None,
            texts[dateline] if dateline is not None else None,
            [texts[i] for i in paras])
