"""The edition's text element: front (title page), body (speeches, paragraphs, block
quotations, page breaks) and the notes at their marks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from lxml import etree

from .. import TEI_NS
from ..edition.model import Edition, Front, Note, Speech
from .elements import PointContext, fw, tei
from .render import render

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


class _Breaks:
    """Page breaks placed between blocks: the running foot of the page before, then pb."""

    def __init__(self, ctx: PointContext) -> None:
        self.ctx = ctx

    def place(self, parent: etree._Element, pages: Iterable[int]) -> None:
        for index in pages:
            if index > 0:
                for kind, text in self.ctx.pages[index - 1].furniture:
                    parent.append(fw(kind, text))
            page = self.ctx.pages[index]
            parent.append(tei("pb", {"n": page.number, "xml:id": f"page-{page.number}",
                                     "type": "printed" if page.printed else "inferred"}))


def note_element(note: Note, ctx: PointContext) -> etree._Element:
    el = tei("note", {"place": "foot", "n": str(note.n), "xml:id": f"note-{note.n}"})
    if not note.paragraphs:  # N6: the extraction lost the note's text
        gap = tei("gap", {"reason": "lost", "unit": "note"})
        desc = tei("desc")
        desc.text = "Le texte de cette note manque dans l’extraction du PDF."
        gap.append(desc)
        el.append(gap)
    elif len(note.paragraphs) == 1:
        render(el, note.paragraphs[0], ctx)
    else:
        for text in note.paragraphs:
            p = tei("p")
            el.append(p)
            render(p, text, ctx)
    return el


def _front(front: Front, breaks: _Breaks, ctx: PointContext) -> etree._Element:
    el = tei("front")
    breaks.place(el, front.breaks)
    title_page = tei("titlePage")
    el.append(title_page)
    doc_title = tei("docTitle")
    title_page.append(doc_title)
    part = tei("titlePart", {"type": "main"})
    doc_title.append(part)
    render(part, front.title, ctx)
    for note in _notes_out_of(part):
        title_page.append(note)  # right after docTitle: a note is never part of a title
    if front.date is not None:
        # a page may start at the title's date line: its break goes between the two
        breaks.place(title_page, front.date_breaks)
        date = tei("docDate", front.date_attrs)
        title_page.append(date)
        render(date, front.date, ctx)
    return el


def _paragraphs(parent: etree._Element, speech: Speech, breaks: _Breaks, ctx: PointContext,
                ids: Iterator[str]) -> None:
    """Paragraphs, those of a block quotation (Q2) inside its quote."""
    starts = {q.first: q for q in speech.block_quotes}
    container = parent
    close_at = -1
    for i, para in enumerate(speech.paragraphs):
        breaks.place(parent if i in starts else container, para.breaks)
        if i in starts:
            close_at = starts[i].last
            attrs = {"type": "block", "xml:id": starts[i].id}
            if starts[i].source:
                attrs["source"] = starts[i].source
            container = tei("quote", attrs)
            parent.append(container)
        p = tei("p", {"xml:id": next(ids)})
        container.append(p)
        render(p, para.text, ctx)
        for furniture in _furniture_out_of(p):
            container.append(furniture)
        if i == close_at:
            container = parent
            close_at = -1


def _speech(body: etree._Element, speech: Speech, breaks: _Breaks, ctx: PointContext,
            ids: Iterator[str], label: str) -> None:
    breaks.place(body, speech.breaks)
    n = speech.n
    div = tei("div", {"type": "speech", "n": str(n), "xml:id": f"speech-{n}",
                      "decls": f"#setting-{n}"})
    body.append(div)
    if speech.head is not None:
        head = tei("head")
        div.append(head)
        render(head, speech.head, ctx)
        for note in _notes_out_of(head):
            div.append(note)
    elif label:
        # no printed heading: the data file's label, marked as the editor's
        head = tei("head", {"type": "supplied"})
        head.text = label
        div.append(head)
    if speech.dateline is not None:
        breaks.place(div, speech.dateline_breaks)
        dateline = tei("dateline")
        div.append(dateline)
        render(dateline, speech.dateline, ctx)
    sp = tei("sp", {"who": f"#{speech.who}", "xml:id": f"sp-{n}"})
    div.append(sp)
    speaker = tei("speaker")
    speaker.text = speech.speaker
    sp.append(speaker)
    _paragraphs(sp, speech, breaks, ctx, ids)


def _detach(el: etree._Element) -> etree._Element:
    """Take el out of its parent, leaving the text after it in place."""
    parent = el.getparent()
    assert parent is not None
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
        el.tail = None
    parent.remove(el)
    return el


def _notes_out_of(title: etree._Element) -> list[etree._Element]:
    """A note called in a title leaves it: an anchor stays at the call, the note (given
    @target pointing at the anchor) goes after the title (issue 13: other tools print a
    title's text whole, note included)."""
    moved = []
    for note in list(title.iter(f"{{{TEI_NS}}}note")):
        if any(a.tag == note.tag for a in note.iterancestors()):
            continue  # a note inside a note moves with it
        call = tei("anchor", {"xml:id": f"{note.get(_XML_ID)}-call"})
        note.addprevious(call)
        note.set("target", f"#{call.get(_XML_ID)}")
        moved.append(_detach(note))
    return moved


def _furniture_out_of(p: etree._Element) -> list[etree._Element]:
    """A running head or printed page number (fw) of a page that ends inside the paragraph
    leaves it for the place right after the paragraph, pointing (@corresp) at the page
    break it stood before: the reading text is never broken by furniture (issue 13)."""
    moved = []
    for foot in list(p.iter(f"{{{TEI_NS}}}fw")):
        if any(a.tag == f"{{{TEI_NS}}}note" for a in foot.iterancestors()):
            continue
        pb = next(foot.itersiblings(f"{{{TEI_NS}}}pb"), None)
        if pb is not None:
            foot.set("corresp", f"#{pb.get(_XML_ID)}")
        moved.append(_detach(foot))
    return moved


def _temporary_ids() -> Iterator[str]:
    k = 0
    while True:
        k += 1
        yield f"p-tmp{k}"


def text_element(edition: Edition) -> etree._Element:
    notes: dict[int, etree._Element] = {}
    ctx = PointContext(edition.pages, notes)
    for note in edition.notes:
        notes[note.n] = note_element(note, ctx)
    breaks = _Breaks(ctx)
    text = tei("text")
    text.append(_front(edition.front, breaks, ctx) if edition.front else tei("front"))
    body = tei("body")
    text.append(body)
    ids = _temporary_ids()
    labels = [s.label for s in edition.meta.speeches]
    for speech in edition.speeches:
        label = labels[speech.n - 1] if 0 < speech.n <= len(labels) else ""
        _speech(body, speech, breaks, ctx, ids, label)
    # pages that hold nothing after the last block: their breaks close the body
    breaks.place(body, edition.tail_breaks)
    last: Sequence[tuple[str, str]] = edition.pages[-1].furniture if edition.pages else ()
    for kind, value in last:
        body.append(fw(kind, value))
    return text
