"""Writing outputs so that nothing is lost: whole files, whole sets, regular files only.

    with FolderLock(outdir):                  # one writer per folder: a second is refused
        write_output_set(outdir, {"a.html": html, "a.txt": text})

A document's outputs are one *set*: they appear together or not at all. Each file of the
set is staged in full as a hidden `.tei-edition-staging-TOKEN-NAME` file in the target
folder (so the final renames stay on one file system); then a marker
`.tei-edition-staging-TOKEN.commit` listing the names is written, and only then are the
files renamed into place, one by one, with SIGINT, SIGTERM and SIGHUP held back. The marker
is the point of no return:

* interrupted before it (a full disk, Ctrl-C, SIGKILL, a failed document): the previous set
  is untouched; the staged files are removed, or, after SIGKILL, by the next writer;
* interrupted after it (only SIGKILL or a power cut can land there: the renames take
  microseconds and the signals are held): the next FolderLock on that folder finishes the
  renames before anything else, so the new set is completed, never left mixed.

Every staged file and the marker are flushed to the disk (fsync) before the renames, and
the folder after them: a power cut, too, leaves the old set or the new one (on a file system
that keeps its promises about fsync).

An existing target that is not a regular file (a FIFO, a device, a symbolic link such as
/dev/stdout, a folder) is refused, never replaced: as root, replacing /dev/null by a file
would break the system. Errors name the target, never the staging file.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from .errors import EditionError, Location, printable
from .inputs import FileKey, file_key, kind_of

STAGING_PREFIX = ".tei-edition-staging-"
COMMIT_SUFFIX = ".commit"
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def _mode_for_new_files() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def check_output_path(path: str | Path) -> None:
    """Refuse, before any work, a target that exists and is not a regular file, or whose
    folder cannot be one (`-o /dev/null/x`)."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except NotADirectoryError:
        info = None
    except OSError as exc:
        raise EditionError(f"cannot write here: {exc.strerror}", Location(str(path))) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise EditionError(f"exists and is {kind_of(info.st_mode)}, not a regular file: "
                           "refusing to replace it", Location(str(path)))
    _check_folder(path.parent, Location(str(path)))


def refuse_inputs(outputs: Iterable[str | Path], inputs: Iterable[str | Path]) -> None:
    """An output is never an input: refuse any output path that names one of the inputs
    (the same real path, or the same inode: a symbolic or a hard link)."""
    by_inode: dict[FileKey, Path] = {}
    by_path: dict[str, Path] = {}
    for path in inputs:
        key = file_key(path)
        if key is not None:
            by_inode[key] = Path(path)
        by_path[os.path.realpath(path)] = Path(path)
    for out in outputs:
        key = file_key(out)
        found = (by_inode.get(key) if key is not None else None) \
            or by_path.get(os.path.realpath(out))
        if found is not None:
            raise EditionError(f"this output would replace the input {printable(str(found))}: "
                               "refusing to write it (choose another output)",
                               Location(str(out)))


def _check_folder(folder: Path, where: Location, doing: str | None = None) -> None:
    """The nearest existing ancestor must be a folder (it is made, if missing, at writing)."""
    doing = _doing(where, doing)
    for ancestor in [folder, *folder.parents]:
        try:
            info = os.stat(ancestor)
        except (FileNotFoundError, NotADirectoryError):
            continue  # the ancestor in the way is found further up
        except OSError as exc:
            raise EditionError(f"{doing}: {ancestor}: {exc.strerror}", where) from None
        if not stat.S_ISDIR(info.st_mode):
            raise EditionError(f"{doing}: {printable(str(ancestor))} is "
                               f"{kind_of(info.st_mode)}, not a folder", where)
        return


_INTO_FOLDER = "cannot write into this folder"


def _doing(where: Location, doing: str | None) -> str:
    return doing or f"cannot write {printable(Path(where.path).name)}"


def check_output_folder(folder: str | Path) -> None:
    """Refuse, before any work, an output folder that exists as something else or sits
    under a file."""
    _check_folder(Path(folder), Location(str(folder)), _INTO_FOLDER)


def _make_folder(folder: Path, where: Location, doing: str | None = None) -> None:
    if folder.is_dir():
        return
    _check_folder(folder, where, doing)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EditionError(f"{_doing(where, doing)}: cannot make the folder "
                           f"{printable(str(folder))}: {exc.strerror}", where) from None


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write the whole file or nothing: a crash never leaves a partial output behind.
    A target that is not a regular file, or a folder that cannot be made or written to, is
    an EditionError naming the target."""
    path = Path(path)
    check_output_path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    _make_folder(path.parent, Location(str(path)))
    # A temporary name of its own (not the sets' prefix): a writer's recover() in the same
    # folder must not take this one, which holds no lock, for a dead writer's.
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise EditionError(f"cannot write {printable(path.name)}: {exc.strerror or exc}",
                           Location(str(path))) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            _sync(fh)
        os.chmod(tmp, _mode_for_new_files())  # mkstemp's files are private
        os.replace(tmp, path)
        _sync_folder(path.parent)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise EditionError(f"cannot write {printable(path.name)}: {exc.strerror or exc}",
                           Location(str(path))) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class OutputSet:
    """The files of one set, staged in `folder`; `commit()` moves them into place together.

    Leaving the `with` block without commit() removes the staging folder: nothing appears.
    `add` returns the staged file's path, so a set can be checked (validated, rendered)
    before it is committed.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._names: list[str] = []
        self._token: str | None = None  # set by the first add()

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.discard()

    def target(self, name: str) -> Path:
        return self.folder / name

    def add(self, name: str, data: bytes | str) -> Path:
        if Path(name).name != name or name in (".", "..") or name.startswith(STAGING_PREFIX):
            raise ValueError(f"not a plain output file name: {name!r}")
        target = self.target(name)
        check_output_path(target)
        if self._token is None:
            _make_folder(self.folder, Location(str(target)))
            self._token = secrets.token_hex(8)
        if isinstance(data, str):
            data = data.encode("utf-8")
        staged = _staged(self.folder, self._token, name)
        # named before the file exists: a signal arriving while it is written (SIGTERM
        # raises here) still finds it to remove in discard()
        new = name not in self._names
        if new:
            self._names.append(name)
        try:
            fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC,
                         _mode_for_new_files())
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                _sync(fh)
        except OSError as exc:
            staged.unlink(missing_ok=True)
            if new:
                self._names.remove(name)
            raise EditionError(f"cannot write {name}: {exc.strerror or exc}",
                               Location(str(target))) from None
        return staged

    def commit(self) -> list[Path]:
        """Move every staged file into place; returns the targets, in the order added."""
        if self._token is None:
            return []
        for name in self._names:  # all refused before the first rename, not half-way
            check_output_path(self.target(name))
        marker = _marker(self.folder, self._token)
        # from the marker to the last rename, no signal comes between: a set is either
        # discarded whole or committed whole (a SIGKILL is completed by recover())
        with _signals_held():
            try:
                with marker.open("w", encoding="utf-8") as fh:
                    fh.write("".join(f"{n}\n" for n in self._names))
                    _sync(fh)
                _sync_folder(self.folder)  # the marker's name, before any rename
            except OSError as exc:
                marker.unlink(missing_ok=True)
                first = self.target(self._names[0])
                raise EditionError(f"cannot write {first.name}: {exc.strerror or exc}",
                                   Location(str(first))) from None
            _finish(self.folder, self._token, self._names)
            self._token = None
        return [self.target(n) for n in self._names]

    def discard(self) -> None:
        if self._token is not None:
            for name in self._names:
                _staged(self.folder, self._token, name).unlink(missing_ok=True)
            self._token = None


def write_output_set(folder: str | Path, files: Mapping[str, bytes | str]) -> list[Path]:
    """Write {file name: content} into `folder` as one set (see the module's docstring)."""
    with OutputSet(folder) as outputs:
        for name, data in files.items():
            outputs.add(name, data)
        return outputs.commit()


# Staged files sit beside their targets as hidden files, not in a staging folder: making and
# removing a folder costs milliseconds on ext4, a file microseconds.
_TOKEN = re.compile(re.escape(STAGING_PREFIX) + r"([0-9a-f]{16})[.-]")


def _staged(folder: Path, token: str, name: str) -> Path:
    return folder / f"{STAGING_PREFIX}{token}-{name}"


def _marker(folder: Path, token: str) -> Path:
    return folder / f"{STAGING_PREFIX}{token}{COMMIT_SUFFIX}"


def _finish(folder: Path, token: str, names: list[str] | None = None) -> None:
    """Rename a committed set's staged files into place, then remove its marker. Used by
    commit and, after a SIGKILL, by recover() (which reads the names from the marker): the
    files already moved are skipped."""
    marker = _marker(folder, token)
    if names is None:
        names = marker.read_text(encoding="utf-8").split("\n")
    for name in names:
        staged = _staged(folder, token, name)
        if not name or not os.path.lexists(staged):
            continue  # moved before the interruption
        try:
            os.replace(staged, folder / name)
        except OSError as exc:
            raise EditionError(f"cannot write {name}: {exc.strerror or exc}",
                               Location(str(folder / name))) from None
    try:
        _sync_folder(folder)  # the new names are on the disk before the marker goes
    except OSError as exc:
        raise EditionError(f"cannot write {folder}: {exc.strerror or exc}",
                           Location(str(folder))) from None
    marker.unlink()


def _sync(fh: Any) -> None:
    """Flush an open file's data to the disk."""
    fh.flush()
    os.fsync(fh.fileno())


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (new names, renames) to the disk. Some file systems cannot
    sync a folder (EINVAL): their promise is the file system's own."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back Ctrl-C and termination signals while a set is renamed into place."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def recover(folder: str | Path) -> int:
    """Finish or remove what an earlier writer killed in `folder` left behind; the number
    of sets finished. Call it only under FolderLock: then no live writer has files staged
    there, so every one found belongs to a dead one."""
    folder = Path(folder)
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(STAGING_PREFIX)
                   and e.is_file(follow_symlinks=False)
                   and e.stat(follow_symlinks=False).st_uid == os.geteuid()]
    except OSError:
        return 0
    committed = {m[1] for e in entries if (m := _TOKEN.match(e.name))
                 and e.name.endswith(COMMIT_SUFFIX)}
    for token in sorted(committed):
        _finish(folder, token)
    for entry in entries:  # staged files of sets never committed: nothing of them appears
        found = _TOKEN.match(entry.name)
        if found and found[1] not in committed:
            Path(entry.path).unlink(missing_ok=True)
    return len(committed)


class FolderLock:
    """One writer at a time in a folder: an exclusive flock on the folder itself (no lock
    file is left behind). A second writer is refused at once, not made to wait behind a
    build that may take minutes. On taking the lock, what a killed writer left is finished
    or removed (recover)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._fd: int | None = None
        self._made = False  # made by acquire(): removed again if nothing was written

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()

    def acquire(self) -> None:
        where = Location(str(self.folder))
        self._made = not self.folder.exists()
        _make_folder(self.folder, where, _INTO_FOLDER)
        try:
            fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError as exc:
            raise EditionError(f"{_INTO_FOLDER}: {exc.strerror}", where) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EACCES):
                raise EditionError("another tei-edition run is writing into this folder: "
                                   "wait for it to finish", where) from None
            raise EditionError(f"cannot lock this folder: {exc.strerror}", where) from None
        self._fd = fd
        recover(self.folder)

    def release(self) -> None:
        if self._fd is not None:
            if self._made:
                with contextlib.suppress(OSError):  # only succeeds if it is still empty
                    self.folder.rmdir()
            os.close(self._fd)  # closing the folder releases the flock
            self._fd = None


@contextlib.contextmanager
def folder_locks(folders: list[Path]) -> Iterator[None]:
    """FolderLock on each distinct folder (the same folder named twice is locked once)."""
    with contextlib.ExitStack() as stack:
        seen: list[Path] = []
        for folder in folders:
            real = Path(os.path.realpath(folder))
            if real not in seen:
                seen.append(real)
                stack.enter_context(FolderLock(folder))
        yield
