"""The article page: summary control above and below, linked attributions, nothing unsafe."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.support.factories import make_article
from tests.support.options import OptionsOverride

pytestmark = pytest.mark.django_db


def test_summary_control_above_and_below_body(client: Client) -> None:
    article = make_article("Water rates rise to pay for new pipes")
    html = client.get(f"/articles/{article.slug}/").content.decode()
    control = r"<summary>No time to read\? Get a summary</summary>"
    controls = [m.start() for m in re.finditer(control, html)]
    body = html.index('class="article-body"')
    assert len(controls) == 2
    assert controls[0] < body < controls[1]
    # The summary is in the page already: revealing it needs no request and no script.
    # The only script element is data for machines (JSON-LD), never code.
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/ld+json">']
    assert html.count("Read in context") >= 2


def test_attributions_link_to_the_source(client: Client) -> None:
    article = make_article("Water rates rise to pay for new pipes")
    html = client.get(f"/articles/{article.slug}/").content.decode()
    url = article.attributions.get().url
    assert f'<a class="attribution" href="{url}"' in html
    assert ">[Source: Dunmore Gazette]</a>" in html
    assert 'id="p-1"' in html and 'id="p-3"' in html


def test_hostile_text_is_escaped_everywhere(client: Client) -> None:
    body = ('Officials said <script>alert(1)</script> and <img src=x onerror=alert(2)> '
            'were found. [Source: Dunmore Gazette]\n\n'
            'A link [Source: <b onclick=x>bad</b>] follows.')
    article = make_article('Headline <script>alert("h")</script>', body=body)
    html = client.get(f"/articles/{article.slug}/").content.decode()
    assert "<script>alert" not in html
    assert "<img" not in html and "<b onclick" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unknown_attribution_label_is_not_a_link(client: Client) -> None:
    article = make_article("Story", body="Something happened. [Source: Nobody Real]")
    html = client.get(f"/articles/{article.slug}/").content.decode()
    assert '<span class="attribution">[Source: Nobody Real]</span>' in html


def test_json_view_is_the_same_dict(client: Client) -> None:
    article = make_article("Water rates rise to pay for new pipes")
    data = client.get(f"/articles/{article.slug}.json").json()
    html = client.get(f"/articles/{article.slug}/").content.decode()
    assert data["headline"] in html
    assert article.published_at is not None
    assert data["published_at"].startswith(article.published_at.strftime("%Y-%m-%dT%H:%M"))
    assert data["summary"]["standard"]["sentences"]
    for sentence in data["summary"]["standard"]["sentences"]:
        assert sentence["text"].replace('"', "&quot;") in html
    assert data["attributions"] == [{"label": "Dunmore Gazette",
                                     "url": article.attributions.get().url}]


def test_article_page_runs_a_fixed_number_of_queries(client: Client) -> None:
    for i in range(3):
        make_article(f"Story {i}")
    article = make_article("The one we open")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/articles/{article.slug}/")
    for i in range(20):
        make_article(f"More {i}", summaries=False)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/articles/{article.slug}/")
    # article, attributions, summaries, tags, previous, next, section menu, cache lifetime
    assert len(few) == len(many) <= 8
    with CaptureQueriesContext(connection) as index:
        client.get("/")
    assert len(index) <= 4  # page, teasers, section menu, cache lifetime


def test_index_paginates(client: Client, options: OptionsOverride) -> None:
    options.set(NEWSDESK_PAGE_SIZE=2)
    for i in range(5):
        make_article(f"Paged story {i}", summaries=False)
    pages, path = [], "/"
    while path:
        html = client.get(path).content.decode()
        pages.append(re.findall(r"Paged story (\d)", html))
        older = re.search(r'rel="next" href="([^"]+)"', html)
        path = "/" + older.group(1).replace("&amp;", "&") if older else ""
    assert pages == [["4", "3"], ["2", "1"], ["0"]]
    assert "?page=" not in html


def test_summary_sentences_point_at_their_own_paragraph() -> None:
    body = ("The ferry adds a 06:40 sailing from 3 March. [Source: Dunmore Gazette]\n\n"
            "[Source: Dunmore Gazette]\n\n"
            "Demand on the route rose 18% last year. [Source: Dunmore Gazette]")
    article = make_article("Ferry adds an early sailing", body=body)
    sentences = article.summaries.get(length="standard").sentences
    assert [s["paragraph"] for s in sentences] == [0, 2]
    assert all(s["text"] != "." for s in sentences)
