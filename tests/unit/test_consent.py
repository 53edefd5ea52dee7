"""What a storyteller agreed to: every rule fails closed."""

import datetime

import pytest
from campaign.consent import consent_scope, expiry, is_withdrawn, is_yes, kept_off_the_web, split_ids

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.parametrize("value", ["yes", "Yes", " TRUE ", "1", 1, True])
def test_is_yes(value):
    assert is_yes(value)


@pytest.mark.parametrize("value", ["no", "", None, "0", 0, False, "y", "yes please", "oui"])
def test_anything_else_is_not_yes(value):
    assert not is_yes(value)


def test_split_ids():
    assert split_ids("caseload-cap, signature-caseload,,  ") == ["caseload-cap", "signature-caseload"]
    assert split_ids("") == []
    assert split_ids(None) == []


@pytest.mark.parametrize(
    "written, scope",
    [
        (None, {"web", "feed", "print"}),  # nothing said: everywhere
        ("", {"web", "feed", "print"}),
        ("web", {"web"}),
        ("Web, Feed", {"web", "feed"}),
        ("print", {"print"}),
        (" , ", {"web", "feed", "print"}),
    ],
)
def test_consent_scope(written, scope):
    metadata = {} if written is None else {"consent-scope": written}
    assert consent_scope(metadata) == scope


@pytest.mark.parametrize(
    "written, off",
    [(None, False), ("web", False), ("web, print", False), ("print", True), ("feed", True), ("feed, print", True)],
)
def test_kept_off_the_web_without_web_in_the_scope(written, off):
    metadata = {} if written is None else {"consent-scope": written}
    assert kept_off_the_web(metadata) is off


def test_expiry():
    assert expiry({"consent-expires": "2027-01-31"}) == datetime.date(2027, 1, 31)
    assert expiry({"consent-expires": "2027-01-31 12:00"}) == datetime.date(2027, 1, 31)
    assert expiry({"consent-expires": datetime.date(2027, 1, 31)}) == datetime.date(2027, 1, 31)
    assert expiry({}) is None
    assert expiry({"consent-expires": "when the campaign ends"}) is None


@pytest.mark.parametrize(
    "metadata, withdrawn",
    [
        ({}, False),
        ({"withdrawn": "2026-10-01"}, True),
        ({"withdrawn": ""}, True),  # a Withdrawn line with no date still takes it down
        ({"withdrawn": "2027-01-01"}, True),  # even a date still to come
        ({"consent-expires": "2026-11-22"}, True),
        ({"consent-expires": "2026-11-23"}, False),  # the last day is still covered
        ({"consent-expires": "2027-03-31"}, False),
    ],
)
def test_is_withdrawn(metadata, withdrawn):
    assert is_withdrawn(metadata, TODAY) is withdrawn
