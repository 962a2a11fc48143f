"""Full-text search from static files: an index of stems built here, read by a small script.

In the manner of staticSearch (the Endings Project): at build time every passage (a
paragraph or a note, see summary.py) is cut into words, each word reduced to its French
Snowball stem (snowballstemmer, pure Python, shipped with its algorithms), and the stems
written in small JSON shards named after their first two letters; the browser's script
(search.js) fetches only the shards of the words searched, intersects their passages, checks
a phrase against the passages' text and shows each passage with a link to its anchor. No
server-side software: any static file server (or none but a browser on 127.0.0.1) will do.

Layout of SITE/search/ (every file sorted and written the same way each build):
- meta.json: the documents (stem, title, year, their passages' numbers, speakers by passage
  range), the speakers, the years, the shard names and the chunk size;
- terms-<key>.json: {"forms": {word: stem}, "stems": {stem: [passage numbers]}};
- passages-<n>.json: the passages' url, label and text, CHUNK to a file;
- search.js: the script.

Words are compared without case or accents (as typed on any keyboard); a word not in the
collection matches the longest stem it starts with (économiques → économ).
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..errors import EditionError
from ..xmlio import write_atomic
from .decorate import document_path
from .summary import Summary

SEARCH_DIR = "search"
CHUNK = 200  # passages per passages-<n>.json
NO_SPEAKER = "(sans orateur)"
_WORD = re.compile(r"\w+")


def normalize(text: str) -> str:
    """Lower case, no accents, NFC: what the script does to a query (search.js: fold)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed
                                                if not unicodedata.combining(c)))


def shard_key(stem: str) -> str:
    """A file-name-safe key of a stem's first two letters (search.js: shardKey)."""
    return "-".join(f"{ord(c):x}" for c in stem[:2])


def write_search_index(site: Path, summaries: Sequence[Summary]) -> Path:
    """Write SITE/search/ into a fresh folder, then swap it in; returns the folder."""
    staging = site / f".{SEARCH_DIR}.new"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for name, data in build_index(summaries).items():
            write_atomic(staging / name, data)
        write_atomic(staging / "search.js", files(__package__).joinpath("search.js").read_bytes())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    target, old = site / SEARCH_DIR, site / f".{SEARCH_DIR}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.is_dir():
        target.rename(old)
    elif target.exists():
        raise EditionError("is not a folder: the search index cannot be written there")
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return target


def build_index(summaries: Sequence[Summary]) -> dict[str, bytes]:
    """{file name: bytes} of the whole index."""
    from snowballstemmer import stemmer

    stem_of = stemmer("french").stemWord
    forms: dict[str, str] = {}
    postings: dict[str, set[int]] = defaultdict(set)
    passages: list[list[str]] = []
    speakers: dict[str, int] = {}
    documents: list[dict[str, Any]] = []
    for summary in sorted(summaries, key=lambda s: s.stem):
        first, runs = len(passages), list[list[int]]()
        for passage in summary.passages:
            speaker = speakers.setdefault(passage.speaker or NO_SPEAKER, len(speakers))
            if not runs or runs[-1][1] != speaker:
                runs.append([len(passages) - first, speaker])
            number = len(passages)
            passages.append([f"{document_path(summary.stem, '.html')}#{passage.id}",
                             passage.label, passage.text])
            for word in _WORD.findall(passage.text.lower()):
                key = normalize(word)
                stem = forms.get(key)
                if stem is None:
                    stem = forms[key] = normalize(stem_of(word))
                postings[stem].add(number)
        documents.append({"stem": summary.stem, "title": summary.title, "year": summary.year,
                          "first": first, "count": len(passages) - first, "speakers": runs})
    shards: dict[str, dict[str, dict]] = defaultdict(lambda: {"forms": {}, "stems": {}})
    for form, stem in forms.items():
        shards[shard_key(form)]["forms"][form] = stem
    for stem, numbers in postings.items():
        shards[shard_key(stem)]["stems"][stem] = sorted(numbers)
    out = {f"terms-{key}.json": _json(shard) for key, shard in shards.items()}
    for start in range(0, len(passages), CHUNK):
        out[f"passages-{start // CHUNK}.json"] = _json(passages[start:start + CHUNK])
    out["meta.json"] = _json({
        "chunk": CHUNK, "passages": len(passages), "documents": documents,
        "speakers": list(speakers), "shards": sorted(shards),
        "years": sorted({d["year"] for d in documents if d["year"]}),
    })
    return dict(sorted(out.items()))


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
