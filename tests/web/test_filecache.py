"""The embedded default's page cache: a decoded copy in memory, but the shared folder is the
truth — what another process writes or deletes is what every process reads next."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsdesk.utils.filestamp import SETTLED_SECONDS
from newsdesk.web.filecache import SharedFileCache


@dataclass(frozen=True)
class Frozen:
    body: bytes


def settle(cache: SharedFileCache, key: str) -> None:
    """Age the entry's file as if written a while ago, so it may be kept in memory."""
    then = time.time() - 10 * SETTLED_SECONDS
    os.utime(cache.path_for(key), (then, then))


def other_process(folder: Path, statement: str) -> None:
    script = ("from newsdesk.web.filecache import SharedFileCache; "
              f"cache = SharedFileCache({str(folder)!r}, {{}}); {statement}")
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60,
                   env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsdesk.settings"})


def test_a_value_kept_in_memory_gives_way_to_what_another_process_writes(tmp_path: Path
                                                                           ) -> None:
    cache = SharedFileCache(str(tmp_path), {})
    cache.set("page", "first version " * 10)
    settle(cache, "page")
    kept = cache.get("page")
    assert cache.get("page") is kept  # served from memory: no unpickling
    other_process(tmp_path, "cache.set('page', 'second version ' * 10)")
    assert cache.get("page") == "second version " * 10
    other_process(tmp_path, "cache.incr('generation', 1) if cache.get('generation') else "
                            "cache.set('generation', 7, None)")
    assert cache.get("generation") == 7
    settle(cache, "generation")
    assert cache.get("generation") == 7
    other_process(tmp_path, "cache.incr('generation')")
    assert cache.get("generation") == 8
    other_process(tmp_path, "cache.delete('page')")
    assert cache.get("page") is None


def test_frozen_dataclasses_are_kept_but_mutable_values_are_copied_per_read(tmp_path: Path
                                                                            ) -> None:
    cache = SharedFileCache(str(tmp_path), {})
    cache.set("frozen", Frozen(b"<p>page</p>"))
    cache.set("mutable", {"items": [1, 2]})
    settle(cache, "frozen")
    settle(cache, "mutable")
    assert cache.get("frozen") is cache.get("frozen")
    first = cache.get("mutable")
    first["items"].append(3)  # a caller changing its copy must not change the next read
    assert cache.get("mutable") == {"items": [1, 2]}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The wall clock the cache reads, moved only by the test: a one-second lifetime must
    not run out between two lines because a busy machine paused there."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


def test_a_value_kept_in_memory_still_expires(tmp_path: Path, clock: list[float]) -> None:
    cache = SharedFileCache(str(tmp_path), {})
    cache.set("short", "lives one second", timeout=1)
    settle(cache, "short")
    assert cache.get("short") == "lives one second"
    assert cache.get("short") is cache.get("short")  # kept in memory, and yet...
    clock[0] += 1.2
    assert cache.get("short") is None
    assert not Path(cache.path_for("short")).exists()


def test_a_just_written_file_is_read_from_disk_each_time(tmp_path: Path) -> None:
    """A file replaced within one filesystem clock tick could keep its mtime (and, renamed
    over a deleted one, reuse its inode): young files are never kept in memory."""
    cache = SharedFileCache(str(tmp_path), {})
    cache.set("young", "just written")
    # Kept young by a stamp ahead of the clock: a pause of a second on a busy machine
    # must not settle it before the reads below.
    ahead = time.time() + 60 * SETTLED_SECONDS
    os.utime(cache.path_for("young"), (ahead, ahead))
    assert cache.get("young") == "just written"
    assert cache.get("young") is not cache.get("young")


def test_touch_keeps_the_value_and_moves_the_expiry(tmp_path: Path, clock: list[float]
                                                     ) -> None:
    cache = SharedFileCache(str(tmp_path), {})
    cache.set("page", "a" * 500, timeout=1)
    assert cache.touch("page", timeout=60)
    clock[0] += 1.2
    assert cache.get("page") == "a" * 500
    assert not cache.touch("missing")
