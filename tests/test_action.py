"""The GitHub Action (action.yml) as far as it runs here: its inputs, and its own shell steps
run with bash in a fake GitHub environment (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
GITHUB_ACTION_PATH). The `uses:` steps (setup-python, setup-java) are GitHub's and are not
run; the install step (pip install of this repository) is what .ci/setup already does."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

REPO = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
STEPS = {step.get("id") or step.get("name") or step.get("uses"): step
         for step in ACTION["runs"]["steps"]}
SCHEMAS = "tests/fixtures/schemas"


def _inputs(**given: str) -> dict[str, str]:
    values = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    values.update({name.replace("_", "-"): value for name, value in given.items()})
    return values


def run_step(step_id: str, tmp_path: Path, **given: str) -> tuple[int, str, dict[str, str]]:
    step = STEPS[step_id]
    assert step["shell"] == "bash"
    inputs = _inputs(**given)
    env = {key: re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: inputs[m[1]], value)
           for key, value in step.get("env", {}).items()}
    output, summary = tmp_path / "output", tmp_path / "summary.md"
    output.touch()
    env.update({"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
                "HOME": os.environ.get("HOME", str(tmp_path)),
                "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary),
                "GITHUB_ACTION_PATH": str(REPO)})
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return done.returncode, done.stdout + done.stderr, outputs


def test_the_action_is_composite_with_the_documented_inputs():
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"paths", "schemas", "tei-all", "format", "report-file",
                                     "warn-only", "python-version"}
    java = STEPS["actions/setup-java@v4"]
    assert java["if"] == "steps.plan.outputs.java == 'true'"


@pytest.mark.parametrize(("given", "needed"), [
    ({"paths": SCHEMAS}, False),
    ({"paths": SCHEMAS, "schemas": f"{SCHEMAS}/letter.sch"}, False),
    ({"paths": SCHEMAS, "schemas": f"{SCHEMAS}/letter.rnc"}, True),
    ({"paths": SCHEMAS, "tei_all": "true"}, True),
    ({"paths": "tests/fixtures/foreign"}, True),   # declares tei_all's RELAX NG
])
def test_java_is_set_up_only_when_relax_ng_is_needed(tmp_path, given, needed):
    code, _, outputs = run_step("plan", tmp_path, **given)
    assert code == 0
    present = shutil.which("java") is not None
    assert outputs["java"] == ("false" if not needed else "present" if present else "true")


def test_the_validate_step_annotates_and_writes_a_job_summary(tmp_path):
    code, out, _ = run_step("validate", tmp_path, paths=f"{SCHEMAS}/good.xml\n"
                            f"{SCHEMAS}/bad-sch-let.xml", schemas=f"{SCHEMAS}/letter.sch")
    assert code == 1
    assert f"::error file={SCHEMAS}/bad-sch-let.xml,line=11," in out
    assert "**2 files: 1 valid, 1 invalid**" in (tmp_path / "summary.md").read_text()


def test_the_validate_step_writes_a_sarif_report_and_warn_only_passes(tmp_path):
    report = tmp_path / "out.sarif"
    code, out, outputs = run_step("validate", tmp_path, paths=f"{SCHEMAS}/bad-sch-let.xml",
                                  schemas=f"{SCHEMAS}/letter.sch", format="sarif",
                                  report_file=str(report), warn_only="true")
    assert code == 0, out
    assert outputs["report"] == str(report)
    assert json.loads(report.read_text())["runs"][0]["results"][0]["ruleId"] == \
        "paragraph-count"


def test_a_usage_error_fails_the_step(tmp_path):
    code, out, _ = run_step("validate", tmp_path, paths="no/such/folder")
    assert code == 2 and "does not exist" in out
