"""The inbox: what another server may POST, and the checks before anything changes.

In order, each a refusal that changes nothing: a body over NEWSDESK_AP_MAX_BODY_BYTES
(413, read no further); no valid HTTP Signature — unsigned, malformed, not covering
``(request-target) host date digest``, a Date more than NEWSDESK_AP_SIGNATURE_MAX_AGE
seconds off (a replay), a Digest that is not the body's (401); a body that is not an
activity (400); a key that cannot be had or does not verify, or an activity whose
``actor`` is not the key's owner (401). Only then is the activity acted on: ``Follow``
of one of our actors (stored, and an ``Accept`` queued for delivery), ``Undo`` of such a
Follow (the follower removed). Everything else — replies, likes, boosts, deletes — is
acknowledged with 202 and dropped: nothing from outside is stored but followers.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from newsdesk import conf
from newsdesk.channels.activitypub import actors, delivery, objects, remote
from newsdesk.channels.activitypub.models import Follower, RemoteKey
from newsdesk.channels.activitypub.signatures import (
    SignatureError,
    SignatureParams,
    check_date,
    check_digest,
    check_shape,
    parse_signature,
    verify_signature,
)
from newsdesk.channels.activitypub.tasks import enqueue_delivery

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Refusal(Exception):
    status: int
    reason: str


def _read_capped(request: HttpRequest, cap: int) -> bytes:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Refusal(400, "Content-Length is not a number") from None
    if declared > cap:
        raise Refusal(413, f"the body is over {cap} bytes")
    body = request.read(cap + 1)
    if len(body) > cap:
        raise Refusal(413, f"the body is over {cap} bytes")
    return body


def _headers(request: HttpRequest) -> dict[str, str]:
    """The request's headers by lower-case name, as the sender signed them."""
    headers = {name.lower(): value for name, value in request.headers.items()}
    headers["host"] = request.META.get("HTTP_HOST", "")
    return headers


def _target(request: HttpRequest) -> str:
    query = request.META.get("QUERY_STRING", "")
    return request.path + (f"?{query}" if query else "")


def _signature(request: HttpRequest, headers: dict[str, str], body: bytes) -> SignatureParams:
    value = headers.get("signature")
    if not value:
        raise Refusal(401, "unsigned")
    try:
        params = parse_signature(value)
        check_shape(params)
        check_date(headers.get("date", ""), timezone.now(),
                   conf.options().activitypub.signature_max_age)
        check_digest(headers.get("digest", ""), body)
    except SignatureError as exc:
        raise Refusal(401, str(exc)) from exc
    return params


def _activity(body: bytes) -> dict[str, Any]:
    try:
        activity = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Refusal(400, "the body is not JSON") from None
    if not isinstance(activity, dict):
        raise Refusal(400, "the body is not a JSON object")
    if not isinstance(activity.get("type"), str) or not isinstance(activity.get("actor"), str):
        raise Refusal(400, "an activity needs a type and an actor id")
    return activity


def _verified_key(params: SignatureParams, request: HttpRequest,
                  headers: dict[str, str]) -> RemoteKey:
    """The sender's key once it verifies the signature; a failure with a kept key fetches
    the key again once (it may have been rotated)."""
    refreshed = False
    while True:
        try:
            key = remote.key(params.key_id, refresh=refreshed)
        except remote.RemoteError as exc:
            raise Refusal(401, f"the key could not be had: {exc}") from exc
        try:
            verify_signature(params, request.method or "POST", _target(request), headers,
                             key.public_pem)
            return key
        except SignatureError as exc:
            if refreshed:
                raise Refusal(401, str(exc)) from exc
            refreshed = True


def receive(request: HttpRequest, addressed_to: actors.Actor | None) -> HttpResponse:
    """Answer one POST to an actor's inbox (``addressed_to``) or the shared inbox (None)."""
    try:
        body = _read_capped(request, conf.options().activitypub.max_body_bytes)
        headers = _headers(request)
        params = _signature(request, headers, body)
        activity = _activity(body)
        key = _verified_key(params, request, headers)
        if activity["actor"] != key.owner:
            raise Refusal(401, "the activity's actor is not the key's owner")
    except Refusal as refusal:
        logger.info("activitypub: inbox refused a POST (%s): %s", refusal.status, refusal.reason)
        return JsonResponse({"error": refusal.reason}, status=refusal.status)
    kind = activity["type"]
    if kind == "Follow":
        return _follow(activity, key, addressed_to)
    if kind == "Undo":
        return _undo(activity, addressed_to)
    logger.info("activitypub: ignored a %s from %s", kind[:40], activity["actor"][:200])
    return HttpResponse(status=202)


def _object_id(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _followed(activity: dict[str, Any], addressed_to: actors.Actor | None) -> actors.Actor | None:
    followed = actors.by_id(_object_id(activity.get("object")))
    if followed is None or (addressed_to is not None and followed != addressed_to):
        return None
    return followed


def _follow(activity: dict[str, Any], key: RemoteKey,
            addressed_to: actors.Actor | None) -> HttpResponse:
    followed = _followed(activity, addressed_to)
    if followed is None:
        return JsonResponse({"error": "the Follow is not of an actor here"}, status=400)
    try:
        follower_actor = remote.actor(activity["actor"], key)
    except remote.RemoteError as exc:
        logger.info("activitypub: a Follow's actor could not be read: %s", exc)
        return JsonResponse({"error": "the follower's actor could not be read"}, status=400)
    with transaction.atomic():
        follower, created = Follower.objects.update_or_create(
            actor=followed.name, uri=follower_actor.id,
            defaults={"inbox": follower_actor.inbox,
                      "shared_inbox": follower_actor.shared_inbox,
                      "follow_id": _object_id(activity)[:2000]})
        delivery.queue(followed, "Accept", objects.accept(followed, activity),
                       [follower.inbox], enqueue=enqueue_delivery)
    logger.info("activitypub: %s %s follows %s", "new:" if created else "again:",
                follower.uri, followed.name)
    return HttpResponse(status=202)


def _undo(activity: dict[str, Any], addressed_to: actors.Actor | None) -> HttpResponse:
    undone = activity.get("object")
    follow_id = _object_id(undone)
    rows = Follower.objects.filter(uri=activity["actor"])
    if isinstance(undone, dict) and undone.get("type") == "Follow":
        followed = _followed(undone, addressed_to)
        if followed is None:
            return HttpResponse(status=202)
        rows = rows.filter(actor=followed.name)
    elif follow_id:
        rows = rows.filter(follow_id=follow_id)
    else:
        return HttpResponse(status=202)
    removed, _ = rows.delete()
    if removed:
        logger.info("activitypub: %s stopped following (%d row(s))", activity["actor"], removed)
    return HttpResponse(status=202)
