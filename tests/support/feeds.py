"""Generated feeds for intake tests and the ingest benchmark: many distinct, realistic items."""

from __future__ import annotations

import random
from xml.sax.saxutils import escape

_PLACES = ["Harlow", "Oldmere", "Tallow", "Corrin", "Brightfell", "Vessbridge", "Sorrel",
           "Fernhollow", "Skellan", "Dunmore"]
_THINGS = ["bridge", "library", "ferry", "clinic", "school", "tram line", "harbour", "museum",
           "water plant", "market"]
_VERBS = ["approved", "opened", "delayed", "funded", "reviewed", "closed", "expanded"]


def paragraph(rng: random.Random, n: int) -> str:
    place, thing, verb = rng.choice(_PLACES), rng.choice(_THINGS), rng.choice(_VERBS)
    return (f"The {place} council {verb} plans for the {thing} on item {n}, at a cost of "
            f"{rng.randint(1, 90)}.{rng.randint(0, 9)} million. Officials said work would "
            f"take {rng.randint(2, 30)} months and involve {rng.randint(10, 400)} staff. "
            f"Resident {rng.choice(['Ada', 'Bram', 'Cleo', 'Dara'])} {rng.randint(1, 999)} "
            f"said the {thing} had been discussed since {rng.randint(1960, 2020)}.")


def rss_feed(count: int, *, seed: int, prefix: str = "item") -> bytes:
    """An RSS 2.0 feed of ``count`` distinct items with full HTML content."""
    rng = random.Random(seed)
    entries = []
    for n in range(count):
        body = "".join(f"<p>{escape(paragraph(rng, n))}</p>" for _ in range(3))
        entries.append(
            f"<item><title>{prefix} {n}: {rng.choice(_PLACES)} news</title>"
            f"<link>https://news.example/{prefix}/{n}?utm_source=rss</link>"
            f"<guid isPermaLink='false'>{prefix}-{seed}-{n}</guid>"
            f"<pubDate>Mon, 16 Nov 2026 09:00:00 GMT</pubDate>"
            f"<description>{escape(body)}</description></item>"
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Generated {seed}</title><link>https://news.example/</link>"
        f"<description>test</description>{''.join(entries)}</channel></rss>"
    ).encode()
