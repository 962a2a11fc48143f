"""The TEI's `<?xml-model?>` links, and the schema files they need beside the TEI.

Every link is relative, so a TEI file and its schemas travel together (issue 13):

- the edition in a checkout's `tei/` folder links to the checkout's `schema/` folder
  (`../schema/…`): that is what `tei-edition convert` writes by default (the committed TEI);
- a TEI file written anywhere else (`convert -o elsewhere/x.xml`, `build -o DIR`) links to a
  `schema/` folder beside it (`schema/…`), and the writer puts the schema files there.

A TEI file copied alone into an empty folder has links that resolve to nothing: the
validator names the missing file (`validate` reads the links).
"""

from __future__ import annotations

from pathlib import Path

from .xmlio import write_atomic

RNG = "http://relaxng.org/ns/structure/1.0"
XSD = "http://www.w3.org/2001/XMLSchema"
SCH = "http://purl.oclc.org/dsdl/schematron"

CHECKOUT_BASE = "../schema/"
BESIDE_BASE = "schema/"
# (file, schema language) in the order the links are written: the customisation as RELAX NG,
# as XSD, its Schematron rules, the official tei_all
LINKED = (("tei-edition.rng", RNG), ("tei-edition.xsd", XSD), ("tei-edition.sch", SCH),
          ("tei_all.rng", RNG))
# what the linked files need themselves (the XSD imports xml.xsd)
NEEDED = ("xml.xsd",)


def model_links(base: str = CHECKOUT_BASE) -> tuple[str, ...]:
    """The pseudo-attributes of each xml-model processing instruction."""
    return tuple(f'href="{base}{name}" type="application/xml" schematypens="{ns}"'
                 for name, ns in LINKED)


def base_for(tei: Path) -> str:
    """Where the links of a TEI file written at `tei` point: the checkout's schema/ for a
    file in a checkout's tei/ folder, else a schema/ folder beside the file."""
    folder = tei.parent
    if folder.name == "tei" and (folder.parent / "schema" / "tei-edition.xsd").is_file():
        return CHECKOUT_BASE
    return BESIDE_BASE


def place_schemas(tei: Path, base: str) -> list[Path]:
    """Write the schema files a TEI file at `tei` links to into the schema/ folder beside it
    (when its links point there); a file already there with the same bytes is left alone.
    Returns the files written."""
    if base != BESIDE_BASE:
        return []
    from .resources import schema_dir

    written = []
    target_dir = tei.parent / "schema"
    for name in [n for n, _ in LINKED] + list(NEEDED):
        data = (schema_dir() / name).read_bytes()
        target = target_dir / name
        if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
            continue
        write_atomic(target, data)
        written.append(target)
    return written
