"""The collection's shared files: the catalogue, its pages, the teiCorpus file, the README.

Everything here is made from the documents' summaries and the list of files each document
has in the site, sorted by stem, so the shared files are the same bytes whoever built the
documents. The pages are made by xslt/site-pages.xsl from the catalogue (an XML file that
lists documents, persons and works merged by id across the collection).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import EditionError, Location
from ..resources import xslt_dir
from .decorate import SiteInfo, document_path, tei_path
from .document import read_bounded
from .summary import Summary

PAGES_XSL = "site-pages.xsl"
PAGES = ("index", "persons", "works", "search")
CORPUS = "corpus.xml"
README = "README.txt"
TEI_NS = "http://www.tei-c.org/ns/1.0"
XI_NS = "http://www.w3.org/2001/XInclude"
# How a reader knows each format on the list of documents; others show their suffix.
LABELS = {".html": "HTML", ".txt": "texte", ".citations.json": "citations (JSON)",
          ".csl.json": "œuvres (CSL-JSON)", ".citations.csv": "citations (CSV)",
          ".epub": "EPUB", ".pdf": "PDF", ".xml": "TEI"}


@dataclass(frozen=True)
class DocumentFiles:
    """One document of the site: its summary and its files (relative path, size)."""

    summary: Summary
    files: list[tuple[str, int]]


def catalogue(documents: Sequence[DocumentFiles], info: SiteInfo) -> bytes:
    site = etree.Element("site", title=info.title, publisher=info.publisher,
                         version=info.version, date=info.build_date, base=info.base_url)
    ordered = sorted(documents, key=lambda d: d.summary.stem)
    for doc in ordered:
        s = doc.summary
        el = etree.SubElement(site, "document", stem=s.stem, title=s.title, date=s.date,
                              year=s.year, place=s.place, words=str(s.words),
                              passages=str(len(s.passages)))
        for speaker in s.speakers:
            etree.SubElement(el, "speaker", id=speaker.id).text = speaker.name
        for path, size in doc.files:
            suffix = path[len(f"{Path(path).parent.as_posix()}/{s.stem}"):]
            etree.SubElement(el, "file", kind=suffix.lstrip("."), href=path, size=str(size),
                             label=LABELS.get(suffix, suffix))
    _register(site, "person", ordered, lambda s: s.persons, speakers=True)
    _register(site, "work", ordered, lambda s: s.works, speakers=False)
    names = etree.SubElement(site, "speakers")
    for name in sorted({p.speaker for d in ordered for p in d.summary.passages if p.speaker},
                       key=_sort_key):
        etree.SubElement(names, "name").text = name
    years = etree.SubElement(site, "years")
    for year in sorted({d.summary.year for d in ordered if d.summary.year}):
        etree.SubElement(years, "year").text = year
    return etree.tostring(site, encoding="UTF-8", xml_declaration=True)


def _register(site: etree._Element, tag: str, documents: Sequence[DocumentFiles],
              entries_of: Any, speakers: bool) -> None:
    """One entry per id across the collection; the name the first document gives it."""
    merged: dict[str, tuple[str, list[tuple[Summary, list[str], bool]]]] = {}
    for doc in documents:
        s = doc.summary
        spoke = {e.id for e in s.speakers} if speakers else set()
        mentioned = {e.id: e for e in entries_of(s)}
        ids = sorted(set(mentioned) | spoke)
        names = {e.id: e.name for e in [*s.speakers, *entries_of(s)]} if speakers else \
            {e.id: e.name for e in entries_of(s)}
        for entry_id in ids:
            name, found = merged.setdefault(entry_id, (names[entry_id], []))
            passages = mentioned[entry_id].passages if entry_id in mentioned else []
            found.append((s, passages, entry_id in spoke))
    for entry_id, (name, found) in sorted(merged.items(), key=lambda i: (_sort_key(i[1][0]), i[0])):
        el = etree.SubElement(site, tag, id=entry_id, name=name)
        for s, passages, speaks in found:
            page = document_path(s.stem, ".html")
            labels = {p.id: p.label for p in s.passages}
            inside = etree.SubElement(el, "in", stem=s.stem, title=s.title, href=page,
                                      speaker="yes" if speaks else "no")
            for pid in passages:
                etree.SubElement(inside, "passage", href=f"{page}#{pid}",
                                 label=labels.get(pid, pid))


def _sort_key(name: str) -> tuple[str, str]:
    from .search import normalize

    return (normalize(name), name)


class PageMaker:
    """site-pages.xsl, compiled once, on its own saxonche processor."""

    def __init__(self) -> None:
        from saxonche import PySaxonApiError, PySaxonProcessor

        self._error = PySaxonApiError
        self._saxon = PySaxonProcessor(license=False)
        path = xslt_dir() / PAGES_XSL
        try:
            self._xsl = self._saxon.new_xslt30_processor().compile_stylesheet(
                stylesheet_file=str(path))
        except PySaxonApiError as exc:
            raise EditionError(f"stylesheet does not compile: {exc}", Location(str(path))) from None

    def pages(self, catalogue_xml: bytes) -> dict[str, bytes]:
        """{file name: bytes} of every shared page."""
        document = self._saxon.parse_xml(xml_text=catalogue_xml.decode("utf-8"))
        made = {}
        for page in PAGES:
            self._xsl.set_parameter("page", self._saxon.make_string_value(page))
            try:
                made[f"{page}.html"] = (self._xsl.transform_to_string(xdm_node=document)
                                        or "").encode("utf-8")
            except self._error as exc:
                raise EditionError(f"the {page} page failed: {exc}") from None
        return made


def corpus(documents: Sequence[DocumentFiles], info: SiteInfo) -> bytes:
    """The collection as one teiCorpus: its header lists the documents, and each TEI file is
    included by reference (XInclude), so the file stays small and never goes stale."""
    t = f"{{{TEI_NS}}}"
    root = etree.Element(f"{t}teiCorpus", nsmap={None: TEI_NS, "xi": XI_NS})
    file_desc = etree.SubElement(etree.SubElement(root, f"{t}teiHeader"), f"{t}fileDesc")
    etree.SubElement(etree.SubElement(file_desc, f"{t}titleStmt"), f"{t}title").text = info.title
    edition = etree.SubElement(etree.SubElement(file_desc, f"{t}editionStmt"), f"{t}edition",
                               n=info.version)
    edition.text = f"tei-edition {info.version}, "
    etree.SubElement(edition, f"{t}date", when=info.build_date).text = info.build_date
    extent = etree.SubElement(file_desc, f"{t}extent")
    etree.SubElement(extent, f"{t}measure", unit="documents",
                     quantity=str(len(documents))).text = f"{len(documents)} documents"
    publication = etree.SubElement(file_desc, f"{t}publicationStmt")
    etree.SubElement(publication, f"{t}publisher").text = info.publisher
    etree.SubElement(publication, f"{t}date", when=info.build_date).text = info.build_date
    bibls = etree.SubElement(etree.SubElement(file_desc, f"{t}sourceDesc"), f"{t}listBibl")
    ordered = sorted(documents, key=lambda d: d.summary.stem)
    for doc in ordered:
        s = doc.summary
        bibl = etree.SubElement(bibls, f"{t}bibl", corresp=tei_path(s.stem))
        etree.SubElement(bibl, f"{t}title").text = s.title
        if s.date:
            etree.SubElement(bibl, f"{t}date", when=s.date).text = s.date
    for doc in ordered:
        etree.SubElement(root, f"{{{XI_NS}}}include", href=tei_path(doc.summary.stem))
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def readme(documents: Sequence[DocumentFiles], info: SiteInfo, site: Path) -> bytes:
    """The archive's README: what the site holds, how it was made, each TEI with its hash."""
    lines = [
        info.title,
        "=" * len(info.title),
        "",
        f"A static edition site built by tei-edition {info.version} on {info.build_date}.",
        "Every page is plain HTML5 that works without JavaScript (only search.html needs it)",
        "and without any server-side software: open index.html, or serve this folder with any",
        "static web server (the search reads search/*.json, which browsers fetch only over",
        "http, e.g. `python3 -m http.server` here, then http://127.0.0.1:8000/).",
        "",
        "Contents",
        "--------",
        "index.html         the documents: title, speaker, date, place, size, every format",
        "persons.html       the persons named or speaking, merged by id across the documents",
        "works.html         the works cited, merged by id",
        "search.html        full-text search (French stems), filters by speaker, year, document",
        "documents/         each document's publications: <stem>.html (reading edition),",
        "                   .txt, .citations.json, .csl.json, .citations.csv",
        "tei/               each document's TEI P5 source, as validated",
        f"{CORPUS:<19}the collection as a teiCorpus (the TEI files included by XInclude)",
        "search/            the search index (JSON) and its script",
        ".tei-edition-site/ what a rebuild needs to redo only changed documents (not read",
        "                   by any page)",
        "",
        "Stable URLs: documents/<stem>.html, documents/<stem>.html#<passage>, tei/<stem>.xml,",
        "persons.html#<person id>, works.html#<work id>.",
        "",
        f"TEI sources ({len(documents)}), SHA-256",
        "-" * 21,
    ]
    for doc in sorted(documents, key=lambda d: d.summary.stem):
        path = tei_path(doc.summary.stem)
        digest = hashlib.sha256(read_bounded(site / path)).hexdigest()
        lines.append(f"{digest}  {path}")
    return ("\n".join(lines) + "\n").encode("utf-8")
