"""The edition stage: the read `Layout` and the data file -> the `Edition`, as data.

`model` holds the edition's types; `texts` turns the reading stage's joined texts into
edition texts; `annotate` finds quotations, names, dates, references, corrections and gaps;
`people` the speakers; `build` runs the steps in order.
"""

from __future__ import annotations

from .build import build_edition
from .model import Edition

__all__ = ["Edition", "build_edition"]
