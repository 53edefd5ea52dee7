"""Feeds, read back with feedparser as a real feed reader reads them."""

import datetime
import email.utils
import json
import re
from pathlib import Path

import feedparser
import pytest
from helpers import ROOT, SAMPLE_CONTENT, build_site, minimal_content, page
from lxml import etree

ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}


def header_value(path: Path, key: str):
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            return None
        if line.lower().startswith(key.lower() + ":"):
            return line.split(":", 1)[1].strip()
    return None


def published_sources(kind=None):
    folders = [kind] if kind else ["testimonies", "updates", "news"]
    return [
        p
        for f in folders
        for p in (SAMPLE_CONTENT / f).glob("*.md")
        if (header_value(p, "Status") or "published") == "published"
    ]


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The sample built with the publishing settings, as it goes online."""
    output = tmp_path_factory.mktemp("published") / "output"
    return build_site(SAMPLE_CONTENT, output, settings_file=ROOT / "publishconf.py")


def feed_files(site: Path):
    return sorted(p for p in (site / "feeds").rglob("*") if p.is_file())


def test_every_feed_parses_cleanly(published):
    files = feed_files(published)
    names = {p.relative_to(published / "feeds").as_posix() for p in files}
    assert {
        "all.atom.xml",
        "all.rss.xml",
        "all.json",
        "testimonies.atom.xml",
        "testimonies.rss.xml",
        "updates.atom.xml",
        "news.rss.xml",
        "regions/harbor-county.atom.xml",
        "regions/inland-county.rss.xml",
        "petitions/caseload-cap.atom.xml",
        "petitions/caseload-cap.rss.xml",
    } <= names
    for path in files:
        if path.suffix == ".json":
            continue
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path


def test_all_feed_has_every_published_story_newest_first(published):
    parsed = feedparser.parse((published / "feeds/all.atom.xml").read_bytes())
    assert len(parsed.entries) == len(published_sources())
    dates = [datetime.datetime(*e.published_parsed[:6]) for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    testimonies = feedparser.parse((published / "feeds/testimonies.atom.xml").read_bytes())
    assert len(testimonies.entries) == len(published_sources("testimonies"))


def entry_by_title(parsed, start):
    return next(e for e in parsed.entries if e.title.startswith(start))


def test_content_survives_sanitizing_with_facts_and_sign_link(published):
    parsed = feedparser.parse((published / "feeds/all.atom.xml").read_bytes())  # sanitizes HTML
    story = entry_by_title(parsed, "Sixty-five students")
    html = story.content[0].value
    assert "65" in html and "students" in html
    assert "students each coordinator carries in the flagship program" in html
    assert 'href="https://sign.local2210.example.org/caseload-cap"' in html
    # Links into the site are absolute.
    assert 'href="https://local2210.example.org/petitions/caseload-cap/"' in html
    assert not re.search(r'(href|src)="(?!https?:|mailto:)', html)
    assert [l.href for l in story.links if l.rel == "related"] == ["https://sign.local2210.example.org/caseload-cap"]


def test_won_petition_shows_outcome_and_no_sign_link(published):
    parsed = feedparser.parse((published / "feeds/all.atom.xml").read_bytes())
    win = entry_by_title(parsed, "We won")
    html = win.content[0].value
    assert "We won this petition." in html
    assert "sign.local2210.example.org/mentoring" not in html
    assert not [l for l in win.links if l.rel == "related"]


def test_anonymous_names_are_in_no_feed(tmp_path):
    from helpers import anonymous_campaign, words_found

    content = anonymous_campaign(tmp_path / "content")
    site = build_site(content, tmp_path / "out", settings_file=ROOT / "publishconf.py")
    assert feed_files(site)
    assert words_found(site / "feeds", ["zephyrine", "quillfeather", "okonjo", "zephy"]) == []
    parsed = feedparser.parse((site / "feeds/testimonies.atom.xml").read_bytes())
    entry = entry_by_title(parsed, "The night intake ran out of beds")
    assert entry.author == "Emergency Response Social Worker, Harbor County DCFS"


def test_atom_follows_the_rules(published):
    for path in (published / "feeds").rglob("*.atom.xml"):
        tree = etree.parse(str(path))
        root = tree.getroot()
        assert root.find("a:id", ATOM_NS).text.startswith("tag:local2210.example.org,")
        assert root.find("a:updated", ATOM_NS) is not None
        self_link = root.find("a:link[@rel='self']", ATOM_NS).get("href")
        assert self_link == "https://local2210.example.org/" + path.relative_to(published).as_posix()
        for entry in root.findall("a:entry", ATOM_NS):
            assert entry.find("a:id", ATOM_NS).text.startswith("tag:local2210.example.org,")
            updated = entry.find("a:updated", ATOM_NS).text
            assert datetime.datetime.fromisoformat(updated).tzinfo is not None  # RFC 3339 with a zone
            assert entry.find("a:title", ATOM_NS).text
            assert entry.find("a:summary", ATOM_NS).text


def test_rss_follows_the_rules(published):
    for path in (published / "feeds").rglob("*.rss.xml"):
        channel = etree.parse(str(path)).getroot().find("channel")
        assert channel.find("title").text and channel.find("link").text and channel.find("description").text
        for item in channel.findall("item"):
            guid = item.find("guid")
            assert guid.text.startswith("tag:") and guid.get("isPermaLink") == "false"
            pub = item.find("pubDate").text
            assert email.utils.parsedate_to_datetime(pub).tzinfo is not None
            assert re.match(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$", pub)


def test_json_feed_follows_the_rules(published):
    document = json.loads((published / "feeds/all.json").read_text())
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == "https://local2210.example.org/feeds/all.json"
    assert len(document["items"]) == len(published_sources())
    ids = [item["id"] for item in document["items"]]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:") for i in ids)
    open_ones = [i for i in document["items"] if i.get("external_url")]
    assert open_ones and all(i["external_url"] == "https://sign.local2210.example.org/caseload-cap" for i in open_ones)
    win = next(i for i in document["items"] if i["title"].startswith("We won"))
    assert "external_url" not in win


def entry_ids(site: Path):
    ids = {}
    for path in (site / "feeds").rglob("*.atom.xml"):
        root = etree.parse(str(path)).getroot()
        for entry in root.findall("a:entry", ATOM_NS):
            ids[entry.find("a:title", ATOM_NS).text] = entry.find("a:id", ATOM_NS).text
    return ids


def test_entry_ids_survive_a_move(tmp_path):
    first = build_site(
        SAMPLE_CONTENT, tmp_path / "a", settings_file=ROOT / "publishconf.py", SITEURL="https://a.example.org"
    )
    second = build_site(
        SAMPLE_CONTENT,
        tmp_path / "b",
        settings_file=ROOT / "publishconf.py",
        SITEURL="https://b.example.net/campaign",
        ARTICLE_URL="stories/{slug}/",
        ARTICLE_SAVE_AS="stories/{slug}/index.html",
    )
    assert entry_ids(first) == entry_ids(second)
    assert len(entry_ids(first)) == len(published_sources())
    assert b"https://b.example.net/campaign/stories/" in (second / "feeds/all.atom.xml").read_bytes()


def test_drafts_withdrawn_and_future_posts_stay_out(tmp_path):
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    content = minimal_content(
        tmp_path / "content",
        {
            "news/draft.md": "Title: Draft news\nDate: 2026-10-02\nStatus: draft\n\nNot yet.\n",
            "news/future.md": f"Title: Future news\nDate: {future}\n\nLater.\n",
            "testimonies/gone.md": "Title: Gone story\nDate: 2026-10-03\nRole: Coordinator\nConsent: 2026-09-01\n"
            "Withdrawn: 2026-11-01\nPetition: caseload-cap\n\nWithdrawn text.\n",
            "testimonies/web-only.md": "Title: Web only story\nDate: 2026-10-04\nRole: Coordinator\nConsent: 2026-09-01\n"
            "Consent-Scope: web\n\nOnly on the site.\n",
        },
    )
    site = build_site(content, tmp_path / "out", settings_file=ROOT / "publishconf.py")
    for path in feed_files(site):
        data = path.read_bytes()
        for title in (b"Draft news", b"Future news", b"Gone story", b"Web only story", b"Withdrawn text"):
            assert title not in data, (path, title)
    parsed = feedparser.parse((site / "feeds/all.atom.xml").read_bytes())
    assert [e.title for e in parsed.entries] == ["One story"]


def test_feed_max_items(tmp_path):
    site = build_site(SAMPLE_CONTENT, tmp_path / "out", FEED_MAX_ITEMS=3)
    parsed = feedparser.parse((site / "feeds/all.atom.xml").read_bytes())
    assert len(parsed.entries) == 3
    newest = max(published_sources(), key=lambda p: header_value(p, "Date"))
    assert parsed.entries[0].title == header_value(newest, "Title")


def test_pages_link_the_feeds_that_fit_them(sample_site):
    doc = page(sample_site, "testimonies/sixty-five-students-and-a-lunch-i-eat-in-the-car/")
    hrefs = [l.get("href") for l in doc.xpath("//head/link[@rel='alternate']")]
    for feed in (
        "feeds/all.atom.xml",
        "feeds/testimonies.atom.xml",
        "feeds/regions/inland-county.atom.xml",
        "feeds/petitions/caseload-cap.atom.xml",
        "feeds/all.rss.xml",
    ):
        assert any(h.endswith(feed) for h in hrefs), feed
    region = page(sample_site, "regions/harbor-county/")
    assert any(
        l.get("href").endswith("feeds/regions/harbor-county.atom.xml")
        for l in region.xpath("//head/link[@rel='alternate']")
    )


def test_subscribe_page_lists_every_feed(sample_site):
    doc = page(sample_site, "subscribe/")
    listed = {c.text.split("/", 3)[3] for c in doc.xpath("//main//dd//code")}
    written = {p.relative_to(sample_site).as_posix() for p in feed_files(sample_site)}
    assert listed == written
    assert "feed reader" in doc.text_content()


def atom_ids(site: Path) -> list[str]:
    root = etree.parse(str(site / "feeds/all.atom.xml")).getroot()
    return sorted(entry.find("a:id", ATOM_NS).text for entry in root.findall("a:entry", ATOM_NS))


def test_entry_ids_survive_a_corrected_date_a_new_title_and_a_renamed_file(tmp_path):
    content = minimal_content(
        tmp_path / "content",
        {
            "news/okonjo-thanks.md": """
        Title: Thanks to the night shift
        Id: 4f1c9a7e20b3
        Date: 2026-10-02
        Summary: Thanks.

        Thank you.
        """
        },
    )
    before = atom_ids(build_site(content, tmp_path / "a", settings_file=ROOT / "publishconf.py"))
    assert "tag:local2210.example.org,2026:4f1c9a7e20b3" in before
    assert "tag:local2210.example.org,2026:one-story-0001" in before
    story = content / "news/okonjo-thanks.md"
    story.write_text(story.read_text().replace("2026-10-02", "2026-10-03").replace("Thanks to", "Thank you to"))
    story.rename(content / "news/thank-you-night-shift.md")
    (content / "testimonies/one-story.md").rename(content / "testimonies/renamed-story.md")
    after = atom_ids(build_site(content, tmp_path / "b", settings_file=ROOT / "publishconf.py"))
    assert after == before
    # Nothing of any file's name is in an id.
    assert not any(word in entry for entry in before + after for word in ("okonjo", "thanks", "renamed", ".md"))


def test_a_story_without_an_id_gets_one_that_shows_nothing_of_its_file(tmp_path):
    content = minimal_content(
        tmp_path / "content", {"news/okonjo-no-id.md": "Title: No id\nDate: 2026-10-02\n\nText.\n"}
    )
    ids = atom_ids(build_site(content, tmp_path / "a", settings_file=ROOT / "publishconf.py"))
    fallback = [i for i in ids if ":path-" in i]
    assert len(fallback) == 1 and "okonjo" not in fallback[0] and "no-id" not in fallback[0]


def test_a_duplicate_id_stops_the_build(tmp_path):
    from helpers import run_pelican

    content = minimal_content(
        tmp_path / "content", {"news/copied.md": "Title: Copied\nId: one-story-0001\nDate: 2026-10-02\n\nText.\n"}
    )
    result = run_pelican(content, tmp_path / "out")
    assert result.returncode == 1
    assert "news/copied.md:2: Id `one-story-0001` is also the Id of testimonies/one-story.md" in result.stderr
