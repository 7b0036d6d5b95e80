"""The editorial workflow: draft → review → published (or rejected), with versions.

Every change of an article's text is snapshotted as an ArticleVersion with its guard
verdict; every editor action is a ReviewAction. One rule matters above the others: a
rewrite that fails the guard never replaces what readers see. A failing update of a
published article waits as ``pending_version`` while the last good text stays live.

Every function here that changes an article watches it (``announce.watch``), so that
once the transaction commits readers' outputs get the publication event
(``articles.events``) the change amounts to. This module is its only sender: a change
made around it reaches no page, cache, search index or channel.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypedDict

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from newsdesk import conf
from newsdesk.articles import sourcing
from newsdesk.articles.announce import watch
from newsdesk.articles.labels import apply_labels
from newsdesk.articles.models import (
    Article,
    ArticleVersion,
    Attribution,
    ReviewAction,
    Section,
    Tag,
)
from newsdesk.articles.slugs import save_with_unique_slug
from newsdesk.articles.summaries import make_summaries
from newsdesk.editorial.rewrite.checks import Checked, check_against
from newsdesk.intake.models import SourceItem
from newsdesk.intake.stories import story_items

logger = logging.getLogger(__name__)

User = AbstractBaseUser | Any  # request.user: a user model instance (or AnonymousUser)


class Meta(TypedDict):
    """Who wrote a text, carried from a rewrite into its version and the article."""

    made_by: str
    model_name: str
    prompt_version: str
    extractive: bool


def check_article(article: Article) -> Checked:
    """The guard for an editor's edit, against the text of every item the article cites
    (its own item when it cites none): the rules only. The classifier learnt what models
    invent; an editor's own wording is theirs to answer for, and a false alarm here
    would hold a correction of a live article back."""
    attributions = list(article.attributions.select_related("source_item__source"))
    members = [a.source_item for a in attributions] or [article.source_item]
    return check_against(article.headline, article.paragraphs, sourcing.documents(members),
                         labels={a.label for a in attributions} or None, judge=False)


def snapshot(article: Article, reason: str, checked: Checked, *, made_by: str,
             model_name: str = "", prompt_version: str = "", extractive: bool = False,
             user: User | None = None, note: str = "") -> ArticleVersion:
    """Store the next version number of ``article`` with its text and verdict."""
    last = article.versions.aggregate(n=Max("number"))["n"] or 0
    return ArticleVersion.objects.create(
        article=article, number=last + 1, headline=checked.headline, body=checked.body,
        made_by=made_by[:100], model_name=model_name[:200], prompt_version=prompt_version[:50],
        extractive=extractive, guard_passed=checked.passed,
        guard_problems=list(checked.problems), guard_score=checked.score, reason=reason, note=note,
        created_by=_user(user),
    )


def record(article: Article, action: str, *, user: User | None = None,
           version: ArticleVersion | None = None, note: str = "") -> ReviewAction:
    return ReviewAction.objects.create(article=article, action=action, user=_user(user),
                                       version=version, note=note)


def _user(user: User | None) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _problem_note(checked: Checked) -> str:
    return "; ".join(f"{p['kind']}: {p['message']}" for p in checked.problems)[:2000]


def apply_rewrite(item: SourceItem, checked: Checked, *, made_by: str, model_name: str,
                  prompt_version: str, extractive: bool, reason: str,
                  user: User | None = None, allow_publish: bool = True,
                  story: list[SourceItem] | None = None) -> Article:
    """Store a new rewrite of ``item`` (drawn from every item of its ``story``): a new
    article, a new text for one not yet published, or — for a published one — a live
    update (only if it passes) or a pending version in review (the live text stays).
    A story has one article, citing each outlet."""
    members = story or [item]
    auto = allow_publish and checked.passed and conf.options().workflow.auto_publish
    meta = Meta(made_by=made_by, model_name=model_name, prompt_version=prompt_version,
                extractive=extractive)
    with transaction.atomic():
        existing = sourcing.story_article(item)
        article = existing or Article(source_item=item)
        watch(article)
        if existing is not None and existing.status == Article.Status.PUBLISHED:
            kind = ArticleVersion.Reason.SOURCE_UPDATE if reason == "rewrite" else reason
            version = snapshot(existing, kind, checked, user=user, **meta)
            if auto:
                go_live(existing, version, change=Article.Change.UPDATE,
                        note="This article was updated after its source changed.")
                record(existing, ReviewAction.Action.AUTO_PUBLISH, version=version)
            else:
                existing.pending_version = version
                existing.save(update_fields=["pending_version", "updated_at"])
                record(existing, ReviewAction.Action.TO_REVIEW, version=version,
                       note=_problem_note(checked) or "auto-publish is off")
            return existing
        _copy(article, checked, meta)
        article.pending_version = None
        if article.pk is None:
            save_with_unique_slug(article)
        else:
            article.save()
        attribute(article, members)
        apply_labels(article, item.labels)
        version = snapshot(article, reason, checked, user=user, **meta)
        if auto:
            publish(article)
            record(article, ReviewAction.Action.AUTO_PUBLISH, version=version)
        else:
            # Not safe to show (or not allowed to go out alone): an editor decides.
            article.status = Article.Status.REVIEW
            article.save(update_fields=["status", "updated_at"])
            record(article, ReviewAction.Action.TO_REVIEW, version=version,
                   note=_problem_note(checked) or "auto-publish is off")
    return article


def _copy(article: Article, checked: Checked, meta: Meta) -> None:
    article.headline = checked.headline
    article.body = checked.body
    article.made_by = str(meta["made_by"])[:100]
    article.model_name = str(meta["model_name"])[:200]
    article.prompt_version = str(meta["prompt_version"])[:50]
    article.extractive = bool(meta["extractive"])
    article.guard_passed = checked.passed
    article.guard_problems = list(checked.problems)
    article.guard_score = checked.score


def go_live(article: Article, version: ArticleVersion, *, change: str = "", note: str = "") -> None:
    """Make ``version`` the text readers see, marking the change on the page (inside the
    caller's transaction)."""
    watch(article)
    checked = Checked(version.headline, tuple(version.paragraphs),
                      tuple(version.guard_problems), version.guard_score)
    _copy(article, checked, Meta(made_by=version.made_by, model_name=version.model_name,
                                 prompt_version=version.prompt_version,
                                 extractive=version.extractive))
    article.guard_passed = version.guard_passed
    article.pending_version = None
    if change:
        article.change_kind, article.change_note = change, note
        article.changed_at = timezone.now()
    article.save()
    # The live text may now draw on outlets that joined the story since: cite them all.
    attribute(article, story_items(article.source_item))
    publish(article)  # makes the summaries of the new text, once


def publish(article: Article, *, when: datetime | None = None) -> Article:
    """Make an article public now (or at ``when``, an embargo) with its summaries in the
    same transaction, so no reader ever sees it without them."""
    with transaction.atomic():
        watch(article)
        article.status = Article.Status.PUBLISHED
        article.published_at = article.published_at or when or timezone.now()
        article.save(update_fields=["status", "published_at", "updated_at"])
        make_summaries(article)
    return article


def attribute(article: Article, members: list[SourceItem]) -> None:
    """Cite each item the article draws on, in the order the story first saw them."""
    article.attributions.all().delete()
    Attribution.objects.bulk_create([
        Attribution(article=article, source_item=member, label=member.label, url=member.url,
                    position=position)
        for position, member in enumerate(members)
    ])


def approve(article: Article, user: User | None, note: str = "") -> Article:
    """An editor's yes: publish the article, or its pending version over the live text."""
    with transaction.atomic():
        watch(article)
        pending = article.pending_version
        if pending is not None:
            correction = pending.reason == ArticleVersion.Reason.CORRECTION
            go_live(article, pending,
                    change=Article.Change.CORRECTION if correction else Article.Change.UPDATE,
                    note=pending.note or "This article was updated.")
        else:
            publish(article)
        record(article, ReviewAction.Action.APPROVE, user=user, version=pending, note=note)
    return article


def reject(article: Article, user: User | None, note: str = "") -> Article:
    """An editor's no: drop a pending version (the live text stays) or reject the article."""
    with transaction.atomic():
        watch(article)
        pending = article.pending_version
        if pending is not None:
            article.pending_version = None
            article.save(update_fields=["pending_version", "updated_at"])
        else:
            article.status = Article.Status.REJECTED
            article.save(update_fields=["status", "updated_at"])
        record(article, ReviewAction.Action.REJECT, user=user, version=pending, note=note)
    return article


def edit(article: Article, user: User | None) -> Checked:
    """An editor changed headline/body (already set on ``article``, not yet saved): re-run
    the guard. A published article whose edit fails keeps its live text; the edit waits."""
    checked = check_article(article)
    with transaction.atomic():
        live = Article.objects.select_for_update().get(pk=article.pk)
        watch(article)
        meta = Meta(made_by=f"editor:{getattr(user, 'username', '') or 'unknown'}",
                    model_name="", prompt_version=article.prompt_version, extractive=False)
        reason = (ArticleVersion.Reason.CORRECTION
                  if article.change_kind == Article.Change.CORRECTION
                  else ArticleVersion.Reason.EDIT)
        version = snapshot(article, reason, checked, user=user, note=article.change_note,
                           **meta)
        if live.status == Article.Status.PUBLISHED and not checked.passed:
            # Keep serving the last good text; the failed edit waits for another look.
            article.headline, article.body = live.headline, live.body
            article.change_kind, article.change_note = live.change_kind, live.change_note
            article.guard_passed, article.guard_problems = live.guard_passed, live.guard_problems
            article.guard_score = live.guard_score
            article.pending_version = version
            article.save()
        else:
            _copy(article, checked, meta)
            if live.status == Article.Status.PUBLISHED and article.change_kind and (
                article.change_note != live.change_note or article.change_kind != live.change_kind
            ):
                article.changed_at = timezone.now()
            article.save()
            if article.status == Article.Status.PUBLISHED:
                # An edited body must never be shown with the summary of the old one.
                make_summaries(article)
        record(article, ReviewAction.Action.EDIT, user=user, version=version,
               note=_problem_note(checked))
    return checked


@contextmanager
def changing(article: Article) -> Iterator[Article]:
    """An editor's change to anything but the text, made inside this block: the admin
    form's address, time, section, tags and sources (or a new article it adds). Saved as
    given; after commit readers get what it amounted to. The text goes through ``edit``,
    which runs the guard."""
    with transaction.atomic():
        watch(article)
        yield article


def delete(articles: Iterable[Article]) -> int:
    """Delete articles for good (the admin's delete); those that were released are
    withdrawn from every page, feed and index once the deletion commits."""
    count = 0
    with transaction.atomic():
        for article in articles:
            watch(article)
            article.delete()
            count += 1
    return count


@contextmanager
def relabelling(labels: Iterable[Section | Tag]) -> Iterator[None]:
    """Sections or tags renamed, re-addressed or deleted inside this block: every
    released article filed under one shows it, so each is watched like any change."""
    with transaction.atomic():
        for label in labels:
            if label.pk is None:
                continue  # a new label: nothing is filed under it yet
            filed = (Article.objects.released().filter(section=label)
                     if isinstance(label, Section)
                     else Article.objects.released().filter(tags=label))
            for article in filed.order_by("id"):
                watch(article)
        yield
