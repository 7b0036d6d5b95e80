"""Which network addresses the fetcher may connect to: the SSRF policy as pure functions.

A feed URL is chosen by whoever adds a source, and every redirect is chosen by a
remote server, so either can point the fetcher at the machine itself, the LAN or a
cloud metadata service. The fetcher asks :func:`check_address` about the exact
address it is about to connect to; nothing here does I/O, so the policy is tested
directly and with a stub resolver, never by letting a request go out.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence
from typing import Final

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOW_OPTION: Final = "NEWSDESK_FETCH_ALLOW_NETWORKS"

# Ranges that are not "the public internet" although ipaddress's flags miss some of
# them (shared address space, benchmarking, 6to4/Teredo/NAT64 wrappers of any v4).
_EXTRA_BLOCKED: Final[tuple[IPNetwork, ...]] = (
    ipaddress.ip_network("100.64.0.0/10"),  # carrier-grade NAT
    ipaddress.ip_network("198.18.0.0/15"),  # benchmarking
    ipaddress.ip_network("192.0.0.0/24"),  # IETF protocol assignments
    ipaddress.ip_network("64:ff9b::/96"),  # NAT64: may reach any IPv4, private included
    ipaddress.ip_network("64:ff9b:1::/48"),
    ipaddress.ip_network("2002::/16"),  # 6to4 wraps an IPv4 address
    ipaddress.ip_network("2001::/32"),  # Teredo
)

# A dotted quad with each part a plain decimal number without leading zeros.
_OCTET: Final = r"(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_CANONICAL_IPV4: Final = re.compile(rf"{_OCTET}(\.{_OCTET}){{3}}")
_NUMERIC_PART: Final = re.compile(r"(0[xX][0-9a-fA-F]*|\d+)")


class AddressRefused(Exception):
    """The target address is not one the fetcher may connect to."""

    def __init__(self, host: str, address: str, reason: str) -> None:
        super().__init__(
            f"{host} resolves to {address} ({reason}); refused. To allow it, add its network "
            f"to {ALLOW_OPTION}, e.g. {ALLOW_OPTION}=\"{address}/{_host_prefix(address)}\""
        )
        self.host = host
        self.address = address
        self.reason = reason


def _host_prefix(address: str) -> int:
    return 128 if ":" in address else 32


def parse_networks(specs: Iterable[str | IPNetwork]) -> tuple[IPNetwork, ...]:
    """Networks from "127.0.0.1/32"-style strings; a bare address means just that host.

    Raises ValueError naming the bad entry, so a typo in the option fails loudly.
    """
    networks: list[IPNetwork] = []
    for spec in specs:
        if isinstance(spec, ipaddress.IPv4Network | ipaddress.IPv6Network):
            networks.append(spec)
            continue
        text = spec.strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError as exc:
            raise ValueError(f"{ALLOW_OPTION}: {text!r} is not a network: {exc}") from exc
    return tuple(networks)


def unwrap(address: IPAddress) -> IPAddress:
    """The IPv4 address hidden in an IPv4-mapped (::ffff:a.b.c.d) or -compatible (::a.b.c.d)
    IPv6 address, else the address itself; the policy judges what is really reached."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        packed = address.packed
        if packed[:12] == bytes(12) and int(address) > 1:
            return ipaddress.IPv4Address(packed[12:])
    return address


def blocked_reason(address: IPAddress) -> str | None:
    """Why ``address`` is not a public unicast address, or None when it is."""
    inner = unwrap(address)
    wrapped = " (inside an IPv6 address)" if inner is not address else ""
    checks = (
        (inner.is_unspecified, "unspecified"),
        (inner.is_loopback, "loopback"),
        (inner.is_link_local, "link-local, e.g. cloud metadata"),
        (inner.is_multicast, "multicast"),
        (isinstance(inner, ipaddress.IPv6Address) and inner in _UNIQUE_LOCAL, "unique-local"),
        (inner.is_reserved, "reserved"),
        (inner.is_private, "private"),
        (any(inner in net for net in _EXTRA_BLOCKED if net.version == inner.version),
         "special-purpose"),
        (not inner.is_global, "not globally routable"),
    )
    for hit, reason in checks:
        if hit:
            return reason + wrapped
    if wrapped:
        # Even a public IPv4 address is not reached through an IPv6 wrapper: such
        # spellings are how filters get dodged, and no real feed needs one.
        return "IPv4 address inside an IPv6 address"
    return None


_UNIQUE_LOCAL: Final = ipaddress.ip_network("fc00::/7")


def is_allowed(address: IPAddress, allow: Sequence[IPNetwork]) -> bool:
    """An operator's allow-list entry wins over the block-list, for both spellings."""
    candidates = {address, unwrap(address)}
    return any(c in net for c in candidates for net in allow if net.version == c.version)


def check_address(host: str, address: str, allow: Sequence[IPNetwork]) -> IPAddress:
    """The parsed address when the fetcher may connect to it, else AddressRefused."""
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError as exc:
        raise AddressRefused(host, address, "not an IP address") from exc
    if is_allowed(parsed, allow):
        return parsed
    reason = blocked_reason(parsed)
    if reason is not None:
        raise AddressRefused(host, str(parsed), reason)
    return parsed


def odd_ipv4_spelling(host: str) -> str | None:
    """The address a non-canonical numeric host means to inet_aton, e.g. "2130706434",
    "0x7f.1", "0177.0.0.1", else None. Such spellings exist to dodge filters; we refuse
    them outright rather than trusting every resolver to read them the same way."""
    host = host.rstrip(".")
    if not host or _CANONICAL_IPV4.fullmatch(host):
        return None
    parts = host.split(".")
    if len(parts) > 4 or not all(_NUMERIC_PART.fullmatch(p) for p in parts):
        return None
    values: list[int] = []
    for part in parts:
        if part[:2].lower() == "0x":
            values.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part.startswith("0"):
            if not set(part) <= set("01234567"):
                return None
            values.append(int(part, 8))
        else:
            values.append(int(part))
    # inet_aton: the last part fills all the bytes the earlier ones left.
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        return "invalid"
    number = 0
    for value in head:
        number = number * 256 + value
    number = number * 256 ** (4 - len(head)) + last
    return str(ipaddress.IPv4Address(number))
