"""ISO Schematron, compiled to XSLT 3.0 by this module and run on saxonche (no Java).

    compiled = compile_schematron(Path("rules.sch"), phase=None)   # once per run (cached)
    failures = SchematronRunner(compiled).run(xml_text)             # per document

The compiler is written here (no skeleton copied in). It supports what ISO Schematron
(2016) documents use: sch:include and sch:extends (href or rule), abstract patterns with
sch:param (is-a), abstract rules, phases (sch:active, defaultPhase, #ALL), sch:let at schema,
phase, pattern and rule level, diagnostics, value-of, name, emph/dir/span, @role and @flag,
and foreign xsl:key / xsl:function elements. queryBinding xslt, xslt2 and xslt3 all run as
XSLT 3.0 (XPath 1.0 expressions keep their meaning there, except in rare corner cases of
numeric comparison, which Schematron authors already avoid for portability).

Each failed assert or successful report comes back with the number of its element in
document order, so problems are located by one pass over the document (see
problems.Locator), not one XPath per failure: time stays linear in the number of problems.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from lxml import etree

from ..errors import EditionError, Location
from ..xmlio import parse_xml

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
S = f"{{{SCH_NS}}}"
# Bumped when the generated XSLT changes, so that a cached compilation is never stale.
COMPILER_VERSION = "2"
_COUNTER = "tei-edition-element-number"
QUERY_BINDINGS = {"xslt", "xslt2", "xslt3", "xpath2", "xpath3", "xpath31", ""}
MAX_INCLUDE_DEPTH = 10
# Roles and flags that mean "worth a look" rather than "wrong".
WARNING_WORDS = frozenset({"warning", "warn", "info", "information", "informational",
                           "nonfatal", "non-fatal", "hint", "caution"})


@dataclass(frozen=True)
class Failure:
    """One failed assert or successful report, as the compiled XSLT returns it."""

    path: str
    message: str
    rule: str
    severity: str
    diagnostics: str = ""


@dataclass
class Compiled:
    """The generated stylesheet and what the validator needs to know about the schema."""

    xslt: str
    source: Path
    digest: str
    rule_names: frozenset[str] = field(default_factory=frozenset)


# --------------------------------------------------------------------------- loading


def _load(path: Path) -> etree._Element:
    try:
        return parse_xml(path).getroot()
    except EditionError as error:
        raise EditionError(f"Schematron schema unreadable: {error.message}",
                           error.where or Location(str(path))) from None


def _resolve_href(base: Path, href: str, where: str) -> Path:
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href) and not href.startswith("file:"):
        raise EditionError(f"Schematron include {href!r} is remote: it is never fetched",
                           Location(where))
    target = (base.parent / href.removeprefix("file://").split("#")[0]).resolve()
    if not target.is_file():
        raise EditionError(f"Schematron include {href!r} not found ({target})", Location(where))
    return target


def _expand_includes(element: etree._Element, path: Path, depth: int,
                     sources: list[Path]) -> None:
    """Replace sch:include by the element it names and sch:extends[@href] by the rule's
    content, recursively (bounded: an include loop is an error, not a hang)."""
    if depth > MAX_INCLUDE_DEPTH:
        raise EditionError(f"Schematron includes nested more than {MAX_INCLUDE_DEPTH} deep "
                           "(a loop?)", Location(str(path)))
    for node in list(element.iter(f"{S}include", f"{S}extends")):
        href = node.get("href")
        if not href:
            continue
        target = _resolve_href(path, href, f"{path}:{node.sourceline}")
        sources.append(target)
        included = _load(target)
        fragment = href.split("#", 1)[1] if "#" in href else None
        if fragment:
            found = included.xpath("//*[@id=$i or @xml:id=$i]", i=fragment)
            if not found:
                raise EditionError(f"Schematron include {href!r}: no element with id "
                                   f"{fragment!r}", Location(f"{path}:{node.sourceline}"))
            included = found[0]
        _expand_includes(included, target, depth + 1, sources)
        parent = node.getparent()
        if parent is None:
            continue
        if etree.QName(node).localname == "extends":  # the rule's content, not the rule
            index = parent.index(node)
            parent.remove(node)
            for offset, child in enumerate(list(included)):
                parent.insert(index + offset, child)
        else:
            node.addnext(included)
            parent.remove(node)


def _instantiate(schema: etree._Element) -> None:
    """Abstract patterns become concrete (each $param replaced by its value); abstract rules
    are copied into the rules that extend them; both abstract kinds are then dropped."""
    abstract = {p.get("id"): p for p in schema.iter(f"{S}pattern")
                if p.get("abstract") == "true"}
    for pattern in list(schema.iter(f"{S}pattern")):
        base_id = pattern.get("is-a")
        if not base_id:
            continue
        if base_id not in abstract:
            raise EditionError(f"Schematron pattern is-a={base_id!r}: no abstract pattern of "
                               "that id", Location(f"line {pattern.sourceline}"))
        params = {p.get("name"): p.get("value", "") for p in pattern.iter(f"{S}param")}
        copy = _substitute(abstract[base_id], params)
        for name in ("id", "documents"):
            if pattern.get(name):
                copy.set(name, pattern.get(name))
        copy.attrib.pop("abstract", None)
        pattern.addnext(copy)
        pattern.getparent().remove(pattern)
    for pattern in abstract.values():
        if pattern.getparent() is not None:
            pattern.getparent().remove(pattern)
    rules = {r.get("id"): r for r in schema.iter(f"{S}rule") if r.get("abstract") == "true"}
    for extends in list(schema.iter(f"{S}extends")):
        base = rules.get(extends.get("rule", ""))
        if base is None:
            raise EditionError(f"Schematron extends rule={extends.get('rule')!r}: no abstract "
                               "rule of that id", Location(f"line {extends.sourceline}"))
        index = extends.getparent().index(extends)
        parent = extends.getparent()
        parent.remove(extends)
        for offset, child in enumerate(base):
            parent.insert(index + offset, _copy(child))
    for rule in rules.values():
        if rule.getparent() is not None:
            rule.getparent().remove(rule)


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))


_EXPRESSION_ATTRIBUTES = ("context", "test", "select", "path", "value", "subject")


def _substitute(pattern: etree._Element, params: dict[str, str]) -> etree._Element:
    copy = _copy(pattern)
    names = sorted(params, key=len, reverse=True)  # $ab before $a
    if not names:
        return copy
    rx = re.compile(r"\$(" + "|".join(map(re.escape, names)) + r")(?![\w.\-])")
    for node in copy.iter(etree.Element):
        for attribute in _EXPRESSION_ATTRIBUTES:
            value = node.get(attribute)
            if value is not None:
                node.set(attribute, rx.sub(lambda m: params[m.group(1)], value))
    return copy


# ------------------------------------------------------------------------ generating


def _active_patterns(schema: etree._Element, phase: str | None,
                     where: str) -> tuple[list[etree._Element], list[etree._Element]]:
    """(patterns to run, the phase's lets)."""
    patterns = list(schema.iter(f"{S}pattern"))
    chosen = phase or "#DEFAULT"
    if chosen == "#DEFAULT":
        chosen = schema.get("defaultPhase") or "#ALL"
    if chosen == "#ALL":
        return patterns, []
    phases = {p.get("id"): p for p in schema.iter(f"{S}phase")}
    if chosen not in phases:
        known = ", ".join(sorted(p for p in phases if p)) or "none"
        raise EditionError(f"Schematron phase {chosen!r} is not defined (phases: {known})",
                           Location(where))
    active = {a.get("pattern") for a in phases[chosen].iter(f"{S}active")}
    return [p for p in patterns if p.get("id") in active], list(phases[chosen].iter(f"{S}let"))


def _message(node: etree._Element) -> str:
    """An assert's or diagnostic's content as an XSLT sequence constructor."""
    out = [_text(node.text)]
    for child in node:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if not isinstance(child.tag, str):
            pass  # comments and processing instructions are not part of the message
        elif child.tag == f"{S}value-of":
            out.append(f'<xsl:value-of select={quoteattr(child.get("select", "."))}/>')
        elif child.tag == f"{S}name":
            path = child.get("path", ".")
            out.append(f"<xsl:value-of select={quoteattr(f'name({path})')}/>")
        elif name in ("emph", "dir", "span", "foreign"):
            out.append(_message(child))
        else:
            out.append(_text("".join(child.itertext())))
        out.append(_text(child.tail))
    return "".join(out)


def _text(text: str | None) -> str:
    if not text:
        return ""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<xsl:text>{escaped}</xsl:text>"


def _let(let: etree._Element, tunnel: bool = False) -> str:
    name = quoteattr(let.get("name", ""))
    if let.get("value") is not None:
        return f"<xsl:variable name={name} select={quoteattr(let.get('value', ''))}/>"
    body = "".join(etree.tostring(child, encoding="unicode") for child in let)
    return f"<xsl:variable name={name}>{body}</xsl:variable>"


def _severity(element: etree._Element) -> str:
    words = {(element.get("role") or "").lower(), (element.get("flag") or "").lower()}
    return "warning" if words & WARNING_WORDS else "error"


def _rule_name(check: etree._Element, pattern: etree._Element) -> str:
    # The project's convention: an assert id "RULE.N" reports as RULE.
    ident = check.get("id") or pattern.get("id") or "schematron"
    return ident.split(".")[0]


def _check(check: etree._Element, pattern: etree._Element,
           diagnostics: dict[str, etree._Element]) -> str:
    test = check.get("test", "true()")
    condition = f"not({test})" if etree.QName(check).localname == "assert" else test
    notes = "".join(
        f"<d>{_message(diagnostics[ref])}</d>"
        for ref in (check.get("diagnostics") or "").split() if ref in diagnostics
    )
    subject = check.get("subject") or "."
    # The node's element (an attribute's or a text's parent) by its number in document
    # order: an accumulator counts elements in one pass, where path() would count the
    # preceding siblings again for each failure (quadratic in a file full of errors).
    located = f"(({subject})/ancestor-or-self::*[1] ! accumulator-before('{_COUNTER}'), 0)[1]"
    return (f"<xsl:if test={quoteattr(condition)}>"
            f"<f r={quoteattr(_rule_name(check, pattern))} s={quoteattr(_severity(check))}>"
            f"<xsl:attribute name=\"l\" select={quoteattr(located)}/>"
            f"<t>{_message(check)}</t>{notes}</f></xsl:if>")


def _pattern_templates(index: int, pattern: etree._Element,
                       diagnostics: dict[str, etree._Element]) -> list[str]:
    mode = f"p{index}"
    rules = [r for r in pattern.iter(f"{S}rule") if r.get("context")]
    out = [f'<xsl:mode name="{mode}" on-no-match="shallow-skip"/>']
    lets = list(pattern.findall(f"{S}let"))
    params = "".join(f"<xsl:param name={quoteattr(let.get('name', ''))} tunnel=\"yes\"/>"
                     for let in lets)
    for position, rule in enumerate(rules):
        # The first rule of a pattern that matches a node is the one that fires.
        priority = len(rules) - position
        body = "".join(
            _let(child) if child.tag == f"{S}let" else _check(child, pattern, diagnostics)
            for child in rule
            if child.tag in (f"{S}let", f"{S}assert", f"{S}report")
        )
        out.append(f"<xsl:template match={quoteattr(rule.get('context', ''))} mode=\"{mode}\" "
                   f"priority=\"{priority}\">{params}{body}"
                   f"<xsl:apply-templates select=\"@*|node()\" mode=\"{mode}\"/></xsl:template>")
    # The pattern's own lets are evaluated once, on the document, and tunnelled to its rules.
    with_params = "".join(
        f"<xsl:with-param name={quoteattr(let.get('name', ''))} "
        f"select={quoteattr('$' + let.get('name', ''))} tunnel=\"yes\"/>" for let in lets)
    start = "".join(_let(let) for let in lets)
    out.append(f'<xsl:template name="run-{mode}">{start}'
               f'<xsl:apply-templates select="." mode="{mode}">{with_params}'
               "</xsl:apply-templates></xsl:template>")
    return out


def generate_xslt(schema: etree._Element, phase: str | None, where: str) -> str:
    binding = (schema.get("queryBinding") or "").lower()
    if binding not in QUERY_BINDINGS:
        raise EditionError(f"Schematron queryBinding={binding!r} is not supported (xslt, "
                           "xslt2 or xslt3)", Location(where))
    namespaces = {ns.get("prefix"): ns.get("uri") for ns in schema.iter(f"{S}ns")}
    declarations = "".join(f" xmlns:{p}={quoteattr(u or '')}" for p, u in namespaces.items()
                           if p and p not in ("xsl", "xs"))
    patterns, phase_lets = _active_patterns(schema, phase, where)
    diagnostics = {d.get("id"): d for d in schema.iter(f"{S}diagnostic")}
    foreign = [etree.tostring(child, encoding="unicode") for child in schema
               if isinstance(child.tag, str) and child.tag.startswith(f"{{{XSL_NS}}}")]
    globals_ = [_let(let) for let in schema.findall(f"{S}let")] + [_let(x) for x in phase_lets]
    templates: list[str] = []
    for index, pattern in enumerate(patterns):
        templates += _pattern_templates(index, pattern, diagnostics)
    calls = "".join(f'<xsl:call-template name="run-p{i}"/>' for i in range(len(patterns)))
    return (f'<xsl:stylesheet version="3.0" xmlns:xsl="{XSL_NS}"{declarations} '
            f'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            'exclude-result-prefixes="#all">'
            '<xsl:output method="xml" encoding="UTF-8"/>'
            + "".join(foreign) + "".join(globals_)
            + f'<xsl:accumulator name="{_COUNTER}" initial-value="0" as="xs:integer">'
            f'<xsl:accumulator-rule match="*" select="$value + 1"/></xsl:accumulator>'
            + f'<xsl:template match="/" priority="1000"><r>{calls}</r></xsl:template>'
            + '<xsl:mode on-no-match="shallow-skip" use-accumulators="#all"/>'
            + "".join(templates) + "</xsl:stylesheet>")


def compile_schematron(path: Path, phase: str | None = None) -> Compiled:
    """Read a Schematron schema (with its includes) and generate its XSLT 3.0."""
    path = path.resolve()
    schema = _load(path)
    if schema.tag != f"{S}schema":
        raise EditionError("not an ISO Schematron schema (root must be sch:schema in "
                           f"{SCH_NS})", Location(str(path)))
    sources = [path]
    _expand_includes(schema, path, 0, sources)
    _instantiate(schema)
    xslt = generate_xslt(schema, phase, str(path))
    names = frozenset(_rule_name(c, p) for p in schema.iter(f"{S}pattern")
                      for c in p.iter(f"{S}assert", f"{S}report"))
    digest = hashlib.sha256(xslt.encode()).hexdigest()
    return Compiled(xslt, path, digest, names)


# --------------------------------------------------------------------------- running


_PROCESSOR: Any = None


def saxon() -> Any:
    """The process's one Saxon processor (imported late: `--help` must not start it)."""
    global _PROCESSOR
    if _PROCESSOR is None:
        from saxonche import PySaxonProcessor

        _PROCESSOR = PySaxonProcessor(license=False)
        # A schema's doc(), unparsed-text() or collection() reads nothing, local or remote:
        # only the document given is validated ("jar" is a protocol no schema here uses).
        _PROCESSOR.set_configuration_property(
            "http://saxon.sf.net/feature/allowedProtocols", "jar")
    return _PROCESSOR


class SchematronRunner:
    """A compiled schema on saxonche; run() returns the failures for one document."""

    def __init__(self, compiled: Compiled) -> None:
        from saxonche import PySaxonApiError

        self._error = PySaxonApiError
        self.compiled = compiled
        try:
            compiler = saxon().new_xslt30_processor()
            self._executable = compiler.compile_stylesheet(stylesheet_text=compiled.xslt)
        except PySaxonApiError as exc:
            raise EditionError(f"Schematron schema does not compile: {_first_line(exc)}",
                               Location(str(compiled.source))) from None

    def run(self, xml_text: str) -> list[Failure]:
        try:
            document = saxon().parse_xml(xml_text=xml_text)
            self._executable.set_global_context_item(xdm_item=document)
            report = self._executable.apply_templates_returning_string(xdm_value=document)
        except self._error as exc:
            raise EditionError(f"Schematron evaluation failed: {_first_line(exc)}",
                               Location(str(self.compiled.source))) from None
        root = etree.fromstring(report.encode("utf-8"))
        return [Failure(f.get("l", "0"), " ".join("".join(f.findtext("t") or "").split()),
                        f.get("r", "schematron"), f.get("s", "error"),
                        " ".join(" ".join(d.itertext()) for d in f.findall("d")).strip())
                for f in root.iter("f")]


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
