"""A petition's own page says its title and summary once, shows where it
stands with a progress bar a screen reader can read, and shows a won
petition as a win and a closed one as closed, with its outcome; a story
offers its open petition under its pull quote as well as at its end."""

import feedparser
from helpers import (
    OPEN_PETITION,
    SHOWCASE,
    SHOWCASE_PAGES,
    build_site,
    headers,
    minimal_content,
    page,
    text_of,
)

OPEN = headers(SHOWCASE / "petitions/cap-at-45.md")
WON = headers(SHOWCASE / "petitions/mentor-every-new-hire.md")
TESTIMONY = headers(SHOWCASE / "testimonies/sixty-five-names.md")


def number(text: str) -> int:
    return int(text.replace(",", ""))


def count_text(doc, text: str) -> int:
    """How many times the screen shows `text` as the whole of an element (the
    innermost one; the flyer, shown only in print, is left out)."""
    return sum(
        1
        for element in doc.xpath("//main//*[not(ancestor-or-self::*[contains(@class, 'print-only')])]")
        if text_of(element) == text and not any(text_of(child) == text for child in element)
    )


def test_the_petition_page_says_its_title_and_summary_once(showcase_site):
    doc = page(showcase_site, SHOWCASE_PAGES["petition"])
    assert count_text(doc, OPEN["title"]) == 1
    assert count_text(doc, OPEN["summary"]) == 1
    assert text_of(doc.xpath("//h1")[0]) == OPEN["title"]
    assert text_of(doc.xpath("//p[@class='lede']")[0]) == OPEN["summary"]


def test_the_progress_bar_is_named_by_the_count_and_says_the_percent(showcase_site):
    doc = page(showcase_site, SHOWCASE_PAGES["petition"])
    (bar,) = doc.xpath("//main//progress")
    goal, signatures = number(OPEN["goal"]), number(OPEN["signatures"])
    assert (int(bar.get("max")), int(bar.get("value"))) == (goal, signatures)
    label = doc.xpath(f"//*[@id='{bar.get('aria-labelledby')}']")[0]
    assert text_of(label) == f"{signatures:,} of {goal:,} signatures"
    percent = round(signatures / goal * 100)
    assert text_of(bar) == f"{percent}%"  # what a browser without <progress> shows
    assert f"{percent}% of the goal" in text_of(doc.xpath("//main")[0])
    assert doc.xpath("//main//a[@class='petition-sign']/@href") == [OPEN["url"]]


def test_the_home_page_and_the_petitions_list_show_the_bar_too(showcase_site):
    for url in (SHOWCASE_PAGES["home"], SHOWCASE_PAGES["petitions"]):
        bars = page(showcase_site, url).xpath("//main//progress")
        assert [(b.get("max"), b.get("value")) for b in bars][:1] == [(OPEN["goal"], OPEN["signatures"])], url


def test_a_won_petition_is_shown_as_a_win(showcase_site):
    doc = page(showcase_site, SHOWCASE_PAGES["petition-won"])
    (panel,) = doc.xpath("//main//div[contains(@class, 'petition-panel')]")
    assert "petition-won" in panel.get("class").split()
    outcome = text_of(panel.xpath(".//p[@class='petition-outcome']")[0])
    assert outcome == "We won this petition. " + WON["outcome"]
    # Past its goal: said so, not "1,024 of 900", and the bar is full.
    signatures, goal = number(WON["signatures"]), number(WON["goal"])
    assert signatures > goal
    assert f"{signatures:,} signatures, past our goal of {goal:,}" in text_of(panel)
    (bar,) = panel.xpath(".//progress")
    assert bar.get("value") == bar.get("max") == str(goal)
    assert not doc.xpath("//main//a[@class='petition-sign']")
    assert count_text(doc, WON["summary"]) == 1


def test_a_closed_petition_is_shown_as_closed_with_its_outcome(tmp_path):
    closed = OPEN_PETITION.replace("Status: open", "Status: closed").replace(
        "Summary:", "Outcome: The board tabled the cap until spring.\nSummary:"
    )
    content = minimal_content(tmp_path / "content", {"petitions/caseload-cap.md": closed})
    doc = page(build_site(content, tmp_path / "out"), "petitions/caseload-cap/")
    (panel,) = doc.xpath("//main//div[contains(@class, 'petition-panel')]")
    assert "petition-closed" in panel.get("class").split()
    assert text_of(panel.xpath(".//p[@class='petition-outcome']")[0]) == (
        "This petition closed on 31 March 2027. The board tabled the cap until spring."
    )
    assert not doc.xpath("//main//a[@class='petition-sign']")
    assert text_of(doc.xpath("//p[@class='kicker']")[0]) == "Petition · Closed"


def test_a_story_offers_its_petition_under_the_pull_quote_and_at_its_end(showcase_site):
    doc = page(showcase_site, SHOWCASE_PAGES["testimony"])
    header = doc.xpath("//article/header[@class='story-header']")[0]
    children = [element.get("class") for element in header]
    assert children.index("pull-quote") < children.index("petition-cta petition-compact")
    (compact,) = header.xpath("./div[contains(@class, 'petition-compact')]")
    assert compact.xpath(".//a[@class='petition-sign']/@href") == [OPEN["url"]]
    assert compact.xpath(".//p/a/@href")[0].endswith(SHOWCASE_PAGES["petition"])
    assert f"{number(OPEN['signatures']):,} of {number(OPEN['goal']):,} signatures" in text_of(compact)
    closing = doc.xpath("//div[contains(@class, 'story-content')]/div[contains(@class, 'petition-closing')]")
    assert closing and closing[0].xpath(".//a[@class='petition-sign']/@href") == [OPEN["url"]]


def test_the_compact_call_to_action_is_the_pages_alone(showcase_site):
    """Feeds carry the full call to action that closes the story, once."""
    feed = feedparser.parse((showcase_site / "feeds/all.atom.xml").read_bytes())
    (entry,) = [e for e in feed.entries if e.title == TESTIMONY["title"]]
    html = entry.content[0].value
    assert "petition-compact" not in html
    assert html.count(OPEN["url"]) == 1


def test_a_story_for_a_won_petition_has_no_compact_call_to_action(tmp_path):
    won = OPEN_PETITION.replace("Status: open", "Status: won")
    content = minimal_content(tmp_path / "content", {"petitions/caseload-cap.md": won})
    doc = page(build_site(content, tmp_path / "out"), "testimonies/one-story/")
    assert not doc.xpath("//div[contains(@class, 'petition-compact')]")
    assert doc.xpath("//div[contains(@class, 'petition-closing') and contains(@class, 'petition-won')]")
