"""read_path() on a folder of good and bad press releases."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.reader.files import read_path
from newsdesk.reader.items import ItemError, RawItem

HEADED_TXT = """Title: Council approves new cycle lanes
Outlet: Riverside Post
URL: https://riverside.example.test/cycle-lanes
Published: 2025-04-02T14:00:00+02:00
Author: ignored key

The council voted on Tuesday to add   two cycle lanes
along the river road.

Work starts in September.
"""

PLAIN_TXT = """

Market hall gets a new roof

The roof of the market hall will be replaced this summer.
Stalls move to the car park meanwhile.
"""

ARTICLE_HTML = """<!doctype html>
<html><head><title>Orchard wins regional award</title>
<style>body { font-family: serif }</style><script>track()</script></head>
<body>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article>
<h1>Orchard wins regional award</h1>
<p>The community orchard on Mill Lane has won this year's regional award for
green spaces, beating eleven other entries from across the county.</p>
<p>Volunteers planted the first apple trees nine years ago on a plot that had been
empty since the old dairy closed. Today the orchard has sixty trees and a pond.</p>
<p>The prize money will pay for a new shed, benches and a small bee garden that
the local school will help to look after during the spring term.</p>
</article>
<footer>Copyright the Mill Lane volunteers</footer>
</body></html>
"""


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def dropbox(tmp_path: Path) -> Path:
    folder = tmp_path / "dropbox"
    _write(folder, "a-headed.txt", HEADED_TXT)
    _write(folder, "b-plain.txt", PLAIN_TXT)
    _write(folder, "c-notes.md", "# Ferry strike called off\n\nBoats run as normal.\n")
    _write(
        folder,
        "d-one.json",
        json.dumps(
            {
                "title": "Museum opens late",
                "body": "Open until ten on Fridays.",
                "published": "2025-02-01",
                "guid": "museum-late",
            }
        ),
    )
    _write(
        folder,
        "e-list.json",
        json.dumps(
            [
                {"title": "Pool closed", "text": "Closed for cleaning."},
                {"title": "Pool reopens", "content": "Open again.", "outlet": "Swim News"},
            ]
        ),
    )
    _write(folder, "f-page.html", ARTICLE_HTML)
    _write(folder, "sub/g-nested.txt", "Nested title\n\nNested body.\n")
    _write(folder, "sub/h-empty.txt", "")
    _write(folder, "i-binary.txt", b"GIF89a\x00\x01\x02\x03binary")
    _write(folder, "j-broken.json", '{"title": "Unfinished", ')
    _write(folder, "k-bad-date.txt", "Title: Dated\nPublished: next Tuesday\n\nBody.\n")
    _write(folder, "l-photo.png", b"\x89PNG\r\n\x1a\n")
    _write(folder, "m-latin1.txt", "Caf\u00e9 opens".encode("latin-1"))
    _write(folder, ".hidden.txt", "Should never be read\n\nat all.\n")
    _write(folder, ".git/config.txt", "Nor this\n\neither.\n")
    return folder


def _split(results: list[RawItem | ItemError]) -> tuple[list[RawItem], list[ItemError]]:
    items = [r for r in results if isinstance(r, RawItem)]
    errors = [r for r in results if isinstance(r, ItemError)]
    assert len(items) + len(errors) == len(results)
    return items, errors


def test_folder_yields_good_items_in_order(dropbox: Path) -> None:
    items, _ = _split(list(read_path(dropbox)))
    assert [item.title for item in items] == [
        "Council approves new cycle lanes",
        "Market hall gets a new roof",
        "Ferry strike called off",
        "Museum opens late",
        "Pool closed",
        "Pool reopens",
        "Orchard wins regional award",
        "Nested title",
    ]


def test_each_bad_file_is_an_error_naming_it(dropbox: Path) -> None:
    _, errors = _split(list(read_path(dropbox)))
    reasons = {Path(error.origin).name: error.reason for error in errors}
    assert set(reasons) == {
        "h-empty.txt",
        "i-binary.txt",
        "j-broken.json",
        "k-bad-date.txt",
        "l-photo.png",
        "m-latin1.txt",
    }
    assert reasons["h-empty.txt"] == "empty file"
    assert "binary" in reasons["i-binary.txt"]
    assert "malformed JSON" in reasons["j-broken.json"]
    assert "bad Published date 'next Tuesday'" in reasons["k-bad-date.txt"]
    assert "unsupported file type '.png'" in reasons["l-photo.png"]
    assert "not UTF-8" in reasons["m-latin1.txt"]
    for error in errors:
        assert str(dropbox) in str(error)


def test_hidden_files_and_folders_are_skipped(dropbox: Path) -> None:
    origins = [result.origin for result in read_path(dropbox)]
    assert not any("/." in origin for origin in origins)


def test_header_block(dropbox: Path) -> None:
    [item] = read_path(dropbox / "a-headed.txt")
    assert isinstance(item, RawItem)
    assert item.title == "Council approves new cycle lanes"
    assert item.outlet == "Riverside Post"
    assert item.url == "https://riverside.example.test/cycle-lanes"
    assert item.published_at == datetime(2025, 4, 2, 12, 0, tzinfo=UTC)
    assert item.text == (
        "The council voted on Tuesday to add two cycle lanes along the river road.\n\n"
        "Work starts in September."
    )
    assert item.origin == str(dropbox / "a-headed.txt")
    assert item.guid == "file:a-headed.txt"


def test_no_header_first_line_is_title(dropbox: Path) -> None:
    [item] = read_path(dropbox / "b-plain.txt")
    assert isinstance(item, RawItem)
    assert item.title == "Market hall gets a new roof"
    assert item.text == (
        "The roof of the market hall will be replaced this summer. "
        "Stalls move to the car park meanwhile."
    )
    assert item.published_at is None
    assert item.url == item.outlet == ""


def test_body_starting_with_a_colon_line_is_not_a_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "note.txt", "Note: roads closed\n\nAll day on Sunday.\n")
    [item] = read_path(path)
    assert isinstance(item, RawItem)
    assert item.title == "Note: roads closed"
    assert item.text == "All day on Sunday."


def test_naive_date_is_utc_and_date_only_is_midnight(tmp_path: Path) -> None:
    path = _write(tmp_path, "d.txt", "Title: T\npublished: 2025-01-05 07:45\n\nB.\n")
    _write(tmp_path, "e.txt", "TITLE: U\nPUBLISHED: 2025-01-06\n\nB.\n")
    first, second = read_path(tmp_path)
    assert isinstance(first, RawItem)
    assert isinstance(second, RawItem)
    assert first.published_at == datetime(2025, 1, 5, 7, 45, tzinfo=UTC)
    assert second.published_at == datetime(2025, 1, 6, tzinfo=UTC)
    assert path.exists()


def test_markdown_heading_becomes_title(dropbox: Path) -> None:
    [item] = read_path(dropbox / "c-notes.md")
    assert isinstance(item, RawItem)
    assert item.title == "Ferry strike called off"
    assert item.text == "Boats run as normal."


def test_json_object_and_list(dropbox: Path) -> None:
    [museum] = read_path(dropbox / "d-one.json")
    assert isinstance(museum, RawItem)
    assert museum.text == "Open until ten on Fridays."
    assert museum.guid == "museum-late"
    assert museum.published_at == datetime(2025, 2, 1, tzinfo=UTC)
    closed, reopens = read_path(dropbox / "e-list.json")
    assert isinstance(closed, RawItem)
    assert isinstance(reopens, RawItem)
    assert closed.text == "Closed for cleaning."
    assert closed.guid == "file:e-list.json#1"
    assert closed.origin == f"{dropbox / 'e-list.json'} item 1"
    assert reopens.text == "Open again."
    assert reopens.outlet == "Swim News"
    assert reopens.guid == "file:e-list.json#2"


def test_json_list_bad_entries_do_not_stop_the_rest(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "mixed.json",
        json.dumps([{"title": 7}, "nope", {}, {"title": "Fine"}, {"title": "X", "url": "ftp://x"}]),
    )
    results = list(read_path(path))
    items, errors = _split(results)
    assert [item.title for item in items] == ["Fine"]
    assert [error.origin for error in errors] == [
        f"{path} item 1",
        f"{path} item 2",
        f"{path} item 3",
        f"{path} item 5",
    ]
    assert "'title' must be a string" in errors[0].reason
    assert "expected a JSON object" in errors[1].reason
    assert "no title and no text" in errors[2].reason
    assert "not an absolute http(s) link" in errors[3].reason


def test_html_page_main_text(dropbox: Path) -> None:
    [item] = read_path(dropbox / "f-page.html")
    assert isinstance(item, RawItem)
    assert item.title == "Orchard wins regional award"
    paragraphs = item.text.split("\n\n")
    assert paragraphs[0].startswith("The community orchard on Mill Lane")
    assert any(p.startswith("Volunteers planted the first apple trees") for p in paragraphs)
    assert "track()" not in item.text
    assert "font-family" not in item.text
    assert "Home | News" not in item.text


def test_tiny_html_falls_back_and_uses_h1(tmp_path: Path) -> None:
    path = _write(tmp_path, "tiny.htm", "<h1>Short &amp; sweet</h1><p>One line.</p>")
    [item] = read_path(path)
    assert isinstance(item, RawItem)
    assert item.title == "Short & sweet"
    assert item.text == "One line."


def test_size_cap(tmp_path: Path) -> None:
    path = _write(tmp_path, "long.txt", "Big\n\n" + "word " * 1000)
    [error] = read_path(path, max_bytes=1000)
    assert isinstance(error, ItemError)
    assert error.origin == str(path)
    assert "larger than the 1000 byte limit" in error.reason


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = _write(tmp_path, "bom.txt", "\ufeffTitle with BOM\n\nBody.\n".encode())
    [item] = read_path(path)
    assert isinstance(item, RawItem)
    assert item.title == "Title with BOM"


def test_rereading_gives_the_same_keys(dropbox: Path) -> None:
    first = [r.key for r in read_path(dropbox) if isinstance(r, RawItem)]
    second = [r.key for r in read_path(dropbox) if isinstance(r, RawItem)]
    assert first == second
    assert len(set(first)) == len(first)
    assert "file:sub/g-nested.txt" in first


def test_missing_path(tmp_path: Path) -> None:
    [error] = read_path(tmp_path / "nowhere")
    assert isinstance(error, ItemError)
    assert "no such file or folder" in str(error)
