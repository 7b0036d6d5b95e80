"""A fediverse server on 127.0.0.1 that plays Mastodon's part towards newsdesk.

It is independent of newsdesk's own ActivityPub code: its HTTP Signatures are made and
checked by bovine (a separate implementation of draft-cavage, from PyPI), while newsdesk
signs and verifies by hand with ``cryptography``. So a signature both accept is one the
two implementations agree on, not one newsdesk merely agrees with itself about.

What it sends is shaped as Mastodon sends it (app/lib/request.rb, webfinger.rb and the
JSON-LD helper's fetch): WebFinger with ``Accept: application/jrd+json, application/json``;
actor and key fetches with ``Accept: application/activity+json, application/ld+json;
profile="https://www.w3.org/ns/activitystreams", text/html;q=0.1``, signed over
``(request-target) host date accept``; deliveries (Follow, Undo) as POSTs of
``application/activity+json`` signed with rsa-sha256 over ``(request-target) host date
digest content-type``, with ``Digest: SHA-256=…`` and the keyId ``<actor>#main-key``.

What it serves: its actor (``/users/<name>``, with publicKey, inbox and sharedInbox) and
the two inboxes. Every POST to an inbox is kept with the owner bovine verified it as (None
when the signature did not verify); ``inbox_status`` sets what the inbox answers.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import threading
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import httpx
from bovine.crypto import generate_rsa_public_private_key
from bovine.crypto.http_signature import HttpSignature
from bovine.crypto.signature_checker import SignatureChecker
from bovine.crypto.types import CryptographicIdentifier, CryptographicSecret

MASTODON_FETCH_ACCEPT = ('application/activity+json, application/ld+json; '
                         'profile="https://www.w3.org/ns/activitystreams", text/html;q=0.1')
MASTODON_WEBFINGER_ACCEPT = "application/jrd+json, application/json"
LD_PROFILE_ACCEPT = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
USER_AGENT = "http.rb/5.2.0 (Mastodon/4.3.2; +http://127.0.0.1/)"
AS_CONTEXT = "https://www.w3.org/ns/activitystreams"


@dataclass
class Received:
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    verified_owner: str | None  # the key owner bovine verified the signature as

    @property
    def activity(self) -> dict[str, Any]:
        data = json.loads(self.body)
        assert isinstance(data, dict)
        return data


@dataclass
class Peer:
    base_url: str
    username: str = "alice"
    received: list[Received] = field(default_factory=list)
    served: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # GETs answered
    inbox_status: int = 202
    verifying: bool = True  # check each POST's signature (needs newsdesk on a socket)
    public_pem: str = ""
    private_pem: str = ""

    def __post_init__(self) -> None:
        self.rotate_key()

    @property
    def actor_id(self) -> str:
        return f"{self.base_url}/users/{self.username}"

    @property
    def key_id(self) -> str:
        return f"{self.actor_id}#main-key"

    @property
    def inbox(self) -> str:
        return f"{self.actor_id}/inbox"

    @property
    def shared_inbox(self) -> str:
        return f"{self.base_url}/inbox"

    def rotate_key(self) -> None:
        self.public_pem, self.private_pem = generate_rsa_public_private_key()

    def actor_document(self) -> dict[str, Any]:
        return {
            "@context": [AS_CONTEXT, "https://w3id.org/security/v1"],
            "id": self.actor_id, "type": "Person", "preferredUsername": self.username,
            "inbox": self.inbox, "outbox": f"{self.actor_id}/outbox",
            "followers": f"{self.actor_id}/followers",
            "endpoints": {"sharedInbox": self.shared_inbox},
            "publicKey": {"id": self.key_id, "owner": self.actor_id,
                          "publicKeyPem": self.public_pem},
        }

    # -- what Mastodon sends -------------------------------------------------------------

    def _sign(self, names_values: list[tuple[str, str]]) -> str:
        # bovine's HttpSignature carries no annotations; its result is the header's text.
        signature = HttpSignature()  # type: ignore[no-untyped-call]
        for name, value in names_values:
            signature.with_field(name, value)  # type: ignore[no-untyped-call]
        return str(signature.sign_for_http_draft(
            CryptographicSecret.from_pem(self.key_id, self.private_pem)))

    def webfinger(self, site_url: str, resource: str) -> httpx.Response:
        return httpx.get(f"{site_url}/.well-known/webfinger", params={"resource": resource},
                         headers={"Accept": MASTODON_WEBFINGER_ACCEPT, "User-Agent": USER_AGENT})

    def fetch(self, url: str, accept: str = MASTODON_FETCH_ACCEPT) -> httpx.Response:
        """A signed GET, as Mastodon fetches an actor or an object (signed fetch)."""
        parts = urlsplit(url)
        date = format_datetime(datetime.now(UTC), usegmt=True)
        fields = [("(request-target)", f"get {parts.path}"), ("host", parts.netloc),
                  ("date", date), ("accept", accept)]
        return httpx.get(url, headers={"Accept": accept, "Date": date, "Host": parts.netloc,
                                       "User-Agent": USER_AGENT,
                                       "Signature": self._sign(fields)})

    def signed_post_headers(self, url: str, body: bytes, *, date: datetime | None = None,
                            digest_of: bytes | None = None,
                            without: tuple[str, ...] = ()) -> dict[str, str]:
        """Mastodon's headers for delivering ``body`` to ``url``. ``digest_of`` signs a
        Digest of other bytes; ``without`` leaves names out of the signed list."""
        parts = urlsplit(url)
        digest = "SHA-256=" + base64.b64encode(
            hashlib.sha256(body if digest_of is None else digest_of).digest()).decode()
        headers = {
            "Host": parts.netloc,
            "Date": format_datetime(date or datetime.now(UTC), usegmt=True),
            "Digest": digest,
            "Content-Type": "application/activity+json",
        }
        fields = [("(request-target)", f"post {parts.path}"), ("host", headers["Host"]),
                  ("date", headers["Date"]), ("digest", digest),
                  ("content-type", headers["Content-Type"])]
        headers["Signature"] = self._sign([f for f in fields if f[0] not in without])
        headers["User-Agent"] = USER_AGENT
        return headers

    def post(self, url: str, activity: dict[str, Any] | bytes, **how: Any) -> httpx.Response:
        body = activity if isinstance(activity, bytes) else json.dumps(activity).encode()
        return httpx.post(url, content=body, headers=self.signed_post_headers(url, body, **how))

    def follow_activity(self, target: str) -> dict[str, Any]:
        return {"@context": AS_CONTEXT, "id": f"{self.base_url}/{uuid.uuid4()}",
                "type": "Follow", "actor": self.actor_id, "object": target}

    def undo_activity(self, follow: dict[str, Any]) -> dict[str, Any]:
        quoted = {k: follow[k] for k in ("id", "type", "actor", "object")}
        return {"@context": AS_CONTEXT, "id": f"{follow['id']}/undo", "type": "Undo",
                "actor": self.actor_id, "object": quoted}

    # -- checking what newsdesk sent -------------------------------------------------------

    def verify(self, path: str, headers: dict[str, str], body: bytes) -> str | None:
        """The owner of the key that signed this request, checked by bovine: the key is
        fetched from the keyId as Mastodon fetches it."""

        async def key_of(key_id: str) -> CryptographicIdentifier | None:
            request = urllib.request.Request(key_id.split("#")[0],
                                             headers={"Accept": MASTODON_FETCH_ACCEPT})
            with urllib.request.urlopen(request, timeout=10) as answer:
                document = json.loads(answer.read())
            found: CryptographicIdentifier = CryptographicIdentifier.from_public_key(
                document["publicKey"])
            return found

        checker = SignatureChecker(key_of)

        async def body_of() -> bytes:
            return body

        try:
            return asyncio.run(checker.validate_signature("post", f"{self.base_url}{path}",
                                                          headers, body_of))
        except OSError:  # newsdesk's key could not be fetched: not verified
            return None


@contextmanager
def fediverse_peer(username: str = "alice") -> Iterator[Peer]:
    holder: dict[str, Peer] = {}

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, data: bytes = b"",
                     content_type: str = "application/activity+json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            peer = holder["peer"]
            peer.served.append((self.path, dict(self.headers.items())))
            if self.path == urlsplit(peer.actor_id).path:
                self._answer(200, json.dumps(peer.actor_document()).encode())
            else:
                self._answer(404)

        def do_POST(self) -> None:
            peer = holder["peer"]
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            headers = {name.lower(): value for name, value in self.headers.items()}
            owner = peer.verify(self.path, headers, body) if peer.verifying else None
            peer.received.append(Received(self.path, headers, body, owner))
            self._answer(peer.inbox_status)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    holder["peer"] = Peer(f"http://127.0.0.1:{server.server_address[1]}", username)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder["peer"]
    finally:
        server.shutdown()
        server.server_close()
