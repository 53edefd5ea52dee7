"""What the `[fact: id]` / `[petition: id]` grammar accepts, as a pattern,
and the opening words kept for listings. Rendering is in the golden tests."""

import re
import xml.etree.ElementTree as etree

import pytest
from campaign.markdown_ext import BLOCK_TOKEN, TOKEN, opening_words, petition_source_link

INLINE = re.compile(TOKEN)


@pytest.mark.parametrize(
    "text, kind, item_id",
    [
        ("[fact: caseload-cap]", "fact", "caseload-cap"),
        ("[fact:caseload-cap]", "fact", "caseload-cap"),
        ("[fact:   caseload-cap   ]", "fact", "caseload-cap"),
        ("[petition: cap-open]", "petition", "cap-open"),
        ("a cap of [fact: caseload-cap] each", "fact", "caseload-cap"),
        ("[fact: 2026_attrition.v2]", "fact", "2026_attrition.v2"),
    ],
)
def test_a_code(text, kind, item_id):
    match = INLINE.search(text)
    assert (match.group("kind"), match.group("id")) == (kind, item_id)


@pytest.mark.parametrize(
    "text",
    [
        "[Fact: caseload-cap]",
        "[FACT: caseload-cap]",
        "[fact caseload-cap]",
        "[fact: caseload cap]",
        "[fact: ]",
        "[fact:]",
        "[ fact: caseload-cap]",
        "[facts: caseload-cap]",
        "[petitions: cap-open]",
        "[fact: caseload-cap",
        "[fact: caseload-cap, signature-caseload]",
        "(fact: caseload-cap)",
    ],
)
def test_not_a_code(text):
    assert INLINE.search(text) is None


@pytest.mark.parametrize("text", ["[fact: caseload-cap]", "  [petition: cap-open]  ", "\n[fact: caseload-cap]\n"])
def test_a_block_is_a_code_alone(text):
    assert BLOCK_TOKEN.match(text)


@pytest.mark.parametrize(
    "text",
    ["See [fact: caseload-cap]", "[fact: caseload-cap].", "[fact: caseload-cap] [fact: signature-caseload]"],
)
def test_a_code_with_other_text_is_not_a_block(text):
    assert not BLOCK_TOKEN.match(text)


def test_petition_source_link():
    assert petition_source_link("cap-open") == "{filename}/petitions/cap-open.md"


def paragraphs(*texts, tag="p"):
    root = etree.Element("div")
    for text in texts:
        etree.SubElement(root, tag).text = text
    return root


def test_opening_words_join_paragraphs():
    root = paragraphs("We had 65 students each.", "The cap is 45.")
    assert opening_words(root) == "We had 65 students each. The cap is 45."


def test_opening_words_stop_at_the_limit_with_an_ellipsis():
    root = paragraphs("one two three", "four five six")
    assert opening_words(root, limit=4) == "one two three four …"
    assert opening_words(root, limit=6) == "one two three four five six …"
    assert opening_words(root, limit=7) == "one two three four five six"


def test_opening_words_read_only_paragraphs_and_their_inline_text():
    root = paragraphs("By the numbers", tag="h2")
    p = etree.SubElement(root, "p")
    p.text = "Attrition fell from "
    strong = etree.SubElement(p, "strong")
    strong.text = "40%"
    strong.tail = " to 6%."
    etree.SubElement(root, "pre").text = "[fact: caseload-cap]"
    assert opening_words(root) == "Attrition fell from 40% to 6%."


def test_opening_words_drop_stashed_placeholders():
    root = paragraphs("Before \x02wzxhzdk:0\x03 after")
    assert opening_words(root) == "Before after"


def test_opening_words_of_nothing():
    assert opening_words(etree.Element("div")) == ""
