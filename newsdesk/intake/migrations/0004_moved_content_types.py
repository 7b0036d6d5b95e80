# The content types of the models that moved into intake follow them.
#
# Permissions (and so the groups made by `newsdesk setup_roles`), admin log entries and
# anything else that names a model through its content type keep pointing at the same
# rows: only the content type's app_label changes, the way Django itself renames the
# content type of a renamed model. On a fresh database the content types do not exist
# yet (post_migrate makes them after every migration ran) and this does nothing.
#
# If a content type already exists under intake as well (a `migrate` stopped between
# the moves makes them through post_migrate), the old one is merged into it: the groups
# and users holding an old permission get the new one, log entries move, the old one goes.

from django.conf import settings
from django.db import migrations

MOVED = [
    ('sources', 'source'),
    ('sources', 'fetchattempt'),
    ('articles', 'story'),
    ('articles', 'sourceitem'),
    ('articles', 'storyband'),
]


def _merge(apps, db, old, new):
    Permission = apps.get_model('auth', 'Permission')
    Group = apps.get_model('auth', 'Group')
    LogEntry = apps.get_model('admin', 'LogEntry')
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for permission in Permission.objects.using(db).filter(content_type=old):
        twin = Permission.objects.using(db).filter(
            content_type=new, codename=permission.codename).first()
        if twin is None:
            permission.content_type = new
            permission.save(using=db, update_fields=['content_type'])
            continue
        for group in Group.objects.using(db).filter(permissions=permission):
            group.permissions.add(twin)
        for user in User.objects.using(db).filter(user_permissions=permission):
            user.user_permissions.add(twin)
        permission.delete()
    LogEntry.objects.using(db).filter(content_type=old).update(content_type=new)
    old.delete()


def _move(apps, schema_editor, moves):
    from django.contrib.contenttypes.models import ContentType as LiveContentType

    ContentType = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    for old_app, new_app, model in moves:
        old = ContentType.objects.using(db).filter(app_label=old_app, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.using(db).filter(app_label=new_app, model=model).first()
        if new is None:
            old.app_label = new_app
            old.save(using=db, update_fields=['app_label'])
        else:
            _merge(apps, db, old, new)
    # Both caches map (app_label, model) to rows that just changed.
    ContentType.objects.clear_cache()
    LiveContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _move(apps, schema_editor, [(app, 'intake', model) for app, model in MOVED])


def backwards(apps, schema_editor):
    _move(apps, schema_editor, [('intake', app, model) for app, model in MOVED])


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0003_take_over_source_items'),
        ('articles', '0009_source_items_move_to_intake'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('admin', '0003_logentry_add_action_flag_choices'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
