"""What must never survive into rendered HTML, checked on a parsed tree, not by regex."""

from __future__ import annotations

import re

from lxml import etree

from newsdesk.reader.htmldoc import parse_html

ACTIVE_ELEMENTS = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
        "link", "meta", "base", "form", "input", "button", "textarea", "select", "svg",
        "math", "img", "video", "audio", "source", "track", "xml", "import",
    }
)  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "background", "poster", "cite", "xlink:href",
     "dynsrc", "lowsrc", "data", "codebase", "srcset", "ping"}
)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_SAFE_SCHEMES = ("http:", "https:", "mailto:")


def hazards(html: str) -> list[str]:
    """Every script, event handler, style, or non-http(s)/mailto URL found in ``html``."""
    found: list[str] = []
    root = parse_html(f"<div>{html}</div>")
    if root is None:
        return found
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname.lower()
        if tag in ACTIVE_ELEMENTS:
            found.append(f"element <{tag}>")
        for name, value in element.attrib.items():
            attribute = str(name).lower()
            if attribute.startswith("on"):
                found.append(f"event handler {attribute}")
            if attribute == "style":
                found.append(f"style attribute {value!r}")
            if attribute in URL_ATTRIBUTES:
                target = _CONTROL.sub("", str(value)).lower()
                if ":" in target.split("/", 1)[0] and not target.startswith(_SAFE_SCHEMES):
                    found.append(f"{attribute}={value!r}")
    return found
