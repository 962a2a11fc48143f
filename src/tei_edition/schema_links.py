"""The TEI's `<?xml-model?>` links, and the schema files they need beside the TEI.

Every link is relative and the same wherever the TEI is written: `schema/…`, a folder beside
the TEI file, which the writer fills with the schema files (issue 13). So a conversion gives
the same bytes in the checkout's `tei/` (whose `tei/schema/` holds copies of `schema/`,
checked by a test), in a build folder, a deposit bag or a site.

A TEI file copied alone into an empty folder has links that resolve to nothing: the
validator names the missing file (`validate` reads the links).
"""

from __future__ import annotations

from pathlib import Path

from .xmlio import write_atomic

RNG = "http://relaxng.org/ns/structure/1.0"
XSD = "http://www.w3.org/2001/XMLSchema"
SCH = "http://purl.oclc.org/dsdl/schematron"

SCHEMA_FOLDER = "schema"  # beside the TEI file
# (file, schema language) in the order the links are written: the customisation as RELAX NG,
# as XSD, its Schematron rules, the official tei_all
LINKED = (("tei-edition.rng", RNG), ("tei-edition.xsd", XSD), ("tei-edition.sch", SCH),
          ("tei_all.rng", RNG))
# what the linked files need themselves (the XSD imports xml.xsd)
NEEDED = ("xml.xsd",)


def model_links() -> tuple[str, ...]:
    """The pseudo-attributes of each xml-model processing instruction."""
    return tuple(f'href="{SCHEMA_FOLDER}/{name}" type="application/xml" schematypens="{ns}"'
                 for name, ns in LINKED)


def place_schemas(tei: Path) -> list[Path]:
    """Write the schema files a TEI file at `tei` links to into the schema/ folder beside it;
    a file already there with the same bytes is left alone. Returns the files written."""
    from .resources import schema_dir

    written = []
    target_dir = tei.parent / SCHEMA_FOLDER
    for name in [n for n, _ in LINKED] + list(NEEDED):
        data = (schema_dir() / name).read_bytes()
        target = target_dir / name
        if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
            continue
        write_atomic(target, data)
        written.append(target)
    return written
