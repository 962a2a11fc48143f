"""What the converter reads of a source, taken from its TEI, with the source line of each piece.

The draft depends on the converter only through `convert_text` and the TEI it writes (a
public, validated format), not through the layout reader's internals: the TEI says what is
title, date line, running head, speaker, paragraph and note; the source says on which line a
passage stands. A passage is located by matching its letters with all white space removed
(line ends, page-start spaces and the blank lines between physical lines then vanish), inside
a run of text that no note mark, page break or running head interrupts.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..convert import convert_text, decode_source
from ..errors import EditionError, Location
from ..tei.marks import declared_marks, marks_of

TEI = "{http://www.tei-c.org/ns/1.0}"
MAX_SOURCE_BYTES = 20 * 1024 * 1024  # a speech is a few hundred kB; refuse anything far larger

# Elements whose text is a block of its own; a run of text never crosses their bounds.
_BLOCKS = {"p", "note", "head", "titlePart", "docDate", "dateline", "item", "l", "div", "sp",
           "titlePage", "docTitle", "body", "front", "back"}
# Elements that interrupt the text where they stand and hold no reading text.
_BREAKS = {"pb", "fw", "gap", "lb", "milestone", "speaker"}


@dataclass
class Run:
    """Reading text no mark, page break or running head interrupts, as the TEI gives it."""

    text: str
    kind: str  # "body", "note", "title" (title block and headings)
    note: str = ""  # the note's number, for a note run
    starts: list[int] = field(default_factory=list)  # source line of each character of text
    located: bool = False  # False: not found in the source, lines are its neighbour's

    def line_at(self, offset: int) -> int:
        if not self.starts:
            return 0
        return self.starts[min(max(offset, 0), len(self.starts) - 1)]


@dataclass
class Reading:
    name: str
    runs: list[Run]
    sha256: str = ""
    title: tuple[str, int] = ("", 0)
    date_line: tuple[str, int] = ("", 0)
    date_from: str = ""
    date_to: str = ""
    running_heads: list[tuple[str, int]] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    speeches: list[dict[str, str | int]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # the converter's: line, text

    @property
    def corpus(self) -> str:
        """Every run, one per line: what a context must occur in exactly once."""
        return "\n".join(r.text for r in self.runs)


def read_source(path: Path) -> tuple[str, bytes]:
    """The source's text, read within bounds and checked as the converter checks it."""
    try:
        if not path.is_file():
            raise EditionError("the source is not a regular file", Location(str(path)))
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise EditionError(f"the source is {size // (1024 * 1024)} MB, over the "
                               f"{MAX_SOURCE_BYTES // (1024 * 1024)} MB limit", Location(str(path)))
        with path.open("rb") as fh:
            data = fh.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise EditionError(f"cannot read source: {exc.strerror}", Location(str(path))) from None
    text, _ = decode_source(data, str(path))
    return text, data


def read(path: Path) -> Reading:
    text, data = read_source(path)
    conversion = convert_text(text, str(path), None, path.stem, data)
    root = etree.fromstring(conversion.xml, etree.XMLParser(resolve_entities=False,
                                                            no_network=True, load_dtd=False))
    reading = Reading(str(path), _runs(root), hashlib.sha256(data).hexdigest())
    _locate(reading.runs, text)
    _metadata(reading, root, text)
    reading.warnings = [((w.where.line or 0) if w.where else 0, w.message)
                        for w in conversion.warnings]
    return reading


# --- runs of text --------------------------------------------------------------------------


def _local(el: etree._Element) -> str:
    return el.tag[len(TEI):] if isinstance(el.tag, str) and el.tag.startswith(TEI) else ""


def _runs(root: etree._Element) -> list[Run]:
    text_el = root.find(f"{TEI}text")
    runs: list[Run] = []
    buf: list[str] = []  # the pieces of the run being read
    declared = declared_marks(root)  # guillemets the TEI keeps in @rendition

    def flush(kind: str, note: str) -> None:
        text = " ".join("".join(buf).split())
        if text:
            runs.append(Run(text, kind, note))
        buf.clear()

    def walk(el: etree._Element, kind: str, note: str) -> None:
        name = _local(el)
        if name in _BREAKS:
            flush(kind, note)
            return
        inner_kind, inner_note = kind, note
        if name == "note":
            inner_kind, inner_note = "note", el.get("n", "")
        elif name in ("titlePart", "head", "docDate", "dateline") and kind != "note":
            inner_kind = "title"
        bounded = name in _BLOCKS or name == "note"
        if bounded:
            flush(kind, note)
        before, after = marks_of(el, declared)
        buf.append(before + (el.text or ""))
        for child in el:
            if isinstance(child.tag, str):  # not a comment or processing instruction
                walk(child, inner_kind, inner_note)
            buf.append(child.tail or "")
        buf.append(after)
        if bounded:
            flush(inner_kind, inner_note)

    if text_el is not None:
        walk(text_el, "body", "")
    return runs


# --- source lines --------------------------------------------------------------------------


@lru_cache(maxsize=2)  # one source at a time, asked for every line looked up
def _squeezed(text: str) -> tuple[str, list[int]]:
    """The source without white space, and the line of each character kept."""
    chars: list[str] = []
    lines: list[int] = []
    line = 1
    for ch in text:
        if ch == "\n":
            line += 1
        elif not ch.isspace():
            chars.append(ch)
            lines.append(line)
    return "".join(chars), lines


def _locate(runs: list[Run], text: str) -> None:
    """Give each run's characters their source lines. Body and title runs follow the source's
    order; notes stand at the foot of their page, so they keep an order of their own."""
    squeezed, lines = _squeezed(text)
    cursors = {"body": 0, "note": 0}
    for run in runs:
        key = "note" if run.kind == "note" else "body"
        letters = "".join(run.text.split())
        places = _pieces(squeezed, letters, cursors[key])
        if not places:
            continue  # the converter's text differs from the source here; lines stay unknown
        cursors[key] = places[-1][0] + places[-1][1]
        where = [lines[min(at + k, len(lines) - 1)] for at, n in places for k in range(n)]
        starts: list[int] = []
        k = 0
        for ch in run.text:
            starts.append(where[min(k, len(where) - 1)])
            if not ch.isspace():
                k += 1
        run.starts = starts
        run.located = True
    _fill_unknown(runs)


def _pieces(squeezed: str, letters: str, cursor: int) -> list[tuple[int, int]]:
    """Where letters stand in the source, as (start, length) pieces: a note that runs over to
    the next page is one run of the TEI but two places of the source."""
    out: list[tuple[int, int]] = []
    while letters:
        at = squeezed.find(letters, cursor)
        if at >= 0:
            out.append((at, len(letters)))
            return out
        # the longest head of letters found from the cursor on (binary search on its length)
        lo, hi, best = 1, len(letters) - 1, None
        while lo <= hi:
            mid = (lo + hi) // 2
            found = squeezed.find(letters[:mid], cursor)
            if found >= 0:
                best, lo = (found, mid), mid + 1
            else:
                hi = mid - 1
        if best is None or best[1] < 8:
            return out if out else ([(at, len(letters))] if (at := squeezed.find(letters)) >= 0
                                    else [])
        out.append(best)
        cursor = best[0] + best[1]
        letters = letters[best[1]:]
    return out


def _fill_unknown(runs: list[Run]) -> None:
    known = [i for i, r in enumerate(runs) if r.starts]
    for i, run in enumerate(runs):
        if run.starts or not known:
            continue
        nearest = known[min(bisect.bisect_left(known, i), len(known) - 1)]
        run.starts = [runs[nearest].starts[0]] * len(run.text)


def line_of(text: str, needle: str, start_line: int = 1) -> int:
    """The first source line at or after start_line holding needle (white space ignored)."""
    squeezed, lines = _squeezed(text)
    letters = "".join(needle.split())
    if not letters:
        return 0
    first = bisect.bisect_left(lines, start_line)
    at = squeezed.find(letters, first)
    if at < 0:
        at = squeezed.find(letters)
    return lines[at] if at >= 0 else 0


# --- what the converter read as metadata -----------------------------------------------------


def _text(el: etree._Element | None, skip_notes: bool = True) -> str:
    if el is None:
        return ""
    parts: list[str] = []

    def walk(e: etree._Element) -> None:
        parts.append(e.text or "")
        for child in e:
            if isinstance(child.tag, str) and not (skip_notes and _local(child) in ("note", "fw")):
                walk(child)
            parts.append(child.tail or "")

    walk(el)
    return " ".join("".join(parts).split())


def _metadata(reading: Reading, root: etree._Element, text: str) -> None:
    body = root.find(f"{TEI}text")
    if body is None:
        return
    title = _text(body.find(f".//{TEI}titlePart"))
    if title:
        reading.title = (title, line_of(text, title))
    date = body.find(f".//{TEI}docDate")
    if date is not None:
        value = _text(date)
        reading.date_line = (value, line_of(text, value))
        reading.date_from = date.get("from") or date.get("when") or ""
        reading.date_to = date.get("to") or ""
    seen: dict[str, int] = {}
    for fw in body.iter(f"{TEI}fw"):
        if fw.get("type") == "header":
            head = _text(fw)
            if head and head not in seen:
                seen[head] = line_of(text, head)
    reading.running_heads = list(seen.items())
    for speaker in body.iter(f"{TEI}speaker"):
        name = _text(speaker)
        # a label the source does not hold is the converter's stand-in for an unnamed speaker
        if name and name not in reading.speakers and line_of(text, name):
            reading.speakers.append(name)
    for div in body.iter(f"{TEI}div"):
        if div.get("type") != "speech":
            continue
        head = _text(div.find(f"{TEI}head"))
        when = div.find(f"{TEI}dateline/{TEI}date")
        reading.speeches.append({
            "n": div.get("n", ""),
            "label": head,
            "date": (when.get("when") or "") if when is not None else "",
            "line": line_of(text, head) if head else 0,
        })
