"""Robustness gate: every file of feedparser's own test corpus goes through our feed reader.

../shared/data/feedparser-feeds (see its PROVENANCE): 2,107 feeds, wellformed and not,
odd encodings and entities, and 745 sanitizer cases with hostile HTML in feed fields.
Each must parse without a crash or a hang (per-file timeout), lose no entry silently,
and nothing it renders may carry a script, an event handler, a style or a
javascript:/data: URL.
"""

from __future__ import annotations

import io
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import feedparser
import pytest

from newsdesk.reader.feeds import MalformedFeed, ParsedFeed, parse_feed
from newsdesk.reader.sanitize import sanitize_html
from tests.reader.hazards import hazards

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "feedparser-feeds"
EXPECTED_FILES = 2107
EXPECTED_SANITIZER_CASES = 745
PER_FILE_SECONDS = 5.0

pytestmark = pytest.mark.shared_data


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CORPUS} is missing and CI=true: the robustness gate cannot run")
        pytest.skip(f"{CORPUS} is absent (shared evaluation data); the gate needs it")
    return sorted(
        p for p in CORPUS.rglob("*")
        if p.is_file() and p.name not in {"LICENSE", "PROVENANCE.md"}
    )


class _Hung(Exception):
    pass


@contextmanager
def _time_limit(seconds: float, what: str) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise _Hung(f"{what} took longer than {seconds}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _read(path: Path) -> ParsedFeed | MalformedFeed:
    url = "http://127.0.0.1/" + path.relative_to(CORPUS).as_posix()
    try:
        return parse_feed(path.read_bytes(), feed_url=url)
    except MalformedFeed as refused:
        return refused


def _rendered(parsed: ParsedFeed) -> list[tuple[str, str]]:
    """What a page would show of the feed: item HTML re-sanitized at render, as the
    templates do; titles and text are plain text and get escaped."""
    shown = []
    for item in parsed.items:
        shown.append((item.origin, str(sanitize_html(item.html))))
        shown.append((item.origin, item.html))
    return shown


@pytest.fixture(scope="module")
def outcomes() -> list[tuple[Path, ParsedFeed | MalformedFeed]]:
    """The whole corpus read once, each file under its own time limit."""
    results = []
    for path in _corpus_files():
        with _time_limit(PER_FILE_SECONDS, str(path)):
            results.append((path, _read(path)))
    return results


def test_every_corpus_file_is_read_without_crash_hang_or_hazard(
    outcomes: list[tuple[Path, ParsedFeed | MalformedFeed]],
) -> None:
    assert len(outcomes) == EXPECTED_FILES
    read = refused = 0
    problems: list[str] = []
    for path, outcome in outcomes:
        if isinstance(outcome, MalformedFeed):
            refused += 1
            assert "is not" in str(outcome), path
            continue
        read += 1
        for item in outcome.items:
            assert item.url == "" or item.url.split(":", 1)[0].lower() in {"http", "https"}
            assert item.title or item.text
        for origin, html in _rendered(outcome):
            problems.extend(f"{origin}: {h}" for h in hazards(html))
    assert not problems, problems[:20]
    # Most of the corpus is real feeds; a reader that refused them all would pass the
    # hazard check trivially.
    assert read > 1900, (read, refused)


def test_no_entry_is_dropped_silently(
    outcomes: list[tuple[Path, ParsedFeed | MalformedFeed]],
) -> None:
    """Every entry feedparser sees becomes an item or a named error."""
    for path, outcome in outcomes:
        if isinstance(outcome, MalformedFeed) or path.suffix == ".json":
            continue  # refused outright, or JSON Feed (ours, not feedparser's)
        seen = feedparser.parse(
            io.BytesIO(path.read_bytes()),
            response_headers={"content-type": "application/xml",
                              "content-location": "http://127.0.0.1/"},
        )
        assert len(outcome.items) + len(outcome.errors) == len(seen.entries), path


def test_sanitizer_cases_leave_nothing_active_even_without_feedparser_cleaning() -> None:
    """feedparser cleans HTML itself; our sanitizer must hold on its own, so the raw,
    uncleaned field values of all 745 sanitizer cases go through it too."""
    cases = sorted((CORPUS / "wellformed" / "sanitize").glob("*.xml")) if CORPUS.is_dir() else []
    if not cases:
        _corpus_files()  # skips or fails with the reason
    assert len(cases) == EXPECTED_SANITIZER_CASES
    problems: list[str] = []
    raw_hazards = 0
    for path in cases:
        raw = feedparser.parse(
            io.BytesIO(path.read_bytes()),
            sanitize_html=False,
            response_headers={"content-type": "application/xml"},
        )
        values = _field_values(raw)
        raw_hazards += sum(1 for value in values if hazards(value))
        for value in values:
            problems.extend(f"{path.name}: {h}" for h in hazards(sanitize_html(value)))
    assert not problems, problems[:20]
    # The cases really are hostile before cleaning, so the check above means something.
    assert raw_hazards > 300


def _field_values(parsed: feedparser.FeedParserDict) -> list[str]:
    values: list[str] = []
    channel = parsed.get("feed") or {}
    for key in ("title", "subtitle", "info", "rights", "tagline", "copyright"):
        if isinstance(channel.get(key), str):
            values.append(channel[key])
    for entry in parsed.get("entries") or []:
        for key in ("title", "summary"):
            if isinstance(entry.get(key), str):
                values.append(entry[key])
        values.extend(str(c.get("value") or "") for c in entry.get("content") or [])
    return values
