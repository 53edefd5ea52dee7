"""What a storyteller agreed to, read the same way by checks, pages and feeds.

Every rule here fails closed: a `Withdrawn:` line with no date, or a consent
that has expired, takes the story down; a scope without `web` keeps it off
the website and its feeds.
"""

from __future__ import annotations

import datetime

from .dates import as_date, parse_date

YES = {"yes", "true", "1"}
NO = {"no", "false", "0", ""}
CONSENT_SCOPES = {"web", "feed", "print"}
EXPIRY_WARNING_DAYS = 30


def is_yes(value) -> bool:
    return str(value or "").strip().lower() in YES


def split_ids(value) -> list[str]:
    return [item.strip() for item in str(value or "").split(",") if item.strip()]


def consent_scope(metadata: dict) -> set[str]:
    """Where the storyteller agreed the story may appear: web, feed, print."""
    return set(split_ids((metadata.get("consent-scope") or "").lower())) or CONSENT_SCOPES


def expiry(metadata: dict) -> datetime.date | None:
    raw = metadata.get("consent-expires")
    parsed = parse_date(str(raw)) if raw else None
    return as_date(parsed) if parsed else None


def is_withdrawn(metadata: dict, today: datetime.date) -> bool:
    """Withdrawn, with or without a date, or past its consent's expiry."""
    if "withdrawn" in metadata:
        return True
    expires = expiry(metadata)
    return expires is not None and today > expires


def kept_off_the_web(metadata: dict) -> bool:
    return "web" not in consent_scope(metadata)
