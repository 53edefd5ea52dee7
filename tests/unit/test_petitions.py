"""Petition status at build time, and the progress line under a petition."""

import datetime
import textwrap

import pytest
from campaign import render
from campaign.petitions import Petition, load_petitions
from campaign.problems import Problems

from .conftest import ENGLISH

TODAY = datetime.date(2026, 11, 23)


def progress(petition):
    """The English progress line (the msgids, with no catalog)."""
    return render.progress_text(petition, ENGLISH)


def load(tmp_path, files, today=TODAY):
    folder = tmp_path / "petitions"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.md").write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    problems = Problems()
    return load_petitions(folder, tmp_path, today, problems), problems


def petition(status="open", deadline="", extra=""):
    lines = ["Title: Cap caseloads at 45", "Url: https://sign.example.org/cap", f"Status: {status}"]
    if deadline:
        lines.append(f"Deadline: {deadline}")
    if extra:
        lines.append(extra)
    return "\n".join(lines) + "\n\nThe demand.\n"


@pytest.mark.parametrize("status", ["open", "won", "closed"])
def test_the_declared_status_is_kept(tmp_path, status):
    registry, problems = load(tmp_path, {"cap": petition(status, deadline="2027-03-31")})
    assert registry["cap"].status == status
    assert registry["cap"].is_open is (status == "open")
    assert problems == []


def test_status_is_read_in_any_case(tmp_path):
    registry, _ = load(tmp_path, {"cap": petition("  WON ")})
    assert registry["cap"].status == "won"


def test_no_status_means_open(tmp_path):
    text = "Title: Cap caseloads at 45\nUrl: https://sign.example.org/cap\n\nThe demand.\n"
    registry, problems = load(tmp_path, {"cap": text})
    assert registry["cap"].status == "open"
    assert problems == []


def test_an_open_petition_past_its_deadline_counts_as_closed(tmp_path):
    registry, problems = load(tmp_path, {"buddy": petition("open", deadline="2026-11-01")})
    assert registry["buddy"].status == "closed"
    assert not registry["buddy"].is_open
    assert [(p.severity, p.line, p.message) for p in problems] == [
        ("warning", 4, "petition `buddy` is marked open but its deadline 2026-11-01 has passed")
    ]


def test_the_deadline_day_itself_is_still_open(tmp_path):
    registry, problems = load(tmp_path, {"cap": petition("open", deadline=TODAY.isoformat())})
    assert registry["cap"].status == "open"
    assert problems == []


def test_a_won_petition_past_its_deadline_stays_won_without_a_warning(tmp_path):
    registry, problems = load(tmp_path, {"mentoring": petition("won", deadline="2026-08-31")})
    assert registry["mentoring"].status == "won"
    assert problems == []


def test_a_deadline_with_a_time_is_a_day(tmp_path):
    registry, _ = load(tmp_path, {"cap": petition("open", deadline="2027-03-31 17:00")})
    assert registry["cap"].deadline == datetime.date(2027, 3, 31)


def test_a_draft_petition_is_set_aside(tmp_path):
    registry, problems = load(tmp_path, {"later": petition("draft")})
    assert "later" not in registry
    assert registry.drafts == {"later"}
    assert problems == []


def test_an_unknown_status_is_an_error_on_its_line(tmp_path):
    registry, problems = load(tmp_path, {"cap": petition("pending")})
    assert "cap" not in registry
    assert "cap" in registry.broken
    assert [(p.severity, p.line) for p in problems] == [("error", 3)]
    assert "Status `pending`" in problems[0].message


def test_a_deadline_that_is_not_a_date(tmp_path):
    registry, problems = load(tmp_path, {"cap": petition("open", deadline="end of March")})
    assert "cap" in registry.broken
    assert [p.message for p in problems] == ["petition `cap`: Deadline `end of March` is not a date"]


@pytest.mark.parametrize(
    "written, number", [("2500", 2500), ("2,500", 2500), ("2_500", 2500), (" 1840 ", 1840), ("0", 0)]
)
def test_goal_and_signatures_are_whole_numbers(tmp_path, written, number):
    registry, problems = load(tmp_path, {"cap": petition(extra=f"Goal: {written}\nSignatures: {written}")})
    assert registry["cap"].goal == number
    assert registry["cap"].signatures == number
    assert problems == []


@pytest.mark.parametrize("written", ["2.5k", "-10", "about 300", "1840.5"])
def test_a_goal_that_is_not_a_whole_number_is_an_error(tmp_path, written):
    registry, problems = load(tmp_path, {"cap": petition(extra=f"Goal: {written}")})
    assert "cap" in registry.broken
    assert [p.line for p in problems] == [4]
    assert "not a whole number" in problems[0].message


def test_the_id_is_the_file_name_and_the_body_is_kept(tmp_path):
    registry, _ = load(tmp_path, {"cap-caseloads": petition()})
    item = registry["cap-caseloads"]
    assert item.id == "cap-caseloads"
    assert item.source_path == "petitions/cap-caseloads.md"
    assert item.body_markdown.strip() == "The demand."
    assert item.body_line == 5


def make(signatures=None, goal=None):
    return Petition(id="cap", title="Cap caseloads", url="https://sign.example.org/cap", source_path="p.md",
                    signatures=signatures, goal=goal)  # fmt: skip


@pytest.mark.parametrize(
    "signatures, goal, text",
    [
        (1840, 2500, "1,840 of 2,500 signatures"),
        (1712, 1500, "1,712 of 1,500 signatures"),  # past the goal, said as it is
        (1840, None, "1,840 signatures"),
        (None, 800, "Goal: 800 signatures"),
        (0, 800, "Goal: 800 signatures"),  # never "0 of 800"
        (0, None, ""),  # never "0 signatures"
        (None, None, ""),
    ],
)
def test_progress_text(signatures, goal, text):
    assert progress(make(signatures, goal)) == text


def test_progress_text_for_one_signature():
    assert progress(make(1, None)) == "1 signature"
    assert progress(make(1, 2500)) == "1 of 2,500 signatures"
    assert progress(make(None, 1)) == "Goal: 1 signature"


def test_progress_text_in_spanish(catalogs):
    spanish = catalogs.words("es")
    # Spanish writes a four-digit number whole and groups longer ones with a point.
    assert render.progress_text(make(1840, 2500), spanish) == "1840 de 2500 firmas"
    assert render.progress_text(make(12500, 25000), spanish) == "12.500 de 25.000 firmas"
    assert render.progress_text(make(None, 800), spanish) == "Meta: 800 firmas"
    assert render.progress_text(make(0, None), spanish) == ""
