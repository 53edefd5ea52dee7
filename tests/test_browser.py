"""Every page type in a real browser: accessible, no sideways scrolling at
phone width, a visible call to action whose links work, no JavaScript."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, OUTPUT, StaticServer, require_chromium
from helpers import MINIMAL_FACTS, SEARCH, SHOWCASE, SHOWCASE_PAGES, build_site, headers, lay_down, minimal_content

pytestmark = pytest.mark.browser

PAGE_TYPES = SHOWCASE_PAGES
WITH_OPEN_PETITION = {
    "home",
    "testimony",
    "testimony-anonymous",
    "news",
    "petition",
    "petitions",
    "testimony-translation",
    "home-es",
    "petition-es",
}
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


def open_page(browser, url, viewport, color_scheme="light", javascript=True, console=None):
    """A page in a context of its own, every request leaving 127.0.0.1 refused
    and recorded (`external`); `console`, a list, gathers what the page logs."""
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
    if console is not None:
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
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


@pytest.mark.parametrize("viewport_name", list(VIEWPORTS))
@pytest.mark.parametrize("name", ["home", "testimony", "petition", "petition-won", "update"])
def test_dark_mode_is_accessible_too(server, browser, axe, name, viewport_name):
    """A reader who asks for dark pages gets light text on a dark background
    (and a light page otherwise), and axe still finds nothing."""
    viewport = VIEWPORTS[viewport_name]
    light, light_page, _, _ = open_page(browser, server.url + PAGE_TYPES[name], viewport)
    try:
        assert luminance(light_page, BACKGROUND) > 0.5 > luminance(light_page, TEXT)
    finally:
        light.close()
    context, page, _, _ = open_page(browser, server.url + PAGE_TYPES[name], viewport, color_scheme="dark")
    try:
        assert luminance(page, BACKGROUND) < 0.05 < luminance(page, TEXT)
        assert luminance(page, BACKGROUND) < luminance(page, TEXT)
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()
        (OUTPUT / "screenshots").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUTPUT / "screenshots" / f"{name}-{viewport_name}-dark.png"), full_page=True)
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


# --- within reach on a small phone ----------------------------------------------

SMALL_PHONE = VIEWPORTS["phone"]  # 375×667, an iPhone SE


def box(page, selector):
    element = page.locator(selector)
    assert element.count() == 1, f"{selector}: {element.count()} elements"
    return element.bounding_box()


def within_first_screen(page, found, viewport=SMALL_PHONE) -> bool:
    """Fully on the first screen, the page unscrolled."""
    assert page.evaluate("window.scrollY") == 0
    return (
        found["y"] >= 0 and found["y"] + found["height"] <= viewport[1] and found["x"] + found["width"] <= viewport[0]
    )


@pytest.mark.parametrize(
    "name,sign",
    [("home", ".home-petition a.petition-sign"), ("petition", ".petition-panel a.petition-sign")],
)
def test_the_sign_button_is_on_a_small_phones_first_screen(server, browser, name, sign):
    context, page, _, _ = open_page(browser, server.url + PAGE_TYPES[name], SMALL_PHONE)
    try:
        found = box(page, sign)
        assert within_first_screen(page, found), f"{name}: Sign at {found}"
        assert page.locator(sign).get_attribute("href") == SIGN_URL
    finally:
        context.close()


def test_a_story_offers_the_petition_right_after_its_pull_quote(server, browser):
    context, page, _, _ = open_page(browser, server.url + PAGE_TYPES["testimony"], SMALL_PHONE)
    try:
        quote = box(page, ".pull-quote")
        compact = box(page, ".petition-compact a.petition-sign")
        assert within_first_screen(page, compact), f"compact Sign at {compact}"
        # Below the quote and its byline, above the story itself.
        assert quote["y"] + quote["height"] <= compact["y"] <= box(page, ".story-content")["y"]
        # The full call to action still closes the story.
        closing = box(page, ".story-content .petition-closing a.petition-sign")
        assert closing["y"] > page.locator(".story-content > p").last.bounding_box()["y"]
    finally:
        context.close()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_header_is_one_row_on_a_phone_and_the_menu_opens_without_javascript(server, browser, axe, color_scheme):
    url = server.url + PAGE_TYPES["testimony"]
    context, page, _, _ = open_page(browser, url, SMALL_PHONE, color_scheme, javascript=False)
    try:
        header, name, menu = box(page, ".site-header"), box(page, ".site-name"), box(page, ".site-menu summary")
        assert header["height"] <= 72, header
        assert abs((name["y"] + name["height"] / 2) - (menu["y"] + menu["height"] / 2)) <= 4, (name, menu)
        links = page.locator(".nav-list a")
        assert not links.first.is_visible()
        page.locator(".site-menu summary").click()
        assert all(links.nth(i).is_visible() for i in range(links.count()))
        assert links.filter(has_text="Testimonies").get_attribute("aria-current") == "page"
    finally:
        context.close()
    # axe needs JavaScript to run: the open menu, again, with it on.
    context, page, _, _ = open_page(browser, url, SMALL_PHONE, color_scheme)
    try:
        page.locator(".site-menu summary").click()
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()
        page.screenshot(path=str(OUTPUT / "screenshots" / f"menu-open-phone-{color_scheme}.png"))
    finally:
        context.close()


def test_the_menu_is_a_row_on_a_desktop(server, browser):
    context, page, _, _ = open_page(browser, server.url + PAGE_TYPES["home"], VIEWPORTS["desktop"])
    try:
        assert not page.locator(".site-menu summary").is_visible()
        tops = {round(link.bounding_box()["y"]) for link in page.locator(".nav-list a").all()}
        assert len(tops) == 1, tops
        assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Petitions").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 375, 412, 1280])
def test_the_share_row_leaves_no_link_alone_and_the_address_on_one_line(server, browser, width):
    context, page, _, _ = open_page(browser, server.url + PAGE_TYPES["testimony"], (width, 800))
    try:
        rows = {}
        for link in page.locator(".share li a").all():
            found = link.bounding_box()
            rows.setdefault(round(found["y"]), []).append(found)
            assert found["height"] >= 44, found  # a finger's width
        assert all(len(row) >= 2 for row in rows.values()), rows
        address = page.locator(".share-url input")
        assert address.input_value() == page.locator("link[rel=canonical]").get_attribute("href")
        assert address.bounding_box()["height"] <= 48
        assert page.get_by_label("Link to copy:").input_value() == address.input_value()
    finally:
        context.close()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_progress_bar_is_read_with_its_count(server, browser, color_scheme):
    context, page, _, _ = open_page(browser, server.url + PAGE_TYPES["petition"], SMALL_PHONE, color_scheme)
    try:
        bar = page.get_by_role("progressbar")
        goal, signatures = int(OPEN_PETITION["goal"]), int(OPEN_PETITION["signatures"])
        assert bar.get_attribute("max") == str(goal) and bar.get_attribute("value") == str(signatures)
        assert page.get_by_role("progressbar", name=f"{signatures:,} of {goal:,} signatures").is_visible()
        assert page.get_by_text(f"{round(signatures / goal * 100)}% of the goal").is_visible()
        # Drawn: the filled part and the rest of the track differ, where the count says.
        from PIL import Image

        drawn = Image.open(io.BytesIO(bar.screenshot())).convert("RGB")
        middle = drawn.height // 2
        filled_to = signatures / goal * drawn.width
        assert drawn.getpixel((int(filled_to * 0.5), middle)) != drawn.getpixel((int(drawn.width * 0.97), middle))
        assert drawn.getpixel((int(filled_to * 0.5), middle)) == drawn.getpixel((int(filled_to * 0.9), middle))
    finally:
        context.close()


def test_a_won_petition_is_celebrated_in_the_brand_colour(server, browser):
    context, page, _, _ = open_page(browser, server.url + PAGE_TYPES["petition-won"], SMALL_PHONE)
    try:
        panel = page.locator(".petition-panel.petition-won")
        assert panel.get_by_text("We won this petition.").is_visible()
        brand = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--brand').trim()")
        background = panel.evaluate("e => getComputedStyle(e).backgroundColor")
        red, green, blue = (int(brand[i : i + 2], 16) for i in (1, 3, 5))
        assert background == f"rgb({red}, {green}, {blue})"
        assert luminance(page, "getComputedStyle(document.querySelector('.petition-won')).color") > 0.9
        assert within_first_screen(page, box(page, ".petition-won .petition-outcome strong"))
    finally:
        context.close()


# --- search ---------------------------------------------------------------------
# tests/fixtures/search: a news post says "flashlight" most, then a testimony
# from Inland Valley; the Harbor County testimony says it least.

HARBOR_STORY = headers(SEARCH / "testimonies/harbor-flashlight.md")
SPANISH_STORY = headers(SEARCH / "testimonies/linterna-en-la-guantera.md")


@pytest.fixture(scope="module")
def search_server(search_site):
    require_chromium()
    with StaticServer(search_site) as running:
        yield running


@pytest.fixture(scope="module")
def spanish_search_server(spanish_search_site):
    require_chromium()
    with StaticServer(spanish_search_site) as running:
        yield running


def search_for(page, words: str):
    """Type into Pagefind's box as a reader does, and wait for its answer."""
    from playwright.sync_api import expect

    box = page.get_by_role("textbox", name=re.compile("Search|Busca"))
    box.press_sequentially(words, delay=20)
    expect(page.locator(".pagefind-ui__message")).not_to_contain_text(re.compile("Searching|Buscando"))
    return page.locator(".pagefind-ui__result-link")


def result_titles(page) -> list[str]:
    return [link.inner_text() for link in page.locator(".pagefind-ui__result-link").all()]


def blocked_by_the_policy(console: list[str]) -> list[str]:
    return [line for line in console if "Content Security Policy" in line or "Refused" in line]


def test_a_search_finds_the_story_first_with_a_filter_applied(search_server, browser):
    from playwright.sync_api import expect

    console = []
    context, page, response, external = open_page(
        browser, search_server.url + "search/", VIEWPORTS["phone"], console=console
    )
    try:
        assert response.status == 200
        results = search_for(page, "flashlight")
        expect(results.first).to_be_visible()
        # Pagefind says how many it found, then loads each result in turn:
        # read the titles once every one is there.
        found = re.search(r"\d+", page.locator(".pagefind-ui__message").inner_text())
        expect(results).to_have_count(int(found.group(0)))
        unfiltered = result_titles(page)
        assert HARBOR_STORY["title"] in unfiltered and unfiltered[0] != HARBOR_STORY["title"], unfiltered
        page.locator(".pagefind-ui__filter-name", has_text="Region").click()
        page.get_by_role("checkbox", name=re.compile("^" + re.escape(HARBOR_STORY["category"]))).check()
        expect(results.first).to_have_text(HARBOR_STORY["title"])
        assert result_titles(page) == [HARBOR_STORY["title"]]
        with page.expect_navigation():
            results.first.click()
        assert page.locator("h1").inner_text() == HARBOR_STORY["title"]
        assert external == [], external
        assert blocked_by_the_policy(console) == [], console
    finally:
        context.close()


def test_the_spanish_search_page_searches_the_spanish_index(search_server, spanish_search_server, browser):
    """A page with `<html lang="es">` searches the Spanish stories, and says
    so in Spanish; the English page searches the English ones."""
    from playwright.sync_api import expect

    context, page, _, external = open_page(browser, spanish_search_server.url + "search/", VIEWPORTS["desktop"])
    try:
        results = search_for(page, "linterna")
        expect(results.first).to_have_text(SPANISH_STORY["title"])
        assert result_titles(page) == [SPANISH_STORY["title"]]
        assert page.locator(".pagefind-ui__message").inner_text() == "1 resultado para linterna"
        page.get_by_role("button", name="Borrar").click()
        search_for(page, "flashlight")
        expect(page.locator(".pagefind-ui__message")).to_have_text("No encontramos nada para flashlight")
        assert external == []
    finally:
        context.close()
    context, page, _, external = open_page(browser, search_server.url + "search/", VIEWPORTS["desktop"])
    try:
        search_for(page, "linterna")
        expect(page.locator(".pagefind-ui__message")).to_have_text("Nothing found for linterna")
        assert external == []
    finally:
        context.close()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport_name", list(VIEWPORTS))
def test_the_search_page_with_results_and_filters_is_accessible(
    search_server, browser, axe, viewport_name, color_scheme
):
    context, page, _, external = open_page(
        browser, search_server.url + "search/", VIEWPORTS[viewport_name], color_scheme=color_scheme
    )
    try:
        from playwright.sync_api import expect

        results = search_for(page, "flashlight")
        expect(results.first).to_be_visible()
        page.locator(".pagefind-ui__filter-name", has_text="Type").click()
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the search page scrolls sideways by {overflow}px"
        assert external == []
        page.screenshot(path=str(OUTPUT / "screenshots" / f"search-{viewport_name}-{color_scheme}.png"), full_page=True)
    finally:
        context.close()


def test_without_javascript_the_search_page_lists_every_listing(search_server, browser):
    context, page, response, external = open_page(
        browser, search_server.url + "search/", VIEWPORTS["phone"], javascript=False
    )
    try:
        assert response.status == 200
        note = page.locator("noscript .search-no-script")  # get_by_text does not look inside <noscript>
        assert note.is_visible() and note.inner_text().startswith("Searching needs JavaScript")
        assert not page.locator("#search").is_visible() and not page.locator(".pagefind-ui").count()
        assert not page.get_by_text("Search the stories").is_visible()  # the box's label waits for the box
        browse = page.get_by_role("region", name="Browse")
        names = [link.inner_text() for link in browse.get_by_role("link").all()]
        assert {"Testimonies", "Updates", "News", "Petitions", HARBOR_STORY["category"], "night-shift"} <= set(names)
        with page.expect_navigation():
            browse.get_by_role("link", name=HARBOR_STORY["category"]).click()
        assert HARBOR_STORY["category"] in page.locator("h1").inner_text()
        assert page.get_by_role("link", name=HARBOR_STORY["title"]).is_visible()
        assert external == []
    finally:
        context.close()


INJECTION = Path(__file__).parent / "bad_inputs" / "injection"


@pytest.fixture(scope="module")
def injection_server(tmp_path_factory):
    """tests/bad_inputs/injection (HTML pasted into every field), built for preview."""
    require_chromium()
    folder = tmp_path_factory.mktemp("injection")
    content = lay_down(minimal_content(folder / "content"), INJECTION)
    (content / "facts.yml").write_text(MINIMAL_FACTS.lstrip("\n") + (INJECTION / "facts-extra.yml").read_text())
    with StaticServer(build_site(content, folder / "output")) as running:
        yield running


def test_pasted_html_in_a_search_result_stays_text(injection_server, browser):
    """Titles and excerpts of results show what was pasted as text: no element
    of it is made, and no script of it runs."""
    from playwright.sync_api import expect

    console, dialogs = [], []
    context, page, _, external = open_page(
        browser, injection_server.url + "search/", VIEWPORTS["desktop"], console=console
    )
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        results = search_for(page, "alert")
        expect(results.first).to_be_visible()
        titles = result_titles(page)
        assert any("<script>" in title for title in titles), titles
        area = page.locator(".pagefind-ui__results")
        assert area.locator("script, img, b, iframe").count() == 0
        assert "onerror=alert" in area.inner_text()
        assert dialogs == [] and blocked_by_the_policy(console) == [] and external == []
    finally:
        context.close()
