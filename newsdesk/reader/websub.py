"""WebSub (https://www.w3.org/TR/websub/) as pure functions: where a feed says its hub is,
and whether a pushed body carries the signature its subscription's secret makes.

Discovery (§4): the HTTP ``Link`` header is looked at first; a feed that names no hub
there may name it in the document (``<atom:link rel="hub">`` in RSS, ``<link rel="hub">``
in Atom, ``hubs`` in JSON Feed). The topic a subscription names is the ``rel="self"``
URL from the same place the hub came from, else the URL that was fetched.

Authenticated distribution (§7.1): the hub signs each body with HMAC over the
subscription's secret and sends ``X-Hub-Signature: <algorithm>=<hex>``, the algorithm
one of sha1, sha256, sha384, sha512.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import urljoin

from newsdesk.reader.feedtypes import ParsedFeed
from newsdesk.reader.items import web_url

__all__ = [
    "SIGNATURE_ALGORITHMS",
    "Advertised",
    "advertised",
    "link_relations",
    "sign",
    "signature_matches",
]

SIGNATURE_ALGORITHMS: Final = ("sha1", "sha256", "sha384", "sha512")
_REL: Final = re.compile(r"""(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))""", re.IGNORECASE)


@dataclass(frozen=True)
class Advertised:
    hubs: tuple[str, ...]
    topic: str  # the feed's own URL as the hub knows it


def link_relations(header: str, base: str) -> dict[str, list[str]]:
    """{relation: [absolute URL, …]} from a Link header, relative targets resolved
    against ``base``; a link with several relations ("hub self") counts for each."""
    found: dict[str, list[str]] = {}
    for target, params in _link_values(header or ""):
        rel = _REL.search(params)
        url = web_url(urljoin(base, target.strip()))
        if rel is None or not url:
            continue
        for relation in (rel.group(1) or rel.group(2) or "").lower().split():
            urls = found.setdefault(relation, [])
            if url not in urls:
                urls.append(url)
    return found


def _link_values(header: str) -> list[tuple[str, str]]:
    """(target, parameters) of each ``<target>; param=value; …`` in a Link header; a
    comma inside <…> or a quoted value does not end a link."""
    values: list[tuple[str, str]] = []
    position = 0
    while (start := header.find("<", position)) >= 0:
        end = header.find(">", start)
        if end < 0:
            break
        cursor, quoted = end + 1, False
        while cursor < len(header) and (quoted or header[cursor] != ","):
            if header[cursor] == '"':
                quoted = not quoted
            cursor += 1
        values.append((header[start + 1:end], header[end + 1:cursor]))
        position = cursor + 1
    return values


def advertised(link_header: str, feed: ParsedFeed, fetched_url: str) -> Advertised | None:
    """The hubs a fetched feed names and the topic to subscribe to, or None for none."""
    from_header = link_relations(link_header, fetched_url)
    if from_header.get("hub"):
        topic = (from_header.get("self") or [feed.self_url or fetched_url])[0]
        return Advertised(tuple(from_header["hub"]), topic)
    if feed.hubs:
        return Advertised(feed.hubs, feed.self_url or fetched_url)
    return None


def sign(algorithm: str, secret: str, body: bytes) -> str:
    """The X-Hub-Signature value a hub sends for ``body``."""
    if algorithm not in SIGNATURE_ALGORITHMS:
        raise ValueError(f"unknown WebSub signature algorithm {algorithm!r}")
    digest = hmac.new(secret.encode(), body, getattr(hashlib, algorithm)).hexdigest()
    return f"{algorithm}={digest}"


def signature_matches(header: str, secret: str, body: bytes) -> bool:
    """Whether ``header`` (X-Hub-Signature) is the signature of ``body`` under ``secret``:
    False for a missing, malformed or unknown-algorithm header as for a wrong one."""
    algorithm, sep, given = (header or "").strip().partition("=")
    algorithm = algorithm.strip().lower()
    if not sep or algorithm not in SIGNATURE_ALGORITHMS or not secret:
        return False
    expected = sign(algorithm, secret, body).partition("=")[2]
    return hmac.compare_digest(expected, given.strip().lower())
