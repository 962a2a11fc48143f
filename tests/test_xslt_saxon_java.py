"""The stylesheets are standard XSLT 3.0: Saxon-HE on Java gives what saxonche gives.

Uses the Saxon-HE jar of Debian's libsaxonhe-java (or $SAXON_HE_JAR); skipped without
Java or the jar. Each stylesheet and parameter set is one Java run over a folder of TEI files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tei_edition import __version__
from tei_edition.resources import xslt_dir
from tei_edition.transform import Publisher, TextOptions

FIXTURES = Path(__file__).parent / "fixtures"
DOCUMENTS = [FIXTURES / "sample-edition.xml", *sorted((FIXTURES / "publish").glob("*.xml"))]
REAL = Path(__file__).parents[1] / "tei" / "boukharine-1926-leningrad.xml"
JAR_PLACES = ["/usr/share/java/Saxon-HE.jar", "/usr/share/java/saxonhe.jar"]

# (output suffix, stylesheet, Saxon command-line parameters, text options)
VARIANTS = [
    (".html", "tei-to-html.xsl", [f"generator=tei-edition {__version__}"], None),
    (".txt", "tei-to-text.xsl", [f"generator=tei-edition {__version__}"], None),
    (".txt", "tei-to-text.xsl", [f"generator=tei-edition {__version__}", "?width=60",
                                 "?pages=true()"], TextOptions(60, True)),
    (".citations.json", "tei-to-citations.xsl", ["format=json"], None),
    (".csl.json", "tei-to-citations.xsl", ["format=csl"], None),
    (".citations.csv", "tei-to-citations.xsl", ["format=csv"], None),
]


def saxon_jar() -> str | None:
    candidates = [os.environ.get("SAXON_HE_JAR", ""), *JAR_PLACES]
    return next((c for c in candidates if c and Path(c).is_file()), None)


pytestmark = pytest.mark.skipif(
    shutil.which("java") is None or saxon_jar() is None,
    reason="needs java and the Saxon-HE jar (Debian: default-jre-headless libsaxonhe-java)")


def normalized(suffix: str, data: bytes) -> bytes:
    # Saxon 9.9 ends the doctype line with a newline, Saxon 12+ does not: the one difference.
    if suffix == ".html":
        return data.replace(b"<!DOCTYPE HTML>\n", b"<!DOCTYPE HTML>", 1)
    return data


def test_java_saxon_he_gives_the_same_bytes(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    for doc in [*DOCUMENTS, *([REAL] if REAL.is_file() else [])]:
        shutil.copy(doc, source / doc.name)
    runs = []
    for number, (_, xsl, params, _) in enumerate(VARIANTS):
        out = tmp_path / f"out-{number}"
        out.mkdir()
        command = ["java", "-cp", saxon_jar(), "net.sf.saxon.Transform", f"-s:{source}",
                   f"-xsl:{xslt_dir() / xsl}", f"-o:{out}", *params]
        runs.append(subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    for run in runs:
        _, err = run.communicate(timeout=240)
        assert run.returncode == 0, err.decode()

    publisher = Publisher()
    compared = 0
    for doc in sorted(source.iterdir()):
        for number, (suffix, _, _, text) in enumerate(VARIANTS):
            ours = publisher.render(doc, text)[suffix]
            theirs = (tmp_path / f"out-{number}" / doc.name).read_bytes()
            assert normalized(suffix, theirs) == ours, f"{doc.name} {suffix} {text}"
            compared += 1
    assert compared == len(VARIANTS) * len(list(source.iterdir()))
