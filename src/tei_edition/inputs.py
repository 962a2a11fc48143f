"""Reading input files safely: regular files only, never more than a stated size.

Every file the tool reads (source texts, data files, TEI, bag manifests) goes through
`read_regular`. It opens without blocking and checks what it opened before reading a byte:
a FIFO would otherwise wait forever for a writer, a device such as /dev/zero would fill the
memory, a folder would fail later with a confusing message. The size limit is enforced on the
bytes actually read, not only on the size stat reports (a file can grow while it is read).

`same_file` and `file_key` say whether two paths are the same file (symbolic links and hard
links included), so that no output is ever written over an input.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

from .errors import EditionError, Location

MB = 1024 * 1024

# The documented limits (README, "Robustness"). An edition is a few hundred KB; these leave
# room for a whole book while keeping a hostile input from exhausting memory.
MAX_SOURCE_BYTES = 20 * MB
MAX_DATA_FILE_BYTES = 2 * MB
MAX_XML_BYTES = 20 * MB
MAX_TAG_FILE_BYTES = 8 * MB  # a bag's manifests and tag files

_BLOCK = 1 << 20


# What a file is, in words a user knows, by the test of its mode.
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link"), (stat.S_ISREG, "a file"))


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words a user knows."""
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def read_regular(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or an EditionError naming it.

    O_NONBLOCK makes opening a FIFO return at once (it is then refused by fstat); it has no
    effect on reading a regular file.
    """
    shown = Location(str(path))
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise EditionError(f"cannot read {what}: {exc.strerror}", shown) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise EditionError(f"cannot read {what}: it is {kind_of(info.st_mode)}, "
                               "not a regular file", shown)
        if info.st_size > limit:
            raise EditionError(_too_big(what, info.st_size, limit), shown)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(_BLOCK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise EditionError(_too_big(what, total, limit), shown)
        return b"".join(chunks)
    except OSError as exc:
        raise EditionError(f"cannot read {what}: {exc.strerror}", shown) from None
    finally:
        os.close(fd)


def _too_big(what: str, size: int, limit: int) -> str:
    return f"file is {size // MB} MB, over the {limit // MB} MB limit"


def check_input(path: str | Path, what: str = "input") -> None:
    """Refuse, before any work, an input that is not a regular file (symlinks followed)."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise EditionError(f"cannot read {what}: {exc.strerror}", Location(str(path))) from None
    if not stat.S_ISREG(info.st_mode):
        raise EditionError(f"cannot read {what}: it is {kind_of(info.st_mode)}, "
                           "not a regular file", Location(str(path)))


FileKey = tuple[int, int]


def file_key(path: str | Path) -> FileKey | None:
    """(device, inode) of the file a path names, symlinks followed; None if there is none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file: the same real path, or one inode (a hard link)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    key = file_key(a)
    return key is not None and key == file_key(b)


def unsafe_name(name: str) -> str | None:
    """Why a file name cannot be recorded in TEI or shown as it is (None when it can):
    control characters, and bytes that are not UTF-8 (Python keeps them as surrogates)."""
    for ch in name:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            return f"it holds the byte 0x{code - 0xDC00:02X}, which is not UTF-8"
        if code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0:
            return f"it holds the control character U+{code:04X}"
        if code in (0xFFFE, 0xFFFF) or unicodedata.category(ch) == "Cs":
            return f"it holds U+{code:04X}, which XML does not allow"
    return None
