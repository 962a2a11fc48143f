"""State a layout rule as "these source lines read as this TEI fragment".

    reads(doc("Une ligne courte.")).at("//t:body//t:p") == ['<p>Une ligne courte.</p>']

`doc` puts body lines under a title block (B1) in the extraction layout: each physical line
followed by a blank line (L1), the page opening with a space (P1). `reads` converts with the
real converter (`convert_text`); `at` serializes the elements an XPath finds, without the
TEI namespace, the indentation and xml:id (ids have tests of their own), so a fragment reads
as the TEI a reader would write by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from tei_edition.convert import convert_text

TEI = {"t": "http://www.tei-c.org/ns/1.0"}
TITLE = " RAPPORT DE N. ORATEUR À LA CONFÉRENCE \n\n10-11 février 1926 \n\n"  # B1; it names the speaker


def doc(*lines: str, title: str = TITLE) -> str:
    """Body lines after a title block, each followed by a blank line (L1). A line may hold
    several source lines itself (a mark on its own line, N1): it is kept as written."""
    return title + "".join(f"{ln}\n\n" for ln in lines)


@dataclass
class Read:
    xml: bytes
    warnings: list[str]

    @property
    def root(self) -> etree._Element:
        return etree.fromstring(self.xml)

    def at(self, xpath: str) -> list[str]:
        return [fragment(el) for el in self.root.xpath(xpath, namespaces=TEI)]

    def text(self, xpath: str) -> list[str]:
        return [" ".join("".join(el.itertext()).split()) for el in self.root.xpath(xpath, namespaces=TEI)]


def fragment(el: etree._Element) -> str:
    out = etree.tostring(el, encoding="unicode", with_tail=False)
    out = out.replace(' xmlns="http://www.tei-c.org/ns/1.0"', "")
    out = re.sub(r">\n\s*<", "><", out)  # the serializer's indentation (text never holds a newline)
    return re.sub(r' xml:id="[^"]*"', "", out)


def reads(text: str, meta: dict | None = None, name: str = "rule.txt") -> Read:
    result = convert_text(text, name, meta)
    return Read(result.xml, [str(w) for w in result.warnings])
