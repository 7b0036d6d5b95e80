"""Several workers handed the same item: exactly one processes it."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from newsdesk.articles.models import Article
from newsdesk.articles.pipeline import process_item
from newsdesk.intake.models import SourceItem
from tests.support.factories import make_item

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_item_one_article_across_threads() -> None:
    item = make_item(text="The Skellan ferry adds a 06:40 sailing from 3 March.",
                     title="Ferry adds early sailing")
    results: list[object] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        try:
            results.append(process_item(item.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 4
    assert sum(result is not None for result in results) == 1
    assert Article.objects.filter(source_item=item).count() == 1
    item.refresh_from_db()
    assert item.status == SourceItem.Status.DONE
