"""sanitize_html() keeps the article allowlist and nothing else; html_to_text() gives prose."""

from __future__ import annotations

import time

import pytest

from newsdesk.reader.sanitize import SafeHTML, html_to_text, sanitize_html

REL = 'rel="noopener noreferrer nofollow"'

HOSTILE = {
    "script": '<p>hi</p><script>alert("x")</script>',
    "script_uppercase": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "onerror": '<img src="x" onerror="alert(1)">',
    "onclick_on_allowed_tag": '<p onclick="alert(1)">hi</p>',
    "javascript_href": '<a href="javascript:alert(1)">x</a>',
    "javascript_href_obfuscated": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "javascript_href_case": '<a href=" JaVaScRiPt:alert(1)">x</a>',
    "data_url": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "style_attribute": '<p style="background:url(javascript:alert(1))">hi</p>',
    "style_element": "<style>body{display:none}</style><p>hi</p>",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "svg_onload": '<svg onload="alert(1)"><circle r="4"/></svg>',
    "svg_script": "<svg><script>alert(1)</script></svg>",
    "svg_animate_href": (
        '<svg><a><animate attributeName="href" values="javascript:alert(1)"/>'
        "<text>x</text></a></svg>"
    ),
    "math_xlink": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "object_embed": '<object data="x.swf"></object><embed src="x.swf">',
    "form": '<form action="https://evil.example"><input name="q"><button>go</button></form>',
    "meta_refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base": '<base href="https://evil.example/">',
    "link_stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "comment": "<!-- <script>alert(1)</script> --><p>hi</p>",
    "conditional_comment": "<!--[if IE]><script>alert(1)</script><![endif]-->",
    "broken_nesting": '<p><a href="https://ok.example/"><script>alert(1)</p></a>',
    "unclosed_attribute": '<p title="x><script>alert(1)</script>">hi',
    "noscript_mxss": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "template": "<template><img src=x onerror=alert(1)></template>",
    "id_clobber": '<p id="__proto__">a</p><p name="location">b</p><form id="x"></form>',
    "srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
}

DANGEROUS = (
    "<script", "onerror", "onload", "onclick", "javascript:", "vbscript:", "data:", "style=",
    "<style", "<iframe", "<svg", "<math", "<object", "<embed", "<form", "<input", "<meta",
    "<base", "<link", "<img", "<!--", "srcdoc", "__proto__", "name=", "<template",
)  # fmt: skip


@pytest.mark.parametrize("markup", HOSTILE.values(), ids=HOSTILE.keys())
def test_nothing_dangerous_survives(markup: str) -> None:
    cleaned = sanitize_html(markup).lower()
    for needle in DANGEROUS:
        assert needle not in cleaned, (needle, cleaned)


def test_returns_safe_html_that_django_would_trust() -> None:
    cleaned = sanitize_html("<p>hi</p>")
    assert isinstance(cleaned, SafeHTML)
    assert isinstance(cleaned, str)
    assert cleaned.__html__() == "<p>hi</p>"


def test_allowed_markup_survives() -> None:
    markup = (
        "<h2>Heading</h2><h3>Sub</h3><h4>Minor</h4>"
        "<p>Some <em>em</em>, <strong>strong</strong>, <b>b</b>, <i>i</i>, "
        "<q>q</q>, <code>c</code>, <small>s</small>, H<sub>2</sub>O, x<sup>2</sup>, "
        '<abbr title="British Broadcasting Corporation">BBC</abbr>, '
        '<time datetime="2025-03-04">4 March</time>, <span>span</span><br>next</p>'
        "<blockquote>quoted</blockquote><ul><li>one</li></ul><ol><li>two</li></ol>"
        "<pre>pre  formatted</pre><figure>fig<figcaption>caption</figcaption></figure>"
        "<details><summary>More</summary>hidden</details>"
        '<section id="part-2">section</section>'
    )
    assert sanitize_html(markup) == markup


def test_links_keep_safe_urls_and_get_rel() -> None:
    cleaned = sanitize_html(
        '<a href="https://news.example/a" title="A" rel="opener" target="_blank">a</a>'
        '<a href="mailto:desk@example.test">m</a><a href="/relative">r</a>'
    )
    assert cleaned == (
        f'<a href="https://news.example/a" title="A" {REL}>a</a>'
        f'<a href="mailto:desk@example.test" {REL}>m</a>'
        f'<a href="/relative" {REL}>r</a>'
    )


def test_ids_only_when_plain() -> None:
    cleaned = sanitize_html(
        '<p id="intro">a</p><p id="Intro">b</p><p id="1x">c</p><p id="a b">d</p>'
        '<span id="s">e</span><section id="' + "x" * 60 + '">f</section>'
    )
    assert cleaned == (
        '<p id="intro">a</p><p>b</p><p>c</p><p>d</p><span>e</span><section>f</section>'
    )


def test_disallowed_tags_keep_their_text() -> None:
    assert sanitize_html("<div><h1>Big</h1><font>old</font></div>") == "Bigold"


def test_broken_markup_is_balanced() -> None:
    assert sanitize_html("<p><em>open <strong>both") == "<p><em>open <strong>both</strong></em></p>"


def test_text_is_escaped() -> None:
    assert sanitize_html("1 < 2 & 3 > 2") == "1 &lt; 2 &amp; 3 &gt; 2"


# --- html_to_text ---------------------------------------------------------------------


def test_blocks_become_paragraphs() -> None:
    text = html_to_text(
        "<h2>Title</h2><p>First <b>para</b>graph\n spread   out.</p><div>Second</div>"
        "<ul><li>one</li><li>two</li></ul>Tail text"
    )
    assert text == "Title\n\nFirst paragraph spread out.\n\nSecond\n\none\n\ntwo\n\nTail text"


def test_br_folds_but_double_br_breaks() -> None:
    assert html_to_text("a<br>b<br><br>c") == "a b\n\nc"


def test_scripts_styles_and_comments_are_dropped() -> None:
    text = html_to_text(
        "<p>keep</p><script>var x = '<p>no</p>';</script><style>p{}</style>"
        "<!-- secret --><noscript>enable js</noscript><template>t</template>after"
    )
    assert text == "keep\n\nafter"


def test_entities_are_decoded() -> None:
    assert html_to_text("<p>Fish &amp; chips &lt;3 &eacute;t&#233; &nbsp;x</p>") == (
        "Fish & chips <3 été x"
    )


def test_plain_and_empty_input() -> None:
    assert html_to_text("") == ""
    assert html_to_text("   ") == ""
    assert html_to_text("just words") == "just words"


def test_encoding_declaration_does_not_confuse_the_parser() -> None:
    html = '<?xml version="1.0" encoding="latin-1"?><meta charset="latin-1"><p>café</p>'
    assert html_to_text(html) == "café"


def test_broken_markup() -> None:
    # <b> opens inside the unclosed second <p>, as a browser would read it.
    assert html_to_text("<p>one<p>two</div></span><b>three") == "one\n\ntwothree"
    assert html_to_text("<p>unfinished <a href='x") == "unfinished"


@pytest.mark.parametrize(
    "hostile",
    ["<!" * 500_000, "</" * 500_000, "<" * 1_000_000, "<a " + "b=1 " * 250_000,
     "<p>" + "word " * 1_000_000],
    ids=["bang", "close", "lt", "attrs", "big"],
)  # fmt: skip
def test_huge_or_pathological_input_is_fast(hostile: str) -> None:
    started = time.monotonic()
    html_to_text(hostile)
    assert time.monotonic() - started < 5
