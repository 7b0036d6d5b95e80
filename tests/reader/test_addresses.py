"""The SSRF policy, tested as pure functions and through fetch() with a stub resolver.

Nothing here lets a request leave the machine: refused targets are refused before any
connection, and the only address ever connected to is the loopback test server.
"""

from __future__ import annotations

import ipaddress

import pytest

from newsdesk.reader.addresses import (
    ALLOW_OPTION,
    AddressRefused,
    blocked_reason,
    check_address,
    odd_ipv4_spelling,
    parse_networks,
)
from newsdesk.reader.fetch import FetchError, fetch
from tests.reader.conftest import FEED_BODY, MisbehavingServer
from tests.support.options import fetch_options

LOOPBACK_ONLY = parse_networks(["127.0.0.1/32"])


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.0.9", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("fd00::1", "unique-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("100.64.0.1", "special-purpose"),
        ("::ffff:127.0.0.2", "loopback (inside an IPv6 address)"),
        ("::ffff:169.254.169.254", "link-local"),
        ("::127.0.0.1", "loopback (inside an IPv6 address)"),
        ("::ffff:10.0.0.1", "private (inside an IPv6 address)"),
        ("64:ff9b::a00:1", "reserved"),
        ("2002:7f00:1::", "special-purpose"),
        ("::ffff:93.184.216.34", "IPv4 address inside an IPv6 address"),
        ("::93.184.216.34", "IPv4 address inside an IPv6 address"),
    ],
)
def test_non_public_addresses_are_blocked(address: str, reason: str) -> None:
    found = blocked_reason(ipaddress.ip_address(address))
    assert found is not None
    assert found.startswith(reason.split(" (")[0])
    if "inside" in reason:
        assert "inside an IPv6 address" in found
    with pytest.raises(AddressRefused):
        check_address("example.test", address, ())


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is None
    assert str(check_address("example.test", address, ())) == address


def test_allow_list_opens_exactly_its_networks() -> None:
    allow = parse_networks(["127.0.0.1/32", "10.0.0.0/8"])
    assert str(check_address("h", "127.0.0.1", allow)) == "127.0.0.1"
    assert str(check_address("h", "10.200.3.4", allow)) == "10.200.3.4"
    # The mapped spelling of an allowed address is the same host.
    check_address("h", "::ffff:127.0.0.1", allow)
    for outside in ("127.0.0.2", "::1", "192.168.0.1", "169.254.169.254"):
        with pytest.raises(AddressRefused):
            check_address("h", outside, allow)


def test_refusal_says_how_to_allow() -> None:
    with pytest.raises(AddressRefused) as caught:
        check_address("metadata.internal", "169.254.169.254", ())
    message = str(caught.value)
    assert "169.254.169.254" in message
    assert ALLOW_OPTION in message
    assert "169.254.169.254/32" in message


def test_bad_allow_entries_fail_loudly() -> None:
    with pytest.raises(ValueError, match="not-a-net"):
        parse_networks(["not-a-net"])
    assert parse_networks(["", " 10.0.0.1 "]) == (ipaddress.ip_network("10.0.0.1/32"),)


@pytest.mark.parametrize(
    ("host", "meaning"),
    [
        ("2130706434", "127.0.0.2"),
        ("0x7f000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
        ("127.000.000.001", "127.0.0.1"),
        ("99999999999", "invalid"),
    ],
)
def test_odd_ipv4_spellings_are_recognised(host: str, meaning: str) -> None:
    assert odd_ipv4_spelling(host) == meaning


@pytest.mark.parametrize("host", ["127.0.0.1", "93.184.216.34", "example.org", "1e100.net", ""])
def test_ordinary_hosts_are_not_odd(host: str) -> None:
    assert odd_ipv4_spelling(host) is None


# --- through fetch(), with a resolver stub --------------------------------------------


def _stub(answers: dict[str, list[str]], calls: list[str]):
    def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        return answers[host]

    return resolve


@pytest.mark.parametrize(
    "answer",
    [
        ["169.254.169.254"],
        ["10.0.0.5"],
        ["192.168.0.10"],
        ["fd12::1"],
        ["::ffff:169.254.169.254"],
        # A rebinding name that also offers a public address is refused as a whole,
        # so no connection is attempted to either.
        ["93.184.216.34", "10.0.0.5"],
    ],
)
def test_names_resolving_to_private_targets_are_refused_before_connecting(
    answer: list[str],
) -> None:
    calls: list[str] = []
    with pytest.raises(FetchError) as caught:
        fetch("http://news.example.test/feed",
              fetch_options(allow_networks=LOOPBACK_ONLY, timeout=5),
              resolver=_stub({"news.example.test": answer}, calls))
    assert caught.value.kind == "refused_address"
    assert calls == ["news.example.test"]
    assert ALLOW_OPTION in str(caught.value)


def test_connects_to_the_checked_address_but_keeps_the_host_name(
    http_server: MisbehavingServer,
) -> None:
    """Resolved once by us: the server sees the original Host, the socket the checked IP."""
    port = http_server.base_url.rsplit(":", 1)[1]
    calls: list[str] = []
    result = fetch(f"http://feeds.example.test:{port}/feed?rebind",
                   fetch_options(allow_networks=LOOPBACK_ONLY, timeout=5),
                   resolver=_stub({"feeds.example.test": ["127.0.0.1"]}, calls))
    assert result.content == FEED_BODY
    assert calls == ["feeds.example.test"]
    path, headers = http_server.requests[-1]
    assert path == "/feed?rebind"
    assert headers["Host"] == f"feeds.example.test:{port}"


def test_loopback_is_refused_without_an_allow_list(http_server: MisbehavingServer) -> None:
    before = len(http_server.requests)
    with pytest.raises(FetchError) as caught:
        fetch(http_server.url("/feed"), fetch_options(allow_networks=()))
    assert caught.value.kind == "refused_address"
    assert "loopback" in str(caught.value)
    assert len(http_server.requests) == before


def test_the_allow_list_is_the_operators_option(http_server: MisbehavingServer) -> None:
    """What fetch allows is what NEWSDESK_FETCH_ALLOW_NETWORKS says, read once by conf
    into the fetch options, and nothing else (fetch itself reads no environment)."""
    from newsdesk import conf

    refused = conf.load({ALLOW_OPTION: ""}).fetch
    with pytest.raises(FetchError) as caught:
        fetch(http_server.url("/feed"), refused)
    assert caught.value.kind == "refused_address"
    opened = conf.load({ALLOW_OPTION: "127.0.0.1/32"}).fetch
    assert fetch(http_server.url("/feed"), opened).content == FEED_BODY


def test_the_option_is_checked_when_read() -> None:
    from newsdesk import conf

    option = conf.BY_NAME[ALLOW_OPTION]
    assert option.value({}) == ()
    assert option.value({ALLOW_OPTION: " 10.0.0.0/8 , 127.0.0.1"}) == (
        ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("127.0.0.1/32"))
    with pytest.raises(ValueError, match="banana") as caught:
        option.value({ALLOW_OPTION: "10.0.0.0/8,banana"})
    assert str(caught.value).count(ALLOW_OPTION) == 1  # named once, not once per layer
