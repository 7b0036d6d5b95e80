"""Stored pages follow the publication event: stored at publish, rendered again on every
change readers see (old addresses and neighbours included), taken down on withdrawal, and
never touched by a rolled-back change."""

from __future__ import annotations

import html
from pathlib import Path

import httpx
import pytest
from django.db import transaction
from django.test import Client

from newsdesk.articles import workflow
from newsdesk.articles.labels import section_named
from newsdesk.articles.workflow import publish
from newsdesk.prerender import store
from newsdesk.prerender.render import render_path
from tests.support.admin_form import submit
from tests.support.factories import make_article
from tests.support.stored_pages import stored_body

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.prerender]


def test_publishing_stores_the_page_django_would_render(_pages_dir: Path) -> None:
    article = make_article("Berth seven opens", status="review", summaries=False)
    assert stored_body(_pages_dir, article) is None
    publish(article)
    stored = store.read(_pages_dir, article.get_absolute_url())
    assert stored is not None
    assert stored.body == render_path(article.get_absolute_url()).body
    assert b"Berth seven opens" in stored.body
    assert dict(stored.headers)["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" in dict(stored.headers)
    index = store.read(_pages_dir, "/")
    assert index is not None and b"Berth seven opens" in index.body


def test_an_edit_is_served_at_once_and_the_old_etag_no_longer_matches(
        site: httpx.Client) -> None:
    article = make_article("Bridge closes for repairs")
    url = article.get_absolute_url()
    old = site.get(url)
    article.headline = "Bridge reopens after repairs"
    assert workflow.edit(article, None).passed
    new = site.get(url, headers={"If-None-Match": old.headers["ETag"]})
    assert new.status_code == 200
    assert "Bridge reopens after repairs" in new.text and "Bridge closes" not in new.text
    assert site.get("/").text.count("Bridge reopens after repairs") == 1


def test_unpublishing_removes_the_page_and_django_answers_404(
        site: httpx.Client, _pages_dir: Path) -> None:
    article = make_article("Library hours cut")
    url = article.get_absolute_url()
    assert site.get(url).status_code == 200
    workflow.reject(article, None)
    assert store.read(_pages_dir, url) is None
    assert site.get(url).status_code == 404
    assert "Library hours cut" not in site.get("/").text


def test_a_slug_change_removes_the_old_address(site: httpx.Client, _pages_dir: Path) -> None:
    article = make_article("Ferry timetable changes")
    old_url = article.get_absolute_url()
    with workflow.changing(article):  # the admin form's address field
        article.slug = "ferry-timetable-winter"
        article.save()
    assert store.read(_pages_dir, old_url) is None
    assert site.get(old_url).status_code == 404
    assert site.get("/articles/ferry-timetable-winter/").status_code == 200


def test_deleting_an_article_removes_its_page_and_fixes_its_neighbours(
        site: httpx.Client) -> None:
    first = make_article("First story")
    middle = make_article("Middle story")
    last = make_article("Last story")
    assert "Middle story" in site.get(first.get_absolute_url()).text
    workflow.delete([middle])
    assert site.get(middle.get_absolute_url()).status_code == 404
    assert "Middle story" not in site.get(first.get_absolute_url()).text
    assert "Last story" in site.get(first.get_absolute_url()).text
    assert "First story" in site.get(last.get_absolute_url()).text


def test_a_new_article_updates_its_previous_neighbours_next_link(site: httpx.Client) -> None:
    older = make_article("Older story")
    assert "Newer story" not in site.get(older.get_absolute_url()).text
    make_article("Newer story")
    assert "Newer story" in site.get(older.get_absolute_url()).text


def test_an_edited_body_re_renders_the_article_with_its_new_summary(
        site: httpx.Client) -> None:
    article = make_article("Council votes on budget")
    url = article.get_absolute_url()
    before = site.get(url)
    old_summary = article.summaries.get(length="short").text
    assert f'<meta name="description" content="{html.escape(old_summary)}">' in before.text
    article.body = "\n\n".join(article.paragraphs[1:])  # the editor cuts the first paragraph
    assert workflow.edit(article, None).passed
    after = site.get(url)
    assert after.headers["ETag"] != before.headers["ETag"]
    new_summary = article.summaries.get(length="short").text
    assert new_summary != old_summary
    # The short summary is the page's description.
    assert f'<meta name="description" content="{html.escape(new_summary)}">' in after.text


def test_a_rolled_back_change_leaves_the_stored_page_and_later_changes_still_refresh(
        site: httpx.Client) -> None:
    article = make_article("Pool reopens")
    url = article.get_absolute_url()
    with pytest.raises(RuntimeError), transaction.atomic():
        article.headline = "Pool stays shut"
        assert workflow.edit(article, None).passed
        raise RuntimeError("rolled back")
    assert "Pool reopens" in site.get(url).text
    article.refresh_from_db()
    article.headline = "Pool reopens on Monday"
    assert workflow.edit(article, None).passed
    assert "Pool reopens on Monday" in site.get(url).text


def test_one_refresh_per_transaction(_pages_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.prerender import refresh as refresh_module

    calls: list[list[str]] = []

    def counted(paths: list[str]) -> dict[str, str]:
        calls.append(list(paths))
        return refresh_module.refresh(paths)

    monkeypatch.setattr("newsdesk.prerender.signals.refresh", counted)
    article = make_article("Museum extends hours", status="review", summaries=False)
    calls.clear()
    publish(article)  # saves the article and three summaries in one transaction
    assert len(calls) == 1
    assert article.get_absolute_url() in calls[0] and "/" in calls[0]


def test_the_json_twin_is_stored_and_follows_edits(site: httpx.Client, _pages_dir: Path) -> None:
    article = make_article("Airport runway resurfaced")
    json_url = article.get_absolute_url().rstrip("/") + ".json"
    assert store.read(_pages_dir, json_url) is not None
    first = site.get(json_url)
    assert first.headers["Content-Type"] == "application/json"
    assert first.json()["headline"] == "Airport runway resurfaced" and "ETag" in first.headers
    article.headline = "Airport runway reopens"
    assert workflow.edit(article, None).passed
    assert site.get(json_url).json()["headline"] == "Airport runway reopens"
    newer = make_article("Newer flight story")
    assert site.get(json_url).json()["next"]["url"] == newer.get_absolute_url()


def test_rejecting_from_the_admin_list_takes_the_page_down(
        site: httpx.Client, _pages_dir: Path) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    article = make_article("Stadium roof approved")
    neighbour = make_article("Later stadium story")
    assert "Stadium roof approved" in site.get(neighbour.get_absolute_url()).text
    admin = Client()
    admin.force_login(User.objects.create_superuser("ed", "ed@example.org", "pw-long-enough-1"))
    response = admin.post("/admin/articles/article/", {
        "action": "reject", "_selected_action": [str(article.pk)]})
    assert response.status_code == 302
    assert store.read(_pages_dir, article.get_absolute_url()) is None
    assert site.get(article.get_absolute_url()).status_code == 404
    assert "Stadium roof approved" not in site.get(neighbour.get_absolute_url()).text
    assert "Stadium roof approved" not in site.get("/").text


def test_section_pages_are_stored_and_follow_a_move_between_sections(
        site: httpx.Client, _pages_dir: Path) -> None:
    from newsdesk.articles.models import Section

    harbour = Section.objects.create(name="Harbour", slug="harbour")
    council = Section.objects.create(name="Council", slug="council")
    article = make_article("Dredging starts at the quay")
    with workflow.changing(article):
        article.section = harbour
        article.save()
    stored = store.read(_pages_dir, harbour.get_absolute_url())
    assert stored is not None and b"Dredging starts at the quay" in stored.body
    with workflow.changing(article):
        article.section = council
        article.save()
    # The old section's stored page no longer lists it; the new one does.
    assert "Dredging starts at the quay" not in site.get(harbour.get_absolute_url()).text
    assert "Dredging starts at the quay" in site.get(council.get_absolute_url()).text
    refreshed = store.read(_pages_dir, council.get_absolute_url())
    assert refreshed is not None and b"Dredging starts at the quay" in refreshed.body


def test_the_api_detail_is_stored_and_follows_edits_and_unpublishing(
        site: httpx.Client, _pages_dir: Path) -> None:
    article = make_article("Tidal barrier tested")
    api_url = f"/api/articles/{article.slug}/"
    assert store.read(_pages_dir, api_url) is not None
    first = site.get(api_url)
    assert first.headers["Cache-Control"] == "no-cache"  # the front layer answered
    assert first.json()["headline"] == "Tidal barrier tested"
    newer = make_article("Barrier opens to shipping")
    assert site.get(api_url).json()["next"]["url"] == newer.get_absolute_url()
    workflow.reject(article, None)
    assert store.read(_pages_dir, api_url) is None
    gone = site.get(api_url)
    assert gone.status_code == 404 and gone.headers["Content-Type"] == "application/json"


@pytest.fixture
def admin() -> Client:
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.create_superuser("ed", "ed@example.org", "pw-long-enough-1"))
    return client


def test_the_admin_form_moves_an_article_and_its_old_pages_follow(
        site: httpx.Client, admin: Client, _pages_dir: Path) -> None:
    harbour = section_named("Harbour")
    assert harbour is not None
    article = make_article("Ferry timetable changes")
    with workflow.changing(article):
        article.section = harbour
        article.save()
    old_url = article.get_absolute_url()
    council = section_named("Council")
    assert council is not None
    url = f"/admin/articles/article/{article.pk}/change/"
    assert submit(admin, url, slug="ferry-timetable-winter",
                  section=str(council.pk)).status_code == 302
    assert store.read(_pages_dir, old_url) is None and site.get(old_url).status_code == 404
    assert "Ferry timetable changes" in site.get("/articles/ferry-timetable-winter/").text
    assert "Ferry timetable changes" not in site.get("/sections/harbour/").text
    stored = store.read(_pages_dir, "/sections/council/")
    assert stored is not None and b"Ferry timetable changes" in stored.body


def test_deleting_from_the_admin_takes_the_pages_down(
        site: httpx.Client, admin: Client, _pages_dir: Path) -> None:
    first = make_article("First story")
    doomed = [make_article("Middle story"), make_article("Another middle story")]
    last = make_article("Last story")
    assert "Another middle story" in site.get(last.get_absolute_url()).text
    admin.post("/admin/articles/article/", {"action": "delete_selected", "post": "yes",
                                            "_selected_action": [str(a.pk) for a in doomed]})
    for article in doomed:
        assert store.read(_pages_dir, article.get_absolute_url()) is None
    assert "Last story" in site.get(first.get_absolute_url()).text
    assert "First story" in site.get(last.get_absolute_url()).text
    assert "Middle story" not in site.get("/").text


def test_renaming_a_section_re_renders_its_articles_and_drops_its_old_page(
        site: httpx.Client, admin: Client, _pages_dir: Path) -> None:
    health = section_named("Health")
    assert health is not None
    article = make_article("Clinic opens")
    with workflow.changing(article):
        article.section = health
        article.save()
    assert store.read(_pages_dir, "/sections/health/") is not None
    url = f"/admin/articles/section/{health.pk}/change/"
    assert submit(admin, url, name="Health and care", slug="care").status_code == 302
    page = site.get(article.get_absolute_url()).text
    assert 'href="/sections/care/">Health and care</a>' in page
    assert store.read(_pages_dir, "/sections/health/") is None
    assert site.get("/sections/health/").status_code == 404
