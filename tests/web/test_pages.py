"""web.pages: every public page is a function of its key returning the bytes views serve."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import Client

from newsdesk.articles.events import Placement
from newsdesk.articles.labels import section_named
from newsdesk.articles.models import Article
from newsdesk.web import pages
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


def test_views_serve_the_rendered_bytes(client: Client) -> None:
    first = make_article("First")
    second = make_article("Second")
    second.section = section_named("Health")
    second.save()
    assert client.get(second.get_absolute_url()).content == pages.render_article_page(
        second.slug)
    assert client.get("/").content == pages.render_index_page()
    assert client.get("/sections/health/").content == pages.render_section_page("health")
    assert isinstance(pages.render_article_page(first.slug), bytes)


def test_unpublished_pages_raise_404() -> None:
    draft = make_article("Draft", status=Article.Status.DRAFT)
    with pytest.raises(Http404):
        pages.render_article_page(draft.slug)
    with pytest.raises(Http404):
        pages.render_section_page("no-such-section")


def test_pages_showing_an_article_include_its_neighbours() -> None:
    first = make_article("First")
    middle = make_article("Middle")
    middle.section = section_named("Health")
    middle.save()
    last = make_article("Last")
    keys = pages.pages_showing(Placement.of(middle))
    assert set(keys) == {("article", middle.slug), ("article", first.slug),
                         ("article", last.slug), ("index", ""), ("section", "health")}
    for kind, key in keys:
        assert pages.RENDERERS[kind](key).startswith(b"<!doctype html>")
