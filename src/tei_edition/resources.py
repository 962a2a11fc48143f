"""Where the shipped stylesheets and schemas live, installed or in a checkout."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def _dir(package: str, checkout_name: str) -> Path:
    # A checkout (or an editable install) keeps them at the top level; a wheel maps them
    # into the package, so try the package first and fall back to the tree.
    try:
        found = Path(str(files(package)))
        if found.is_dir():
            return found
    except ModuleNotFoundError:
        pass
    return _CHECKOUT / checkout_name


def xslt_dir() -> Path:
    return _dir("tei_edition.xslt", "xslt")


def schema_dir() -> Path:
    return _dir("tei_edition.schema", "schema")
