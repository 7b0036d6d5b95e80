"""Canonical URLs: one spelling per page, so the same item seen twice is stored once.

Feeds decorate links with campaign tags, fragments and needless ports; two links that
differ only in those point at the same page. ``canonical_url`` removes the differences
that never change what the server returns, and keeps everything else as it was.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only tell the publisher how a reader arrived.
_TRACKING_PREFIXES: Final = ("utm_", "mtm_", "pk_", "hsa_", "__hs", "_hs")
_TRACKING_NAMES: Final = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
    "igshid", "mc_cid", "mc_eid", "mkt_tok", "_ga", "_gl", "ref_src", "ref_url", "cmpid",
    "ocid", "s_cid", "wt_mc", "ncid", "soc_src", "soc_trk", "rss", "ito", "at_medium",
    "at_campaign", "oly_anon_id", "oly_enc_id", "vero_id", "__twitter_impression",
})
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
_MANY_SLASHES: Final = re.compile(r"/{2,}")


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The URL with tracking parameters, fragment and default port removed, scheme and
    host lower-cased and the remaining query sorted. Anything that is not an absolute
    http(s) URL comes back stripped but otherwise untouched: it is an id, not a link."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}" if userinfo else host
    path = _MANY_SLASHES.sub("/", parts.path) or "/"
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(name)
    )
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))
