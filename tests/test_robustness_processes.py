"""A build's validator workers never outlive it, and Ctrl-C or SIGTERM end it with one line."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from robust import EXE, SAMPLE, assert_one_error, tree_digests


def descendants(pid: int) -> set[int]:
    """Every living process below `pid` (Linux /proc)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"  # a zombie has ended; only its exit status is left


def _sigint_default() -> None:
    # A test run started in the background has SIGINT ignored, and children inherit that:
    # the build must meet Ctrl-C as a terminal user's build does.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_build(tmp_path: Path, count: int = 40) -> tuple[subprocess.Popen[str], Path, set[int]]:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(count):
        shutil.copyfile(SAMPLE, folder / f"doc-{i:02}.xml")
    build = subprocess.Popen([str(EXE), "build", str(folder), "-o", str(tmp_path / "out"),
                              "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, start_new_session=True, preexec_fn=_sigint_default)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and build.poll() is None:
        workers = {p for p in descendants(build.pid) if alive(p)}
        if len(workers) >= 2 and any((tmp_path / "out").glob("doc-*.html")):
            break  # the workers run and documents are being published
        time.sleep(0.05)
    if build.poll() is not None or len(workers) < 2:
        build.kill()
        pytest.skip("the build ended before its workers could be observed")
    return build, folder, workers


def wait_gone(pids: set[int], seconds: float = 15) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = {p for p in pids if alive(p)}
        if not left:
            return left
        time.sleep(0.1)
    return {p for p in pids if alive(p)}


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_build_leaves_no_worker_alive(tmp_path: Path, how: int):
    build, folder, workers = start_build(tmp_path)
    before = tree_digests(folder)
    os.kill(build.pid, how)
    _out, err = build.communicate(timeout=60)
    left = wait_gone(workers)
    assert not left, f"workers {sorted(left)} outlived the build"
    assert tree_digests(folder) == before
    if how == signal.SIGTERM:  # it could clean up: one line, the usual status
        assert build.returncode == 128 + signal.SIGTERM, err
        assert "Traceback" not in err
        assert [ln for ln in err.splitlines() if ln.startswith("error:")] == [
            "error: stopped by SIGTERM: the documents not finished keep their previous outputs"]
        assert not list((tmp_path / "out").glob(".tei-edition-staging-*"))


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_ctrl_c_ends_a_build_with_one_line_and_status_130(tmp_path: Path):
    build, folder, workers = start_build(tmp_path)
    before = tree_digests(folder)
    os.killpg(build.pid, signal.SIGINT)  # as a terminal does: the whole process group
    out, err = build.communicate(timeout=60)
    done = subprocess.CompletedProcess(build.args, build.returncode, out, err)
    assert_one_error(done, "interrupted (Ctrl-C)", code=130)
    assert "Aborted!" not in err and "KeyboardInterrupt" not in err
    assert not wait_gone(workers)
    assert tree_digests(folder) == before
    assert not list((tmp_path / "out").glob(".tei-edition-staging-*"))
