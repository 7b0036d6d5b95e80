"""The operator's limits for every fetch, as one value handed to the fetcher.

Why an object and no defaults: the values are the operator's (``NEWSDESK_FETCH_*``),
declared once in ``newsdesk.conf`` and built from it once per process. The fetcher takes
them as a parameter and never reads the environment, so a test or a caller states the
limits it fetches under, and no second copy of a default can drift from the declared one.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.reader.addresses import IPNetwork

__all__ = ["FetchOptions"]


@dataclass(frozen=True)
class FetchOptions:
    timeout: float  # seconds for one fetch in all, redirects included
    max_bytes: int  # largest decoded body; longer ones fail with "too_large"
    # Private, loopback or link-local networks the operator opened; every other
    # non-public address is refused (the SSRF policy, see reader/addresses.py).
    allow_networks: tuple[IPNetwork, ...]
