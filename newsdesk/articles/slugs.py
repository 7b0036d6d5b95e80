"""Readable, unique article addresses made from headlines."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from newsdesk.articles.models import Article


def unique_slug(headline: str, *, exclude_pk: int | None = None) -> str:
    """A readable slug, suffixed -2, -3 … when the headline repeats."""
    base = slugify(headline)[:100].strip("-") or "article"
    candidate, n = base, 1
    taken = Article.objects.all() if exclude_pk is None else Article.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def save_with_unique_slug(article: Article) -> Article:
    """Insert an article, retrying the slug if a concurrent worker took it first."""
    for _ in range(5):
        article.slug = unique_slug(article.headline, exclude_pk=article.pk)
        try:
            with transaction.atomic():
                article.save()
            return article
        except IntegrityError:
            if not Article.objects.filter(slug=article.slug).exists():
                raise  # some other constraint failed: not ours to retry
    raise RuntimeError(f"could not find a free slug for {article.headline!r}")
