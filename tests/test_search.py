"""Search without a server: what Pagefind's index holds, read back from the
built site (its gzip files decompressed here, apart from the plugin), and
what it never holds.

Built from tests/fixtures/search: two English testimonies, a Spanish one, an
update, a news post and a petition, which are searched; a withdrawn story,
a story kept off the web, a hidden news post and a draft, which never are.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from campaign import search
from campaign.problems import Problems
from helpers import (
    SEARCH,
    build_site,
    headers,
    page,
    published_sources,
    run_pelican,
    text_of,
    tree_digest,
    write_files,
    write_settings,
)
from lxml import html as lxml_html

SIGNATURE = b"pagefind_dcd"
NEVER_SEARCHED = {
    "testimonies/withdrawn-story.md": "velvetgrass",
    "testimonies/print-only-story.md": "copperwick",
    "news/hidden-notice.md": "tinderbloom",
    "news/draft-news.md": "lanternfish",
}
SPANISH_STORY = SEARCH / "testimonies/linterna-en-la-guantera.md"


def decompressed(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE), path
    return data[len(SIGNATURE) :]


def records(site: Path) -> dict[str, list[dict]]:
    """Each language's indexed pages, as Pagefind's fragments hold them."""
    found = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        found.setdefault(path.name.split("_")[0], []).append(json.loads(decompressed(path)))
    return found


def record_titled(site: Path, title: str, lang: str = "en") -> dict:
    """The one record of that title in a language's index (a petition is in
    the Spanish one too, its page on the Spanish face)."""
    matches = [r for r in records(site).get(lang, []) if r["meta"]["title"] == title]
    assert len(matches) == 1, (title, matches)
    return matches[0]


def test_every_story_update_news_post_and_petition_is_searched(search_site):
    searched = {r["meta"]["title"] for language in records(search_site).values() for r in language}
    sources = [p for p in published_sources(SEARCH) if "web" in headers(p).get("consent-scope", "web")]
    expected = {headers(p)["title"] for p in sources} | {
        headers(p)["title"] for p in (SEARCH / "petitions").glob("*.md")
    }
    assert {p.parent.name for p in sources} == {"testimonies", "updates", "news"}
    assert searched == expected
    # Each record is the page's own address, where a search result links.
    for language in records(search_site).values():
        for record in language:
            assert (
                page(search_site, record["url"].lstrip("/")).xpath("//h1")[0].text_content() == record["meta"]["title"]
            )


def test_withdrawn_hidden_draft_and_off_web_content_is_never_searched(search_site):
    """A draft and a story kept off the web are not written; a withdrawn
    story's address and a hidden post are, without `data-pagefind-body`, so
    none of their words is anywhere in the index."""
    bundle = search_site / "pagefind"
    index_bytes = b"".join(
        decompressed(path) for path in bundle.rglob("*") if path.suffix in {".pf_fragment", ".pf_index", ".pf_meta"}
    )
    assert b"flashlight" in index_bytes  # a word the searched stories have
    for source, word in NEVER_SEARCHED.items():
        assert word in (SEARCH / source).read_text()
        assert word.encode() not in index_bytes, source
    pages = {path.relative_to(search_site).as_posix(): path.read_text() for path in search_site.rglob("*.html")}
    withdrawn = [url for url, text in pages.items() if "This story was withdrawn" in text]
    hidden = [url for url, text in pages.items() if "tinderbloom" in text]
    assert len(withdrawn) == 1 and len(hidden) == 1
    for url in withdrawn + hidden:
        assert not lxml_html.fromstring(pages[url]).xpath("//*[@data-pagefind-body]"), url
    assert not [url for url, text in pages.items() if "copperwick" in text or "lanternfish" in text]


def test_each_record_carries_its_type_region_and_topics(search_site):
    story = headers(SEARCH / "testimonies/harbor-flashlight.md")
    assert record_titled(search_site, story["title"])["filters"] == {
        "Type": ["Testimony"],
        "Region": [story["category"]],
        "Topic": sorted(tag.strip() for tag in story["tags"].split(",")),
    }
    news = headers(SEARCH / "news/flashlights-for-every-car.md")
    assert record_titled(search_site, news["title"])["filters"] == {"Type": ["News"], "Topic": [news["tags"]]}
    update = headers(SEARCH / "updates/buddy-pilot.md")
    assert record_titled(search_site, update["title"])["filters"]["Type"] == ["Update"]
    petition = headers(SEARCH / "petitions/night-buddy.md")
    assert record_titled(search_site, petition["title"])["filters"] == {"Type": ["Petition"]}


def test_the_index_leaves_out_what_every_page_repeats(search_site):
    """Share links and calls to sign are on every story: they are not what a
    reader searches for, so a story's record is the story."""
    record = record_titled(search_site, headers(SEARCH / "testimonies/harbor-flashlight.md")["title"])
    assert "Dock Street" in record["content"]
    for repeated in ("WhatsApp", "Link to copy", "Sign the petition"):
        assert repeated in page(search_site, record["url"].lstrip("/")).text_content()
        assert repeated not in record["content"]


def test_a_spanish_story_goes_into_the_spanish_index(search_site):
    """Pagefind splits the index by `<html lang>`: a story written in Spanish
    has it, so it is searched from Spanish pages, with filters named in
    Spanish. The whole page speaks Spanish, the site's words around the story
    too. The Spanish face's page of a petition not yet in Spanish is not
    searched: its English page is."""
    spanish = headers(SPANISH_STORY)
    entry = json.loads((search_site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["es"]["page_count"] == 1
    assert [r["meta"]["title"] for r in records(search_site)["es"]] == [spanish["title"]]
    assert spanish["title"] not in {r["meta"]["title"] for r in records(search_site)["en"]}
    (record,) = records(search_site)["es"]
    assert set(record["filters"]) == {"Tipo", "Región", "Tema"}
    assert not page(search_site, "es/petitions/night-buddy/").xpath("//*[@data-pagefind-body]")
    doc = page(search_site, record["url"].lstrip("/"))
    assert doc.get("lang") == "es"
    for chrome in doc.xpath("//header[@class='site-header'] | //footer | //a[@class='skip-link']"):
        assert chrome.get("lang") is None
    # Nothing on the search page is in another language but the switch to it.
    switch = "ancestor::nav[contains(@class, 'language-switch')]"
    assert not page(search_site, "search/").xpath(f"//*[@lang and not(self::html) and not({switch})]")
    assert page(search_site, "es/search/").get("lang") == "es"


def test_the_search_page_lists_every_listing_for_readers_without_javascript(search_site):
    doc = page(search_site, "search/")
    links = {text_of(a): a.get("href") for a in doc.xpath("//main//section//a")}
    assert {
        "Testimonies",
        "Updates",
        "News",
        "Petitions",
        "Harbor County",
        "Inland Valley",
        "night-shift",
        "safety",
    } <= set(links)
    for href in links.values():
        assert (search_site / "search" / href / "index.html").resolve().is_file(), href
    assert doc.xpath("//noscript/p")
    assert doc.xpath("//div[@id='search']") and not doc.xpath("//div[@id='search']/*")
    # In the menu of every page, the search page's own marked.
    for url in ("", "testimonies/", "search/"):
        nav = page(search_site, url).xpath("//nav[@aria-label='Main']//a[text()='Search']")
        assert len(nav) == 1 and (nav[0].get("aria-current") == "page") == (url == "search/")


def test_the_search_page_speaks_the_catalogs(spanish_search_site):
    doc = page(spanish_search_site, "search/")
    assert doc.get("lang") == "es"
    assert text_of(doc.xpath("//h1")[0]) == "Buscar"
    words = json.loads(doc.xpath("//div[@id='search']/@data-words")[0])
    assert words["placeholder"] == "Busca entre las historias"
    assert words["many_results"] == "[COUNT] resultados para [SEARCH_TERM]"
    assert text_of(doc.xpath("//noscript/p")[0]).startswith("Para buscar hace falta JavaScript")


def test_a_rebuild_replaces_the_whole_index(tmp_path):
    """Pagefind adds files and never removes one: the build starts the bundle
    afresh, so nothing of an earlier build's index stays published."""
    site = build_site(SEARCH, tmp_path / "out")
    stale = site / "pagefind" / "fragment" / "en_0000000.pf_fragment"
    stale.write_bytes(gzip.compress(SIGNATURE + b'{"url": "/testimonies/gone/"}'))
    build_site(SEARCH, tmp_path / "out")
    assert not stale.exists()
    assert (site / "pagefind" / "pagefind-entry.json").is_file()


def test_the_same_pages_give_the_same_index_bytes(tmp_path):
    """Pagefind orders its filter and metadata files arbitrarily; built again
    from the same pages (here into a fresh folder, as publishing does), the
    index is the same bytes, so publishing an unchanged site sends nothing.
    A changed tag changes it."""
    content = write_files(tmp_path / "content", {})
    shutil.copytree(SEARCH, content, dirs_exist_ok=True)
    cache = tmp_path / "cache"
    first = tree_digest(build_site(content, tmp_path / "one", CACHE_PATH=str(cache)) / "pagefind")
    for attempt in range(3):  # Pagefind's order differs from run to run: each must come out the same
        again = tree_digest(build_site(content, tmp_path / f"again-{attempt}", CACHE_PATH=str(cache)) / "pagefind")
        assert again == first
    story = content / "testimonies" / "harbor-flashlight.md"
    story.write_text(story.read_text().replace("Tags: night-shift, safety", "Tags: night-shift, porch-lights"))
    site = build_site(content, tmp_path / "changed", CACHE_PATH=str(cache))
    assert tree_digest(site / "pagefind") != first
    (topics,) = [r["filters"]["Topic"] for r in records(site)["en"] if r["meta"]["title"] == headers(story)["title"]]
    assert topics == ["night-shift", "porch-lights"]
    values = b"".join(decompressed(p) for p in (site / "pagefind" / "filter").glob("en_*.pf_filter"))
    assert b"porch-lights" in values


def test_a_site_without_search_has_no_script_at_all(tmp_path):
    site = build_site(SEARCH, tmp_path / "out", CAMPAIGN={"search": False})
    assert not (site / "pagefind").exists() and not (site / "search").exists()
    assert not list(site.rglob("*.js"))
    for path in site.rglob("*.html"):
        doc = lxml_html.fromstring(path.read_bytes())
        assert not doc.xpath("//script") and not doc.xpath("//nav//a[text()='Search']"), path
        assert "script-src 'none'" in doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]


def test_a_search_setting_that_is_not_true_or_false_is_an_error(tmp_path):
    settings = write_settings(
        tmp_path / "settings.py",
        'CAMPAIGN = {**CAMPAIGN, "search": "yes"}\n',
    )
    result = run_pelican(SEARCH, tmp_path / "out", settings)
    assert result.returncode == 1
    assert (
        f"{settings}:4: CAMPAIGN[\"search\"] is `'yes'` (write True for a search page and its index, or False for neither)"
        in result.stderr
    ), result.stderr[-2000:]
    assert "Traceback" not in result.stderr


def test_a_failed_index_is_a_problem_not_a_traceback(tmp_path, monkeypatch):
    """Pagefind that fails says why, leaves no half-written bundle, and stops
    the build only after the gate has read what was written."""
    site = tmp_path / "site"
    (site / "pagefind").mkdir(parents=True)
    (site / "pagefind" / "pagefind.js").write_text("// an earlier build's\n")
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: the disk is full' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_binary", lambda: fake)
    problems = Problems()
    report = search.build_index(site, problems)
    assert [str(p) for p in problems] == [
        f"{site}:1: the search index could not be built: Error: the disk is full ({search._HINT})"
    ]
    assert report.pages == 0 and not (site / "pagefind").exists()


def test_a_failed_index_stops_the_build(tmp_path):
    """The same through `pelican`: a Pagefind that cannot run (here, a site
    whose binary is missing) stops the build with the message, not a traceback."""
    settings = write_settings(
        tmp_path / "settings.py",
        "import campaign.search\ncampaign.search.pagefind_binary = lambda: __import__('pathlib').Path('/nonexistent/pagefind')\n",
    )
    result = run_pelican(SEARCH, tmp_path / "out", settings)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "the search index could not be built" in result.stderr and "/nonexistent/pagefind" in result.stderr
    assert "Privacy gate: read" in result.stderr  # the gate ran first
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", sorted(search.UNUSED))
def test_the_interfaces_the_search_page_does_not_use_are_not_published(search_site, name):
    assert not (search_site / "pagefind" / name).exists()
    assert (search_site / "pagefind" / "pagefind-ui.js").is_file()
