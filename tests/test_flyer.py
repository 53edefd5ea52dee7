"""The printed page of a testimony or a petition is the flyer handed out at
worksites: printed to PDF by Chromium, on Letter and on A4, rasterized by
poppler and read back by zbar, as a phone would read the paper."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml
from browser import CHROMIUM, CHROMIUM_ARGS, ON_CI, OUTPUT, StaticServer, require_chromium
from helpers import SHOWCASE, SHOWCASE_PAGES, TEST_SETTINGS, build_site, headers, page, text_of

pytestmark = pytest.mark.browser

TESTIMONY_SOURCE = headers(SHOWCASE / "testimonies/sixty-five-names.md")
PETITION_SOURCE = headers(SHOWCASE / "petitions/cap-at-45.md")
SIGN_URL = PETITION_SOURCE["url"]
# The story's first listed fact is the one its flyer carries.
LEAD_FACT = yaml.safe_load((SHOWCASE / "facts.yml").read_text())[TESTIMONY_SOURCE["facts"].split(",")[0].strip()]
FLYERS = {"testimony": SHOWCASE_PAGES["testimony"], "petition": SHOWCASE_PAGES["petition"]}
PAPERS = ["Letter", "A4"]
DPIS = [100, 150, 300]
PX_PER_CM = 96 / 2.54  # CSS pixels, as Chromium lays out the printed page
SMALLEST_CODE_CM = 2.5  # the QR code with its quiet zone


def union_settings():
    from pelican.settings import read_settings

    settings = read_settings(str(TEST_SETTINGS))
    return settings["UNION_NAME"], re.sub(r"^https?://", "", settings["CANONICAL_SITEURL"]).rstrip("/")


UNION_NAME, SITE_ADDRESS = union_settings()


def require_tool(command: str, package: str):
    """Skip loudly on a developer's machine without the tool; fail under CI."""
    if shutil.which(command):
        return
    message = f"`{command}` not found: install Debian's package with `apt-get install {package}`"
    if ON_CI:
        pytest.fail("CI=true and " + message)
    pytest.skip("SKIPPING FLYER TESTS: " + message)


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    for command, package in (("pdftoppm", "poppler-utils"), ("pdfinfo", "poppler-utils"), ("zbarimg", "zbar-tools")):
        require_tool(command, package)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def print_page(browser, url: str, pdf, paper: str, color_scheme: str = "light") -> dict:
    """Print the page at `url` to `pdf`; what the printed layout shows, measured
    before printing."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=color_scheme)
    try:
        tab = context.new_page()
        tab.goto(url)
        tab.emulate_media(media="print", color_scheme=color_scheme)
        box = tab.locator(".print-qr svg").bounding_box() if tab.locator(".print-qr svg").count() else None
        shown = {
            "code_cm": (min(box["width"], box["height"]) / PX_PER_CM) if box else 0,
            "logo": tab.locator(".flyer-union img").count() > 0 and tab.locator(".flyer-union img").is_visible(),
            "text_colour": tab.evaluate("getComputedStyle(document.body).color"),
        }
        tab.pdf(path=str(pdf), format=paper)
        return shown
    finally:
        context.close()


def pdf_pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_text(pdf) -> str:
    return " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )


def decoded(pdf, dpi: int, folder) -> list[str]:
    """What zbar reads from the printed page rasterized at `dpi`."""
    stem = folder / f"{pdf.stem}-{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", str(pdf), str(stem)], check=True)
    result = subprocess.run(["zbarimg", "--quiet", "--raw", f"{stem}.png"], capture_output=True, text=True)
    return result.stdout.splitlines()


@pytest.fixture(scope="module")
def server(showcase_site):
    require_chromium()
    with StaticServer(showcase_site) as running:
        yield running


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", list(FLYERS))
def test_the_printed_flyer_is_one_page_whose_code_scans(server, browser, tmp_path, name, paper):
    (OUTPUT / "screenshots").mkdir(parents=True, exist_ok=True)
    pdf = OUTPUT / "screenshots" / f"{name}-flyer-{paper}.pdf"  # kept, to look at
    shown = print_page(browser, server.url + FLYERS[name], pdf, paper)
    assert pdf_pages(pdf) == 1
    assert shown["code_cm"] >= SMALLEST_CODE_CM, f"the QR code is {shown['code_cm']:.2f} cm"
    for dpi in DPIS:
        assert decoded(pdf, dpi, tmp_path) == [SIGN_URL], f"{name} on {paper} at {dpi} dpi"
    text = pdf_text(pdf)
    assert UNION_NAME in text and SITE_ADDRESS in text
    assert shown["logo"]  # the showcase has one
    assert SIGN_URL in text  # for whoever cannot scan
    if name == "testimony":
        assert " ".join(TESTIMONY_SOURCE["quote"].split()) in text
        assert str(LEAD_FACT["value"]) in text and LEAD_FACT["label"] in text
    else:
        assert PETITION_SOURCE["title"] in text


def test_the_code_checks_can_fail(browser, tmp_path):
    """A QR code drawn as the flyer drew it before, with no viewBox, so a CSS
    size clips it instead of scaling it: zbar reads nothing from it at any
    resolution. And a page longer than a sheet counts as two."""
    import segno

    squeezed = segno.make(SIGN_URL, error="m").svg_inline(scale=3)
    (tmp_path / "squeezed.html").write_text(
        "<!doctype html><title>x</title><style>svg{width:2.5cm;height:2.5cm}</style>" + squeezed
    )
    (tmp_path / "long.html").write_text("<!doctype html><title>x</title>" + "<p>line</p>" * 200)
    with StaticServer(tmp_path) as running:
        print_page(browser, running.url + "squeezed.html", tmp_path / "squeezed.pdf", "A4")
        print_page(browser, running.url + "long.html", tmp_path / "long.pdf", "A4")
    assert [decoded(tmp_path / "squeezed.pdf", dpi, tmp_path) for dpi in DPIS] == [[], [], []]
    assert pdf_pages(tmp_path / "long.pdf") > 1


def test_a_union_without_a_logo_still_signs_its_flyer(browser, tmp_path):
    site = build_site(SHOWCASE, tmp_path / "site", UNION_LOGO=None)
    union = page(site, SHOWCASE_PAGES["testimony"]).xpath("//*[contains(@class, 'flyer-union')]")
    assert len(union) == 1 and not union[0].xpath(".//img")
    assert UNION_NAME in text_of(union[0])
    with StaticServer(site) as running:
        shown = print_page(browser, running.url + SHOWCASE_PAGES["testimony"], tmp_path / "flyer.pdf", "Letter")
    assert not shown["logo"]
    assert pdf_pages(tmp_path / "flyer.pdf") == 1
    assert decoded(tmp_path / "flyer.pdf", 150, tmp_path) == [SIGN_URL]
    assert UNION_NAME in pdf_text(tmp_path / "flyer.pdf")


def test_a_long_sign_link_still_scans_at_the_lowest_resolution(browser, tmp_path):
    """A sign link with tracking parameters makes a denser code: it is drawn
    larger, so each module stays as big on paper and the flyer one page."""
    from helpers import OPEN_PETITION, minimal_content

    long_url = (
        "https://sign.example.org/petitions/cap-caseloads-at-45-students?source=flyer&campaign=fall-2026&ref=worksite"
    )
    content = minimal_content(
        tmp_path / "content",
        {"petitions/caseload-cap.md": OPEN_PETITION.replace("https://sign.example.org/cap", long_url)},
    )
    site = build_site(content, tmp_path / "site")
    with StaticServer(site) as running:
        shown = print_page(browser, running.url + "petitions/caseload-cap/", tmp_path / "long.pdf", "Letter")
    assert pdf_pages(tmp_path / "long.pdf") == 1
    assert shown["code_cm"] > 4  # denser than the showcase's code, so larger
    assert decoded(tmp_path / "long.pdf", 100, tmp_path) == [long_url]


def test_a_phone_in_dark_mode_prints_the_same_black_on_white_flyer(server, browser, tmp_path):
    shown = print_page(browser, server.url + FLYERS["testimony"], tmp_path / "dark.pdf", "A4", color_scheme="dark")
    assert shown["text_colour"] == "rgb(0, 0, 0)"
    assert pdf_pages(tmp_path / "dark.pdf") == 1
    assert decoded(tmp_path / "dark.pdf", 100, tmp_path) == [SIGN_URL]
