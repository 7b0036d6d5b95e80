"""Readers who use a keyboard, a screen reader, a phone, dark mode or a printer: axe-core in
real headless Chromium, tabbing, page weight, and screenshots of every kind of page."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGE_WEIGHT_LIMIT = 60 * 1024
SIZES = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def paths(demo_site: str) -> dict[str, str]:
    """One page of each kind from the demo site: index, article, section, search, and the
    email briefing's page and subscribe form."""
    html = urllib.request.urlopen(demo_site + "/").read().decode()
    article = re.findall(r'href="(/articles/[^"]+/)"', html)[0]
    section = re.findall(r'href="(/sections/[^"]+/)"', html)[0]
    return {"index": "/", "article": article, "section": section, "search": "/search/?q=county",
            "briefing": "/briefing/", "subscribe": "/subscribe/"}


def _open(browser: Browser, url: str, *, size: str = "desktop", scheme: str = "light"
          ) -> Page:
    context = browser.new_context(viewport=SIZES[size],  # type: ignore[arg-type]
                                  color_scheme=scheme,  # type: ignore[arg-type]
                                  bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["index", "article", "section", "search", "briefing",
                                  "subscribe"])
def test_axe_finds_no_violations(browser: Browser, demo_site: str, paths: dict[str, str],
                                 kind: str, scheme: str) -> None:
    assert AXE.exists(), "axe-core is missing: run `make node` (npm ci) first"
    page = _open(browser, demo_site + paths[kind], scheme=scheme)
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    violations = json.loads(result)["violations"]
    assert json.loads(result)["passes"], "axe ran no checks at all"
    page.context.close()
    assert violations == [], json.dumps(
        [{"id": v["id"], "nodes": [n["html"] for n in v["nodes"]][:3]} for v in violations],
        indent=1)


def test_keyboard_only_reader(browser: Browser, demo_site: str, paths: dict[str, str]) -> None:
    page = _open(browser, demo_site + paths["article"])
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0, "the skip link must show when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    # From the main content, Tab reaches the summary control, shown with a visible outline.
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(
            "() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.tagName, e.textContent.trim().slice(0, 40), s.outlineStyle,"
            " s.outlineWidth]; }"))
        if reached[-1][0] == "SUMMARY":
            break
    assert reached[-1][0] == "SUMMARY", reached
    assert reached[-1][2] != "none" and reached[-1][3] != "0px"
    page.keyboard.press("Enter")
    expect(page.locator("details.summary-top .summary-body")).to_be_visible()
    # The search box is a Tab away from the skip link, and Enter submits it.
    page.goto(demo_site + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#search-q")).to_be_focused()
    page.keyboard.type("county")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=county")
    assert page.locator(".results mark").count() >= 1
    page.context.close()


def test_article_weighs_under_60_kb(demo_site: str, paths: dict[str, str]) -> None:
    html = urllib.request.urlopen(demo_site + paths["article"]).read()
    css_paths = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html)
    assert css_paths
    css = b"".join(urllib.request.urlopen(demo_site + p.decode()).read() for p in css_paths)
    assert len(html) + len(css) < PAGE_WEIGHT_LIMIT, (len(html), len(css))


def test_static_files_have_hashed_names(demo_site: str) -> None:
    html = urllib.request.urlopen(demo_site + "/").read().decode()
    assert re.search(r'href="/static/web/site\.[0-9a-f]{12}\.css"', html), html[:800]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "mobile"])
def test_screenshots_fit_the_screen(browser: Browser, demo_site: str, paths: dict[str, str],
                                    size: str, scheme: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for kind, path in paths.items():
        page = _open(browser, demo_site + path, size=size, scheme=scheme)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        page.screenshot(path=str(ARTIFACTS / f"{kind}-{size}-{scheme}.png"), full_page=True)
        page.context.close()
        assert overflow <= 0, f"{kind} scrolls sideways on {size}"


def test_print_shows_the_article_without_controls(browser: Browser, demo_site: str,
                                                  paths: dict[str, str]) -> None:
    page = _open(browser, demo_site + paths["article"])
    page.emulate_media(media="print")
    for hidden in (".site-header", ".summary-top", ".prev-next", ".site-footer"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".article-body")).to_be_visible()
    expect(page.locator(".sources")).to_be_visible()
    page.context.close()
