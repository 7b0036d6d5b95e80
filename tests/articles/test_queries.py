"""The Article QuerySet: chainable queries readers' pages make, over ``published()`` only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.articles.labels import section_named, tags_named
from newsdesk.articles.models import Article, Summary
from newsdesk.intake.models import Story
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


def _teaser(article: Article) -> str:
    teasers: list[Summary] = getattr(article, "teasers")  # noqa: B009 - set by the prefetch
    return teasers[0].text


def test_related_offers_published_articles_sharing_a_tag_newest_first() -> None:
    now = timezone.now()
    vaccines, harbour = tags_named(["vaccines"]), tags_named(["harbour"])
    article = make_article("Clinics open", published_at=now - timedelta(hours=5))
    article.tags.set(vaccines + harbour)
    older = make_article("Vaccine supply arrives", published_at=now - timedelta(hours=4))
    older.tags.set(vaccines)
    newer = make_article("Ferry to the clinic island", published_at=now - timedelta(hours=1))
    newer.tags.set(harbour + vaccines)  # shares two tags, offered once
    draft = make_article("Draft vaccine story", status=Article.Status.DRAFT)
    draft.tags.set(vaccines)
    embargoed = make_article("Vaccine story for tomorrow", published_at=now + timedelta(days=1))
    embargoed.tags.set(vaccines)
    make_article("Untagged story", published_at=now - timedelta(hours=2))
    assert Article.objects.related(article) == [newer, older]
    assert Article.objects.related(article, limit=1) == [newer]


def test_related_never_reaches_for_the_story_only_shared_tags() -> None:
    """Two articles whose items joined one story (a story has one article, but an older
    pair may remain) are not related for that: related() goes by tags alone."""
    story = Story.objects.create(title="Storm")
    first = make_article("Storm closes the harbour")
    second = make_article("Harbour reopens after the storm")
    for article in (first, second):
        article.source_item.story = story
        article.source_item.save(update_fields=["story"])
    assert Article.objects.related(first) == []
    shared = tags_named(["storm"])
    first.tags.set(shared)
    second.tags.set(shared)
    assert Article.objects.related(first) == [second]


def test_queries_chain_and_search_stays_within_published_and_the_chain() -> None:
    health = section_named("Health")
    inside = make_article("Ferry to the clinic", body="The clinic ferry runs hourly. "
                          "[Source: Dunmore Gazette]")
    inside.section = health
    inside.save(update_fields=["section"])
    make_article("Ferry fares rise", body="Ferry fares rise in May. [Source: Dunmore Gazette]")
    hidden = make_article("Ferry draft", status=Article.Status.DRAFT)
    hidden.section = health
    hidden.save(update_fields=["section"])
    everywhere = Article.objects.published().for_lists().search("ferry", size=10)
    assert {h.article.headline for h in everywhere.hits} == {"Ferry to the clinic",
                                                             "Ferry fares rise"}
    in_section = (Article.objects.published().filter(section=health).for_lists()
                  .search("ferry", size=10))
    assert [h.article.headline for h in in_section.hits] == ["Ferry to the clinic"]
    # Searching any QuerySet sees only what published() does.
    assert "Ferry draft" not in {h.article.headline
                                 for h in Article.objects.all().search("draft", size=10).hits}


def test_for_lists_twice_is_the_same_fixed_number_of_queries() -> None:
    for n in range(3):
        make_article(f"Story {n}")
    once = Article.objects.published().for_lists()
    with CaptureQueriesContext(connection) as first:
        listed = [(a.source_item.label, a.section, _teaser(a)) for a in once]
    with CaptureQueriesContext(connection) as second:
        again = [(a.source_item.label, a.section, _teaser(a))
                 for a in once.for_lists().newest_first()]
    assert len(listed) == len(again) == 3
    assert len(first) == len(second) == 2  # the articles with their joins, then the teasers
