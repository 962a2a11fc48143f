"""Archival deposit: a TEI edition as a BagIt 1.0 package (RFC 8493), and its verification.

The package holds everything an archive needs to check the edition for decades without this
tool: the TEI, the schemas its xml-model links name (laid out so the relative links resolve
inside the bag), the source text it was converted from, the publications made from it, and a
README. The bag is made by the Library of Congress `bagit` library and checked with it, so
any BagIt tool agrees with us.

A bag is built in a hidden folder beside its target and moved into place only when complete:
an interrupted deposit leaves the target as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import shutil
import stat
import tarfile
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

import bagit
from lxml import etree

from . import TEI_NS, XML_NS, __version__
from .errors import EditionError, Location
from .inputs import MAX_TAG_FILE_BYTES, MAX_XML_BYTES, check_input, kind_of, read_regular
from .xmlio import parse_xml

CHECKSUMS = ("sha256", "sha512")
ARCHIVE_KINDS = ("zip", "tar")
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"

# Payload layout: the TEI's xml-model links are "schema/…" (schema_links), so the schemas sit
# in a schema/ folder beside the TEI files.
TEI_DIR = "tei"
SCHEMA_DIR = f"{TEI_DIR}/schema"
SOURCES_DIR = "sources"
PUBLICATIONS_DIR = "publications"
README = "README.txt"

_NS = {"tei": TEI_NS}
_HASH_BLOCK = 1 << 20


class _Problem(Protocol):
    """What tei_edition.validation reports (kept structural so this module imports alone)."""

    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int | None: ...
    @property
    def column(self) -> int | None: ...
    @property
    def severity(self) -> str: ...
    @property
    def message(self) -> str: ...


Validate = Callable[[Path], Sequence[_Problem]]
Publish = Callable[[Path, Path], Sequence[Path]]


class InvalidTEI(EditionError):
    """The TEI does not validate: nothing is deposited. `lines` holds one line per problem."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(f"{len(lines)} validation error(s): nothing deposited")
        self.lines = lines


# --- what the TEI header says ----------------------------------------------------------


@dataclass(frozen=True)
class Header:
    """The header facts a deposit records, read from one TEI file."""

    path: Path
    xml_id: str
    identifier: str
    title: str
    author: str
    publisher: str
    published: str  # the edition's date
    source_date: str  # the date of the document edited
    source_name: str  # the source text's file name, as the header records it
    source_sha256: str

    @property
    def stem(self) -> str:
        return self.path.stem

    def description(self) -> str:
        """One line for External-Description: what the document is, by whom, when."""
        who_when = ", ".join(v for v in (self.author, self.source_date) if v)
        made = ", ".join(v for v in (self.publisher, self.published) if v)
        parts = [v for v in (self.title, who_when) if v]
        parts.append(f"TEI P5 edition ({made})" if made else "TEI P5 edition")
        return ". ".join(parts) + "."


def _text(tree: etree._ElementTree, xpath: str) -> str:
    found = tree.xpath(xpath, namespaces=_NS)
    if not found:
        return ""
    node = found[0]
    if isinstance(node, str):
        return " ".join(node.split())
    return " ".join("".join(node.itertext()).split())


def read_header(path: Path) -> Header:
    """Read the facts a deposit needs from a TEI header (missing ones are empty strings)."""
    tree = parse_xml(path)
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        raise EditionError("not a TEI document (its root is not tei:TEI)", Location(str(path)))
    fd = "/tei:TEI/tei:teiHeader/tei:fileDesc"
    bibl = f"{fd}/tei:sourceDesc/tei:bibl"
    xml_id = root.get(f"{{{XML_NS}}}id", "")
    source_date = _text(tree, f"{bibl}/tei:date") or _date_attrs(tree, f"{bibl}/tei:date")
    return Header(
        path=path,
        xml_id=xml_id,
        identifier=_text(tree, f"{fd}/tei:publicationStmt/tei:idno") or xml_id or path.stem,
        title=_text(tree, f"{fd}/tei:titleStmt/tei:title[@type='main']")
        or _text(tree, f"{fd}/tei:titleStmt/tei:title"),
        author=_text(tree, f"{fd}/tei:titleStmt/tei:author"),
        publisher=_text(tree, f"{fd}/tei:publicationStmt/tei:publisher"),
        published=_text(tree, f"{fd}/tei:publicationStmt/tei:date/@when")
        or _text(tree, f"{fd}/tei:publicationStmt/tei:date"),
        source_date=source_date,
        source_name=_text(tree, f"{bibl}//tei:idno[@type='filename']"),
        source_sha256=_text(tree, f"{bibl}//tei:idno[@type='sha256']").lower(),
    )


def _date_attrs(tree: etree._ElementTree, xpath: str) -> str:
    found = tree.xpath(xpath, namespaces=_NS)
    if not found:
        return ""
    el = found[0]
    if el.get("when"):
        return el.get("when")
    return "–".join(v for v in (el.get("from"), el.get("to")) if v)


def xml_model_links(path: Path) -> list[str]:
    """The relative hrefs of the document's xml-model PIs (absolute URLs are not ours to ship)."""
    root = parse_xml(path).getroot()
    links = []
    for node in root.itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model":
            href = node.get("href") or ""
            if href and "://" not in href:
                links.append(href)
    return sorted(links)


# --- the source text -------------------------------------------------------------------


@dataclass(frozen=True)
class SourceFound:
    """The source text to deposit (path None when it is not) and why, for the README."""

    path: Path | None
    note: str


def _default_sources_dir() -> Path | None:
    try:
        from .convert import default_source
    except ImportError:
        return None
    try:
        return Path(default_source()).parent
    except (OSError, EditionError):
        return None


def source_dirs(tei: Path) -> list[Path]:
    """Where a TEI's source text may be: beside it, ../sources/, the embedded sources."""
    dirs = [tei.parent, tei.parent.parent / "sources"]
    embedded = _default_sources_dir()
    if embedded is not None:
        dirs.append(embedded)
    unique: list[Path] = []
    for d in dirs:
        if d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(_HASH_BLOCK), b""):
            h.update(block)
    return h.hexdigest()


def find_source(header: Header, dirs: Sequence[Path]) -> SourceFound:
    """The source file the header names, only if its SHA-256 is the one the header records."""
    name = header.source_name
    if not name:
        return SourceFound(None, "the TEI header does not name its source file")
    # The name comes from a document: never let it reach outside the folders searched.
    if Path(name).name != name or name.startswith("."):
        return SourceFound(None, f"the source file name '{name}' is not a plain file name")
    if not header.source_sha256:
        return SourceFound(None, f"the TEI header records no SHA-256 for {name} to check it by")
    candidates = [d / name for d in dirs if (d / name).is_file()]
    for candidate in candidates:
        if sha256_file(candidate) == header.source_sha256:
            return SourceFound(candidate, f"SHA-256 {header.source_sha256}, as the header records")
    if candidates:
        return SourceFound(None, f"{name} was found but its SHA-256 is not the header's")
    return SourceFound(
        None, f"{name} was not found beside the TEI, in ../sources/ or in the embedded sources"
    )


# --- collaborators, imported late so this module works on its own -----------------------


def default_validate(path: Path) -> Sequence[_Problem]:
    try:
        from .validation import Validator
    except ImportError as exc:
        raise EditionError(f"cannot validate the TEI: validator unavailable ({exc})") from None
    return Validator(tei_all=False).validate(path)


def default_publish(tei: Path, outdir: Path) -> Sequence[Path]:
    try:
        from .transform import Publisher
    except ImportError as exc:
        raise EditionError(f"cannot publish the TEI: publisher unavailable ({exc})") from None
    return Publisher().publish(tei, outdir)


def validation_errors(path: Path, validate: Validate) -> list[str]:
    """One line per error-severity problem (warnings do not stop a deposit)."""
    return [
        f"{Location(str(p.file or path), p.line, p.column)}: {p.severity}: {p.message}"
        for p in validate(path) if p.severity == "error"
    ]


# --- the payload -----------------------------------------------------------------------

_SCHEMA_ROLES = {
    "xml.xsd": "W3C XML Schema for xml:id and xml:lang, imported by the project schema",
    "tei_all.rng": "the official TEI P5 schema (tei_all, RELAX NG): the edition is valid TEI",
    "tei-edition.rng": "RELAX NG schema: the project schema's grammar, generated from its XSD",
    ".xsd": "W3C XML Schema: the structure the edition must have",
    ".sch": "Schematron: the edition's content rules",
    ".rng": "RELAX NG schema",
    ".rnc": "RELAX NG schema (compact syntax)",
    ".odd": "TEI ODD customisation the schemas derive from",
    ".html": "documentation of the schema",
    ".md": "documentation of the schema",
}

_PUBLICATION_ROLES = {
    ".html": "reading edition (HTML)",
    ".txt": "plain text",
    ".citations.json": "citation list (JSON)",
    ".csl.json": "citation list (CSL-JSON, for reference managers)",
    ".citations.csv": "citation list (CSV)",
}


def _role(name: str, roles: dict[str, str], default: str) -> str:
    # A whole file name first, then the longest suffix: "x.citations.json" is not just ".json".
    if name in roles:
        return roles[name]
    for suffix in sorted((k for k in roles if k.startswith(".")), key=len, reverse=True):
        if name.endswith(suffix):
            return roles[suffix]
    return default


def schema_files() -> list[Path]:
    """Every shipped schema file, caches and package plumbing excluded."""
    from .resources import schema_dir

    return sorted(
        p for p in schema_dir().iterdir()
        if p.is_file() and not p.name.startswith((".", "__")) and p.suffix not in (".pyc", ".pyo")
        and "cache" not in p.name.lower()
    )


@dataclass
class Payload:
    """What was put in data/, for the README and the report."""

    headers: list[Header]
    sources: dict[str, SourceFound] = field(default_factory=dict)  # by TEI stem
    files: dict[str, str] = field(default_factory=dict)  # payload-relative path -> role


def stage_payload(root: Path, headers: Sequence[Header], publish: Publish) -> Payload:
    """Lay the payload out in `root` (which becomes data/)."""
    payload = Payload(list(headers))
    for p in schema_files():
        _copy(p, root / SCHEMA_DIR / p.name)
        payload.files[f"{SCHEMA_DIR}/{p.name}"] = _role(p.name, _SCHEMA_ROLES, "schema file")
    for h in headers:
        tei = root / TEI_DIR / f"{h.stem}.xml"
        _copy(h.path, tei)
        payload.files[f"{TEI_DIR}/{tei.name}"] = "the edition, TEI P5 XML: the reference text"
        found = find_source(h, source_dirs(h.path))
        payload.sources[h.stem] = found
        if found.path is not None:
            _copy(found.path, root / SOURCES_DIR / found.path.name)
            payload.files[f"{SOURCES_DIR}/{found.path.name}"] = "the text the edition was made from"
        # Publish from the copy in the bag: what is deposited is what was published.
        out = root / PUBLICATIONS_DIR
        out.mkdir(parents=True, exist_ok=True)
        for made in publish(tei, out):
            made = Path(made)
            rel = made.resolve().relative_to(root.resolve()).as_posix()
            payload.files[rel] = _role(made.name, _PUBLICATION_ROLES, "publication output")
        _place_linked_schemas(tei, root, payload)
        _check_links(tei, root, str(h.path))
    # Plain writes inside the staging folder: the whole bag is moved into place at the end.
    (root / README).write_text(readme_text(payload), encoding="utf-8")
    _same_permissions(root, (root / README).stat().st_mode & 0o777)
    return payload


def _same_permissions(root: Path, mode: int) -> None:
    """Give every payload file the mode of a file written plainly (the README): tools that
    write atomically leave private 0600 files, which an archive's staff could not read."""
    for path in root.rglob("*"):
        if path.is_file():
            path.chmod(mode)


def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def _place_linked_schemas(tei: Path, root: Path, payload: Payload) -> None:
    """A TEI whose links point elsewhere than schema/ beside it (one written by an older
    version links to ../schema/): put the shipped schema files its links name there too, so
    that they resolve in the bag."""
    shipped = {p.name: p for p in schema_files()}
    for href in xml_model_links(tei):
        target = (tei.parent / href).resolve()
        if target.is_relative_to(root.resolve()) and not target.exists() and target.name in shipped:
            _copy(shipped[target.name], target)
            rel = target.relative_to(root.resolve()).as_posix()
            payload.files[rel] = _role(target.name, _SCHEMA_ROLES, "schema file")
            if target.name == "tei-edition.xsd" and "xml.xsd" in shipped:  # its import
                _copy(shipped["xml.xsd"], target.with_name("xml.xsd"))
                payload.files[target.with_name("xml.xsd").relative_to(root.resolve()).as_posix()] = \
                    _role("xml.xsd", _SCHEMA_ROLES, "schema file")


def _check_links(tei: Path, root: Path, shown_as: str) -> None:
    """The deposit is self-describing only if the TEI's schema links resolve inside it."""
    for href in xml_model_links(tei):
        target = (tei.parent / href).resolve()
        inside = target.is_relative_to(root.resolve())
        if not inside or not target.is_file():
            raise EditionError(
                f"xml-model link '{href}' does not resolve to a file inside the bag",
                Location(shown_as),
            )


def readme_text(payload: Payload) -> str:
    """README.txt: what the payload is and how to check it. Holds no date of its own, so
    re-running a deposit gives the same manifests."""
    lines: list[str] = []
    for h in payload.headers:
        title = h.title or h.stem
        lines += [title, "=" * len(title), ""]
        for label, value in (
            ("Identifier", h.identifier), ("Author", h.author),
            ("Date of the document", h.source_date), ("Publisher", h.publisher),
            ("Edition date", h.published),
        ):
            if value:
                lines.append(f"{label + ':':<22}{value}")
        found = payload.sources[h.stem]
        if found.path is not None:
            lines.append(f"{'Source text:':<22}{SOURCES_DIR}/{found.path.name}")
            lines.append(f"{'':<22}{found.note}")
        else:
            lines.append(f"{'Source text:':<22}not included: {found.note}")
        lines.append("")
    lines += [
        "This folder is the payload (data/) of a BagIt 1.0 package (RFC 8493) made by",
        f"tei-edition {__version__}. The files beside data/ list a SHA-256 and a SHA-512 checksum",
        "for every file (manifest-*.txt, tagmanifest-*.txt) and describe the package",
        "(bag-info.txt).",
        "",
        "Contents",
        "--------",
    ]
    width = max(len(p) for p in payload.files) + 2
    for rel in sorted([*payload.files, README]):
        role = payload.files.get(rel, "this file")
        lines.append(f"  {rel:<{width}}{role}")
    lines += [
        "",
        "The TEI files declare their schemas with xml-model processing instructions",
        f"(schema/..., that is {SCHEMA_DIR}/): they resolve inside this folder, so any XML",
        "editor can validate the edition from the package alone.",
        "",
        "How to check the package",
        "------------------------",
        "  bagit.py --validate BAG_DIR           every file is present and matches its",
        "                                        checksums (Library of Congress bagit tool)",
        "  tei-edition deposit --verify BAG_DIR  the same, naming each missing, extra or",
        "                                        altered file, and the TEI still validates",
        "  sha256sum -c BAG_DIR.zip.sha256       the archive file, when one was made",
        "                                        (.tar.sha256 for a tar)",
        "  cd BAG_DIR && sha256sum -c manifest-sha256.txt",
        "                                        the payload with GNU coreutils alone",
        "",
    ]
    return "\n".join(lines)


# --- the bag ---------------------------------------------------------------------------


@contextlib.contextmanager
def _quiet_bagit() -> Iterator[None]:
    # bagit logs every problem (and tracebacks) through logging; with no handler set up,
    # Python would print them raw. We report problems ourselves, one line each.
    logger = logging.getLogger("bagit")
    before = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = before


def bag_info(headers: Sequence[Header], bagging_date: date) -> dict[str, Any]:
    """bag-info.txt fields from the TEI headers (bagit adds Payload-Oxum itself)."""
    def values(items: list[str]) -> str | list[str]:
        unique = list(dict.fromkeys(v for v in items if v))
        return unique[0] if len(unique) == 1 else unique

    info: dict[str, Any] = {
        "External-Identifier": values([h.identifier for h in headers]),
        "External-Description": values([h.description() for h in headers]),
        "Source-Organization": values([h.publisher for h in headers]),
        "Internal-Sender-Identifier": values([h.xml_id for h in headers]),
        "Bagging-Date": bagging_date.isoformat(),
        "Bag-Software-Agent": f"tei-edition {__version__} (bagit.py {bagit.VERSION})",
    }
    return {k: v for k, v in info.items() if v}


def human_size(n: int) -> str:
    """Bag-Size as RFC 8493 shows it: a number and a unit (decimal units)."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n} B" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000  # type: ignore[assignment]
    raise AssertionError("unreachable")


def _finish_bag(path: Path) -> None:
    """bagit writes BagIt 0.97; declare 1.0, add Bag-Size, and order tag manifests."""
    (path / "bagit.txt").write_text(BAGIT_TXT, encoding="utf-8")
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    with _quiet_bagit():
        bag = bagit.Bag(str(path))
        bag.info["Bag-Size"] = human_size(total)
        bag.save()  # rewrites bag-info.txt and the tag manifests, leaves the payload alone
    # bagit lists tag files in directory order, which varies between file systems.
    for alg in CHECKSUMS:
        manifest = path / f"tagmanifest-{alg}.txt"
        lines = manifest.read_text(encoding="utf-8").splitlines()
        lines.sort(key=lambda line: line.split(None, 1)[1])
        manifest.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


@dataclass(frozen=True)
class Deposit:
    """What make_bag made."""

    bag_dir: Path
    payload: Payload
    payload_bytes: int
    payload_files: int
    archive: Path | None
    # Archives of an earlier deposit left beside the bag: they no longer match it.
    stale_archives: list[Path] = field(default_factory=list)


def _check_target(bag_dir: Path, overwrite: bool) -> None:
    where = Location(str(bag_dir))
    if bag_dir.is_symlink() or (bag_dir.exists() and not bag_dir.is_dir()):
        raise EditionError("exists and is not a folder: refusing to replace it", where)
    if not bag_dir.exists():
        return
    if not overwrite:
        raise EditionError("already exists (use --force to replace it)", where)
    # --force replaces a bag, never an arbitrary folder someone pointed -o at by mistake.
    if any(bag_dir.iterdir()) and not (bag_dir / "bagit.txt").is_file():
        raise EditionError("exists and is not a bag: refusing to replace it", where)


def archive_path(bag_dir: Path, kind: str) -> Path:
    return bag_dir.with_name(f"{bag_dir.name}.{kind}")


def make_bag(
    tei_files: Sequence[Path | str],
    bag_dir: Path | str,
    *,
    overwrite: bool = False,
    bagging_date: date | None = None,
    archive: str | None = None,
    validate: Validate | None = None,
    publish: Publish | None = None,
) -> Deposit:
    """Deposit valid TEI files as a BagIt 1.0 bag at `bag_dir`, atomically.

    Raises EditionError (InvalidTEI when a TEI file does not validate) and leaves
    `bag_dir` untouched on any failure.
    """
    teis = [Path(t) for t in tei_files]
    bag_dir = Path(bag_dir).absolute()
    if not teis:
        raise EditionError("no TEI file to deposit")
    if archive is not None and archive not in ARCHIVE_KINDS:
        raise EditionError(f"unknown archive kind '{archive}': use {' or '.join(ARCHIVE_KINDS)}")
    _check_inputs(teis)
    _check_target(bag_dir, overwrite)
    if archive and archive_path(bag_dir, archive).exists() and not overwrite:
        raise EditionError("already exists (use --force to replace it)",
                           Location(str(archive_path(bag_dir, archive))))
    validate = validate or default_validate
    errors = [line for t in teis for line in validation_errors(t, validate)]
    if errors:
        raise InvalidTEI(errors)
    headers = [read_header(t) for t in teis]
    when = bagging_date or date.today()

    bag_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(bag_dir)
    staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(bag_dir), dir=bag_dir.parent))
    owner = _own(staging)
    try:
        build = staging / bag_dir.name
        build.mkdir()  # not mkdtemp: the bag gets ordinary permissions
        payload = stage_payload(build, headers, publish or default_publish)
        oxum_bytes, oxum_files = _bag_up(build, bag_info(headers, when))
        _finish_bag(build)
        _self_check(build)
        built_archive = write_archive(build, archive, when) if archive else None
        _move_into_place(build, bag_dir, staging)
        final_archive = None
        if built_archive is not None:
            final_archive = archive_path(bag_dir, archive)  # type: ignore[arg-type]
            checksum = built_archive.with_name(built_archive.name + ".sha256")
            os.replace(checksum, final_archive.with_name(final_archive.name + ".sha256"))
            os.replace(built_archive, final_archive)
        stale = [p for k in ARCHIVE_KINDS if (p := archive_path(bag_dir, k)).exists()
                 and p != final_archive]
        return Deposit(bag_dir, payload, oxum_bytes, oxum_files, final_archive, stale)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        os.close(owner)


# A staging folder holds OWNER_LOCK, locked (flock) by the deposit building in it for as long
# as it runs. The kernel drops the lock when that process dies, however it dies: a staging
# folder whose lock can be taken is provably a dead deposit's, and is removed by the next.
OWNER_LOCK = ".owner.lock"


def _staging_prefix(bag_dir: Path) -> str:
    return f".{bag_dir.name}.deposit-"


def _own(staging: Path) -> int:
    fd = os.open(staging / OWNER_LOCK, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def remove_stale_staging(bag_dir: Path) -> list[Path]:
    """Remove what killed deposits of this bag left beside it: only folders with our name,
    made by this user, holding an owner lock nobody holds. Returns the folders removed."""
    removed: list[Path] = []
    prefix = _staging_prefix(bag_dir)
    try:
        entries = list(os.scandir(bag_dir.parent))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(prefix) or not entry.is_dir(follow_symlinks=False):
            continue
        if entry.stat(follow_symlinks=False).st_uid != os.geteuid():
            continue
        try:
            fd = os.open(Path(entry.path) / OWNER_LOCK, os.O_RDONLY | os.O_NOFOLLOW
                         | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            continue  # no owner lock: not provably ours
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a live deposit holds it
        finally:
            os.close(fd)
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(Path(entry.path))
    return removed


def _bag_up(build: Path, info: dict[str, Any]) -> tuple[int, int]:
    """Turn the staged folder into a bag; returns the payload's bytes and file count."""
    with _quiet_bagit():
        try:
            made = bagit.make_bag(str(build), info, checksums=list(CHECKSUMS))
        except (bagit.BagError, RuntimeError) as exc:
            raise EditionError(f"bagit could not make the bag: {exc}") from None
    size, count = made.info["Payload-Oxum"].split(".")
    return int(size), int(count)


def _check_inputs(teis: Sequence[Path]) -> None:
    for t in teis:
        if not t.exists():
            raise EditionError("no such file", Location(str(t)))
        check_input(t, "TEI file")  # a FIFO or a device is refused, never opened to wait
    stems = [t.stem for t in teis]
    twice = sorted({s for s in stems if stems.count(s) > 1})
    if twice:
        raise EditionError(f"two TEI files are named {', '.join(twice)}: their outputs would clash")


def _self_check(build: Path) -> None:
    """Never move a bag into place that bagit itself would reject."""
    with _quiet_bagit():
        try:
            bagit.Bag(str(build)).validate()
        except bagit.BagError as exc:
            raise EditionError(f"the bag just made does not validate: {exc}") from None


def _move_into_place(build: Path, bag_dir: Path, staging: Path) -> None:
    if bag_dir.exists():
        # Renames are atomic on one file system; the old bag goes into staging, which the
        # caller removes, so a failure between the two renames loses nothing.
        os.rename(bag_dir, staging / ".replaced")
        try:
            os.rename(build, bag_dir)
        except OSError:
            os.rename(staging / ".replaced", bag_dir)
            raise
    else:
        os.rename(build, bag_dir)


# --- the archive file ------------------------------------------------------------------


def _members(bag: Path) -> list[Path]:
    """Folders and files of the bag in a fixed order, folders before their contents."""
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(bag):
        dirnames.sort()
        here = Path(dirpath)
        out.append(here)
        out.extend(here / f for f in sorted(filenames))
    return out


def write_archive(bag: Path, kind: str, when: date) -> Path:
    """A reproducible zip or tar of the bag (one top-level folder, as RFC 8493 §4.2 asks),
    and its `sha256sum` line beside it. Same bag and date give the same bytes."""
    target = bag.with_name(f"{bag.name}.{kind}")
    stamp = datetime(when.year, when.month, when.day, tzinfo=UTC)
    members = _members(bag)
    if kind == "zip":
        _write_zip(bag, members, target, stamp)
    else:
        _write_tar(bag, members, target, stamp)
    digest = sha256_file(target)
    target.with_name(target.name + ".sha256").write_text(f"{digest}  {target.name}\n")
    return target


def _arcname(bag: Path, member: Path) -> str:
    return (Path(bag.name) / member.relative_to(bag)).as_posix()


def _write_zip(bag: Path, members: list[Path], target: Path, stamp: datetime) -> None:
    with zipfile.ZipFile(target, "w") as zf:
        for m in members:
            if m.is_dir():
                continue  # unzip makes folders from the file paths
            info = zipfile.ZipInfo(_arcname(bag, m), date_time=stamp.timetuple()[:6])
            info.create_system = 3  # Unix, so the permission bits below mean the same everywhere
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, m.read_bytes(), compresslevel=9)


def _write_tar(bag: Path, members: list[Path], target: Path, stamp: datetime) -> None:
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as tf:
        for m in members:
            info = tarfile.TarInfo(_arcname(bag, m))
            info.mtime = int(stamp.timestamp())
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if m.is_dir():
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tf.addfile(info)
            else:
                info.mode, info.size = 0o644, m.stat().st_size
                with m.open("rb") as fh:
                    tf.addfile(info, fh)


# --- verification ----------------------------------------------------------------------


@dataclass(frozen=True)
class BagProblem:
    """One thing wrong with a bag. `path` is relative to the bag ("" for the bag itself)."""

    kind: str  # "missing" | "extra" | "altered" | "invalid" | "bag"
    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if not self.path:
            return f"{self.kind}: {self.message}"
        return f"{Location(self.path, self.line, self.column)}: {self.kind}: {self.message}"


@dataclass(frozen=True)
class VerifyReport:
    bag_dir: Path
    problems: list[BagProblem]
    files: int  # payload files the manifests list
    tei: list[str]  # TEI files re-validated
    notes: list[str] = field(default_factory=list)  # worth knowing, not problems

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_bag(bag_dir: Path | str, *, validate: Validate | None = None) -> VerifyReport:
    """Check completeness and every checksum with bagit, then re-validate the TEI inside.

    Before bagit opens anything, the bag is walked without following links and its tag
    files read strictly (bounded, UTF-8, one well-formed line each): a symbolic link, a FIFO
    or a device inside the bag, a malformed or undecodable manifest, a payload name whose
    Unicode normalization differs from the manifest's are each a problem; bagit then never
    reads them (it would follow a link out of the bag, hang on a FIFO, or accept the name).
    Only files the manifests list are read: nothing unlisted, nothing outside the bag.
    """
    bag_dir = Path(bag_dir)
    if not bag_dir.is_dir():
        return VerifyReport(bag_dir, [BagProblem("bag", "", "no such folder")], 0, [])
    scan = _scan(bag_dir)
    listed, problems = _read_manifests(bag_dir, scan)
    problems = scan.problems + problems + _names_problems(scan, listed)
    if not problems:
        with _quiet_bagit():
            try:
                bag = bagit.Bag(str(bag_dir))
            except bagit.BagError as exc:
                problem = BagProblem("bag", "", f"not a readable bag: {exc}")
                return VerifyReport(bag_dir, [problem], 0, [])
            problems = _bag_problems(bag)
    elif listed is not None:  # checksums of the listed regular files, read by us only
        problems += _checksum_problems(bag_dir, listed, scan)
    payload = {rel for rel in (listed or {}) if rel.startswith("data/")}
    teis = sorted(bag_dir / rel for rel in payload if _listed_tei(rel) and rel in scan.files)
    problems += _tei_problems(bag_dir, teis, validate or default_validate)
    shown = [t.relative_to(bag_dir).as_posix() for t in teis]
    notes = _schema_notes(bag_dir, {rel for rel in payload if rel in scan.files})
    return VerifyReport(bag_dir, sorted(problems, key=lambda p: (p.path, p.kind)), len(payload),
                        shown, notes)


def _listed_tei(rel: str) -> bool:
    parts = rel.split("/")
    return len(parts) == 3 and parts[1] == TEI_DIR and parts[2].endswith(".xml")


@dataclass
class _Scan:
    """What is in the bag, found without following links: regular files by relative path."""

    files: set[str] = field(default_factory=set)
    problems: list[BagProblem] = field(default_factory=list)


def _scan(bag_dir: Path) -> _Scan:
    scan = _Scan()
    root = os.path.realpath(bag_dir)
    for folder, dirs, names in os.walk(bag_dir, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs + names):
            path = here / name
            rel = path.relative_to(bag_dir).as_posix()
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                target = os.path.realpath(path)
                where = "outside the bag" if os.path.commonpath([root, target]) != root \
                    else "inside the bag"
                scan.problems.append(BagProblem("unsafe", rel, f"a symbolic link pointing "
                                                f"{where}: a bag holds only files and folders"))
            elif stat.S_ISREG(info.st_mode):
                scan.files.add(rel)
            elif not stat.S_ISDIR(info.st_mode):
                scan.problems.append(BagProblem("unsafe", rel, f"{kind_of(info.st_mode)}, "
                                                "not a regular file: not read"))
        dirs[:] = [d for d in dirs if not (here / d).is_symlink()]  # never walked into
    return scan


_HEX_LENGTHS = {"md5": 32, "sha1": 40, "sha224": 56, "sha256": 64, "sha384": 96, "sha512": 128}


def _read_manifests(bag_dir: Path, scan: _Scan) -> tuple[dict[str, dict[str, str]] | None,
                                                         list[BagProblem]]:
    """{relative path: {algorithm: checksum}} from every manifest and tag manifest, read
    strictly; None when one cannot be read at all."""
    listed: dict[str, dict[str, str]] = {}
    problems: list[BagProblem] = []
    readable = True
    names = sorted(n for n in scan.files if "/" not in n and n.endswith(".txt"))
    for name in names:
        kind = name.split("-", 1)[0]
        if kind not in ("manifest", "tagmanifest") and name not in ("bagit.txt", "bag-info.txt"):
            continue
        try:
            text = read_regular(bag_dir / name, MAX_TAG_FILE_BYTES, "tag file").decode("utf-8")
        except EditionError as exc:
            problems.append(BagProblem("bag", name, exc.message))
            readable = False
            continue
        except UnicodeDecodeError as exc:
            problems.append(BagProblem("bag", name, f"not UTF-8 (byte at offset {exc.start}), "
                                       "as BagIt requires"))
            readable = False
            continue
        if kind not in ("manifest", "tagmanifest"):
            continue
        algorithm = name[len(kind) + 1:-len(".txt")]
        for number, line in enumerate(text.split("\n"), 1):
            entry = _manifest_entry(line, algorithm)
            if entry is None:
                problems.append(BagProblem("bag", name, "malformed manifest line (expected a "
                                           f"{algorithm} checksum, spaces, a path)", number))
            elif entry:
                listed.setdefault(entry[1], {})[algorithm] = entry[0].lower()
    return (listed if readable else None), problems


def _manifest_entry(line: str, algorithm: str) -> tuple[str, str] | tuple[()] | None:
    """(checksum, path) of a manifest line, () for an empty line, None if malformed."""
    line = line.rstrip("\r")
    if not line:
        return ()
    parts = line.split(None, 1)
    width = _HEX_LENGTHS.get(algorithm)
    if len(parts) != 2 or (width is not None and len(parts[0]) != width):
        return None
    if any(c not in "0123456789abcdefABCDEF" for c in parts[0]):
        return None
    path = parts[1].strip()
    if not path or path.startswith("/") or ".." in path.split("/"):
        return None
    return parts[0], path


def _names_problems(scan: _Scan, listed: dict[str, dict[str, str]] | None) -> list[BagProblem]:
    """Names bagit would treat as one: two files whose names differ only by Unicode
    normalization, and a payload file listed in one form but stored in the other."""
    problems: list[BagProblem] = []
    by_form: dict[str, list[str]] = {}
    for rel in sorted(scan.files):
        by_form.setdefault(unicodedata.normalize("NFC", rel), []).append(rel)
    for names in by_form.values():
        if len(names) > 1:
            problems.append(BagProblem("unsafe", names[0], "two files whose names differ only "
                                       f"by Unicode normalization (NFC/NFD): {names[1]}"))
    if listed is not None:
        for rel in sorted(listed):
            if rel in scan.files:
                continue
            stored = [n for n in by_form.get(unicodedata.normalize("NFC", rel), []) if n != rel]
            if stored:
                problems.append(BagProblem("altered", rel, "the file is stored under another "
                                           f"Unicode normalization of its name: {stored[0]}"))
    return problems


def _checksum_problems(bag_dir: Path, listed: dict[str, dict[str, str]],
                       scan: _Scan) -> list[BagProblem]:
    problems = []
    for rel, expected in sorted(listed.items()):
        if rel not in scan.files:
            if not any(p.path == rel for p in scan.problems):
                problems.append(BagProblem("missing", rel, "listed in the manifests but not "
                                           "in the bag"))
            continue
        found = _hashes(bag_dir / rel, sorted(expected))
        wrong = [alg for alg in sorted(expected) if expected[alg] != found[alg]]
        if wrong:
            problems.append(BagProblem("altered", rel, f"{' and '.join(wrong)} checksum(s) "
                                       "differ from the manifest"))
    return problems


def _schema_notes(bag_dir: Path, payload: set[str]) -> list[str]:
    """The TEI is re-validated with this tool's schemas; say so when the bag's differ (a bag
    made by another version), since the bag's own schemas are then the reference. Only the
    listed regular files of data/schema/ are read."""
    ours = {p.name: p.read_bytes() for p in schema_files()}
    prefix = f"data/{SCHEMA_DIR}/"
    theirs = {rel[len(prefix):]: read_regular(bag_dir / rel, MAX_XML_BYTES, "schema")
              for rel in sorted(payload) if rel.startswith(prefix) and "/" not in rel[len(prefix):]}
    if ours == theirs:
        return []
    return [f"the TEI was validated with the schemas of tei-edition {__version__}, which differ "
            f"from those in data/{SCHEMA_DIR}/ (the bag was made by another version)"]


def _bag_problems(bag: bagit.Bag) -> list[BagProblem]:
    try:
        bag.validate()
        return []
    except bagit.BagValidationError as exc:
        failure = str(exc)
    except bagit.BagError as exc:
        return [BagProblem("bag", "", str(exc))]
    # bagit stops at the first failing stage (file count, then completeness, then
    # checksums) and its first stage names no file: name every problem ourselves.
    problems = _diagnose(bag)
    return problems or [BagProblem("bag", "", failure)]


def _diagnose(bag: bagit.Bag) -> list[BagProblem]:
    only_in_manifests, only_on_disk = bag.compare_manifests_with_fs()
    problems = [BagProblem("missing", _posix(p), "listed in the manifests but not in the bag")
                for p in only_in_manifests]
    problems += [
        BagProblem("extra", _posix(p), "in the bag but in no manifest") for p in only_on_disk
    ]
    root = Path(bag.path)
    for rel, expected in sorted(bag.entries.items()):
        path = root / rel
        if not path.is_file():
            continue
        found = _hashes(path, sorted(expected))
        wrong = [alg for alg in sorted(expected) if expected[alg].lower() != found[alg]]
        if wrong:
            what = " and ".join(wrong)
            sums = "checksums differ" if len(wrong) > 1 else "checksum differs"
            problems.append(BagProblem("altered", _posix(rel), f"{what} {sums} from the manifest"))
    return sorted(problems, key=lambda p: (p.path, p.kind))


def _posix(rel: str) -> str:
    return Path(rel).as_posix()


def _hashes(path: Path, algorithms: Sequence[str]) -> dict[str, str]:
    hashers = {alg: hashlib.new(alg) for alg in algorithms}
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(_HASH_BLOCK), b""):
            for h in hashers.values():
                h.update(block)
    return {alg: h.hexdigest() for alg, h in hashers.items()}


def _tei_problems(bag_dir: Path, teis: Sequence[Path], validate: Validate) -> list[BagProblem]:
    if not teis:
        return [BagProblem("missing", f"data/{TEI_DIR}/", "the bag holds no TEI file")]
    problems: list[BagProblem] = []
    for tei in teis:
        rel = tei.relative_to(bag_dir).as_posix()
        try:
            found = [p for p in validate(tei) if p.severity == "error"]
            problems += [BagProblem("invalid", rel, p.message, p.line, p.column) for p in found]
            _check_links(tei, bag_dir / "data", rel)
        except EditionError as exc:
            problems.append(BagProblem("invalid", rel, exc.message))
    return problems
