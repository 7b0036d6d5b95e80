"""Sections and tags: their own pages, labels from a source's header, related articles."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.articles.labels import apply_labels, section_named, tags_named
from newsdesk.articles.models import Article
from newsdesk.reader.files import read_path
from newsdesk.reader.items import RawItem
from tests.support.factories import make_article
from tests.support.options import OptionsOverride

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "newsdesk" / "demo" / "sources"


def test_demo_sources_carry_a_section_and_tags() -> None:
    items = [i for i in read_path(DEMO) if isinstance(i, RawItem)]
    assert len(items) == 14
    assert all(item.section and item.tags for item in items)
    budget = next(i for i in items if i.guid == "demo-01")
    assert budget.section == "Local government"
    assert budget.tags == ("Harlow County", "budget")


def test_header_without_labels_still_reads(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title: Plain\n\nBody text.\n", encoding="utf-8")
    (item,) = read_path(tmp_path)
    assert isinstance(item, RawItem) and item.section == "" and item.tags == ()


def test_labels_fill_only_what_is_empty() -> None:
    article = make_article("Story")
    apply_labels(article, {"section": "Health", "tags": ["Vaccines", "vaccines", ""]})
    article.refresh_from_db()
    assert article.section is not None and article.section.slug == "health"
    assert [t.slug for t in article.tags.all()] == ["vaccines"]
    apply_labels(article, {"section": "Sport", "tags": ["football"]})
    article.refresh_from_db()
    assert article.section.slug == "health"
    assert [t.slug for t in article.tags.all()] == ["vaccines"]


def test_section_and_tag_pages_list_their_articles(client: Client) -> None:
    health = section_named("Health")
    inside = make_article("Clinic opens")
    inside.section = health
    inside.save()
    inside.tags.set(tags_named(["vaccines"]))
    make_article("Cup final")
    section_html = client.get("/sections/health/").content.decode()
    assert "Clinic opens" in section_html and "Cup final" not in section_html
    assert '<h1 class="page-title">Health</h1>' in section_html
    tag_html = client.get("/tags/vaccines/").content.decode()
    assert "Clinic opens" in tag_html and "Cup final" not in tag_html
    assert client.get("/sections/nothing/").status_code == 404
    assert client.get("/sections/health/?before=bad").status_code == 404
    # the section menu lists sections that have articles
    assert 'href="/sections/health/"' in client.get("/").content.decode()


def test_section_pages_page_by_keyset_with_fixed_queries(client: Client, options: OptionsOverride
                                                         ) -> None:
    options.set(NEWSDESK_PAGE_SIZE=3)
    health = section_named("Health")
    now = timezone.now()
    for i in range(8):
        article = make_article(f"Health story {i}", published_at=now - timedelta(hours=i))
        article.section = health
        article.save()
    counts, seen, sql, path = [], [], [], "/sections/health/"
    while path:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(path).content.decode()
        counts.append(len(queries))
        sql += [q["sql"].upper() for q in queries.captured_queries]
        seen += re.findall(r"Health story (\d)", html)
        older = re.search(r'rel="next" href="\?before=([^"]+)"', html)
        path = f"/sections/health/?before={older.group(1)}" if older else ""
    assert seen == [str(i) for i in range(8)]
    assert len(set(counts)) == 1 and counts[0] <= 5  # + the cache lifetime probe
    assert sql and not [q for q in sql if "OFFSET" in q]


def test_related_by_shared_tag(client: Client) -> None:
    vaccines = tags_named(["vaccines"])
    one = make_article("Clinics open")
    one.tags.set(vaccines)
    two = make_article("Vaccine supply arrives")
    two.tags.set(vaccines)
    make_article("Unrelated")
    draft = make_article("Draft vaccine story", status=Article.Status.DRAFT)
    draft.tags.set(vaccines)
    html = client.get(one.get_absolute_url()).content.decode()
    related = html[html.index("Related articles"):]
    assert "Vaccine supply arrives" in related
    assert "Unrelated" not in related.split("</section>")[0]
    assert "Draft vaccine story" not in html
    assert "Related articles" not in client.get("/articles/" + make_article("Lone").slug + "/"
                                                ).content.decode()


def test_reading_time_and_section_kicker(client: Client) -> None:
    article = make_article("Long read", body=("word " * 700 + "[Source: Dunmore Gazette]"))
    article.section = section_named("Culture")
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "4 min read" in html
    assert '<p class="kicker"><a href="/sections/culture/">Culture</a></p>' in html
