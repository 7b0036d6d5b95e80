"""The API's OpenAPI 3 description, written by hand: four endpoints do not need a framework,
and a hand-written schema is one a reader can check against the views next to it."""

from __future__ import annotations

from typing import Any

from newsdesk.articles.keyset import CURSOR_PATTERN
from newsdesk.articles.search import SEARCH_CURSOR_PATTERN

_NULLABLE_STR = {"type": ["string", "null"]}
_LINK = {
    "type": ["object", "null"],
    "required": ["headline", "url", "slug"],
    "properties": {"headline": {"type": "string"}, "url": {"type": "string"},
                   "slug": {"type": "string"}},
}
_NAMED = {
    "type": "object",
    "required": ["name", "slug", "url"],
    "properties": {"name": {"type": "string"}, "slug": {"type": "string"},
                   "url": {"type": "string"}},
}
_ERROR = {
    "description": "The request cannot be answered; `error` says why.",
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "string"}}}}},
}


def _param(name: str, where: str, doc: str, *, required: bool = False,
           schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": where, "required": required, "description": doc,
            "schema": schema or {"type": "string"}}


_CURSOR = {"type": "string", "pattern": f"^({CURSOR_PATTERN})?$"}  # empty: the first page
_CURSORS = [
    _param("before", "query", "Cursor from `older`: the page of older articles. "
           "Wins over `after` when both are given.", schema=_CURSOR),
    _param("after", "query", "Cursor from `newer`: the page of newer articles.",
           schema=_CURSOR),
    _param("limit", "query", "Articles per page (1 to 100).",
           schema={"type": "integer", "minimum": 1, "maximum": 100}),
]

_TEASER = {
    "type": "object",
    "required": ["slug", "url", "headline", "published_at", "section", "summary", "outlet"],
    "properties": {
        "slug": {"type": "string"}, "url": {"type": "string"},
        "headline": {"type": "string"},
        "published_at": {"type": "string", "format": "date-time"},
        "section": {"oneOf": [_NAMED, {"type": "null"}]},
        "summary": _NULLABLE_STR, "outlet": {"type": "string"},
    },
}

_SUMMARY = {
    "type": "object",
    "required": ["text", "made_by", "sentences"],
    "properties": {
        "text": {"type": "string"}, "made_by": {"type": "string"},
        "sentences": {"type": "array", "items": {
            "type": "object", "required": ["text", "paragraph", "anchor"],
            "properties": {"text": {"type": "string"}, "paragraph": {"type": "integer"},
                           "anchor": {"type": "string"}}}},
    },
}

_ARTICLE = {
    "type": "object",
    "required": ["slug", "url", "headline", "published_at", "updated_at", "section", "tags",
                 "reading_minutes", "paragraphs", "body_html", "attributions", "summary",
                 "previous", "next", "related", "change", "made_by", "extractive",
                 "prompt_version"],
    "properties": {
        "slug": {"type": "string"}, "url": {"type": "string"}, "headline": {"type": "string"},
        "published_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
        "section": {"oneOf": [_NAMED, {"type": "null"}]},
        "tags": {"type": "array", "items": _NAMED},
        "reading_minutes": {"type": "integer", "minimum": 1},
        "paragraphs": {"type": "array", "items": {"type": "string"}},
        "body_html": {"type": "string", "description": "Sanitized HTML of the body."},
        "attributions": {"type": "array", "items": {
            "type": "object", "required": ["label", "url"],
            "properties": {"label": {"type": "string"}, "url": {"type": "string"}}}},
        "summary": {"type": "object", "additionalProperties": _SUMMARY,
                    "description": "Summaries by length: short, standard, long."},
        "previous": _LINK, "next": _LINK,
        "related": {"type": "array", "items": _LINK},
        "change": {"type": ["object", "null"]},
        "made_by": {"type": "string"}, "extractive": {"type": "boolean"},
        "prompt_version": {"type": "string"},
    },
}


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def openapi_schema(server_url: str) -> dict[str, Any]:
    list_schema = {
        "type": "object", "required": ["items", "older", "newer"],
        "properties": {"items": {"type": "array", "items": _TEASER},
                       "older": _NULLABLE_STR, "newer": _NULLABLE_STR},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "newsdesk API", "version": "1",
                 "description": "Published articles, their summaries and sources. "
                                "Read-only; every answer carries an ETag."},
        "servers": [{"url": server_url}],
        "paths": {
            "/api/articles/": {"get": {
                "operationId": "listArticles", "summary": "Newest published articles",
                "parameters": [
                    *_CURSORS,
                    _param("section", "query", "Only this section (slug)."),
                    _param("tag", "query", "Only this tag (slug)."),
                ],
                "responses": {"200": _json("A page of articles.", list_schema),
                              "400": _ERROR},
            }},
            "/api/articles/{slug}/": {"get": {
                "operationId": "getArticle",
                "summary": "One article with summaries, attributions and neighbours",
                "parameters": [_param("slug", "path", "The article's slug.", required=True)],
                "responses": {"200": _json("The article.", _ARTICLE), "404": _ERROR},
            }},
            "/api/search/": {"get": {
                "operationId": "search", "summary": "Ranked full-text search",
                "parameters": [
                    _param("q", "query", "Words to look for."),
                    _param("after", "query", "Cursor from `next`.", schema={
                        "type": "string", "pattern": f"^({SEARCH_CURSOR_PATTERN})?$"}),
                    _CURSORS[2],
                ],
                "responses": {"200": _json("Best matches first.", {
                    "type": "object", "required": ["query", "items", "next"],
                    "properties": {
                        "query": {"type": "string"}, "next": _NULLABLE_STR,
                        "items": {"type": "array", "items": {"allOf": [_TEASER, {
                            "type": "object", "required": ["highlight", "headline_highlight"],
                            "properties": {"highlight": {
                                "type": "string",
                                "description": "Escaped text with <mark> around matches."},
                                "headline_highlight": {"type": "string"}},
                        }]}},
                    }}), "400": _ERROR},
            }},
            "/api/sources/": {"get": {
                "operationId": "listSources", "summary": "Sources published articles use",
                "responses": {"200": _json("Sources.", {
                    "type": "object", "required": ["items"],
                    "properties": {"items": {"type": "array", "items": {
                        "type": "object",
                        "required": ["id", "name", "outlet", "kind", "url",
                                     "published_articles"],
                        "properties": {
                            "id": {"type": "integer"}, "name": {"type": "string"},
                            "outlet": {"type": "string"},
                            "kind": {"type": "string", "enum": ["feed", "files"]},
                            "url": _NULLABLE_STR,
                            "published_articles": {"type": "integer"},
                        }}}}})},
            }},
        },
    }
