"""`tei-edition deposit`: package TEI as a BagIt bag for an archive, or verify such a bag."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import click

from ..errors import EditionError, Location, printable
from .common import echo, fail, guarded

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _bagging_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a valid date written YYYY-MM-DD") from None


@click.command("deposit")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="TEI_FILE...|BAG_DIR")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="BAG_DIR",
              help="Folder to write the bag to (must not exist, unless --force).")
@click.option("--verify", is_flag=True,
              help="Check BAG_DIR instead: every file and checksum, and the TEI inside.")
@click.option("--force", is_flag=True, help="Replace an existing bag (never another folder).")
@click.option("--bagging-date", callback=_bagging_date, metavar="YYYY-MM-DD",
              help="Bagging-Date to record (default today), for reproducible packages.")
@click.option("--zip", "zip_", is_flag=True, help="Also write BAG_DIR.zip and its .sha256.")
@click.option("--tar", "tar_", is_flag=True, help="Also write BAG_DIR.tar and its .sha256.")
@guarded
def command(
    paths: tuple[Path, ...], output: Path | None, verify: bool, force: bool,
    bagging_date: date | None, zip_: bool, tar_: bool,
) -> None:
    """Package TEI files as a BagIt 1.0 bag an archive can verify, or --verify a bag.

    \b
    tei-edition deposit TEI_FILE... -o BAG_DIR [--force] [--bagging-date D] [--zip|--tar]
    tei-edition deposit --verify BAG_DIR

    The bag holds the TEI, the schemas that validate it, its source text (when found and
    matching the checksum in the header), the HTML, text and citation outputs and a README.
    Exit status: 0 done or valid, 1 problems found, 2 wrong usage.
    """
    if verify:
        if output is not None or force or zip_ or tar_ or bagging_date is not None:
            raise click.UsageError("--verify takes only a bag folder")
        if len(paths) != 1:
            raise click.UsageError("--verify takes exactly one bag folder")
        _verify(paths[0])
        return
    if not paths:
        raise click.UsageError("give the TEI file(s) to deposit")
    if output is None:
        raise click.UsageError("give the bag folder to write with -o BAG_DIR")
    if zip_ and tar_:
        raise click.UsageError("choose one of --zip and --tar")
    archive = "zip" if zip_ else "tar" if tar_ else None
    _deposit(list(paths), output, force, bagging_date, archive)


def _deposit(
    teis: list[Path], output: Path, force: bool, when: date | None, archive: str | None
) -> None:
    from .. import deposit as lib  # bagit is imported only by the command that needs it

    try:
        made = lib.make_bag(teis, output, overwrite=force, bagging_date=when, archive=archive)
    except lib.InvalidTEI as exc:
        for line in exc.lines:
            click.echo(printable(line), err=True)
        fail(exc)
    except EditionError as exc:
        fail(exc)
    except OSError as exc:
        fail(EditionError(exc.strerror or str(exc), Location(str(exc.filename or output))))
    echo(
        f"{output}: BagIt 1.0 bag of {len(teis)} TEI file(s), "
        f"{made.payload_files} payload files, {made.payload_bytes} bytes"
    )
    for stem, found in sorted(made.payload.sources.items()):
        if found.path is None:
            echo(f"{stem}: source text not included: {found.note}")
        else:
            echo(f"{stem}: source text included: {found.path.name}")
    for stale in made.stale_archives:
        shown = output.parent / stale.name
        click.echo(f"{shown}: warning: archive of an earlier deposit, it does not match this bag",
                   err=True)
    if made.archive is not None:
        shown = output.parent / made.archive.name  # as the user named the bag
        echo(f"{shown}: archive of the bag (its SHA-256 in {shown.name}.sha256)")


def _verify(bag_dir: Path) -> None:
    from .. import deposit as lib

    try:
        report = lib.verify_bag(bag_dir)
    except EditionError as exc:
        fail(exc)
    except OSError as exc:
        fail(EditionError(exc.strerror or str(exc), Location(str(exc.filename or bag_dir))))
    for note in report.notes:
        echo(f"{bag_dir}: note: {note}")
    for problem in report.problems:
        echo(f"{bag_dir}/{problem}" if problem.path else f"{bag_dir}: {problem}")
    if report.problems:
        fail(EditionError(f"{len(report.problems)} problem(s): the bag does not verify",
                          Location(str(bag_dir))))
    echo(
        f"{bag_dir}: valid: {report.files} payload files complete and their checksums right; "
        f"TEI valid: {', '.join(report.tei)}"
    )
