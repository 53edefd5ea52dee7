"""Dates as organizers write them, parsed the way Pelican parses them."""

from __future__ import annotations

import datetime

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


def long_date(value, lang: str = "en") -> str:
    """`15 September 2026`, or `15 de septiembre de 2026` in Spanish."""
    value = as_date(value)
    if lang.startswith("es"):
        month = SPANISH_MONTHS[value.month - 1]
        return f"{value.day} de {month} de {value.year}"
    return f"{value.day} {value:%B} {value.year}"


SPANISH_MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
