"""Ingest → process → publish on a fresh database, through the real task queue."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from newsdesk.articles.models import Article, Summary
from newsdesk.articles.pipeline import process_item
from newsdesk.cli.management.commands.demo import DEMO_SOURCES
from newsdesk.intake.models import SourceItem
from newsdesk.intake.services import ingest_target

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_sources_are_at_least_twelve_items() -> None:
    assert len(list(DEMO_SOURCES.glob("*.txt"))) >= 12


def test_ingest_is_idempotent() -> None:
    first = ingest_target(str(DEMO_SOURCES))
    count = len(list(DEMO_SOURCES.glob("*.txt")))
    assert first.counts["new"] == count and not first.errors and not first.fatal
    again = ingest_target(str(DEMO_SOURCES))
    assert again.counts["new"] == 0 and again.counts["unchanged"] == count
    assert SourceItem.objects.count() == count


def test_process_publishes_attributed_summarized_articles() -> None:
    ingest_target(str(DEMO_SOURCES))
    call_command("process", quiet=True)
    items = SourceItem.objects.all()
    assert all(item.status == SourceItem.Status.DONE for item in items)
    published = list(Article.objects.published())
    assert len(published) == items.count()
    for article in published:
        assert article.guard_passed, article.guard_problems
        assert article.extractive and article.made_by == "offline"
        assert article.prompt_version
        label = article.attributions.get().label
        assert all(f"[Source: {label}]" in p for p in article.paragraphs)
        lengths = set(article.summaries.values_list("length", flat=True))
        assert lengths == {"short", "standard", "long"}
    assert Summary.objects.filter(length="short").count() == len(published)


def test_processing_twice_does_nothing_twice() -> None:
    ingest_target(str(DEMO_SOURCES))
    call_command("process", quiet=True)
    before = Article.objects.count()
    call_command("process", quiet=True)
    first_item = SourceItem.objects.first()
    assert first_item is not None
    assert process_item(first_item.pk) is None  # already done: not claimed again
    assert Article.objects.count() == before


def test_changed_source_rewrites_the_same_article(tmp_path: Path) -> None:
    release = tmp_path / "release.txt"
    release.write_text("Title: Port opens new berth\nGUID: berth\n\n"
                       "The port of Skellan opened berth No. 7 on Monday at a cost of $40m.\n")
    ingest_target(str(tmp_path))
    call_command("process", quiet=True)
    article = Article.objects.get()
    release.write_text("Title: Port opens new berth\nGUID: berth\n\n"
                       "The port of Skellan opened berth No. 7 on Monday at a cost of $42m.\n")
    report = ingest_target(str(tmp_path))
    assert report.counts["updated"] == 1
    call_command("process", quiet=True)
    article.refresh_from_db()
    assert Article.objects.count() == 1
    assert "$42m" in article.body and "$40m" not in article.body
    assert "$42m" in article.summaries.get(length="standard").text


def test_bad_files_are_named_and_the_rest_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Title: Ferry timetable changes\n\n"
                                        "Ferries to Orrin will leave at 07:15 from 3 March.\n")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff\xfe" * 50)
    (tmp_path / "broken.json").write_text('{"title": "Half a record", ')
    report = ingest_target(str(tmp_path))
    assert report.counts["new"] == 1
    assert not report.fatal
    joined = "\n".join(report.errors)
    for name in ("empty.txt", "binary.txt", "broken.json"):
        assert name in joined
    assert SourceItem.objects.count() == 1


def test_missing_path_is_a_clear_failure(tmp_path: Path) -> None:
    report = ingest_target(str(tmp_path / "nowhere"))
    assert report.fatal and "nowhere" in report.fatal
