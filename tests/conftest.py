"""Suite-wide fixtures: the database check, and settings that tests share."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _postgres_when_required(django_db_blocker: object) -> None:
    """`make test-postgres` sets NEWSDESK_REQUIRE_POSTGRES: the run must then really be on
    PostgreSQL, never silently on SQLite."""
    if os.environ.get("NEWSDESK_REQUIRE_POSTGRES") != "1":
        return
    from django.db import connection

    assert connection.vendor == "postgresql", (
        f"NEWSDESK_REQUIRE_POSTGRES=1 but DATABASE_URL gives {connection.vendor}"
    )


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> Iterator[None]:
    """Pages render without a collectstatic manifest in tests."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    yield


@pytest.fixture(autouse=True)
def _pages_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pre-rendered pages go to a folder of each test's own, never to ./data/pages."""
    folder = tmp_path / "pages"
    monkeypatch.setenv("NEWSDESK_PAGES_DIR", str(folder))
    return folder
