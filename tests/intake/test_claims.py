"""One worker at a time has an item; an item its worker left behind is processed again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from newsdesk.intake.claims import claim, reclaim_stale
from newsdesk.intake.models import SourceItem
from tests.support.factories import make_item

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_item_is_claimed_once() -> None:
    item = make_item()
    assert claim(item.pk) is not None
    assert claim(item.pk) is None  # a second worker handed the same id gets nothing
    item.refresh_from_db()
    assert item.status == SourceItem.Status.PROCESSING and item.claimed_at is not None


def test_a_live_claim_is_left_alone_and_a_dead_one_is_processed_again() -> None:
    live = make_item()
    assert claim(live.pk) is not None
    dead = make_item(status=SourceItem.Status.PROCESSING,
                     claimed_at=timezone.now() - timedelta(hours=1))
    assert reclaim_stale(lease_seconds=900) == [dead.pk]
    live.refresh_from_db()
    assert live.status == SourceItem.Status.PROCESSING
    call_command("process", quiet=True)
    dead.refresh_from_db()
    assert dead.status == SourceItem.Status.DONE and dead.articles.count() == 1
