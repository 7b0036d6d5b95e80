"""Every public page as a function from its key to bytes.

Views call these; so can a pre-renderer that writes pages at publish time and serves them
from a thin layer in front of Django. Each function reads through
``Article.objects.published()`` only and raises ``Http404`` for what is not public.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse

from newsdesk import conf
from newsdesk.articles.events import Placement
from newsdesk.articles.keyset import BadCursor, Page, keyset_page
from newsdesk.articles.models import Article, Section, Tag
from newsdesk.articles.queries import ArticleQuerySet
from newsdesk.articles.serializers import article_dict
from newsdesk.web.structured import absolute, cards, json_ld_script, news_article

HTML = "text/html; charset=utf-8"


def _fediverse_actor() -> str:
    fediverse = conf.options().activitypub
    return reverse("activitypub:actor", args=[fediverse.username]) if fediverse.enabled else ""


def _context(**values: Any) -> dict[str, Any]:
    """What every page template gets (no request: pages render the same for everyone)."""
    return {
        "site_name": conf.options().site.name,
        "site_url": conf.options().site.url,
        # The site's fediverse actor, linked from every page: Mastodon, given the site's
        # address, is led from the HTML to the actor by it.
        "fediverse_actor": _fediverse_actor(),
        # Sections with something public in them: a draft must not reveal a new section.
        "nav_sections": list(Section.objects.filter(articles__in=Article.objects.published())
                             .distinct().only("name", "slug")),
        **values,
    }


def _render(template: str, **values: Any) -> bytes:
    return render_to_string(template, _context(**values)).encode("utf-8")


def published_with_parts() -> QuerySet[Article]:
    return (Article.objects.published().select_related("section")
            .prefetch_related("attributions", "summaries", "tags"))


def _page(base: ArticleQuerySet[Article], before: str, after: str) -> Page[Article]:
    try:
        return keyset_page(base.for_lists(), size=conf.options().site.page_size,
                           before=before, after=after)
    except BadCursor as exc:
        raise Http404(str(exc)) from exc


def load_article(slug: str) -> Article:
    found = published_with_parts().filter(slug=slug).first()
    if found is None:
        raise Http404(f"no published article {slug!r}")
    return found


def render_article_page(slug: str) -> bytes:
    a = article_dict(load_article(slug))
    description = a["summary"]["short"]["text"] if "short" in a["summary"] else a["headline"]
    return _render(
        "web/article.html", a=a, canonical=absolute(a["url"]),
        cards=cards(title=a["headline"], description=description, url=a["url"],
                    kind="article"),
        json_ld=json_ld_script(news_article(a)),
    )


def render_index_page(before: str = "", after: str = "") -> bytes:
    page = _page(Article.objects.published(), before, after)
    return _render(
        "web/index.html", page=page, title="Latest news", canonical=absolute("/"),
        cards=cards(title=conf.options().site.name, description="Latest news", url="/"),
        feeds={"rss": "/feeds/rss.xml", "atom": "/feeds/atom.xml"},
    )


def render_section_page(slug: str, before: str = "", after: str = "") -> bytes:
    section = Section.objects.filter(slug=slug).first()
    if section is None:
        raise Http404(f"no section {slug!r}")
    page = _page(Article.objects.published().filter(section=section), before, after)
    url = section.get_absolute_url()
    return _render(
        "web/index.html", page=page, title=section.name, description=section.description,
        canonical=absolute(url),
        cards=cards(title=section.name, description=section.description or section.name,
                    url=url),
        feeds={"rss": f"/feeds/sections/{slug}/rss.xml",
               "atom": f"/feeds/sections/{slug}/atom.xml"},
    )


def render_tag_page(slug: str, before: str = "", after: str = "") -> bytes:
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404(f"no tag {slug!r}")
    page = _page(Article.objects.published().filter(tags=tag), before, after)
    url = tag.get_absolute_url()
    return _render(
        "web/index.html", page=page, title=f"Tagged “{tag.name}”", canonical=absolute(url),
        cards=cards(title=tag.name, description=f"Articles tagged {tag.name}", url=url),
        feeds={"rss": f"/feeds/tags/{slug}/rss.xml", "atom": f"/feeds/tags/{slug}/atom.xml"},
    )


def render_search_page(query: str, after: str = "") -> bytes:
    try:
        results = Article.objects.published().search(
            query, size=conf.options().site.page_size, after=after)
    except BadCursor as exc:
        raise Http404(str(exc)) from exc
    return _render("web/search.html", results=results, query=query,
                   canonical=absolute("/search/"), noindex=True,
                   cards=cards(title="Search", description="Search the archive",
                               url="/search/"))


def pages_showing(placement: Placement) -> list[tuple[str, str]]:
    """The (kind, key) of every pre-renderable page that shows an article placed so: its
    own page, its neighbours' pages (their Previous / Next titles), the first index page
    and the first page of its section. The pre-renderer (`prerender.refresh`) re-renders
    these when the publication event names the placement."""
    keys = [("article", placement.slug), ("index", "")]
    keys += [("article", slug) for slug in placement.neighbours]
    if placement.section is not None:
        keys.append(("section", placement.section))
    return keys


def _render_first_index_page(key: str) -> bytes:
    return render_index_page()


RENDERERS: dict[str, Callable[[str], bytes]] = {
    "article": render_article_page,
    "index": _render_first_index_page,
    "section": render_section_page,
}
