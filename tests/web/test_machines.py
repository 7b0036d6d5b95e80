"""Feeds, sitemaps, robots.txt and the structured data in an article's head."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.articles.labels import section_named, tags_named
from newsdesk.articles.models import Article
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db

FEEDS = [
    "/feeds/rss.xml", "/feeds/atom.xml",
    "/feeds/sections/health/rss.xml", "/feeds/sections/health/atom.xml",
    "/feeds/tags/vaccines/rss.xml", "/feeds/tags/vaccines/atom.xml",
]


@pytest.fixture
def labelled() -> Article:
    article = make_article("Clinics open <early> & free", published_at=timezone.now()
                           - timedelta(hours=1))
    article.section = section_named("Health")
    article.save()
    article.tags.set(tags_named(["vaccines", "Tallow Valley"]))
    make_article("Unlabelled older story", published_at=timezone.now() - timedelta(days=5))
    return article


@pytest.mark.parametrize("path", FEEDS)
def test_feeds_parse_cleanly(client: Client, labelled: Article, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    titles = [entry.title for entry in parsed.entries]
    assert "Clinics open <early> & free" in titles
    entry = parsed.entries[titles.index("Clinics open <early> & free")]
    assert entry.link == "http://127.0.0.1:8000" + labelled.get_absolute_url()
    if "/sections/" in path or "/tags/" in path:
        assert titles == ["Clinics open <early> & free"]
    else:
        assert "Unlabelled older story" in titles


def test_unknown_section_feed_is_not_found(client: Client) -> None:
    assert client.get("/feeds/sections/nope/rss.xml").status_code == 404


def test_sitemaps_list_public_pages(client: Client, labelled: Article) -> None:
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert "http://127.0.0.1:8000" + labelled.get_absolute_url() in locations
    assert "http://127.0.0.1:8000/sections/health/" in locations
    assert "http://127.0.0.1:8000/tags/vaccines/" in locations


def test_news_sitemap_has_only_the_last_two_days(client: Client, labelled: Article) -> None:
    root = ElementTree.fromstring(client.get("/sitemap-news.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
          "news": "http://www.google.com/schemas/sitemap-news/0.9"}
    urls = root.findall("s:url", ns)
    assert [u.findtext("news:news/news:title", namespaces=ns) for u in urls] == [
        "Clinics open <early> & free"]
    published = urls[0].findtext("news:news/news:publication_date", namespaces=ns)
    # Compared with the article's own date, not today's: at midnight on 31 December the two
    # differ, and an hour-old article is still dated the year before.
    assert published is not None and published.startswith(f"{labelled.published_at:%Y-%m-%d}")


def test_robots_points_at_sitemaps(client: Client) -> None:
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_json_ld_cannot_break_out_of_its_script(client: Client) -> None:
    article = make_article("Ends </script><script>alert(1)</script> here")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Ends </script><script>alert(1)</script> here"
    assert data["url"] == "http://127.0.0.1:8000" + article.get_absolute_url()
    assert data["datePublished"].startswith(f"{article.published_at:%Y-%m-%d}")


def test_cards_and_canonical(client: Client, labelled: Article) -> None:
    html = client.get(labelled.get_absolute_url()).content.decode()
    url = "http://127.0.0.1:8000" + labelled.get_absolute_url()
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="Clinics open &lt;early&gt; &amp; free">' in html
    assert '<meta name="twitter:card" content="summary">' in html
