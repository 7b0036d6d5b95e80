"""One dict per article, rendered by both the HTML page and the JSON view, so they agree."""

from __future__ import annotations

from typing import Any

from newsdesk.articles.models import Article
from newsdesk.articles.queries import neighbours
from newsdesk.articles.render import paragraph_anchor, render_body

SUMMARY_ORDER = ("short", "standard", "long")


def link_dict(article: Article | None) -> dict[str, str] | None:
    if article is None:
        return None
    return {"headline": article.headline, "url": article.get_absolute_url()}


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


def article_dict(article: Article) -> dict[str, Any]:
    """Everything a reader (or a machine) is shown about one published article."""
    attributions = list(article.attributions.all())
    links = {a.label: a.url for a in attributions}
    previous, following = neighbours(article)
    return {
        "slug": article.slug,
        "url": article.get_absolute_url(),
        "headline": article.headline,
        "published_at": article.published_at,
        "paragraphs": article.paragraphs,
        "body_html": render_body(article.paragraphs, links),
        "attributions": [{"label": a.label, "url": a.url} for a in attributions],
        "summary": summary_dicts(article),
        "previous": link_dict(previous),
        "next": link_dict(following),
        "made_by": article.made_by,
        "extractive": article.extractive,
        "prompt_version": article.prompt_version,
        "change": change_dict(article),
    }


def change_dict(article: Article) -> dict[str, Any] | None:
    """The "Updated …" / "Correction …" marker readers see, or None."""
    if not article.change_kind:
        return None
    return {"kind": article.change_kind, "label": article.get_change_kind_display(),
            "note": article.change_note, "at": article.changed_at}
