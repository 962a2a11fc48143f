"""Publishing a TEI edition: HTML, plain text and citation lists, through XSLT 3.0;
EPUB 3 and PDF on request (formats "epub", "pdf": packaged by epub.py, rendered by pdf.py).

The stylesheets in xslt/ do the work; this module compiles each of them once per process
(saxonche, SaxonC-HE), runs them on one TEI file and writes the outputs atomically.
The same input always gives the same bytes: the stylesheets read no clock and make no
random ids.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from . import __version__
from .errors import EditionError, Location
from .pdf import PrintOptions
from .resources import xslt_dir
from .xmlio import parse_xml, write_atomic

HTML_XSL = "tei-to-html.xsl"
TEXT_XSL = "tei-to-text.xsl"
CITATIONS_XSL = "tei-to-citations.xsl"

# The XML parser feature (Xerces' name, which Saxon passes on) that makes a DOCTYPE an error.
_NO_DOCTYPE = ("http://saxon.sf.net/feature/parserFeature?uri="
               "http%3A//apache.org/xml/features/disallow-doctype-decl")

EPUB_XSL = "tei-to-epub.xsl"
PRINT_XSL = "tei-to-print.xsl"
EPUB_CSS = "epub.css"

# Output suffixes, in the order publish() writes and returns them.
SUFFIXES = (".html", ".txt", ".citations.json", ".csl.json", ".citations.csv")

# What each format (`build --formats`) writes, in the order publish() writes them.
FORMATS = {"html": (".html",), "txt": (".txt",),
           "citations": (".citations.json", ".csl.json", ".citations.csv"),
           "epub": (".epub",), "pdf": (".pdf",)}
# What publish() makes unless asked for others: the three the project always made.
CLASSIC_FORMATS = ("html", "txt", "citations")


@dataclass(frozen=True)
class TextOptions:
    """How a document is published: the plain text's layout and where the edition lives."""

    width: int = 0  # wrap at this many characters; 0 = one paragraph per line
    pages: bool = False  # show page breaks as [p. n]
    # The folder URL the HTML is published at ("https://example.org/editions/"): the page's
    # address is base_url + <stem>.html, named in its citations and metadata. "" = unknown
    # (a URL given in the TEI header, publicationStmt/idno[@type='URL'], is used instead).
    base_url: str = ""


def page_url(base_url: str, stem: str) -> str:
    """The address of <stem>.html under base_url; "" when base_url is not an http(s) URL."""
    if not re.fullmatch(r"https?://[^\s\"<>`\\]+", base_url or ""):
        return ""
    return (base_url if base_url.endswith("/") else base_url + "/") + quote(stem) + ".html"


class Publisher:
    """The three stylesheets, compiled; publish() turns one TEI file into its outputs.

    Not thread-safe (a compiled saxonche stylesheet keeps its parameters): use one per thread.
    """

    def __init__(self, stylesheets: Path | None = None) -> None:
        # Imported here so that `tei-edition --help` does not start the Saxon runtime.
        from saxonche import PySaxonApiError, PySaxonProcessor

        self._error = PySaxonApiError
        self._saxon = PySaxonProcessor(license=False)
        # Saxon's own parser refuses any DOCTYPE, so no DTD or entity can be read through it
        # even if a file changed after the check in _load.
        self._saxon.set_configuration_property(_NO_DOCTYPE, "true")
        folder = stylesheets or xslt_dir()
        compiler = self._saxon.new_xslt30_processor()
        self._html = self._compile(compiler, folder / HTML_XSL)
        self._text = self._compile(compiler, folder / TEXT_XSL)
        self._citations = self._compile(compiler, folder / CITATIONS_XSL)
        for stylesheet in (self._html, self._text, self._citations):
            stylesheet.set_parameter("generator", self._saxon.make_string_value(
                f"tei-edition {__version__}"))
        self._folder = folder
        self._compiler = compiler
        self._book: dict[str, Any] = {}  # EPUB and print stylesheets, compiled on first use

    def _compile(self, compiler: Any, path: Path) -> Any:
        try:
            return compiler.compile_stylesheet(stylesheet_file=str(path))
        except self._error as exc:
            raise EditionError(f"stylesheet does not compile: {exc}", Location(str(path))) from None

    def render(self, tei_path: str | Path, text: TextOptions | None = None,
               formats: Iterable[str] = CLASSIC_FORMATS,
               printing: PrintOptions | None = None, *, stem: str | None = None
               ) -> dict[str, bytes]:
        """{suffix: bytes} for the outputs of one TEI file in the given formats, nothing
        written (by default the five files of html, txt and citations). `stem` names the
        published page (its URL); by default the TEI file's stem, which a staged file
        does not have."""
        text = text or TextOptions()
        wanted = set(formats)
        document = self._load(Path(tei_path))
        url = self._saxon.make_string_value(page_url(text.base_url, stem or Path(tei_path).stem))
        book = [self._book_stylesheet(name) for fmt, name in (("epub", EPUB_XSL), ("pdf", PRINT_XSL))
                if fmt in wanted]
        for stylesheet in (self._html, self._text, self._citations, *book):
            stylesheet.set_parameter("edition-url", url)
        outputs = {}
        if "html" in wanted:
            outputs[".html"] = self._run(self._html, document, tei_path)
        if "txt" in wanted:
            self._text.set_parameter("width", self._saxon.make_integer_value(text.width))
            self._text.set_parameter("pages", self._saxon.make_boolean_value(text.pages))
            outputs[".txt"] = self._run(self._text, document, tei_path)
        if "citations" in wanted:
            for suffix, fmt in ((".citations.json", "json"), (".csl.json", "csl"),
                                (".citations.csv", "csv")):
                self._citations.set_parameter("format", self._saxon.make_string_value(fmt))
                outputs[suffix] = self._run(self._citations, document, tei_path)
        if "epub" in wanted:
            outputs[".epub"] = self._render_epub(document, tei_path)
        if "pdf" in wanted:
            outputs[".pdf"] = self._render_pdf(document, tei_path, printing)
        return outputs

    def _book_stylesheet(self, name: str) -> Any:
        if name not in self._book:
            self._book[name] = self._compile(self._compiler, self._folder / name)
            self._book[name].set_parameter("generator", self._saxon.make_string_value(
                f"tei-edition {__version__}"))
        return self._book[name]

    def _render_epub(self, document: Any, tei_path: str | Path) -> bytes:
        from .epub import build_epub

        bundle = self._run(self._book_stylesheet(EPUB_XSL), document, tei_path)
        css_path = self._folder / EPUB_CSS
        try:
            css = css_path.read_bytes()
        except OSError as exc:
            raise EditionError(f"cannot read the EPUB stylesheet: {exc.strerror}",
                               Location(str(css_path))) from None
        return build_epub(bundle, css, str(tei_path))

    def _render_pdf(self, document: Any, tei_path: str | Path,
                    printing: PrintOptions | None) -> bytes:
        from .pdf import PdfRenderer

        html = self._run(self._book_stylesheet(PRINT_XSL), document, tei_path)
        if "pdf" not in self._book:  # WeasyPrint, fonts and print.css loaded once
            self._book["pdf"] = PdfRenderer(self._folder)
        return bytes(self._book["pdf"].render(html, str(tei_path), printing))

    def publish(self, tei_path: str | Path, outdir: str | Path, *, stem: str | None = None,
                text: TextOptions | None = None, formats: Iterable[str] = CLASSIC_FORMATS,
                printing: PrintOptions | None = None) -> list[Path]:
        """Write <stem>.html, .txt, .citations.json, .csl.json, .citations.csv into outdir
        (and .epub, .pdf when those formats are asked for)."""
        tei_path = Path(tei_path)
        stem = stem or tei_path.stem
        return self.write(self.render(tei_path, text, formats, printing, stem=stem), outdir, stem)

    @staticmethod
    def write(rendered: dict[str, bytes], outdir: str | Path, stem: str) -> list[Path]:
        """Write what render() made as <stem><suffix> files in outdir, each atomically."""
        written = []
        for suffix, data in rendered.items():
            target = Path(outdir) / f"{stem}{suffix}"
            write_atomic(target, data)
            written.append(target)
        return written

    def _load(self, path: Path) -> Any:
        # lxml's safe parser checks the file first (no DTD, no entity, no network, size
        # limits) and reports what is wrong with file and line; Saxon then parses the file
        # itself, which is faster than handing it a re-serialized tree.
        parse_xml(path)
        try:
            return self._saxon.parse_xml(xml_file_name=str(path.resolve()))
        except self._error as exc:
            raise EditionError(f"cannot read TEI: {exc}", Location(str(path))) from None

    def _run(self, stylesheet: Any, document: Any, name: str | Path) -> bytes:
        try:
            result = stylesheet.transform_to_string(xdm_node=document)
        except self._error as exc:
            raise EditionError(f"publication failed: {exc}", Location(str(name))) from None
        return (result or "").encode("utf-8")


@functools.cache
def default_publisher() -> Publisher:
    """The process's Publisher: stylesheets are compiled on first use, then reused."""
    return Publisher()


def publish(tei_path: str | Path, outdir: str | Path, *, stem: str | None = None,
            text: TextOptions | None = None) -> list[Path]:
    """Publish one TEI file with the process's shared, compiled stylesheets."""
    return default_publisher().publish(tei_path, outdir, stem=stem, text=text)
