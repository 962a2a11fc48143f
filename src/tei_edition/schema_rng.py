"""The project's RELAX NG schema, generated from its XML Schema: one source of truth.

schema/tei-edition.xsd is written by hand (and tuned for xmlschema's speed: see its comments);
schema/tei-edition.rng is made from it by this module, for jing, LEAF-Writer and Oxygen users,
and checked in. tests/test_schema_rng.py checks the checked-in file is what this module makes
now, and that both schemas give the same verdict on every fixture and on generated documents.

Only the XSD constructs the project schema uses are translated; anything else is an error, so
a new construct in the XSD cannot be dropped silently. Regenerate with

    python -m tei_edition.schema_rng schema/tei-edition.xsd schema/tei-edition.rng
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

XS = "http://www.w3.org/2001/XMLSchema"
RNG = "http://relaxng.org/ns/structure/1.0"
XSD_DATATYPES = "http://www.w3.org/2001/XMLSchema-datatypes"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_X = f"{{{XS}}}"
_R = f"{{{RNG}}}"

# the attributes of the XML namespace that the project imports (schema/xml.xsd)
_XML_ATTRIBUTES = {"xml:id": "ID", "xml:lang": "language"}

HEADER = """
  tei-edition: the project's TEI P5 customisation in RELAX NG (XML syntax).

  GENERATED from tei-edition.xsd by tei_edition.schema_rng: do not edit; change the XSD and
  regenerate (python -m tei_edition.schema_rng schema/tei-edition.xsd schema/tei-edition.rng).
  tests/test_schema_rng.py checks that this file is up to date and that it accepts and
  rejects the same documents as the XSD. The comments below are the XSD's.
"""


class UnsupportedConstruct(ValueError):
    """The XSD uses something this translator does not know: extend it, never skip."""


# Every XSD element the translator handles, with the attributes it reads: anything else
# (xs:all, xs:any, xs:key, fixed=, default=, nillable=, substitutionGroup=...) would change
# the language if it were skipped, so it is refused.
_KNOWN: dict[str, set[str]] = {
    "schema": {"targetNamespace", "elementFormDefault", f"{{{XML_NS}}}lang"},
    "import": {"namespace", "schemaLocation"},
    "annotation": set(), "documentation": {f"{{{XML_NS}}}lang", "source"},
    "simpleType": {"name"}, "restriction": {"base"}, "union": {"memberTypes"},
    "list": {"itemType"}, "pattern": {"value"}, "enumeration": {"value"},
    "minLength": {"value"},
    "attributeGroup": {"name", "ref"}, "attribute": {"name", "type", "ref", "use"},
    "group": {"name", "ref", "minOccurs", "maxOccurs"},
    "sequence": {"minOccurs", "maxOccurs"}, "choice": {"minOccurs", "maxOccurs"},
    "complexType": {"name", "mixed"}, "simpleContent": set(), "complexContent": set(),
    "extension": {"base"}, "element": {"name", "type", "minOccurs", "maxOccurs"},
}


def _check_known(schema: etree._Element) -> None:
    if schema.get("elementFormDefault") != "qualified":
        raise UnsupportedConstruct("elementFormDefault other than qualified")
    for node in schema.iter(f"{_X}*"):
        name = etree.QName(node).localname
        if name not in _KNOWN:
            raise UnsupportedConstruct(f"xs:{name} (line {node.sourceline})")
        unknown = set(node.attrib) - _KNOWN[name]
        if unknown:
            raise UnsupportedConstruct(f"xs:{name} with {', '.join(sorted(unknown))} "
                                       f"(line {node.sourceline})")


def xsd_to_rng(xsd: etree._ElementTree) -> etree._ElementTree:
    schema = xsd.getroot()
    _check_known(schema)
    grammar = etree.Element(_R + "grammar", nsmap={None: RNG})
    grammar.set("ns", schema.get("targetNamespace") or "")
    grammar.set("datatypeLibrary", XSD_DATATYPES)
    grammar.append(etree.Comment(HEADER))
    start = etree.SubElement(grammar, _R + "start")
    roots = [child for child in schema if child.tag == _X + "element"]
    if not roots:
        raise UnsupportedConstruct("no global element: nothing can be a root")
    _under(start, [_element(e) for e in roots], "choice")
    pending: list[etree._Element] = []
    for child in schema:
        if not isinstance(child.tag, str):
            pending.append(etree.Comment(child.text))
            continue
        name = etree.QName(child).localname
        if name in ("import", "element", "annotation"):
            pending = []  # their comments describe what the start pattern already says
            continue
        grammar.extend(pending)
        pending = []
        grammar.append(_definition(child, name))
    return etree.ElementTree(grammar)


def _definition(node: etree._Element, kind: str) -> etree._Element:
    prefix = {"simpleType": "type.", "complexType": "type.", "group": "group.",
              "attributeGroup": "attrs."}.get(kind)
    if prefix is None:
        raise UnsupportedConstruct(f"top-level xs:{kind}")
    define = etree.Element(_R + "define", name=prefix + node.get("name", ""))
    if kind == "simpleType":
        define.append(_simple(node))
    elif kind == "complexType":
        define.extend(_complex_content(node))
    elif kind == "group":
        define.extend(_particles(node))
    else:
        define.extend(_attributes(node))
    return define


# ---------------------------------------------------------------------- simple types


def _type_ref(qname: str) -> etree._Element:
    if qname.startswith("xs:"):
        return etree.Element(_R + "data", type=qname[3:])
    return etree.Element(_R + "ref", name=f"type.{qname}")


def _simple(node: etree._Element) -> etree._Element:
    """An xs:simpleType (its restriction, union or list) as one pattern."""
    (body,) = [c for c in node if isinstance(c.tag, str) and c.tag != _X + "annotation"]
    kind = etree.QName(body).localname
    if kind == "union":
        choice = etree.Element(_R + "choice")
        choice.extend(_type_ref(t) for t in body.get("memberTypes", "").split())
        return choice
    if kind == "list":
        return _list(_type_ref(body.get("itemType", "")), 0)
    if kind == "restriction":
        return _restriction(body)
    raise UnsupportedConstruct(f"xs:simpleType/xs:{kind}")


def _list(item: etree._Element, min_length: int) -> etree._Element:
    if min_length > 1:
        raise UnsupportedConstruct("xs:minLength over 1 on a list")
    wrapper = etree.Element(_R + "list")
    etree.SubElement(wrapper, _R + ("oneOrMore" if min_length else "zeroOrMore")).append(item)
    return wrapper


def _restriction(node: etree._Element) -> etree._Element:
    facets = [c for c in node if isinstance(c.tag, str)]
    inner = [c for c in facets if c.tag == _X + "simpleType"]
    names = {etree.QName(c).localname for c in facets} - {"simpleType"}
    if inner:  # a restricted anonymous list: only its length can be restricted
        (list_type,) = inner
        (listed,) = [c for c in list_type if c.tag == _X + "list"]
        if names - {"minLength"}:
            raise UnsupportedConstruct(f"facets {sorted(names)} on a list")
        minimum = [int(c.get("value", "0")) for c in facets if c.tag == _X + "minLength"]
        return _list(_type_ref(listed.get("itemType", "")), minimum[0] if minimum else 0)
    base = node.get("base", "")
    if not base.startswith("xs:"):
        raise UnsupportedConstruct(f"restriction of a named type ({base})")
    if names - {"enumeration", "pattern"} or names == {"enumeration", "pattern"}:
        raise UnsupportedConstruct(f"facets {sorted(names)}")
    if "enumeration" in names:
        choice = etree.Element(_R + "choice")
        for c in facets:
            value = etree.SubElement(choice, _R + "value", type=base[3:])
            value.text = c.get("value")
        return choice
    data = etree.Element(_R + "data", type=base[3:])
    patterns = [c.get("value", "") for c in facets]
    if len(patterns) > 1:  # several xs:pattern in one restriction are alternatives
        patterns = ["|".join(f"({p})" for p in patterns)]
    for p in patterns:
        etree.SubElement(data, _R + "param", name="pattern").text = p
    return data


# --------------------------------------------------------------------- attributes


def _attributes(node: etree._Element) -> list[etree._Element]:
    out = []
    for child in node:
        if not isinstance(child.tag, str):
            continue
        kind = etree.QName(child).localname
        if kind == "attributeGroup":
            out.append(etree.Element(_R + "ref", name=f"attrs.{child.get('ref')}"))
        elif kind == "attribute":
            out.append(_attribute(child))
        elif kind != "annotation":
            raise UnsupportedConstruct(f"xs:{kind} among attributes")
    return out


def _attribute(node: etree._Element) -> etree._Element:
    ref = node.get("ref")
    if ref is not None:
        if ref not in _XML_ATTRIBUTES:
            raise UnsupportedConstruct(f"attribute ref {ref}")
        attribute = etree.Element(_R + "attribute", name=ref)
        attribute.set("ns", XML_NS)
        attribute.set("name", ref.split(":")[1])
        attribute.append(etree.Element(_R + "data", type=_XML_ATTRIBUTES[ref]))
    else:
        attribute = etree.Element(_R + "attribute", name=node.get("name", ""))
        attribute.set("ns", "")
        inline = [c for c in node if c.tag == _X + "simpleType"]
        if inline:
            attribute.append(_simple(inline[0]))
        elif node.get("type"):
            attribute.append(_type_ref(node.get("type", "")))
        else:
            attribute.append(etree.Element(_R + "text"))
    if node.get("use") == "required":
        return attribute
    if node.get("use") not in (None, "optional"):
        raise UnsupportedConstruct(f"attribute use={node.get('use')}")
    optional = etree.Element(_R + "optional")
    optional.append(attribute)
    return optional


# ------------------------------------------------------------------ complex types


def _complex_content(node: etree._Element) -> list[etree._Element]:
    """The patterns of an xs:complexType: its content model and its attributes."""
    out: list[etree._Element] = []
    particles: list[etree._Element] = []
    for child in node:
        if not isinstance(child.tag, str) or child.tag == _X + "annotation":
            continue
        kind = etree.QName(child).localname
        if kind in ("sequence", "choice", "group", "element"):
            particles += _particle(child)
        elif kind in ("attribute", "attributeGroup"):
            out.append(_attributes_of([child])[0])
        elif kind == "simpleContent":
            particles += _extension(child, simple=True)
        elif kind == "complexContent":
            particles += _extension(child, simple=False)
        else:
            raise UnsupportedConstruct(f"xs:complexType/xs:{kind}")
    if node.get("mixed") == "true" and not _is_extension(node):
        mixed = etree.Element(_R + "mixed")
        _under(mixed, particles or [etree.Element(_R + "empty")], "group")
        particles = [mixed]
    if not particles and not out:
        particles = [etree.Element(_R + "empty")]
    return particles + out


def _attributes_of(nodes: Iterable[etree._Element]) -> list[etree._Element]:
    holder = etree.Element(_X + "holder")
    for n in nodes:
        holder.append(_copy(n))
    return _attributes(holder)


def _copy(node: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(node))


def _is_extension(node: etree._Element) -> bool:
    return node.find(_X + "complexContent") is not None


def _extension(node: etree._Element, *, simple: bool) -> list[etree._Element]:
    (extension,) = [c for c in node if isinstance(c.tag, str)]
    if etree.QName(extension).localname != "extension":
        raise UnsupportedConstruct(f"xs:{etree.QName(extension).localname} of a type")
    base = extension.get("base", "")
    if simple and base.startswith("xs:"):
        out = [etree.Element(_R + "text") if base == "xs:string" else _type_ref(base)]
    else:
        out = [etree.Element(_R + "ref", name=f"type.{base}")]
    added = [c for c in extension if isinstance(c.tag, str)]
    for child in added:
        if child.tag in (_X + "attribute", _X + "attributeGroup"):
            out += _attributes_of([child])
        elif not simple and child.tag in (_X + "sequence", _X + "choice", _X + "group"):
            out += _particle(child)
        else:
            raise UnsupportedConstruct(f"xs:{etree.QName(child).localname} in an extension")
    return out


def _particles(node: etree._Element) -> list[etree._Element]:
    out = []
    for child in node:
        if isinstance(child.tag, str) and child.tag != _X + "annotation":
            out += _particle(child)
    return out


def _particle(node: etree._Element) -> list[etree._Element]:
    kind = etree.QName(node).localname
    if kind == "element":
        pattern = _element(node)
    elif kind == "group":
        pattern = etree.Element(_R + "ref", name=f"group.{node.get('ref')}")
    elif kind in ("sequence", "choice"):
        pattern = etree.Element(_R + ("group" if kind == "sequence" else "choice"))
        pattern.extend(_particles(node))
        if len(pattern) == 1:
            pattern = pattern[0]
    else:
        raise UnsupportedConstruct(f"xs:{kind} as a particle")
    return [_occurs(pattern, node.get("minOccurs", "1"), node.get("maxOccurs", "1"))]


def _occurs(pattern: etree._Element, low: str, high: str) -> etree._Element:
    wrapper = {("1", "1"): None, ("0", "1"): "optional", ("0", "unbounded"): "zeroOrMore",
               ("1", "unbounded"): "oneOrMore"}
    if (low, high) not in wrapper:
        raise UnsupportedConstruct(f"minOccurs={low} maxOccurs={high}")
    name = wrapper[(low, high)]
    if name is None:
        return pattern
    outer = etree.Element(_R + name)
    if pattern.tag == _R + "group":  # a sequence inside a repeat needs no group of its own
        outer.extend(list(pattern))
    else:
        outer.append(pattern)
    return outer


def _element(node: etree._Element) -> etree._Element:
    element = etree.Element(_R + "element", name=node.get("name", ""))
    inline = node.find(_X + "complexType")
    if inline is not None:
        element.extend(_complex_content(inline))
    elif node.get("type"):
        element.append(_type_ref(node.get("type", "")))
    else:
        raise UnsupportedConstruct(f"element {node.get('name')} without a type")
    return element


def _under(parent: etree._Element, patterns: list[etree._Element], combine: str) -> None:
    if len(patterns) == 1:
        parent.append(patterns[0])
    else:
        etree.SubElement(parent, _R + combine).extend(patterns)


def generate(xsd_path: Path) -> bytes:
    from .xmlio import parse_xml

    rng = xsd_to_rng(parse_xml(xsd_path))
    etree.indent(rng, space="  ")
    return etree.tostring(rng, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m tei_edition.schema_rng SCHEMA.xsd OUT.rng", file=sys.stderr)
        return 2
    from .xmlio import write_atomic

    write_atomic(Path(argv[1]), generate(Path(argv[0])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
