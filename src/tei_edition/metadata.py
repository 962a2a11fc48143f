"""The document's data file: bibliographic facts, persons, works, corrections (TOML).

Reading is strict: an unknown key, a wrong type or a malformed date is an error naming the
data file and the line, so a typo in a reviewer's edit cannot pass silently.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import EditionError, Location
from .inputs import MAX_DATA_FILE_BYTES, read_regular

# ASCII only: \d and \w would accept Arabic-Indic digits and letters such as "²", which
# TEI's dates and xml:id do not.
_ISO = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
# The shape of the ids the converter makes (p-1, q-2, note-3, page-4, corr-5, …): a data
# file's id of that shape could be given to another element too.
_GENERATED_ID = re.compile(r"[A-Za-z]+-(tmp)?[0-9]+")
# Characters XML 1.0 does not allow (DEL and the C1 controls too: never wanted in a TEI).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Deeper than this, tomllib's recursion fails: refused first with a clear message.
_MAX_NESTING = 100


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    forms: tuple[str, ...] = ()
    birth: str = ""
    death: str = ""
    note: str = ""


@dataclass(frozen=True)
class Work:
    id: str
    title: str
    author: str = ""  # a person id, or empty
    date: str = ""
    type: str = ""
    forms: tuple[str, ...] = ()
    note: str = ""
    publisher: str = ""  # the edition cited: its publisher and place (CSL publisher, place)
    pub_place: str = ""


@dataclass(frozen=True)
class Correction:
    sic: str
    corr: str
    reason: str
    context: str = ""
    all: bool = False
    line: int = 0  # where it is declared in the data file


@dataclass(frozen=True)
class Gap:
    after: str  # the text right before the words the extraction lost; must occur once
    reason: str
    line: int = 0


@dataclass(frozen=True)
class Override:
    """An editor's decision where the text cannot decide, found by a short unique context:
    a paragraph break or join at a line end, a guillemet reading, a date value, the note
    a mark calls, or the source of a quotation (the work or the person quoted)."""

    kind: str  # "paragraph-break" | "paragraph-join" | "reading" | "date" | "note" | "source"
    context: str
    reason: str
    at: str = ""  # the words in `context` the decision falls at (paragraphs: the next line's start)
    reading: str = ""  # kind "reading": quotation | title | soCalled
    ref: str = ""  # kind "reading", title: the work's id; kind "source": a work's or person's id
    date: str = ""  # kind "date": ISO value
    note: str = ""  # kind "note": the note number the mark after `context` calls
    line: int = 0


OVERRIDE_KINDS = ("paragraph-break", "paragraph-join", "reading", "date", "note", "source")
READINGS = ("quotation", "title", "soCalled")


@dataclass(frozen=True)
class Speech:
    date: str = ""
    who: str = ""
    label: str = ""


@dataclass(frozen=True)
class Revision:
    when: str
    who: str
    what: str


@dataclass
class Metadata:
    path: str = ""
    edition: dict[str, str] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)
    setting: dict[str, str] = field(default_factory=dict)
    speeches: list[Speech] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    works: list[Work] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    quotes: tuple[str, ...] = ()
    so_called: tuple[str, ...] = ()
    revisions: list[Revision] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)

    def person(self, pid: str) -> Person | None:
        return next((p for p in self.persons if p.id == pid), None)


_TABLES: dict[str, set[str]] = {
    "edition": {"id", "title", "subtitle", "publisher", "pub_place", "date", "licence",
                "licence_url", "licence_note", "encoder", "resp", "url"},
    "source": {"author", "title", "date_from", "date_to", "language", "note", "publisher",
               "pub_place", "date"},
    "setting": {"place", "event"},
    "annotation": {"quotes", "so_called"},
}
_ARRAYS: dict[str, set[str]] = {
    "speech": {"date", "who", "label"},
    "person": {"id", "name", "forms", "birth", "death", "note"},
    "work": {"id", "title", "author", "date", "type", "forms", "note", "publisher", "pub_place"},
    "correction": {"sic", "corr", "reason", "context", "all"},
    "revision": {"when", "who", "what"},
    "gap": {"after", "reason"},
    "override": {"kind", "context", "reason", "at", "reading", "ref", "date", "note"},
}
_DATES = {"date", "date_from", "date_to", "birth", "death", "when"}


def _is_iso(value: str) -> bool:
    if not _ISO.fullmatch(value):
        return False
    parts = [int(x) for x in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


class _Checker:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text_lines = text.splitlines()

    def line_of(self, needle: str, start: int = 0) -> int | None:
        for i, line in enumerate(self.text_lines[start:], start + 1):
            if needle in line:
                return i
        return None

    def fail(self, message: str, needle: str | None = None) -> EditionError:
        line = self.line_of(needle) if needle else None
        return EditionError(message, Location(self.path, line))

    def at(self, message: str, key: str, start: int) -> EditionError:
        """An error on `key` of the item declared at line `start` (1-based; 0: anywhere)."""
        line = self.line_of(key, max(start - 1, 0)) or start
        return EditionError(message, Location(self.path, line or None))

    def legal(self, where: str, key: str, value: str, start: int) -> None:
        bad = _NOT_XML.search(value)
        if bad:
            raise self.at(f"'{key}' in [{where}] holds U+{ord(bad[0]):04X}, a character XML "
                          "does not allow", key, start)

    def fields(self, where: str, data: Any, allowed: set[str], needle: str,
               start: int = 0) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(f"[{where}] must be a table", needle)
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise self.fail(f"unknown key '{unknown[0]}' in [{where}]", unknown[0])
        for key, value in data.items():
            self.value(where, key, value, start)
        return data

    def value(self, where: str, key: str, value: Any, start: int) -> None:
        if key == "forms" or key in ("quotes", "so_called"):
            if not (isinstance(value, list) and all(isinstance(v, str) and v for v in value)):
                raise self.fail(f"'{key}' in [{where}] must be a list of strings", key)
            for v in value:
                self.legal(where, key, v, start)
        elif key == "all":
            if not isinstance(value, bool):
                raise self.fail("'all' must be true or false", "all")
        elif not isinstance(value, str):
            raise self.fail(f"'{key}' in [{where}] must be a string", key)
        else:
            self.legal(where, key, value, start)
        if key in _DATES and value and not _is_iso(value):
            raise self.fail(
                f"'{key}' = '{value}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)", value)


def load_metadata(path: str | Path) -> Metadata:
    path = Path(path)
    raw = read_regular(path, MAX_DATA_FILE_BYTES, "data file")
    if raw.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark, accepted as in a source
        raw = raw[3:]
    try:
        raw_text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EditionError(f"data file is not UTF-8 (byte 0x{raw[exc.start]:02x})",
                           Location(str(path), raw[: exc.start].count(b"\n") + 1)) from None
    _check_nesting(raw_text, str(path))
    try:
        data = tomllib.loads(raw_text)
    except RecursionError:
        raise EditionError(f"data file nests arrays or tables more than {_MAX_NESTING} deep",
                           Location(str(path))) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        raise EditionError(f"data file is not valid TOML: {exc}", Location(str(path), line)) from None
    return parse_metadata(data, str(path), raw_text)


def _check_nesting(text: str, path: str) -> None:
    """Refuse brackets and braces opened more than _MAX_NESTING deep (outside strings and
    comments), before tomllib's recursion would fail on them."""
    depth = 0
    quote = ""
    line = 1
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\n":
            line += 1
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif text.startswith(quote, i):
                i += len(quote) - 1
                quote = ""
        elif ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            i += len(quote) - 1
        elif ch == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end - 1
        elif ch in "[{":
            depth += 1
            if depth > _MAX_NESTING:
                raise EditionError(f"data file nests arrays or tables more than {_MAX_NESTING} "
                                   "deep", Location(path, line))
        elif ch in "]}":
            depth = max(depth - 1, 0)
        i += 1


def parse_metadata(data: dict[str, Any], path: str = "<data>", raw_text: str = "") -> Metadata:
    check = _Checker(path, raw_text)
    unknown = sorted(set(data) - set(_TABLES) - set(_ARRAYS))
    if unknown:
        raise check.fail(f"unknown section '{unknown[0]}'", unknown[0])
    meta = Metadata(path=path)
    for name, allowed in _TABLES.items():
        if name in data:
            table = check.fields(name, data[name], allowed, f"[{name}]")
            if name == "annotation":
                meta.quotes = tuple(table.get("quotes", ()))
                meta.so_called = tuple(table.get("so_called", ()))
            else:
                setattr(meta, name, dict(table))
    for name, allowed in _ARRAYS.items():
        items = data.get(name, [])
        if not isinstance(items, list):
            raise check.fail(f"'{name}' must be written [[{name}]]", name)
        search_from = 0
        for item in items:
            line = check.line_of(f"[[{name}]]", search_from) or 0
            search_from = line
            fields = check.fields(name, item, allowed, f"[[{name}]]", line)
            meta_item = _build(name, fields, line, check)
            getattr(meta, _ATTR[name]).append(meta_item)
    _cross_check(meta, check)
    return meta


_ATTR = {"speech": "speeches", "person": "persons", "work": "works",
         "correction": "corrections", "revision": "revisions", "gap": "gaps",
         "override": "overrides"}


def _need(fields: dict[str, Any], key: str, name: str, check: _Checker, line: int) -> str:
    value = fields.get(key, "")
    if not value:
        raise EditionError(f"[[{name}]] needs '{key}'", Location(check.path, line or None))
    return value


def _build(name: str, f: dict[str, Any], line: int, check: _Checker) -> Any:
    if name == "speech":
        return Speech(f.get("date", ""), f.get("who", ""), f.get("label", ""))
    if name == "person":
        pid = _need(f, "id", name, check, line)
        _check_id("person", pid, check, line)
        return Person(pid, _need(f, "name", name, check, line), tuple(f.get("forms", ())),
                      f.get("birth", ""), f.get("death", ""), f.get("note", ""))
    if name == "work":
        wid = _need(f, "id", name, check, line)
        _check_id("work", wid, check, line)
        return Work(wid, _need(f, "title", name, check, line), f.get("author", ""),
                    f.get("date", ""), f.get("type", ""), tuple(f.get("forms", ())),
                    f.get("note", ""), f.get("publisher", ""), f.get("pub_place", ""))
    if name == "correction":
        sic = _need(f, "sic", name, check, line)
        context = f.get("context", "")
        if context and sic not in context:
            raise EditionError(f"correction: sic '{sic}' is not inside its context '{context}'",
                               Location(check.path, line or None))
        return Correction(sic, _need(f, "corr", name, check, line),
                          _need(f, "reason", name, check, line), context,
                          bool(f.get("all", False)), line)
    if name == "override":
        return _override(f, line, check)
    if name == "gap":
        return Gap(_need(f, "after", name, check, line), _need(f, "reason", name, check, line),
                   line)
    return Revision(_need(f, "when", name, check, line), f.get("who", ""),
                    _need(f, "what", name, check, line))


def _check_id(what: str, value: str, check: _Checker, line: int) -> None:
    if not _ID.fullmatch(value):
        raise check.at(f"{what} id '{value}' is not a valid XML name (ASCII letters, digits, "
                       "'_', '-', '.', not starting with a digit, '-' or '.')", "id", line)
    if _GENERATED_ID.fullmatch(value):
        raise check.at(f"{what} id '{value}' has the shape of the ids the converter makes "
                       "(NAME-NUMBER, as p-1 or note-2): choose another", "id", line)


def _check_edition_url(meta: Metadata, check: _Checker) -> None:
    """The edition's address is named in its citations and metadata: a web address, whole."""
    url = meta.edition.get("url", "")
    if url and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
        raise check.at(f"edition url '{url}' is not an http(s) address", "url",
                       check.line_of("[edition]") or 0)


def _check_edition_id(meta: Metadata, check: _Checker) -> None:
    value = meta.edition.get("id", "")
    if not value:
        return
    start = check.line_of("[edition]") or 0
    _check_id("edition", value, check, start)
    # The TEI root's xml:id is the id folded to lower-case ASCII words joined by '-'.
    folded = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    if _GENERATED_ID.fullmatch(folded):
        raise check.at(f"edition id '{value}' becomes xml:id '{folded}', the shape of the ids "
                       "the converter makes (NAME-NUMBER): choose another", "id", start)


def _overlap(a: Correction, b: Correction) -> bool:
    """Whether two corrections may claim the same words: one's sic holds the other's, and
    their contexts do not keep them apart. (Overlaps that only the text can show are the
    converter's to find.)"""
    if a.sic not in b.sic and b.sic not in a.sic:
        return False
    if a.context and b.context and not a.all and not b.all:
        inner, outer = (a, b) if a.sic in b.sic else (b, a)
        return (outer.sic in inner.context or inner.context in outer.context
                or outer.context in inner.context)
    return True


def _check_corrections(meta: Metadata, check: _Checker) -> None:
    for i, a in enumerate(meta.corrections):
        for b in meta.corrections[i + 1:]:
            if _overlap(a, b):
                raise EditionError(
                    f"the corrections at lines {a.line} (sic '{a.sic}') and {b.line} "
                    f"(sic '{b.sic}') can apply to the same words: give each a context that "
                    "keeps them apart, or merge them", Location(check.path, b.line or None))


_OVERRIDE_NEEDS = {"reading": "reading", "date": "date", "note": "note", "paragraph-break": "at",
                   "paragraph-join": "at", "source": "ref"}


def _override(f: dict[str, Any], line: int, check: _Checker) -> Override:
    kind = _need(f, "kind", "override", check, line)
    where = Location(check.path, line or None)
    if kind not in OVERRIDE_KINDS:
        raise EditionError(f"override kind '{kind}' is not one of {', '.join(OVERRIDE_KINDS)}", where)
    context = _need(f, "context", "override", check, line)
    _need(f, _OVERRIDE_NEEDS[kind], "override", check, line)
    if f.get("at") and f["at"] not in context:
        raise EditionError(f"override: '{f['at']}' is not inside its context '{context}'", where)
    if kind == "reading" and f["reading"] not in READINGS:
        raise EditionError(f"override reading '{f['reading']}' is not one of {', '.join(READINGS)}",
                           where)
    if kind == "note" and not re.fullmatch(r"[0-9]+", str(f["note"])):
        raise EditionError(f"override note '{f['note']}' is not a note number", where)
    return Override(kind, context, _need(f, "reason", "override", check, line), f.get("at", ""),
                    f.get("reading", ""), f.get("ref", ""), f.get("date", ""), f.get("note", ""), line)


def _check_override_refs(meta: Metadata, check: _Checker) -> None:
    works = {w.id for w in meta.works}
    persons = {p.id for p in meta.persons}
    for o in meta.overrides:
        if o.kind == "source" and o.ref not in works | persons:
            raise check.fail(f"override ref '{o.ref}' is not a declared work or person", f'"{o.ref}"')
        if o.kind != "source" and o.ref and o.ref not in works:
            raise check.fail(f"override ref '{o.ref}' is not a declared work", f'"{o.ref}"')


def _cross_check(meta: Metadata, check: _Checker) -> None:
    _check_edition_id(meta, check)
    _check_edition_url(meta, check)
    _check_corrections(meta, check)
    ids = [p.id for p in meta.persons] + [w.id for w in meta.works]
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise check.fail(f"id '{i}' is declared twice", f'"{i}"')
        seen.add(i)
    persons = {p.id for p in meta.persons}
    for s in meta.speeches:
        if s.who and s.who not in persons:
            raise check.fail(f"speech speaker '{s.who}' is not a declared person", f'"{s.who}"')
    for w in meta.works:
        if w.author and w.author not in persons:
            raise check.fail(f"work author '{w.author}' is not a declared person", f'"{w.author}"')
    _check_override_refs(meta, check)
    author = meta.source.get("author", "")
    if author and author not in persons:
        raise check.fail(f"source author '{author}' is not a declared person", f'"{author}"')
