"""Errors and warnings that name the file and line a person must look at."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions pickle their args only; the location (and a subclass's own fields) must
        # survive the trip back from a worker process.
        return _restore, (type(self), self.message, self.where, dict(self.__dict__))


def _restore(cls: type[EditionError], message: str, where: Location | None,
             state: dict[str, Any]) -> EditionError:
    error = cls.__new__(cls)
    EditionError.__init__(error, message, where)
    error.__dict__.update(state)
    return error


@dataclass(frozen=True)
class Warning_:
    """A problem the output survives; collected and shown, never fatal."""

    message: str
    where: Location | None = None

    def __str__(self) -> str:
        return f"{self.where}: warning: {self.message}" if self.where else f"warning: {self.message}"
