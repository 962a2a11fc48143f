"""Helpers every command shares: reporting errors and warnings the same way."""

from __future__ import annotations

from collections.abc import Iterable

import click

from ..errors import EditionError, Warning_
from ..validation import Problem


def fail(error: EditionError, code: int = 1) -> None:
    """Print one clear line and exit non-zero: a user never sees a traceback."""
    click.echo(f"error: {error}", err=True)
    raise SystemExit(code)


def warn_all(warnings: Iterable[Warning_ | Problem]) -> None:
    """Each warning (or validator problem) on its own line of standard error."""
    for w in warnings:
        click.echo(str(w), err=True)
