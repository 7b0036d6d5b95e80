"""robots.txt for page fetches, with a small cache so one site is asked once an hour.

Feeds are published to be polled, so feed fetches skip this; a page behind a feed
entry's link is crawled on our initiative, so its site's robots.txt decides. A
missing robots.txt (4xx) allows everything; one we cannot read (5xx, timeout,
refused) disallows for now, as the robots.txt RFC 9309 asks of unreachable files.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from newsdesk.reader.fetch import DEFAULT_USER_AGENT, FetchError, FetchResult, fetch
from newsdesk.reader.fetch_options import FetchOptions

_TTL_SECONDS: Final = 3600.0
_MAX_SITES: Final = 256
_MAX_ROBOTS_BYTES: Final = 500 * 1024  # RFC 9309 asks parsers to read at least 500 KiB
_PRODUCT: Final = "newsdesk"

Fetcher = Callable[..., FetchResult]


class RobotsCache:
    """Parsed robots.txt per origin, least recently used first out."""

    def __init__(self, fetcher: Fetcher = fetch, ttl: float = _TTL_SECONDS) -> None:
        self._fetcher = fetcher
        self._ttl = ttl
        self._sites: OrderedDict[str, tuple[float, RobotFileParser]] = OrderedDict()
        self._lock = threading.Lock()

    def allowed(self, url: str, options: FetchOptions, **fetch_kwargs: Any) -> bool:
        """Whether our User-Agent may fetch ``url``; robots.txt is fetched under the same
        ``options`` as the page (``fetch_kwargs`` go to the fetcher too).
        Raises FetchError when the site itself may not be contacted (SSRF policy)."""
        parts = urlsplit(url)
        origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        rules = self._rules(origin, options, fetch_kwargs)
        return rules.can_fetch(_PRODUCT, url)

    def _rules(self, origin: str, options: FetchOptions,
               fetch_kwargs: dict[str, Any]) -> RobotFileParser:
        now = time.monotonic()
        with self._lock:
            cached = self._sites.get(origin)
            if cached is not None and now - cached[0] < self._ttl:
                self._sites.move_to_end(origin)
                return cached[1]
        rules = self._load(origin, options, fetch_kwargs)
        with self._lock:
            self._sites[origin] = (now, rules)
            self._sites.move_to_end(origin)
            while len(self._sites) > _MAX_SITES:
                self._sites.popitem(last=False)
        return rules

    def _load(self, origin: str, options: FetchOptions,
              fetch_kwargs: dict[str, Any]) -> RobotFileParser:
        rules = RobotFileParser(origin + "/robots.txt")
        capped = dataclasses.replace(options, max_bytes=min(options.max_bytes, _MAX_ROBOTS_BYTES))
        try:
            result = self._fetcher(origin + "/robots.txt", capped, **fetch_kwargs)
        except FetchError as error:
            if error.kind in {"refused_address", "bad_url"}:
                raise  # the page itself is off limits: say so, not "robots"
            missing = error.kind == "http_status" and (error.status or 500) < 500
            rules.parse([] if missing else ["User-agent: *", "Disallow: /"])
            return rules
        rules.parse(result.content.decode("utf-8", errors="replace").splitlines())
        return rules


_shared = RobotsCache()


def fetch_page(
    url: str, options: FetchOptions, *, robots: RobotsCache | None = None,
    user_agent: str = DEFAULT_USER_AGENT, **fetch_kwargs: Any,
) -> FetchResult:
    """Fetch a web page if its site's robots.txt lets newsdesk; FetchError("robots") if not."""
    cache = robots or _shared
    if not cache.allowed(url, options, user_agent=user_agent, **fetch_kwargs):
        raise FetchError("robots", url, "robots.txt disallows this page for newsdesk")
    return fetch(url, options, user_agent=user_agent, **fetch_kwargs)
