"""Errors and warnings that name the file and line a person must look at."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class EditionError(Exception):
    """A problem with the user's input: reported as one line, never as a traceback."""

    def __init__(self, message: str, where: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass(frozen=True)
class Warning_:
    """A problem the output survives; collected and shown, never fatal."""

    message: str
    where: Location | None = None

    def __str__(self) -> str:
        return f"{self.where}: warning: {self.message}" if self.where else f"warning: {self.message}"
