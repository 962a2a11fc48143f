"""Packaging an EPUB 3 publication, the same bytes on every build.

xslt/tei-to-epub.xsl makes every file of the publication in one XML bundle
(`<te:epub><te:file path=… media-type=…>element</te:file>…</te:epub>`); this module turns
the bundle into the zip container EPUB 3.3 (OCF) asks for: `mimetype` first, stored
uncompressed with no extra field, then META-INF/container.xml, the stylesheet and the
bundle's files in its order. Every entry has the same fixed time and permissions, so two
builds of the same TEI give byte-identical files.
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass

from lxml import etree

from .errors import EditionError, Location
from .xmlio import parse_xml_bytes

MEDIA_TYPE = b"application/epub+zip"
BUNDLE_NS = "urn:x-tei-edition:xslt"
# Declared once on a document's root element where the document uses them.
_TOP_NAMESPACES = {"dc": "http://purl.org/dc/elements/1.1/", "epub": "http://www.idpf.org/2007/ops"}
PACKAGE_PATH = "EPUB/package.opf"
CSS_PATH = "EPUB/css/epub.css"  # the stylesheet the content documents link to
# The earliest time a zip entry can hold: no build's clock ends up in the file.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_CONTAINER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
    f'  <rootfiles><rootfile full-path="{PACKAGE_PATH}" '
    'media-type="application/oebps-package+xml"/></rootfiles>\n'
    "</container>\n").encode()
_XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass(frozen=True)
class Entry:
    """One file of the container: its path inside the zip and its bytes."""

    path: str
    data: bytes


def entries(bundle: bytes, css: bytes, name: str = "<epub bundle>") -> list[Entry]:
    """The files of the publication in container order (mimetype and container first)."""
    root = parse_xml_bytes(bundle, name).getroot()
    if root.tag != f"{{{BUNDLE_NS}}}epub":
        raise EditionError("the EPUB stylesheet made no te:epub bundle", Location(name))
    files = [Entry("mimetype", MEDIA_TYPE), Entry("META-INF/container.xml", _CONTAINER),
             Entry(CSS_PATH, css)]
    for item in root.iterchildren(f"{{{BUNDLE_NS}}}file"):
        path = item.get("path") or ""
        content = [child for child in item if isinstance(child.tag, str)]
        if not path.startswith("EPUB/") or ".." in path.split("/") or len(content) != 1:
            raise EditionError(f"bad file in the EPUB bundle: {path!r}", Location(name))
        files.append(Entry(path, _serialize(content[0], item.get("media-type", ""))))
    return files


def _serialize(element: etree._Element, media_type: str) -> bytes:
    """One document of the publication: its element alone, namespaces it does not use
    dropped, with an XML declaration (and the HTML doctype for XHTML)."""
    tree = etree.ElementTree(copy.deepcopy(element))
    used = {uri for node in tree.iter() if isinstance(node.tag, str)
            for name in (node.tag, *node.attrib) if name.startswith("{")
            for uri in [name[1:].split("}")[0]]}
    etree.cleanup_namespaces(tree, top_nsmap={prefix: uri for prefix, uri in _TOP_NAMESPACES.items()
                                              if uri in used})
    head = _XML_DECLARATION
    if media_type == "application/xhtml+xml":
        head += b"<!DOCTYPE html>\n"
    return head + etree.tostring(tree, encoding="utf-8") + b"\n"


def package(files: list[Entry]) -> bytes:
    """The zip container of the given entries, deterministic to the byte."""
    if not files or files[0].path != "mimetype":
        raise ValueError("an EPUB container starts with its mimetype entry")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry in files:
            info = zipfile.ZipInfo(entry.path, date_time=ZIP_TIME)
            info.create_system = 3  # Unix, whatever builds it: permissions below mean the same
            info.external_attr = 0o100644 << 16
            if entry.path == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, entry.data)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, entry.data, compresslevel=9)
    return buffer.getvalue()


def build_epub(bundle: bytes, css: bytes, name: str = "<epub bundle>") -> bytes:
    """The .epub file from what tei-to-epub.xsl made."""
    return package(entries(bundle, css, name))
