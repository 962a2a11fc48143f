"""TEI edition -> Parla-CLARIN TEI, by xslt/tei-to-parlaclarin.xsl (XSLT 3.0, saxonche)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ..errors import EditionError, Location
from ..resources import xslt_dir

STYLESHEET = "tei-to-parlaclarin.xsl"


@functools.cache
def _compiled() -> tuple[Any, Any]:
    from saxonche import PySaxonProcessor

    from ..transform import _NO_DOCTYPE

    saxon = PySaxonProcessor(license=False)
    saxon.set_configuration_property(_NO_DOCTYPE, "true")
    compiler = saxon.new_xslt30_processor()
    return saxon, compiler.compile_stylesheet(stylesheet_file=str(xslt_dir() / STYLESHEET))


def to_parla_clarin(tei: Path) -> bytes:
    """The Parla-CLARIN document of one (already safely parsed) TEI file."""
    from saxonche import PySaxonApiError

    saxon, stylesheet = _compiled()
    try:
        document = saxon.parse_xml(xml_file_name=str(tei.resolve()))
        return (stylesheet.transform_to_string(xdm_node=document) or "").encode("utf-8")
    except PySaxonApiError as exc:
        raise EditionError(f"Parla-CLARIN export failed: {exc}", Location(str(tei))) from None
