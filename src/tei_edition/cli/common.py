"""Helpers every command shares: reporting errors and warnings the same way, writing to
standard output safely, and ending on Ctrl-C or SIGTERM with one line."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from ..errors import EditionError, Warning_, printable
from ..validation import Problem

F = TypeVar("F", bound=Callable[..., Any])

# Exit status of a run stopped by a signal, as shells report it: 128 + the signal's number.
INTERRUPTED = 128 + signal.SIGINT


def fail(error: EditionError, code: int = 1) -> None:
    """Print one clear line and exit non-zero: a user never sees a traceback."""
    with contextlib.suppress(OSError):  # standard error unwritable: the exit status says it
        click.echo(f"error: {error}", err=True)
    raise SystemExit(code)


def warn_all(warnings: Iterable[Warning_ | Problem]) -> None:
    """Each warning (or validator problem) on its own line of standard error."""
    for w in warnings:
        click.echo(printable(str(w)), err=True)


def write_stdout(data: bytes | str) -> None:
    """Write to standard output now; a closed, full or broken one is an EditionError (the
    output would be lost), not a traceback at exit."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if _closed_at_start.get(1):
        raise EditionError("standard output is closed: nothing could be written (use -o FILE)")
    try:
        stream = sys.stdout.buffer if sys.stdout is not None else None
        if stream is None:
            raise OSError(0, "it is closed")
        stream.write(data)
        stream.flush()
    except OSError as exc:
        _silence_stdout()
        raise EditionError(f"cannot write to standard output: {exc.strerror or exc}") from None


def echo(text: str) -> None:
    """One line of a command's report on standard output (file names shown safely)."""
    write_stdout(printable(text) + "\n")


def _silence_stdout() -> None:
    # What is still buffered would fail again when Python flushes at exit.
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)


_closed_at_start: dict[int, bool] = {}


def _open_standard_fds() -> None:
    """A standard stream closed by the caller (`>&-`) gets /dev/null, so that no file this
    run opens takes its number and receives stray output."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            _closed_at_start[fd] = True
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != fd:
                os.dup2(opened, fd)
                os.close(opened)


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (staged outputs are removed) and exit."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, _frame: Any) -> None:
    raise Stopped(signum)


def guarded(command: F) -> F:
    """Run a command so that it ends with one line, never a traceback: Ctrl-C exits 130,
    SIGTERM 143, SIGHUP 129, after the outputs being staged are removed."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        _open_standard_fds()
        previous = {s: signal.signal(s, _stop) for s in (signal.SIGTERM, signal.SIGHUP)}
        try:
            return command(*args, **kwargs)
        except EditionError as error:  # one not reported by the command (standard output)
            fail(error)
        except KeyboardInterrupt:
            _report_stop("interrupted (Ctrl-C)", INTERRUPTED)
        except Stopped as stopped:
            name = signal.Signals(stopped.signum).name
            _report_stop(f"stopped by {name}", 128 + stopped.signum)
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)
        return None

    return run  # type: ignore[return-value]


def _report_stop(what: str, code: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the line
    with contextlib.suppress(OSError):
        click.echo(f"error: {what}: the documents not finished keep their previous outputs",
                   err=True)
    raise SystemExit(code)


# --- Options that `build` and `site` share --------------------------------------------------

# The plain text's widest wrap: wider is one paragraph per line in practice, and Saxon's
# integers are 64-bit.
MAX_WIDTH = 100_000


def _check_url(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    from ..transform import page_url

    if value and not page_url(value, "x"):
        raise click.BadParameter("not an http(s) URL without spaces or quotes")
    return value


def publishing_options(command: F) -> F:
    """--width, --pages, --base-url and --tei-all: how each document is published."""
    for option in reversed((
        click.option("--width", type=click.IntRange(min=0, max=MAX_WIDTH), default=0,
                     show_default=True,
                     help="Wrap the plain text at this many characters (0: one paragraph per "
                          "line)."),
        click.option("--pages", is_flag=True, help="Show page breaks as [p. n] in the plain "
                     "text."),
        click.option("--base-url", default="", metavar="URL", callback=_check_url,
                     help="Address of the folder the HTML is published at (https://…/): the "
                          "page's URL in its suggested citation and reference-manager metadata."),
        click.option("--tei-all", is_flag=True, help="Also validate against tei_all (needs "
                     "jing)."),
    )):
        command = option(command)
    return command
