"""Outputs never replace an input, are only ever regular files, and a document's outputs
appear as one set: a full disk, a kill or a second build never leaves a mix of old and new."""

from __future__ import annotations

import fcntl
import os
import random
import resource
import shutil
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest
from robust import EXE, SAMPLE, assert_one_error, digests, run, speech, tree_digests

SUFFIXES = (".html", ".txt", ".citations.json", ".csl.json", ".citations.csv")
DOCUMENTS = 12
INVALID = SAMPLE.parent / "publish" / "hostile-edition.xml"


# --- an output is never an input ---------------------------------------------------------


@pytest.mark.parametrize("target", ["source", "data", "implicit-data", "hard-link", "symlink"])
def test_convert_never_writes_over_one_of_its_inputs(tmp_path: Path, target: str):
    source = speech(tmp_path)
    data = tmp_path / "speech.toml"
    args = ["convert", source]
    if target == "source":
        args += ["-o", source]
    elif target == "data":
        args += ["--meta", data, "-o", data]
    elif target == "implicit-data":
        args += ["-o", data]
    elif target == "hard-link":
        os.link(source, tmp_path / "other.xml")
        args += ["-o", tmp_path / "other.xml"]
    else:
        (tmp_path / "other").mkdir()
        os.symlink(data, tmp_path / "other" / "link.xml")
        args += ["-o", tmp_path / "other" / "link.xml"]
    before = digests([source, data])
    assert_one_error(run(*args), "refusing")
    assert digests([source, data]) == before


def test_build_into_the_source_folder_is_refused(tmp_path: Path):
    folder = tmp_path / "sd"
    source = speech(folder)
    (folder / "speech.xml").write_text("<hand-edited/>")
    before = tree_digests(folder)
    assert_one_error(run("build", source, "-o", folder), "holds the input")
    (folder / "speech.xml").rename(folder / "notes.xml")  # else the two 'speech' clash first
    assert_one_error(run("build", folder, "-o", folder), "holds the input")
    (folder / "notes.xml").rename(folder / "speech.xml")
    assert tree_digests(folder) == before


def test_build_never_writes_over_an_input_linked_into_the_output_folder(tmp_path: Path):
    source = speech(tmp_path / "in")
    (tmp_path / "out").mkdir()
    os.link(source, tmp_path / "out" / "speech.txt")  # the plain-text output's name
    before = digests([source])
    assert_one_error(run("build", source, "-o", tmp_path / "out"), "would replace the input")
    assert digests([source]) == before


# --- only regular files are written ------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "dev-null", "symlink-stdout", "folder"])
def test_an_output_that_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str):
    source = speech(tmp_path)
    target = tmp_path / "out.xml"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "dev-null":
        target = Path("/dev/null")
    elif kind == "symlink-stdout":
        os.symlink("/proc/self/fd/1", target)
    else:
        target.mkdir()
    mode = os.lstat(target).st_mode
    done = run("convert", source, "-o", target, timeout=60)
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr, done.stderr
    assert os.lstat(target).st_mode == mode  # the node itself is untouched
    if kind == "dev-null":
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_build_output_that_is_a_fifo_is_refused_before_any_work(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "sample-edition.txt")
    assert_one_error(run("build", SAMPLE, "-o", out), "FIFO")
    assert sorted(p.name for p in out.iterdir()) == ["sample-edition.txt"]


def test_an_output_under_a_file_says_so(tmp_path: Path):
    line = assert_one_error(run("convert", speech(tmp_path), "-o", "/dev/null/x"))
    assert "/dev/null is a character device, not a folder" in line
    assert "File exists" not in line


@pytest.mark.parametrize("stdout", ["closed", "full"])
@pytest.mark.parametrize("command", ["convert", "build"])
def test_standard_output_closed_or_full_is_one_error(tmp_path: Path, stdout: str,
                                                     command: str):
    source = speech(tmp_path)
    args = ["convert", source, "-q"] if command == "convert" else \
        ["build", SAMPLE, "-o", tmp_path / "out"]
    if stdout == "full":
        with open("/dev/full", "w") as full:
            done = subprocess.run([str(EXE), *map(str, args)], stdout=full,
                                  stderr=subprocess.PIPE, text=True, timeout=120)
    else:
        done = subprocess.run([str(EXE), *map(str, args)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, timeout=120,
                              preexec_fn=lambda: os.close(1))
    done.stdout = ""
    assert_one_error(done, "standard output")


# --- a document's outputs appear together --------------------------------------------------


def variant(version: str, i: int) -> bytes:
    """The sample edition, told apart by `version`, growing with `i` (the new ones more)."""
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("Camarades,", f"Camarades {version},", 1)
    words = i * (150 if version == "OLD" else 400)
    text = text.replace("de classe <pb", "de classe " + "encore " * words + "<pb", 1)
    return text.encode("utf-8")


def batch(folder: Path, version: str, count: int = DOCUMENTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"doc-{i:02}.xml").write_bytes(variant(version, i))
    return folder


def sets(folder: Path, count: int = DOCUMENTS) -> list[dict[str, bytes | None]]:
    return [{s: (p.read_bytes() if (p := folder / f"doc-{i:02}{s}").exists() else None)
             for s in SUFFIXES} for i in range(count)]


def assert_old_or_new(found, old, new) -> None:  # type: ignore[no-untyped-def]
    for i, (got, before, after) in enumerate(zip(found, old, new, strict=True)):
        assert got in (before, after), f"doc-{i:02}: a mix of old and new outputs"


@pytest.fixture(scope="module")
def reference(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The old and the new set of every document, built where the disk has room."""
    tmp_path = tmp_path_factory.mktemp("reference")
    out = {}
    for version in ("OLD", "NEW"):
        inputs = batch(tmp_path / f"in-{version}", version)
        done = run("build", inputs, "-o", tmp_path / f"ref-{version}")
        assert done.returncode == 0, done.stderr
        out[version] = sets(tmp_path / f"ref-{version}")
    assert all(o[".html"] != n[".html"] and o[".txt"] != n[".txt"]
               for o, n in zip(out["OLD"], out["NEW"], strict=True))
    return out


def _mount_tmpfs(folder: Path, size: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    folder.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


def _used(folder: Path) -> int:
    info = os.statvfs(folder)
    return (info.f_blocks - info.f_bfree) * info.f_frsize


def test_a_full_file_system_leaves_each_document_old_or_new(tmp_path: Path, reference):  # type: ignore[no-untyped-def]
    """Needs root (a small tmpfs): the filesystem really fills up midway through."""
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "50m"):
        pytest.skip("not root, or tmpfs cannot be mounted here: see the file-size-limit test")
    try:
        old_in, new_in = batch(tmp_path / "old", "OLD"), batch(tmp_path / "new", "NEW")
        assert run("build", old_in, "-o", disk / "out").returncode == 0
        used = _used(disk)
        subprocess.run(["mount", "-o", f"remount,size={used + used // 3}", str(disk)],
                       check=True)
        before = tree_digests(new_in)
        done = run("build", new_in, "-o", disk / "out")
        assert_one_error(done, "No space left on device")
        assert ".tei-edition-staging" not in done.stderr  # the target is named
        found = sets(disk / "out")
        assert_old_or_new(found, reference["OLD"], reference["NEW"])
        assert found != reference["OLD"] and found != reference["NEW"]  # it did fail midway
        assert not [p for p in (disk / "out").iterdir() if p.name.startswith(".")]
        assert tree_digests(new_in) == before
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def _file_size_limit(limit: int):  # type: ignore[no-untyped-def]
    def set_limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return set_limit


def test_a_write_failing_midway_leaves_each_document_old_or_new(tmp_path: Path, reference):  # type: ignore[no-untyped-def]
    """The disk-full simulation for any user: a file-size limit makes the larger outputs of
    the later documents fail to write, as a full disk would."""
    old_in, new_in = batch(tmp_path / "old", "OLD"), batch(tmp_path / "new", "NEW")
    out = tmp_path / "out"
    assert run("build", old_in, "-o", out).returncode == 0
    sizes = sorted(len(s[".html"]) for s in reference["NEW"])  # half of them too large
    before = tree_digests(new_in)
    done = run("build", new_in, "-o", out, preexec=_file_size_limit(sizes[DOCUMENTS // 2]))
    line = assert_one_error(done, "File too large")
    assert ".html" in line and "staging" not in line
    found = sets(out)
    assert_old_or_new(found, reference["OLD"], reference["NEW"])
    assert found[0] == reference["NEW"][0] and found[-1] == reference["OLD"][-1]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    assert tree_digests(new_in) == before


def test_a_second_build_into_the_same_folder_is_refused(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running build holds it
        assert_one_error(run("build", SAMPLE, "-o", out), "another tei-edition run")
        assert list(out.iterdir()) == []
    finally:
        os.close(fd)
    assert run("build", SAMPLE, "-o", out).returncode == 0


def test_killed_builds_leave_old_or_new_sets_completed_by_the_next(tmp_path: Path, reference):  # type: ignore[no-untyped-def]
    old_in, new_in = batch(tmp_path / "old", "OLD"), batch(tmp_path / "new", "NEW")
    out = tmp_path / "out"
    rng = random.Random(10)
    for _ in range(2):
        assert run("build", old_in, "-o", out).returncode == 0
        build = subprocess.Popen([str(EXE), "build", str(new_in), "-o", str(out), "-j", "2"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.6, 1.8))
        build.kill()
        build.wait()
        committed = list(out.glob(".tei-edition-staging-*.commit"))
        if not committed:  # unless SIGKILL landed mid-commit, every set is whole right now
            assert_old_or_new(sets(out), reference["OLD"], reference["NEW"])
        # The next build into the folder finishes or removes what the killed one left.
        assert run("build", SAMPLE, "-o", out).returncode == 0
        assert_old_or_new(sets(out), reference["OLD"], reference["NEW"])
        assert not list(out.glob(".tei-edition-staging-*"))


def test_an_invalid_document_leaves_not_even_an_output_folder(tmp_path: Path):
    done = run("build", INVALID, "-o", tmp_path / "out")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_set_is_on_the_disk_before_its_renames_and_after_them(tmp_path: Path, monkeypatch):
    """Power cut: every staged file and the marker are fsync'ed before the first rename, and
    the folder before the marker goes; the marker is the last thing removed."""
    from tei_edition import outputs

    events: list[str] = []
    real_fsync, real_replace, real_unlink = os.fsync, os.replace, Path.unlink

    def fsync(fd: int) -> None:
        target = os.readlink(f"/proc/self/fd/{fd}")
        events.append("sync " + ("folder" if os.path.isdir(target) else Path(target).name))
        real_fsync(fd)

    def replace(src, dst) -> None:  # type: ignore[no-untyped-def]
        events.append(f"rename {Path(dst).name}")
        real_replace(src, dst)

    def unlink(self: Path, missing_ok: bool = False) -> None:
        events.append(f"unlink {self.name}")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(Path, "unlink", unlink)
    outputs.write_output_set(tmp_path, {"a.html": b"<p/>", "a.txt": b"t"})
    first_rename = next(i for i, e in enumerate(events) if e.startswith("rename"))
    synced = events[:first_rename]
    assert sum(e.startswith("sync .tei-edition-staging-") for e in synced) == 3  # 2 files, marker
    assert synced[-1] == "sync folder"  # the marker's name is on the disk
    assert events[-2:] == ["sync folder", events[-1]] and events[-1].endswith(".commit")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "a.txt"]
