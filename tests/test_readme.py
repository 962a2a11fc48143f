"""The README's promises: two commands that CI runs, and a help text for every command."""

from __future__ import annotations

import re

from helpers import ROOT, cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = ("convert", "validate", "build", "deposit", "site")


def readme_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", README, re.S)
    return [ln for b in blocks for ln in b.splitlines() if ln and not ln.startswith("#")]


def test_readme_has_exactly_two_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    assert commands[0].endswith("tei-edition build")
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_help_explains_every_command() -> None:
    result = cli("--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\s+\S", result.stdout, re.M), name
        sub = cli(name, "--help")
        assert sub.returncode == 0 and "Usage: tei-edition " + name in sub.stdout
        assert f"tei-edition {name}" in README
