"""One dict per article, rendered by both the HTML page and the JSON API, so they agree."""

from __future__ import annotations

import math
from typing import Any

from newsdesk.articles.models import Article
from newsdesk.articles.render import paragraph_anchor, render_body
from newsdesk.text.markers import strip_markers

SUMMARY_ORDER = ("short", "standard", "long")
WORDS_PER_MINUTE = 230


def link_dict(article: Article | None) -> dict[str, str] | None:
    if article is None:
        return None
    return {"headline": article.headline, "url": article.get_absolute_url(),
            "slug": article.slug}


def summary_dicts(article: Article) -> dict[str, dict[str, Any]]:
    found = {summary.length: summary for summary in article.summaries.all()}
    result = {}
    for length in SUMMARY_ORDER:
        summary = found.get(length)
        if summary is None:
            continue
        result[length] = {
            "text": summary.text,
            "made_by": summary.made_by,
            "sentences": [
                {"text": s["text"], "paragraph": s["paragraph"],
                 "anchor": paragraph_anchor(int(s["paragraph"]))}
                for s in summary.sentences
            ],
        }
    return result


def reading_minutes(paragraphs: list[str]) -> int:
    """Whole minutes at an ordinary adult reading pace; never zero."""
    words = sum(len(strip_markers(p).split()) for p in paragraphs)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def article_dict(article: Article) -> dict[str, Any]:
    """Everything a reader (or a machine) is shown about one published article."""
    attributions = list(article.attributions.all())
    links = {a.label: a.url for a in attributions}
    previous, following = Article.objects.neighbours(article)
    paragraphs = article.paragraphs
    section = article.section
    return {
        "slug": article.slug,
        "url": article.get_absolute_url(),
        "headline": article.headline,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "section": (
            {"name": section.name, "slug": section.slug, "url": section.get_absolute_url()}
            if section is not None else None
        ),
        "tags": [{"name": t.name, "slug": t.slug, "url": t.get_absolute_url()}
                 for t in article.tags.all()],
        "reading_minutes": reading_minutes(paragraphs),
        "paragraphs": paragraphs,
        "body_html": render_body(paragraphs, links),
        "attributions": [{"label": a.label, "url": a.url} for a in attributions],
        "summary": summary_dicts(article),
        "previous": link_dict(previous),
        "next": link_dict(following),
        "related": [link_dict(r) for r in Article.objects.related(article)],
        "made_by": article.made_by,
        "extractive": article.extractive,
        "prompt_version": article.prompt_version,
        "change": change_dict(article),
    }


def article_payload(article: Article) -> dict[str, Any]:
    """``article_dict`` as JSON, for the API and an article page's ``.json``: the body HTML
    (already sanitized) as a plain string."""
    data = article_dict(article)
    data["body_html"] = str(data["body_html"])
    return data


def teaser_dict(article: Article) -> dict[str, Any]:
    """What a list shows of an article: enough to choose it, with a link to the rest.
    Expects the short summary prefetched as ``teasers`` (``ArticleQuerySet.for_lists``)."""
    teasers = getattr(article, "teasers", None)
    short = teasers[0].text if teasers else None
    section = article.section
    return {
        "slug": article.slug,
        "url": article.get_absolute_url(),
        "headline": article.headline,
        "published_at": article.published_at,
        "section": (
            {"name": section.name, "slug": section.slug, "url": section.get_absolute_url()}
            if section is not None else None
        ),
        "summary": short,
        "outlet": article.source_item.label,
    }


def change_dict(article: Article) -> dict[str, Any] | None:
    """The "Updated …" / "Correction …" marker readers see, or None."""
    if not article.change_kind:
        return None
    return {"kind": article.change_kind, "label": article.get_change_kind_display(),
            "note": article.change_note, "at": article.changed_at}
