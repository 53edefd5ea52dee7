"""A preview rebuild does not read every story's codes again: what was found
is kept between builds, and never used once anything it depends on changed."""

import pytest
from campaign.markdown_ext import CodeFinder
from campaign.validation import load_and_check
from helpers import minimal_content, settings_for


def check(content, output):
    campaign = load_and_check(settings_for(content, output))
    return [str(p) for p in campaign.problems.in_order() if p.severity == "error"]


def test_a_second_check_reuses_what_the_first_found_until_a_fact_changes(tmp_path, monkeypatch):
    content = minimal_content(tmp_path / "content")
    output = tmp_path / "out"
    assert check(content, output) == []

    def must_not_read(self, text, first_line):
        raise AssertionError("read again although nothing changed")

    monkeypatch.setattr(CodeFinder, "_find", must_not_read)
    assert check(content, output) == []  # every answer came from the memo

    # Removing the fact the story cites changes what the answers depend on.
    monkeypatch.undo()
    facts = content / "facts.yml"
    facts.write_text(facts.read_text().replace("signature-caseload:", "another-figure:"))
    errors = check(content, output)
    assert any("testimonies/one-story.md" in e and "unknown fact `signature-caseload`" in e for e in errors), errors


def test_an_edited_story_is_read_again(tmp_path, monkeypatch):
    content = minimal_content(tmp_path / "content")
    output = tmp_path / "out"
    assert check(content, output) == []
    story = content / "testimonies/one-story.md"
    story.write_text(story.read_text() + "\nAnd [fact: no-such-figure] too.\n")
    read = []
    original = CodeFinder._find
    monkeypatch.setattr(
        CodeFinder, "_find", lambda self, text, first: read.append(first) or original(self, text, first)
    )
    errors = check(content, output)
    assert len(read) == 1
    assert any("unknown fact `no-such-figure`" in e for e in errors), errors


@pytest.mark.parametrize("damage", [b"", b"not a pickle"])
def test_a_damaged_memo_only_costs_time(tmp_path, damage):
    content = minimal_content(tmp_path / "content")
    output = tmp_path / "out"
    assert check(content, output) == []
    memos = list((tmp_path).rglob("codes-memo.pickle"))
    assert memos
    memos[0].write_bytes(damage)
    assert check(content, output) == []
