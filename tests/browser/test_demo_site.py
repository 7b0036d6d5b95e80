"""A reader's walk through the demo site in real headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    yield context.new_page()
    context.close()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_index_lists_the_demo_articles(page: Page, demo_site: str) -> None:
    page.goto(demo_site + "/")
    expect(page.get_by_role("heading", name="Latest news")).to_be_visible()
    cards = page.locator(".article-card h2 a")
    assert cards.count() >= 12
    shot(page, "index")


def test_summary_reveals_and_next_article_follows(page: Page, demo_site: str) -> None:
    page.goto(demo_site + "/")
    oldest = page.locator(".article-card h2 a").last
    oldest_title = oldest.inner_text()
    oldest.click()
    expect(page.locator("h1")).to_have_text(oldest_title)
    assert page.get_by_text("Previous Article").count() == 0  # the first article has none

    controls = page.get_by_text("No time to read? Get a summary")
    expect(controls).to_have_count(2)
    top_summary = page.locator("details.summary-top .summary-body")
    expect(top_summary).to_be_hidden()
    controls.first.click()
    expect(top_summary).to_be_visible()
    assert len(top_summary.locator("li").all()) >= 1
    shot(page, "article-summary-open")

    # Keyboard: the bottom control opens with Enter, no mouse and no script.
    bottom = page.locator("details.summary-bottom > summary")
    bottom.focus()
    page.keyboard.press("Enter")
    expect(page.locator("details.summary-bottom .summary-body")).to_be_visible()

    next_link = page.locator("a[rel=next]")
    next_title = next_link.locator(".title").inner_text()
    next_link.click()
    expect(page.locator("h1")).to_have_text(next_title)
    expect(page.locator("a[rel=prev] .title")).to_have_text(oldest_title)
    shot(page, "article-next")


def test_newest_article_has_no_next(page: Page, demo_site: str) -> None:
    page.goto(demo_site + "/")
    page.locator(".article-card h2 a").first.click()
    expect(page.locator("a[rel=prev]")).to_have_count(1)
    expect(page.locator("a[rel=next]")).to_have_count(0)
    attribution = page.locator("a.attribution").first
    href = attribution.get_attribute("href", timeout=5000)
    assert href is not None and href.startswith("https://")


def test_reads_without_javascript(browser: Browser, demo_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + "/")
    page.locator(".article-card h2 a").first.click()
    page.get_by_text("No time to read? Get a summary").first.click()
    expect(page.locator("details.summary-top .summary-body")).to_be_visible()
    context.close()
