"""An item is stored once however often, and however differently, it is seen."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdesk.intake.models import Source, SourceItem
from newsdesk.intake.store import Stored, store_item
from newsdesk.reader.items import RawItem

pytestmark = pytest.mark.django_db

TEXT = ("The Oldmere tram extension opens on 4 May with six new stops. "
        "The 2.4 kilometre line cost 61 million and took three years to build.")


def source(name: str = "Oldmere Courier") -> Source:
    return Source.objects.create(name=name, kind="feed", location=f"https://{len(name)}.example/"
                                 f"{name.replace(' ', '-')}", outlet=name)


def raw(**fields: object) -> RawItem:
    values: dict[str, object] = {"title": "Tram extension opens", "text": TEXT,
                                 "origin": "test", "url": "https://courier.example/tram"}
    values.update(fields)
    return RawItem(**values)  # type: ignore[arg-type]


def test_tracking_variants_of_one_link_are_one_item() -> None:
    src = source()
    assert store_item(src, raw(url="https://courier.example/tram?utm_source=rss")) == Stored.NEW
    for variant in ("https://COURIER.example:443/tram#top",
                    "https://courier.example/tram?fbclid=abc&utm_medium=x",
                    "https://courier.example/tram"):
        assert store_item(src, raw(url=variant)) == Stored.UNCHANGED
    item = SourceItem.objects.get()
    assert item.key == item.canonical_url == "https://courier.example/tram"


def test_retitled_or_redated_copy_is_not_news_again() -> None:
    src = source()
    store_item(src, raw(guid="c-1", published_at=datetime(2026, 11, 1, tzinfo=UTC)))
    assert store_item(src, raw(guid="c-1", title="Trams roll into Oldmere",
                               published_at=datetime(2026, 11, 3, tzinfo=UTC))) == Stored.UNCHANGED
    # The same text re-posted under a new GUID and link is recognised by its content.
    assert store_item(src, raw(guid="c-99", url="https://courier.example/tram-2",
                               title="Tram opens (updated)")) == Stored.DUPLICATE
    assert SourceItem.objects.count() == 1


def test_changed_guid_same_link_is_the_same_item() -> None:
    src = source()
    store_item(src, raw(guid="old-guid"))
    assert store_item(src, raw(guid="new-guid", url="https://courier.example/tram?utm_x=1"
                               )) == Stored.UNCHANGED
    assert SourceItem.objects.count() == 1


def test_changed_text_updates_the_item_and_queues_it_again() -> None:
    src = source()
    store_item(src, raw(guid="c-1"))
    item = SourceItem.objects.get()
    item.status = SourceItem.Status.DONE
    item.save()
    assert store_item(src, raw(guid="c-1", text=TEXT + " Fares start at 2.10.")) == Stored.UPDATED
    item.refresh_from_db()
    assert item.status == SourceItem.Status.PENDING and "2.10" in item.text


def test_permalink_guid_is_canonicalised() -> None:
    src = source()
    store_item(src, raw(guid="https://courier.example/tram?utm_source=a", url=""))
    assert store_item(src, raw(guid="https://courier.example/tram#x", url="")) == Stored.UNCHANGED
    assert SourceItem.objects.get().key == "https://courier.example/tram"


def test_same_text_from_two_outlets_is_kept_for_both_in_one_story() -> None:
    wire, paper = source("Wire Service"), source("Oldmere Courier")
    assert store_item(wire, raw(url="https://wire.example/1")) == Stored.NEW
    assert store_item(paper, raw(url="https://courier.example/tram")) == Stored.NEW
    first, second = SourceItem.objects.order_by("id")  # read after both were stored
    assert first.story_id is not None and first.story_id == second.story_id


def test_entries_sharing_a_landing_page_link_stay_apart() -> None:
    src = source()
    assert store_item(src, raw(guid="a", url="https://courier.example/")) == Stored.NEW
    assert store_item(src, raw(guid="b", url="https://courier.example/",
                               text="A different release about the harbour.")) == Stored.NEW
    assert SourceItem.objects.count() == 2
