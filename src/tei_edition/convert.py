"""Source text -> TEI P5 bytes: decoding and checking the input, then the three stages.

    str --reading.read_layout--> Layout --edition.build_edition--> Edition
        --tei.tei_tree--> lxml tree --tei.serialize--> bytes

The library entry points are `convert_text` and `convert_file`; the CLI only wraps them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .edition import build_edition
from .edition.overrides import boundaries
from .errors import EditionError, Location, Warning_
from .inputs import MAX_SOURCE_BYTES, read_regular, unsafe_name
from .metadata import Metadata, load_metadata, parse_metadata
from .reading import read_layout
from .reading.model import Uncertain
from .resources import sources_dir
from .tei import serialize, tei_tree

_EMBEDDED = "boukharine-1926-leningrad.txt"
# Characters XML 1.0 does not allow (and DEL): the TEI could not hold them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


@dataclass
class Conversion:
    xml: bytes
    stem: str
    warnings: list[Warning_] = field(default_factory=list)
    pages: int = 0
    notes: int = 0
    paragraphs: int = 0
    uncertain: list[Uncertain] = field(default_factory=list)  # B3-margin decisions


def default_source() -> Path:
    """The embedded document: shipped in sources/ (checkout) or in the installed package."""
    return sources_dir() / _EMBEDDED


def decode_source(data: bytes, name: str) -> tuple[str, list[Warning_]]:
    """Bytes -> text, refusing what is not a UTF-8 text file; CRLF is repaired with a warning."""
    warnings: list[Warning_] = []
    if not data.strip():
        raise EditionError("the source is empty", Location(name, 1))
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise EditionError("the source is a binary file (it holds NUL bytes), not text",
                           Location(name, line))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise EditionError(f"the source is not UTF-8 (byte 0x{data[exc.start]:02x})",
                           Location(name, line, col)) from None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        warnings.append(Warning_("CRLF or CR line ends: read as LF", Location(name, line)))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control:
        at = control.start()
        kind = "noncharacter" if text[at] in "\ufffe\uffff" else "control character"
        raise EditionError(f"the source holds a {kind} (U+{ord(text[at]):04X}), which XML does "
                           "not allow",
                           Location(name, text[:at].count("\n") + 1))
    text = text.replace("\t", " ")
    return text, warnings


def convert_text(text: str, name: str = "<text>", meta: Metadata | dict | None = None,
                 stem: str | None = None, source_bytes: bytes | None = None) -> Conversion:
    if isinstance(meta, dict):
        meta = parse_metadata(meta, "<data>")
    meta = meta or Metadata()
    layout = read_layout(text, name, boundaries(meta))
    stem = stem or Path(name).stem
    edition = build_edition(layout, meta, source_bytes if source_bytes is not None else text.encode(),
                            Path(name).name, stem)
    xml = serialize(tei_tree(edition))  # its xml-model links: schema/ beside it (schema_links)
    return Conversion(xml, stem, list(edition.warnings), len(layout.pages), edition.header.notes,
                      edition.paragraphs, list(layout.uncertain))


def find_metadata(source: Path) -> Path | None:
    """The data file beside the source. Anything at that name counts (a FIFO or a folder is
    then refused when read, rather than silently ignored)."""
    candidate = source.with_suffix(".toml")
    return candidate if os.path.lexists(candidate) else None


def input_paths(source: str | Path, meta: str | Path | None = None,
                find_meta: bool = True) -> list[Path]:
    """Every file a conversion reads: the source and its data file, if any. No output may
    be written over one of them."""
    source = Path(source)
    meta_path = Path(meta) if meta else (find_metadata(source) if find_meta else None)
    return [source] if meta_path is None else [source, meta_path]


def check_source_name(source: Path) -> None:
    """The TEI records the source's file name: it must be one XML can hold."""
    why = unsafe_name(source.name)
    if why:
        raise EditionError(f"the source's file name cannot be recorded in the TEI ({why}): "
                           "rename the file", Location(str(source)))


def convert_file(source: str | Path, meta: str | Path | None = None,
                 find_meta: bool = True) -> Conversion:
    """Convert a source file; whoever writes the TEI puts the schema files its xml-model
    links name beside it (schema_links.place_schemas)."""
    source = Path(source)
    check_source_name(source)
    data = read_regular(source, MAX_SOURCE_BYTES, "source")
    text, warnings = decode_source(data, str(source))
    meta_path = Path(meta) if meta else (find_metadata(source) if find_meta else None)
    metadata = load_metadata(meta_path) if meta_path else None
    result = convert_text(text, str(source), metadata, source.stem, data)
    result.warnings = warnings + result.warnings
    return result
