"""Exports for speech corpora: Parla-CLARIN TEI, a corpus text, the vertical format, a
per-speech metadata table.

export_files() validates each TEI file, renders every output in memory, and only then writes
them, all of them or none (outputs.write_output_set). The same TEI always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import EditionError, Location
from ..inputs import check_input
from ..outputs import FolderLock, check_output_path, refuse_inputs, write_output_set
from ..xmlio import parse_xml
from .corpus_text import corpus_lines, note_lines
from .meta_tsv import meta_tsv
from .reading import read_document
from .vertical import vertical

Renderer = Callable[[Path, etree._ElementTree], bytes]


def _document_renderer(make: Callable[..., str], with_tree: bool = False) -> Renderer:
    def render(path: Path, tree: etree._ElementTree) -> bytes:
        document = read_document(tree)
        text = make(document, tree) if with_tree else make(document)
        return text.encode("utf-8")
    return render


def _parla_clarin(path: Path, tree: etree._ElementTree) -> bytes:
    from .parlaclarin import to_parla_clarin

    return to_parla_clarin(path)


@dataclass(frozen=True)
class Format:
    name: str
    outputs: tuple[tuple[str, Renderer], ...]  # (file name suffix, renderer)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("parla-clarin", ((".parla-clarin.xml", _parla_clarin),)),
    Format("text", ((".corpus.txt", _document_renderer(corpus_lines)),
                    (".notes.txt", _document_renderer(note_lines)))),
    Format("vertical", ((".vrt", _document_renderer(vertical)),)),
    Format("meta", (("-meta.tsv", _document_renderer(meta_tsv, with_tree=True)),)),
)}
ALL = "all"


def formats_named(name: str) -> list[Format]:
    return list(FORMATS.values()) if name == ALL else [FORMATS[name]]


def render(tei: Path, formats: Sequence[Format]) -> dict[str, bytes]:
    """{file name: bytes} of one TEI file's exports, nothing written."""
    tree = parse_xml(tei)
    return {f"{tei.stem}{suffix}": make(tei, tree)
            for fmt in formats for suffix, make in fmt.outputs}


def export_files(inputs: Sequence[Path], formats: Sequence[Format], outdir: Path,
                 validate: Callable[[Path], list[str]] | None = None) -> list[Path]:
    """Export every input into outdir; returns the files written, in order."""
    stems: dict[str, Path] = {}
    for tei in inputs:
        check_input(tei)  # a FIFO, a device or a folder: one error line, never a hang
        if tei.stem in stems and stems[tei.stem].resolve() != tei.resolve():
            raise EditionError(f"two inputs are named '{tei.stem}' ({stems[tei.stem]} and {tei}): "
                               "their exports would overwrite each other")
        stems[tei.stem] = tei
    # refused before any work: an output over an input, or where something else stands
    check_targets([f"{stem}{suffix}" for stem in stems for fmt in formats
                   for suffix, _ in fmt.outputs], outdir, list(stems.values()))
    rendered: dict[str, bytes] = {}
    for tei in stems.values():
        if validate is not None:
            errors = validate(tei)
            if errors:
                raise EditionError(f"not a valid edition ({len(errors)} errors; first: "
                                   f"{errors[0]})", Location(str(tei)))
        rendered.update(render(tei, formats))
    return write_set(rendered, outdir)


def check_targets(names: Sequence[str], outdir: Path, inputs: Sequence[Path]) -> None:
    """An output that is one of the inputs (by path, link or hard link), or that exists and
    is not a regular file, is an error."""
    targets = [outdir / name for name in names]
    for target in targets:
        check_output_path(target)
    refuse_inputs(targets, inputs)


def write_set(files: dict[str, bytes], outdir: Path) -> list[Path]:
    """Write every file or none, one writer at a time in outdir (outputs.write_output_set)."""
    with FolderLock(outdir):
        return write_output_set(outdir, dict(sorted(files.items())))
