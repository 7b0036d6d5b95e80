"""Canonical URLs: spellings of one page collapse, different pages stay apart."""

from __future__ import annotations

import pytest

from newsdesk.reader.urls import canonical_url


@pytest.mark.parametrize(("raw", "expected"), [
    ("HTTPS://News.Example.ORG:443/a/b?utm_source=rss&utm_medium=feed#comments",
     "https://news.example.org/a/b"),
    ("http://example.org:80/x?b=2&a=1&fbclid=XYZ&gclid=1", "http://example.org/x?a=1&b=2"),
    ("http://example.org:8080/x", "http://example.org:8080/x"),
    ("https://example.org", "https://example.org/"),
    ("https://example.org//double//slash", "https://example.org/double/slash"),
    ("https://example.org/p?id=7&UTM_Campaign=x&mc_eid=9", "https://example.org/p?id=7"),
    ("https://example.org/p?q=&z=1", "https://example.org/p?q=&z=1"),
    ("https://[2001:DB8::1]:443/p", "https://[2001:db8::1]/p"),
    ("  https://example.org/p  ", "https://example.org/p"),
])
def test_canonical_forms(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


def test_path_case_and_real_parameters_are_kept() -> None:
    assert canonical_url("https://example.org/Story?page=2") != canonical_url(
        "https://example.org/story?page=2")
    assert canonical_url("https://example.org/s?page=2") != canonical_url(
        "https://example.org/s?page=3")


@pytest.mark.parametrize("raw", ["urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a",
                                 "tag:example.org,2026:1", "harbour-1", "http://[broken"])
def test_non_links_are_ids_and_stay_as_they_are(raw: str) -> None:
    assert canonical_url(raw) == raw


def test_idempotent() -> None:
    once = canonical_url("HTTP://A.example:80//x?utm_id=1&b=1&a=2#f")
    assert canonical_url(once) == once
