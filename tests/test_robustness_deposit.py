"""`deposit --verify` names every way a bag can lie, and reads nothing outside the bag and
nothing its manifests do not list; a killed deposit's staging folder does not survive."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest
from robust import EXE, SAMPLE, assert_one_error, run

NFC = unicodedata.normalize("NFC", "édition")
NFD = unicodedata.normalize("NFD", "édition")


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    bag = tmp_path_factory.mktemp("made") / "bag"
    done = run("deposit", SAMPLE, "-o", bag, "--bagging-date", "2026-01-01")
    assert done.returncode == 0, done.stderr
    return bag


@pytest.fixture
def bag(made: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "bag"
    shutil.copytree(made, copy, symlinks=True)
    return copy


def rehash_tagmanifests(bag: Path) -> None:
    """Make the tag manifests agree with the (altered) tag files, as a careful forger would."""
    for alg in ("sha256", "sha512"):
        manifest = bag / f"tagmanifest-{alg}.txt"
        lines = []
        for line in manifest.read_text(encoding="utf-8").splitlines():
            name = line.split(None, 1)[1]
            digest = hashlib.new(alg, (bag / name).read_bytes()).hexdigest()
            lines.append(f"{digest}  {name}\n")
        manifest.write_text("".join(lines), encoding="utf-8")


def add_listed(bag: Path, rel: str, data: bytes) -> None:
    """A payload file the manifests list, so that only its name can be wrong."""
    (bag / rel).write_bytes(data)
    info = bag / "bag-info.txt"
    lines = info.read_text(encoding="utf-8").splitlines()
    for k, line in enumerate(lines):
        if line.startswith("Payload-Oxum:"):
            size, count = line.split(":", 1)[1].strip().split(".")
            lines[k] = f"Payload-Oxum: {int(size) + len(data)}.{int(count) + 1}"
    info.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for alg in ("sha256", "sha512"):
        with (bag / f"manifest-{alg}.txt").open("a", encoding="utf-8") as fh:
            fh.write(f"{hashlib.new(alg, data).hexdigest()}  {rel}\n")
    rehash_tagmanifests(bag)


def verify(bag: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    done = run("deposit", "--verify", bag, timeout=timeout)
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    return done


def test_a_good_bag_verifies(bag: Path):
    assert verify(bag).returncode == 0


def test_a_symlinked_folder_pointing_outside_is_named(bag: Path, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not the bag's")
    os.symlink(outside, bag / "data" / "extra")
    done = verify(bag)
    assert done.returncode == 1
    assert f"{bag}/data/extra: unsafe: a symbolic link pointing outside the bag" in done.stdout


def test_a_malformed_manifest_line_is_named_even_with_tagmanifests_rehashed(bag: Path):
    with (bag / "manifest-sha256.txt").open("a", encoding="utf-8") as fh:
        fh.write("not-a-checksum\n")
    rehash_tagmanifests(bag)
    done = verify(bag)
    assert done.returncode == 1
    lines = len((bag / "manifest-sha256.txt").read_text().splitlines())
    assert f"{bag}/manifest-sha256.txt:{lines}: bag: malformed manifest line" in done.stdout


def test_a_manifest_that_is_not_utf8_is_named(bag: Path):
    manifest = bag / "manifest-sha256.txt"
    manifest.write_bytes(manifest.read_bytes() + b"0" * 64 + b"  data/caf\xe9.txt\n")
    done = verify(bag)
    assert done.returncode == 1 and "manifest-sha256.txt: bag: not UTF-8" in done.stdout


def test_a_payload_file_renamed_from_nfc_to_nfd_is_named(bag: Path):
    add_listed(bag, f"data/{NFC}.txt", b"payload\n")
    assert verify(bag).returncode == 0
    (bag / "data" / f"{NFC}.txt").rename(bag / "data" / f"{NFD}.txt")
    done = verify(bag)
    assert done.returncode == 1
    assert "another Unicode normalization of its name" in done.stdout


def test_an_nfc_and_nfd_duplicate_is_named(bag: Path):
    add_listed(bag, f"data/{NFC}.txt", b"payload\n")
    (bag / "data" / f"{NFD}.txt").write_bytes(b"payload\n")
    done = verify(bag)
    assert done.returncode == 1
    assert "differ only by Unicode normalization" in done.stdout


def test_an_unlisted_symlink_in_data_tei_is_never_read(bag: Path, tmp_path: Path):
    """It points to a FIFO: reading or parsing it would hang, so finishing proves it."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    os.symlink(fifo, bag / "data" / "tei" / "passwd.xml")
    done = verify(bag, timeout=60)
    assert done.returncode == 1
    assert "data/tei/passwd.xml: unsafe: a symbolic link" in done.stdout
    assert "data/tei/passwd.xml: invalid" not in done.stdout


def test_a_fifo_inside_the_payload_is_named_not_read(bag: Path):
    os.mkfifo(bag / "data" / "pipe.txt")
    done = verify(bag, timeout=60)
    assert done.returncode == 1 and "data/pipe.txt: unsafe: a FIFO" in done.stdout


def test_a_fifo_given_to_deposit_is_one_error(tmp_path: Path):
    os.mkfifo(tmp_path / "edition.xml")
    assert_one_error(run("deposit", tmp_path / "edition.xml", "-o", tmp_path / "bag",
                         timeout=30), "FIFO")


def test_a_killed_deposit_leaves_no_staging_folder_after_the_next(tmp_path: Path):
    bag = tmp_path / "bag"
    killed = 0
    for _ in range(3):
        deposit = subprocess.Popen([str(EXE), "deposit", str(SAMPLE), "-o", str(bag),
                                    "--force"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and deposit.poll() is None:
            if list(tmp_path.glob(".bag.deposit-*")):
                deposit.kill()
                break
            time.sleep(0.01)
        deposit.wait()
        killed += bool(list(tmp_path.glob(".bag.deposit-*")))
    if not killed:
        pytest.skip("no deposit could be killed while staging")
    done = run("deposit", SAMPLE, "-o", bag, "--force")
    assert done.returncode == 0, done.stderr
    assert not list(tmp_path.glob(".bag.deposit-*"))
    assert verify(bag).returncode == 0
