"""XInclude, expanded safely: only files inside the folder tree being validated, never the
network, loops and depth bounded, each included file read by the safe parser."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import EditionError
from ..xmlio import parse_xml
from .problems import Problem

XI_NS = "http://www.w3.org/2001/XInclude"
XI = f"{{{XI_NS}}}"
MAX_DEPTH = 10
MAX_INCLUDES = 10_000


@dataclass
class Expansion:
    """The files a document included, where each included subtree came from, and problems."""

    members: list[Path] = field(default_factory=list)
    origins: dict[etree._Element, tuple[str, Path]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def has_xinclude(root: etree._Element) -> bool:
    return next(root.iter(f"{XI}include"), None) is not None


def expand(tree: etree._ElementTree, path: Path, name: str, boundary: Path,
           names: dict[Path, str] | None = None) -> Expansion:
    """Replace every xi:include in place (the tree is changed). A failed include is one
    problem at its line; its xi:fallback, if any, is used instead. `names` gives the name
    under which an included file is reported (as the user named it), by resolved path."""
    result = Expansion()
    _expand(tree.getroot(), path.resolve(), name, boundary.resolve(), [path.resolve()], result,
            names or {})
    return result


def _expand(root: etree._Element, path: Path, name: str, boundary: Path, stack: list[Path],
            result: Expansion, names: dict[Path, str]) -> None:
    for include in list(root.iter(f"{XI}include")):
        if len(result.members) >= MAX_INCLUDES:
            result.problems.append(_at(include, name, f"more than {MAX_INCLUDES} XIncludes"))
            return
        try:
            replacement = _included(include, path, boundary, stack, result, names)
        except EditionError as error:
            fallback = include.find(f"{XI}fallback")
            if fallback is None:
                result.problems.append(_at(include, name, error.message))
                replacement = []
            else:
                replacement = list(fallback)
        _replace(include, replacement)


def _included(include: etree._Element, path: Path, boundary: Path, stack: list[Path],
              result: Expansion, names: dict[Path, str]) -> list[etree._Element]:
    href = include.get("href", "")
    if include.get("xpointer") or include.get("parse", "xml") not in ("xml", "text"):
        raise EditionError(f'XInclude href="{href}": only whole-file XIncludes (parse="xml" or '
                           '"text", no xpointer) are expanded')
    if not href or ":" in href.split("/")[0]:
        raise EditionError(f'XInclude href="{href}" is not a relative file name: only files '
                           "inside the folder being validated are included, never the network")
    target = (path.parent / href).resolve()
    if not target.is_relative_to(boundary):
        raise EditionError(f'XInclude href="{href}" leads outside {boundary}: not included')
    if target in stack:
        raise EditionError(f'XInclude href="{href}" includes itself (a loop): not expanded')
    if len(stack) > MAX_DEPTH:
        raise EditionError(f"XIncludes nested more than {MAX_DEPTH} deep: not expanded")
    try:
        mode = os.stat(target).st_mode
    except OSError as exc:
        raise EditionError(f'XInclude href="{href}": {exc.strerror}') from None
    if not stat.S_ISREG(mode):
        raise EditionError(f'XInclude href="{href}" is not a regular file: not read')
    if include.get("parse") == "text":
        raise EditionError(f'XInclude href="{href}" parse="text" is not expanded (TEI text '
                           "is XML)")
    try:
        included = parse_xml(target, collect_ids=False)
    except EditionError as error:
        raise EditionError(f'XInclude href="{href}": {error}') from None
    shown = names.get(target) or os.path.relpath(target)
    result.members.append(target)
    sub = included.getroot()
    _expand(sub, target, shown, boundary, [*stack, target], result, names)
    result.origins[sub] = (shown, target)
    return [sub]


def _replace(include: etree._Element, replacement: list[etree._Element]) -> None:
    parent = include.getparent()
    if parent is None:
        return
    tail = include.tail
    for node in replacement:
        include.addprevious(node)
    if replacement:
        replacement[-1].tail = (replacement[-1].tail or "") + (tail or "")
    else:
        previous = include.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + (tail or "")
        else:
            parent.text = (parent.text or "") + (tail or "")
    parent.remove(include)


def _at(element: etree._Element, name: str, message: str) -> Problem:
    return Problem(name, element.sourceline, None, "error", message, "xinclude")
