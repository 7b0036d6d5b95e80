# The django-tasks wrappers moved from newsdesk.tasks to newsdesk.articles.tasks.
#
# django-tasks' database backend stores each queued task as the dotted path of its
# function, and a worker imports that path when it runs the row; rows queued by an
# older version would no longer import. They are renamed here, in both directions.
# (ingest_target_task had no caller and is gone; a row naming it cannot run either way.)

from django.db import migrations

RENAMED = [
    ('newsdesk.tasks.process_item_task', 'newsdesk.articles.tasks.process_item_task'),
    ('newsdesk.tasks.refresh_source_task', 'newsdesk.articles.tasks.refresh_source_task'),
]


def _rename(apps, schema_editor, pairs):
    DBTaskResult = apps.get_model('django_tasks_database', 'DBTaskResult')
    rows = DBTaskResult.objects.using(schema_editor.connection.alias)
    for old, new in pairs:
        rows.filter(task_path=old).update(task_path=new)


def forwards(apps, schema_editor):
    _rename(apps, schema_editor, RENAMED)


def backwards(apps, schema_editor):
    _rename(apps, schema_editor, [(new, old) for old, new in RENAMED])


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0009_source_items_move_to_intake'),
        ('django_tasks_database', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
