"""``/websub/callback/<id>/``: where hubs verify our subscriptions (GET) and push content
(POST). No cookies, no CSRF token: a hub is no browser, and every push is checked
against the subscription's own secret instead."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from newsdesk.channels.websub import pushes, subscribing
from newsdesk.channels.websub.tasks import enqueue_ingest


def _text(status: int, text: str) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def callback(request: HttpRequest, subscription_id: int) -> HttpResponse:
    if request.method == "GET":
        status, text = subscribing.confirm(subscription_id, request.GET.dict())
        return _text(status, text)
    remote = str(request.META.get("REMOTE_ADDR", ""))
    try:
        body = request.body
    except RequestDataTooBig:
        size = int(request.META.get("CONTENT_LENGTH") or 0)
        answer = pushes.refuse_too_large(subscription_id, size, remote)
        return _text(answer.status, answer.text)
    answer = pushes.receive(
        subscription_id, body, signature=request.headers.get("X-Hub-Signature", ""),
        content_type=request.headers.get("Content-Type", ""),
        links=request.headers.get("Link", ""), remote_addr=remote)
    if answer.push_id is not None:
        push_id = answer.push_id
        transaction.on_commit(lambda: enqueue_ingest(push_id))
    return _text(answer.status, answer.text)
