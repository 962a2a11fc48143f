"""Shared by the tests/test_robustness_*.py files: run the installed command as a user
would (with a memory limit, a file-size limit or a closed stream when asked), and check the
promise every hostile case must keep: the exit status, exactly one error line, no
traceback, and the inputs byte for byte as they were."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from helpers import DATA, ROOT, SOURCE

EXE = Path(sys.executable).parent / "tei-edition"
SAMPLE = ROOT / "tests" / "fixtures" / "sample-edition.xml"


def run(*args: str | Path, cwd: Path | None = None, preexec: Callable[[], None] | None = None,
        timeout: float = 120, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), *map(os.fsdecode, args)], capture_output=True, text=True,
                          errors="replace", cwd=cwd, preexec_fn=preexec, timeout=timeout,
                          **kwargs)


def memory_limit(megabytes: int) -> Callable[[], None]:
    """A preexec_fn capping the address space: reading /dev/zero would raise MemoryError."""
    def limit() -> None:
        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    return limit


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def assert_one_error(done: subprocess.CompletedProcess[str], needle: str = "",
                     code: int = 1) -> str:
    """Exit `code`, no traceback, exactly one error line (holding `needle`); returns it."""
    assert done.returncode == code, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr, done.stderr
    lines = error_lines(done.stderr)
    assert len(lines) == 1, done.stderr
    assert needle in lines[0], lines[0]
    return lines[0]


def digests(paths: Iterable[Path]) -> dict[Path, str]:
    """SHA-256 of each regular file (a FIFO or device: its kind), to prove nothing changed."""
    out = {}
    for path in paths:
        if path.is_symlink() or not path.is_file():
            out[path] = f"mode {os.lstat(path).st_mode:o}" if os.path.lexists(path) else "absent"
        else:
            out[path] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def tree_digests(folder: Path) -> dict[Path, str]:
    return digests(sorted(p for p in folder.rglob("*") if not p.is_dir()))


def speech(folder: Path, name: str = "speech", with_data: bool = True) -> Path:
    """The embedded document copied under `name`.txt (and its data file beside it)."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{name}.txt"
    shutil.copyfile(SOURCE, source)
    if with_data:
        shutil.copyfile(DATA, folder / f"{name}.toml")
    return source
