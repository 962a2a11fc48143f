"""Generic checks any TEI project can switch on or off by name (one pass over the tree).

- id-unique: each xml:id once;
- pointer-resolves: "#id" pointers resolve in the document (or its corpus), and
  "file.xml#id" pointers to a file of the same corpus resolve there;
- date-format: @when, @notBefore, @notAfter, @from, @to of dated elements are W3C dates;
- date-order: @from <= @to and @notBefore <= @notAfter, when both are dates (years before 1
  are negative: -0040 is 41 BCE, earlier than -0030).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .problems import TEI_NS, XML_NS, Locator, Problem

RULES = ("id-unique", "pointer-resolves", "date-format", "date-order")
XML_ID = f"{{{XML_NS}}}id"
# TEI attributes whose values are pointers (teidata.pointer); only "#..." and relative
# "file#id" values are checked: web addresses and bare words are not pointers into a corpus.
POINTER_ATTRIBUTES = ("ana", "corresp", "decls", "facs", "inst", "next", "prev", "ref",
                      "resp", "sameAs", "copyOf", "source", "synch", "target", "who",
                      "datingMethod", "calendar", "scheme", "hand", "spanTo", "wit",
                      "active", "passive", "mutual")
# Elements of att.datable whose @from/@to are dates (elsewhere, e.g. biblScope, citedRange,
# locus, span, they are page numbers, folios or pointers).
DATED = frozenset({
    "date", "time", "birth", "death", "floruit", "event", "origDate", "change", "acquisition",
    "affiliation", "age", "education", "faith", "langKnown", "nationality", "occupation",
    "persName", "placeName", "orgName", "geogName", "name", "residence", "sex", "gender",
    "socecStatus", "state", "trait", "relation", "licence", "application", "idno", "title",
    "custEvent", "precision", "population", "location", "climate", "terrain", "stamp",
    "persona", "person", "org", "place", "unitDef", "conversion", "binding", "seal", "bloom",
    "eventName", "listEvent", "listRelation", "offset", "origPlace", "provenance", "objectName",
})
DATE_ATTRIBUTES = ("when", "notBefore", "notAfter", "from", "to")
_POINTERS = frozenset(POINTER_ATTRIBUTES)
_DATES = frozenset(DATE_ATTRIBUTES)
# W3C (xs:date, gYear, gYearMonth, dateTime, time, gMonthDay, gMonth, gDay) as TEI allows.
_W3C = re.compile(
    r"^(?:(?P<year>-?(?:[1-9]\d{4,}|\d{4}))(?:-(?P<month>0[1-9]|1[0-2])"
    r"(?:-(?P<day>0[1-9]|[12]\d|3[01])(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?)?)?"
    r"|--(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?|---(?:0[1-9]|[12]\d|3[01])"
    r"|\d\d:\d\d(?::\d\d(?:\.\d+)?)?)"
    r"(?:Z|[+-]\d\d:\d\d)?$")


@dataclass
class PointerFacts:
    """What the corpus-wide pointer check needs from one file, without its tree."""

    ids: frozenset[str] = frozenset()
    dangling: list[tuple[str, Problem]] = field(default_factory=list)  # "#id" not here
    # (file the pointer is in, the file it names, id, problem)
    external: list[tuple[Path | None, str, str, Problem]] = field(default_factory=list)


def check_rules(root: etree._Element, locator: Locator, enabled: Iterable[str]) -> tuple[
        list[Problem], PointerFacts]:
    """Problems of the enabled generic rules, and the facts for the cross-file check.
    One pass over the elements that have attributes (most of a text's have none)."""
    enabled = set(enabled)
    problems: list[Problem] = []
    seen: set[str] = set()
    carriers = root.xpath("descendant-or-self::*[@*]")
    for element in carriers:
        ident = element.get(XML_ID)
        if ident is None:
            continue
        if ident in seen and "id-unique" in enabled:
            problems.append(_problem(locator, element, "id-unique",
                                     f'xml:id="{ident}" is already used by an earlier element: '
                                     "each xml:id must be unique"))
        seen.add(ident)
    facts = PointerFacts(frozenset(seen))
    pointers = "pointer-resolves" in enabled
    dates = bool(enabled & {"date-format", "date-order"})
    for element in carriers:
        names = element.attrib.keys()
        if pointers and not _POINTERS.isdisjoint(names):
            _pointers(element, seen, locator, facts)
        if dates and not _DATES.isdisjoint(names):
            problems += _dates(element, locator, enabled)
    return problems, facts


def _problem(locator: Locator, element: etree._Element, rule: str, message: str,
             severity: str = "error") -> Problem:
    name, line, column = locator.where(element)
    return Problem(name, line, column, severity, message, rule)


def _pointers(element: etree._Element, ids: set[str], locator: Locator,
              facts: PointerFacts) -> None:
    for attribute, value in element.attrib.items():
        if attribute not in _POINTERS or "#" not in value:
            continue
        for token in value.split():
            if token.startswith("#") and len(token) > 1:
                if token[1:] not in ids:
                    facts.dangling.append((token[1:], _problem(
                        locator, element, "pointer-resolves",
                        f'{attribute}="{value}": "{token}" points to nothing: no element has '
                        f'xml:id="{token[1:]}"')))
            elif "#" in token and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", token):
                target, _, ident = token.partition("#")
                if target and ident:
                    facts.external.append((locator.file_of(element), target, ident, _problem(
                        locator, element, "pointer-resolves",
                        f'{attribute}="{value}": "{token}" points to nothing: {target} has no '
                        f'xml:id="{ident}"')))


def _key(value: str, end: bool) -> tuple[int, int, int] | None:
    """A date as (year, month, day), padded to the start or the end of what it names."""
    match = _W3C.match(value)
    if not match or match["year"] is None:
        return None
    month = int(match["month"]) if match["month"] else (12 if end else 1)
    day = int(match["day"]) if match["day"] else (31 if end else 1)
    return int(match["year"]), month, day


def _dates(element: etree._Element, locator: Locator, enabled: set[str]) -> list[Problem]:
    qname = etree.QName(element)
    if qname.namespace != TEI_NS:
        return []
    problems = []
    dated = qname.localname in DATED
    for attribute in DATE_ATTRIBUTES:
        value = element.get(attribute)
        if value is None or (attribute in ("from", "to") and not dated):
            continue
        if "date-format" in enabled and not _W3C.match(value):
            problems.append(_problem(
                locator, element, "date-format",
                f'{attribute}="{value}" is not a W3C date (YYYY, YYYY-MM, YYYY-MM-DD, a time; '
                "years before 1 written -YYYY)"))
    if "date-order" not in enabled:
        return problems
    for first, last in (("from", "to"), ("notBefore", "notAfter")):
        if first == "from" and not dated:
            continue
        start, end = element.get(first), element.get(last)
        if start is None or end is None:
            continue
        low, high = _key(start, end=False), _key(end, end=True)
        if low is not None and high is not None and low > high:
            problems.append(_problem(
                locator, element, "date-order",
                f'{first}="{start}" is later than {last}="{end}": a date range must not run '
                "backwards"))
    return problems
