"""Safe XML reading, shared by every command (atomic writing lives in outputs.py).

Parsing never loads an external subset or entity, never touches the network and refuses
entity expansion, whatever the file's encoding, so hostile files fail with one clear message:

1. the bytes are read with inputs.read_regular (a regular file, under MAX_XML_BYTES);
2. they are decoded here, by the rules of XML's appendix F (byte order mark, the first bytes,
   the encoding declaration), and every check below reads the decoded text: a UTF-16 or
   UTF-32 file cannot hide a DOCTYPE from a check that looks for ASCII bytes;
3. libxml2 parses the UTF-8 re-encoding of that same text (its own detection is overridden),
   with DTD loading, entity substitution and the network off, and with a resolver that
   answers every request for an outside resource with nothing, so no file is ever opened
   even if a declaration got past step 2;
4. the parsed tree is refused if it names an external subset (SYSTEM or PUBLIC): other
   libxml2 users in this process (the Schematron's XSLT) would otherwise load it later.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from lxml import etree

from .errors import EditionError, Location
from .inputs import MAX_XML_BYTES, read_regular
from .outputs import write_atomic

__all__ = ["MAX_XML_BYTES", "decode_xml", "is_tei", "parse_xml", "parse_xml_bytes", "root_tag",
           "write_atomic"]

_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
# A DOCTYPE naming the root and nothing else (no DTD to load, no declarations) is harmless:
# jing accepts such a file, and so does the validator.
_PLAIN_DOCTYPE = re.compile(r"<!DOCTYPE\s+[A-Za-z_][\w.:-]*\s*>")
_DECLARED = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']""")

# Appendix F: byte order marks, then the first four bytes of "<?xm" without one.
_BOMS = ((codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF32_LE, "utf-32-le"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_BE, "utf-16-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"))
_NO_BOM = ((b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
           (b"\x00<\x00?", "utf-16-be"), (b"<\x00?\x00", "utf-16-le"))
# Encodings whose first bytes are ASCII, so that the declaration can be read as bytes.
_ASCII_FAMILY = {"utf-8", "ascii", "iso8859-1", "iso8859-15", "cp1252", "latin-1"}


class _NothingOutside(etree.Resolver):
    """Every external resource libxml2 asks for is empty: nothing is opened or fetched."""

    def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
        return self.resolve_string("", context)


def _parser(collect_ids: bool = True) -> etree.XMLParser:
    parser = etree.XMLParser(
        encoding="utf-8",  # what decode_xml hands it, whatever the file declares
        collect_ids=collect_ids,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_blank_text=False,
    )
    parser.resolvers.add(_NothingOutside())
    return parser


def decode_xml(data: bytes, name: str = "<bytes>") -> str:
    """The text of an XML document's bytes, decoded as an XML parser would decode them.

    Only encodings Python knows and whose family the first bytes confirm are accepted; any
    other is an EditionError (a parser guessing differently could see another document).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom):], encoding, name)
    for start, encoding in _NO_BOM:
        if data.startswith(start):
            return _decode(data, encoding, name)
    if data.startswith(b"\x4c\x6f\xa7\x94"):
        raise EditionError("EBCDIC XML is not accepted: save the file as UTF-8", Location(name, 1))
    declared = _DECLARED.match(data)
    encoding = "utf-8"
    if declared:
        try:
            encoding = codecs.lookup(declared[1].decode("ascii")).name
        except LookupError:
            raise EditionError(f"unknown encoding '{declared[1].decode('ascii')}' declared",
                               Location(name, 1)) from None
        if encoding not in _ASCII_FAMILY:  # e.g. "UTF-16" declared over single-byte text
            raise EditionError(f"the file declares {declared[1].decode('ascii')} but its first "
                               "bytes are not in that encoding", Location(name, 1))
    return _decode(data, encoding, name)


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count("\n".encode(encoding)) + 1
        raise EditionError(f"not well-formed XML: not valid {encoding.upper()} "
                           f"(byte 0x{data[exc.start]:02x})", Location(name, line)) from None


def parse_xml(path: str | Path, *, collect_ids: bool = True) -> etree._ElementTree:
    """Parse a file safely, or raise EditionError naming file, line and column.

    With collect_ids=False a repeated xml:id is not a parse error (the validator reports it
    as a rule); keep the default when the tree is transformed with XSLT's id().
    """
    data = read_regular(path, MAX_XML_BYTES, "XML file")
    return parse_xml_bytes(data, str(path), collect_ids=collect_ids)


def parse_xml_bytes(
    data: bytes, name: str = "<bytes>", *, collect_ids: bool = True
) -> etree._ElementTree:
    if len(data) > MAX_XML_BYTES:
        raise EditionError(f"the XML is over the {MAX_XML_BYTES // (1024 * 1024)} MB limit",
                           Location(name))
    text = decode_xml(data, name)
    _check_declarations(text, name)
    try:
        root = etree.fromstring(text.encode("utf-8"), _parser(collect_ids), base_url=None)
    except etree.XMLSyntaxError as exc:
        line: int | None
        col: int | None
        line, col = (exc.position if exc.position else (None, None))
        msg = exc.msg or "not well-formed XML"
        duplicate = re.match(r"ID (\S+) already defined", msg)
        if duplicate:  # libxml2 checks xml:id while parsing: say it in the TEI's terms
            raise EditionError(
                f'xml:id="{duplicate[1]}" is used twice: each xml:id must be unique',
                Location(name, line, col),
            ) from None
        raise EditionError(f"not well-formed XML: {msg}", Location(name, line, col)) from None
    tree = etree.ElementTree(root)
    _refuse_external_subset(tree, name)
    return tree


def _check_declarations(text: str, name: str) -> None:
    # The whole text, not just its start: comments may push a DOCTYPE far down the prolog.
    declaration = _ENTITY_DECLARATION.search(text)
    if declaration:
        raise EditionError(
            "entity declarations are not accepted (they could expand or read other files)",
            Location(name, text.count("\n", 0, declaration.start()) + 1),
        )
    doctype = _DOCTYPE.search(text)
    if doctype and _PLAIN_DOCTYPE.match(text, doctype.start()):
        doctype = _DOCTYPE.search(text, doctype.end())  # a second one is never plain
    if doctype:
        raise EditionError(
            "a DOCTYPE declaration is not accepted (TEI needs no DTD, and a DTD can make "
            "tools read other files or the network)",
            Location(name, text.count("\n", 0, doctype.start()) + 1),
        )


def _refuse_external_subset(tree: etree._ElementTree, name: str) -> None:
    """Keep this check even where a plain DOCTYPE is accepted: what libxml2 itself parsed
    decides, so no encoding or spelling can slip an external subset through."""
    info = tree.docinfo
    if info.system_url or info.public_id:
        raise EditionError("a DOCTYPE naming an external DTD is not accepted (reading it "
                           "would open another file or the network)", Location(name, 1))


TEI_ROOTS = frozenset({"{http://www.tei-c.org/ns/1.0}TEI", "{http://www.tei-c.org/ns/1.0}teiCorpus"})


def root_tag(data: bytes) -> str | None:
    """The root element's {namespace}name, read from the start of the document only; None
    when the bytes are not XML (a text source) or are not well formed up to the root."""
    try:
        text = decode_xml(data)
    except EditionError:
        return None
    if not text.lstrip("\ufeff \t\r\n").startswith("<"):
        return None
    encoded = text.encode("utf-8")
    pull = etree.XMLPullParser(events=("start",), encoding="utf-8", resolve_entities=False,
                               no_network=True, load_dtd=False, huge_tree=False)
    pull.resolvers.add(_NothingOutside())
    try:
        for at in range(0, len(encoded), 1 << 16):
            pull.feed(encoded[at:at + (1 << 16)])
            for _event, element in pull.read_events():
                return str(element.tag)
    except etree.XMLSyntaxError:
        return None
    return None


def is_tei(data: bytes) -> bool:
    """Whether the bytes are a TEI document (root TEI or teiCorpus in the TEI namespace)."""
    return root_tag(data) in TEI_ROOTS
