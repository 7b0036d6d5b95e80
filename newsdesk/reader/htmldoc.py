"""One lenient HTML parser for every reader that needs a tree.

libxml2's HTML parser is C, linear on hostile input and forgiving of broken markup;
the stdlib parser degrades badly on some malformed input (runs of ``<!`` or ``</``),
which a feed or a dropped file can contain.
"""

from __future__ import annotations

from typing import Final

from lxml import etree

# We always hand it UTF-8 (encoded from ``str``), whatever a <meta charset> claims,
# and it never loads anything from the network.
_PARSER: Final = etree.HTMLParser(
    encoding="utf-8",
    huge_tree=True,
    remove_comments=True,
    remove_pis=True,
    no_network=True,
)


def parse_html(html: str) -> etree._Element | None:
    """The document's root element, or None when there is nothing to parse.

    libxml2 gives up below about 2,000 levels of nesting; text past that depth is lost.
    """
    if not html.strip():
        return None
    try:
        return etree.fromstring(html.encode("utf-8", "replace"), _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError):
        return None


def element_text(element: etree._Element) -> str:
    """All text inside ``element``, whitespace folded to single spaces."""
    return " ".join("".join(element.itertext()).split())
