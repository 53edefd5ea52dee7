"""The petitions registry: one Markdown file per petition in `petitions/`.

A petition's id is its file name. Its status is decided once per build: an
open petition whose deadline has passed counts as closed, so a stale "Sign
now" never outlives the campaign.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from .consent import is_yes
from .dates import date_problem, parse_date
from .frontmatter import read_header
from .i18n import SOURCE_LANG, base_language
from .problems import Problems

# What `invoke new petition` writes where the organizer must fill something in.
TEMPLATE_URL = "https://example.org/sign-here"
TEMPLATE_SUMMARY = "One sentence: what we ask for."
TEMPLATE_BODY = "Write the demand here: what we ask for, of whom, and why."
PETITION_KEYS = {
    "title",
    "url",
    "goal",
    "signatures",
    "deadline",
    "status",
    "summary",
    "outcome",
    "lang",
    "translation",
}
# A translation (`ID.LANG.md`, `Translation: true`) says the petition's words
# in its language; its address, numbers, dates and status are the original's.
TRANSLATION_KEYS = ("title", "summary", "outcome", "lang", "translation")
STATUSES = ("open", "won", "closed")
DRAFT = "draft"  # a petition being written: shown nowhere, and no story may name it yet


@dataclass
class PetitionText:
    """A petition's words in another language, from `ID.LANG.md`."""

    lang: str
    title: str
    source_path: str
    summary: str = ""
    outcome: str = ""
    body_markdown: str = ""
    body_line: int = 1
    body_html: str = field(default="", compare=False)  # filled once the Markdown is rendered


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
    lang: str = SOURCE_LANG  # the language it is written in (`Lang:`, else the site's)
    body_markdown: str = ""
    body_line: int = 1
    status: str = "open"  # the status at build time
    body_html: str = ""  # filled once the Markdown is rendered
    qr_svg: str = ""  # the sign link as a QR code, for print, described in its language
    qr_svgs: dict = field(default_factory=dict)  # lang -> the code, described in that language
    page_url: str = ""  # where the petition's own page lives on the site
    thread: list = field(default_factory=list)  # articles naming this petition
    translations: dict = field(default_factory=dict)  # lang -> PetitionText
    page_urls: dict = field(default_factory=dict)  # lang -> its page on that language's face

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def in_language(self, lang: str | None) -> Petition:
        """The petition as a page in `lang` shows it: its translation's words
        where it has one (else its own, which keep their `lang`), and its
        page on that language's face."""
        lang = base_language(lang or self.lang)
        if lang == self.lang:
            return self
        text = self.translations.get(lang)
        words = {}
        if text is not None:
            words = {
                "title": text.title,
                "summary": text.summary or self.summary,
                "outcome": text.outcome or self.outcome,
                "body_html": text.body_html,
                "lang": lang,
            }
        return dataclasses.replace(
            self,
            page_url=self.page_urls.get(lang, self.page_url),
            qr_svg=self.qr_svgs.get(lang, self.qr_svg),
            **words,
        )


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
        # Translations whose original is not here: (file, line, the id they name, their language).
        self.orphans: list[tuple[str, int, str, str]] = []
        # (id, language) of translations with an error already reported, so
        # no warning also asks for the file that is there.
        self.broken_translations: set[tuple[str, str]] = set()

    def reported(self, petition_id: str) -> bool:
        """Whether a story naming `petition_id` is already covered by an error here."""
        return petition_id in self.broken


def load_petitions(
    folder: Path, content_root: Path, today: datetime.date, problems: Problems, default_lang: str = SOURCE_LANG
) -> PetitionsRegistry:
    registry = PetitionsRegistry()
    if not folder.is_dir():
        return registry
    translations = []
    for path in sorted(folder.glob("*.md")):
        display = path.relative_to(content_root).as_posix()
        header = read_header(path)
        for item in header.duplicates:
            problems.error(display, item.line, f"`{item.key}` is written twice", "keep one line for each key")
        if is_yes(header.get("translation")):
            translations.append((path, display, header))
            continue
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
            lang=base_language(header.get("lang") or default_lang),
            body_markdown=header.body,
            body_line=header.body_line,
            status=status,
        )
    for path, display, header in translations:
        add_translation(registry, path, display, header, problems)
    return registry


def add_translation(registry: PetitionsRegistry, path: Path, display: str, header, problems: Problems):
    """`caseload-cap.es.md` with `Translation: true`: the Spanish words of
    `caseload-cap`. Whether the site speaks its language is checked with
    every other `Lang` (languages.py)."""
    original_id, dot, named_lang = path.stem.rpartition(".")
    lang = base_language(header.get("lang") or named_lang)
    if dot and not header.get("lang"):
        # Named right: only the language line is missing.
        problems.error(
            display,
            header.line("translation"),
            f"this translation says no `Lang:`, though its name says `{named_lang}`",
            f"add `Lang: {named_lang}` above `Translation: true`",
        )
        registry.broken_translations.add((original_id, base_language(named_lang)))
        return
    if not dot or base_language(named_lang) != lang:
        problems.error(
            display,
            header.line("lang") if header.get("lang") else header.line("translation"),
            "a petition's translation is named after its original and its language",
            f"name it ID.LANG.md with `Lang: LANG` in it, e.g. {original_id or path.stem}.{lang}.md with `Lang: {lang}`",
        )
        return
    for key, item in header.fields.items():
        if key in PETITION_KEYS and key not in TRANSLATION_KEYS:
            problems.warning(
                display,
                item.line,
                f"`{item.key}` comes from the original petition, not from its translation",
                f"remove this line; a translation says only {', '.join(k.title() for k in TRANSLATION_KEYS[:3])} and the text",
            )
    original = registry.get(original_id)
    if original is None:
        if original_id not in registry.broken and original_id not in registry.drafts:
            registry.orphans.append((display, header.line("translation"), original_id, lang))
        return
    if lang == original.lang:
        problems.error(
            display,
            header.line("lang"),
            f"this translation is in `{lang}`, the language `{original_id}` is written in",
            "give it `Lang:` with the language it is written in",
        )
        return
    if not header.get("title"):
        problems.error(display, 1, f"this translation of `{original_id}` has no Title", "add a line `Title: ...`")
        return
    original.translations[lang] = PetitionText(
        lang=lang,
        title=header.get("title"),
        source_path=display,
        summary=header.get("summary", ""),
        outcome=header.get("outcome", ""),
        body_markdown=header.body,
        body_line=header.body_line,
    )
