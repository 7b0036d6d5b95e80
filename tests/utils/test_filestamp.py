"""File stamps: what a cached read of a file may be trusted by."""

from __future__ import annotations

import os
import time
from pathlib import Path

from newsdesk.utils.filestamp import SETTLED_SECONDS, settled, stamp


def test_a_rewritten_file_gets_a_new_stamp(tmp_path: Path) -> None:
    page = tmp_path / "index.page"
    page.write_bytes(b"first")
    before = stamp(page.stat())
    page.write_bytes(b"second, longer")
    assert stamp(page.stat()) != before


def test_only_a_file_older_than_the_settling_time_is_settled(tmp_path: Path) -> None:
    page = tmp_path / "index.page"
    page.write_bytes(b"x")
    now = time.time()
    os.utime(page, (now, now))
    assert not settled(page.stat())
    past = now - SETTLED_SECONDS - 5
    os.utime(page, (past, past))
    assert settled(page.stat())
