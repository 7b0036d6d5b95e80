"""Sections and tags a source suggests, turned into rows the first time they are seen."""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

from newsdesk.articles.models import Article, Section, Tag


def _slug(name: str) -> str:
    return slugify(name)[:100].strip("-")


def section_named(name: str) -> Section | None:
    slug = _slug(name)
    if not slug:
        return None
    section, _ = Section.objects.get_or_create(slug=slug, defaults={"name": name[:100]})
    return section


def tags_named(names: list[str]) -> list[Tag]:
    tags = []
    for name in names:
        slug = _slug(name)
        if slug:
            tag, _ = Tag.objects.get_or_create(slug=slug, defaults={"name": name[:100]})
            tags.append(tag)
    return tags


def apply_labels(article: Article, labels: dict[str, Any]) -> None:
    """Give an article the section and tags its source suggested; an editor's choice made
    in the admin is kept (labels only fill what is empty)."""
    if not labels:
        return
    name = labels.get("section")
    if isinstance(name, str) and article.section_id is None:
        article.section = section_named(name)
        if article.section is not None:
            article.save(update_fields=["section"])
    names = labels.get("tags")
    if isinstance(names, list) and not article.tags.exists():
        article.tags.set(tags_named([n for n in names if isinstance(n, str)]))
