"""Validate TEI files: any project's schemas (RELAX NG, XSD, ISO Schematron), the schemas
each file declares, tei_all (shipped), the project's own profile and generic rules.

    from tei_edition.validation import Validator
    problems = Validator().validate("tei/boukharine-1926-leningrad.xml")   # [] when valid
    results = Validator(tei_all=True).validate_files(paths)                 # {path: [Problem]}

Modules: problems (Problem, Locator), schemas (which schemas apply: given, declared, the
catalog of official TEI addresses), xsd (xmlschema), rng (jing), schematron (compiled to
XSLT 3.0, run on saxonche), rules (generic checks), corpus (safe XInclude), engine (one
file), validator (many files), reports (text, JSON, JUnit, GitHub, SARIF).
"""

from __future__ import annotations

import shutil  # noqa: F401  (tests replace shutil.which to simulate a machine without Java)
from pathlib import Path
from typing import Any

from ..errors import EditionError
from ..resources import schema_dir
from .problems import Problem, is_valid, sort_problems
from .rng import jing_command, parse_jing_output
from .rng import run_jing as _run_jing
from .schemas import PROJECT_SCH, PROJECT_XSD, Schema, make_schema
from .validator import Validator, default_jobs, find_tei_all
from .xsd import cache_dir, cache_file
from .xsd import load_xsd as _load_xsd

XSD_NAME = PROJECT_XSD
SCH_NAME = PROJECT_SCH

__all__ = ["EditionError", "Problem", "Schema", "Validator", "cache_dir", "default_jobs",
           "find_tei_all", "is_valid", "jing_command", "load_xsd", "make_schema",
           "parse_jing_output", "run_jing", "sort_problems"]


def load_xsd(xsd: Path | None = None, use_cache: bool = True) -> Any:
    """The built XMLSchema of `xsd` (default: the project's), from the pickle cache."""
    return _load_xsd(xsd or schema_dir() / XSD_NAME, use_cache)


def _cache_file(xsd: Path) -> Path:
    return cache_file(xsd)


def run_jing(files: dict[str, str], rng: Path) -> dict[str, list[Problem]]:
    """Check well-formed files ({absolute path: shown name}) against a RELAX NG schema."""
    return _run_jing(files, Path(rng))
