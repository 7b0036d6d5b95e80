"""Suite-wide fixtures: the database check, and settings that tests share."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.options import OptionsOverride

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


# The fetcher refuses loopback targets by default (SSRF policy); the suite's servers live
# on 127.0.0.1, so the suite opens exactly that address and nothing wider.
TEST_ALLOW_NETWORKS = (ipaddress.ip_network("127.0.0.1/32"),)


@pytest.fixture(autouse=True)
def options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[OptionsOverride]:
    """newsdesk's options for one test: ``options.set(NEWSDESK_…=value)`` changes them until
    the test ends. Every test starts with the fetcher allowed onto the suite's loopback
    servers and pre-rendered pages in a folder of its own, never ./data/pages (the
    environment says so too, for the newsdesk processes a test starts)."""
    pages = tmp_path / "pages"
    monkeypatch.setenv("NEWSDESK_PAGES_DIR", str(pages))
    override = OptionsOverride()
    override.set(NEWSDESK_FETCH_ALLOW_NETWORKS=TEST_ALLOW_NETWORKS, NEWSDESK_PAGES_DIR=str(pages))
    yield override
    override.restore()


def _loopback_only_resolver(host: str, port: int) -> list[str]:
    """Names in tests never reach a DNS server: IP literals stand for themselves (the
    address policy then judges them), "localhost" is 127.0.0.1, and no other name resolves."""
    if host == "localhost":
        return ["127.0.0.1"]
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    raise OSError(f"test resolver: {host} does not resolve (tests never leave loopback)")


@pytest.fixture(autouse=True)
def _no_dns_outside_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Links in test feeds name hosts like news.example.test; a page fetch for one of them
    must fail here, not send a DNS query (or a connection) off the machine."""
    monkeypatch.setattr("newsdesk.reader.fetch.system_resolver", _loopback_only_resolver)


@pytest.fixture
def _pages_dir(options: OptionsOverride) -> Path:
    """The folder this test's pre-rendered pages go to."""
    return options.current.prerender.pages_dir


@pytest.fixture(autouse=True)
def _prerender_only_when_asked(request: pytest.FixtureRequest,
                               options: OptionsOverride) -> None:
    """Pre-rendering follows every publication event; rendering each article's pages
    (its own, its neighbours', the index) at every publish in every test would cost the
    suite minutes, so only tests marked ``prerender`` store pages."""
    if request.node.get_closest_marker("prerender") is None:
        options.set(NEWSDESK_PRERENDER=False)


@pytest.fixture(scope="session")
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("page-cache")


@pytest.fixture(autouse=True)
def _empty_page_cache(_cache_dir: Path, settings: Any) -> Iterator[None]:
    """Each test starts with an empty page cache: a page cached by an earlier test, whose
    database is gone, must never answer in a later one. A file cache is moved to a folder
    of the test run's own, so tests never empty ./data/cache under a running demo site."""
    from django.core.cache import cache

    default = settings.CACHES["default"]
    if default["BACKEND"].endswith("FileCache"):
        settings.CACHES = {**settings.CACHES, "default": {**default, "LOCATION": str(_cache_dir)}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_robots_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process-wide robots.txt cache is keyed by origin and kept an hour. Test servers
    take whatever port is free, so a later test's server can get an earlier one's port and
    with it that server's robots rules; each test starts with an empty cache instead."""
    from newsdesk.reader import robots

    monkeypatch.setattr(robots, "_shared", robots.RobotsCache())
