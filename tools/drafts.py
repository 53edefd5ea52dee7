"""The files `invoke new` writes: every key a kind needs, filled or marked.

Consent is never filled in for the organizer: only the day the storyteller
agreed in writing may go there, so the template leaves it empty, and `check`
refuses a story whose Consent is empty or whose text is still these
instructions.
"""

from __future__ import annotations

import datetime

from campaign.petitions import TEMPLATE_SUMMARY
from campaign.validation import PLACEHOLDERS, TEMPLATE_BODIES, new_story_id


def _line(key: str, value: str) -> str:
    return f"{key}: {value}".rstrip() + "\n"


def draft_text(
    kind: str,
    title: str,
    today: datetime.date,
    storyteller: str | None = None,
    worker_story: bool = False,
    lang: str | None = None,
) -> str:
    """`kind`: the word `invoke new` took (a type's singular, or petition).
    `worker_story`: the type holds worker testimonies (`worker_stories: True`
    in CAMPAIGN["types"]), so the draft gets a testimony's keys and text.
    `storyteller`: the register id of an anonymous testimony's teller, whose
    name and consent live in the register, never in the story. `lang`: the
    language it is written in, when not the site's."""
    day = today.isoformat()
    clean_title = " ".join(title.split())
    lines = [_line("Title", clean_title)]
    if lang:
        lines.append(_line("Lang", lang))
    if kind == "petition":
        lines += [
            _line("Url", PLACEHOLDERS["url"]),
            _line("Goal", "1000"),
            _line("Signatures", "0"),
            _line("Deadline", (today + datetime.timedelta(days=90)).isoformat()),
            _line("Summary", TEMPLATE_SUMMARY),
            _line("Status", "draft"),
        ]
    else:
        # The feed id: written once, never changed, whatever else is corrected.
        lines += [_line("Id", new_story_id()), _line("Date", day)]
        if worker_story and storyteller:
            lines += [
                _line("Anonymous", "yes"),
                _line("Storyteller", storyteller),
                _line("Role", PLACEHOLDERS["role"]),
                _line("Workplace", PLACEHOLDERS["workplace"]),
                _line("Quote", PLACEHOLDERS["quote"]),
            ]
        elif worker_story:
            lines += [
                _line("Author", PLACEHOLDERS["author"]),
                _line("Anonymous", "no"),
                _line("Role", PLACEHOLDERS["role"]),
                _line("Workplace", PLACEHOLDERS["workplace"]),
                _line("Quote", PLACEHOLDERS["quote"]),
                _line("Consent", ""),
                _line("Consent-Scope", "web, feed, print"),
            ]
        else:
            lines.append(_line("Author", PLACEHOLDERS["byline"]))
            lines.append(_line("Summary", PLACEHOLDERS["summary"]))
        if kind == "update":
            lines.append(_line("Series", PLACEHOLDERS["series"]))
        lines += [
            _line("Category", PLACEHOLDERS["category"]),
            _line("Tags", "caseloads"),
            _line("Status", "draft"),
        ]
    if worker_story:
        body = TEMPLATE_BODIES["anonymous testimony" if storyteller else "testimony"]
    else:
        body = TEMPLATE_BODIES.get(kind, TEMPLATE_BODIES["other"])
    return "".join(lines) + "\n" + body
