"""One document of a site, start to finish, in whatever process runs it: the worker's task.

`process(job)` converts a source (or reads a TEI file), validates the TEI, renders the
publications exactly as `tei-edition build` renders them (the same Publisher, the same
stylesheets), adds the site's bar and footer to the reading page, and summarizes the
document for the shared pages. It writes nothing: everything comes back as bytes and plain
data, so a local process pool and a Dask cluster give the same result, and the main process
writes the site alone.

The job names its input by an absolute path, which every worker must be able to read (on a
cluster: a shared file system mounted at the same place).

Each worker process makes its tools once: one Validator and one Publisher (one saxonche
processor); a lock keeps a multi-threaded worker to one document at a time, since a compiled
stylesheet is not thread-safe.
"""

from __future__ import annotations

import functools
import hashlib
import resource
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import EditionError, Location
from ..inputs import read_regular
from ..transform import TextOptions, default_publisher
from ..validation import Problem, Validator, is_valid
from ..xmlio import MAX_XML_BYTES, parse_xml_bytes
from .decorate import SiteInfo, decorate_page
from .summary import summarize

TEI_SUFFIX = ".xml"
DATA_SUFFIX = ".toml"


@dataclass(frozen=True)
class DocumentJob:
    """One document and everything that decides its outputs (also its rebuild key)."""

    stem: str
    path: str  # absolute; readable by every worker
    is_source: bool
    text: TextOptions
    tei_all: bool
    info: SiteInfo

    def key(self) -> str:
        """A hash of the input (and its data file), the options and the tool's version:
        equal keys give equal outputs, so an unchanged document is not built again."""
        digest = hashlib.sha256()
        for part in (__version__, repr(self.text), str(self.tei_all), repr(self.info),
                     str(self.is_source), self.stem):
            digest.update(part.encode() + b"\0")
        for path in self.inputs():
            digest.update(path.name.encode() + b"\0" + read_bounded(path) + b"\0")
        return digest.hexdigest()

    def inputs(self) -> list[Path]:
        source = Path(self.path)
        data = source.with_suffix(DATA_SUFFIX)
        return [source, data] if self.is_source and data.is_file() else [source]


@dataclass(frozen=True)
class DocumentResult:
    stem: str
    tei: bytes = b""
    outputs: dict[str, bytes] = field(default_factory=dict)  # {suffix: bytes}, as build
    summary: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str = ""  # one line: why nothing of this document was published
    details: list[str] = field(default_factory=list)  # the validator's messages, with lines
    peak_rss_kib: int = 0  # of the process that built it

    @property
    def ok(self) -> bool:
        return not self.error


_LOCK = threading.Lock()


def process(job: DocumentJob) -> DocumentResult:
    with _LOCK:
        try:
            return _process(job)
        except _Invalid as invalid:
            return _result(job, error=invalid.line, details=invalid.details,
                           warnings=invalid.warnings)
        except EditionError as error:
            return _result(job, error=str(error))


def _process(job: DocumentJob) -> DocumentResult:
    path = Path(job.path)
    warnings: list[str] = []
    if job.is_source:
        from ..convert import convert_file
        read_bounded(path)  # the size check before the converter reads it
        # SITE/tei/<stem>.xml links to SITE/tei/schema/, as `build -o DIR` links to DIR/schema/
        conversion = convert_file(path)
        warnings += [str(w) for w in conversion.warnings]
        tei, name = conversion.xml, f"{job.path} (converted)"
    else:
        tei, name = read_bounded(path), job.path
    tree = parse_xml_bytes(tei, name)
    problems = _validator(job.tei_all).validate_tree(tree, name)
    warnings += [str(p) for p in problems if p.severity != "error"]
    if not is_valid(problems):
        raise _Invalid(name, problems, warnings)
    with tempfile.TemporaryDirectory(prefix="tei-edition-site-") as tmp:
        copy = Path(tmp) / f"{job.stem}{TEI_SUFFIX}"
        copy.write_bytes(tei)
        outputs = default_publisher().render(copy, job.text)
    summary = summarize(tree.getroot(), job.stem)
    outputs[".html"] = decorate_page(outputs[".html"], summary, job.info)
    return _result(job, tei=tei, outputs=outputs, summary=summary.to_json(), warnings=warnings)


def _result(job: DocumentJob, **fields: Any) -> DocumentResult:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return DocumentResult(job.stem, peak_rss_kib=peak, **fields)


class _Invalid(Exception):
    def __init__(self, name: str, problems: list[Problem], warnings: list[str]) -> None:
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(name)
        self.line = str(EditionError(f"the TEI is invalid ({len(errors)} error(s)): nothing "
                                     "published", Location(name)))
        self.details = [str(p) for p in errors]
        self.warnings = warnings


@functools.cache
def _validator(tei_all: bool) -> Validator:
    return Validator(tei_all=tei_all)


def read_bounded(path: Path) -> bytes:
    """A regular file, whole, refused over the XML size limit (a source is smaller than its
    TEI): every read of the site goes through here (inputs.read_regular)."""
    return read_regular(path, MAX_XML_BYTES, "file")
