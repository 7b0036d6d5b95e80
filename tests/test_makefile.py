"""The newcomer's door: `make help` names every target of the Makefile with what it does."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_help_lists_every_target_with_its_comment() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z0-9-]*):", makefile, re.MULTILINE))
    assert {"demo", "test", "check", "lint", "help", "bench"} <= targets
    shown = subprocess.run(["make", "--no-print-directory", "help"], cwd=REPO,
                           capture_output=True, text=True, check=True, timeout=60).stdout
    described = dict(line.strip().split(None, 1) for line in shown.splitlines() if line.strip())
    assert set(described) == targets
    assert "$(" not in shown  # the port and database are shown as they are
