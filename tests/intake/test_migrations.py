"""Upgrading a database of the version before the intake app loses nothing.

The database is taken back to that version's migrations (its leaf nodes: articles 0008
and sources 0002, which intake 0001/0002 now replace) and recorded the way that version
recorded them. It holds what that version made: the demo sources ingested and
processed, a feed read twice, a failing source, a story of two outlets, articles in
review, rejected and waiting on a new version, run records, sections and tags, the role
groups and a group of the operator's own, an admin log entry and a queued task.
`newsdesk migrate` then brings it to today: every row of every table must still be there
with the same values and foreign keys, permissions must be the same rows, and every
page must render.

The rows are written by today's code before the schema goes back, not after: today's
models can only write today's schema, while migrating back keeps every row of the
tables the older version had. What the older version would have shown differently (the
content types' app labels, the tasks' import paths) is checked at the old state before
going forward, so the forward step starts from the old world, not from a copy of today.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.apps.registry import Apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.test import Client
from django_tasks_db.models import DBTaskResult

from newsdesk.articles import workflow
from newsdesk.articles.models import (
    Article,
    ArticleVersion,
    Attribution,
    ReviewAction,
    RunRecord,
    Section,
    Summary,
    Tag,
)
from newsdesk.articles.pipeline import process_item, regenerate
from newsdesk.articles.tasks import process_item_task
from newsdesk.cli.management.commands.demo import DEMO_SOURCES
from newsdesk.intake.models import FetchAttempt, Source, SourceItem, Story, StoryBand
from newsdesk.intake.services import ingest_target
from tests.loopback import Route, loopback_server
from tests.support.feeds import rss_feed
from tests.support.options import OptionsOverride
from tests.support.reports import RELEASE, REWORDED

pytestmark = pytest.mark.django_db(transaction=True)

INTAKE_0002 = "0002_source_check_interval_source_consecutive_failures_and_more"
# The leaf migrations of the version before intake, as the graph knows them now.
PREVIOUS = [("articles", "0008_source_item_teaser_hash"), ("intake", INTAKE_0002)]
# How that version recorded the two intake migrations that replace its own.
RECORDED_AS = {("intake", "0001_initial"): ("sources", "0001_initial"),
               ("intake", INTAKE_0002): ("sources", INTAKE_0002)}
# Models that changed app: their label in the old state, and now.
MOVED = {"articles.sourceitem": "intake.sourceitem", "articles.story": "intake.story",
         "articles.storyband": "intake.storyband"}
# Their content types before and after; Source and FetchAttempt came from `sources`.
CONTENT_TYPES = {("sources", "source"): ("intake", "source"),
                 ("sources", "fetchattempt"): ("intake", "fetchattempt"),
                 ("articles", "sourceitem"): ("intake", "sourceitem"),
                 ("articles", "story"): ("intake", "story"),
                 ("articles", "storyband"): ("intake", "storyband")}
OLD_TASK = "newsdesk.tasks.process_item_task"
NEW_TASK = "newsdesk.articles.tasks.process_item_task"
# A group an operator made by hand: setup_roles never touches it, so only the content
# type migration can keep its permissions right.
NIGHT_DESK = {("sources", "view_source"), ("sources", "view_fetchattempt"),
              ("articles", "change_sourceitem"), ("articles", "view_story")}
MOVED_NOW = {"sources": "intake", "articles": "intake"}  # the night desk's apps, now
# The fill must make at least one row of each, or the test proves little.
EVERY_KIND = [Source, FetchAttempt, SourceItem, Story, StoryBand, Article, Attribution, Summary,
              ArticleVersion, ReviewAction, RunRecord, Section, Tag, LogEntry, DBTaskResult]

Rows = dict[Any, dict[str, Any]]
Snapshot = dict[str, Rows]


# -- reading every table ---------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """One table of a model: its own, or one of its many-to-many tables."""

    model: str  # the model's label in the migration state it was read from
    name: str
    columns: list[str]
    key: str

    @property
    def label(self) -> str:
        return f"{self.model}:{self.name}"

    def rows(self) -> Rows:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(quote(c) for c in self.columns)} "
                           f"FROM {quote(self.name)}")
            return {row[self.columns.index(self.key)]: dict(zip(self.columns, row, strict=True))
                    for row in cursor.fetchall()}


def tables_of(model: type[Model]) -> list[Table]:
    meta = model._meta
    tables = [Table(meta.label_lower, meta.db_table,
                    [f.column for f in meta.local_concrete_fields], meta.pk.column)]
    for field in meta.local_many_to_many:
        through = field.remote_field.through._meta  # type: ignore[union-attr]
        tables.append(Table(meta.label_lower, through.db_table,
                            [f.column for f in through.local_concrete_fields], "id"))
    return tables


def every_table(state_apps: Apps) -> list[Table]:
    return [t for model in state_apps.get_models() for t in tables_of(model)]


def same_table_today(old: Table) -> Table:
    """Where an old table's rows live now, read by the old table's columns: the same
    table, since the moves changed only what Django knows."""
    model = django_apps.get_model(MOVED.get(old.model, old.model))
    assert old.name in {t.name for t in tables_of(model)}, f"{old.label} has no table now"
    return Table(model._meta.label_lower, old.name, old.columns, old.key)


def lost_or_changed(before: Snapshot, after_rows: dict[str, Rows],
                    expected: dict[tuple[str, Any, str], Any]) -> list[str]:
    """Rows of ``before`` missing from ``after_rows`` or with another value in a column
    they had (new columns and new rows are allowed). ``expected`` lists the changes the
    upgrade is meant to make: (table key, row key, column) -> the new value."""
    problems = []
    for key, rows in before.items():
        now = after_rows[key]
        for row_key, row in rows.items():
            if row_key not in now:
                problems.append(f"{key}: row {row_key} is gone")
                continue
            for column, value in row.items():
                want = expected.get((key, row_key, column), value)
                if now[row_key][column] != want:
                    problems.append(f"{key}: row {row_key} {column} was {value!r}, "
                                    f"wanted {want!r}, is {now[row_key][column]!r}")
    return problems


# -- what the old version made ---------------------------------------------------------


@dataclass
class Made:
    editor: User
    story_article: Article
    in_review: Article
    rejected: Article
    waiting: Article


def write_release(folder: Path, name: str, title: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"Title: {title}\n\n{text}", encoding="utf-8")
    return folder


def fill(tmp_path: Path, options: OptionsOverride) -> Made:
    """Everything the previous version's `newsdesk demo`, its editors and its operators
    leave in a database."""
    # That version had no fediverse channel, whose tasks would join the queue it left.
    options.set(NEWSDESK_AP_ENABLED=False)
    ContentType.objects.clear_cache()
    editor = User.objects.create_user("desk", "desk@example.org", "pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    night = Group.objects.create(name="night desk")
    night.permissions.set([Permission.objects.get(content_type__app_label=MOVED_NOW[app],
                                                  codename=codename)
                            for app, codename in NIGHT_DESK])

    call_command("ingest", str(DEMO_SOURCES), quiet=True)
    with loopback_server({"/feed.xml": Route(rss_feed(3, seed=41), etag='"v1"', headers={
            "Content-Type": "application/rss+xml"})}) as server:
        assert ingest_target(server.url("/feed.xml")).counts["new"] == 3
        assert ingest_target(server.url("/feed.xml")).not_modified
    assert ingest_target(str(tmp_path / "gone")).fatal
    herald = write_release(tmp_path / "herald", "budget.txt", "County budget approved", RELEASE)
    wire = write_release(tmp_path / "wire", "budget.txt", "Harlow budget passes", REWORDED)
    ingest_target(str(herald), outlet="Harlow Herald")
    ingest_target(str(wire), outlet="County Wire")
    call_command("process", quiet=True)

    story = Story.objects.get()
    story_article = Article.objects.get(source_item__story=story)
    assert story_article.attributions.count() == 2

    options.set(NEWSDESK_AUTO_PUBLISH=False)
    held = tmp_path / "held"
    write_release(held, "pier.txt", "Pier reopens",
                  "The Vessbridge pier reopens on 2 June after repairs costing 1.2 million. "
                  "The harbour master said boats may moor there from the same day.")
    write_release(held, "ferry.txt", "Ferry fares rise",
                  "Ferry fares between Sorrel and Skellan rise by 40 cents from March. "
                  "The operator said fuel now costs a third more than last year.")
    ingest_target(str(held))
    for item in SourceItem.objects.filter(status=SourceItem.Status.PENDING):
        process_item(item.pk)
    in_review = Article.objects.get(source_item__title="Pier reopens")
    rejected = workflow.reject(Article.objects.get(source_item__title="Ferry fares rise"),
                               editor, note="Not our patch")
    live = Article.objects.published().exclude(pk=story_article.pk).order_by("id").first()
    assert live is not None
    waiting = regenerate(live, editor)
    assert in_review.status == Article.Status.REVIEW and waiting.pending_version_id

    source = Source.objects.get(location=str(DEMO_SOURCES))
    LogEntry.objects.create(user=editor, content_type=ContentType.objects.get_for_model(Source),
                            object_id=str(source.pk), object_repr=str(source),
                            action_flag=CHANGE, change_message="Checked now")
    process_item_task.enqueue(story_article.source_item_id)
    return Made(editor, story_article, in_review, rejected, waiting)


# -- going back, and forward -----------------------------------------------------------


@pytest.fixture
def at_the_end_fully_migrated() -> Iterator[None]:
    """Whatever happens, the next test finds the database migrated to today."""
    yield
    MigrationRecorder(connection).ensure_schema()
    call_command("migrate", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()


def back_to_the_previous_version() -> Apps:
    """Migrate back to the previous leaf nodes and record them as that version did;
    returns the old state's models."""
    MigrationExecutor(connection).migrate(PREVIOUS)
    recorder = MigrationRecorder(connection)
    for now, then in RECORDED_AS.items():
        recorder.record_unapplied(*now)
        if then not in recorder.applied_migrations():
            recorder.record_applied(*then)
    ContentType.objects.clear_cache()
    loader = MigrationExecutor(connection).loader
    applied = [key for key in loader.applied_migrations if key in loader.graph.nodes]
    assert PREVIOUS[0] in applied and PREVIOUS[1] in applied
    return loader.project_state(applied).apps


def test_upgrade_keeps_every_row_and_every_page(
    tmp_path: Path, options: OptionsOverride, at_the_end_fully_migrated: None
) -> None:
    made = fill(tmp_path, options)
    for model in EVERY_KIND:
        assert model.objects.exists(), f"the fill made no {model.__name__}"  # type: ignore[attr-defined]

    old_apps = back_to_the_previous_version()

    # The old world, as the previous version left it.
    old_types = {(ct.app_label, ct.model): ct.pk for ct in ContentType.objects.all()}
    assert set(CONTENT_TYPES) <= set(old_types)
    assert not {key for key in old_types if key[0] == "intake"}
    assert {(p.content_type.app_label, p.codename)
            for p in Group.objects.get(name="night desk").permissions.all()} == NIGHT_DESK
    assert ("sources", "add_source") in {(p.content_type.app_label, p.codename) for p in
                                         Group.objects.get(name="editor").permissions.all()}
    # `process` ran its tasks through the queue, and one more waits there.
    assert set(DBTaskResult.objects.values_list("task_path", flat=True)) == {OLD_TASK}
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    old_tables = every_table(old_apps)
    before = {t.label: t.rows() for t in old_tables}
    groups_before = {g.name: set(g.permissions.values_list("pk", flat=True))
                     for g in Group.objects.all()}

    call_command("migrate", interactive=False, verbosity=0)  # what `newsdesk migrate` runs
    ContentType.objects.clear_cache()
    cache.clear()

    # Nothing left to apply, and nothing lost or altered but the intended renames.
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    after = {t.label: same_table_today(t).rows() for t in old_tables}
    type_table = "contenttypes.contenttype:django_content_type"
    task_table = next(k for k in before if k.endswith(":django_tasks_database_dbtaskresult"))
    expected: dict[tuple[str, Any, str], Any] = {
        (type_table, old_types[old], "app_label"): new[0] for old, new in CONTENT_TYPES.items()}
    expected.update({(task_table, key, "task_path"): NEW_TASK for key in before[task_table]})
    assert lost_or_changed(before, after, expected) == []

    # The moved models kept their content types, so every permission is the same row.
    for old, new in CONTENT_TYPES.items():
        assert ContentType.objects.get_by_natural_key(*new).pk == old_types[old]
        assert not ContentType.objects.filter(app_label=old[0], model=old[1]).exists()
    # No group lost a permission; the roles below admin hold exactly what they held.
    # (admin may gain some: setup_roles runs before the last app's permissions exist on
    # the first migrate, and completes "everything" on the next.)
    groups_after = {g.name: set(g.permissions.values_list("pk", flat=True))
                    for g in Group.objects.all()}
    assert {name: sorted(Permission.objects.filter(pk__in=ids - groups_after[name])
                         .values_list("content_type__app_label", "codename"))
            for name, ids in groups_before.items() if ids - groups_after[name]} == {}
    assert {name: ids for name, ids in groups_after.items() if name != "admin"} == {
        name: ids for name, ids in groups_before.items() if name != "admin"}
    assert {(p.content_type.app_label, p.codename) for p in
            Group.objects.get(name="night desk").permissions.all()} == {
        (MOVED_NOW[app], codename) for app, codename in NIGHT_DESK}
    assert made.editor.has_perm("intake.add_source")
    assert LogEntry.objects.get().get_edited_object() == Source.objects.get(
        location=str(DEMO_SOURCES))
    assert DBTaskResult.objects.get(status="READY").task.func is process_item_task.func

    # Foreign keys lead where they did, through today's models.
    story_article = Article.objects.get(pk=made.story_article.pk)
    assert {a.source_item.source.outlet for a in story_article.attributions.all()} == {
        "Harlow Herald", "County Wire"}
    assert story_article.source_item.story is not None
    assert {i.source.outlet for i in story_article.source_item.story.items.all()} == {
        "Harlow Herald", "County Wire"}
    waiting = Article.objects.get(pk=made.waiting.pk)
    assert waiting.pending_version is not None and waiting.pending_version.article == waiting
    assert Article.objects.get(pk=made.rejected.pk).status == Article.Status.REJECTED

    pages_render(made)
    still_takes_new_rows(tmp_path)


def pages_render(made: Made) -> None:
    client = Client()
    published = list(Article.objects.published())
    assert published
    assert client.get("/").status_code == 200
    for article in published:
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200 and article.headline in page.content.decode()
        assert client.get(f"/api/articles/{article.slug}/").json()["headline"] == (
            article.headline)
    section = next(a.section for a in published if a.section is not None)
    tag = next(t for a in published for t in a.tags.all())
    for url in ("/feeds/rss.xml", "/feeds/atom.xml", f"/sections/{section.slug}/",
                f"/feeds/sections/{section.slug}/rss.xml", f"/tags/{tag.slug}/",
                "/sitemap.xml", "/sitemap-news.xml", "/search/?q=budget", "/api/articles/",
                "/api/sources/", f"{published[0].get_absolute_url()[:-1]}.json"):
        assert client.get(url).status_code == 200, url
    assert client.get(made.in_review.get_absolute_url()).status_code == 404

    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    item = made.story_article.source_item
    for url in ("/admin/intake/source/", "/admin/intake/fetchattempt/",
                f"/admin/intake/sourceitem/{item.pk}/change/",
                f"/admin/articles/article/{made.waiting.pk}/change/",
                "/admin/articles/article/?queue=waiting", "/admin/operations/"):
        assert client.get(url).status_code == 200, url


def still_takes_new_rows(tmp_path: Path) -> None:
    """Sequences and constraints survived: new rows get fresh ids after the old ones."""
    newest = SourceItem.objects.order_by("-pk").values_list("pk", flat=True).first()
    folder = write_release(tmp_path / "after", "tram.txt", "Tram line extended",
                          "The Oldmere tram line gains three stops in September, the "
                          "transport office said on Friday.")
    assert ingest_target(str(folder)).counts["new"] == 1
    item = SourceItem.objects.get(title="Tram line extended")
    assert newest is not None and item.pk > newest
    article = process_item(item.pk)
    assert article is not None and article.status == Article.Status.REVIEW  # auto-publish off


def test_the_comparison_catches_a_lost_row_and_a_changed_value() -> None:
    before: Snapshot = {"t:x": {1: {"id": 1, "a": "one"}, 2: {"id": 2, "a": "two"}}}
    assert lost_or_changed(before, {"t:x": {1: {"id": 1, "a": "one"}}}, {}) == [
        "t:x: row 2 is gone"]
    changed = {"t:x": {1: {"id": 1, "a": "one"}, 2: {"id": 2, "a": "TWO"}}}
    assert lost_or_changed(before, changed, {}) == [
        "t:x: row 2 a was 'two', wanted 'two', is 'TWO'"]
    assert lost_or_changed(before, changed, {("t:x", 2, "a"): "TWO"}) == []
    grown = {"t:x": {**before["t:x"], 3: {"id": 3, "a": "three"}}}
    assert lost_or_changed(before, grown, {}) == []


def test_a_content_type_made_twice_is_merged_into_the_new_one(
    at_the_end_fully_migrated: None
) -> None:
    """A `migrate` stopped between the moves lets post_migrate make the intake content
    types (and their permissions) beside the old ones; the next migrate merges them."""
    back_to_the_previous_version()
    old = ContentType.objects.get_by_natural_key("sources", "source")
    twin = ContentType.objects.create(app_label="intake", model="source")
    view_twin = Permission.objects.create(content_type=twin, codename="view_source",
                                          name="Can view source")
    old_view = Permission.objects.get(content_type=old, codename="view_source")
    old_add = Permission.objects.get(content_type=old, codename="add_source")
    night = Group.objects.create(name="night desk")
    night.permissions.set([old_view, old_add])
    user = User.objects.create_user("late", "late@example.org", "pw")
    user.user_permissions.add(old_view)
    entry = LogEntry.objects.create(user=user, content_type=old, object_id="1",
                                    object_repr="a source", action_flag=CHANGE)

    call_command("migrate", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()

    assert not ContentType.objects.filter(app_label="sources").exists()
    assert ContentType.objects.get_by_natural_key("intake", "source").pk == twin.pk
    assert set(night.permissions.values_list("pk", "content_type_id")) == {
        (view_twin.pk, twin.pk), (old_add.pk, twin.pk)}  # the twin's, and one moved over
    assert list(user.user_permissions.values_list("pk", flat=True)) == [view_twin.pk]
    entry.refresh_from_db()
    assert entry.content_type_id == twin.pk
    assert User.objects.get(pk=user.pk).has_perm("intake.view_source")
