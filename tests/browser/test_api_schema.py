"""schemathesis against the API of the live demo server (`newsdesk demo` on 127.0.0.1,
real granian, real database): every operation, every check, no failure.

It lives next to the browser tests because it shares their live server fixture."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCHEMATHESIS = str(Path(sys.executable).with_name("schemathesis"))


def test_schemathesis_finds_no_failure(demo_site: str, tmp_path: Path) -> None:
    """Seeded, so the same cases every run. Only the clock-driven parts are relaxed, as on
    a loaded machine they measure the machine: Hypothesis's "too slow to generate" check,
    and the 10 s per-request timeout (response time is not what this test asserts)."""
    run = subprocess.run(
        [SCHEMATHESIS, "run", f"{demo_site}/api/openapi.json", "--url", demo_site,
         "--checks", "all", "--max-examples", "40", "--seed", "6", "--no-color",
         "--generation-database", "none", "--suppress-health-check", "too_slow",
         "--request-timeout", "60"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )
    report = run.stdout[-6000:] + run.stderr[-2000:]
    assert "Tested: 4" in run.stdout, report
    if run.returncode != 0:
        pytest.fail(report)
