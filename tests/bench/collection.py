"""A collection of generated documents, as files: for the site's tests and its benchmark.

`write_collection(folder, count)` writes gen-NNNN.txt (a generated document in the extraction
layout, tests/bench/generate.py and render.py) and beside it gen-NNNN.toml, its data file:
the persons the text names (with ids shared across the collection and with the embedded
document, so that the indexes merge them) and the place, read from the running head.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .generate import PEOPLE, build, spec_from_seed
from .render import render

_PLACE = re.compile(r"PC\(b\)US de (\S+) -\d{4}")


def person_id(name: str) -> str:
    plain = unicodedata.normalize("NFD", name.lower())
    return "".join(c for c in plain if c.isalnum() and not unicodedata.combining(c))


def data_file(text: str, running_head: str) -> str:
    lines = []
    place = _PLACE.search(running_head)
    if place:
        lines += ["[setting]", f'place = "{place[1]}"', 'event = "Conférence"', ""]
    speaker = running_head.split(" – ")[0].strip()
    speaker_surname = speaker.split()[-1]
    # the speaker first: without [[speech]] tables, the first person is the speaker
    lines += ["[[person]]", f'id = "{person_id(speaker_surname)}"', f'name = "{speaker}"',
              f'forms = ["{speaker}", "{speaker_surname}"]', ""]
    for name in PEOPLE:
        if name == speaker_surname or not re.search(rf"\b{re.escape(name)}\b", text):
            continue
        lines += ["[[person]]", f'id = "{person_id(name)}"', f'name = "{name}"',
                  f'forms = ["{name}"]', ""]
    return "\n".join(lines)


def write_collection(folder: Path, count: int, start: int = 0) -> list[Path]:
    """count generated sources (with their data files) in folder; returns the sources."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for seed in range(start, start + count):
        doc = build(spec_from_seed(seed))
        rendered = render(doc)
        source = folder / f"gen-{seed:04d}.txt"
        source.write_text(rendered.text, encoding="utf-8")
        source.with_suffix(".toml").write_text(data_file(rendered.text, doc.running_head),
                                               encoding="utf-8")
        written.append(source)
    return written
