"""Quotation marks moved out of the text into @rendition (issue 13).

Other TEI tools add their own marks around soCalled and an inline quote (the TEI Stylesheets'
quotes, CETEIcean's ::before/::after): guillemets kept in the text would show twice. So the
guillemets that open and close such an element are not written as its text: its @rendition
points at declarations in the header (tagsDecl/rendition, CSS `content` with @scope before or
after) that give the exact characters printed, space included, so nothing is lost and the
source text is rebuilt by putting each declared mark back (tests/test_convert_lossless.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from lxml import etree

from .. import TEI_NS
from .elements import tei

_T = f"{{{TEI_NS}}}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# the marks an element may open or close with, longest first: (printed text, rendition id)
OPENING = (("« ", "guillemet-open"), ("«", "guillemet-open-tight"))
CLOSING = ((" »", "guillemet-close"), ("»", "guillemet-close-tight"))
_SCOPE = {rid: ("before", mark) for mark, rid in OPENING} | {
    rid: ("after", mark) for mark, rid in CLOSING}
# span kinds whose element takes its marks out of its text
MOVES_MARKS = frozenset({"so-called", "quotation"})


def _free(a: int, b: int, inside: Iterable[int]) -> bool:
    return not any(a < k < b for k in inside)


def outer_marks(text: str, a: int, b: int, inside: Sequence[int]
                ) -> tuple[int, int, list[str]]:
    """The content range of text[a:b] without its opening and closing guillemets, and the
    rendition ids of the marks taken off. `inside` are the offsets a mark must not cover
    (points, nested spans' edges): a mark that would hide one stays in the text."""
    ids: list[str] = []
    for mark, rid in OPENING:
        if text.startswith(mark, a, b) and _free(a, a + len(mark), inside):
            a += len(mark)
            ids.append(rid)
            break
    for mark, rid in CLOSING:
        if b - len(mark) >= a and text.startswith(mark, b - len(mark), b) \
                and _free(b - len(mark), b, inside):
            b -= len(mark)
            ids.append(rid)
            break
    return a, b, ids


def _css_string(mark: str) -> str:
    return '"' + mark.replace("\\", "\\\\").replace('"', '\\"') + '"'


def tags_decl(root: etree._Element) -> etree._Element | None:
    """tagsDecl declaring the marks the text's @rendition use, in a fixed order (None when
    no element took its marks off)."""
    used = {t[1:] for el in root.iter() for t in (el.get("rendition") or "").split()}
    if not used:
        return None
    decl = tei("tagsDecl")
    for rid in [r for _, r in OPENING + CLOSING if r in used]:
        scope, mark = _SCOPE[rid]
        rendition = tei("rendition", {"xml:id": rid, "scheme": "css", "scope": scope})
        rendition.text = f"content: {_css_string(mark)};"
        decl.append(rendition)
    return decl


_CSS_CONTENT = re.compile(r'^\s*content:\s*"((?:[^"\\]|\\.)*)";?\s*$')


def declared_marks(root: etree._Element) -> dict[str, tuple[str, str]]:
    """{rendition id: (scope, printed marks)} of a TEI tree's tagsDecl, for readers of the
    TEI that put the marks back (exports, draft); declarations without CSS content, or with
    another scope than before/after, are left out."""
    found: dict[str, tuple[str, str]] = {}
    for r in root.iterfind(f".//{_T}teiHeader//{_T}tagsDecl/{_T}rendition"):
        m = _CSS_CONTENT.match(r.text or "")
        scope = r.get("scope") or ""
        if m and scope in ("before", "after"):
            found[r.get(_XML_ID) or ""] = (scope, re.sub(r"\\(.)", r"\1", m.group(1)))
    return found


def marks_of(el: etree._Element, declared: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """The marks printed before and after el, from its @rendition."""
    before = after = ""
    for ref in (el.get("rendition") or "").split():
        scope, mark = declared.get(ref.removeprefix("#"), ("", ""))
        if scope == "before":
            before += mark
        elif scope == "after":
            after += mark
    return before, after
