"""docs/cli.md is the commands' --help, word for word: it cannot drift from the CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from helpers import ROOT
from tei_edition.cli import main as cli_main

REFERENCE = ROOT / "docs" / "cli.md"
EXE = Path(sys.executable).parent / "tei-edition"


def _sections() -> dict[str, str]:
    text = REFERENCE.read_text(encoding="utf-8")
    found = re.findall(r"^## (tei-edition(?: \w+)?)\n\n```text\n(.*?)\n```$", text, re.M | re.S)
    return dict(found)


def test_reference_is_what_the_generator_writes() -> None:
    result = subprocess.run([sys.executable, "-m", "tei_edition.cli.reference", "--check",
                             str(REFERENCE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_every_command_section_is_its_help_output() -> None:
    sections = _sections()
    listed = subprocess.run([str(EXE), "--help"], capture_output=True, text=True, timeout=60)
    commands = re.findall(r"^  (\w+)  ", listed.stdout.split("Commands:")[1], re.M)
    assert set(commands) == set(cli_main.commands)
    assert set(sections) == {"tei-edition", *(f"tei-edition {c}" for c in commands)}
    env = {**os.environ, "COLUMNS": "80"}  # the width the reference is written at
    for path in ["tei-edition", *(f"tei-edition {c}" for c in commands)]:
        args = path.split()[1:]
        shown = subprocess.run([str(EXE), *args, "--help"], capture_output=True, text=True,
                               env=env, timeout=60)
        assert shown.returncode == 0
        assert sections[path] == shown.stdout.rstrip("\n"), path


def test_check_fails_on_a_stale_reference(tmp_path: Path) -> None:
    stale = tmp_path / "cli.md"
    stale.write_text(REFERENCE.read_text(encoding="utf-8").replace("--quiet", "--silent"),
                     encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tei_edition.cli.reference", "--check",
                             str(stale)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "differs" in result.stderr


def test_readme_points_to_the_reference() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = readme.split("## Commands")[1].split("\n## ")[0]
    assert "docs/cli.md" in commands
