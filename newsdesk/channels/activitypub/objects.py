"""Articles as ActivityPub ``Article`` objects, and the activities that carry them.

Built from ``article_payload`` — the one public representation the page and the API
render — and from nothing else: never the stored body with its raw markers, never a
source's text. Whatever that representation leaves out for a source's reuse policy is
left out here too. The body is its sanitized HTML, ``[Source: …]`` markers already
turned into links to the sources.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from newsdesk.articles.models import Article
from newsdesk.articles.serializers import article_payload
from newsdesk.channels.activitypub.actors import AS_CONTEXT, PUBLIC, Actor, absolute
from newsdesk.reader.sanitize import sanitize_html


def stamp(moment: datetime) -> str:
    """A moment to the microsecond, to tell two activities on one object apart."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _summary(payload: dict[str, Any]) -> str:
    summaries = payload.get("summary") or {}
    for length in ("short", "standard", "long"):
        text = (summaries.get(length) or {}).get("text")
        if text:
            return str(text)
    return ""


def article_object(actor: Actor, article: Article) -> dict[str, Any]:
    payload = article_payload(article)
    published = payload["published_at"]
    updated = payload.get("updated_at") or published
    change = payload.get("change")
    if change and change.get("at"):
        updated = change["at"]
    tags = [{"type": "Hashtag", "name": f"#{tag['slug'].replace('-', '')}",
             "href": absolute(tag["url"])} for tag in payload.get("tags", [])]
    summary = _summary(payload)
    item: dict[str, Any] = {
        "id": actor.object_id(article.pk),
        "type": "Article",
        "attributedTo": actor.id,
        "name": payload["headline"],
        # Sanitize runs last: the payload's HTML is sanitized already, and is again here
        # because this copy leaves the site for readers' servers to render.
        "content": str(sanitize_html(payload["body_html"])),
        "mediaType": "text/html",
        "url": absolute(payload["url"]),
        "published": iso(published),
        "to": [PUBLIC],
        "cc": [actor.followers],
    }
    if summary:
        item["summary"] = summary
    if updated and updated > published:
        item["updated"] = iso(updated)
    if tags:
        item["tag"] = tags
    return item


def _activity(actor: Actor, kind: str, uri: str, obj: dict[str, Any] | str,
              at: datetime) -> dict[str, Any]:
    return {"@context": AS_CONTEXT, "id": uri, "type": kind, "actor": actor.id,
            "published": iso(at), "to": [PUBLIC], "cc": [actor.followers], "object": obj}


def create(actor: Actor, article: Article, at: datetime) -> dict[str, Any]:
    obj = article_object(actor, article)
    return _activity(actor, "Create", f"{obj['id']}#create-{stamp(at)}", obj, at)


def update(actor: Actor, article: Article, at: datetime) -> dict[str, Any]:
    obj = article_object(actor, article)
    obj.setdefault("updated", iso(at))
    return _activity(actor, "Update", f"{obj['id']}#update-{stamp(at)}", obj, at)


def tombstone(actor: Actor, article_id: int) -> dict[str, Any]:
    return {"id": actor.object_id(article_id), "type": "Tombstone"}


def delete(actor: Actor, article_id: int, at: datetime) -> dict[str, Any]:
    obj = tombstone(actor, article_id)
    return _activity(actor, "Delete", f"{obj['id']}#delete-{stamp(at)}", obj, at)


def accept(actor: Actor, follow: dict[str, Any]) -> dict[str, Any]:
    """Accept of a Follow, quoting the Follow as received (its id is what the follower's
    server looks its pending request up by)."""
    quoted = {key: follow[key] for key in ("id", "type", "actor", "object") if key in follow}
    mark = hashlib.sha256(str(follow.get("id", "")).encode("utf-8")).hexdigest()[:16]
    return {"@context": AS_CONTEXT, "id": f"{actor.id}#accepts/{mark}",
            "type": "Accept", "actor": actor.id, "object": quoted}


def encode(activity: dict[str, Any]) -> bytes:
    return json.dumps(activity, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
