"""The three roles as Django groups, kept equal to this table on every migrate.

admin    — everything, including users and groups.
editor   — writes and publishes: articles, their attributions and summaries, sources.
reviewer — works the review queue: reads everything editorial, changes articles
           (approve / reject / edit), adds and deletes nothing.
A person also needs "staff status" to open the admin; the group decides what they may do there.
"""

from __future__ import annotations

import logging
from typing import Any

from django.apps import AppConfig, apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

log = logging.getLogger(__name__)

ALL = "__all__"

# role → {app_label.model: actions}
ROLES: dict[str, dict[str, tuple[str, ...]] | str] = {
    "admin": ALL,
    "editor": {
        "articles.article": ("view", "add", "change", "delete"),
        "articles.attribution": ("view", "add", "change", "delete"),
        "articles.summary": ("view", "change"),
        "intake.sourceitem": ("view", "change"),
        "intake.source": ("view", "add", "change"),
    },
    "reviewer": {
        "articles.article": ("view", "change"),
        "articles.attribution": ("view",),
        "articles.summary": ("view",),
        "intake.sourceitem": ("view",),
        "intake.source": ("view",),
    },
}


def permissions_for(role: str) -> list[Permission]:
    spec = ROLES[role]
    if spec == ALL:
        return list(Permission.objects.all())
    assert isinstance(spec, dict)
    wanted = Q(pk__in=[])
    for label, actions in spec.items():
        app_label, model = label.split(".")
        codenames = [f"{action}_{model}" for action in actions]
        wanted |= Q(content_type__app_label=app_label, content_type__model=model,
                    codename__in=codenames)
    return list(Permission.objects.filter(wanted))


def setup_roles() -> dict[str, int]:
    """Create or correct the groups; returns each role's permission count."""
    counts = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        permissions = permissions_for(role)
        group.permissions.set(permissions)
        counts[role] = len(permissions)
    log.debug("roles set up: %s", counts)
    return counts


def setup_roles_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """post_migrate is sent once per app that has models; act on the last of them, when
    every app's permissions exist."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender.label != with_models[-1].label or using != "default":
        return
    setup_roles()
