"""Reading other servers' actors and keys, through the SSRF-safe fetcher only.

An inbox POST names its key by URL (``keyId``), so anyone can make newsdesk fetch any
address: the fetcher's address policy, time limit and size cap hold here as for a feed,
and a local peer needs NEWSDESK_FETCH_ALLOW_NETWORKS. A key is kept a day
(``KEY_TTL``); a signature that fails with a kept key fetches it once more — the sender
may have rotated it — but not more often than ``REFETCH_AFTER``, so a stream of bad
signatures cannot turn newsdesk into a fetching machine.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

from django.utils import timezone

from newsdesk import conf
from newsdesk.channels.activitypub.models import RemoteKey
from newsdesk.reader.fetch import FetchError, fetch

logger = logging.getLogger(__name__)

# What Mastodon asks for; servers that serve HTML at the same URL answer JSON to it.
ACCEPT: Final = ('application/activity+json, application/ld+json; '
                 'profile="https://www.w3.org/ns/activitystreams"')
KEY_TTL: Final = timedelta(days=1)
REFETCH_AFTER: Final = timedelta(minutes=1)
MAX_DOCUMENT_BYTES: Final = 1024 * 1024


class RemoteError(Exception):
    """A remote document could not be had or is not what it should be."""


@dataclass(frozen=True)
class RemoteActor:
    id: str
    inbox: str
    shared_inbox: str


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def get_json(url: str) -> dict[str, Any]:
    options = conf.options().fetch
    limits = type(options)(timeout=min(options.timeout, 10.0),
                           max_bytes=min(options.max_bytes, MAX_DOCUMENT_BYTES),
                           allow_networks=options.allow_networks)
    try:
        result = fetch(_without_fragment(url), limits, accept=ACCEPT)
    except FetchError as exc:
        raise RemoteError(str(exc)) from exc
    try:
        document = json.loads(result.content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RemoteError(f"{url} did not answer JSON") from exc
    if not isinstance(document, dict):
        raise RemoteError(f"{url} did not answer a JSON object")
    return document


MAX_URL: Final = 2000  # what the rows keep; a longer id or inbox is refused, not cut


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _url(value: Any, what: str) -> str:
    """An http(s) URL the rows can keep, or "" when absent; anything else raises."""
    text = _string(value)
    if not text:
        return ""
    if len(text) > MAX_URL or urlsplit(text).scheme not in ("http", "https"):
        raise RemoteError(f"{what} is not an http(s) URL of at most {MAX_URL} characters")
    return text


def _same_host(a: str, b: str) -> bool:
    return urlsplit(a).netloc.lower() == urlsplit(b).netloc.lower() != ""


def _key_in(document: dict[str, Any], key_id: str) -> dict[str, Any]:
    """The key object named ``key_id`` in an actor document or a key document."""
    if "publicKeyPem" in document:
        return document
    keys = document.get("publicKey")
    candidates = keys if isinstance(keys, list) else [keys]
    for key in candidates:
        if isinstance(key, dict) and key.get("id") == key_id:
            return key
    raise RemoteError(f"no key {key_id} in the document it names")


def _fetch_key(key_id: str) -> RemoteKey:
    _url(key_id, "the keyId")
    document = get_json(key_id)
    key = _key_in(document, key_id)
    pem, owner = _string(key.get("publicKeyPem")), _url(key.get("owner"), "the key's owner")
    if not pem or not owner:
        raise RemoteError(f"the key {key_id} has no publicKeyPem or owner")
    if not _same_host(owner, key_id):
        raise RemoteError(f"the key {key_id} claims an owner on another host")
    actor = document if document.get("id") == owner else get_json(owner)
    if actor.get("id") != owner:
        raise RemoteError(f"the owner document of {key_id} is not {owner}")
    values = {"owner": owner, "public_pem": pem, "inbox": _url(actor.get("inbox"), "inbox"),
              "shared_inbox": _shared_inbox(actor), "fetched_at": timezone.now()}
    stored, _ = RemoteKey.objects.update_or_create(key_id=key_id, defaults=values)
    logger.info("activitypub: fetched key %s", key_id)
    return stored


def key(key_id: str, *, refresh: bool = False) -> RemoteKey:
    """The sender's key: kept if fresh, else fetched. ``refresh`` fetches again unless
    the kept one was fetched within the last minute."""
    kept = RemoteKey.objects.filter(key_id=key_id).first()
    now = timezone.now()
    if kept is not None:
        age = now - kept.fetched_at
        if (not refresh and age < KEY_TTL) or (refresh and age < REFETCH_AFTER):
            return kept
    return _fetch_key(key_id)


def actor(uri: str, kept: RemoteKey | None = None) -> RemoteActor:
    """A follower's inboxes: from the key's owner document when that is the actor, else
    fetched."""
    _url(uri, "the actor id")
    if kept is not None and kept.owner == uri and kept.inbox:
        return RemoteActor(uri, kept.inbox, kept.shared_inbox)
    document = get_json(uri)
    if document.get("id") != uri:
        raise RemoteError(f"{uri} answered a document with another id")
    inbox = _url(document.get("inbox"), "inbox")
    if not inbox:
        raise RemoteError(f"{uri} has no inbox")
    return RemoteActor(uri, inbox, _shared_inbox(document))


def _shared_inbox(actor: dict[str, Any]) -> str:
    endpoints = actor.get("endpoints")
    return _url(endpoints.get("sharedInbox"), "sharedInbox") if isinstance(endpoints, dict) else ""
