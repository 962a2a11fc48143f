"""A collection of documents as a static edition site (`tei-edition site`).

document.py builds one document in a worker (convert, validate, render, summarize) and
returns bytes; engine.py runs documents here, on a local pool or on Dask; build.py writes
them and the shared files: pages.py (the catalogue, its pages, the teiCorpus, the README),
search.py (the static search index), state.py (what an incremental rebuild keeps).
"""
