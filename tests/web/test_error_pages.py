"""Error pages render on their own, without the context a normal page gets."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client: Client) -> None:
    response = client.get("/articles/no-such-story/")
    assert response.status_code == 404
    assert "There is no published article at this address" in response.content.decode()


def test_server_error_page_renders_without_a_request() -> None:
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html
