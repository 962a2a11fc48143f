"""W3C XML Schema (XSD 1.0) with xmlschema; the built schema is pickled, keyed by content."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import EditionError, Location
from .problems import Locator, Problem, local, readable

# A broken file can produce thousands of grammar errors; the first ones are the useful ones.
MAX_SCHEMA_ERRORS = 50
# Errors looked at, shown or not (xmlschema's duplicate-ID errors are skipped, so without
# a bound a file full of repeated ids would still be read to its end for nothing).
MAX_ERRORS_SEEN = 500


def cache_dir() -> Path:
    """$TEI_EDITION_CACHE, else $XDG_CACHE_HOME/tei-edition, else ~/.cache/tei-edition."""
    if os.environ.get("TEI_EDITION_CACHE"):
        return Path(os.environ["TEI_EDITION_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tei-edition"


def xsd_key(xsd: Path) -> str:
    """Hash of every schema document beside it (imports and includes), xmlschema's version
    and Python's: a pickle from another version of either cannot be trusted to load."""
    import xmlschema

    digest = hashlib.sha256()
    for part in sorted(xsd.parent.glob("*.xsd")):
        digest.update(part.name.encode() + b"\0" + part.read_bytes())
    digest.update(f"{xsd.name}/{xmlschema.__version__}/{sys.version_info[:2]}".encode())
    return digest.hexdigest()


def cache_file(xsd: Path) -> Path:
    return cache_dir() / f"{xsd.stem}-{xsd_key(xsd)[:32]}.pickle"


def load_xsd(xsd: Path, use_cache: bool = True) -> Any:
    """The built XMLSchema: unpickled from the cache when fresh, else built and cached.
    An unwritable or corrupt cache silently falls back to building. Imports and includes
    are read from local files only (never the network)."""
    import xmlschema

    target = cache_file(xsd) if use_cache else None
    if target is not None and target.is_file():
        try:
            with target.open("rb") as fh:
                return pickle.load(fh)
        except Exception:
            pass  # stale or truncated: rebuild below and overwrite
    try:
        schema = xmlschema.XMLSchema10(str(xsd), allow="local", defuse="always")
    except (xmlschema.XMLSchemaException, etree.XMLSyntaxError, OSError, ValueError) as exc:
        detail = str(exc).strip().splitlines()
        raise EditionError(f"XML Schema unusable: {detail[0] if detail else exc}",
                           Location(str(xsd))) from None
    if target is not None:
        _write_pickle(target, schema)
    return schema


def _write_pickle(target: Path, schema: Any) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(schema, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)  # atomic: a concurrent reader sees all or nothing
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # a read-only cache costs time, never correctness


@lru_cache(maxsize=16)
def cached_xsd(xsd: Path, use_cache: bool = True) -> Any:
    return load_xsd(xsd, use_cache)


# What the project's datatypes mean, for messages that name a value (pattern -> meaning).
_PATTERN_MEANINGS = {
    "#[^\\\\s#]+": 'a pointer to an xml:id of this document, written "#id"',
    "[1-9][0-9]*": "a whole number from 1",
}
_BAD_VALUE = re.compile(r"attribute (?P<attr>\S+)='(?P<value>.*)': (?:value doesn't match any "
                        r"pattern of \['(?P<pattern>.*)'\]|invalid value)")
_UNEXPECTED = re.compile(r"Unexpected child with tag '(?P<tag>[^']+)' at position \d+\. "
                         r"Tag (?P<expected>.+) expected\.")
_INCOMPLETE = re.compile(r"The content of element '[^']+' is not complete\. "
                         r"Tag (?P<expected>.+) expected\.")


def _friendly(reason: str, validator: Any) -> str:
    """xmlschema's messages, rephrased where a person would otherwise have to decode them."""
    if match := _BAD_VALUE.match(reason):
        meaning = _PATTERN_MEANINGS.get(match["pattern"] or "")
        if meaning is None and str(getattr(validator, "name", "")).endswith("}temporal"):
            meaning = "an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD"
        if meaning:
            return f'{match["attr"]}="{match["value"]}" is not {meaning}'
    if match := _UNEXPECTED.match(reason):
        expected = ", ".join(f"<{t}>" for t in re.findall(r"'([^']+)'", match["expected"]))
        return f"<{match['tag']}> is not allowed here (expected {expected})"
    if match := _INCOMPLETE.match(reason):
        expected = ", ".join(f"<{t}>" for t in re.findall(r"'([^']+)'", match["expected"]))
        return f"content is incomplete: {expected} is missing"
    return reason


def _plain_copy(root: etree._Element) -> tuple[Any, dict[int, int]]:
    """The document as a standard-library tree, and each of its elements' number in
    document order. xmlschema indexes an element's children once per content error, which
    costs a walk along lxml's children but nothing on a list: with lxml a parent with
    thousands of wrong children took quadratic time (10 s for 10,000), with this 0.2 s.
    The copy is lxml's serialization of the already safely parsed tree (no DOCTYPE, no
    entity), read by expat; comments and processing instructions are dropped by both."""
    import xml.etree.ElementTree as ElementTree

    plain = ElementTree.fromstring(etree.tostring(root))
    return plain, {id(element): number for number, element in enumerate(plain.iter(), 1)}


def xsd_problems(schema: Any, root: etree._Element, locator: Locator, label: str,
                 rule: str = "schema") -> list[Problem]:
    """The schema's errors for one document, at most MAX_SCHEMA_ERRORS of them."""
    problems: list[Problem] = []
    prefix = f"{label}: " if label else ""
    plain, numbers = _plain_copy(root)
    for seen, error in enumerate(schema.iter_errors(plain)):
        if seen == MAX_ERRORS_SEEN:
            break
        reason = _friendly(readable(error.reason or str(error.message)), error.validator)
        if "duplicated xs:ID" in reason:
            continue  # the content rule id-unique says the same, more clearly
        number = numbers.get(id(error.elem)) if error.elem is not None else None
        element = locator.element_at(str(number)) if number else None
        name, line, column = locator.where(element)
        message = f"<{local(element.tag)}>: {reason}" if element is not None else reason
        if len(problems) == MAX_SCHEMA_ERRORS:
            problems.append(Problem(locator.where(None)[0], None, None, "error",
                                    f"{prefix}more than {MAX_SCHEMA_ERRORS} schema errors: "
                                    "the rest are not shown", rule))
            break
        problems.append(Problem(name, line, column, "error", prefix + message, rule))
    return problems
