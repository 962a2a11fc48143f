"""Safe XML reading and atomic file writing, shared by every command.

Parsing never resolves external entities, never loads a DTD, never touches the network
and refuses entity expansion, so hostile files fail with one clear message.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from lxml import etree

from .errors import EditionError, Location

# Files larger than this are refused before parsing: an edition is a few MB at most.
MAX_XML_BYTES = 20 * 1024 * 1024
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
# A DOCTYPE naming the root and nothing else (no DTD to load, no declarations) is harmless.
_PLAIN_DOCTYPE = re.compile(rb"<!DOCTYPE\s+[A-Za-z_][\w.:-]*\s*>")


def _parser(collect_ids: bool = True) -> etree.XMLParser:
    return etree.XMLParser(
        collect_ids=collect_ids,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_xml(path: str | Path, *, collect_ids: bool = True) -> etree._ElementTree:
    """Parse a file safely, or raise EditionError naming file, line and column.

    With collect_ids=False a repeated xml:id is not a parse error (the validator reports it
    as a rule); keep the default when the tree is transformed with XSLT's id().
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise EditionError(f"cannot read file: {exc.strerror}", Location(str(path))) from None
    if size > MAX_XML_BYTES:
        raise EditionError(
            f"file is {size // (1024 * 1024)} MB, "
            f"over the {MAX_XML_BYTES // (1024 * 1024)} MB limit",
            Location(str(path)),
        )
    data = path.read_bytes()
    return parse_xml_bytes(data, str(path), collect_ids=collect_ids)


def parse_xml_bytes(
    data: bytes, name: str = "<bytes>", *, collect_ids: bool = True
) -> etree._ElementTree:
    # The whole file, not just its start: comments may push a DOCTYPE far down the prolog.
    declaration = _ENTITY_DECLARATION.search(data)
    if declaration:
        line = data[: declaration.start()].count(b"\n") + 1
        raise EditionError(
            "entity declarations are not accepted (they could expand or read other files)",
            Location(name, line),
        )
    doctype = _DOCTYPE.search(data)
    if doctype and _PLAIN_DOCTYPE.match(data, doctype.start()):
        doctype = _DOCTYPE.search(data, doctype.end())
    if doctype:  # libxml2 may try to fetch an external DTD even with load_dtd=False
        raise EditionError(
            "a DOCTYPE declaration is not accepted (TEI needs no DTD, and a DTD can make "
            "tools read other files or the network)",
            Location(name, data[: doctype.start()].count(b"\n") + 1),
        )
    try:
        root = etree.fromstring(data, _parser(collect_ids), base_url=None)
    except etree.XMLSyntaxError as exc:
        line, col = (exc.position if exc.position else (None, None))
        msg = exc.msg or "not well-formed XML"
        duplicate = re.match(r"ID (\S+) already defined", msg)
        if duplicate:  # libxml2 checks xml:id while parsing: say it in the TEI's terms
            raise EditionError(
                f'xml:id="{duplicate[1]}" is used twice: each xml:id must be unique',
                Location(name, line, col),
            ) from None
        raise EditionError(f"not well-formed XML: {msg}", Location(name, line, col)) from None
    return etree.ElementTree(root)


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write the whole file or nothing: a crash never leaves a partial output behind.
    A folder that cannot be made or written to is an EditionError naming it."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        _replace_with(path, data)
    except OSError as exc:
        where = str(exc.filename) if exc.filename else str(path)
        raise EditionError(f"cannot write {path.name}: {exc.strerror or exc}",
                           Location(where)) from None


def _replace_with(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        # mkstemp makes the file private; a published file gets the usual mode (umask applies)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
