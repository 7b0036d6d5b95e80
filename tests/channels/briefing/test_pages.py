"""The briefing as a web page: /briefing/<date>/ and the latest at /briefing/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.channels.briefing import content
from tests.channels.briefing.conftest import a_past_day, publish_in, section
from tests.support.options import OptionsOverride

pytestmark = pytest.mark.django_db


def test_a_day_lists_its_published_articles_by_section_with_summaries(client: Client) -> None:
    day = a_past_day()
    budget = publish_in(day, "Council adopts the budget", section=section("Local"))
    final = publish_in(day, "Harriers take the cup", hours=20, section=section("Sport"))
    publish_in(day + timedelta(days=1), "Next day's news")
    draft = publish_in(day, "A draft nobody may see")
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)
    response = client.get(f"/briefing/{day.isoformat()}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{budget.get_absolute_url()}"' in html
    assert f'href="{final.get_absolute_url()}"' in html
    assert budget.summaries.get(length="short").text.split('"')[0][:30] in html
    assert "Next day" not in html and "A draft" not in html
    assert html.index(">Sport</h2>") < html.index(">Local</h2>")  # newest section first
    assert "2 articles" in html and f'/briefing/{day.isoformat()}/"' in html  # canonical


def test_the_window_follows_the_send_time(client: Client,
                                          options: OptionsOverride) -> None:
    options.set(NEWSDESK_BRIEFING_TIME="18:30")
    day = a_past_day()
    start, end = content.window(day)
    assert (start.hour, start.minute, end - start) == (18, 30, timedelta(days=1))
    inside = publish_in(day, "Late ferry cancelled", hours=23.9)
    assert inside.published_at is not None and content.day_of(inside.published_at) == day
    assert content.day_of(end) == day + timedelta(days=1)
    assert inside.headline in client.get(f"/briefing/{day.isoformat()}/").content.decode()


def test_latest_is_the_newest_briefing_sent_with_articles(client: Client) -> None:
    day = a_past_day(days_ago=4)
    publish_in(day, "Reading scores rise in Harlow")
    html = client.get("/briefing/").content.decode()
    assert "Reading scores rise" in html and "The latest briefing" in html
    following = day + timedelta(days=1)
    publish_in(following, "Tram line opens")
    sent = content.window(following)[1]
    # While the next one is gathered, the last one sent stays the latest; then it is.
    assert content.latest_day(sent - timedelta(hours=1)) == day
    assert content.latest_day(sent + timedelta(minutes=1)) == following
    # A quiet day sent nothing: the latest with articles is still the one shown.
    assert content.latest_day(sent + timedelta(days=2)) == following


def test_a_new_site_shows_the_briefing_being_gathered(client: Client) -> None:
    publish_in(content.day_of(timezone.now()), "First story of a new site", hours=0)
    html = client.get("/briefing/").content.decode()
    assert "First story of a new site" in html and "Being gathered" in html


@pytest.mark.parametrize("path", ["/briefing/2026-13-45/", "/briefing/tomorrow/",
                                  "/briefing/20261207/"])
def test_a_bad_date_is_not_found(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_future_briefing_is_not_found(client: Client) -> None:
    later = content.day_of(timezone.now()) + timedelta(days=1)
    assert client.get(f"/briefing/{later.isoformat()}/").status_code == 404
