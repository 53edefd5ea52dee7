"""Dates as organizers write them, and as pages print them."""

import datetime

import pytest
from campaign.dates import as_date, date_problem, long_date, parse_date, parse_partial_date

from .conftest import ENGLISH


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-09-15", datetime.date(2026, 9, 15)),
        ("  2026-09-15  ", datetime.date(2026, 9, 15)),
        ("2026-09-15 08:30", datetime.datetime(2026, 9, 15, 8, 30)),
        ("2026-09-15T08:30:00", datetime.datetime(2026, 9, 15, 8, 30)),
    ],
)
def test_parse_date_forms(text, expected):
    parsed = parse_date(text)
    assert parsed == expected
    assert type(parsed) is not datetime.date or type(expected) is datetime.date


@pytest.mark.parametrize(
    "text, message, hint",
    [
        # Read one way only: the ISO form of what was meant.
        ("11/20/2026", "Date `11/20/2026` is not written as YYYY-MM-DD", "write it as 2026-11-20"),
        ("15 September 2026", "Date `15 September 2026` is not written as YYYY-MM-DD", "write it as 2026-09-15"),
        ("2026/09/15", "Date `2026/09/15` is not written as YYYY-MM-DD", "write it as 2026-09-15"),
        ("2026-9-5", "Date `2026-9-5` is not written as YYYY-MM-DD", "write it as 2026-09-05"),
        # A reader in another country reads another day: both, never a guess.
        (
            "04/03/2026",
            "Date `04/03/2026` is not written as YYYY-MM-DD, and could be read two ways",
            "write 2026-04-03 or 2026-03-04, whichever is meant",
        ),
        # Not a whole day, or no date at all.
        ("2022-09", "Date `2022-09` is not a date", "write it as YYYY-MM-DD, e.g. 2026-09-15"),
        ("someday", "Date `someday` is not a date", "write it as YYYY-MM-DD, e.g. 2026-09-15"),
        (
            "2026-13-02",
            "Date `2026-13-02` is not a date",
            "the month is 01 to 12, and the day must be one that month has",
        ),
    ],
)
def test_a_date_not_written_as_iso_is_refused_with_what_was_meant(text, message, hint):
    assert parse_date(text) is None
    assert date_problem("Date", text) == (message, hint)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2022", (datetime.date(2022, 1, 1), "year")),
        (2022, (datetime.date(2022, 1, 1), "year")),  # YAML reads a bare year as a number
        ("2022-09", (datetime.date(2022, 9, 1), "month")),
        ("2022-09-15", (datetime.date(2022, 9, 15), "day")),
        (datetime.date(2022, 9, 15), (datetime.date(2022, 9, 15), "day")),
        ("2022-13", None),
        ("September 2022", None),
        (True, None),
    ],
)
def test_an_as_of_may_be_a_year_a_month_or_a_day(value, expected):
    assert parse_partial_date(value) == expected


def test_an_as_of_prints_at_its_own_precision():
    assert long_date(datetime.date(2022, 9, 1), ENGLISH, "month") == "September 2022"
    assert long_date(datetime.date(2022, 1, 1), ENGLISH, "year") == "2022"
    assert long_date(datetime.date(2022, 9, 15), ENGLISH) == "15 September 2022"


def test_a_plain_day_is_a_date_not_a_datetime():
    assert type(parse_date("2026-11-23")) is datetime.date


def test_a_time_zone_is_kept():
    parsed = parse_date("2026-09-15 08:30+02:00")
    assert parsed.utcoffset() == datetime.timedelta(hours=2)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "soon", "yesterday", "2026-02-30", "2026-13-01", "2026-09-32", "None", "TBD", "99999-01-01"],
)
def test_parse_date_refuses_what_is_not_a_date(text):
    assert parse_date(text) is None


def test_parse_date_accepts_non_strings():
    assert parse_date(datetime.date(2026, 9, 15)) == datetime.date(2026, 9, 15)
    assert parse_date(None) is None


def test_as_date():
    assert as_date(datetime.datetime(2026, 3, 31, 23, 59)) == datetime.date(2026, 3, 31)
    assert as_date(datetime.date(2026, 3, 31)) == datetime.date(2026, 3, 31)
    assert as_date(None) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        (datetime.date(2026, 9, 15), "15 September 2026"),
        (datetime.date(2026, 9, 5), "5 September 2026"),  # no leading zero
        (datetime.datetime(2027, 3, 31, 23, 0), "31 March 2027"),
    ],
)
def test_long_date_in_english(value, expected):
    assert long_date(value, ENGLISH) == expected


@pytest.mark.parametrize(
    "value, lang, expected",
    [
        (datetime.date(2026, 9, 15), "es", "15 de septiembre de 2026"),
        (datetime.date(2027, 1, 1), "es-MX", "1 de enero de 2027"),
        (datetime.date(2026, 12, 24), "es", "24 de diciembre de 2026"),
        (datetime.date(2026, 11, 1), "en", "1 November 2026"),
    ],
)
def test_long_date_with_the_catalogs(catalogs, value, lang, expected):
    assert long_date(value, catalogs.words(lang)) == expected
