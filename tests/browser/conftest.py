"""The demo site as a newcomer gets it: `newsdesk demo` in its own process, fresh database."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

NEWSDESK = str(Path(sys.executable).with_name("newsdesk"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def fresh_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database nobody has used: a new SQLite file, or a new PostgreSQL database on the
    server DATABASE_URL names (dropped afterwards)."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path_factory.mktemp('demo-db') / 'newsdesk.sqlite3'}"
        return
    import psycopg

    name = f"newsdesk_e2e_{uuid.uuid4().hex[:10]}"
    parts = urlsplit(configured)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def demo_site(fresh_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Run `newsdesk demo --port P` and wait until it says where it serves."""
    port = free_port()
    data_dir = tmp_path_factory.mktemp("demo-data")
    env = {**os.environ, "DATABASE_URL": fresh_database_url, "NEWSDESK_DATA_DIR": str(data_dir)}
    log_path = data_dir / "demo.log"
    with log_path.open("w") as log:
        process = subprocess.Popen([NEWSDESK, "demo", "--port", str(port)], stdout=log,
                                   stderr=subprocess.STDOUT, env=env, start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"newsdesk demo exited early:\n{log_path.read_text()}")
            if f"serving at {base_url}/" in log_path.read_text() and _answers(port):
                break
            time.sleep(0.3)
        else:
            pytest.fail(f"newsdesk demo did not start serving:\n{log_path.read_text()}")
        yield base_url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False
