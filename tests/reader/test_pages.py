"""Pages: decoding, extraction with metadata, robots.txt and thin feed entries, over
real loopback servers."""

from __future__ import annotations

from typing import Any

import pytest

from newsdesk.reader.encoding import decode_document, repair_text
from newsdesk.reader.extract import declared_language, extract_page, extract_text
from newsdesk.reader.fetch import FetchError
from newsdesk.reader.items import RawItem, normalise_text
from newsdesk.reader.robots import RobotsCache, fetch_page
from newsdesk.reader.thin import complete_thin_item, is_thin
from tests.loopback import Route, loopback_server
from tests.support.options import fetch_options

ALLOW = ["127.0.0.1/32"]

PARAGRAPHS = [
    "The morning ferry from Skellan harbour will leave ten minutes earlier from Monday, "
    "the operator said, because new tide tables apply for the winter season.",
    "Passengers who book online will get a text message with the new times, and paper "
    "timetables will be at the quay office from Friday.",
    "The evening service is unchanged and still leaves at six, the operator added, "
    "while the Sunday crossing moves to eleven in the morning from next month.",
    "Harbour master Ines Calloway said the change keeps the ferry clear of the sandbar "
    "at low water, which had delayed three crossings in October.",
]

ARTICLE = f"""<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>Ferry times change | Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette">
<meta name="author" content="Ines Reporter">
<meta property="article:published_time" content="2025-03-04T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Ferry times change</h1>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Seal pups counted</a></li>
<li><a href="/b">Council budget</a></li></ul></aside>
<div class="comments"><p>Great news, finally! — a reader</p></div>
<footer>Copyright Harbour Gazette. All rights reserved.</footer></body></html>"""


def test_extract_page_text_and_metadata() -> None:
    page = extract_page(ARTICLE.encode("utf-8"), url="https://harbour.example.test/ferry")
    for paragraph in PARAGRAPHS:
        assert paragraph in page.text
    assert "Most read" not in page.text
    assert "Copyright" not in page.text
    assert page.title == "Ferry times change"
    assert page.author == "Ines Reporter"
    assert page.date == "2025-03-04"
    assert page.outlet == "Harbour Gazette"
    assert page.language == "en"
    assert set(page.as_dict()) == {"text", "title", "author", "date", "outlet", "language"}


def test_extract_text_is_the_pages_text() -> None:
    assert extract_text(ARTICLE) == extract_page(ARTICLE).text


def test_declared_language_sources() -> None:
    assert declared_language('<html lang="pt_BR"><p>x</p></html>') == "pt"
    assert declared_language(
        '<html><head><meta http-equiv="Content-Language" content="de"></head></html>'
    ) == "de"
    assert declared_language('<html lang="<script>"><p>x</p></html>') == ""


@pytest.mark.parametrize(
    ("data", "content_type", "text", "encoding"),
    [
        # The header says UTF-8 but the bytes are Windows-1252: the bytes win.
        ("caf\u00e9".encode("cp1252"), "text/html; charset=utf-8", "caf\u00e9", "cp1252"),
        # A BOM is proof, whatever the XML declaration claims.
        (b'\xef\xbb\xbf<?xml version="1.0" encoding="iso-8859-1"?>\xc3\xa9',
         "", '<?xml version="1.0" encoding="iso-8859-1"?>\u00e9', "utf-8"),
        ("<?xml version='1.0' encoding='koi8-r'?>\u041f\u0440\u0438".encode("koi8-r"),
         "application/xml", "<?xml version='1.0' encoding='koi8-r'?>\u041f\u0440\u0438",
         "koi8-r"),
        ('<meta charset="shift_jis">\u6771\u4eac'.encode("shift_jis"), "",
         '<meta charset="shift_jis">\u6771\u4eac', "shift_jis"),
        # Latin-1 is read as the browsers' wider Windows-1252 (curly quotes survive).
        ("\u201cquoted\u201d".encode("cp1252"), "text/html; charset=ISO-8859-1",
         "\u201cquoted\u201d", "cp1252"),
        # An unknown label is ignored; valid UTF-8 is taken.
        ("na\u00efve".encode(), "text/html; charset=x-klingon", "na\u00efve", "utf-8"),
    ],
)
def test_decode_document_picks_the_encoding_that_fits(
    data: bytes, content_type: str, text: str, encoding: str
) -> None:
    assert decode_document(data, content_type) == (text, encoding)


def test_mojibake_is_repaired_once_and_quotes_are_kept() -> None:
    assert repair_text("caf\u00c3\u00a9 \u00e2\u20ac\u0153quoted\u00e2\u20ac\u009d") == (
        "caf\u00e9 \u201cquoted\u201d"
    )
    assert repair_text("\u201cfine\u201d &amp; e\u0301") == "\u201cfine\u201d &amp; \u00e9"
    assert normalise_text("The caf\u00c3\u00a9 opens.") == "The caf\u00e9 opens."


# --- robots.txt -----------------------------------------------------------------------


def test_robots_txt_is_honoured_for_pages_and_cached() -> None:
    routes = {
        "/robots.txt": Route(b"User-agent: newsdesk\nDisallow: /private/\n\nUser-agent: *\n"
                             b"Disallow: /\n"),
        "/public": Route(ARTICLE.encode()),
        "/private/x": Route(ARTICLE.encode()),
    }
    with loopback_server(routes) as server:
        cache = RobotsCache()
        result = fetch_page(server.url("/public"), fetch_options(allow_networks=ALLOW),
                            robots=cache)
        assert result.status == 200
        with pytest.raises(FetchError) as caught:
            fetch_page(server.url("/private/x"), fetch_options(allow_networks=ALLOW), robots=cache)
        assert caught.value.kind == "robots"
        paths = [path for path, _ in server.hits]
    assert paths.count("/robots.txt") == 1
    assert "/private/x" not in paths
    assert paths == ["/robots.txt", "/public"]


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (500, False)])
def test_missing_robots_allows_and_broken_robots_disallows(status: int, allowed: bool) -> None:
    routes = {"/robots.txt": Route(b"oops", status=status), "/page": Route(b"<p>hi</p>")}
    with loopback_server(routes) as server:
        page = server.url("/page")
        assert RobotsCache().allowed(page, fetch_options(allow_networks=ALLOW)) is allowed


# --- thin feed entries ---------------------------------------------------------------


def _teaser(url: str, text: str = "The ferry leaves earlier.") -> RawItem:
    return RawItem(title="Ferry", text=text, origin="feed entry 1", url=url, guid="f1")


def test_thin_entry_gets_its_page_text() -> None:
    routes = {"/robots.txt": Route(b"", status=404), "/ferry": Route(
        ARTICLE.encode(), headers={"Content-Type": "text/html; charset=utf-8"})}
    with loopback_server(routes) as server:
        item = _teaser(server.url("/ferry"))
        assert is_thin(item)
        full, note = complete_thin_item(item, fetch_options(allow_networks=ALLOW),
                                        robots=RobotsCache())
    assert note == ""
    assert full.title == "Ferry"  # the feed's own title wins
    assert full.guid == "f1"
    assert all(p in full.text for p in PARAGRAPHS)


def test_full_entries_and_unlinked_entries_are_left_alone() -> None:
    long_item = _teaser("http://127.0.0.1:9/x", " ".join(["word"] * 100))
    assert complete_thin_item(long_item, fetch_options()) == (long_item, "")
    unlinked = _teaser("")
    assert not is_thin(unlinked)


def test_unreachable_page_keeps_the_entry_with_a_reason() -> None:
    def refuse(url: str, *args: Any, **kwargs: Any) -> Any:
        raise FetchError("refused_address", url, "10.0.0.1 is private")

    item = _teaser("http://intranet.example.test/story")
    kept, note = complete_thin_item(item, fetch_options(), fetcher=refuse)
    assert kept is item
    assert "refused_address" in note
    assert "feed entry 1" in note


def test_thin_page_fetch_obeys_the_ssrf_policy() -> None:
    """Without an allow-list the loopback page is refused, and the teaser is kept."""
    routes = {"/ferry": Route(ARTICLE.encode())}
    with loopback_server(routes) as server:
        item = _teaser(server.url("/ferry"))
        kept, note = complete_thin_item(item, fetch_options(allow_networks=[]))
        assert server.hits == []
    assert kept is item
    assert "refused" in note
