"""Dates as organizers write them, parsed the way Pelican parses them."""

from __future__ import annotations

import datetime

from babel.dates import format_date
from pelican.utils import get_date


def parse_date(text: str):
    """A date or datetime from `text`, or None when it is not one."""
    text = str(text).strip()
    try:  # the common YYYY-MM-DD[ HH:MM] forms, without dateutil's guessing
        if len(text) == 10:
            return datetime.date.fromisoformat(text)
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return get_date(text)
    except (ValueError, TypeError, OverflowError):
        return None


def as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def long_date(value, words) -> str:
    """`15 September 2026`, or `15 de septiembre de 2026` in Spanish: the
    pattern is a message of the catalog, the month names are CLDR's (Babel)."""
    # Translators: a CLDR date pattern (d day, MMMM month name, y year); quote literal words: d 'de' MMMM 'de' y
    return format_date(as_date(value), words.gettext("d MMMM y"), locale=words.locale)
