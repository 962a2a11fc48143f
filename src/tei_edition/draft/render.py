"""The draft as TOML text: what the text says as active values, every suggestion as an entry
commented out with `#~ ` (the loader never sees it), preceded by a `#` line saying where it was
found and why. Accepting one is deleting the `#~ ` of its lines."""

from __future__ import annotations

import json
import re

from . import Draft
from .findings import Finding
from .registers import Candidate, looks_like_place, slug

ENTRY = "#~ "  # the prefix of a suggested line; `sed 's/^#~ //'` accepts them all


def _q(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's for these characters)."""
    return json.dumps(value, ensure_ascii=False)


def _entry(lines: list[str]) -> list[str]:
    return [ENTRY + line for line in lines]


def render(draft: Draft, source_name: str) -> str:
    r = draft.reading
    out = [
        f"# Data file drafted by `tei-edition draft` from {source_name}",
        f"# (SHA-256 {r.sha256}).",
        "# Everything below is a SUGGESTION to review. The loader reads only the uncommented",
        "# lines: what the converter reads of the text anyway. Each candidate (person, work,",
        f"# correction) is an entry commented out with '{ENTRY.strip()}': to accept one, delete",
        f"# the '{ENTRY.strip()}' of its lines, then check and complete it (a reason for a",
        "# correction, dates for a person). An entry left commented is not applied.",
        "",
    ]
    out += _metadata(draft)
    out += _warnings(draft)
    speaker_id = _speaker_id(draft)
    out += _persons(draft.persons)
    out += _speeches(draft, speaker_id)
    out += _works(draft.works)
    out += _corrections(draft.corrections)
    out += _terms(draft.terms)
    return "\n".join(out).rstrip("\n") + "\n"


def _metadata(draft: Draft) -> list[str]:
    r = draft.reading
    out = ["# --- What the converter reads of the text -----------------------------------------"]
    if r.title[0]:
        out.append(f"# title block, line {r.title[1]}: {r.title[0]}")
    if r.date_line[0]:
        out.append(f"# date line, line {r.date_line[1]}: {r.date_line[0]}")
    for head, line in r.running_heads:
        out.append(f"# running head, line {line}: {head}")
    if r.speakers:
        out.append(f"# speaker (from the running head or the title block): {', '.join(r.speakers)}")
    else:
        out.append("# speaker: the text does not name one (no running head, no name in the title "
                   "block); declare the person below and name it in [[speech]] who")
    out += ["", "[source]"]
    if r.title[0]:
        out.append(f"title = {_q(r.title[0])}  # suggested: line {r.title[1]}, as printed")
    if r.date_from:
        out.append(f"date_from = {_q(r.date_from)}  # suggested: line {r.date_line[1]}")
    if r.date_to:
        out.append(f"date_to = {_q(r.date_to)}  # suggested: line {r.date_line[1]}")
    speaker = _speaker_id(draft)
    if speaker:
        out.append(f"# the speaker as author (needs the [[person]] '{speaker}' below):")
        out += _entry([f"author = {_q(speaker)}"])
    out.append("")
    return out


def _warnings(draft: Draft) -> list[str]:
    """What the converter could not read for sure: places to check against the print (a
    note whose text is missing may call for a [[gap]])."""
    if not draft.reading.warnings:
        return []
    out = ["# --- What the converter warns about, without a data file (check these places) -----"]
    out += [f"# line {line}: {message}" if line else f"# {message}"
            for line, message in draft.reading.warnings]
    return [*out, ""]


def _speaker_id(draft: Draft) -> str:
    """The id of the person candidate the speaker's name ends with, if any."""
    ids = _person_ids(draft.persons)
    for name in draft.reading.speakers:
        last = name.split()[-1] if name.split() else ""
        for cand in draft.persons:
            if cand.key == last:
                return ids[cand.key]
    return ""


def _unique_id(base: str, used: set[str]) -> str:
    """`base`, or `base` with a letter suffix: never NAME-NUMBER, the shape of the ids the
    converter makes, which the data-file loader refuses."""
    if re.fullmatch(r"[A-Za-z]+-[0-9]+", base):
        base += "x"
    found, n = base, 0
    while found in used:
        found, n = f"{base}-{_letters(n)}", n + 1
    used.add(found)
    return found


def _letters(n: int) -> str:
    """0 -> 'b', 1 -> 'c', ..., 24 -> 'z', 25 -> 'bb', ... (a, b, ... read as a second form)."""
    return "bcdefghijklmnopqrstuvwxyz"[n % 25] * (n // 25 + 1)


def _person_ids(cands: list[Candidate]) -> dict[str, str]:
    used: set[str] = set()
    return {c.key: _unique_id(slug(c.key), used) for c in cands}


def _counts(c: Candidate) -> str:
    forms = ", ".join(f"{form} ×{n}" for form, n in c.forms.most_common())
    times = "once" if c.count == 1 else f"{c.count} times"
    return f"{times} ({forms})"


def _persons(cands: list[Candidate]) -> list[str]:
    out = ["# --- Candidate persons: capitalised words the dictionary does not know (places and",
           "# institutions too: keep only the persons; merge forms of one person) ------------", ""]
    ids = _person_ids(cands)
    places = False
    for c in cands:
        if looks_like_place(c) and not places:
            places = True
            out += ["# --- Names the text uses like places or institutions (after an article or",
                    "# « en »): most are not persons --------------------------------------------",
                    ""]
        evidence = "; ".join(f"{k} ×{n}" for k, n in c.evidence.most_common())
        against = "; ".join(f"{k} ×{n}" for k, n in c.against.most_common())
        out.append(f"# suggested person: {_counts(c)}; first at line {c.line}: {c.context}")
        if evidence:
            out.append(f"# signs of a person: {evidence}")
        if against:
            out.append(f"# signs of a place or an institution: {against}")
        forms = sorted(c.forms, key=lambda f: (-len(f), f))
        out += _entry(["[[person]]", f"id = {_q(ids[c.key])}", f"name = {_q(forms[0])}",
                       f"forms = [{', '.join(_q(f) for f in forms)}]"])
        out.append("")
    return out


def _speeches(draft: Draft, speaker_id: str) -> list[str]:
    out = ["# --- Speeches, in order (dates as the text gives them) ---------------------------", ""]
    for s in draft.reading.speeches:
        date = str(s["date"]) or (draft.reading.date_from if s["n"] == "1" else "")
        where = f"line {s['line']}: {s['label']}" if s["label"] else "after the title block"
        out.append(f"# suggested speech {s['n']}, {where}")
        lines = ["[[speech]]"]
        if date:
            lines.append(f"date = {_q(date)}")
        if speaker_id:
            lines.append(f"who = {_q(speaker_id)}")
        if s["label"]:
            lines.append(f"label = {_q(str(s['label']))}")
        out += [*_entry(lines), ""]
    return out


def _works(cands: list[Candidate]) -> list[str]:
    out = ["# --- Candidate works: titles in guillemets after a word such as « article », short",
           "# capitalised phrases in guillemets, titles in the notes -------------------------", ""]
    used: set[str] = set()
    for c in cands:
        wid = _unique_id("work-" + slug(c.key)[:40].rstrip("-"), used)
        how = ", ".join(f"{k} ×{n}" for k, n in c.evidence.most_common())
        times = "once" if c.count == 1 else f"{c.count} times"
        out.append(f"# suggested work ({how}): {times}; first at line {c.line}: {c.context}")
        out += _entry(["[[work]]", f"id = {_q(wid)}", f"title = {_q(c.key)}",
                       f"forms = [{_q(c.key)}]"])
        out.append("")
    return out


_KINDS = {"unknown": "unknown word", "misreading": "likely misreading", "split": "split word"}


def _corrections(findings: list[Finding]) -> list[str]:
    out = ["# --- Candidate corrections: each context occurs once in the text (or all = true) ---",
           ""]
    for f in findings:
        where = ", ".join(str(n) for n in f.lines)
        out.append(f"# suggested correction ({_KINDS[f.kind]}), line{'s' if len(f.lines) > 1 else ''} "
                   f"{where}: {f.sic} → {f.corr}")
        lines = ["[[correction]]", f"sic = {_q(f.sic)}", f"corr = {_q(f.corr)}"]
        if f.all:
            lines.append("all = true")
        else:
            lines.append(f"context = {_q(f.context)}")
        lines.append(f"reason = {_q('À vérifier : ' + f.why + '.')}")
        out += [*_entry(lines), ""]
    return out


def _terms(terms: list[tuple[str, int, int]]) -> list[str]:
    if not terms:
        return []
    out = ["# --- Words the dictionary does not know that the text uses often (terms, not typos;",
           "# nothing to accept: listed so that none goes unchecked) ------------------------"]
    out += [f"# {word}: {count} times, first at line {line}" for word, count, line in terms]
    return [*out, ""]
