"""The subscriber's whole path in real headless Chromium: the footer form, the confirmation
link from the mail, the briefing's links, one-click unsubscribe; axe-core on every new page,
and screenshots of each (light, dark, phone) in test-artifacts/."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect, sync_playwright

from newsdesk.channels.briefing.models import Subscriber
from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.browser.test_accessibility import AXE, SIZES
from tests.channels.briefing.conftest import a_past_day, publish_in, run_tasks, section
from tests.smtp_server import SmtpServer
from tests.support.options import OptionsOverride

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Playwright's sync API keeps an event loop in this thread; the ORM calls between its
    # steps (and the database's setup and flush) are still plain synchronous test code.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server: Any, options: OptionsOverride, smtp: SmtpServer) -> str:
    options.set(NEWSDESK_SITE_URL=live_server.url)
    return str(live_server.url)


def _open(browser: Browser, url: str, *, size: str = "desktop", scheme: str = "light") -> Page:
    context = browser.new_context(viewport=SIZES[size],  # type: ignore[arg-type]
                                  color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(url)
    return page


def _axe(page: Page) -> None:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = json.loads(page.evaluate("async () => JSON.stringify(await axe.run(document))"))
    assert result["passes"], "axe ran no checks at all"
    assert result["violations"] == [], json.dumps(
        [{"id": v["id"], "nodes": [n["html"] for n in v["nodes"]][:3]}
         for v in result["violations"]], indent=1)


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.screenshot(path=str(ARTIFACTS / f"briefing-{name}.png"), full_page=True)
    assert overflow <= 0, f"{name} scrolls sideways"


def _check_both_schemes(browser: Browser, url: str, name: str) -> None:
    for scheme in ("light", "dark"):
        page = _open(browser, url, scheme=scheme)
        _axe(page)
        _shot(page, f"{name}-{scheme}")
        page.context.close()


def test_subscribe_confirm_read_and_unsubscribe(browser: Browser, site: str,
                                                smtp: SmtpServer) -> None:
    day = a_past_day()
    sport = section("Sport")
    final = publish_in(day, "Harriers win the cup final in extra time", section=sport)
    publish_in(day, "Council adopts the 2027 budget", section=section("Local"))

    page = _open(browser, site + final.get_absolute_url())
    footer = page.locator("footer .subscribe-form")
    footer.get_by_label("Email address").fill("fan@readers.example.test")
    footer.locator("summary").click()
    footer.get_by_label("Sport").check()
    footer.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    _axe(page)
    _shot(page, "check-inbox")

    run_tasks()
    [confirmation] = smtp.wait_for(1)
    link = re.search(r"http://\S+/subscribe/confirm/\S+/", confirmation.part("text/plain"))
    assert link and link.group(0).startswith(site)
    page.goto(link.group(0))
    expect(page.get_by_role("heading", name="Confirm your subscription")).to_be_visible()
    _axe(page)
    _shot(page, "confirm")
    page.get_by_role("button", name="Confirm subscription").click()
    expect(page.get_by_role("heading", name="You are subscribed")).to_be_visible()
    _axe(page)
    assert [s.name for s in Subscriber.objects.get().sections.all()] == ["Sport"]

    call_command("briefing", "send", "--date", day.isoformat())
    briefing = smtp.wait_for(2)[1]
    article_links = re.findall(r'href="([^"]+/articles/[^"]+/)"', briefing.part("text/html"))
    assert article_links == [site + final.get_absolute_url()]
    page.goto(article_links[0])
    expect(page.get_by_role("heading", level=1)).to_have_text(final.headline)

    unsubscribe = re.search(r"http://\S+/subscribe/unsubscribe/\S+/",
                            briefing.part("text/plain"))
    assert unsubscribe
    page.goto(unsubscribe.group(0))
    expect(page.get_by_text("fan@readers.example.test")).to_be_visible()
    _axe(page)
    _shot(page, "unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    _axe(page)
    assert not Subscriber.objects.exists()
    page.context.close()


def test_a_bad_address_is_explained_on_the_page_and_kept(browser: Browser, site: str) -> None:
    publish_in(a_past_day(), "Flu clinics open", section=section("Health"))
    page = _open(browser, site + "/")
    form = page.locator("footer .subscribe-form")
    form.get_by_label("Email address").fill("reader@example")  # a browser lets this through
    form.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("alert")).to_contain_text("is not an email address")
    field = page.locator("#subscribe-email")
    expect(field).to_have_value("reader@example")
    expect(field).to_have_attribute("aria-invalid", "true")
    _axe(page)
    _shot(page, "error")
    assert not Subscriber.objects.exists()
    page.context.close()


def test_the_new_pages_pass_axe_and_fit_every_screen(browser: Browser, site: str) -> None:
    day = a_past_day()
    for n, (name, where) in enumerate([("Budget adopted after a long night", "Local"),
                                       ("Harriers take the cup", "Sport"),
                                       ("Tram extension opens", "Local")]):
        publish_in(day, name, hours=1 + n, section=section(where))
    _check_both_schemes(browser, f"{site}/briefing/{day.isoformat()}/", "page")
    _check_both_schemes(browser, f"{site}/subscribe/", "subscribe-page")
    for scheme in ("light", "dark"):
        for size in ("desktop", "mobile"):
            page = _open(browser, site + "/", size=size, scheme=scheme)
            form = page.locator("footer .subscribe")
            form.locator("summary").click()
            expect(form.get_by_label("Sport")).to_be_visible()
            _axe(page)
            form.scroll_into_view_if_needed()
            ARTIFACTS.mkdir(exist_ok=True)
            form.screenshot(path=str(ARTIFACTS / f"briefing-form-{size}-{scheme}.png"))
            _shot(page, f"index-{size}-{scheme}")
            page.context.close()
    page = _open(browser, f"{site}/briefing/{day.isoformat()}/", size="mobile")
    _shot(page, "page-mobile")
    page.context.close()
