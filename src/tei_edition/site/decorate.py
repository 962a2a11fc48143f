"""The site's bar and footer on a document's reading page, and the citation every page gives.

The reading page is the one `tei-edition build` writes; the site adds, right after <body>,
a bar of links to the shared pages and the TEI, and, before </body>, a footer with the
build's version and date and how to cite the page at its stable URL. Nothing else of the
page changes. Plain links and text: the page still needs no script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from .summary import Summary

_BODY_OPEN = re.compile(rb"<body\b[^>]*>")
_BODY_CLOSE = b"</body>"
_STYLE = ("font:.85rem/1.5 system-ui,sans-serif;max-width:40rem;margin:0 auto;"
          "padding:.5rem 1rem;color:#5c5750")

# Where a document's files live in the site, relative to its root: stable URLs.
DOCUMENTS_DIR = "documents"
TEI_DIR = "tei"


@dataclass(frozen=True)
class SiteInfo:
    """What every page of one build says about the build (part of each document's key)."""

    title: str
    publisher: str
    version: str
    build_date: str  # ISO 8601 date, given for reproducible builds
    base_url: str = ""  # where the site is published, for the citations ("" : relative)

    def url(self, path: str) -> str:
        return f"{self.base_url.rstrip('/')}/{path}" if self.base_url else path


def document_path(stem: str, suffix: str) -> str:
    return f"{DOCUMENTS_DIR}/{stem}{suffix}"


def tei_path(stem: str) -> str:
    return f"{TEI_DIR}/{stem}.xml"


def citation(info: SiteInfo, title: str, path: str) -> str:
    return (f"{info.publisher}, « {title} », {info.title}, version {info.version} du "
            f"{info.build_date}, {info.url(path)}")


def decorate_page(html: bytes, summary: Summary, info: SiteInfo) -> bytes:
    page = document_path(summary.stem, ".html")
    up = "../"
    links = [("index.html", "Documents"), ("persons.html", "Personnes"),
             ("works.html", "Œuvres"), ("search.html", "Recherche"),
             (tei_path(summary.stem), "Source TEI")]
    bar = (f'<nav class="site-bar" aria-label="{escape(info.title)}" style="{_STYLE}">'
           + " · ".join(f'<a href="{up}{href}">{escape(label)}</a>' for href, label in links)
           + "</nav>")
    footer = (f'<footer class="site-footer" style="{_STYLE}">'
              f"<p>Citer cette page : {escape(citation(info, summary.title, page))}.</p>"
              f"<p>{escape(info.title)} — tei-edition {escape(info.version)}, construit le "
              f'<time datetime="{escape(info.build_date)}">{escape(info.build_date)}</time>.'
              "</p></footer>")
    opened = _BODY_OPEN.search(html)
    closed = html.rfind(_BODY_CLOSE)
    if opened is None or closed < opened.end():  # not the page build makes: left as it is
        return html
    return (html[:opened.end()] + bar.encode() + html[opened.end():closed] + footer.encode()
            + html[closed:])
