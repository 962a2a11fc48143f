"""The build state kept beside the site, for incremental rebuilds.

SITE/.tei-edition-site/state.json records, per document, the key of its last build (a hash
of its input, its data file, the options and the tool's version: see DocumentJob.key) and
the files it wrote; summaries/<stem>.json keeps what the shared pages need of it. A
document whose key is unchanged and whose files are all there is not built again; its
summary is read back instead. A state that cannot be read is ignored: everything is built.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EditionError
from ..xmlio import write_atomic
from .document import read_bounded
from .summary import Summary

STATE_DIR = ".tei-edition-site"
_FORMAT = 1
_MAX_STATE_BYTES = 256 * 1024 * 1024


@dataclass
class Record:
    key: str
    files: list[str]  # relative to the site


@dataclass
class State:
    site: Path
    documents: dict[str, Record] = field(default_factory=dict)

    @classmethod
    def load(cls, site: Path) -> State:
        path = site / STATE_DIR / "state.json"
        try:
            if not path.is_file() or path.stat().st_size > _MAX_STATE_BYTES:
                return cls(site)
            data = json.loads(path.read_text("utf-8"))
            if data.get("format") != _FORMAT:
                return cls(site)
            records = {stem: Record(r["key"], list(r["files"]))
                       for stem, r in data["documents"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            return cls(site)
        return cls(site, records)

    def unchanged(self, stem: str, key: str) -> Summary | None:
        """The stored summary of a document that needs no rebuild, or None."""
        record = self.documents.get(stem)
        if record is None or record.key != key:
            return None
        if not all((self.site / f).is_file() for f in record.files):
            return None
        try:
            return Summary.from_json(json.loads(read_bounded(self._summary_path(stem))))
        except (EditionError, ValueError, KeyError, TypeError):
            return None

    def record(self, stem: str, key: str, files: list[str], summary: dict[str, Any]) -> None:
        write_atomic(self._summary_path(stem),
                     json.dumps(summary, ensure_ascii=False, sort_keys=True))
        self.documents[stem] = Record(key, files)

    def forget(self, stem: str) -> None:
        """The document is no longer in the site (failed, or not among the inputs)."""
        self.documents.pop(stem, None)
        self._summary_path(stem).unlink(missing_ok=True)

    def save(self) -> None:
        data = {"format": _FORMAT,
                "documents": {stem: {"key": r.key, "files": r.files}
                              for stem, r in sorted(self.documents.items())}}
        write_atomic(self.site / STATE_DIR / "state.json",
                     json.dumps(data, indent=1, sort_keys=True) + "\n")

    def _summary_path(self, stem: str) -> Path:
        return self.site / STATE_DIR / "summaries" / f"{stem}.json"
