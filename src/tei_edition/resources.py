"""Where the shipped stylesheets, schemas and embedded sources live, installed or in a checkout."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def _dir(package: str, checkout_name: str, marker: str) -> Path:
    # A wheel maps these folders into the package (as namespace packages, whose resource
    # root is no plain path: ask for a file inside); a checkout keeps them at the top.
    try:
        found = Path(str(files(package).joinpath(marker)))
        if found.is_file():
            return found.parent
    except (ModuleNotFoundError, TypeError, NotADirectoryError):
        pass
    return _CHECKOUT / checkout_name


def xslt_dir() -> Path:
    return _dir("tei_edition.xslt", "xslt", "tei-common.xsl")


def schema_dir() -> Path:
    return _dir("tei_edition.schema", "schema", "tei-edition.xsd")


def sources_dir() -> Path:
    return _dir("tei_edition.sources", "sources", "boukharine-1926-leningrad.txt")
