"""Every page type in a real browser: accessible, no sideways scrolling at
phone width, a visible call to action whose links work, no JavaScript."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, OUTPUT, StaticServer, require_chromium
from helpers import SHOWCASE, SHOWCASE_PAGES, headers

pytestmark = pytest.mark.browser

PAGE_TYPES = SHOWCASE_PAGES
WITH_OPEN_PETITION = {"home", "testimony", "testimony-anonymous", "news", "petition", "petitions"}
VIEWPORTS = {"phone": (375, 667), "desktop": (1280, 800)}
# The showcase's open petition, which every page in WITH_OPEN_PETITION calls to sign.
OPEN_PETITION = headers(SHOWCASE / "petitions/cap-at-45.md")
SIGN_URL = OPEN_PETITION["url"]
SIGN_HOST = "{0.scheme}://{0.netloc}/".format(urlsplit(SIGN_URL))


@pytest.fixture(scope="module")
def server(showcase_site):
    require_chromium()
    with StaticServer(showcase_site) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def open_page(browser, url, viewport, color_scheme="light", javascript=True):
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]},
        color_scheme=color_scheme,
        java_script_enabled=javascript,
    )
    external = []

    def block_external(route):
        if route.request.url.startswith(SIGN_HOST):
            route.fulfill(status=200, content_type="text/html", body="<title>Signed</title><p>Thank you</p>")
        elif route.request.url.startswith(("http://127.0.0.1", "data:")):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", block_external)
    page = context.new_page()
    response = page.goto(url)
    return context, page, response, external


@pytest.mark.parametrize("viewport_name", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_in_browser(server, browser, axe, name, viewport_name):
    viewport = VIEWPORTS[viewport_name]
    context, page, response, external = open_page(browser, server.url + PAGE_TYPES[name], viewport)
    try:
        assert response.status == 200
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {viewport}"
        assert page.locator("h1").count() == 1
        assert external == [], f"{name} requested {external}"
        (OUTPUT / "screenshots").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUTPUT / "screenshots" / f"{name}-{viewport_name}.png"), full_page=True)
        if name in WITH_OPEN_PETITION:
            cta = page.locator(".petition-cta.petition-open").first
            cta.scroll_into_view_if_needed()
            assert cta.is_visible()
            sign = cta.locator("a.petition-sign")
            assert sign.is_visible()
            with page.expect_navigation():
                sign.click()
            assert page.url == SIGN_URL
            assert page.title() == "Signed"
    finally:
        context.close()


def test_petition_title_link_reaches_the_petition_page(server, browser):
    context, page, _, _ = open_page(browser, server.url + PAGE_TYPES["testimony"], VIEWPORTS["phone"])
    try:
        page.locator(".petition-cta .petition-title a").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/" + PAGE_TYPES["petition"])
        assert page.locator("h1").inner_text() == OPEN_PETITION["title"]
    finally:
        context.close()


def luminance(page, script: str) -> float:
    """The WCAG relative luminance (0 black, 1 white) of an opaque colour the
    page computes, such as `getComputedStyle(document.body).backgroundColor`."""
    computed = page.evaluate(script)
    match = re.fullmatch(r"rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)", computed)
    assert match and float(match.group(4) or 1) == 1, f"not an opaque rgb() colour: {computed}"

    def linear(channel):
        channel = int(channel) / 255
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(match.group(i)) for i in (1, 2, 3))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


BACKGROUND = "getComputedStyle(document.body).backgroundColor"
TEXT = "getComputedStyle(document.querySelector('main')).color"


@pytest.mark.parametrize("name", ["home", "testimony", "petition", "update"])
def test_dark_mode_is_accessible_too(server, browser, axe, name):
    """A reader who asks for dark pages gets light text on a dark background
    (and a light page otherwise), and axe still finds nothing."""
    light, light_page, _, _ = open_page(browser, server.url + PAGE_TYPES[name], VIEWPORTS["phone"])
    try:
        assert luminance(light_page, BACKGROUND) > 0.5 > luminance(light_page, TEXT)
    finally:
        light.close()
    context, page, _, _ = open_page(browser, server.url + PAGE_TYPES[name], VIEWPORTS["phone"], color_scheme="dark")
    try:
        assert luminance(page, BACKGROUND) < 0.05 < luminance(page, TEXT)
        assert luminance(page, BACKGROUND) < luminance(page, TEXT)
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()
        page.screenshot(path=str(OUTPUT / "screenshots" / f"{name}-dark.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_readable_at_320px_without_javascript(server, browser, name):
    context, page, response, _ = open_page(browser, server.url + PAGE_TYPES[name], (320, 640), javascript=False)
    try:
        assert response.status == 200
        assert page.locator("h1").is_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 320px"
    finally:
        context.close()


def test_axe_can_fail(browser, axe):
    """The zero-violation checks above are real: axe flags a bad page."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(
            "<!doctype html><html lang='en'><title>x</title><main><img src='data:,'>" "<a href='#'></a></main></html>"
        )
        results = axe.run(page)
        assert results.violations_count > 0
        assert {"image-alt", "link-name"} <= {
            v["id"] for v in results.response["violations"]
        }, results.generate_report()
    finally:
        context.close()
