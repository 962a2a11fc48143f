"""The works register of the data file as listBibl[@type='works'] (title[@ref] points
here); it goes in the header's sourceDesc (tei/placement.py)."""

from __future__ import annotations

from lxml import etree

from ..metadata import Metadata, Work
from .elements import tei


def _work(meta: Metadata, w: Work) -> etree._Element:
    b = tei("bibl", {"xml:id": w.id})
    if w.type:
        b.set("type", w.type)
    if w.author:
        person = meta.person(w.author)
        a = tei("author", {"ref": f"#{w.author}"})
        a.text = person.name if person else w.author
        b.append(a)
    t = tei("title")
    t.text = w.title
    b.append(t)
    for name, value in (("pubPlace", w.pub_place), ("publisher", w.publisher)):
        if value:
            imprint = tei(name)
            imprint.text = value
            b.append(imprint)
    if w.date:
        d = tei("date", {"when": w.date})
        d.text = w.date
        b.append(d)
    if w.note:
        nt = tei("note")
        nt.text = w.note
        b.append(nt)
    return b


def works_list(meta: Metadata) -> etree._Element | None:
    if not meta.works:
        return None
    lb = tei("listBibl", {"type": "works"})
    for w in meta.works:
        lb.append(_work(meta, w))
    return lb
