"""Run the real `newsdesk` command against a database of the test's own."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

NEWSDESK = str(Path(sys.executable).with_name("newsdesk"))


def command_env(db: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}",
           "NEWSDESK_DATA_DIR": str(db.parent / "data"),
           # Test servers live on loopback, which the fetcher refuses unless allowed.
           "NEWSDESK_FETCH_ALLOW_NETWORKS": "127.0.0.1/32",
           "NEWSDESK_LOG_LEVEL": "WARNING"}
    env.update(extra)
    return env


def newsdesk(db: Path, *args: str, timeout: float = 120, **extra: str
             ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NEWSDESK, *args], capture_output=True, text=True, timeout=timeout,
                          env=command_env(db, **extra), check=False)


def migrated(db: Path) -> Path:
    """A database at ``db`` that `newsdesk migrate` made: migrated once per test run (it
    takes seconds on SQLite), then copied for each test that asks."""
    global _template
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="newsdesk-migrated-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        done = newsdesk(folder / "db.sqlite3", "migrate", "--noinput", "-v", "0")
        assert done.returncode == 0, done.stderr
        _template = folder / "db.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        if (made := _template.with_name(_template.name + suffix)).exists():
            shutil.copyfile(made, db.with_name(db.name + suffix))
    return db


_template: Path | None = None
