"""What an article is written from: its story's items as the writer's source documents,
and the one article a story gets.

Matching reports into stories is intake's job (``intake.stories``); this is the article's
side of a story, so intake never needs to know that articles exist.
"""

from __future__ import annotations

from newsdesk.articles.models import Article
from newsdesk.intake.models import SourceItem, Story
from newsdesk.intake.stories import connection_locks
from newsdesk.llm.base import SourceDocument


def documents(items: list[SourceItem]) -> list[SourceDocument]:
    return [SourceDocument(label=i.label, url=i.url, title=i.title, text=i.text) for i in items]


def story_article(item: SourceItem, *, lock: bool = True) -> Article | None:
    """The article already written for the item's story (or for the item itself), locked
    for this transaction (unless ``lock`` is off, for a read outside one) so two workers
    never write two articles for one story."""
    if lock and item.story_id is not None and connection_locks():
        Story.objects.select_for_update().filter(pk=item.story_id).first()
    if item.story_id is None:
        return item.articles.first()
    return (
        Article.objects.filter(source_item__story_id=item.story_id).order_by("id").first()
        or item.articles.first()
    )
