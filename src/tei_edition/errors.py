"""Errors and warnings that name the file and line a person must look at."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def printable(text: str) -> str:
    """Text safe to print on a terminal and to encode as UTF-8: a file name's control
    characters become \\xNN, its bytes that are not UTF-8 (kept by Python as surrogates)
    \\xNN too, and characters XML refuses \\uNNNN, so one error stays one readable line."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x20 or 0x7F <= code < 0xA0:
            out.append(f"\\x{code:02x}")
        elif 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True)
class Location:
    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [printable(self.path)]
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
        message = printable(self.message)
        return f"{self.where}: {message}" if self.where else message

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
        message = printable(self.message)
        return f"{self.where}: warning: {message}" if self.where else f"warning: {message}"
