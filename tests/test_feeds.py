"""Feeds, read back with feedparser as a real feed reader reads them.

Most tests read tests/fixtures/feeds: testimonies in two regions, for an open
and a won petition, one told for the website only, an update, a win in the
news and a draft."""

import datetime
import email.utils
import json
import re
from pathlib import Path

import feedparser
import pytest
from helpers import FEEDS, SHOWCASE, TEST_PUBLISH_SETTINGS, build_site, headers, minimal_content, page
from lxml import etree

ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}
# The feeds campaign is published here, its entry ids minted from this domain.
SITE = "https://feeds.example.org"
DOMAIN = "feeds.example.org"
OPEN_SIGN = headers(FEEDS / "petitions/cap-at-45.md")["url"]
WON_SIGN = headers(FEEDS / "petitions/mentoring.md")["url"]
# What the feeds campaign holds for subscribers, newest first: every published
# story but the one told for the website only (Consent-Scope: web) and the draft.
IN_THE_FEEDS = [
    "Forum notes: a referral target on paper",
    "Sixty-five on my list, and a call I never made",
    "Every call returned by Friday, for once",
    "My mentor answered on a Sunday",
    "We won: mentoring stays for every new hire",
]
TESTIMONIES_IN_THE_FEEDS = [
    "Sixty-five on my list, and a call I never made",
    "Every call returned by Friday, for once",
    "My mentor answered on a Sunday",
]


def publish(content: Path, output: Path, **overrides) -> Path:
    return build_site(
        content,
        output,
        settings_file=TEST_PUBLISH_SETTINGS,
        **{"SITEURL": SITE, "CANONICAL_SITEURL": SITE, "CAMPAIGN": {"feed_domain": DOMAIN}, **overrides},
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The feeds campaign built with the publishing settings, as it goes online."""
    return publish(FEEDS, tmp_path_factory.mktemp("published") / "output")


def feed_files(site: Path):
    return sorted(p for p in (site / "feeds").rglob("*") if p.is_file())


def feed_problems(path: Path, site: Path) -> list[str]:
    """What a feed reader would trip over in one written feed: feedparser's
    own complaints, then the rules of Atom, RSS or JSON Feed this site keeps."""
    data = path.read_bytes()
    relative = path.relative_to(site).as_posix()
    if path.suffix == ".json":
        return json_feed_problems(json.loads(data), SITE + "/" + relative)
    parsed = feedparser.parse(data)
    if parsed.bozo:
        return [f"feedparser: {parsed.get('bozo_exception')}"]
    problems = [] if parsed.entries else ["no entries"]
    root = etree.fromstring(data)
    if root.tag == "{http://www.w3.org/2005/Atom}feed":
        problems += atom_problems(root, SITE + "/" + relative)
    else:
        problems += rss_problems(root)
    return problems


def atom_problems(root, address: str) -> list[str]:
    problems = []
    if not (root.findtext("a:id", "", ATOM_NS)).startswith(f"tag:{DOMAIN},"):
        problems.append("feed id is not a tag: URI of the feed domain")
    if root.find("a:updated", ATOM_NS) is None:
        problems.append("feed has no updated")
    if root.xpath("a:link[@rel='self']/@href", namespaces=ATOM_NS) != [address]:
        problems.append("self link is not the feed's own address")
    for entry in root.findall("a:entry", ATOM_NS):
        title = entry.findtext("a:title", "", ATOM_NS)
        if not title:
            problems.append("entry without a title")
        if not entry.findtext("a:id", "", ATOM_NS).startswith(f"tag:{DOMAIN},"):
            problems.append(f"{title}: id is not a tag: URI of the feed domain")
        try:
            updated = datetime.datetime.fromisoformat(entry.findtext("a:updated", "", ATOM_NS))
        except ValueError:
            updated = None
        if updated is None or updated.tzinfo is None:  # RFC 3339 needs a zone
            problems.append(f"{title}: updated is not an RFC 3339 time with a zone")
        if not entry.findtext("a:summary", "", ATOM_NS):
            problems.append(f"{title}: no summary")
    return problems


RFC_822 = re.compile(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")


def rss_problems(root) -> list[str]:
    channel = root.find("channel")
    problems = [f"channel has no {key}" for key in ("title", "link", "description") if not channel.findtext(key)]
    for item in channel.findall("item"):
        title = item.findtext("title", "")
        guid = item.find("guid")
        if guid is None or not (guid.text or "").startswith("tag:") or guid.get("isPermaLink") != "false":
            problems.append(f"{title}: guid is not a tag: URI marked isPermaLink=false")
        published = item.findtext("pubDate", "")
        if not RFC_822.match(published) or email.utils.parsedate_to_datetime(published).tzinfo is None:
            problems.append(f"{title}: pubDate is not an RFC 822 date with a zone")
    return problems


def json_feed_problems(document: dict, address: str) -> list[str]:
    problems = []
    if document.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append("not JSON Feed 1.1")
    if document.get("feed_url") != address:
        problems.append("feed_url is not the feed's own address")
    ids = [item.get("id", "") for item in document.get("items", [])]
    if not ids:
        problems.append("no items")
    if len(set(ids)) != len(ids) or not all(i.startswith("tag:") for i in ids):
        problems.append("item ids are not unique tag: URIs")
    # The spec's external_url is the page a link post is about; readers open
    # it instead of the story. No story here is a link post.
    problems += [f"{item.get('title')}: external_url" for item in document.get("items", []) if "external_url" in item]
    return problems


def test_every_feed_parses_cleanly_and_follows_the_rules(published):
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
        "regions/north-district.atom.xml",
        "regions/south-district.rss.xml",
        "petitions/cap-at-45.atom.xml",
        "petitions/mentoring.rss.xml",
    } <= names
    for path in files:
        assert feed_problems(path, published) == [], path


def test_the_feed_checks_can_fail(tmp_path):
    """Each check above notices a feed that breaks its rule."""
    site = tmp_path / "site"
    broken = {
        "feeds/unclosed.atom.xml": "<feed xmlns='http://www.w3.org/2005/Atom'><title>x</title><entry>",
        "feeds/all.atom.xml": (
            "<feed xmlns='http://www.w3.org/2005/Atom'><id>urn:x</id><title>x</title>"
            f"<link rel='self' href='{SITE}/feeds/elsewhere.xml'/>"
            "<entry><title>A story</title><id>https://x/1</id><updated>2026-10-01T10:00:00</updated></entry></feed>"
        ),
        "feeds/all.rss.xml": (
            "<rss version='2.0'><channel><title>x</title><link>https://x/</link><description>d</description>"
            "<item><title>A story</title><guid>https://x/1</guid><pubDate>2026-10-01</pubDate></item>"
            "</channel></rss>"
        ),
        "feeds/all.json": json.dumps(
            {
                "version": "https://jsonfeed.org/version/1",
                "items": [
                    {"id": "tag:a,2026:1"},
                    {"id": "tag:a,2026:1", "title": "A story", "external_url": OPEN_SIGN},
                ],
            }
        ),
    }
    for relative, text in broken.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text)
    assert feed_problems(site / "feeds/unclosed.atom.xml", site)[0].startswith("feedparser:")
    assert feed_problems(site / "feeds/all.atom.xml", site) == [
        "feed id is not a tag: URI of the feed domain",
        "feed has no updated",
        "self link is not the feed's own address",
        "A story: id is not a tag: URI of the feed domain",
        "A story: updated is not an RFC 3339 time with a zone",
        "A story: no summary",
    ]
    assert feed_problems(site / "feeds/all.rss.xml", site) == [
        "A story: guid is not a tag: URI marked isPermaLink=false",
        "A story: pubDate is not an RFC 822 date with a zone",
    ]
    assert feed_problems(site / "feeds/all.json", site) == [
        "not JSON Feed 1.1",
        "feed_url is not the feed's own address",
        "item ids are not unique tag: URIs",
        "A story: external_url",
    ]


def titles(path: Path) -> list[str]:
    return [entry.title for entry in feedparser.parse(path.read_bytes()).entries]


def test_all_feed_has_every_published_story_newest_first(published):
    parsed = feedparser.parse((published / "feeds/all.atom.xml").read_bytes())
    assert [e.title for e in parsed.entries] == IN_THE_FEEDS
    dates = [datetime.datetime(*e.published_parsed[:6]) for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    assert titles(published / "feeds/all.rss.xml") == IN_THE_FEEDS
    assert titles(published / "feeds/testimonies.atom.xml") == TESTIMONIES_IN_THE_FEEDS
    assert titles(published / "feeds/regions/north-district.atom.xml") == [
        "Forum notes: a referral target on paper",
        "Every call returned by Friday, for once",
        "My mentor answered on a Sunday",
    ]
    assert titles(published / "feeds/petitions/cap-at-45.atom.xml") == [
        "Sixty-five on my list, and a call I never made",
        "Every call returned by Friday, for once",
    ]


def entry_by_title(parsed, start):
    return next(e for e in parsed.entries if e.title.startswith(start))


def test_content_survives_sanitizing_with_facts_and_sign_link(published):
    parsed = feedparser.parse((published / "feeds/all.atom.xml").read_bytes())  # sanitizes HTML
    story = entry_by_title(parsed, "Sixty-five on my list")
    html = story.content[0].value
    assert "65" in html and "students" in html
    assert "students on each coordinator's list this term" in html
    assert f'href="{OPEN_SIGN}"' in html
    # Links into the site are absolute.
    assert f'href="{SITE}/petitions/cap-at-45/"' in html
    assert not re.search(r'(href|src)="(?!https?:|mailto:)', html)
    assert [l.href for l in story.links if l.rel == "related"] == [OPEN_SIGN]


def test_won_petition_shows_outcome_and_no_sign_link(published):
    parsed = feedparser.parse((published / "feeds/all.atom.xml").read_bytes())
    win = entry_by_title(parsed, "We won")
    html = win.content[0].value
    assert "We won this petition." in html
    assert headers(FEEDS / "petitions/mentoring.md")["outcome"] in html
    assert WON_SIGN not in html
    assert not [l for l in win.links if l.rel == "related"]


def test_anonymous_names_are_in_no_feed(tmp_path):
    from helpers import anonymous_campaign, words_found

    content = anonymous_campaign(tmp_path / "content")
    site = build_site(content, tmp_path / "out", settings_file=TEST_PUBLISH_SETTINGS)
    assert feed_files(site)
    assert words_found(site / "feeds", ["zephyrine", "quillfeather", "okonjo", "zephy"]) == []
    parsed = feedparser.parse((site / "feeds/testimonies.atom.xml").read_bytes())
    entry = entry_by_title(parsed, "The night intake ran out of beds")
    assert entry.author == "Emergency Response Social Worker, Harbor County DCFS"


def test_json_feed_carries_every_story_and_the_sign_links_in_their_content(published):
    document = json.loads((published / "feeds/all.json").read_text())
    assert [item["title"] for item in document["items"]] == IN_THE_FEEDS
    signing = [i["title"] for i in document["items"] if f'href="{OPEN_SIGN}"' in i["content_html"]]
    assert sorted(signing) == sorted(TESTIMONIES_IN_THE_FEEDS[:2])
    assert not [i for i in document["items"] if "external_url" in i]


def entry_ids(site: Path):
    ids = {}
    for path in (site / "feeds").rglob("*.atom.xml"):
        root = etree.parse(str(path)).getroot()
        for entry in root.findall("a:entry", ATOM_NS):
            ids[entry.find("a:title", ATOM_NS).text] = entry.find("a:id", ATOM_NS).text
    return ids


def test_entry_ids_survive_a_move(tmp_path):
    first = publish(FEEDS, tmp_path / "a", SITEURL="https://a.example.org")
    second = publish(
        FEEDS,
        tmp_path / "b",
        SITEURL="https://b.example.net/campaign",
        ARTICLE_URL="stories/{slug}/",
        ARTICLE_SAVE_AS="stories/{slug}/index.html",
    )
    assert entry_ids(first) == entry_ids(second)
    assert sorted(entry_ids(first)) == sorted(IN_THE_FEEDS)
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
    site = build_site(content, tmp_path / "out", settings_file=TEST_PUBLISH_SETTINGS)
    for path in feed_files(site):
        data = path.read_bytes()
        for title in (b"Draft news", b"Future news", b"Gone story", b"Web only story", b"Withdrawn text"):
            assert title not in data, (path, title)
    parsed = feedparser.parse((site / "feeds/all.atom.xml").read_bytes())
    assert [e.title for e in parsed.entries] == ["One story"]


def test_feed_max_items(tmp_path):
    site = publish(FEEDS, tmp_path / "out", FEED_MAX_ITEMS=3)
    assert titles(site / "feeds/all.atom.xml") == IN_THE_FEEDS[:3]
    assert len(json.loads((site / "feeds/all.json").read_text())["items"]) == 3


def test_pages_link_the_feeds_that_fit_them(published):
    doc = page(published, "testimonies/sixty-five-on-my-list-and-a-call-i-never-made/")
    hrefs = [l.get("href") for l in doc.xpath("//head/link[@rel='alternate']")]
    for feed in (
        "feeds/all.atom.xml",
        "feeds/testimonies.atom.xml",
        "feeds/regions/south-district.atom.xml",
        "feeds/petitions/cap-at-45.atom.xml",
        "feeds/all.rss.xml",
    ):
        assert any(h.endswith(feed) for h in hrefs), feed
    assert not any(h.endswith("north-district.atom.xml") for h in hrefs)
    region = page(published, "regions/north-district/")
    assert any(
        l.get("href").endswith("feeds/regions/north-district.atom.xml")
        for l in region.xpath("//head/link[@rel='alternate']")
    )


def test_subscribe_page_lists_every_feed(published):
    doc = page(published, "subscribe/")
    listed = {c.text.split("/", 3)[3] for c in doc.xpath("//main//dd//code")}
    written = {p.relative_to(published).as_posix() for p in feed_files(published)}
    assert listed == written
    assert "feed reader" in doc.text_content()


def formats_named_and_listed(site: Path) -> tuple[str, list[str], list[str]]:
    """The subscribe page's sentence about formats, the formats it names, and
    the formats of the feed addresses it lists."""
    doc = page(site, "subscribe/")
    sentence = next(p for p in doc.xpath("//main//p") if "format" in p.text_content())
    listed = sorted({item.text_content().split(":")[0] for item in doc.xpath("//main//dd//li")})
    return " ".join(sentence.text_content().split()), sorted(s.text for s in sentence.xpath("strong")), listed


def test_subscribe_page_counts_and_names_the_formats_it_lists(published, tmp_path):
    sentence, named, listed = formats_named_and_listed(published)
    assert named == listed == ["Atom", "JSON Feed", "RSS"]
    assert "3 formats" in sentence
    no_rss = {"all_rss": "", "type_rss": "", "region_rss": "", "petition_rss": "", "all_json": ""}
    atom_only = publish(FEEDS, tmp_path / "atom", CAMPAIGN={"feed_domain": DOMAIN, "feeds": no_rss})
    sentence, named, listed = formats_named_and_listed(atom_only)
    assert named == listed == ["Atom"]
    assert "one format" in sentence


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
    before = atom_ids(publish(content, tmp_path / "a"))
    assert f"tag:{DOMAIN},2026:4f1c9a7e20b3" in before
    assert f"tag:{DOMAIN},2026:one-story-0001" in before
    story = content / "news/okonjo-thanks.md"
    story.write_text(story.read_text().replace("2026-10-02", "2026-10-03").replace("Thanks to", "Thank you to"))
    story.rename(content / "news/thank-you-night-shift.md")
    (content / "testimonies/one-story.md").rename(content / "testimonies/renamed-story.md")
    after = atom_ids(publish(content, tmp_path / "b"))
    assert after == before
    # Nothing of any file's name is in an id.
    assert not any(word in entry for entry in before + after for word in ("okonjo", "thanks", "renamed", ".md"))


def test_a_story_without_an_id_gets_one_that_shows_nothing_of_its_file(tmp_path):
    content = minimal_content(
        tmp_path / "content", {"news/okonjo-no-id.md": "Title: No id\nDate: 2026-10-02\n\nText.\n"}
    )
    ids = atom_ids(build_site(content, tmp_path / "a", settings_file=TEST_PUBLISH_SETTINGS))
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


# --- What every reader shows: feed content that needs none of our CSS -------

RSS_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
# Elements every feed reader keeps and shows without a stylesheet: the lists
# of the readers' own sanitizers (feedparser's, the W3C validator's) that
# plain-text readers also know. Anything else is dropped, shown as text, or
# flagged (`NotHtml`, `SecurityRisk`).
READER_BLOCKS = {"p", "div", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "hr", "table", "caption"}
READER_BLOCKS |= {"thead", "tbody", "tfoot", "tr", "th", "td", "h1", "h2", "h3", "h4", "h5", "h6"}
READER_INLINE = {"a", "abbr", "b", "br", "cite", "code", "del", "em", "i", "img", "ins", "kbd", "q", "s", "small"}
READER_INLINE |= {"span", "strong", "sub", "sup", "u"}
# Attributes whose meaning is our stylesheet's or a script's, not the reader's.
STYLE_ATTRIBUTES = {"class", "style"}
ABSOLUTE = re.compile(r"^(https?://[^/\s]+|mailto:)", re.I)
# A word running into a number ("students65"), as SVG labels read without CSS.
RUN_ON = re.compile(r"[^\W\d_]\d")


def feed_entry_contents(site: Path):
    """(feed and entry title, content HTML) for every entry of every feed, as
    written (feedparser would sanitize it first, hiding what we wrote)."""
    for path in feed_files(site):
        where = path.relative_to(site).as_posix()
        if path.suffix == ".json":
            for item in json.loads(path.read_bytes())["items"]:
                yield f"{where}: {item['title']}", item.get("content_html", "")
            continue
        root = etree.fromstring(path.read_bytes())
        for entry in root.iter("{http://www.w3.org/2005/Atom}entry"):
            yield f"{where}: {entry.findtext('a:title', '', ATOM_NS)}", entry.findtext("a:content", "", ATOM_NS)
        for item in root.iter("item"):
            yield f"{where}: {item.findtext('title', '')}", item.findtext(RSS_CONTENT, "")


def reader_lines(html: str) -> list[str]:
    """The content as a plain-text reader shows it: a line per block, the
    text of everything else run together."""
    from lxml import html as lxml_html

    lines, current = [], []

    def flush():
        line = " ".join("".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    def walk(element):
        block = element.tag in READER_BLOCKS or element.tag == "br"
        if block:
            flush()
        current.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str):
                walk(child)
            current.append(child.tail or "")
        if block:
            flush()

    walk(lxml_html.fragment_fromstring(html, create_parent="div"))
    flush()
    return lines


def feed_content_problems(html: str) -> list[str]:
    """What a feed reader without our CSS trips over in one entry's content."""
    from lxml import html as lxml_html

    problems = []
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for element in root.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        if element.tag not in READER_BLOCKS | READER_INLINE:
            problems.append(f"<{element.tag}> is not HTML every reader shows")
        for name, value in element.attrib.items():
            if name in STYLE_ATTRIBUTES or name.startswith("on"):
                problems.append(f"<{element.tag} {name}> needs our stylesheet or a script")
            if name in ("href", "src") and not ABSOLUTE.match(value):
                problems.append(f"<{element.tag} {name}={value!r}> is not an absolute link")
    problems += [f"runs words into numbers: {line!r}" for line in reader_lines(html) if RUN_ON.search(line)]
    return problems


@pytest.mark.parametrize("built", ["published", "showcase_site"])
def test_feed_content_needs_no_svg_css_or_script(built, request):
    """Every entry of every feed (Atom, RSS, JSON Feed) of the feeds campaign
    and of the showcase, as written."""
    site = request.getfixturevalue(built)
    contents = list(feed_entry_contents(site))
    assert len(contents) >= 20 and all(html for _, html in contents)
    problems = [f"{where}: {problem}" for where, html in contents for problem in feed_content_problems(html)]
    assert problems == []


def test_the_feed_content_checks_can_fail():
    html = (
        '<style>p{}</style><section class="facts-box"><figure><p>65 students</p>'
        '<svg viewBox="0 0 9 9"><text>65 students</text><text>45 students</text></svg></figure></section>'
        '<p style="color:red" onclick="x()"><a href="/petitions/cap/">cap</a>'
        '<img src="images/a.jpg" alt=""> <a href="mailto:a@example.org">mail</a>'
        ' <a href="https://example.org/">out</a></p>'
    )
    assert feed_content_problems(html) == [
        "<style> is not HTML every reader shows",
        "<section> is not HTML every reader shows",
        "<section class> needs our stylesheet or a script",
        "<figure> is not HTML every reader shows",
        "<svg> is not HTML every reader shows",
        "<text> is not HTML every reader shows",
        "<text> is not HTML every reader shows",
        "<p style> needs our stylesheet or a script",
        "<p onclick> needs our stylesheet or a script",
        "<a href='/petitions/cap/'> is not an absolute link",
        "<img src='images/a.jpg'> is not an absolute link",
        "runs words into numbers: '65 students45 students'",
    ]


def test_a_comparison_reads_as_one_sentence_in_every_feed(published):
    sentence = "65 students: students on each coordinator's list this term, 20 more than the cap of 45 (44% over)."
    story = "Sixty-five on my list, and a call I never made"
    found = [reader_lines(html) for where, html in feed_entry_contents(published) if where.endswith(": " + story)]
    assert len(found) >= 6  # in Atom, RSS and JSON Feed, in several feeds
    assert all(sentence in lines for lines in found), found[0]


def fact_labels(content: Path) -> dict[str, str]:
    import yaml

    return {fact_id: fact["label"] for fact_id, fact in yaml.safe_load((content / "facts.yml").read_text()).items()}


def shown_twice(text: str, labels: dict[str, str]) -> list[str]:
    return sorted(fact_id for fact_id, label in labels.items() if text.count(label) > 1)


@pytest.mark.parametrize("built, content", [("published", FEEDS), ("showcase_site", SHOWCASE)])
def test_no_page_and_no_feed_entry_shows_a_fact_twice(built, content, request):
    """A fact listed in `Facts:` and also placed in the text is shown once,
    where the writer placed it; each fact is known by its label."""
    from lxml import html as lxml_html

    site, labels = request.getfixturevalue(built), fact_labels(content)
    twice = {}
    for path in sorted(site.rglob("*.html")):
        main = lxml_html.fromstring(path.read_bytes()).xpath("//main")
        if main and shown_twice(main[0].text_content(), labels):
            twice[path.relative_to(site).as_posix()] = shown_twice(main[0].text_content(), labels)
    for where, html in feed_entry_contents(site):
        if shown_twice(" ".join(reader_lines(html)), labels):
            twice[where] = shown_twice(" ".join(reader_lines(html)), labels)
    assert twice == {}


def test_a_fact_placed_in_the_text_leaves_the_box(tmp_path):
    content = minimal_content(
        tmp_path / "content",
        {
            "news/placed.md": """
            Title: Placed
            Date: 2026-10-02
            Facts: signature-caseload, caseload-cap

            [fact: signature-caseload]

            And the cap: [fact: caseload-cap].
            """,
            "news/all-placed.md": """
            Title: All placed
            Date: 2026-10-03
            Facts: caseload-cap

            [fact: caseload-cap]
            """,
        },
    )
    site = build_site(content, tmp_path / "out")
    placed = page(site, "news/placed/")
    box = placed.xpath("//section[contains(@class, 'facts-box')]")
    # the box keeps the fact only named inline; the placed one stands alone in the text
    assert [b.xpath("string(.//p[@class='fact-label'])") for b in box] == [
        "students per coordinator, the cap we ask for"
    ]
    assert len(placed.xpath("//figure[contains(@class, 'fact')]")) == 2
    all_placed = page(site, "news/all-placed/")
    assert not all_placed.xpath("//section[contains(@class, 'facts-box')]")
    assert len(all_placed.xpath("//figure[contains(@class, 'fact')]")) == 1


# --- each language's feeds ----------------------------------------------------


@pytest.fixture(scope="module")
def published_showcase(tmp_path_factory):
    """The showcase, whose Spanish face has feeds of its own, built to go online."""
    return publish(SHOWCASE, tmp_path_factory.mktemp("showcase-published") / "output", UNION_LOGO="images/logo.svg")


def entries(path: Path) -> dict[str, str]:
    """Entry id -> title, of an Atom feed."""
    root = etree.parse(str(path)).getroot()
    return {
        e.findtext("a:id", "", ATOM_NS): e.findtext("a:title", "", ATOM_NS) for e in root.findall("a:entry", ATOM_NS)
    }


def test_the_spanish_face_has_every_feed_and_each_follows_the_rules(published_showcase):
    site = published_showcase
    english = {p.relative_to(site / "feeds").as_posix() for p in feed_files(site)}
    spanish = sorted(p for p in (site / "es/feeds").rglob("*") if p.is_file())
    assert {p.relative_to(site / "es/feeds").as_posix() for p in spanish} == english
    for path in spanish:
        assert feed_problems(path, site) == [], path
    atom = etree.parse(str(site / "es/feeds/all.atom.xml")).getroot()
    assert atom.findtext("a:title", "", ATOM_NS) == "Local 2210: todas las publicaciones"
    assert feedparser.parse((site / "es/feeds/all.rss.xml").read_bytes()).feed.language == "es"
    assert json.loads((site / "es/feeds/all.json").read_text())["language"] == "es"
    assert feedparser.parse((site / "feeds/all.rss.xml").read_bytes()).feed.language == "en"


def test_a_translation_is_its_own_entry_in_its_languages_feeds_only(published_showcase):
    """The Spanish feeds carry each story once: the Spanish translation in
    place of its original, under an id of its own; a story in Spanish only
    has the same entry in both; the English feeds never carry a translation."""
    site = published_showcase
    english, spanish = entries(site / "feeds/all.atom.xml"), entries(site / "es/feeds/all.atom.xml")
    original = headers(SHOWCASE / "testimonies/sixty-five-names.md")
    translation = headers(SHOWCASE / "testimonies/sixty-five-names.es.md")
    assert len(english) == len(spanish)
    assert original["title"] in english.values() and translation["title"] not in english.values()
    assert translation["title"] in spanish.values() and original["title"] not in spanish.values()
    translated_id = next(i for i, title in spanish.items() if title == translation["title"])
    assert translated_id.endswith(f":{original['id']}/es") and translated_id not in english
    only_spanish = headers(SHOWCASE / "testimonies/nos-prometieron-tiempo.md")["title"]
    assert {i for i, t in english.items() if t == only_spanish} == {i for i, t in spanish.items() if t == only_spanish}
    # The face's pages name its own feeds, in its words.
    doc = page(site, "es/testimonies/")
    links = {l.get("href"): l.get("title") for l in doc.xpath("//head/link[@type='application/atom+xml']")}
    assert links[f"{SITE}/es/feeds/testimonies.atom.xml"] == "Local 2210: Testimonios (Atom)"
    assert not any("/es/" not in href for href in links)


def test_the_spanish_subscribe_page_lists_the_spanish_feeds(published_showcase):
    site = published_showcase
    doc = page(site, "es/subscribe/")
    listed = {c.text.split("/", 3)[3] for c in doc.xpath("//main//dd//code")}
    assert listed == {p.relative_to(site).as_posix() for p in (site / "es/feeds").rglob("*") if p.is_file()}
    assert "lector de feeds" in doc.text_content()


def test_a_rebuild_reuses_each_unchanged_storys_feed_content(tmp_path, monkeypatch):
    """Feed content is made once per story and kept with the content cache:
    a rebuild after one story changed makes it for that story only, and
    writes the same feeds as a build from nothing."""
    import campaign.feeds

    content = minimal_content(tmp_path / "content")
    (content / "testimonies" / "two-story.md").write_text(
        (content / "testimonies" / "one-story.md")
        .read_text(encoding="utf-8")
        .replace("Id: one-story-0001", "Id: two-story-0002")
        .replace("Title: ", "Title: Another "),
        encoding="utf-8",
    )
    first = build_site(content, tmp_path / "out")
    made = []
    real = campaign.feeds.feed_html
    monkeypatch.setattr(
        campaign.feeds, "feed_html", lambda html, url, *rest: made.append(url) or real(html, url, *rest)
    )
    changed = content / "testimonies" / "two-story.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    build_site(content, tmp_path / "out")
    assert made and all("another" in url for url in made), made
    fresh = build_site(content, tmp_path / "fresh", CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False)
    for feed in ("feeds/all.atom.xml", "feeds/all.json", "es/feeds/all.rss.xml"):
        assert (first / feed).read_bytes() == (fresh / feed).read_bytes(), feed
