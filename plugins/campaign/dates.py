"""Dates as organizers write them: ISO `YYYY-MM-DD`, a time optional, and
nothing a reader in another country would read as another day. Anything
else is a problem whose hint shows the ISO form of what was probably meant."""

from __future__ import annotations

import datetime
import re

from babel.dates import format_date
from dateutil import parser as dateutil_parser

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$")
# A fact's as_of may be as precise as its source: a year, a month or a day.
PARTIAL_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


def parse_date(text: str):
    """A date, or a datetime when a time is given, from `YYYY-MM-DD[ HH:MM]`;
    None for anything else."""
    text = str(text).strip()
    if not ISO_DATE.match(text):
        return None
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text)
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def probably_meant(text: str) -> list[str]:
    """The ISO dates `text` may have meant: one, two when its day and month
    could be either way round (04/03/2026), none when it names no whole day."""
    text = str(text).strip()
    meant = []
    # A year written first is followed by the month everywhere (2026/9/5);
    # only a year written last leaves day and month in doubt.
    for dayfirst in (False,) if re.match(r"^\d{4}\b", text) else (False, True):
        try:
            # Read twice with different defaults: a part that was missing
            # (no day, no year) shows up as a difference.
            one = dateutil_parser.parse(text, dayfirst=dayfirst, default=datetime.datetime(1904, 1, 1))
            two = dateutil_parser.parse(text, dayfirst=dayfirst, default=datetime.datetime(1908, 2, 2))
        except (ValueError, OverflowError, TypeError):
            continue
        if one.date() == two.date() and one.date().isoformat() not in meant:
            meant.append(one.date().isoformat())
    return meant


def date_problem(label: str, raw) -> tuple[str, str]:
    """The message and hint for a date that is not `YYYY-MM-DD`."""
    if re.match(r"^\d{4}-\d{2}-\d{2}\b", str(raw).strip()):
        return f"{label} `{raw}` is not a date", "the month is 01 to 12, and the day must be one that month has"
    meant = probably_meant(str(raw))
    if not meant:
        return f"{label} `{raw}` is not a date", "write it as YYYY-MM-DD, e.g. 2026-09-15"
    if len(meant) == 1:
        return f"{label} `{raw}` is not written as YYYY-MM-DD", f"write it as {meant[0]}"
    return (
        f"{label} `{raw}` is not written as YYYY-MM-DD, and could be read two ways",
        f"write {meant[0]} or {meant[1]}, whichever is meant",
    )


def parse_partial_date(value) -> tuple[datetime.date, str] | None:
    """A fact's `as_of`: (the first day it covers, "year" | "month" | "day"),
    or None. YAML hands over `2022` as a number and `2026-09-15` as a date."""
    if isinstance(value, datetime.datetime):
        return value.date(), "day"
    if isinstance(value, datetime.date):
        return value, "day"
    match = PARTIAL_DATE.match(str(value).strip()) if not isinstance(value, bool) else None
    if not match:
        return None
    try:
        year, month, day = int(match["year"]), int(match["month"] or 1), int(match["day"] or 1)
        precision = "day" if match["day"] else "month" if match["month"] else "year"
        return datetime.date(year, month, day), precision
    except ValueError:
        return None


def as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def long_date(value, words, precision: str = "day") -> str:
    """`15 September 2026`, `September 2026` or `2026`, or in Spanish
    `15 de septiembre de 2026`: the patterns are messages of the catalog,
    the month names are CLDR's (Babel)."""
    if precision == "year":
        # Translators: a CLDR pattern for a year alone (y)
        pattern = words.gettext("y")
    elif precision == "month":
        # Translators: a CLDR pattern for a month and year (MMMM month name, y year); Spanish: MMMM 'de' y
        pattern = words.gettext("MMMM y")
    else:
        # Translators: a CLDR date pattern (d day, MMMM month name, y year); quote literal words: d 'de' MMMM 'de' y
        pattern = words.gettext("d MMMM y")
    return format_date(as_date(value), pattern, locale=words.locale)
