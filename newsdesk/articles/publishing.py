"""Publishing: the moment an article becomes public, its summaries are made and stored."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from newsdesk.articles.llm_summaries import llm_summary_writer, place_sentences
from newsdesk.articles.models import Article, Summary
from newsdesk.editorial.summary.extractive import LENGTHS, summarize
from newsdesk.text.markers import strip_markers


def unique_slug(headline: str, *, exclude_pk: int | None = None) -> str:
    """A readable slug, suffixed -2, -3 … when the headline repeats."""
    base = slugify(headline)[:100].strip("-") or "article"
    candidate, n = base, 1
    taken = Article.objects.all() if exclude_pk is None else Article.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def make_summaries(article: Article) -> list[Summary]:
    """(Re)make every summary length of an article from its current body.

    With NEWSDESK_LLM_SUMMARIES on and an LLM backend configured, each length is first
    asked of the LLM; it is stored only when the guard passes it, else the extractive
    summary is, and ``made_by`` says which (and why).
    """
    # Summarize the paragraphs that have words, and map each sentence back to its place
    # in the article so that "Read in context" lands on the right paragraph.
    kept = [(i, strip_markers(p)) for i, p in enumerate(article.paragraphs)]
    kept = [(i, text) for i, text in kept if text]
    text = "\n\n".join(paragraph for _, paragraph in kept)
    made = []
    writer = llm_summary_writer(article, text)
    for length, count in LENGTHS.items():
        summary = summarize(text, title=article.headline, sentences=count)
        sentences = [{"text": s.text, "paragraph": kept[s.paragraph][0]}
                     for s in summary.sentences]
        summary_text, made_by = summary.text, summary.method
        if writer is not None:
            written = writer(count)
            if written.text:
                summary_text, made_by = written.text, written.made_by
                sentences = place_sentences(written.text, kept)
            else:
                made_by = f"{summary.method} ({written.made_by})"[:100]
        row, _ = Summary.objects.update_or_create(
            article=article,
            length=length,
            defaults={"text": summary_text, "sentences": sentences, "made_by": made_by},
        )
        made.append(row)
    return made


def publish(article: Article, *, when: datetime | None = None) -> Article:
    """Make an article public now (or at ``when``) with its summaries in the same transaction,
    so no reader ever sees it without them."""
    with transaction.atomic():
        article.status = Article.Status.PUBLISHED
        article.published_at = article.published_at or when or timezone.now()
        article.save(update_fields=["status", "published_at", "updated_at"])
        make_summaries(article)
    return article


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
