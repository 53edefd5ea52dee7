"""The files `invoke new` writes: every key a kind needs, filled or marked."""

from __future__ import annotations

import datetime

from campaign.validation import PLACEHOLDERS

HINTS = {
    "testimony": (
        "Write the story here, in the storyteller's words, as they told it.\n\n"
        "Before publishing: get the storyteller's written consent and put its date in Consent; "
        "fill in Role and Workplace; write Anonymous: yes if their name must never appear; "
        "then change Status to published.\n"
    ),
    "update": "Write what happened, what was agreed and what comes next.\n",
    "news": "Write the news here. Start with what happened, then why it matters.\n",
    "petition": "Write the demand here: what we ask for, of whom, and why.\n",
}


def _line(key: str, value: str) -> str:
    return f"{key}: {value}\n"


def draft_text(kind: str, title: str, today: datetime.date) -> str:
    day = today.isoformat()
    clean_title = " ".join(title.split())
    lines = [_line("Title", clean_title)]
    if kind == "petition":
        lines += [
            _line("Url", PLACEHOLDERS["url"]),
            _line("Goal", "1000"),
            _line("Signatures", "0"),
            _line("Deadline", (today + datetime.timedelta(days=90)).isoformat()),
            _line("Summary", "One sentence: what we ask for."),
            _line("Status", "draft"),
        ]
    else:
        lines.append(_line("Date", day))
        if kind == "testimony":
            lines += [
                _line("Author", PLACEHOLDERS["author"]),
                _line("Anonymous", "no"),
                _line("Role", PLACEHOLDERS["role"]),
                _line("Workplace", PLACEHOLDERS["workplace"]),
                _line("Quote", PLACEHOLDERS["quote"]),
                _line("Consent", day),
            ]
        else:
            lines.append(_line("Author", "Your name"))
            lines.append(_line("Summary", PLACEHOLDERS["summary"]))
        if kind == "update":
            lines.append(_line("Series", PLACEHOLDERS["series"]))
        lines += [
            _line("Category", PLACEHOLDERS["category"]),
            _line("Tags", "caseloads"),
            _line("Status", "draft"),
        ]
    return "".join(lines) + "\n" + HINTS[kind]
