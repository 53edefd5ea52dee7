"""A campaign builds into the site the content model promises: the showcase
(tests/fixtures/showcase, one of every page type) and the series campaign
(tests/fixtures/series)."""

import re
import time

import pytest
from helpers import (
    SERIES,
    SHOWCASE,
    SHOWCASE_PAGES,
    TEST_PUBLISH_SETTINGS,
    build_site,
    every_output_byte,
    headers,
    minimal_content,
    page,
    published_sources,
    run_pelican,
    text_of,
    tree_digest,
    write_settings,
)
from lxml import etree


def test_each_type_has_pretty_urls(showcase_site):
    for folder in ("testimonies", "updates", "news"):
        titles = {headers(p)["title"] for p in published_sources(SHOWCASE, folder, translations=True)}
        assert titles, folder
        written = sorted(p for p in (showcase_site / folder).iterdir() if p.is_dir())
        headings = []
        for story in written:
            doc = page(showcase_site, f"{folder}/{story.name}/")
            assert len(doc.xpath("//h1")) == 1, story
            headings.append(text_of(doc.xpath("//h1")[0]))
        assert sorted(headings) == sorted(titles), folder
    for petition in (SHOWCASE / "petitions").glob("*.md"):
        # A translation, ID.es.md, is the same petition's page on the Spanish face.
        petition_id, _, lang = petition.stem.partition(".")
        doc = page(showcase_site, f"{lang + '/' if lang else ''}petitions/{petition_id}/")
        assert text_of(doc.xpath("//h1")[0]) == headers(petition)["title"]
    about = page(showcase_site, SHOWCASE_PAGES["page"])
    assert text_of(about.xpath("//h1")[0]) == headers(SHOWCASE / "pages/about.md")["title"]


def test_the_showcase_has_a_page_of_every_type(showcase_site):
    """The browser tests visit these pages (and skip without Chromium): each is
    written, with one h1, and is the kind of page its name says."""
    for name, url in SHOWCASE_PAGES.items():
        doc = page(showcase_site, url)
        assert len(doc.xpath("//h1")) == 1, name
    anonymous = page(showcase_site, SHOWCASE_PAGES["testimony-anonymous"])
    assert "Shared anonymously" in text_of(anonymous.xpath("//article")[0])
    assert not anonymous.xpath("//article//a[contains(@href, 'authors/')]")
    named = page(showcase_site, SHOWCASE_PAGES["testimony"])
    assert named.xpath("//article//a[contains(@href, 'authors/wren-halvorsen/')]")
    assert page(showcase_site, SHOWCASE_PAGES["update"]).xpath("//nav[@class='series-nav']")
    assert page(showcase_site, SHOWCASE_PAGES["news"]).xpath("//article//img[contains(@src, 'images/rally.jpg')]")
    won = page(showcase_site, SHOWCASE_PAGES["petition-won"])
    assert "We won this petition." in won.text_content() and not won.xpath("//a[@class='petition-sign']")
    assert page(showcase_site, SHOWCASE_PAGES["petition"]).xpath("//a[@class='petition-sign']")


def test_a_story_in_spanish_keeps_the_plain_address_and_its_language(showcase_site):
    doc = page(showcase_site, SHOWCASE_PAGES["testimony-spanish"])
    # The whole page speaks the story's language (so it is searched in
    # Spanish): its skip link, menu and footer too, with nothing marked English.
    assert doc.get("lang") == "es"
    for chrome in doc.xpath("//a[@class='skip-link'] | //header[@class='site-header'] | //footer"):
        assert chrome.get("lang") is None
    story = doc.xpath("//article")[0]
    assert story.get("lang") == "es"
    assert "Firma la petición" in story.text_content() or "Petición" in story.text_content()


def test_categories_are_regions(showcase_site):
    articles = published_sources(SHOWCASE)
    regions = {headers(p)["category"] for p in articles}
    assert len(regions) == 2
    listing = page(showcase_site, "regions/")
    names = [text_of(a) for a in listing.xpath("//main//ul[@class='term-list']/li/a")]
    assert names == sorted(regions)
    for region, link in zip(names, listing.xpath("//main//ul[@class='term-list']/li/a/@href"), strict=True):
        doc = page(showcase_site, "regions/" + link.rstrip("/").rsplit("/", 1)[-1] + "/")
        titles = [text_of(a) for a in doc.xpath("//main//h2[@class='card-title']/a")]
        expected = [headers(p)["title"] for p in articles if headers(p)["category"] == region]
        assert sorted(titles) == sorted(expected), region


@pytest.fixture(scope="module")
def series_site(tmp_path_factory):
    return build_site(SERIES, tmp_path_factory.mktemp("series") / "output")


def series_nav(site, url):
    navs = page(site, url).xpath("//nav[@class='series-nav']")
    return navs[0] if navs else None


def test_series_lists_updates_oldest_first(series_site):
    """The files' names sort in another order than their dates: the date wins,
    and each series lists only its own updates."""
    nav = series_nav(series_site, "updates/bargaining-session-2-a-counter-proposal/")
    assert nav.get("aria-label") == "Bargaining with Lantern Path"
    items = [text_of(li) for li in nav.xpath(".//ol/li")]
    assert [i.split(":")[0] for i in items] == ["Bargaining session 1", "Bargaining session 2", "Bargaining session 3"]
    assert nav.xpath(".//span[@aria-current='page']")[0].text.startswith("Bargaining session 2")
    assert nav.xpath(".//a[@rel='prev']")[0].get("href").endswith("bargaining-session-1-our-proposal-on-the-table/")
    assert nav.xpath(".//a[@rel='next']")[0].get("href").endswith("bargaining-session-3-closer-on-the-cap/")
    first = series_nav(series_site, "updates/bargaining-session-1-our-proposal-on-the-table/")
    assert not first.xpath(".//a[@rel='prev']") and first.xpath(".//a[@rel='next']")
    last = series_nav(series_site, "updates/bargaining-session-3-closer-on-the-cap/")
    assert last.xpath(".//a[@rel='prev']") and not last.xpath(".//a[@rel='next']")
    forum = series_nav(series_site, "updates/forum-meeting-a-target-for-referrals/")
    assert forum.get("aria-label") == "Family Services Caseload Forum"
    assert [text_of(li).startswith("Forum meeting: a target for referrals") for li in forum.xpath(".//ol/li")] == [True]
    assert series_nav(series_site, "updates/a-standalone-update-between-sessions/") is None


def test_drafts_are_never_written(showcase_site):
    drafts = [p for p in SHOWCASE.rglob("*.md") if headers(p).get("status") == "draft"]
    assert drafts
    for draft in drafts:
        body = draft.read_text(encoding="utf-8").split("\n\n", 1)[1].strip()
        words = [headers(draft)["title"], headers(draft)["quote"], body]
        for name, data in every_output_byte(showcase_site):
            for text in words:
                assert text.encode() not in data, (name, text)
    assert not (showcase_site / "drafts").exists()
    assert not [p for p in showcase_site.rglob("*") if "hallway" in p.name]


def test_plain_pelican_builds_the_showcase_without_warnings(tmp_path):
    result = run_pelican(SHOWCASE, tmp_path / "out")
    assert result.returncode == 0, result.stderr + result.stdout
    log = result.stdout + result.stderr
    assert "WARNING" not in log and "ERROR" not in log, log
    assert (tmp_path / "out/index.html").exists()


def test_another_content_folder_brings_its_own_facts_and_petitions(tmp_path):
    """A content folder given to plain `pelican` is the whole campaign: its facts
    and petitions, and nothing of the settings' own content/."""
    content = minimal_content(tmp_path / "elsewhere")
    result = run_pelican(content, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    story = page(tmp_path / "out", "testimonies/one-story/")
    assert story.xpath("//data[@class='fact-inline']")[0].get("value") == "65"
    petitions = sorted(p.name for p in (tmp_path / "out/petitions").iterdir() if p.is_dir())
    assert petitions == ["caseload-cap"]
    assert text_of(page(tmp_path / "out", "petitions/caseload-cap/").xpath("//h1")[0]) == "Cap caseloads at 45"


def test_sitemap_lists_pages_but_not_the_404(showcase_site):
    tree = etree.parse(str(showcase_site / "sitemap.xml"))
    locs = [e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    for name in ("testimony", "testimony-anonymous", "update", "news", "petition", "page"):
        assert any(loc.endswith("/" + SHOWCASE_PAGES[name]) for loc in locs), name
    assert not any("404" in loc for loc in locs)


def test_the_sitemap_carries_no_invented_dates_and_is_the_same_on_every_build(tmp_path):
    """A story keeps its own date as lastmod; the home page and listings have
    none of their own, so they carry none, and an unchanged site writes the
    same sitemap (rsync then sends nothing)."""
    content = minimal_content(tmp_path / "content")
    first = run_pelican(content, tmp_path / "first", TEST_PUBLISH_SETTINGS)
    time.sleep(1.1)  # the stand-in time is to the second
    second = run_pelican(content, tmp_path / "second", TEST_PUBLISH_SETTINGS)
    assert first.returncode == 0 and second.returncode == 0, second.stderr[-2000:]
    written = (tmp_path / "first/sitemap.xml").read_bytes()
    assert written == (tmp_path / "second/sitemap.xml").read_bytes()
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        url.findtext("s:loc", namespaces=namespace): url.findtext("s:lastmod", namespaces=namespace)
        for url in etree.fromstring(written).iterfind("s:url", namespace)
    }
    story = next(loc for loc in entries if loc.endswith("/testimonies/one-story/"))
    assert entries[story].startswith(headers(content / "testimonies/one-story.md")["date"][:10]), entries
    home = next(loc for loc in entries if loc.rstrip("/").count("/") == 2)
    listing = next(loc for loc in entries if loc.endswith("/testimonies/"))
    assert entries[home] is None and entries[listing] is None, entries


def test_a_fourth_content_type_is_one_settings_entry(tmp_path):
    """`statements` added in CAMPAIGN["types"] only: its folder is read, typed,
    listed, put in the navigation and given its feeds, with no template of its own."""
    content = minimal_content(
        tmp_path / "content",
        {
            "statements/first.md": """
        Title: Our statement on the budget
        Id: statement-0001
        Date: 2026-10-03
        Summary: What the local says about the county budget.

        The budget leaves caseloads where they are.
        """
        },
    )
    types = {"statements": {"name": "Statements", "singular": "Statement"}}
    site = build_site(content, tmp_path / "out", CAMPAIGN={"types": types})
    story = page(site, "statements/our-statement-on-the-budget/")
    assert text_of(story.xpath("//h1")[0]) == "Our statement on the budget"
    listing = page(site, "statements/")
    assert [text_of(a) for a in listing.xpath("//main//h2/a | //main//h3/a")] == ["Our statement on the budget"]
    home = page(site, "")
    assert "Statements" in [text_of(a) for a in home.xpath("//nav[@aria-label='Main']//a")]
    import feedparser

    feed = feedparser.parse((site / "feeds/statements.atom.xml").read_bytes())
    assert [entry.title for entry in feed.entries] == ["Our statement on the budget"]


def test_a_site_moved_with_e_siteurl_links_its_new_address_everywhere(tmp_path):
    """`pelican -e SITEURL=...` is applied after the settings file is read:
    the canonical link, share cards, share links, feeds and sitemap all follow."""
    moved = "https://moved.example.org"
    content = minimal_content(tmp_path / "content")
    site = build_site(content, tmp_path / "out", settings_file=TEST_PUBLISH_SETTINGS, SITEURL=moved)
    story = page(site, "testimonies/one-story/")
    assert story.xpath("//link[@rel='canonical']/@href") == [f"{moved}/testimonies/one-story/"]
    assert story.xpath("//meta[@property='og:url']/@content") == [f"{moved}/testimonies/one-story/"]
    assert story.xpath("//p[@class='share-url']/input/@value") == [f"{moved}/testimonies/one-story/"]
    atom = etree.fromstring((site / "feeds/all.atom.xml").read_bytes())
    links = atom.xpath("//*[local-name()='link']/@href")
    assert links and all(href.startswith((moved, "https://sign.")) for href in links), links
    locs = etree.fromstring((site / "sitemap.xml").read_bytes()).xpath("//*[local-name()='loc']/text()")
    assert locs and all(loc.startswith(moved) for loc in locs)
    everything = b"".join(data for _, data in every_output_byte(site))
    assert b"local2210.example.org/" not in everything.replace(b"organize@local2210.example.org", b"")


def test_a_figure_dated_by_month_says_so(tmp_path):
    """Survey figures are dated by month: `as_of: 2022-09` is shown as
    "as of September 2022", and a year alone as "as of 2021"."""
    content = minimal_content(tmp_path / "content")
    facts = content / "facts.yml"
    facts.write_text(facts.read_text().replace("as_of: 2026-09-15", "as_of: 2022-09") + "  as_of: 2021\n")
    story = content / "testimonies/one-story.md"
    story.write_text(story.read_text() + "\n[fact: caseload-cap]\n")
    site = build_site(content, tmp_path / "out")
    sources = [text_of(p) for p in page(site, "testimonies/one-story/").xpath("//p[@class='fact-source']")]
    assert "Source: Caseload survey, as of September 2022" in sources
    assert "Source: Bargaining proposal, as of 2021" in sources


def test_a_cold_build_on_two_cores_writes_the_same_site_as_on_one(tmp_path):
    """Stories converted, and pages written, by forked workers make the same
    site, byte for byte (sitemap and feeds included), as one process does."""
    stories = {
        f"news/post-{number:03}.md": (
            f"Title: Post {number}\nId: post-{number:04}\nDate: 2026-09-{1 + number % 28:02} 10:{number % 60:02}\n"
            f"Tags: caseloads, week {number % 5}\nSummary: Post *{number}*, with a summary in Markdown.\n\n"
            f"We carry [fact: signature-caseload] each, against [fact: caseload-cap].\n\n"
            f"[petition: caseload-cap]\n\nA paragraph about week {number}.\n"
        )
        for number in range(80)
    }
    content = minimal_content(tmp_path / "content", stories)
    sites = {}
    for count in ("1", "2"):
        output = tmp_path / f"out-{count}"
        settings = write_settings(  # each build its own, empty, content cache
            tmp_path / f"cold-{count}.py",
            f"CACHE_PATH = {str(tmp_path / f'cache-{count}')!r}\n",
            base="testsite_publish",
        )
        result = run_pelican(content, output, settings, env_extra={"CAMPAIGN_WORKERS": count})
        assert result.returncode == 0, result.stderr[-2000:]
        assert ("in 2 processes" in result.stdout + result.stderr) == (count == "2"), result.stdout
        sites[count] = tree_digest(output)
    assert len(sites["1"]) > 80 and stable(sites["1"]) == stable(sites["2"])
    # Pagefind lists filter values and filters in an arbitrary order, and names
    # those files (and the entry file that lists them) by their bytes; the
    # rest of its index, fragments included, is the same every time.
    assert sorted(map(shape, sites["1"])) == sorted(map(shape, sites["2"]))


# The only files whose bytes differ between two builds of one site.
UNSTABLE = re.compile(
    r"pagefind/(filter/[a-z]+_[0-9a-f]+\.pf_filter|pagefind\.[a-z]+_[0-9a-f]+\.pf_meta|pagefind-entry\.json)"
)


def stable(digest: dict) -> dict:
    return {path: sha for path, sha in digest.items() if not UNSTABLE.fullmatch(path)}


def shape(path: str) -> str:
    """A file's place, its hash in the name left out."""
    return re.sub(r"_[0-9a-f]+\.", "_#.", path)
