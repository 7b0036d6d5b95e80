"""A web page's main text and metadata, by trafilatura, tuned on a public benchmark.

What we keep becomes the fact base every rewrite is checked against, so boilerplate
that slips in (comments, "related stories") is worse than a missed sentence. We run
trafilatura in precision mode without comments; when that prunes away more than half
of what its balanced mode finds, precision mode has mistaken the article for clutter
and the balanced result is used instead. That check is only needed when the precise
text is short (under 300 words). On ../shared/data/article-extraction this scores
F1 .969 against .953 for plain defaults (benchmarks/extraction.py).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Final

import trafilatura

from newsdesk.reader.encoding import decode_document
from newsdesk.reader.htmldoc import parse_html
from newsdesk.reader.items import normalise_text

# A short precision result may be an over-pruned article: then it must keep at least this
# share of the balanced extraction's length. A long one is an article already, and the
# balanced pass would only add clutter (and cost a second run).
_PRECISION_KEEPS_AT_LEAST: Final = 0.5
_SURELY_AN_ARTICLE_WORDS: Final = 300
_LANGUAGE: Final = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class ExtractedPage:
    """Plain text (paragraphs separated by a blank line) and what the page says of itself."""

    text: str
    title: str = ""
    author: str = ""
    date: str = ""  # ISO 8601 date as the page states it, or ""
    outlet: str = ""
    language: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def extract_text(html: str, *, url: str | None = None) -> str:
    """Main text only: the function the benchmark scores and ``newsdesk extract`` prints."""
    return _main_text(html, url, with_metadata=False)[0]


def _main_text(html: str, url: str | None, *, with_metadata: bool = True) -> tuple[str, Any]:
    precise = trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        with_metadata=with_metadata,
    )
    chosen = _text_of(precise)
    if len(chosen.split()) < _SURELY_AN_ARTICLE_WORDS:
        balanced = trafilatura.extract(
            html, url=url, include_comments=False, include_tables=True, with_metadata=False
        ) or ""
        if len(chosen) < _PRECISION_KEEPS_AT_LEAST * len(balanced):
            chosen = balanced
    # trafilatura puts one block per line; our paragraphs are blank-line separated.
    return normalise_text(chosen.replace("\n", "\n\n")), precise


def _text_of(document: Any) -> str:
    if document is None:
        return ""
    return str(getattr(document, "text", "") or "")


def extract_page(
    html: str | bytes, *, url: str | None = None, content_type: str = ""
) -> ExtractedPage:
    """Main text plus title, author, date, outlet and language of one page.

    Bytes are decoded here (BOM, HTTP charset, meta charset, then UTF-8), so callers
    can hand over a fetched body as it came.
    """
    if isinstance(html, bytes):
        html, _ = decode_document(html, content_type)
    text, document = _main_text(html, url)

    def field(name: str) -> str:
        value = getattr(document, name, None) if document is not None else None
        return " ".join(normalise_text(str(value)).split()) if value else ""

    return ExtractedPage(
        text=text,
        title=field("title"),
        author=field("author"),
        date=field("date"),
        outlet=field("sitename"),
        language=field("language") or declared_language(html),
    )


def declared_language(html: str) -> str:
    """The page's own language tag: <html lang>, else Content-Language or og:locale meta."""
    root = parse_html(html[:200_000])
    if root is None:
        return ""
    candidates = [root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for meta in root.iterfind(".//meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in {"content-language", "og:locale", "language", "dc.language"}:
            candidates.append(meta.get("content"))
    for value in candidates:
        if value and _LANGUAGE.fullmatch(value.strip()):
            return value.strip().replace("_", "-").split("-")[0].lower()
    return ""
