"""Recognising French date expressions and giving them ISO 8601 values.

Pure functions over a string: each hit is a span with the TEI attributes it earns
(`when`, `from`/`to`, `notBefore`/`notAfter`, or an Old Style date as `when-custom`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

MONTH_NAMES = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre")
_MONTH = (
    r"(?P<{name}>janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|"
    r"novembre|d[ée]cembre)"
)
_DAY = r"(?P<{name}>[0-3]?\d)(?:er)?"
_YEAR = r"(?P<{name}>1[0-9]{{3}}|20[0-9]{{2}})"


def _p(template: str, **names: str) -> str:
    parts = {"M": _MONTH, "D": _DAY, "Y": _YEAR}
    out = template
    for placeholder, name in names.items():
        kind = placeholder.rstrip("0123456789")
        out = out.replace("{" + placeholder + "}", parts[kind].format(name=name))
    return out


# Longest and most specific shapes first; the scanner keeps the first non-overlapping hit.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("range_days", re.compile(_p(r"\bdu {D1} au {D2} {M} {Y}", D1="d1", D2="d2", M="m", Y="y"), re.I)),
    ("range_days", re.compile(_p(r"\bles {D1} et {D2} {M} {Y}", D1="d1", D2="d2", M="m", Y="y"), re.I)),
    ("range_days", re.compile(_p(r"\b{D1}-{D2} {M} {Y}", D1="d1", D2="d2", M="m", Y="y"), re.I)),
    ("old_style", re.compile(_p(r"\b{D1}\((?P<os>[0-3]?\d)\) {M} {Y}", D1="d1", M="m", Y="y"), re.I)),
    ("range_months", re.compile(_p(r"\bde {M1} à {M2} (?:de )?{Y}", M1="m1", M2="m2", Y="y"), re.I)),
    ("day", re.compile(_p(r"\b{D1} {M} {Y}", D1="d1", M="m", Y="y"), re.I)),
    ("month", re.compile(_p(r"\b{M} {Y}", M="m", Y="y"), re.I)),
    ("range_years", re.compile(r"\b(?P<y1>1[0-9]{3}|20[0-9]{2})-(?P<y2>1[0-9]{3}|20[0-9]{2})\b")),
    ("decade", re.compile(r"\bann[ée]es (?P<dec>[1-9]0)\b", re.I)),
    ("day_no_year", re.compile(_p(r"^{D1} {M}$", D1="d1", M="m"), re.I)),
    # in running text months are written in lower case ("Octobre" names the Revolution)
    ("yearless_day", re.compile(_p(r"\b{D1} {M}\b", D1="d1", M="m"))),
    ("yearless_month", re.compile(_p(r"\b{M}\b", M="m"))),
    ("year", re.compile(r"(?<![\d,.])(?P<y>1[0-9]{3}|20[0-9]{2})(?![\d%]|,\d)")),
]
_DIGIT = re.compile(r"\d")
_MONTH_WORD = re.compile(_MONTH.format(name="m"))


@dataclass(frozen=True)
class Reference:
    """The document's own date (year and month): a month named without a year is read as
    the last month of that name not after it, a speaker naming a past month."""

    year: int
    month: int

    def year_of(self, month: int) -> int:
        return self.year if month <= self.month else self.year - 1


@dataclass(frozen=True)
class DateHit:
    start: int
    end: int
    attrs: tuple[tuple[str, str], ...]

    @property
    def attributes(self) -> dict[str, str]:
        return dict(self.attrs)


def _fold(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.lower())
    return "".join(c for c in folded if not unicodedata.combining(c))


_MONTHS = {_fold(name): number for number, name in enumerate(MONTH_NAMES, 1)}


def _month(name: str) -> int:
    return _MONTHS[_fold(name)]


def french_date(iso: str) -> str:
    """1926-02-10 -> 10 février 1926 (a year or a month alone as far as given)."""
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    return iso


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        if day is not None and month is not None:
            return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
    if month is not None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


def _julian_offset(year: int) -> int:
    # Days the Gregorian calendar runs ahead of the Julian one, century by century.
    return year // 100 - year // 400 - 2


Found = dict[str, str] | None  # a hit's attributes; None when the shape is no valid date
Shape = Callable[[dict[str, str], int | None, "Reference | None"], Found]


def _range_days(g: dict[str, str], default_year: int | None, ref: Reference | None = None) -> Found:
    y, mo = int(g["y"]), _month(g["m"])
    a, b = _iso(y, mo, int(g["d1"])), _iso(y, mo, int(g["d2"]))
    return {"from": a, "to": b} if a and b and a <= b else None


def _old_style(g: dict[str, str], default_year: int | None, ref: Reference | None = None) -> Found:
    y, mo = int(g["y"]), _month(g["m"])
    new = _iso(y, mo, int(g["d1"]))
    if not new:
        return None
    old = dt.date.fromisoformat(new) - dt.timedelta(days=_julian_offset(y))
    if old.day != int(g["os"]):
        return {"when": new}
    return {"when": new, "when-custom": old.isoformat(), "datingMethod": "#julian"}


def _range_months(g: dict[str, str], default_year: int | None, ref: Reference | None = None) -> Found:
    y = int(g["y"])
    a, b = _iso(y, _month(g["m1"])), _iso(y, _month(g["m2"]))
    return {"from": a, "to": b} if a and b and a <= b else None


def _day(g: dict[str, str], default_year: int | None, ref: Reference | None = None) -> Found:
    when = _iso(int(g["y"]), _month(g["m"]), int(g["d1"]))
    return {"when": when} if when else None


def _month_of_year(g: dict[str, str], default_year: int | None, ref: Reference | None = None) -> Found:
    month = _iso(int(g["y"]), _month(g["m"]))
    return {"when": month} if month else None


def _range_years(g: dict[str, str], default_year: int | None, ref: Reference | None = None) -> Found:
    a, b = g["y1"], g["y2"]
    return {"from": a, "to": b} if a <= b else None


def _decade(g: dict[str, str], default_year: int | None, ref: Reference | None = None) -> Found:
    if default_year is None:
        return None
    start = default_year // 100 * 100 + int(g["dec"])
    return {"notBefore": f"{start:04d}", "notAfter": f"{start + 9:04d}"}


def _day_no_year(g: dict[str, str], default_year: int | None, ref: Reference | None = None) -> Found:
    if default_year is None:
        return None
    when = _iso(default_year, _month(g["m"]), int(g["d1"]))
    return {"when": when} if when else None


def _year(g: dict[str, str], default_year: int | None, ref: Reference | None = None) -> Found:
    return {"when": g["y"]}


def _yearless_day(g: dict[str, str], default_year: int | None, ref: Reference | None = None) -> Found:
    if ref is None:
        return None
    month = _month(g["m"])
    when = _iso(ref.year_of(month), month, int(g["d1"]))
    return {"when": when, "cert": "medium"} if when else None


def _yearless_month(g: dict[str, str], default_year: int | None, ref: Reference | None = None) -> Found:
    if ref is None:
        return None
    month = _month(g["m"])
    return {"when": f"{ref.year_of(month):04d}-{month:02d}", "cert": "medium"}


_ATTRIBUTES: dict[str, Shape] = {
    "range_days": _range_days, "old_style": _old_style, "range_months": _range_months,
    "day": _day, "month": _month_of_year, "range_years": _range_years, "decade": _decade,
    "day_no_year": _day_no_year, "year": _year, "yearless_day": _yearless_day,
    "yearless_month": _yearless_month,
}


def _attrs(kind: str, m: re.Match[str], default_year: int | None, ref: Reference | None) -> Found:
    return _ATTRIBUTES[kind](m.groupdict(), default_year, ref)


def find_dates(text: str, default_year: int | None = None,
               reference: Reference | None = None) -> list[DateHit]:
    """All date expressions in `text`, non-overlapping, in order.

    `default_year` dates a day without a year (a speech's date line) and places a decade
    (`les années 30`) in the document's century; `reference` dates a month (or a day and a
    month) named without a year in running text, with @cert="medium". Without them those
    shapes are left alone (`yearless` finds them).
    """
    if not _DIGIT.search(text) and (reference is None or not _MONTH_WORD.search(text)):
        return []  # every other shape has a number in it: most paragraphs are done here
    taken: list[tuple[int, int]] = []
    hits: list[DateHit] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            attrs = _attrs(kind, m, default_year, reference)
            if not attrs:
                continue
            taken.append((s, e))
            hits.append(DateHit(s, e, tuple(sorted(attrs.items()))))
    return sorted(hits, key=lambda h: h.start)


def yearless(text: str, default_year: int | None = None) -> list[DateHit]:
    """The months (or days and months) named without a year that no reference dates: each
    hit holds only its place."""
    if not _MONTH_WORD.search(text):
        return []
    dated = {(h.start, h.end) for h in find_dates(text, default_year)}
    probe = find_dates(text, default_year, Reference(2000, 12))
    return [DateHit(h.start, h.end, ()) for h in probe
            if dict(h.attrs).get("cert") and (h.start, h.end) not in dated]
