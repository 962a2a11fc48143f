"""Every deposit bag carries tei_all.rng and the RELAX NG customisation, and the edition in
the bag validates with jing against both, from the bag's own files."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from helpers import COMMITTED_TEI, ROOT, TEI_ALL, cli, jing_command

SCHEMA = ROOT / "schema"


@pytest.fixture(scope="module")
def bag(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("deposit") / "bag"
    done = cli("deposit", str(COMMITTED_TEI), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


def test_bag_carries_tei_all_and_the_rng(bag: Path) -> None:
    schemas = bag / "data" / "tei" / "schema"
    for name in ("tei_all.rng", "tei-edition.rng", "tei-edition.xsd", "TEI_ALL.md"):
        assert (schemas / name).read_bytes() == (SCHEMA / name).read_bytes(), name
    readme = (bag / "data" / "README.txt").read_text(encoding="utf-8")
    assert "tei/schema/tei_all.rng" in readme and "official TEI P5 schema" in readme
    manifest = (bag / "manifest-sha256.txt").read_text(encoding="utf-8")
    assert "data/tei/schema/tei_all.rng" in manifest and "data/tei/schema/tei-edition.rng" in manifest


def test_the_edition_in_the_bag_validates_with_the_bags_own_rng_schemas(bag: Path) -> None:
    jing = jing_command()
    if jing is None:
        pytest.skip("jing needs Java (bash .ci/setup --test installs it)")
    tei = bag / "data" / "tei" / COMMITTED_TEI.name
    for name in ("tei_all.rng", "tei-edition.rng"):
        done = subprocess.run([*jing, str(bag / "data" / "tei" / "schema" / name), str(tei)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (name, done.stdout, done.stderr)


def test_shipped_tei_all_is_the_reference_copy() -> None:
    if not TEI_ALL.exists():
        pytest.skip("../shared/reference/tei_all.rng is not beside the checkout")
    assert (SCHEMA / "tei_all.rng").read_bytes() == TEI_ALL.read_bytes()
    provenance = (SCHEMA / "TEI_ALL.md").read_text(encoding="utf-8")
    assert "4.8.0" in provenance and "BSD" in provenance and "CC-BY" in provenance
