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

_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ID = re.compile(r"^[A-Za-z_][\w.-]*$")


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
    a paragraph break or join at a line end, a guillemet reading, a date value, or the note
    a mark calls."""

    kind: str  # "paragraph-break" | "paragraph-join" | "reading" | "date" | "note"
    context: str
    reason: str
    at: str = ""  # the words in `context` the decision falls at (paragraphs: the next line's start)
    reading: str = ""  # kind "reading": quotation | title | soCalled
    ref: str = ""  # kind "reading", title: the work's id
    date: str = ""  # kind "date": ISO value
    note: str = ""  # kind "note": the note number the mark after `context` calls
    line: int = 0


OVERRIDE_KINDS = ("paragraph-break", "paragraph-join", "reading", "date", "note")
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
                "licence_url", "licence_note", "encoder", "resp"},
    "source": {"author", "title", "date_from", "date_to", "language", "note", "publisher",
               "pub_place", "date"},
    "setting": {"place", "event"},
    "annotation": {"quotes", "so_called"},
}
_ARRAYS: dict[str, set[str]] = {
    "speech": {"date", "who", "label"},
    "person": {"id", "name", "forms", "birth", "death", "note"},
    "work": {"id", "title", "author", "date", "type", "forms", "note"},
    "correction": {"sic", "corr", "reason", "context", "all"},
    "revision": {"when", "who", "what"},
    "gap": {"after", "reason"},
    "override": {"kind", "context", "reason", "at", "reading", "ref", "date", "note"},
}
_DATES = {"date", "date_from", "date_to", "birth", "death", "when"}


def _is_iso(value: str) -> bool:
    if not _ISO.match(value):
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

    def fields(self, where: str, data: Any, allowed: set[str], needle: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(f"[{where}] must be a table", needle)
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise self.fail(f"unknown key '{unknown[0]}' in [{where}]", unknown[0])
        for key, value in data.items():
            self.value(where, key, value)
        return data

    def value(self, where: str, key: str, value: Any) -> None:
        if key == "forms" or key in ("quotes", "so_called"):
            if not (isinstance(value, list) and all(isinstance(v, str) and v for v in value)):
                raise self.fail(f"'{key}' in [{where}] must be a list of strings", key)
        elif key == "all":
            if not isinstance(value, bool):
                raise self.fail("'all' must be true or false", "all")
        elif not isinstance(value, str):
            raise self.fail(f"'{key}' in [{where}] must be a string", key)
        if key in _DATES and value and not _is_iso(value):
            raise self.fail(
                f"'{key}' = '{value}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)", value)


def load_metadata(path: str | Path) -> Metadata:
    path = Path(path)
    try:
        raw_text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise EditionError("data file is not UTF-8", Location(str(path))) from None
    except OSError as exc:
        raise EditionError(f"cannot read data file: {exc.strerror}", Location(str(path))) from None
    try:
        data = tomllib.loads(raw_text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        raise EditionError(f"data file is not valid TOML: {exc}", Location(str(path), line)) from None
    return parse_metadata(data, str(path), raw_text)


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
            fields = check.fields(name, item, allowed, f"[[{name}]]")
            line = check.line_of(f"[[{name}]]", search_from) or 0
            search_from = line
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
        if not _ID.match(pid):
            raise check.fail(f"person id '{pid}' is not a valid XML name", pid)
        return Person(pid, _need(f, "name", name, check, line), tuple(f.get("forms", ())),
                      f.get("birth", ""), f.get("death", ""), f.get("note", ""))
    if name == "work":
        wid = _need(f, "id", name, check, line)
        if not _ID.match(wid):
            raise check.fail(f"work id '{wid}' is not a valid XML name", wid)
        return Work(wid, _need(f, "title", name, check, line), f.get("author", ""),
                    f.get("date", ""), f.get("type", ""), tuple(f.get("forms", ())),
                    f.get("note", ""))
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


_OVERRIDE_NEEDS = {"reading": "reading", "date": "date", "note": "note", "paragraph-break": "at",
                   "paragraph-join": "at"}


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
    if kind == "note" and not str(f["note"]).isdigit():
        raise EditionError(f"override note '{f['note']}' is not a note number", where)
    return Override(kind, context, _need(f, "reason", "override", check, line), f.get("at", ""),
                    f.get("reading", ""), f.get("ref", ""), f.get("date", ""), f.get("note", ""), line)


def _check_override_refs(meta: Metadata, check: _Checker) -> None:
    works = {w.id for w in meta.works}
    for o in meta.overrides:
        if o.ref and o.ref not in works:
            raise check.fail(f"override ref '{o.ref}' is not a declared work", f'"{o.ref}"')


def _cross_check(meta: Metadata, check: _Checker) -> None:
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
