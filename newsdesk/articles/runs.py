"""The Django side of run records: an observer the pure rewrite policy calls per LLM call."""

from __future__ import annotations

import logging

from newsdesk.articles.models import Article, RunRecord
from newsdesk.editorial.rewrite.policy import Attempt
from newsdesk.intake.models import SourceItem

logger = logging.getLogger(__name__)


class RunRecorder:
    """Stores each attempt at once (so a crash later loses no record), linked to the
    source item; ``link`` attaches them to the article once it exists."""

    def __init__(self, source_item: SourceItem | None, article: Article | None = None) -> None:
        self.source_item = source_item
        self.article = article
        self.ids: list[int] = []

    def __call__(self, attempt: Attempt) -> None:
        record = RunRecord.objects.create(
            source_item=self.source_item,
            article=self.article if self.article is not None and self.article.pk else None,
            purpose=attempt.purpose[:30],
            backend=attempt.backend[:100],
            model_name=attempt.model[:200],
            prompt_version=attempt.prompt_version[:50],
            tokens_in=attempt.tokens_in,
            tokens_out=attempt.tokens_out,
            latency_ms=round(attempt.latency_ms, 3),
            outcome=attempt.outcome,
            error="" if attempt.outcome == "ok" else attempt.detail[:4000],
        )
        self.ids.append(record.pk)
        logger.info("run %s: %s via %s -> %s", record.pk, attempt.purpose, attempt.backend,
                    attempt.outcome)

    def link(self, article: Article) -> None:
        self.article = article
        if self.ids:
            RunRecord.objects.filter(pk__in=self.ids, article__isnull=True).update(article=article)
