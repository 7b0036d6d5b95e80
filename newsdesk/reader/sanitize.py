"""The only place that turns untrusted HTML into something a page may render.

Feeds and pages hand us HTML written by strangers. Everything that ends up in a
template either goes through :func:`sanitize_html` (and comes back as
:class:`SafeHTML`) or is plain text from :func:`html_to_text`, which templates
escape as usual. Nothing else in the project may mark HTML as safe.
"""

from __future__ import annotations

import re
from typing import Final

import nh3
from lxml import etree

from newsdesk.reader.htmldoc import parse_html
from newsdesk.reader.items import normalise_text


class SafeHTML(str):
    """HTML that went through :func:`sanitize_html`.

    Django's escaping calls ``__html__`` and trusts its result, so templates render
    this unescaped without this module having to import Django.
    """

    __slots__ = ()

    def __html__(self) -> str:
        return self


# Article bodies need structure and emphasis, not layout, forms, media or scripts.
_ALLOWED_TAGS: Final = frozenset(
    {
        "p", "a", "em", "strong", "b", "i", "blockquote", "q", "ul", "ol", "li", "br",
        "h2", "h3", "h4", "sup", "sub", "code", "pre", "span", "figure", "figcaption",
        "abbr", "time", "details", "summary", "section", "small", "mark",
    }
)  # fmt: skip

# ``rel`` is not listed on ``a``: nh3 sets it itself (link_rel) and refuses both at once.
_ALLOWED_ATTRIBUTES: Final = {
    "a": frozenset({"href", "title"}),
    "abbr": frozenset({"title"}),
    "mark": frozenset({"title"}),
    "time": frozenset({"datetime"}),
    "p": frozenset({"id"}),
    "section": frozenset({"id"}),
    "ul": frozenset({"id"}),
    "ol": frozenset({"id"}),
}

# Dropped together with everything inside them, not just unwrapped: their content
# is code, styling or embedded documents, never article text.
_DROPPED_WITH_CONTENT: Final = frozenset(
    {
        "script", "style", "template", "noscript", "iframe", "object", "embed", "svg",
        "math", "textarea", "select", "title", "head",
    }
)  # fmt: skip

_URL_SCHEMES: Final = frozenset({"http", "https", "mailto"})
_LINK_REL: Final = "noopener noreferrer nofollow"

# Plain lowercase ids only, so an id can neither carry markup tricks nor shadow the
# page's own globals with names such as ``__proto__`` or ``CSRF_TOKEN``.
_SAFE_ID: Final = re.compile(r"[a-z][a-z0-9-]{0,40}")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Keep an ``id`` only when it is a plain, short, lowercase name."""
    if attribute == "id":
        return value if _SAFE_ID.fullmatch(value) else None
    return value


_CLEANER: Final = nh3.Cleaner(
    tags=_ALLOWED_TAGS,
    clean_content_tags=_DROPPED_WITH_CONTENT,
    attributes=_ALLOWED_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    strip_comments=True,
    link_rel=_LINK_REL,
    url_schemes=_URL_SCHEMES,
    generic_attribute_prefixes=frozenset(),
    # Attribution links and labels keep their one class, so the site can style them.
    allowed_classes={"a": {"attribution"}, "span": {"attribution"}},
    filter_style_properties=frozenset(),
)


def sanitize_html(html: str) -> SafeHTML:
    """Reduce untrusted HTML to the article-body allowlist and mark the result safe."""
    return SafeHTML(_CLEANER.clean(html))


# --- HTML to plain text -------------------------------------------------------------

# Elements whose start and end separate paragraphs in the plain text.
_BLOCK_TAGS: Final = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip

# Elements whose text is never prose a reader should see.
_SKIPPED_TAGS: Final = frozenset(
    {
        "script", "style", "template", "noscript", "title", "head", "svg", "math",
        "iframe", "object", "embed", "select", "textarea", "button",
    }
)  # fmt: skip

_PARAGRAPH_BREAK: Final = "\n\n"


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: block elements become paragraphs, code is dropped.

    Entities are decoded by the parser, so the result must be escaped again before it
    is put into HTML.
    """
    root = parse_html(html)
    if root is None:
        return ""
    parts: list[str] = []
    # iterwalk is iterative, so deeply nested input cannot exhaust Python's stack.
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIPPED_TAGS:
                walker.skip_subtree()
                continue
            if tag in _BLOCK_TAGS:
                parts.append(_PARAGRAPH_BREAK)
            elif tag == "br":
                # A single <br> folds into a space; two in a row make a paragraph.
                parts.append("\n")
            if element.text:
                parts.append(element.text)
        else:
            if tag in _BLOCK_TAGS:
                parts.append(_PARAGRAPH_BREAK)
            if element.tail and element is not root:
                parts.append(element.tail)
    return normalise_text("".join(parts))
