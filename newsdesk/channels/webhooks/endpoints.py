"""Adding, listing, switching and removing webhook endpoints: what the command and the
admin both call, so a bad URL gets the same clear refusal from either."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from newsdesk import conf
from newsdesk.channels.webhooks.models import EVENT_TYPES, Endpoint
from newsdesk.channels.webhooks.signing import new_secret
from newsdesk.reader.addresses import AddressRefused, check_address


class BadEndpoint(ValueError):
    """The URL or the events cannot make an endpoint; the message says why."""


def check_url(url: str) -> str:
    """The URL as given, when it is one newsdesk could POST to; else BadEndpoint.

    An IP literal the address policy refuses is refused now rather than at every
    delivery; a host name is judged when it is resolved, at each delivery."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BadEndpoint(f"{url!r} is not an http(s) URL: webhooks are POSTed over "
                          "HTTP, e.g. https://hooks.example.org/newsdesk")
    if not parts.hostname:
        raise BadEndpoint(f"{url!r} has no host name")
    try:
        literal = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return url
    try:
        check_address(parts.hostname, str(literal), conf.options().fetch.allow_networks)
    except AddressRefused as exc:
        raise BadEndpoint(str(exc)) from exc
    return url


def check_events(events: Iterable[str]) -> list[str]:
    chosen = [event.strip() for event in events if event.strip()]
    unknown = sorted(set(chosen) - set(EVENT_TYPES))
    if unknown:
        raise BadEndpoint(f"unknown event type(s) {', '.join(unknown)}; choose from "
                          f"{', '.join(EVENT_TYPES)}")
    if not chosen:
        raise BadEndpoint(f"no event types; choose from {', '.join(EVENT_TYPES)}")
    return [event for event in EVENT_TYPES if event in chosen]  # in the canonical order


def add(url: str, events: Iterable[str] = EVENT_TYPES, description: str = "") -> Endpoint:
    """A new active endpoint with a fresh secret; nothing is stored when input is bad."""
    return Endpoint.objects.create(url=check_url(url), events=check_events(events),
                                   secret=new_secret(), description=description[:200])


def enable(endpoint: Endpoint) -> Endpoint:
    """Switch an endpoint back on, with a clean record of failures."""
    endpoint.active = True
    endpoint.failing_since = None
    endpoint.disabled_at = None
    endpoint.disabled_reason = ""
    endpoint.save(update_fields=["active", "failing_since", "disabled_at", "disabled_reason"])
    return endpoint


def state(endpoint: Endpoint) -> str:
    """One line on how an endpoint is doing, for `webhooks list` and the admin."""
    if not endpoint.active:
        return endpoint.disabled_reason or "switched off"
    if endpoint.failing_since is not None:
        return f"failing since {endpoint.failing_since:%Y-%m-%d %H:%M} UTC"
    return "active"
