"""Building the TEI document from the read layout, the annotations and the data file."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from . import TEI_NS
from .annotate import (
    Registers,
    annotate_dates,
    annotate_names,
    annotate_quotations,
    annotate_reference,
    apply_corrections,
    link_quote_sources,
    mark_gaps,
)
from .dates import find_dates
from .errors import Location, Warning_
from .header import build_header
from .inline import Inline, render, tei
from .layout import Block, Layout, NoteText, PhysLine, _can_open_paragraph, _ends_para
from .metadata import Metadata, Person

SCHEMA_PIS = (
    'href="../schema/tei-edition.xsd" type="application/xml" '
    'schematypens="http://www.w3.org/2001/XMLSchema"',
    'href="../schema/tei-edition.sch" type="application/xml" '
    'schematypens="http://purl.oclc.org/dsdl/schematron"',
    'href="https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng" '
    'type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"',
)

_HYPHEN_END = re.compile(r"\w-$")
_NO_SPACE_BEFORE = tuple(".,)")


@dataclass
class Speech:
    heading: Block | None = None
    dateline: Block | None = None
    paras: list[Block] = field(default_factory=list)


@dataclass
class Stats:
    """What the conversion did, for the header's statements and the CLI summary."""

    notes: int = 0
    missing_notes: list[int] = field(default_factory=list)
    lost_numbers: list[int] = field(default_factory=list)
    unanchored: list[int] = field(default_factory=list)
    julian: bool = False


class Builder:
    def __init__(self, layout: Layout, meta: Metadata, source_bytes: bytes, source_name: str,
                 stem: str) -> None:
        self.layout = layout
        self.meta = meta
        self.source_bytes = source_bytes
        self.source_name = source_name
        self.stem = stem
        self.name = layout.name
        self.warnings: list[Warning_] = list(layout.warnings)
        self.stats = Stats()
        self.first_line_of_page = {p.body[0].line: p.index for p in layout.pages if p.body}
        self.counter = 0
        self._persons: list[Person] | None = None
        self.emitted_pages: set[int] = set()
        self.title_text = ""
        self.docdate_text = ""
        self.docdate_attrs: dict[str, str] = {}

    def fresh(self, prefix: str) -> str:
        # Temporary ids; _renumber gives the final ones in document order.
        self.counter += 1
        return f"{prefix}-tmp{self.counter}"

    def ids(self, prefix: str) -> Iterator[str]:
        while True:
            yield self.fresh(prefix)

    # --- text from lines -------------------------------------------------------------
    def inline_of(self, lines: list[PhysLine], with_pages: bool = True) -> Inline:
        inline = Inline(source_line=lines[0].line if lines else 0)
        for k, ln in enumerate(lines):
            if k:
                prev = inline.text.rstrip()
                nxt = ln.plain
                glued = bool(_HYPHEN_END.search(prev)) or nxt.startswith(_NO_SPACE_BEFORE)
                if glued:
                    inline.text = prev  # L3: a compound hyphen at the line end is kept, no space
                else:
                    inline.add(" ")
                if with_pages and ln.line in self.first_line_of_page:
                    self.page_break(inline, self.first_line_of_page[ln.line], inside_word=glued)
            for f in ln.frags:
                if f.kind == "text":
                    inline.add(f.text)
                elif f.kind == "sup":
                    inline.trim_end()
                    start = len(inline.text)
                    inline.add(f.text)
                    inline.span(start, len(inline.text), "hi", rank=95, rend="sup")
                else:
                    inline.trim_end()
                    number = int(f.text)
                    inline.point(self.note_maker(number), kind="note", data=number)
        inline.finish()
        return inline

    def page_break(self, target: Inline | etree._Element, index: int,
                   inside_word: bool = False) -> None:
        """Running foot of the page before (as fw), then the page break (once per page)."""
        if index in self.emitted_pages:
            return
        self.emitted_pages.add(index)
        makers = []
        if index > 0:
            for kind, text, _ in self.layout.pages[index - 1].furniture:
                makers.append(_fw_maker(kind, text))
        makers.append(self.pb_maker(index, inside_word))
        for make in makers:
            if isinstance(target, Inline):
                target.point(make, kind="pb")
            else:
                target.append(make())

    def pb_maker(self, index: int, inside_word: bool = False):
        page = self.layout.pages[index]
        attrs = {"n": page.number, "xml:id": f"page-{page.number}",
                 "type": "printed" if page.printed else "inferred"}
        if inside_word:
            attrs["break"] = "no"  # the page turns inside a word (a compound's hyphen)

        def make() -> etree._Element:
            return tei("pb", attrs)

        return make

    def note_maker(self, number: int):
        def make() -> etree._Element:
            return self.note_elements[number]

        return make

    # --- structure -------------------------------------------------------------------
    def speeches(self) -> tuple[Block | None, Block | None, list[Speech]]:
        blocks = list(self.layout.blocks)
        title = blocks.pop(0) if blocks and blocks[0].kind == "title" else None
        docdate = blocks.pop(0) if title and blocks and blocks[0].kind == "dateline" else None
        speeches: list[Speech] = [Speech()]
        for b in blocks:
            cur = speeches[-1]
            if b.kind == "heading":
                if cur.heading or cur.dateline or cur.paras:
                    speeches.append(Speech(heading=b))
                else:
                    cur.heading = b
            elif b.kind == "dateline":
                if cur.paras or cur.dateline:
                    speeches.append(Speech(dateline=b))
                else:
                    cur.dateline = b
            else:
                cur.paras.append(b)
        speeches = [s for s in speeches if s.heading or s.dateline or s.paras]
        return title, docdate, speeches

    # --- notes -----------------------------------------------------------------------
    def build_notes(self) -> dict[int, list[Inline]]:
        """N7: each note's text as paragraphs of inline text."""
        out: dict[int, list[Inline]] = {}
        measure = self.layout.note_measure
        for note in self.layout.notes:
            paras: list[list[PhysLine]] = [[]]
            for k, ln in enumerate(note.lines):
                paras[-1].append(ln)
                nxt = note.lines[k + 1] if k + 1 < len(note.lines) else None
                if nxt is not None and _ends_para(ln.plain) and _can_open_paragraph(nxt.plain) \
                        and measure.slack(ln.plain, nxt.plain) >= 0:
                    paras.append([])
            inlines = [self.inline_of(p, with_pages=False) for p in paras if p]
            if note.resolved in out:
                self.warnings.append(Warning_(f"two note texts are numbered {note.resolved}: "
                                              "the second is joined to the first",
                                              Location(self.name, note.line)))
                out[note.resolved].extend(inlines)
            else:
                out[note.resolved] = inlines
            if note.number is None:
                self.stats.lost_numbers.append(note.resolved)
        return out

    # --- the whole document ----------------------------------------------------------
    def build(self) -> etree._ElementTree:
        meta = self.meta
        title, docdate, speeches = self.speeches()
        note_texts = self.build_notes()
        marks = {n for n, _ in self.layout.marks}
        # Inline text of every block, in reading order.
        title_inline = self.inline_of(title.lines) if title else None
        docdate_inline = self.inline_of(docdate.lines) if docdate else None
        speech_inlines = []
        for sp in speeches:
            speech_inlines.append((
                self.inline_of(sp.heading.lines) if sp.heading else None,
                self.inline_of(sp.dateline.lines) if sp.dateline else None,
                [self.inline_of(b.lines) for b in sp.paras],
            ))
        # notes whose text has no mark: put them at the end of their page's last paragraph
        for note in self.layout.notes:
            if note.resolved not in marks:
                self.attach_unanchored(note, speeches, speech_inlines)
        year = _doc_year(meta, docdate_inline)
        self.title_text = title_inline.text if title_inline else ""
        self.docdate_text = docdate_inline.text if docdate_inline else ""
        self.docdate_attrs = _date_attrs(self.docdate_text, year) if docdate_inline else {}
        reading: list[Inline] = []
        if title_inline:
            reading.append(title_inline)
        for head, dl, paras in speech_inlines:
            reading += [x for x in (head, dl) if x] + paras
        all_note_inlines = [i for n in sorted(note_texts) for i in note_texts[n]]
        corrections = apply_corrections(reading + all_note_inlines, meta.corrections, meta.path,
                                        self.ids("corr"))
        mark_gaps(reading + all_note_inlines, meta.gaps, meta.path)
        # notes: references first (their bibl ids feed the quotations' sources)
        bibl_of_note: dict[int, str] = {}
        previous = None
        for n in sorted(note_texts):
            first = note_texts[n][0]
            bid = f"bibl-note-{n}"
            if annotate_reference(first, meta, bid, previous):
                bibl_of_note[n] = bid
                previous = bid
        registers = Registers.of(meta)
        for n in sorted(note_texts):
            annotate_quotations(note_texts[n], meta, self.name, self.warnings,
                                self.ids("q"))
            for inline in note_texts[n]:
                annotate_names(inline, registers)
                annotate_dates(inline, year)
        blockquotes: list[list[tuple[int, int, str]]] = []
        for _, _, paras in speech_inlines:
            blockquotes.append(annotate_quotations(paras, meta, self.name, self.warnings,
                                                   self.ids("q")))
        for inline in reading:
            link_quote_sources(inline, bibl_of_note)
            annotate_names(inline, registers)
            annotate_dates(inline, year)
        # the note elements, ready to be dropped at their marks
        self.note_elements = {}
        for n in sorted(marks | set(note_texts)):
            self.note_elements[n] = self.note_element(n, note_texts.get(n))
        self.stats.notes = len(self.note_elements)
        self.stats.julian = any(
            s.attrs.get("datingMethod") for i in reading + all_note_inlines for s in i.spans
        )
        root = tei("TEI", {"xml:lang": "fr", "xml:id": _slug(meta.edition.get("id") or self.stem)})
        text = tei("text")
        front = tei("front")
        text.append(front)
        if title:
            for idx in title.pages_before:
                self.page_break(front, idx)
            tp = tei("titlePage")
            front.append(tp)
            dt = tei("docTitle")
            tp.append(dt)
            part = tei("titlePart", {"type": "main"})
            dt.append(part)
            render(part, title_inline)
            if docdate_inline:
                # A page may start at the title's date line (F13): its break goes between
                # the title and the date, not to the end of the body.
                for idx in docdate.pages_before:
                    self.page_break(tp, idx)
                attrs = _date_attrs(docdate_inline.text, year)
                dd = tei("docDate", attrs)
                tp.append(dd)
                render(dd, docdate_inline)
        body = tei("body")
        text.append(body)
        persons = self.persons()
        settings = []
        parts = zip(speeches, speech_inlines, blockquotes, strict=True)
        for k, (sp, (head, dl, paras), bq) in enumerate(parts):
            first_block = sp.heading or sp.dateline or (sp.paras[0] if sp.paras else None)
            if first_block:
                for idx in first_block.pages_before:
                    self.page_break(body, idx)
            speech_meta = meta.speeches[k] if k < len(meta.speeches) else None
            when = self.speech_date(k, speech_meta.date if speech_meta else "", dl, year)
            who = (speech_meta.who if speech_meta and speech_meta.who else "") or persons[0].id
            settings.append((k + 1, when, speech_meta.label if speech_meta else ""))
            div = tei("div", {"type": "speech", "n": str(k + 1), "xml:id": f"speech-{k + 1}",
                              "decls": f"#setting-{k + 1}"})
            body.append(div)
            if head:
                h = tei("head")
                div.append(h)
                render(h, head)
            if dl:
                if sp.heading is not None:
                    for idx in sp.dateline.pages_before:
                        self.page_break(div, idx)
                d = tei("dateline")
                div.append(d)
                render(d, dl)
            spel = tei("sp", {"who": f"#{who}", "xml:id": f"sp-{k + 1}"})
            div.append(spel)
            speaker = tei("speaker")
            speaker.text = self.speaker_label(who)
            spel.append(speaker)
            self.emit_paragraphs(spel, sp.paras, paras, bq)
        # pages that hold nothing after the last block: their breaks close the body
        self.tail_pages(body)
        header = build_header(self, persons, settings, corrections)
        root.append(header)
        standoff = self.standoff()
        if standoff is not None:
            root.append(standoff)
        root.append(text)
        _renumber(root)
        return etree.ElementTree(root)

    def speech_date(self, k: int, declared: str, dateline: Inline | None, year: int | None) -> str:
        """The data file's date, else the speech's date line, else the title's first day."""
        if declared:
            return declared
        if dateline is not None:
            return _date_attrs(dateline.text, year).get("when", "")
        if k == 0:
            attrs = self.docdate_attrs
            return attrs.get("when") or attrs.get("from", "")
        return ""

    def emit_paragraphs(self, parent: etree._Element, blocks: list[Block], inlines: list[Inline],
                        blockquotes: list[tuple[int, int, str]]) -> None:
        starts = {b[0]: b for b in blockquotes}
        container = parent
        close_at = -1
        for i, (block, inline) in enumerate(zip(blocks, inlines, strict=True)):
            for idx in block.pages_before:
                self.page_break(container if i not in starts else parent, idx)
            if i in starts:
                _, close_at, qid = starts[i]
                container = tei("quote", {"type": "block", "xml:id": qid})
                parent.append(container)
            p = tei("p", {"xml:id": self.fresh("p")})
            container.append(p)
            render(p, inline)
            if i == close_at:
                container = parent
                close_at = -1

    def tail_pages(self, body: etree._Element) -> None:
        for p in self.layout.pages:
            self.page_break(body, p.index)  # only those not yet placed
        last = self.layout.pages[-1] if self.layout.pages else None
        if last:
            for kind, text, _ in last.furniture:
                body.append(_fw_maker(kind, text)())

    def attach_unanchored(self, note: NoteText, speeches: list[Speech], inlines) -> None:
        self.stats.unanchored.append(note.resolved)
        self.warnings.append(Warning_(f"note {note.resolved} has no mark in the text: placed at "
                                      "the end of the paragraph of its page",
                                      Location(self.name, note.line)))
        best = None
        for sp, (_, _, paras) in zip(speeches, inlines, strict=True):
            for block, inline in zip(sp.paras, paras, strict=True):
                if any(ln.page <= note.page for ln in block.lines):
                    best = inline
        if best is not None:
            best.point(self.note_maker(note.resolved), kind="note", data=note.resolved,
                       offset=len(best.text))

    def note_element(self, n: int, inlines: list[Inline] | None) -> etree._Element:
        note = tei("note", {"place": "foot", "n": str(n), "xml:id": f"note-{n}"})
        if not inlines:
            self.stats.missing_notes.append(n)
            line = next((ln for num, ln in self.layout.marks if num == n), None)
            what = f"note mark {n}" if n >= 0 else "a note mark too long to be a number"
            self.warnings.append(Warning_(f"{what} has no note text in the extraction: "
                                          "encoded as a gap", Location(self.name, line)))
            gap = tei("gap", {"reason": "lost", "unit": "note"})
            desc = tei("desc")
            desc.text = "Le texte de cette note manque dans l’extraction du PDF."
            gap.append(desc)
            note.append(gap)
            return note
        if len(inlines) == 1:
            render(note, inlines[0])
        else:
            for inline in inlines:
                p = tei("p")
                note.append(p)
                render(p, inline)
        return note

    # --- persons and header ----------------------------------------------------------
    def persons(self) -> list[Person]:
        if self._persons is None:
            self._persons = self._find_persons()
        return self._persons

    def _find_persons(self) -> list[Person]:
        if self.meta.persons:
            people = list(self.meta.persons)
            speakers = [s.who for s in self.meta.speeches if s.who]
            if speakers:
                people.sort(key=lambda p: p.id != speakers[0])
            return people
        author = self.running_head_author()
        if author:
            return [Person(_slug(author.split()[-1]), author, (author,))]
        return [Person("speaker", "Orateur non identifié")]

    def running_head_author(self) -> str:
        for p in self.layout.pages:
            for kind, text, _ in p.furniture:
                if kind == "header":
                    return re.split(r"\s+[–—-]\s+", text)[0].strip()
        return ""

    def speaker_label(self, who: str) -> str:
        person = next((p for p in self.persons() if p.id == who), None)
        if person is None:
            return who
        return person.forms[0] if person.forms else person.name

    def standoff(self) -> etree._Element | None:
        if not self.meta.works:
            return None
        so = tei("standOff")
        lb = tei("listBibl", {"type": "works"})
        so.append(lb)
        for w in self.meta.works:
            b = tei("bibl", {"xml:id": w.id})
            if w.type:
                b.set("type", w.type)
            if w.author:
                person = self.meta.person(w.author)
                a = tei("author", {"ref": f"#{w.author}"})
                a.text = person.name if person else w.author
                b.append(a)
            t = tei("title")
            t.text = w.title
            b.append(t)
            if w.date:
                d = tei("date", {"when": w.date})
                d.text = w.date
                b.append(d)
            if w.note:
                nt = tei("note")
                nt.text = w.note
                b.append(nt)
            lb.append(b)
        return so

    def sha256(self) -> str:
        return hashlib.sha256(self.source_bytes).hexdigest()


def _fw_maker(kind: str, text: str):
    def make() -> etree._Element:
        el = tei("fw", {"type": kind, "place": "bottom"})
        el.text = text
        return el

    return make


def _doc_year(meta: Metadata, docdate: Inline | None) -> int | None:
    for key in ("date_from", "date"):
        value = meta.source.get(key, "")
        if value:
            return int(value[:4])
    if docdate:
        hits = find_dates(docdate.text)
        for h in hits:
            for v in h.attributes.values():
                if re.match(r"^\d{4}", v):
                    return int(v[:4])
    return None


def _date_attrs(text: str, year: int | None) -> dict[str, str]:
    hits = find_dates(text.strip().rstrip("."), year)
    if not hits:
        return {}
    return dict(hits[0].attributes)


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    ascii_ = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")
    return slug if slug and not slug[0].isdigit() else f"p-{slug}"


def _renumber(root: etree._Element) -> None:
    """Give paragraphs and quotations ids in document order, and fix every pointer."""
    mapping: dict[str, str] = {}
    counters = {"p": 0, "q": 0, "corr": 0}
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    for el in root.iter(f"{{{TEI_NS}}}p", f"{{{TEI_NS}}}quote", f"{{{TEI_NS}}}choice"):
        tag = etree.QName(el).localname
        prefix = {"p": "p", "quote": "q", "choice": "corr"}[tag]
        if tag == "p" and el.get(xml_id) is None:
            continue
        counters[prefix] += 1
        new = f"{prefix}-{counters[prefix]}"
        old = el.get(xml_id)
        if old:
            mapping[old] = new
        el.set(xml_id, new)
    for el in root.iter():
        for attr in ("next", "prev", "source", "corresp", "target"):
            value = el.get(attr)
            if value:
                el.set(attr, " ".join(
                    "#" + mapping.get(v[1:], v[1:]) if v.startswith("#") else v
                    for v in value.split()
                ))


_MIXED = frozenset(f"{{{TEI_NS}}}{t}" for t in (
    "p", "head", "dateline", "docDate", "titlePart", "note", "speaker", "item", "quote", "hi",
    "persName", "title", "date", "label", "licence", "change", "choice",
))


def _indent(el: etree._Element, level: int = 0) -> None:
    """Indent element-only content; text content (a paragraph, a note) is never touched."""
    children = list(el)
    if not children:
        return
    if el.tag in _MIXED and not (el.tag == f"{{{TEI_NS}}}quote" and el.get("type") == "block"):
        return
    if (el.text or "").strip() or any((c.tail or "").strip() for c in children):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for c in children:
        c.tail = pad
        _indent(c, level + 1)
    children[-1].tail = "\n" + "  " * level


def serialize(tree: etree._ElementTree) -> bytes:
    root = tree.getroot()
    _indent(root)
    out = [b'<?xml version="1.0" encoding="UTF-8"?>\n']
    for pi in SCHEMA_PIS:
        out.append(f"<?xml-model {pi}?>\n".encode())
    out.append(etree.tostring(root, encoding="UTF-8", xml_declaration=False))
    out.append(b"\n")
    return b"".join(out)
