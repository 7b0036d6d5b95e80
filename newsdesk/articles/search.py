"""Full-text ranking over a set of articles: SQLite FTS5 on the embedded default,
PostgreSQL's full-text search at scale. Both rank, both highlight, both page by keyset on
(rank, id) so a deep page costs what the first one does.

This module ranks ids and marks passages; it imports neither the Article model nor its
QuerySet (``ArticleQuerySet.search`` calls in here and builds the hits), so the query
modules form no circle.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet

from newsdesk.articles.fts import TABLE
from newsdesk.articles.keyset import BadCursor
from newsdesk.reader.sanitize import SafeHTML, sanitize_html
from newsdesk.text.markers import SOURCE_MARKER

# Private-use sentinels the highlighter puts around matches; stored text never has them
# after escaping, so they can be turned into <mark> safely.
_OPEN, _CLOSE = "\ue000", "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)
_SCORE = r"-?[0-9]{1,20}(?:\.[0-9]{1,20})?(?:e[+-]?[0-9]{1,3})?"
SEARCH_CURSOR_PATTERN = _SCORE + r"_[0-9]{1,18}"  # "<score>_<id>", also in the API schema
_SEARCH_CURSOR = re.compile(f"({_SCORE})_([0-9]{{1,18}})")
PG_CONFIG = "english"
MAX_QUERY = 200


@dataclass(frozen=True)
class Ranked:
    """One match: its id, its score (smaller is better) and the headline and passage with
    the matched words between sentinels (empty when the database gave none)."""

    pk: int
    score: float
    headline: str
    passage: str


def clean_query(query: str) -> str:
    return query.strip()[:MAX_QUERY]


def has_words(query: str) -> bool:
    """A query of punctuation alone matches nothing and is not sent to the database."""
    return _WORD.search(query) is not None


def highlight_html(snippet: str) -> SafeHTML:
    """Escape everything, then turn the sentinels into <mark>; sanitize last."""
    # [Source: …] markers help in the body, not in a two-line passage under a headline.
    escaped = html.escape(" ".join(SOURCE_MARKER.sub("", snippet).split()))
    marked = escaped.replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
    # Sanitize runs last: only sanitize_html marks HTML safe.
    return sanitize_html(marked)


def parse_cursor(cursor: str) -> tuple[float, int] | None:
    """The (score, id) a ``more`` cursor points after; None for the first page."""
    if not cursor:
        return None
    match = _SEARCH_CURSOR.fullmatch(cursor)
    if match is None:
        raise BadCursor(f"not a search cursor: {cursor[:40]!r}")
    return float(match.group(1)), int(match.group(2))


def make_cursor(last: Ranked) -> str:
    return f"{last.score!r}_{last.pk}"


def rank(scope: QuerySet[Any], query: str, *, size: int,
         position: tuple[float, int] | None) -> list[Ranked]:
    """Up to ``size + 1`` best matches within ``scope`` after ``position``, best first: the
    extra row says whether another page follows. ``query`` must have words."""
    if connection.vendor == "postgresql":
        return _rank_postgres(scope, query, size, position)
    return _rank_sqlite(scope, query, size, position)


def _fts5_query(query: str) -> str:
    """Every word quoted, so reader input is never FTS5 syntax (AND, NEAR, "…, *)."""
    return " ".join(f'"{word}"' for word in _WORD.findall(query))


def _rank_sqlite(scope: QuerySet[Any], query: str, size: int,
                 position: tuple[float, int] | None) -> list[Ranked]:
    ids_sql, ids_params = scope.values("id").query.sql_with_params()
    # bm25 is smaller for better matches: order ascending; the headline weighs five times the body.
    sql = (
        "SELECT id, score, title, snip FROM ("
        f" SELECT rowid AS id, bm25({TABLE}, 5.0, 1.0) AS score,"
        f" highlight({TABLE}, 0, '{_OPEN}', '{_CLOSE}') AS title,"
        f" snippet({TABLE}, 1, '{_OPEN}', '{_CLOSE}', '…', 28) AS snip"
        f" FROM {TABLE} WHERE {TABLE} MATCH %s"
        f" AND rowid IN ({ids_sql})"
        ") AS ranked"
    )
    params: list[Any] = [_fts5_query(query), *ids_params]
    if position is not None:
        sql += " WHERE score > %s OR (score = %s AND id > %s)"
        params += [position[0], position[0], position[1]]
    sql += " ORDER BY score, id LIMIT %s"
    params.append(size + 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Ranked(pk, score, title or "", snip or "")
                for pk, score, title, snip in cursor.fetchall()]


def _rank_postgres(scope: QuerySet[Any], query: str, size: int,
                   position: tuple[float, int] | None) -> list[Ranked]:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    vector = stored_vector()
    terms = SearchQuery(query, search_type="websearch", config=PG_CONFIG)
    ranked = (
        scope.annotate(score=-SearchRank(vector, terms))  # negated: smaller is better
        .alias(document=vector)
        .filter(document=terms)
    )
    if position is not None:
        after: Any = Q(score__gt=position[0]) | Q(score=position[0], id__gt=position[1])
        ranked = ranked.filter(after)
    page = list(ranked.order_by("score", "id").values_list("id", "score")[: size + 1])
    ids = [pk for pk, _ in page[:size]]
    marked = {
        pk: (title, snip)
        for pk, title, snip in scope.filter(id__in=ids).annotate(
            title=SearchHeadline(F("headline"), terms, config=PG_CONFIG, start_sel=_OPEN,
                                 stop_sel=_CLOSE, highlight_all=True),
            snip=SearchHeadline(F("body"), terms, config=PG_CONFIG, start_sel=_OPEN,
                                stop_sel=_CLOSE, max_words=40, min_words=20),
        ).values_list("id", "title", "snip")
    } if ids else {}
    return [Ranked(pk, score, *marked.get(pk, ("", ""))) for pk, score in page]


def stored_vector() -> Any:
    """``search_vector()`` as stored per row in the generated column ``search_document``
    (PostgreSQL, migration 0007), which the GIN index covers. Ranking reads it instead of
    parsing every matching body again: a word found in all of 100,000 articles ranks in a
    fraction of a second instead of many seconds."""
    from django.contrib.postgres.search import SearchVectorField
    from django.db.models.expressions import RawSQL

    return RawSQL('"articles_article"."search_document"', [], output_field=SearchVectorField())


def search_vector() -> Any:
    """The tsvector of a row: the expression migration 0007 stores in ``search_document``
    (and migration 0003 indexed before it)."""
    from django.contrib.postgres.search import SearchVector

    # The headline weighs more than the body (A over B), as bm25's weights do on SQLite.
    return (SearchVector("headline", config=PG_CONFIG, weight="A")
            + SearchVector("body", config=PG_CONFIG, weight="B"))
