"""Template context every page gets."""

from typing import Any

from django.http import HttpRequest

from newsdesk import conf


def site(request: HttpRequest) -> dict[str, Any]:
    return {"site_name": conf.options().site.name}
