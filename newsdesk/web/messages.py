"""Django's message middleware, with the message storage made on first use.

The stock middleware builds a fallback storage (a cookie storage with its signer, and a
session storage) on every request, though a public page, the search page or the API never
adds or shows a message. Here the storage is made only when something touches
``request._messages``; when nothing did, no message was read or added, so there is
nothing to save and the response goes out as the stock middleware would send it.
"""

from __future__ import annotations

from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty


class LazyMessageMiddleware(MessageMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        request._messages = SimpleLazyObject(  # type: ignore[attr-defined]
            lambda: default_storage(request))

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        storage = request.__dict__.get("_messages")
        if isinstance(storage, SimpleLazyObject) and storage.__dict__["_wrapped"] is empty:
            return response  # never used: nothing read, nothing added
        return super().process_response(request, response)
