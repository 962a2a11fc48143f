"""The `tei-edition` command: a thin layer of click commands over the library modules."""

from __future__ import annotations

import click

from .. import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tei-edition")
def main() -> None:
    """Turn a PDF-extracted speech into a validated TEI P5 edition and publish it.

    \b
    convert   source text -> TEI P5 (with the document's data file)
    validate  TEI -> the schemas it declares or you give (RNG, XSD, Schematron), tei_all
    build     source or TEI -> HTML, plain text, citations (JSON, CSL-JSON, CSV), EPUB, PDF
    deposit   TEI -> verifiable BagIt package for an archive, or --verify a bag
    export    TEI -> speech-corpus formats: Parla-CLARIN, corpus text, vertical, metadata
    draft     source text -> a data file to start from (suggestions to review)
    site      a collection -> static edition site: indexes, search, teiCorpus
    """


def _register() -> None:
    # Each command lives in its own module; a missing one (during development) must not
    # break the others.
    import importlib

    for name in ("convert", "validate", "build", "deposit", "export", "draft", "site"):
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            continue
        main.add_command(module.command)


_register()
