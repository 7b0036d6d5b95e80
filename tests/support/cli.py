"""Run the real `newsdesk` command against a database of the test's own."""

from __future__ import annotations

import os
import subprocess
import sys
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
    done = newsdesk(db, "migrate", "--noinput", "-v", "0")
    assert done.returncode == 0, done.stderr
    return db
