"""Near-duplicates from several outlets make one story with one article citing each."""

from __future__ import annotations

from datetime import timedelta

import pytest

from newsdesk.articles.models import Article
from newsdesk.articles.pipeline import process_item
from newsdesk.intake.models import Source, SourceItem, Story, StoryBand
from newsdesk.intake.store import Stored, store_item
from newsdesk.reader.items import RawItem
from tests.support.reports import OTHER, RELEASE, REWORDED

pytestmark = pytest.mark.django_db


def outlet(name: str) -> Source:
    return Source.objects.create(name=name, kind="feed", outlet=name,
                                 location=f"https://{name.lower().replace(' ', '')}.example/f")


def put(src: Source, text: str, n: int, title: str = "County budget approved") -> SourceItem:
    assert store_item(src, RawItem(title=title, text=text, origin="t",
                                   url=f"https://{src.pk}.example/{n}")) == Stored.NEW
    return SourceItem.objects.get(source=src, key=f"https://{src.pk}.example/{n}")


def test_reports_of_one_event_join_one_story_others_do_not() -> None:
    a = put(outlet("Harlow Herald"), RELEASE, 1)
    b = put(outlet("County Wire"), REWORDED, 2, title="Harlow budget passes")
    c = put(outlet("Valley News"), OTHER, 3, title="Flu clinics open")
    a.refresh_from_db()
    assert a.story_id is not None and a.story_id == b.story_id
    assert c.story_id is None  # a one-off report needs no story row
    assert Story.objects.count() == 1
    assert StoryBand.objects.filter(item=a).count() == 16


def test_only_recent_items_are_matched() -> None:
    a = put(outlet("Harlow Herald"), RELEASE, 1)
    StoryBand.objects.filter(item=a).update(created_at=a.fetched_at - timedelta(days=30))
    b = put(outlet("County Wire"), REWORDED, 2)
    a.refresh_from_db()
    assert a.story_id is None and b.story_id is None


def test_story_article_is_written_once_and_attributes_every_outlet() -> None:
    a = put(outlet("Harlow Herald"), RELEASE, 1)
    first = process_item(a.pk)
    assert first is not None
    assert [x.label for x in first.attributions.all()] == ["Harlow Herald"]

    b = put(outlet("County Wire"), REWORDED, 2, title="Harlow budget passes")
    second = process_item(b.pk)
    assert second is not None and second.pk == first.pk
    assert Article.objects.count() == 1
    labels = [x.label for x in second.attributions.all()]
    assert labels == ["Harlow Herald", "County Wire"]
    assert {x.source_item_id for x in second.attributions.all()} == {a.pk, b.pk}
    assert "[Source: County Wire]" in second.body or "[Source: Harlow Herald]" in second.body


def test_one_outlet_is_cited_once_however_many_items_it_has() -> None:
    herald = outlet("Harlow Herald")
    a = put(herald, RELEASE, 1)
    b = put(herald, REWORDED, 2)
    a.refresh_from_db()
    assert a.story_id == b.story_id
    article = process_item(b.pk)
    assert article is not None
    assert [x.label for x in article.attributions.all()] == ["Harlow Herald"]
