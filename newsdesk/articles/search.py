"""Full-text search over published articles: SQLite FTS5 on the embedded default,
PostgreSQL's full-text search at scale. Both rank, both highlight, both page by keyset on
(rank, id) so a deep page costs what the first one does."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import F, Q

from newsdesk.articles.keyset import BadCursor
from newsdesk.reader.sanitize import SafeHTML, sanitize_html
from newsdesk.text.markers import SOURCE_MARKER

if TYPE_CHECKING:
    from newsdesk.articles.models import Article
    from newsdesk.articles.queries import ArticleQuerySet


def for_lists(base: ArticleQuerySet) -> ArticleQuerySet:
    from newsdesk.articles.queries import for_lists as prepare

    return prepare(base)

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
class Hit:
    article: Article
    headline: SafeHTML  # the headline, escaped, matches in <mark>
    highlight: SafeHTML  # a passage of the body, escaped, matches in <mark>


@dataclass(frozen=True)
class Results:
    query: str
    hits: list[Hit]
    more: str | None  # cursor of the next page, or None


def highlight_html(snippet: str) -> SafeHTML:
    """Escape everything, then turn the sentinels into <mark>; sanitize last."""
    # [Source: …] markers help in the body, not in a two-line passage under a headline.
    escaped = html.escape(" ".join(SOURCE_MARKER.sub("", snippet).split()))
    marked = escaped.replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
    # Sanitize runs last: only sanitize_html marks HTML safe.
    return sanitize_html(marked)


def _parse_cursor(cursor: str) -> tuple[float, int] | None:
    if not cursor:
        return None
    match = _SEARCH_CURSOR.fullmatch(cursor)
    if match is None:
        raise BadCursor(f"not a search cursor: {cursor[:40]!r}")
    return float(match.group(1)), int(match.group(2))


def _cursor(score: float, pk: int) -> str:
    return f"{score!r}_{pk}"


def search(published: ArticleQuerySet, query: str, *, size: int, after: str = "") -> Results:
    """Best matches first among ``published`` (callers pass ``Article.objects.published()``)."""
    query = query.strip()[:MAX_QUERY]
    position = _parse_cursor(after)
    if not _WORD.search(query):
        return Results(query=query, hits=[], more=None)
    if connection.vendor == "postgresql":
        return _search_postgres(published, query, size, position)
    return _search_sqlite(published, query, size, position)


def _fts5_query(query: str) -> str:
    """Every word quoted, so reader input is never FTS5 syntax (AND, NEAR, "…, *)."""
    return " ".join(f'"{word}"' for word in _WORD.findall(query))


def _search_sqlite(
    published: ArticleQuerySet, query: str, size: int, position: tuple[float, int] | None
) -> Results:
    ids_sql, ids_params = published.values("id").query.sql_with_params()
    # bm25 is smaller for better matches: order ascending; the headline weighs five times the body.
    sql = (
        "SELECT id, score, title, snip FROM ("
        " SELECT rowid AS id, bm25(article_fts, 5.0, 1.0) AS score,"
        f" highlight(article_fts, 0, '{_OPEN}', '{_CLOSE}') AS title,"
        f" snippet(article_fts, 1, '{_OPEN}', '{_CLOSE}', '…', 28) AS snip"
        " FROM article_fts WHERE article_fts MATCH %s"
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
        rows = cursor.fetchall()
    return _results(published, query, rows, size)


def _search_postgres(
    published: ArticleQuerySet, query: str, size: int, position: tuple[float, int] | None
) -> Results:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    vector = stored_vector()
    terms = SearchQuery(query, search_type="websearch", config=PG_CONFIG)
    ranked = (
        published.annotate(score=-SearchRank(vector, terms))  # negated: smaller is better
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
        for pk, title, snip in published.filter(id__in=ids).annotate(
            title=SearchHeadline(F("headline"), terms, config=PG_CONFIG, start_sel=_OPEN,
                                 stop_sel=_CLOSE, highlight_all=True),
            snip=SearchHeadline(F("body"), terms, config=PG_CONFIG, start_sel=_OPEN,
                                stop_sel=_CLOSE, max_words=40, min_words=20),
        ).values_list("id", "title", "snip")
    } if ids else {}
    rows = [(pk, score, *marked.get(pk, ("", ""))) for pk, score in page]
    return _results(published, query, rows, size)


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


def _results(
    published: ArticleQuerySet, query: str, rows: list[tuple[int, float, str, str]], size: int
) -> Results:
    shown = rows[:size]
    found = {
        a.pk: a
        for a in for_lists(published.filter(id__in=[r[0] for r in shown]))
    }
    hits = [Hit(found[pk], highlight_html(title or found[pk].headline), highlight_html(snip or ""))
            for pk, _, title, snip in shown if pk in found]
    more = _cursor(shown[-1][1], shown[-1][0]) if len(rows) > size else None
    return Results(query=query, hits=hits, more=more)
