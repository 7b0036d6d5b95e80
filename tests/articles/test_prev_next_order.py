"""Prev/next walk a total order (published_at, id): ties resolve the same way every time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.articles.models import Article
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


def test_chain_visits_every_article_once_even_with_equal_times() -> None:
    same_moment = timezone.now().replace(microsecond=0)
    made = [make_article(f"Tied story {i}", published_at=same_moment, summaries=False)
            for i in range(4)]
    made.insert(0, make_article("Earlier story", summaries=False,
                                published_at=same_moment - timedelta(minutes=5)))
    walked = [made[0]]
    while True:
        _, following = Article.objects.neighbours(walked[-1])
        if following is None:
            break
        walked.append(following)
    assert [a.pk for a in walked] == [made[0].pk, *sorted(a.pk for a in made[1:])]
    back = [walked[-1]]
    while True:
        previous, _ = Article.objects.neighbours(back[-1])
        if previous is None:
            break
        back.append(previous)
    assert back == list(reversed(walked))
