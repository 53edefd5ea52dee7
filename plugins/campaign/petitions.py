"""The petitions registry: one Markdown file per petition in `petitions/`.

A petition's id is its file name. Its status is decided once per build: an
open petition whose deadline has passed counts as closed, so a stale "Sign
now" never outlives the campaign.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from .dates import date_problem, parse_date
from .frontmatter import read_header
from .problems import Problems

# What `invoke new petition` writes where the organizer must fill something in.
TEMPLATE_URL = "https://example.org/sign-here"
TEMPLATE_SUMMARY = "One sentence: what we ask for."
TEMPLATE_BODY = "Write the demand here: what we ask for, of whom, and why."
PETITION_KEYS = {"title", "url", "goal", "signatures", "deadline", "status", "summary", "outcome", "lang"}
STATUSES = ("open", "won", "closed")
DRAFT = "draft"  # a petition being written: shown nowhere, and no story may name it yet


@dataclass
class Petition:
    id: str
    title: str
    url: str
    source_path: str  # relative to the content folder, e.g. petitions/caseload-cap.md
    summary: str = ""
    goal: int | None = None
    signatures: int | None = None
    deadline: datetime.date | None = None
    outcome: str = ""
    lang: str = ""
    body_markdown: str = ""
    body_line: int = 1
    status: str = "open"  # the status at build time
    body_html: str = ""  # filled once the Markdown is rendered
    qr_svg: str = ""  # the sign link as a QR code, for print
    page_url: str = ""  # where the petition's own page lives on the site
    thread: list = field(default_factory=list)  # articles naming this petition

    @property
    def is_open(self) -> bool:
        return self.status == "open"


def _whole_number(text: str):
    cleaned = text.replace(",", "").replace("_", "").strip()
    if cleaned.isdigit():
        return int(cleaned)
    return None


def _is_http_url(value: str) -> bool:
    lowered = value.strip().lower()
    return lowered.startswith(("http://", "https://")) and len(lowered) > len("https://")


class PetitionsRegistry(dict):
    """Petition id -> Petition. `broken` holds ids whose file has errors, so
    articles naming them are not also reported as naming an unknown id."""

    def __init__(self):
        super().__init__()
        self.broken: set[str] = set()
        self.drafts: set[str] = set()

    def reported(self, petition_id: str) -> bool:
        """Whether a story naming `petition_id` is already covered by an error here."""
        return petition_id in self.broken


def load_petitions(folder: Path, content_root: Path, today: datetime.date, problems: Problems) -> PetitionsRegistry:
    registry = PetitionsRegistry()
    if not folder.is_dir():
        return registry
    for path in sorted(folder.glob("*.md")):
        display = path.relative_to(content_root).as_posix()
        header = read_header(path)
        for item in header.duplicates:
            problems.error(display, item.line, f"`{item.key}` is written twice", "keep one line for each key")
        for key, item in header.fields.items():
            if key not in PETITION_KEYS:
                problems.warning(
                    display,
                    item.line,
                    f"unknown key `{item.key}` in a petition",
                    "petition keys: " + ", ".join(k.title() for k in sorted(PETITION_KEYS)),
                )
        petition_id = path.stem
        # A placeholder blocks a petition once it leaves draft, as in stories.
        report = problems.warning if (header.get("status") or "").strip().lower() == "draft" else problems.error
        if header.get("url") == TEMPLATE_URL:
            report(
                display,
                header.line("url"),
                "`Url` still says the template's address",
                "put the address where people sign",
            )
        if header.get("summary") == TEMPLATE_SUMMARY:
            report(
                display,
                header.line("summary"),
                "`Summary` still says the template's text",
                "write one sentence: what we ask for",
            )
        if TEMPLATE_BODY in header.body:
            report(
                display,
                header.body_line,
                "the text still holds the template's instructions",
                "write the demand: what we ask for, of whom, and why",
            )
        title = header.get("title", "")
        url = header.get("url", "")
        ok = True
        if not title:
            problems.error(display, 1, f"petition `{petition_id}` has no Title", "add a line `Title: ...` at the top")
            ok = False
        if not url:
            problems.error(
                display,
                1,
                f"petition `{petition_id}` has no Url",
                "add `Url: https://...` with the address where people sign",
            )
            ok = False
        elif not _is_http_url(url):
            problems.error(
                display,
                header.line("url"),
                f"petition `{petition_id}` has a Url that is not a web address: `{url}`",
                "it must start with https:// or http://",
            )
            ok = False
        numbers = {}
        for key in ("goal", "signatures"):
            raw = header.get(key)
            if raw in (None, ""):
                numbers[key] = None
                continue
            number = _whole_number(raw)
            if number is None:
                problems.error(
                    display,
                    header.line(key),
                    f"petition `{petition_id}` has a {key.title()} that is not a whole number: `{raw}`",
                    "write digits only, e.g. 2500",
                )
                ok = False
            numbers[key] = number
        deadline = None
        raw_deadline = header.get("deadline")
        if raw_deadline:
            deadline = parse_date(raw_deadline)
            if deadline is None:
                message, hint = date_problem("Deadline", raw_deadline)
                problems.error(display, header.line("deadline"), f"petition `{petition_id}`: {message}", hint)
                ok = False
            else:
                deadline = deadline.date() if isinstance(deadline, datetime.datetime) else deadline
        declared = (header.get("status") or "open").strip().lower()
        if declared == DRAFT:
            registry.drafts.add(petition_id)
            continue
        if declared not in STATUSES:
            problems.error(
                display,
                header.line("status"),
                f"petition `{petition_id}` has Status `{header.get('status')}`",
                "use one of: open, won, closed (or draft while you write it)",
            )
            ok = False
        if not ok:
            registry.broken.add(petition_id)
            continue
        status = declared
        if declared == "open" and deadline is not None and deadline < today:
            status = "closed"
            problems.warning(
                display,
                header.line("deadline"),
                f"petition `{petition_id}` is marked open but its deadline {deadline.isoformat()} has passed",
                "it is shown as closed; set `Status: won` or `Status: closed`, or move the Deadline",
            )
        registry[petition_id] = Petition(
            id=petition_id,
            title=title,
            url=url.strip(),
            source_path=display,
            summary=header.get("summary", ""),
            goal=numbers["goal"],
            signatures=numbers["signatures"],
            deadline=deadline,
            outcome=header.get("outcome", ""),
            lang=header.get("lang", ""),
            body_markdown=header.body,
            body_line=header.body_line,
            status=status,
        )
    return registry
