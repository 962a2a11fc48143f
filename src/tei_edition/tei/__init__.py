"""The TEI stage: the `Edition` -> a TEI P5 tree -> bytes.

`elements` holds the one table from span and point kind to element; `render` nests a
text's spans and places its points; `text` builds front, body and notes; `header` the
teiHeader from the edition's facts; `standoff` the works register; `numbering` the final
ids (stable paragraph ids); `marks` the guillemets moved into @rendition; `placement` the
header's parts that depend on the encoded text; `serialize` the bytes.
"""

from __future__ import annotations

from lxml import etree

from ..edition.model import Edition
from .elements import tei
from .header import build_header
from .numbering import renumber
from .placement import complete_header
from .serialize import serialize
from .standoff import works_list
from .text import text_element

__all__ = ["encode", "serialize", "tei_tree"]


def tei_tree(edition: Edition) -> etree._ElementTree:
    root = tei("TEI", {"xml:lang": "fr", "xml:id": edition.id})
    text = text_element(edition)
    root.append(build_header(edition.meta, edition.header))
    root.append(text)
    renumber(root)
    complete_header(root, edition.meta, works_list(edition.meta))
    return etree.ElementTree(root)


def encode(edition: Edition) -> bytes:
    return serialize(tei_tree(edition))
