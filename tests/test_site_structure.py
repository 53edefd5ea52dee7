"""The sample campaign builds into the site the content model promises."""

from helpers import SAMPLE_CONTENT, build_site, minimal_content, page, run_pelican, text_of
from lxml import etree

SERIES = "Caseload Management Forum on Emergency Response"


def test_each_type_has_pretty_urls(sample_site):
    for folder in ("testimonies", "updates", "news"):
        sources = [p for p in (SAMPLE_CONTENT / folder).glob("*.md") if "Status: draft" not in p.read_text()]
        written = [p for p in (sample_site / folder).iterdir() if p.is_dir()]
        assert len(written) == len(sources), folder
        for story in written:
            doc = page(sample_site, f"{folder}/{story.name}/")
            assert len(doc.xpath("//h1")) == 1
    assert (sample_site / "petitions/caseload-cap/index.html").exists()
    assert (sample_site / "petitions/mentoring-for-every-new-hire/index.html").exists()
    assert (sample_site / "about-local-2210/index.html").exists()


def test_a_story_in_spanish_keeps_the_plain_address_and_its_language(sample_site):
    doc = page(sample_site, "testimonies/me-prometieron-cincuenta-estudiantes/")
    assert doc.get("lang") == "en"  # the site's own words (navigation) are English
    story = doc.xpath("//article")[0]
    assert story.get("lang") == "es"
    assert "Firma la petición" in story.text_content() or "Petición" in story.text_content()


def test_categories_are_regions(sample_site):
    regions = page(sample_site, "regions/")
    names = [text_of(a) for a in regions.xpath("//main//ul[@class='term-list']/li/a")]
    assert names == ["Harbor County", "Inland County"]
    inland = page(sample_site, "regions/inland-county/")
    titles = [text_of(a) for a in inland.xpath("//main//h2[@class='card-title']/a")]
    assert "Inland coordinators rally for a 45-student cap" in titles
    assert all("Harbor" not in t for t in titles)


def test_series_lists_updates_oldest_first(sample_site):
    doc = page(sample_site, "updates/forum-session-2-managements-staffing-plan/")
    nav = doc.xpath("//nav[@class='series-nav']")[0]
    items = [text_of(li) for li in nav.xpath(".//ol/li")]
    assert [i.split(":")[0] for i in items] == ["Forum session 1", "Forum session 2", "Forum session 3"]
    assert nav.xpath(".//span[@aria-current='page']")[0].text.startswith("Forum session 2")
    assert nav.xpath(".//a[@rel='prev']")[0].get("href").endswith("forum-session-1-a-target-and-the-list-of-our-asks/")
    assert nav.xpath(".//a[@rel='next']")[0].get("href").endswith("forum-session-3-what-has-moved-and-what-hasnt/")


def test_drafts_are_never_written(sample_site):
    draft_title = next(
        line.split(":", 1)[1].strip()
        for line in (SAMPLE_CONTENT / "testimonies/draft-night-intake.md").read_text().splitlines()
        if line.startswith("Title:")
    )
    for path in sample_site.rglob("*"):
        if path.is_file():
            assert draft_title.encode() not in path.read_bytes(), path
    assert not (sample_site / "drafts").exists()


def test_sample_has_the_promised_shape():
    testimonies = [p.read_text() for p in (SAMPLE_CONTENT / "testimonies").glob("*.md")]
    published = [t for t in testimonies if "Status: draft" not in t]
    assert len(published) >= 8
    assert sum("Anonymous: yes" in t for t in published) == 2
    assert sum("Lang: es" in t for t in published) == 1
    updates = [p.read_text() for p in (SAMPLE_CONTENT / "updates").glob("*.md")]
    assert sum(f"Series: {SERIES}" in u for u in updates) == 3


def test_plain_pelican_builds_the_sample_without_warnings(tmp_path):
    result = run_pelican(SAMPLE_CONTENT, tmp_path / "out")
    assert result.returncode == 0, result.stderr + result.stdout
    log = result.stdout + result.stderr
    assert "WARNING" not in log and "ERROR" not in log, log
    assert (tmp_path / "out/index.html").exists()


def test_another_content_folder_brings_its_own_facts_and_petitions(tmp_path):
    content = minimal_content(tmp_path / "elsewhere")
    result = run_pelican(content, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    story = page(tmp_path / "out", "testimonies/one-story/")
    assert story.xpath("//data[@class='fact-inline']")[0].get("value") == "65"
    assert (tmp_path / "out/petitions/caseload-cap/index.html").exists()
    # The sample's own petitions are not in this site.
    assert not (tmp_path / "out/petitions/mentoring-for-every-new-hire").exists()


def test_sitemap_lists_pages_but_not_the_404(sample_site):
    tree = etree.parse(str(sample_site / "sitemap.xml"))
    locs = [e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(loc.endswith("/testimonies/sixty-five-students-and-a-lunch-i-eat-in-the-car/") for loc in locs)
    assert not any("404" in loc for loc in locs)


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
