"""Ingest throughput: newsdesk's whole intake path beside a bare feedparser + trafilatura loop.

Both read the same generated feeds and article pages from a loopback HTTP server in the
same run. newsdesk goes fetch (with its limits and address policy) -> parse -> thin
entries' pages fetched and extracted -> canonical URLs, dedupe, near-duplicate stories ->
stored in SQLite, one transaction per batch. The bare loop fetches, parses and extracts
and stores nothing. The floor: newsdesk may take at most 25% longer than the bare loop.

    .venv/bin/python benchmarks/ingest.py [--feeds 4] [--entries 50] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

FLOOR_OVERHEAD = 0.25

_VOCAB_TEXT = (
    "council budget harbour ferry bridge clinic school library museum tram rail "
    "river market farmers storm power outage police court mayor residents survey "
    "grant board hospital nurses teachers pupils reading scores broadband villages "
    "contractor fraud sentence harvest apples cider housing rail yard museum reopens "
    "exhibition funding million percent kilometres week month year spokesperson said "
    "announced approved delayed opened closed expanded reviewed planned repaired "
    "inspected cost estimate "
)
_VOCAB = _VOCAB_TEXT.split()
_NAMES = ["Ada Morrow", "Bram Tull", "Cleo Varga", "Dara Quill", "Ines Calloway", "Oona Reyes"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_VOCAB) for _ in range(rng.randint(12, 24))]
    words.insert(rng.randint(1, 8), f"{rng.randint(2, 950)}")
    text = " ".join(words)
    if rng.random() < 0.3:
        text += f', said {rng.choice(_NAMES)}'
    return text[0].upper() + text[1:] + "."


def article_page(rng: random.Random, title: str) -> bytes:
    """A news page as sites serve them: navigation, the story, related links, footer."""
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(30))
    paragraphs = "".join(
        f"<p>{escape(' '.join(_sentence(rng) for _ in range(rng.randint(2, 4))))}</p>"
        for _ in range(rng.randint(8, 12))
    )
    related = "".join(f'<li><a href="/story/{rng.randint(1, 10**6)}">{escape(_sentence(rng))}'
                      f"</a></li>" for _ in range(8))
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(title)} | Dunmore Gazette</title>"
        "<meta name='author' content='Staff reporter'>"
        "<script>window.dataLayer=[];function track(){return 1}</script>"
        "<style>body{font-family:serif}.nav{display:flex}</style></head><body>"
        f"<header><nav class='nav'><ul>{nav}</ul></nav></header>"
        f"<main><article><h1>{escape(title)}</h1>"
        "<p class='byline'>By Staff reporter, 16 November 2026</p>"
        f"{paragraphs}</article>"
        f"<aside><h2>Related</h2><ul>{related}</ul></aside></main>"
        "<footer><p>Copyright Dunmore Gazette. All rights reserved.</p>"
        "<a href='/privacy'>Privacy</a> <a href='/terms'>Terms</a></footer>"
        "</body></html>"
    ).encode()


def build_site(feeds: int, entries: int, seed: int = 5) -> dict[str, bytes]:
    """Feeds of thin entries (a teaser and a link) and the pages they link to. One entry
    in ten repeats an earlier one with a tracking-tagged link, as feeds do."""
    rng = random.Random(seed)
    routes: dict[str, bytes] = {"/robots.txt": b"User-agent: *\nAllow: /\n"}
    for f in range(feeds):
        items: list[str] = []
        for n in range(entries):
            if n and n % 10 == 0:
                items.append(items[rng.randrange(len(items))].replace(
                    "</link>", "?utm_source=rss&amp;utm_medium=feed</link>"))
                continue
            path = f"/f{f}/story-{n}.html"
            title = f"{rng.choice(_VOCAB).title()} {rng.choice(_VOCAB)} plan {f}-{n}"
            routes[path] = article_page(rng, title)
            items.append(
                f"<item><title>{escape(title)}</title><link>http://HOST{path}</link>"
                f"<guid isPermaLink='false'>f{f}-{n}</guid>"
                f"<pubDate>Mon, 16 Nov 2026 09:{n % 60:02}:00 GMT</pubDate>"
                f"<description>{escape(_sentence(rng))}</description></item>"
            )
        routes[f"/feed{f}.xml"] = (
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>Gazette feed {f}</title><link>http://HOST/</link>"
            f"<description>bench</description>{''.join(items)}</channel></rss>"
        ).encode()
    return routes


@contextmanager
def serve(routes: dict[str, bytes]) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            body = routes.get(self.path.split("?")[0])
            if body is None:
                self.send_error(404)
                return
            body = body.replace(b"http://HOST", base.encode())
            self.send_response(200)
            kind = "application/rss+xml" if self.path.endswith(".xml") else "text/html"
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def bare_loop(feed_urls: list[str]) -> int:
    """The baseline: fetch, feedparser, fetch each linked page, trafilatura. Nothing kept.
    One httpx client for the run, as anyone writing this loop would."""
    import feedparser
    import httpx
    import trafilatura

    extracted = 0
    with httpx.Client(timeout=20) as client:
        for url in feed_urls:
            parsed = feedparser.parse(client.get(url).content)
            for entry in parsed.entries:
                page = client.get(entry.link)
                if trafilatura.extract(page.text):
                    extracted += 1
    return extracted


def newsdesk_ingest(feed_urls: list[str]) -> int:
    from newsdesk.intake.services import ingest_target

    stored = 0
    for url in feed_urls:
        report = ingest_target(url)
        if report.fatal:
            raise SystemExit(f"newsdesk failed on {url}: {report.fatal}")
        stored += sum(report.counts.values())
    return stored


def setup_django(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["NEWSDESK_DATA_DIR"] = str(folder / "data")
    os.environ["NEWSDESK_LOG_LEVEL"] = "WARNING"
    # The pages live on loopback, which the fetcher refuses unless the operator allows it.
    os.environ["NEWSDESK_FETCH_ALLOW_NETWORKS"] = "127.0.0.1/32"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def reset_database() -> None:
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def check_extracted() -> float:
    """Mean words per stored item: teasers are ~20, extracted pages several hundred."""
    from newsdesk.intake.models import SourceItem

    texts = list(SourceItem.objects.values_list("text", flat=True))
    return sum(len(t.split()) for t in texts) / max(1, len(texts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=4)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        setup_django(Path(tmp))
        routes = build_site(args.feeds, args.entries)
        with serve(routes) as base:
            urls = [f"{base}/feed{f}.xml" for f in range(args.feeds)]
            bare_loop(urls[:1])  # warm imports and caches on both sides, untimed
            newsdesk_ingest(urls[:1])
            reset_database()
            best_bare = best_nd = float("inf")
            items = 0
            for _ in range(args.rounds):
                started = time.perf_counter()
                items = bare_loop(urls)
                best_bare = min(best_bare, time.perf_counter() - started)
                started = time.perf_counter()
                newsdesk_ingest(urls)
                best_nd = min(best_nd, time.perf_counter() - started)
                words = check_extracted()
                reset_database()
    entries = args.feeds * args.entries
    overhead = best_nd / best_bare - 1
    print(f"ingest: {args.feeds} feeds x {args.entries} thin entries ({entries} items, pages "
          f"extracted), best of {args.rounds} rounds, loopback HTTP, SQLite")
    print(f"{'pipeline':<38} {'seconds':>8} {'items/s':>8}")
    print(f"{'feedparser + trafilatura (bare loop)':<38} {best_bare:>8.2f} "
          f"{entries / best_bare:>8.1f}")
    print(f"{'newsdesk ingest (fetch..store)':<38} {best_nd:>8.2f} {entries / best_nd:>8.1f}")
    print(f"overhead over the bare loop: {overhead:+.1%} (floor: at most "
          f"{FLOOR_OVERHEAD:+.0%}); bare loop extracted {items} pages; newsdesk stored "
          f"{words:.0f} words per item")
    if words < 100:
        print("FAIL: newsdesk stored teasers, not page text: thin-entry extraction did not run")
        return 1
    if overhead > FLOOR_OVERHEAD:
        print("FAIL: newsdesk's overhead is above the floor")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
