"""Write the CLI reference (docs/cli.md) from the commands' own --help, so it cannot drift.

    python -m tei_edition.cli.reference [docs/cli.md]     # writes the file
    python -m tei_edition.cli.reference --check docs/cli.md  # exit 1 if it differs
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import main

_INTRO = (
    "# Command reference\n\n"
    "Generated from `tei-edition --help` and each command's `--help` by\n"
    "`python -m tei_edition.cli.reference docs/cli.md`; a test fails when this file and the\n"
    "help texts differ. Do not edit by hand.\n"
)


def _group_context() -> click.Context:
    # click's width on an 80-column terminal (78), fixed: the reference must not depend on
    # the terminal that writes it.
    return click.Context(main, info_name="tei-edition", terminal_width=78, max_content_width=80,
                         **main.context_settings)


def _help(command: click.Command, name: str | None = None) -> str:
    """The help text exactly as `tei-edition [name] --help` prints it (options inherited)."""
    group = _group_context()
    if name is None:
        return main.get_help(group)
    ctx = click.Context(command, info_name=name, parent=group, **command.context_settings)
    return command.get_help(ctx)


def reference() -> str:
    """The whole reference: the group's help, then one section per command, sorted."""
    parts = [_INTRO, "\n## tei-edition\n\n```text\n" + _help(main) + "\n```\n"]
    assert isinstance(main, click.Group)
    for name in sorted(main.commands):
        command = main.commands[name]
        text = _help(command, name)
        parts.append(f"\n## tei-edition {name}\n\n```text\n{text}\n```\n")
    return "".join(parts)


def run(argv: list[str]) -> int:
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    target = Path(args[0]) if args else Path("docs/cli.md")
    text = reference()
    if check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            print(f"{target}: differs from the commands' --help; regenerate it with "
                  f"python -m tei_edition.cli.reference {target}", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
