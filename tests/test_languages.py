"""A bilingual site: every Spanish page speaks Spanish, translations are
linked both ways, and each language has a face of its own.

Most tests read the showcase (tests/fixtures/showcase): its Spanish story,
its Spanish translation of the named testimony, its petitions' translations
and its facts' Spanish words, and the Spanish face the build writes under
/es/."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from helpers import (
    ROOT,
    SHOWCASE,
    SHOWCASE_PAGES,
    TODAY,
    headers,
    minimal_content,
    page,
    text_of,
    write_settings,
)
from lxml import etree
from lxml import html as lxml_html
from tasks_helpers import check_with_settings

CATALOGS = ROOT / "theme" / "translations"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)s|<[^>]*>")
# What a reader meets that is not a message: story and petition texts, and
# anything marked as written in another language (a story shown in English
# on a Spanish page says so with `lang`).
CONTENT = ("story-content", "e-content")
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "label")
READ_META = re.compile(r"(title|description|site_name)$")


def catalog(lang: str):
    with (CATALOGS / lang / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return read_po(source)


def english_messages() -> dict[str, re.Pattern]:
    """Each English message whose Spanish is not the same words ("RSS",
    "WhatsApp" and the date patterns are), as a pattern that finds it in a
    page's text whatever fills its placeholders."""
    spanish = catalog("es")
    found = {}
    for message in catalog("en"):
        if not message.id:
            continue
        english = message.string if isinstance(message.string, tuple) else (message.string or message.id,)
        translated = spanish.get(message.id)
        theirs = translated.string if translated is not None else ""
        theirs = theirs if isinstance(theirs, tuple) else (theirs,)
        for text in english:
            if text in theirs:
                continue
            pieces = [piece.strip() for piece in PLACEHOLDER.split(text) if piece.strip()]
            letters = len(re.findall(r"[A-Za-z]", "".join(pieces)))
            if not letters or (len(pieces) < len(PLACEHOLDER.split(text)) and letters < 3):
                continue  # "{site}: {feed}", "{short} of {value}": too little of their own to tell
            found[text] = re.compile(r"(?<!\w)" + r"\s*.+?\s*".join(re.escape(piece) for piece in pieces) + r"(?!\w)")
    return found


def interface_texts(tree, lang: str = "es"):
    """The text and read attributes of a page that are the site's own words
    in `lang`: not inside a story's or petition's text, not marked as
    another language, not code."""

    def walk(element, inherited):
        if not isinstance(element.tag, str):
            return
        tag = etree.QName(element).localname
        own = element.get("lang") or inherited
        classes = set((element.get("class") or "").split())
        if tag in ("script", "style", "code") or classes & set(CONTENT) or "demand-text" in classes:
            return
        if own.split("-")[0] != lang:
            return
        for name in READ_ATTRIBUTES:
            if element.get(name):
                yield element.get(name)
        if tag == "meta" and READ_META.search(element.get("name") or element.get("property") or ""):
            yield element.get("content") or ""
        if element.text:
            yield element.text
        for child in element:
            yield from walk(child, own)
            if child.tail:
                yield child.tail

    yield from walk(tree, tree.get("lang") or "")


def english_on(tree, messages: dict[str, re.Pattern]) -> list[str]:
    text = " ".join(" ".join(interface_texts(tree)).split())
    return sorted(message for message, pattern in messages.items() if pattern.search(text))


def spanish_pages(site: Path) -> dict[str, object]:
    found = {}
    for path in sorted(site.rglob("*.html")):
        tree = lxml_html.fromstring(path.read_bytes())
        if tree.get("lang") == "es":
            found[path.relative_to(site).as_posix()] = tree
    return found


def test_no_spanish_page_shows_an_english_message(showcase_site):
    """The site's own words on every Spanish page are Spanish: none of the
    English catalog's messages shows outside the stories' texts."""
    pages = spanish_pages(showcase_site)
    # Every kind of Spanish page: the face's home, listings and petitions, a
    # story written in Spanish and a translation.
    expected = {
        "es/index.html",
        "es/testimonies/index.html",
        "es/updates/index.html",
        "es/petitions/index.html",
        "es/petitions/cap-at-45/index.html",
        "es/petitions/mentor-every-new-hire/index.html",
        "es/subscribe/index.html",
        "es/archives/index.html",
        "es/regions/cedar-valley/index.html",
        "es/tags/index.html",
        SHOWCASE_PAGES["testimony-spanish"] + "index.html",
        SHOWCASE_PAGES["testimony-translation"] + "index.html",
    }
    assert expected <= set(pages)
    messages = english_messages()
    assert len(messages) > 80  # the check has the catalog to look for
    shown = {name: english_on(tree, messages) for name, tree in pages.items()}
    assert {name: found for name, found in shown.items() if found} == {}


def test_the_english_message_check_can_fail():
    """An English message on a Spanish page is found, in text, in a read
    attribute, and with its placeholder filled; one marked English is not."""
    messages = english_messages()
    tree = lxml_html.fromstring(
        '<html lang="es"><body><nav aria-label="Share this"><p>Anterior: uno</p></nav>'
        "<p>Topic: cargas</p><p>1,315 of 2,000 signatures</p>"
        '<p lang="en">Read other workers\' stories</p>'
        '<div class="story-content"><p>Skip to content</p></div></body></html>'
    )
    assert english_on(tree, messages) == [
        "Share this",
        "Topic",
        "Topic: %(topic)s",
        "{signatures} of {goal} signatures",
        "{signatures} signatures",
    ]


def test_each_spanish_page_says_it_is_spanish_and_the_english_ones_english(showcase_site):
    for url in ("es/", "es/testimonies/", "es/petitions/cap-at-45/", SHOWCASE_PAGES["testimony-translation"]):
        assert page(showcase_site, url).get("lang") == "es", url
    for url in ("", "testimonies/", "petitions/cap-at-45/", SHOWCASE_PAGES["testimony"]):
        assert page(showcase_site, url).get("lang") == "en", url


# --- translations, linked both ways --------------------------------------------


def alternates(doc) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href") for link in doc.xpath("//head/link[@rel='alternate'][@hreflang]")}


CANONICAL = "https://local2210.example.org/"


@pytest.mark.parametrize(
    "english, spanish",
    [
        (SHOWCASE_PAGES["testimony"], SHOWCASE_PAGES["testimony-translation"]),
        ("", "es/"),
        ("testimonies/", "es/testimonies/"),
        ("petitions/cap-at-45/", "es/petitions/cap-at-45/"),
        ("subscribe/", "es/subscribe/"),
        ("regions/cedar-valley/", "es/regions/cedar-valley/"),
    ],
)
def test_a_page_and_its_translation_link_to_each_other(showcase_site, english, spanish):
    """Both carry the same hreflang links, x-default the English one, and a
    visible switch to the other, named in its own language."""
    expected = {"en": CANONICAL + english, "es": CANONICAL + spanish, "x-default": CANONICAL + english}
    for url, other, name, lang in ((english, spanish, "Español", "es"), (spanish, english, "English", "en")):
        doc = page(showcase_site, url)
        assert alternates(doc) == expected, url
        switch = doc.xpath("//nav[contains(@class, 'language-switch')]//a")
        assert [(text_of(a), a.get("hreflang"), a.get("lang")) for a in switch] == [(name, lang, lang)]
        target = (showcase_site / url / switch[0].get("href")).resolve()
        assert target == (showcase_site / other).resolve(), url


def test_a_story_in_one_language_has_no_alternates_and_switches_to_the_other_home(showcase_site):
    doc = page(showcase_site, SHOWCASE_PAGES["testimony-spanish"])
    assert alternates(doc) == {}
    switch = doc.xpath("//nav[contains(@class, 'language-switch')]//a")[0]
    assert text_of(switch) == "English"
    url = SHOWCASE_PAGES["testimony-spanish"]
    assert (showcase_site / url / switch.get("href")).resolve() == showcase_site.resolve()


def test_a_spanish_only_story_is_in_every_listing_with_its_language(showcase_site):
    """On both faces, wherever stories are listed, the Spanish story is
    there, and its title is Spanish to a browser and a screen reader: marked
    on an English page, the page's own language on a Spanish one."""
    title = headers(SHOWCASE / "testimonies/nos-prometieron-tiempo.md")["title"]
    for url in ("", "testimonies/", "archives/", "regions/cedar-valley/", "tags/caseloads/", "es/", "es/testimonies/"):
        doc = page(showcase_site, url)
        links = [a for a in doc.xpath("//main//a") if text_of(a) == title]
        assert links, url
        assert {a.xpath("ancestor-or-self::*[@lang][1]/@lang")[0] for a in links} == {"es"}, url


def test_the_spanish_face_lists_spanish_first_and_marks_the_rest(showcase_site):
    listing = page(showcase_site, "es/testimonies/")
    cards = listing.xpath("//main//li[contains(@class, 'card')]")
    langs = [card.xpath(".//*[contains(@class, 'card-title')]/@lang")[:1] for card in cards]
    # Spanish first (the story written in Spanish, the translation), then English, each marked.
    assert [lang[0] if lang else "es" for lang in langs] == ["es", "es", "en"]
    notes = [text_of(n) for n in cards[-1].xpath(".//*[contains(@class, 'in-language')]")]
    assert notes == ["En inglés"]
    english_home = page(showcase_site, "")
    story = english_home.xpath("//main//li[contains(@class, 'card')][.//h3[@lang='es']]")[0]
    assert [text_of(n) for n in story.xpath(".//*[contains(@class, 'in-language')]")] == ["In Spanish"]


# --- check: the catalogs of the languages the site speaks ----------------------


def check_with_catalogs(tmp_path: Path, languages: list[str], edit=None):
    """`invoke check` on a small campaign, with a copy of the theme's catalogs
    (changed by `edit(folder)`) and the site speaking `languages`."""
    content = minimal_content(tmp_path / "content")
    folder = tmp_path / "translations"
    shutil.copytree(CATALOGS, folder)
    if edit is not None:
        edit(folder)
    settings = write_settings(
        tmp_path / "settings.py",
        f"CAMPAIGN = {{**CAMPAIGN, 'translations': {str(folder)!r}, 'languages': {languages!r}, 'today': {TODAY!r}}}\n",
    )
    return check_with_settings(content, settings), settings, folder


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_a_language_without_a_catalog_is_an_error_at_its_setting(tmp_path):
    result, settings, folder = check_with_catalogs(tmp_path, ["en", "es", "fr"])
    assert result.returncode == 1
    assert (
        f"{settings}:4: the site speaks French (`fr`), but there is no catalog of its words at "
        f"{folder}/fr/LC_MESSAGES/messages.po (run `invoke translations --add fr` and fill in its msgstr lines "
        '(docs/writing.md, "A new language"))'
    ) in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_catalog_missing_words_is_warned_of_at_each_line_and_a_wrong_placeholder_stops(tmp_path):
    """A third language's catalog, half done: each empty msgstr is a warning
    at its line; a placeholder the site never fills (which would stop the
    build with a KeyError when printed) is an error at its line."""

    def french(folder: Path):
        spanish = (folder / "es/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
        french = spanish.replace('msgstr "Compártelo"', 'msgstr ""').replace(
            'msgstr "Fecha límite: {date}"', 'msgstr "Date limite : {jour}"'
        )
        (folder / "fr/LC_MESSAGES").mkdir(parents=True)
        (folder / "fr/LC_MESSAGES/messages.po").write_text(french.replace("Language: es", "Language: fr"))
        # A message the template has and the French catalog lacks altogether.
        (folder / "fr/LC_MESSAGES/messages.po").write_text(
            re.sub(r'\n#: [^\n]*\nmsgid "Skip to content"\nmsgstr "[^"]*"\n', "\n", french)
        )

    result, _settings, folder = check_with_catalogs(tmp_path, ["en", "es", "fr"], french)
    po = folder / "fr/LC_MESSAGES/messages.po"
    share, deadline = line_of(po, 'msgid "Share this"'), line_of(po, 'msgid "Deadline: {date}"')
    out = result.stdout
    assert result.returncode == 1, out
    assert (
        f"{po}:{share}: warning: no French words for “Share this” "
        "(write them in its msgstr; until then the French pages show it in English)"
    ) in out
    assert (
        f"{po}:1: warning: the French catalog has no entry for “Skip to content” "
        "(run `invoke translations` to add it, then write its msgstr)"
    ) in out
    assert (
        f"{po}:{deadline}: the French words for “Deadline: {{date}}” use {{jour}}, "
        "which the site does not fill in (use only {date}, spelled as in its msgid)"
    ) in out
    # Spanish, complete, has nothing to say.
    assert "es/LC_MESSAGES/messages.po" not in out
    assert "Traceback" not in out + result.stderr


def test_a_third_language_is_a_catalog_and_one_setting(tmp_path):
    """A French catalog beside the theme's (here the Spanish words under a
    French header, standing in for a translator's) and "fr" in
    CAMPAIGN["languages"]: the site has a French face, with its feeds, and
    every page offers it."""
    from helpers import build_site

    folder = tmp_path / "translations"
    shutil.copytree(CATALOGS, folder)
    (folder / "fr/LC_MESSAGES").mkdir(parents=True)
    spanish = (folder / "es/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    (folder / "fr/LC_MESSAGES/messages.po").write_text(spanish.replace("Language: es", "Language: fr"))
    content = minimal_content(tmp_path / "content")
    site = build_site(
        content, tmp_path / "out", CAMPAIGN={"translations": str(folder), "languages": ["en", "es", "fr"]}
    )
    home = page(site, "fr/")
    assert home.get("lang") == "fr"
    assert (site / "fr/petitions/caseload-cap/index.html").is_file()
    assert (site / "fr/feeds/all.atom.xml").is_file()
    switch = page(site, "").xpath("//nav[contains(@class, 'language-switch')]//a")
    assert [(text_of(a), a.get("lang")) for a in switch] == [("Español", "es"), ("Français", "fr")]
    assert set(alternates(page(site, "testimonies/"))) == {"en", "es", "fr", "x-default"}


def test_the_missing_page_speaks_every_language_of_the_site(showcase_site):
    """A server has one 404 page for every missing address, English or
    Spanish: it says the same in each language, and leads to each face."""
    tree = lxml_html.fromstring((showcase_site / "404.html").read_bytes())
    assert tree.get("lang") == "en"
    (spanish,) = tree.xpath('//main//*[@lang="es"]')
    assert text_of(spanish.xpath(".//h2")[0]) == catalog("es").get("Page not found").string
    assert len(" ".join(interface_texts(spanish)).split()) > 20, "too few Spanish words were found to check"
    assert english_on(spanish, english_messages()) == []
    links = [a.get("href") for a in spanish.xpath(".//a")]
    assert len(links) == 2 and all(re.search(r"(^|/)es/", link) for link in links), links


def test_regions_and_topics_are_marked_as_the_sites_language_on_a_spanish_page(showcase_site):
    """Tags and regions are the organizers' words, in the site's language: a
    Spanish page marks them so (a screen reader says them in English), an
    English page has nothing to mark."""
    topics = lxml_html.fromstring((showcase_site / "es" / "tags" / "index.html").read_bytes())
    links = topics.xpath('//main//ul[contains(@class, "term-list")]//a')
    assert links and all(link.get("lang") == "en" for link in links)
    topic_page = sorted((showcase_site / "es" / "tags").glob("*/index.html"))[0]
    heading = lxml_html.fromstring(topic_page.read_bytes()).xpath("//h1")[0]
    assert [span.get("lang") for span in heading.xpath("span")] == ["en"]
    home = lxml_html.fromstring((showcase_site / "es" / "index.html").read_bytes())
    regions = home.xpath('//p[contains(@class, "meta-line")]/a[contains(@href, "regions/")]')
    assert regions and all(link.get("lang") == "en" for link in regions)
    english = lxml_html.fromstring((showcase_site / "tags" / "index.html").read_bytes())
    assert not english.xpath('//main//ul[contains(@class, "term-list")]//a[@lang]')


@pytest.mark.parametrize("prefix", ["", "es/"])
def test_each_feed_entry_says_its_own_language(showcase_site, prefix):
    """A face's feeds hold stories in other languages too: in Atom and RSS
    each says its language where it is not the feed's, as JSON Feed's
    `language` does for every item."""
    import json

    feeds = showcase_site / prefix / "feeds"
    items = json.loads((feeds / "all.json").read_text(encoding="utf-8"))["items"]
    expected = {item["id"]: item["language"] for item in items}
    assert len(set(expected.values())) == 2, "the fixture's feed should hold stories in both languages"

    atom = etree.parse(str(feeds / "all.atom.xml")).getroot()
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    namespace = {"a": "http://www.w3.org/2005/Atom"}
    atom_langs = {
        entry.findtext("a:id", namespaces=namespace): entry.get(xml_lang) or atom.get(xml_lang)
        for entry in atom.findall("a:entry", namespace)
    }
    assert atom_langs == expected

    rss = etree.parse(str(feeds / "all.rss.xml")).getroot()
    channel = rss.find("channel")
    dc = "{http://purl.org/dc/elements/1.1/}language"
    rss_langs = {
        item.findtext("guid"): item.findtext(dc) or channel.findtext("language") for item in channel.findall("item")
    }
    assert rss_langs == expected
