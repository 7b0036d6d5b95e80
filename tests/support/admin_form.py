"""Submit a Django admin change form as a browser would: every field it shows, with the
values it shows, changed only where the test says."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.test import Client


class _Fields(HTMLParser):
    """The successful controls of the page's admin form (``<form id="…_form">``)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form or (not a.get("name") and tag != "option"):
            return
        name = a.get("name", "")
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.setdefault(name, []).append(a.get("value", "on" if kind ==
                                                          "checkbox" else ""))
        elif tag == "select":
            self._select = name
            self.fields.setdefault(name, [])
        elif tag == "option" and self._select is not None and "selected" in a:
            self.fields[self._select].append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = [""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            # The parser unescapes entities; a textarea's first newline is not content.
            text = self.fields[self._textarea][0] + data
            self.fields[self._textarea] = [text.removeprefix("\n")]


def submit(client: Client, url: str, **changes: Any) -> Any:
    """GET the admin form at ``url``, apply ``changes`` (field name → value) and POST it."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    parser = _Fields()
    parser.feed(page.content.decode())
    data: dict[str, Any] = {name: values if len(values) != 1 else values[0]
                            for name, values in parser.fields.items()}
    data.update(changes)
    return client.post(url, data)
