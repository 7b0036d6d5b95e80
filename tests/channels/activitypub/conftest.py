"""Fediverse tests: a Mastodon-like peer on 127.0.0.1 (tests/support/fediverse_peer.py),
and, for the tests that need newsdesk on a socket too, the live server as the site."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command

from tests.support.fediverse_peer import Peer, fediverse_peer
from tests.support.options import OptionsOverride


@pytest.fixture
def peer() -> Iterator[Peer]:
    with fediverse_peer() as server:
        yield server


@pytest.fixture
def site(live_server: Any, options: OptionsOverride) -> str:
    """newsdesk served on a real socket, its public address that server's."""
    options.set(NEWSDESK_SITE_URL=live_server.url, NEWSDESK_SITE_NAME="Harlow News")
    return str(live_server.url)


def run_tasks() -> None:
    """Run every queued task that is due, in this process, against the test database."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, queue_name="*",
                 verbosity=0)
