"""Which schemas apply to a file: given ones (--schema, --tei-all, the project profile) and
the ones it declares in <?xml-model?>, resolved locally (a catalog maps the official TEI
addresses to the copies shipped in this package; nothing is ever fetched)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..resources import schema_dir
from .problems import Problem

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
TYPENS = {RNG_NS: "rng", XSD_NS: "xsd", SCH_NS: "sch",
          "http://www.ascc.net/xml/schematron": "sch"}
PROJECT_XSD = "tei-edition.xsd"
PROJECT_SCH = "tei-edition.sch"
PROJECT_PHASE = "validator"
TEI_ALL_RNG = "tei_all.rng"
TEI_ALL_SCH = "tei_all.isosch"
TEI_ALL_VERSION = "4.8.0"
# The TEI Consortium's addresses of tei_all (current release or a dated copy in the Vault).
_OFFICIAL = re.compile(r"^https?://(?:www\.)?tei-c\.org/(?:release|Vault/P5/(?P<version>"
                       r"[^/]+))/xml/tei/custom/schema/relaxng/tei_all\.(?:rng|rnc)$")
_REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Schema:
    """One schema to check against: its language, local file, phase (Schematron) and how its
    problems are labelled (label prefixes messages; "" for the project's own schemas)."""

    kind: str            # "rng", "rnc", "xsd" or "sch"
    path: Path
    phase: str | None = None
    label: str = ""
    rule: str = ""

    @property
    def is_project(self) -> bool:
        return self.path.name in (PROJECT_XSD, PROJECT_SCH)


# The files tei-edition's own TEI links to (schema_links.LINKED), all shipped in the package.
_SHIPPED_LINKED = (PROJECT_XSD, PROJECT_SCH, "tei-edition.rng", TEI_ALL_RNG)


def shipped(name: str) -> Path:
    return schema_dir() / name


def project_profile() -> list[Schema]:
    return [make_schema(shipped(PROJECT_XSD)), make_schema(shipped(PROJECT_SCH))]


def tei_all(rng: Path | None = None, schematron: bool = True) -> list[Schema]:
    found = [Schema("rng", (rng or shipped(TEI_ALL_RNG)).resolve(), None, "tei_all", "tei-all")]
    if schematron:
        found.append(Schema("sch", shipped(TEI_ALL_SCH).resolve(), None, "tei_all", ""))
    return found


def kind_of(path: Path, declared: str | None = None) -> str:
    """The schema language: declared (xml-model's schematypens), else by name, else by the
    root element of the file."""
    if path.suffix.lower() == ".rnc":
        return "rnc"
    if declared:
        return declared
    suffix = path.suffix.lower()
    by_suffix = {".rng": "rng", ".xsd": "xsd", ".sch": "sch", ".isosch": "sch"}
    if suffix in by_suffix:
        return by_suffix[suffix]
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
        namespace = re.search(rb"<(?:\w+:)?(?:grammar|element|schema)\b[^>]*xmlns(?::\w+)?="
                              rb"[\"']([^\"']+)", head)
    except OSError:
        namespace = None
    if namespace:
        return TYPENS.get(namespace[1].decode("utf-8", "replace"), "rng")
    return "rnc"  # not XML: the compact syntax


def make_schema(path: Path, declared: str | None = None, phase: str | None = None) -> Schema:
    path = path.resolve()
    kind = kind_of(path, declared)
    if path.name in (PROJECT_XSD, PROJECT_SCH):
        # The project's rules but id-unique, which the generic rule checks in linear time.
        phase = phase or (PROJECT_PHASE if kind == "sch" else None)
        return Schema(kind, path, phase, "", "schema" if kind == "xsd" else "")
    if path.name in (TEI_ALL_RNG, TEI_ALL_SCH):
        return Schema(kind, path, phase, "tei_all", "tei-all" if kind in ("rng", "rnc") else "")
    return Schema(kind, path, phase, path.name, {"rng": "relaxng", "rnc": "relaxng",
                                                 "xsd": "xml-schema"}.get(kind, ""))


def _pseudo_attributes(pi: etree._ProcessingInstruction) -> dict[str, str]:
    found = re.findall(r'([\w:-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')', pi.text or "")
    return {key: double or single for key, double, single in found}


def declared_schemas(tree: etree._ElementTree, path: Path | None,
                     name: str) -> tuple[list[Schema], list[Problem]]:
    """The schemas a file's <?xml-model?> instructions name, and problems with them (a
    remote address that is not in the catalog: not fetched, reported)."""
    schemas: list[Schema] = []
    problems: list[Problem] = []
    for pi in tree.getroot().itersiblings(preceding=True):
        if not isinstance(pi, etree._ProcessingInstruction) or pi.target != "xml-model":
            continue
        attributes = _pseudo_attributes(pi)
        href = attributes.get("href", "").strip()
        if not href:
            continue
        declared = TYPENS.get(attributes.get("schematypens", ""))
        if attributes.get("type") == "application/relax-ng-compact-syntax":
            declared = "rnc"
        line = pi.sourceline
        official = _OFFICIAL.match(href)
        if official:
            schemas.append(_official(declared))
            version = official["version"]
            if version and version not in ("current", TEI_ALL_VERSION):
                problems.append(Problem(name, line, 1, "warning",
                                        f"{href} (TEI {version}) is checked with the shipped "
                                        f"tei_all {TEI_ALL_VERSION}", "xml-model"))
            continue
        if _REMOTE.match(href) and not href.startswith("file:"):
            problems.append(Problem(name, line, 1, "warning",
                                    f"schema {href} is remote and is never fetched: it was not "
                                    "checked (give a local copy with --schema FILE)",
                                    "xml-model"))
            continue
        base = path.parent if path is not None else Path.cwd()
        target = (base / href.removeprefix("file://")).resolve()
        if not target.is_file() and target.name in _SHIPPED_LINKED:
            # TEI made by tei-edition names its schemas by relative links; a copy moved
            # without them is checked with the same schemas, shipped here.
            target = shipped(target.name).resolve()
        if not target.is_file():
            problems.append(Problem(name, line, 1, "error",
                                    f"declared schema {href} not found (looked for {target})",
                                    "xml-model"))
            continue
        schemas.append(make_schema(target, declared, attributes.get("phase")))
    return schemas, problems


def _official(declared: str | None) -> Schema:
    # The TEI's own templates name tei_all.rng twice: as RELAX NG, and as Schematron for the
    # rules embedded in it, which the shipped tei_all.isosch holds.
    if declared == "sch":
        return make_schema(shipped(TEI_ALL_SCH), "sch")
    return make_schema(shipped(TEI_ALL_RNG), "rng")
