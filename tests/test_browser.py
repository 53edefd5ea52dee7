"""Every page type in a real browser: accessible, no sideways scrolling at
phone width, a visible call to action whose links work, no JavaScript."""

from __future__ import annotations

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, OUTPUT, StaticServer, require_chromium

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "",
    "testimony": "testimonies/sixty-five-students-and-a-lunch-i-eat-in-the-car/",
    "testimony-anonymous": "testimonies/at-six-months-i-was-the-veteran/",
    "testimony-spanish": "testimonies/me-prometieron-cincuenta-estudiantes/",
    "update": "updates/forum-session-2-managements-staffing-plan/",
    "news": "news/inland-coordinators-rally-for-a-45-student-cap/",
    "petition": "petitions/caseload-cap/",
    "petition-won": "petitions/mentoring-for-every-new-hire/",
    "petitions": "petitions/",
    "testimonies": "testimonies/",
    "archives": "archives/",
    "region": "regions/inland-county/",
    "regions": "regions/",
    "tag": "tags/caseloads/",
    "tags": "tags/",
    "author": "authors/priya-castellanos/",
    "authors": "authors/",
    "page": "about-local-2210/",
    "subscribe": "subscribe/",
    "404": "404.html",
}
WITH_OPEN_PETITION = {"home", "testimony", "testimony-anonymous", "news", "petition", "petitions"}
VIEWPORTS = {"phone": (375, 667), "desktop": (1280, 800)}
SIGN_HOST = "https://sign.local2210.example.org/"


@pytest.fixture(scope="module")
def server(sample_site):
    require_chromium()
    with StaticServer(sample_site) as running:
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
            assert page.url.startswith(SIGN_HOST)
            assert page.title() == "Signed"
    finally:
        context.close()


def test_petition_title_link_reaches_the_petition_page(server, browser):
    context, page, _, _ = open_page(browser, server.url + PAGE_TYPES["testimony"], VIEWPORTS["phone"])
    try:
        page.locator(".petition-cta .petition-title a").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/petitions/caseload-cap/")
        assert page.locator("h1").inner_text() == "Cap coordinator caseloads at 45 students"
    finally:
        context.close()


@pytest.mark.parametrize("name", ["home", "testimony", "petition", "update"])
def test_dark_mode_is_accessible_too(server, browser, axe, name):
    context, page, _, _ = open_page(browser, server.url + PAGE_TYPES[name], VIEWPORTS["phone"], color_scheme="dark")
    try:
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(18, 18, 20)"
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
        assert axe.run(page).violations_count > 0
    finally:
        context.close()


@pytest.mark.parametrize("name", ["testimony", "petition"])
def test_prints_as_a_flyer(server, browser, name):
    context, page, _, _ = open_page(browser, server.url + PAGE_TYPES[name], VIEWPORTS["desktop"])
    try:
        page.emulate_media(media="print")
        assert not page.locator(".site-header").is_visible()
        assert not page.locator(".share").is_visible()
        assert page.locator(".print-qr svg.qr-code").is_visible()
        assert "https://sign.local2210.example.org/caseload-cap" in page.locator(".print-qr").inner_text()
        if name == "testimony":
            assert page.locator(".pull-quote").is_visible()
            assert page.locator(".facts-box .fact").first.is_visible()
        pdf = OUTPUT / "screenshots" / f"{name}-flyer.pdf"
        page.pdf(path=str(pdf), format="Letter")
        data = pdf.read_bytes()
        assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") == 1, "the flyer is more than one page"
    finally:
        context.close()
