"""What the validator reports (Problem) and where in the file an element starts (Locator)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"


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
    # None sorts first: whole-file problems before located ones; duplicates (one defect
    # found by two schemas of the same content, or by a corpus and its member) once.
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.file, p.line or 0, p.column or 0, p.rule, p.message))


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def readable(text: str) -> str:
    """Clark names as a person writes them: {TEI}p -> p, {XML}id -> xml:id."""
    return text.replace(f"{{{XML_NS}}}", "xml:").replace(f"{{{TEI_NS}}}", "")


class Locator:
    """File, line and 1-based column of an element's start tag.

    lxml records only the line, so the column is found among the start tags of that name on
    the line, in document order. Elements brought in by XInclude keep the line of the file
    they come from; `origins` maps each included subtree's root to that file's name.
    Both indexes are built once per document, on first need (linear in its size).
    """

    def __init__(self, tree: etree._ElementTree, name: str, path: Path | None,
                 origins: dict[etree._Element, tuple[str, Path]] | None = None) -> None:
        self._tree = tree
        self._name = name
        self._path = path
        self._origins = origins or {}
        self._lines: dict[Path, list[str] | None] = {}
        self._on_line: dict[tuple[int, str], list[etree._Element]] | None = None
        self._in_order: list[etree._Element] | None = None

    def where(self, element: etree._Element | None) -> tuple[str, int | None, int | None]:
        if element is None:
            return self._name, None, None
        name, path = self._origin(element)
        return name, element.sourceline, self._column(element, path)

    def file_of(self, element: etree._Element) -> Path | None:
        """The file an element was read from (its corpus member, for an XInclude)."""
        return self._origin(element)[1]

    def element_at(self, number: str) -> etree._Element | None:
        """The element with this 1-based number in document order (what the compiled
        Schematron reports); None for 0 (the document itself)."""
        if self._in_order is None:
            self._in_order = list(self._tree.getroot().iter(etree.Element))
        index = int(number) - 1 if number.isdigit() else -1
        return self._in_order[index] if 0 <= index < len(self._in_order) else None

    def _origin(self, element: etree._Element) -> tuple[str, Path | None]:
        if self._origins:
            node: etree._Element | None = element
            while node is not None:
                if node in self._origins:
                    return self._origins[node]
                node = node.getparent()
        return self._name, self._path

    def _column(self, element: etree._Element, path: Path | None) -> int | None:
        line = element.sourceline
        if path is None or line is None:
            return None
        if path not in self._lines:
            self._lines[path] = source_lines(path)  # read only when a problem needs it
        lines = self._lines[path]
        if lines is None or not 0 < line <= len(lines):
            return None
        if self._on_line is None:  # one pass over the tree, only when a problem needs it
            self._on_line = {}
            for each in self._tree.getroot().iter(etree.Element):
                key = (each.sourceline or 0, each.tag)
                self._on_line.setdefault(key, []).append(each)
        same = [e for e in self._on_line.get((line, element.tag), [])
                if self._origin(e)[1] == path]
        index = next((i for i, each in enumerate(same) if each is element), None)
        name = local(element.tag)
        qname = f"{element.prefix}:{name}" if element.prefix else name
        starts = [m.start() for m in re.finditer(rf"<{re.escape(qname)}(?=[\s/>])",
                                                 lines[line - 1])]
        if index is None or index >= len(starts):
            return None
        return starts[index] + 1


def source_lines(path: Path) -> list[str] | None:
    try:
        return path.read_bytes().decode("utf-8").split("\n")  # libxml2 counts \n only
    except (OSError, UnicodeDecodeError):
        return None  # columns are a nicety: a non-UTF-8 file is reported without them
