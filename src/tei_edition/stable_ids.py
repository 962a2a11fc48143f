"""Paragraph ids that survive the splitting or joining of another paragraph.

An ordinal id (p-1 … p-145) renumbers every later paragraph when one is split. Here a
paragraph's id depends only on itself: the page it starts on and its first words,
p<page>-<hash>, e.g. "p7-3f9a1c". Splitting a paragraph keeps the id of its first part (same
page, same first words) and gives the second part a new one; joining two keeps the first's;
no other paragraph changes. Two paragraphs that start on one page with the same first words
(rare) are told apart by a suffix in document order: -2, -3, …

The rule is stated for readers of the TEI header by RULE (French, like the edition).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

# How many words of the paragraph's start make its fingerprint, and how many hex digits of
# their hash the id keeps (24 bits: a collision on one page is then about one in 16 million).
WORDS = 8
DIGITS = 6

RULE = (f"L’identifiant d’un paragraphe est p, le numéro de la page où il commence, un tiret et "
        f"les {DIGITS} premiers chiffres hexadécimaux du SHA-1 de ses {WORDS} premiers mots "
        "(minuscules, sans accents ni ponctuation) ; deux paragraphes qui commencent de même "
        "sur une page sont distingués par -2, -3 dans l’ordre du texte. Il ne change donc pas "
        "quand un autre paragraphe est coupé ou réuni.")

_WORD = re.compile(r"\w+")
_PAGE = re.compile(r"[A-Za-z0-9]+")


def fingerprint(text: str, words: int = WORDS) -> str:
    """The first words of a text, lower-cased, without accents or punctuation."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(_WORD.findall(plain)[:words])


def paragraph_id(page: str | None, text: str) -> str:
    """The id of one paragraph: p<page>-<hash of its first words> ("p0" when no page)."""
    digest = hashlib.sha1(fingerprint(text).encode("utf-8")).hexdigest()[:DIGITS]
    return f"p{_page_part(page)}-{digest}"


def paragraph_ids(paragraphs: Iterable[tuple[str | None, str]]) -> list[str]:
    """The ids of a document's paragraphs, given as (page, text) in document order; unique."""
    ids: list[str] = []
    seen: dict[str, int] = {}
    for page, text in paragraphs:
        base = paragraph_id(page, text)
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def _page_part(page: str | None) -> str:
    # An xml:id is an NCName: keep only letters and digits of the page number ("12a", "iv").
    return "".join(_PAGE.findall(page or "")) or "0"


TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def restamp(root: Any) -> dict[str, str]:
    """Give the text's paragraphs (body, outside notes) their stable ids in an lxml TEI
    tree, and point every "#old" reference at the new id. Returns {old id: new id}.

    For the TEI builder: call it on the finished tree, before it is written; the rule goes
    in the header (RULE, e.g. as a <p> of encodingDesc/editorialDecl/segmentation).
    """
    paragraphs = root.xpath("//t:text/t:body//t:p[not(ancestor::t:note)]", namespaces={"t": TEI_NS})
    pages = [p.xpath("string(preceding::t:pb[@n][1]/@n)", namespaces={"t": TEI_NS}) or None
             for p in paragraphs]
    texts = [" ".join(reading(p).split()) for p in paragraphs]
    new_ids = paragraph_ids(zip(pages, texts, strict=True))
    taken = {el.get(XML_ID) for el in root.iter() if el.get(XML_ID)}
    renamed: dict[str, str] = {}
    for p, new in zip(paragraphs, new_ids, strict=True):
        old = p.get(XML_ID)
        if new in taken and new != old:
            raise ValueError(f"paragraph id {new} is already used by another element")
        if old:
            renamed[old] = new
        p.set(XML_ID, new)
    for el in root.iter():
        for name, value in el.attrib.items():
            tokens = value.split()
            if any(t.startswith("#") and t[1:] in renamed for t in tokens):
                el.set(name, " ".join("#" + renamed[t[1:]] if t.startswith("#") and t[1:] in renamed
                                      else t for t in tokens))
    return renamed


def reading(p: Any) -> str:
    """The paragraph's words without its notes, running heads or the source's readings."""
    skip = {f"{{{TEI_NS}}}{n}" for n in ("note", "fw", "sic", "orig", "abbr")}
    parts = [p.text or ""]
    for child in p:
        if isinstance(child.tag, str) and child.tag not in skip:
            parts.append(reading(child))
        parts.append(child.tail or "")
    return "".join(parts)
