"""The converter's code stays readable: short functions, small classes, data flowing one way.

Complexity is measured with lizard (cyclomatic complexity, as the issue asks: at most 15 per
function); class length and import circles are read from the source with `ast`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from helpers import ROOT

PACKAGE = ROOT / "src" / "tei_edition"
# the converter: its stages, and the modules they use
CONVERTER = [
    *sorted((PACKAGE / "reading").glob("*.py")),
    *sorted((PACKAGE / "edition").glob("*.py")),
    *sorted((PACKAGE / "tei").glob("*.py")),
    *(PACKAGE / name for name in ("convert.py", "dates.py", "measure.py", "metadata.py")),
]
MAX_COMPLEXITY = 15
MAX_CLASS_LINES = 150


def test_no_converter_function_is_above_complexity_15() -> None:
    lizard = pytest.importorskip("lizard", reason="lizard is in the test extras")
    over = []
    for path in CONVERTER:
        for fn in lizard.analyze_file(str(path)).function_list:
            if fn.cyclomatic_complexity > MAX_COMPLEXITY:
                over.append(f"{path.relative_to(ROOT)}:{fn.start_line} {fn.name} "
                            f"({fn.cyclomatic_complexity})")
    assert not over, over


def test_no_converter_class_is_above_150_lines() -> None:
    over = []
    for path in CONVERTER:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_CLASS_LINES:
                    over.append(f"{path.name}:{node.lineno} {node.name} ({length} lines)")
    assert not over, over


def _imports(path: Path) -> set[str]:
    """The package modules `path` imports (relative imports resolved)."""
    module = re.sub(r"\.__init__$", "", ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            else:
                target = node.module or ""
            names = [f"{target}.{a.name}" for a in node.names]
            found.update(n for n in [target, *names] if n.startswith("tei_edition"))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("tei_edition"))
    return found


def _graph() -> dict[str, set[str]]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        modules[re.sub(r"\.__init__$", "", name)] = path
    return {name: {m for m in _imports(path) if m in modules and m != name}
            for name, path in modules.items()}


def test_the_package_has_no_import_circle() -> None:
    graph = _graph()
    # a package's __init__ importing its own modules is how a package exposes them
    edges = {a: {b for b in targets if not a.startswith(b + ".") and not (b.startswith(a + "."))}
             for a, targets in graph.items()}
    state: dict[str, int] = {}
    circle: list[str] = []

    def visit(node: str, path: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                circle.extend([*path[path.index(nxt):], nxt] if nxt in path else [node, nxt])
                return True
            if nxt not in state and visit(nxt, [*path, nxt]):
                return True
        state[node] = 2
        return False

    for start in sorted(edges):
        if start not in state and visit(start, [start]):
            break
    assert not circle, " -> ".join(circle)


def test_the_stages_depend_one_way() -> None:
    """reading knows nothing of edition or tei; edition nothing of tei."""
    graph = _graph()
    for name, targets in graph.items():
        if name.startswith("tei_edition.reading"):
            assert not any(t.startswith(("tei_edition.edition", "tei_edition.tei")) for t in targets), name
        if name.startswith("tei_edition.edition"):
            assert not any(t.startswith("tei_edition.tei") for t in targets), name
