"""The editor's overrides from the data file, each found by a short unique context: where
the text cannot decide, the data file does. Every override is either applied (and declared
in the header) or reported as stale, with the data file's line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import Location, Warning_
from ..metadata import Metadata, Override
from ..reading.model import Boundary, Layout
from .model import Span, Text

# the span kind a reading override gives
READING_KINDS = {"quotation": "quotation", "title": "work", "soCalled": "so-called"}
PARAGRAPHS = ("paragraph-break", "paragraph-join")


@dataclass(frozen=True)
class Applied:
    """An override as the header declares it."""

    index: int  # in Metadata.overrides
    label: str
    reason: str
    ids: tuple[str, ...] = ()


def stale(meta: Metadata, o: Override, why: str) -> Warning_:
    return Warning_(f"override ({o.kind}) '{o.context}': {why}; not applied",
                    Location(meta.path, o.line or None))


def label(o: Override) -> str:
    value = {"paragraph-break": "fin de paragraphe", "paragraph-join": "paragraphe continu",
             "reading": o.reading, "date": o.date, "note": f"texte de la note {o.note}",
             "source": f"source #{o.ref}"}[o.kind]
    return f"« {o.context} » → {value}"


def boundaries(meta: Metadata) -> list[Boundary]:
    """The paragraph overrides as the reading stage takes them: the line before the
    boundary ends with the context up to `at`, the next starts with the rest."""
    found = []
    for o in meta.overrides:
        if o.kind in PARAGRAPHS:
            cut = o.context.index(o.at)
            found.append(Boundary(o.context[:cut].strip(), o.context[cut:].strip(),
                                  o.kind == "paragraph-break"))
    return found


def paragraph_results(meta: Metadata, layout: Layout) -> tuple[list[Applied], list[Warning_]]:
    applied: list[Applied] = []
    warnings: list[Warning_] = []
    paragraph = [(k, o) for k, o in enumerate(meta.overrides) if o.kind in PARAGRAPHS]
    for (k, o), lines in zip(paragraph, layout.boundaries, strict=True):
        if len(lines) == 1:
            applied.append(Applied(k, label(o), o.reason))
        elif not lines:
            warnings.append(stale(meta, o, "no line end of the text falls there"))
        else:
            warnings.append(stale(meta, o, f"it falls at {len(lines)} line ends; give a longer context"))
    return applied, warnings


def find_once(texts: Sequence[Text], context: str) -> tuple[int, int] | int:
    """(text index, offset) of the one occurrence; else the number of occurrences."""
    hits = [(k, at) for k, t in enumerate(texts) for at in _all(t.text, context)]
    return hits[0] if len(hits) == 1 else len(hits)


def _all(text: str, needle: str) -> list[int]:
    out, start = [], 0
    while (at := text.find(needle, start)) >= 0:
        out.append(at)
        start = at + 1
    return out


def located(meta: Metadata, texts: Sequence[Text], kind: str
            ) -> tuple[dict[int, tuple[int, int]], list[Warning_]]:
    """For the overrides of `kind`: where each one's `at` (or context) falls, once."""
    where: dict[int, tuple[int, int]] = {}
    warnings: list[Warning_] = []
    for k, o in enumerate(meta.overrides):
        if o.kind != kind:
            continue
        hit = find_once(texts, o.context)
        if isinstance(hit, tuple):
            where[k] = (hit[0], hit[1] + (o.context.index(o.at) if o.at else 0))
        else:
            warnings.append(stale(meta, o, "its context is not in the text" if not hit else
                                  f"its context occurs {hit} times; give a longer context"))
    return where, warnings


def set_date(text: Text, start: int, end: int, value: str) -> Text | None:
    """The date at [start, end) takes the editor's value (a date found there is replaced)."""
    spans = [s for s in text.spans if not (s.kind == "date" and s.start < end and start < s.end)]
    date = Span(start, end, "date", (("when", value),), 45)
    rest = Text(text.text, tuple(spans), text.points, text.line)
    if not rest.free(start, end):
        return None
    return rest.adding([date])



def quotation_at(text: Text, start: int, end: int) -> int | None:
    """Index in text.spans of the innermost quotation holding [start, end)."""
    holding = [(s.end - s.start, k) for k, s in enumerate(text.spans)
               if s.kind == "quotation" and s.start <= start and end <= s.end]
    return min(holding)[1] if holding else None


@dataclass(frozen=True)
class Refused:
    """Why a source override cannot be applied where its context falls."""

    why: str


def attribute(text: Text, k: int, ref: str) -> tuple[Text, str] | Refused:
    """The quotation text.spans[k] takes `ref` as its source: the new text and the
    quotation's id, or why it cannot (a note already gives its source)."""
    span = text.spans[k]
    given = dict(span.attrs)
    if "source" in given:
        return Refused(f"its quotation already has a source ({given['source']}, from a note)")
    spans = list(text.spans)
    spans[k] = span.with_attr("source", f"#{ref}")
    return Text(text.text, tuple(spans), text.points, text.line), given.get("xml:id", "")
