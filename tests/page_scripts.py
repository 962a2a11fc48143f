"""The two scripts the reading edition carries, checked and then set aside.

The page has exactly one JSON-LD description (data: JSON whose TEI text is escaped, so it
holds no "<") and one fixed behaviour script (Escape closes a note) that is the same bytes
in every page, whatever the TEI. Tests that look for script coming from the TEI check these
two with `without_our_scripts` and look at the rest of the page.
"""

from __future__ import annotations

import json

from lxml import html

# The behaviour script, as the stylesheet writes it: any other script is a failure.
ESCAPE_SCRIPT_START = 'document.addEventListener("keydown",function(e){if(e.key!=="Escape")return;'


def without_our_scripts(source: str) -> str:
    """The page source without its JSON-LD and its Escape script, after checking them."""
    page = html.document_fromstring(source)
    kinds = []
    for script in page.xpath("//script"):
        body = script.text or ""
        if script.get("type") == "application/ld+json":
            assert set(script.attrib) == {"type"}
            assert "<" not in body and ">" not in body, "JSON-LD must escape < and >"
            assert json.loads(body)["@context"] == "https://schema.org"
            written = f'<script type="application/ld+json">{body}</script>'
            kinds.append("ld")
        else:
            assert not script.attrib, dict(script.attrib)
            assert body.startswith(ESCAPE_SCRIPT_START) and "<" not in body, body[:80]
            written = f"<script>{body}</script>"
            kinds.append("js")
        assert source.count(written) == 1, "a script of the page is not written as parsed"
        source = source.replace(written, "")
    assert sorted(kinds) == ["js", "ld"], kinds
    return source
