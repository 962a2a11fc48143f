"""Checking one file: read it safely, find its schemas, run the in-process checks.

check_file() runs in a worker process (or in the caller's, with jobs=0) and returns plain
data (FileResult): its problems, what the corpus-wide pointer check needs, and what jing
must still check (RELAX NG runs once per run in the main process, see validator.py).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import EditionError
from ..inputs import read_regular
from ..xmlio import MAX_XML_BYTES, parse_xml_bytes
from . import corpus, rules, schemas
from .problems import TEI_NS, Locator, Problem
from .rng import JingTarget
from .schematron import Compiled, SchematronRunner, compile_schematron
from .xsd import cached_xsd, xsd_problems

# Elements nested deeper than this are refused: the project's TEI is about 12 deep, and the
# schema validator recurses once per level (libxml2 itself stops at 256).
MAX_DEPTH = 200
ROOTS = ("TEI", "teiCorpus")
# Problems after which a file is not handed to the schemas (they could say nothing useful).
FATAL = frozenset({"well-formed", "no-doctype", "root", "depth", "input"})


@dataclass(frozen=True)
class Plan:
    """What to check every file with (the same for the whole run)."""

    schemas: tuple[schemas.Schema, ...] = ()
    declared: bool = True
    rules: frozenset[str] = frozenset(rules.RULES)
    project_warning: bool = False   # the project profile's "no <?xml-model?>" warning
    use_cache: bool = True
    temp_dir: str | None = None     # where expanded corpora are written for jing


@dataclass
class FileResult:
    name: str
    problems: list[Problem] = field(default_factory=list)
    facts: rules.PointerFacts = field(default_factory=rules.PointerFacts)
    members: list[Path] = field(default_factory=list)
    jing: list[tuple[schemas.Schema, str, JingTarget]] = field(default_factory=list)
    seconds: float = 0.0


def read_bounded(path: Path) -> bytes:
    """The file's bytes, or EditionError: only regular files, never more than the XML limit
    (a FIFO would block, /dev/zero would never end): inputs.read_regular."""
    return read_regular(path, MAX_XML_BYTES, "file")


def _depth_exceeds(root: etree._Element, limit: int) -> etree._Element | None:
    # libxml2's XPath in C: much faster than walking the tree in Python.
    found = root.xpath(f"(descendant-or-self::*[count(ancestor::*) >= {limit}])[1]")
    return found[0] if found else None


def structure_problems(tree: etree._ElementTree, locator: Locator) -> list[Problem]:
    """Problems that make the other checks meaningless: wrong root, nesting."""
    root = tree.getroot()
    qname = etree.QName(root)
    if qname.localname not in ROOTS:
        return [Problem(*locator.where(root), "error",
                        f"the root element is <{qname.localname}>: a TEI document's root is "
                        f"<TEI> (or <teiCorpus>) in the namespace {TEI_NS}", "root")]
    if qname.namespace != TEI_NS:
        found = f"the namespace {qname.namespace}" if qname.namespace else "no namespace"
        return [Problem(*locator.where(root), "error",
                        f"<{qname.localname}> is in {found}: add xmlns=\"{TEI_NS}\" to the "
                        "root element", "root")]
    deep = _depth_exceeds(root, MAX_DEPTH)
    if deep is not None:
        return [Problem(*locator.where(deep), "error",
                        f"elements are nested more than {MAX_DEPTH} deep", "depth")]
    return []


# Per process: Schematron compiled to XSLT (plain text: workers forked after it inherit it),
# and that XSLT compiled by Saxon (which each process must do itself), by schema and phase.
_COMPILED: dict[tuple[Path, str | None], Compiled] = {}
_RUNNERS: dict[tuple[Path, str | None], SchematronRunner] = {}


def compiled_schematron(schema: schemas.Schema) -> Compiled:
    key = (schema.path, schema.phase)
    if key not in _COMPILED:
        _COMPILED[key] = compile_schematron(schema.path, schema.phase)
    return _COMPILED[key]


def schematron_runner(schema: schemas.Schema) -> SchematronRunner:
    key = (schema.path, schema.phase)
    if key not in _RUNNERS:
        _RUNNERS[key] = SchematronRunner(compiled_schematron(schema))
    return _RUNNERS[key]


def prepare(plan: Plan) -> None:
    """Compile the run's given schemas now, so that a broken one fails before any file."""
    for schema in plan.schemas:
        if schema.kind == "xsd":
            cached_xsd(schema.path, plan.use_cache)
        elif schema.kind == "sch":
            schematron_runner(schema)


def check_file(path: Path, name: str, plan: Plan, boundary: Path,
               names: dict[Path, str] | None = None) -> FileResult:
    start = time.perf_counter()
    result = _check_file(path, name, plan, boundary, names)
    result.seconds = time.perf_counter() - start
    return result


def _check_file(path: Path, name: str, plan: Plan, boundary: Path,
                names: dict[Path, str] | None) -> FileResult:
    result = FileResult(name)
    try:
        tree = parse_xml_bytes(read_bounded(path), name, collect_ids=False)
    except EditionError as error:
        where = error.where
        rule = "input" if where is None else "well-formed"
        result.problems.append(Problem(name, where.line if where else None,
                                       where.column if where else None, "error",
                                       error.message, rule))
        return result
    locator = Locator(tree, name, path)
    found = structure_problems(tree, locator)
    if found:
        result.problems = found
        return result
    expanded = None
    if corpus.has_xinclude(tree.getroot()):
        expanded = corpus.expand(tree, path, name, boundary, names)
        result.members = expanded.members
        result.problems += expanded.problems
        locator = Locator(tree, name, path, expanded.origins)
    applied = _schemas_for(tree, path, name, plan, result)
    for schema in applied:
        _check_with(schema, tree, path, locator, plan, result, expanded is not None)
    # The project profile checks pointers and dates its own way; id-unique it leaves to
    # the generic rule (see the phase in tei-edition.sch).
    enabled = set(plan.rules)
    if any(schema.is_project for schema in applied):
        enabled &= {"id-unique"}
    generic, facts = rules.check_rules(tree.getroot(), locator, enabled)
    result.problems += generic
    result.facts = facts
    return result


def _schemas_for(tree: etree._ElementTree, path: Path, name: str, plan: Plan,
                 result: FileResult) -> list[schemas.Schema]:
    applied = list(plan.schemas)
    if plan.declared:
        found, problems = schemas.declared_schemas(tree, path, name)
        applied += found
        result.problems += problems
        if not found and not plan.schemas and not problems:
            result.problems.append(Problem(
                name, 1, 1, "warning", "declares no schema (no <?xml-model?>) and none was "
                "given: only well-formedness and the generic rules were checked (use --schema "
                "or --tei-all)", "xml-model"))
    if plan.project_warning:
        result.problems += _project_model_problems(tree, name)
    unique: dict[tuple[str, Path, str | None], schemas.Schema] = {}
    for schema in applied:
        unique.setdefault((schema.kind, schema.path, schema.phase), schema)
    return list(unique.values())


def _project_model_problems(tree: etree._ElementTree, name: str) -> list[Problem]:
    hrefs = " ".join(
        pi.get("href") or ""
        for pi in tree.getroot().itersiblings(preceding=True)
        if isinstance(pi, etree._ProcessingInstruction) and pi.target == "xml-model"
    )
    if schemas.PROJECT_XSD in hrefs and schemas.PROJECT_SCH in hrefs:
        return []
    return [Problem(name, 1, 1, "warning",
                    f"no <?xml-model?> instruction names {schemas.PROJECT_XSD} and "
                    f"{schemas.PROJECT_SCH}: editors will not validate this file on opening",
                    "xml-model")]


def _check_with(schema: schemas.Schema, tree: etree._ElementTree, path: Path,
                locator: Locator, plan: Plan, result: FileResult, expanded: bool) -> None:
    try:
        if schema.kind == "xsd":
            result.problems += xsd_problems(cached_xsd(schema.path, plan.use_cache),
                                            tree.getroot(), locator, schema.label,
                                            schema.rule or "xml-schema")
        elif schema.kind == "sch":
            result.problems += _schematron_problems(schema, tree, locator)
        elif expanded:
            result.jing.append((schema, *_expanded_copy(tree, locator, plan, result.name)))
        else:
            result.jing.append((schema, str(path.resolve()), JingTarget(result.name)))
    except EditionError as error:  # a broken declared schema: said once per file
        result.problems.append(Problem(result.name, None, None, "error",
                                       f"{schema.path.name}: {error}", "schema-unusable"))


def _schematron_problems(schema: schemas.Schema, tree: etree._ElementTree,
                         locator: Locator) -> list[Problem]:
    runner = schematron_runner(schema)
    prefix = f"{schema.label}: " if schema.label else ""
    problems = []
    for failure in runner.run(etree.tostring(tree.getroot(), encoding="unicode")):
        name, line, column = locator.where(locator.element_at(failure.path))
        message = prefix + failure.message
        if failure.diagnostics:
            message += f" ({failure.diagnostics})"
        problems.append(Problem(name, line, column, failure.severity, message, failure.rule))
    return problems


def _expanded_copy(tree: etree._ElementTree, locator: Locator, plan: Plan,
                   name: str) -> tuple[str, JingTarget]:
    """The corpus with its XIncludes expanded, written for jing, and where its lines came
    from (each element's file and line)."""
    data = etree.tostring(tree, encoding="utf-8", xml_declaration=True)
    fd, copy = tempfile.mkstemp(suffix=".xml", dir=plan.temp_dir)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    reparsed = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    target = JingTarget(name)
    for original, written in zip(tree.getroot().iter(etree.Element),
                                 reparsed.iter(etree.Element), strict=False):
        file, line, _ = locator.where(original)
        if written.sourceline is not None and (not target.lines
                                               or written.sourceline > target.lines[-1]):
            target.lines.append(written.sourceline)
            target.origins.append((file, line))
    return copy, target


def worker_init(plan: Plan) -> None:
    """A worker compiles the run's schemas once, then checks many files."""
    global _PLAN
    _PLAN = plan
    with contextlib.suppress(EditionError):  # reported with the first file it stops
        prepare(plan)


_PLAN: Plan | None = None


def worker_check(job: tuple[str, str, str, dict[Path, str]]) -> FileResult:
    path, name, boundary, names = job
    assert _PLAN is not None
    return check_file(Path(path), name, _PLAN, Path(boundary), names)

