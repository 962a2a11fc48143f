"""The print edition: the HTML of xslt/tei-to-print.xsl rendered to PDF by WeasyPrint.

WeasyPrint (pure Python over Pango and HarfBuzz) implements the CSS that a book needs and
browsers do not: running heads (string-set), page counters and cross-references
(target-counter), footnotes at the foot of their page (float: footnote), named pages.
The print stylesheet is xslt/print.css; the page size is set here.

Fonts are embedded, and always the same: DejaVu Serif from Debian's fonts-dejavu-core
(Bitstream Vera licence, public-domain additions), declared with @font-face on its files
so that nothing else installed can change the PDF; it has the narrow no-break space
French typography needs. Nothing else is fetched: the URL fetcher serves those font files
and refuses every other address.

Deterministic: the same TEI gives the same bytes. The PDF carries no build time unless one
is supplied (SOURCE_DATE_EPOCH, the reproducible-builds convention, or `created`); its /ID
is a hash of its content (pydyf's default when no identifier is given).
"""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import EditionError, Location
from .resources import xslt_dir

PRINT_CSS = "print.css"
FONT_FAMILY = "Edition Serif"
# Where the fonts are looked for: TEI_EDITION_FONT_DIR first, then Debian's package.
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)
FONT_FILES = {  # (weight, style): file of fonts-dejavu-core
    ("normal", "normal"): "DejaVuSerif.ttf",
    ("bold", "normal"): "DejaVuSerif-Bold.ttf",
    ("normal", "italic"): "DejaVuSerif-Italic.ttf",
    ("bold", "italic"): "DejaVuSerif-BoldItalic.ttf",
}
PAGE_SIZES = ("A4", "A5", "B5", "letter", "legal")
# WeasyPrint's variant: PDF/UA-1 (tagged: structure, reading order, language, title).
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class PrintOptions:
    """How the PDF is laid out and dated."""

    page_size: str = "A4"
    created: str | None = None  # ISO 8601 date or date-time for /CreationDate and /ModDate


def font_files() -> dict[tuple[str, str], Path]:
    """The four DejaVu Serif files, or an EditionError saying what to install."""
    folders = [os.environ["TEI_EDITION_FONT_DIR"]] if os.environ.get("TEI_EDITION_FONT_DIR") else []
    for folder in [*folders, *FONT_DIRS]:
        found = {key: Path(folder) / name for key, name in FONT_FILES.items()}
        if all(path.is_file() for path in found.values()):
            return found
    raise EditionError("the PDF needs the DejaVu Serif fonts: install Debian's fonts-dejavu-core "
                       "(or set TEI_EDITION_FONT_DIR to a folder holding "
                       f"{', '.join(FONT_FILES.values())})")


def _font_css(fonts: dict[tuple[str, str], Path]) -> str:
    return "".join(
        f'@font-face{{font-family:"{FONT_FAMILY}";font-weight:{weight};font-style:{style};'
        f'src:url("{path.resolve().as_uri()}")}}\n' for (weight, style), path in fonts.items())


def creation_date(options: PrintOptions) -> str | None:
    """The date to state in the PDF: the one given, else SOURCE_DATE_EPOCH's, else none."""
    if options.created:
        return options.created
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        moment = datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError):
        raise EditionError(f"SOURCE_DATE_EPOCH is not a number of seconds: {epoch!r}") from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class PdfRenderer:
    """WeasyPrint with the print stylesheet and the fonts loaded once per process."""

    def __init__(self, stylesheets: Path | None = None) -> None:
        # Imported here: WeasyPrint loads Pango at import, which `--formats html` never needs.
        try:
            import weasyprint  # type: ignore[import-untyped]
            from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]
        except (ImportError, OSError) as exc:  # OSError: Pango or HarfBuzz missing
            raise EditionError(f"the PDF needs WeasyPrint and its system libraries "
                               f"(Pango, HarfBuzz): {exc}") from None
        logging.getLogger("weasyprint").setLevel(logging.ERROR)  # its warnings are not ours
        self._weasyprint = weasyprint
        fonts = font_files()
        self._fetcher = _local_fetcher(weasyprint, {path.resolve().as_uri() for path in fonts.values()})
        self._fonts = FontConfiguration()
        css_path = (stylesheets or xslt_dir()) / PRINT_CSS
        try:
            css_text = css_path.read_text(encoding="utf-8")
        except OSError as exc:
            raise EditionError(f"cannot read the print stylesheet: {exc.strerror}",
                               Location(str(css_path))) from None
        self._css_text = _font_css(fonts) + css_text
        self._sheets: dict[str, Any] = {}

    def _stylesheets(self, page_size: str) -> list[Any]:
        if page_size not in self._sheets:
            css = f"{self._css_text}\n@page {{ size: {page_size}; }}\n"
            self._sheets[page_size] = self._weasyprint.CSS(
                string=css, font_config=self._fonts, url_fetcher=self._fetcher)
        return [self._sheets[page_size]]

    def render(self, html: bytes, name: str, options: PrintOptions | None = None) -> bytes:
        """The PDF of one print HTML document."""
        options = options or PrintOptions()
        if options.page_size not in PAGE_SIZES:
            raise EditionError(f"unknown page size {options.page_size!r} "
                               f"(one of {', '.join(PAGE_SIZES)})")
        created = creation_date(options)
        try:
            document = self._layout(html, options)
            pages = _anchor_pages(document)
            shorter = unique_index_pages(html, pages)
            if shorter != html:  # the index had a page twice: lay out its shorter version
                document = self._layout(shorter, options)
            document.metadata.created = created
            document.metadata.modified = created
            data = document.write_pdf(pdf_variant=PDF_VARIANT, font_config=self._fonts)
        except Exception as exc:  # WeasyPrint has no error type of its own
            raise EditionError(f"the PDF could not be made: {type(exc).__name__}: {exc}",
                               Location(name)) from None
        return bytes(data)

    def _layout(self, html: bytes, options: PrintOptions) -> Any:
        return self._weasyprint.HTML(
            string=html.decode("utf-8"), base_url=None, url_fetcher=self._fetcher).render(
            stylesheets=self._stylesheets(options.page_size), font_config=self._fonts,
            pdf_variant=PDF_VARIANT)


def _anchor_pages(document: Any) -> dict[str, int]:
    """The page number (counted from 1, as counter(page) does here) of every id: the page
    where its element starts, as target-counter() counts (a paragraph split over two
    pages is an anchor on both)."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def unique_index_pages(html: bytes, pages: dict[str, int]) -> bytes:
    """The print HTML with each index entry naming each PDF page once, in page order.

    An entry links every paragraph or note that names its person or work; CSS writes each
    link's page (target-counter), so two mentions on one page would read "12, 12". With
    the pages of a first layout, the later links to a page already named are dropped.
    Dropping them only shortens the index: every page it names comes before it, so the
    second layout gives the same pages for them."""
    from lxml import html as lxml_html

    tree = lxml_html.document_fromstring(html.decode("utf-8"))
    changed = False
    for entry in tree.xpath('//section[@class="index"]//li'):
        links = entry.xpath('a[@class="pageref"]')
        kept: list[Any] = []
        seen: set[int | None] = set()
        for link in links:
            page = pages.get((link.get("href") or "").removeprefix("#"))
            if page not in seen or page is None:
                kept.append(link)
                seen.add(page)
        kept.sort(key=lambda link: pages.get((link.get("href") or "").removeprefix("#"), 0))
        if kept == links:
            continue
        changed = True
        end = links[-1].tail
        for link in links:
            entry.remove(link)
        for i, link in enumerate(kept):
            link.tail = ", " if i < len(kept) - 1 else end
            entry.append(link)
    if not changed:
        return html
    return lxml_html.tostring(tree, encoding="utf-8", doctype="<!DOCTYPE html>") + b"\n"


def _local_fetcher(weasyprint: Any, allowed: set[str]) -> Any:
    """A WeasyPrint URL fetcher that serves only the given file URLs (the fonts)."""

    class LocalFetcher(weasyprint.urls.URLFetcher):  # type: ignore[misc, name-defined]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in allowed:
                raise ValueError(f"the print edition fetches nothing but its fonts: {url}")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols=("file",), fail_on_errors=True)


@functools.cache
def default_renderer() -> PdfRenderer:
    """The process's renderer: fonts and stylesheet loaded on first use, then reused."""
    return PdfRenderer()
