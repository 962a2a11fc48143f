"""The edition's text element: front (title page), body (speeches, paragraphs, block
quotations, page breaks) and the notes at their marks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from lxml import etree

from ..edition.model import Edition, Front, Note, Speech
from .elements import PointContext, fw, tei
from .render import render


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
            container = tei("quote", {"type": "block", "xml:id": starts[i].id})
            parent.append(container)
        p = tei("p", {"xml:id": next(ids)})
        container.append(p)
        render(p, para.text, ctx)
        if i == close_at:
            container = parent
            close_at = -1


def _speech(body: etree._Element, speech: Speech, breaks: _Breaks, ctx: PointContext,
            ids: Iterator[str]) -> None:
    breaks.place(body, speech.breaks)
    n = speech.n
    div = tei("div", {"type": "speech", "n": str(n), "xml:id": f"speech-{n}",
                      "decls": f"#setting-{n}"})
    body.append(div)
    if speech.head is not None:
        head = tei("head")
        div.append(head)
        render(head, speech.head, ctx)
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
    for speech in edition.speeches:
        _speech(body, speech, breaks, ctx, ids)
    # pages that hold nothing after the last block: their breaks close the body
    breaks.place(body, edition.tail_breaks)
    last: Sequence[tuple[str, str]] = edition.pages[-1].furniture if edition.pages else ()
    for kind, value in last:
        body.append(fw(kind, value))
    return text
