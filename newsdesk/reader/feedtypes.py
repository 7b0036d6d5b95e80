"""What a feed reader returns, shared by the XML (feedparser) and JSON Feed readers."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsdesk.reader.items import ItemError, RawItem


class MalformedFeed(ValueError):
    """The document is not a feed at all, so there is nothing to salvage."""


@dataclass(frozen=True)
class ParsedFeed:
    """A feed's own title and link, its readable entries, and the entries we skipped;
    the WebSub hubs it names and its own address (``rel="self"``), when it names them."""

    title: str
    link: str
    items: list[RawItem] = field(default_factory=list)
    errors: list[ItemError] = field(default_factory=list)
    hubs: tuple[str, ...] = ()
    self_url: str = ""
