"""What machines read in a page's head: schema.org JSON-LD, OpenGraph, Twitter cards."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from newsdesk import conf

# Inside <script> the HTML parser ends the element at "</", and "<!--" changes its state:
# escaping <, > and & as JSON \u escapes makes any string harmless there and keeps the JSON
# identical for a parser. Nothing else in this module reaches the page unescaped.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


def absolute(path: str) -> str:
    return f"{conf.options().site.url}{path}"


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """A <script type="application/ld+json"> element whose content cannot end the script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _SCRIPT_ESCAPES
    )
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def news_article(a: dict[str, Any]) -> dict[str, Any]:
    """schema.org NewsArticle for one article dict (the same dict the page renders)."""
    standard = a["summary"].get("standard")
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a["headline"][:110],
        "url": absolute(a["url"]),
        "mainEntityOfPage": absolute(a["url"]),
        "datePublished": a["published_at"],
        "dateModified": a["updated_at"],
        "inLanguage": "en",
        "wordCount": sum(len(p.split()) for p in a["paragraphs"]),
        "author": {"@type": "Organization", "name": conf.options().site.name,
                   "url": absolute("/")},
        "publisher": {"@type": "Organization", "name": conf.options().site.name,
                      "url": absolute("/")},
        "isBasedOn": [s["url"] for s in a["attributions"] if s["url"]],
    }
    if standard:
        data["description"] = standard["text"]
    if a["section"]:
        data["articleSection"] = a["section"]["name"]
    if a["tags"]:
        data["keywords"] = [t["name"] for t in a["tags"]]
    return data


def cards(*, title: str, description: str, url: str, kind: str = "website") -> dict[str, str]:
    """OpenGraph and Twitter card fields; templates escape every value."""
    return {"title": title, "description": description[:300], "url": absolute(url),
            "type": kind, "site_name": conf.options().site.name}
