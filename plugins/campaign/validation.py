"""The metadata contract, checked on the Markdown sources before Pelican reads them.

It reads the files itself so that every problem carries its line number, and
it collects every problem before anything is written, for both the build and
`invoke check`.
"""

from __future__ import annotations

import datetime
import difflib
import re
from pathlib import Path

from pelican.utils import slugify

from .dates import as_date, parse_date
from .frontmatter import Header, read_header
from .markdown_ext import TOKEN
from .problems import Problems

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}

STANDARD_KEYS = {
    "title", "date", "modified", "summary", "tags", "category", "slug", "status",
    "lang", "translation", "author", "authors", "template", "save_as", "url",
}
CAMPAIGN_KEYS = {
    "role", "workplace", "quote", "consent", "consent-scope", "anonymous",
    "withdrawn", "series", "petition", "facts",
}
KNOWN_KEYS = STANDARD_KEYS | CAMPAIGN_KEYS
STATUSES = {"published", "draft", "hidden"}
# What `invoke new` writes where the organizer must fill something in.
PLACEHOLDERS = {
    "author": "Storyteller's name",
    "role": "Job title",
    "workplace": "Employer or program",
    "quote": "One or two sentences from the story, shown large at the top.",
    "category": "Region or program",
    "series": "Name of the forum or bargaining series",
    "summary": "One sentence for listings and feeds.",
    "url": "https://example.org/sign-here",
}
YES = {"yes", "true", "1"}
NO = {"no", "false", "0", ""}
CONSENT_SCOPES = {"web", "feed", "print"}

_TOKEN = re.compile(TOKEN)
_FENCE = re.compile(r"^\s*(```|~~~)")


def is_yes(value) -> bool:
    return str(value or "").strip().lower() in YES


def consent_scope(metadata: dict) -> set[str]:
    """Where the storyteller agreed the story may appear: web, feed, print."""
    return set(split_ids((metadata.get("consent-scope") or "").lower())) or CONSENT_SCOPES


def split_ids(value: str) -> list[str]:
    return [item.strip() for item in str(value or "").split(",") if item.strip()]


def content_type(relative: Path, types) -> str | None:
    first = relative.parts[0] if relative.parts else ""
    return first if first in types else None


def markdown_files(root: Path, folders) -> list[Path]:
    found = []
    for folder in folders:
        base = root / folder
        if base.is_dir():
            found.extend(p for p in base.rglob("*") if p.suffix.lower() in MARKDOWN_SUFFIXES and p.is_file())
    return sorted(set(found))


def validate_article(path: Path, display: str, kind: str | None, header: Header, campaign, problems: Problems):
    facts, petitions, today = campaign.facts, campaign.petitions, campaign.today
    for item in header.duplicates:
        problems.error(display, item.line, f"`{item.key}` is written twice", "keep one line for each key")
    for key, item in header.fields.items():
        if key not in KNOWN_KEYS:
            close = difflib.get_close_matches(key, sorted(KNOWN_KEYS), n=1)
            hint = f"did you mean `{close[0].title()}`?" if close else "see docs/writing.md for the keys"
            problems.warning(display, item.line, f"unknown key `{item.key}`", hint)
    for key, placeholder in PLACEHOLDERS.items():
        if header.get(key) == placeholder:
            problems.warning(display, header.line(key), f"`{header.fields[key].key}` still says `{placeholder}`",
                             "replace the template's text with the real value")
    status = (header.get("status") or "published").strip().lower()
    if status not in STATUSES:
        problems.error(display, header.line("status"), f"Status `{header.get('status')}` is not known",
                       "use published, draft or hidden")
    is_draft = status == "draft"
    if not header.get("title"):
        problems.error(display, 1, "this file has no Title", "add a line `Title: ...` at the top")
    if kind is not None:
        raw_date = header.get("date")
        if not raw_date:
            problems.error(display, 1, "this file has no Date", "add a line `Date: YYYY-MM-DD`")
        elif parse_date(raw_date) is None:
            problems.error(display, header.line("date"), f"Date `{raw_date}` is not a date", "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM")
        elif as_date(parse_date(raw_date)) > today and not is_draft:
            problems.warning(display, header.line("date"), f"Date {as_date(parse_date(raw_date)).isoformat()} is in the future",
                             "the story stays off the site and feeds until that day")
    for key in ("modified",):
        raw = header.get(key)
        if raw and parse_date(raw) is None:
            problems.error(display, header.line(key), f"{key.title()} `{raw}` is not a date", "write it as YYYY-MM-DD")

    if kind == "testimonies":
        if not header.get("role"):
            problems.error(display, 1, "this testimony has no Role",
                           "add `Role: ...`, the storyteller's job title shown in the byline")
        if not header.get("quote"):
            problems.warning(display, 1, "this testimony has no Quote",
                             "add `Quote: ...`, the pull quote shown at the top and in feeds")
        raw_consent = header.get("consent")
        if not raw_consent:
            if not is_draft:
                problems.error(display, 1, "this testimony has no Consent date",
                               "add `Consent: YYYY-MM-DD`, the day the storyteller agreed to publication, or set `Status: draft`")
        else:
            consent = parse_date(raw_consent)
            if consent is None:
                problems.error(display, header.line("consent"), f"Consent `{raw_consent}` is not a date",
                               "write the day the storyteller agreed as YYYY-MM-DD")
            elif as_date(consent) > today and not is_draft:
                problems.error(display, header.line("consent"), f"Consent {as_date(consent).isoformat()} is in the future",
                               "publish only after the storyteller has agreed; check the year")
        raw_scope = header.get("consent-scope")
        if raw_scope:
            unknown = [s for s in split_ids(raw_scope.lower()) if s not in CONSENT_SCOPES]
            if unknown:
                problems.error(display, header.line("consent-scope"), f"Consent-Scope has `{', '.join(unknown)}`",
                               "use any of: web, feed, print")
        anonymous = header.get("anonymous")
        if anonymous is not None and anonymous.strip().lower() not in YES | NO:
            problems.error(display, header.line("anonymous"), f"Anonymous `{anonymous}` is neither yes nor no",
                           "write `Anonymous: yes` to hide the storyteller's name everywhere")
        if is_yes(anonymous):
            check_anonymous_name(display, header, problems)
        raw_withdrawn = header.get("withdrawn")
        if raw_withdrawn and parse_date(raw_withdrawn) is None:
            problems.error(display, header.line("withdrawn"), f"Withdrawn `{raw_withdrawn}` is not a date",
                           "write the day the storyteller withdrew as YYYY-MM-DD")
    elif kind is not None:
        for key in ("role", "workplace", "quote", "consent", "consent-scope", "anonymous", "withdrawn"):
            if header.get(key):
                problems.warning(display, header.line(key), f"`{header.fields[key].key}` only has a meaning in testimonies",
                                 "move this file to content/testimonies/ or remove the line")
    if header.get("series") and kind != "updates":
        problems.warning(display, header.line("series"), "`Series` only groups updates", "move this file to content/updates/")

    for fact_id in split_ids(header.get("facts")):
        if fact_id not in facts and fact_id not in facts.broken:
            problems.error(display, header.line("facts"), f"unknown fact `{fact_id}` in Facts",
                           _suggest(fact_id, facts, f"add it to {facts.path} or fix the id"))
    petition_id = (header.get("petition") or "").strip()
    if petition_id in getattr(petitions, "drafts", ()) and not is_draft:
        problems.error(display, header.line("petition"), f"petition `{petition_id}` is still a draft",
                       f"set its Status to open in content/petitions/{petition_id}.md, or keep this story a draft")
    elif petition_id and petition_id not in petitions and petition_id not in petitions.broken:
        problems.error(display, header.line("petition"), f"unknown petition `{petition_id}` in Petition",
                       _suggest(petition_id, petitions, "the id is a file name in content/petitions/ without .md"))
    check_body_tokens(display, header, facts, petitions, problems)


def _suggest(item_id, registry, fallback):
    close = difflib.get_close_matches(item_id, list(registry), n=1)
    return f"did you mean `{close[0]}`?" if close else fallback


def body_lines(header: Header):
    """(line number, text) of each body line outside fenced code blocks,
    where our syntax is shown as written rather than used."""
    in_fence = False
    for offset, line in enumerate(header.body.split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield header.body_line + offset, line


def check_body_tokens(display, header: Header, facts, petitions, problems: Problems):
    for number, line in body_lines(header):
        for match in _TOKEN.finditer(line):
            kind, item_id = match.group("kind"), match.group("id")
            registry = facts if kind == "fact" else petitions
            if item_id not in registry and item_id not in registry.broken:
                where = facts.path if kind == "fact" else "content/petitions/"
                problems.error(display, number, f"unknown {kind} `{item_id}`",
                               _suggest(item_id, registry, f"check the id against {where}"))


def check_anonymous_name(display, header: Header, problems: Problems):
    author = header.get("author") or header.get("authors") or ""
    name_words = {w.lower() for w in re.findall(r"[^\W\d_]{3,}", author)}
    if not name_words:
        return
    places = [("title", header.get("title") or "", header.line("title")),
              ("quote", header.get("quote") or "", header.line("quote"))]
    for offset, line in enumerate(header.body.split("\n")):
        places.append(("body", line, header.body_line + offset))
    for where, text, line in places:
        found = sorted(name_words & {w.lower() for w in re.findall(r"[^\W\d_]+", text)})
        if found:
            problems.warning(display, line, f"this anonymous story's {where} contains `{found[0]}`, a word of its Author's name",
                             "reword it so the storyteller cannot be recognised")


# `{filename}x.md`, `{static}/images/x.jpg`, `{attach}x.pdf` in Markdown links and images.
_INTERNAL_LINK = re.compile(r"\]\(\s*<?\{(?P<what>filename|static|attach)\}(?P<target>[^)\s>#?]+)")
# `![alt](path)` with a path inside the site (not http:, not a {placeholder}).
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]+)")


def check_links_and_images(display: str, path: Path, header: Header, root: Path, problems: Problems):
    """Links to other content and images must point at files that exist."""
    for number, line in body_lines(header):
        for match in _INTERNAL_LINK.finditer(line):
            target = match.group("target")
            resolved = (root / target.lstrip("/")) if target.startswith("/") else (path.parent / target)
            if not resolved.exists():
                kind = "image or file" if match.group("what") != "filename" else "page"
                problems.error(display, number, f"links to a {kind} that does not exist: `{target}`",
                               "check the spelling; paths starting with / are inside content/")
        for match in _IMAGE.finditer(line):
            src = match.group("src")
            if not match.group("alt").strip():
                problems.warning(display, number, f"image `{src}` has no description",
                                 "write what the picture shows between the brackets: ![Workers at the rally](...)")
            if src.startswith("{") or re.match(r"^[a-z]+:", src) or src.startswith("//"):
                continue
            resolved = (root / src.lstrip("/")) if src.startswith("/") else (path.parent / src)
            if not resolved.exists():
                problems.error(display, number, f"image `{src}` does not exist",
                               "put the picture in content/images/ and write {static}/images/NAME")


def planned_address(relative: Path, kind: str | None, header: Header, settings: dict) -> str | None:
    """Where Pelican will write this file, or None when it writes nothing."""
    status = (header.get("status") or "published").strip().lower()
    if status == "draft":
        return None
    title = header.get("title") or ""
    slug = header.get("slug") or slugify(
        title,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )
    if header.get("save_as"):
        return header.get("save_as")
    if kind is None:
        return settings.get("PAGE_SAVE_AS", "{slug}.html").format(slug=slug, lang=header.get("lang") or "")
    return settings.get("ARTICLE_SAVE_AS", "{slug}.html").format(slug=slug, type=kind, lang=header.get("lang") or "",
                                                                   category="", date=None)


def validate_content(campaign) -> Problems:
    """Every problem in the content folder, without writing anything."""
    problems = campaign.problems
    root = campaign.content_root
    settings = campaign.settings
    types = campaign.options["types"]
    articles = markdown_files(root, settings.get("ARTICLE_PATHS", []))
    pages = markdown_files(root, settings.get("PAGE_PATHS", []))
    # Counted here, where the folders are walked anyway, for progress reports.
    campaign.file_count = len(articles)
    campaign.files_checked = len(articles) + len(pages)
    addresses: dict[str, str] = {}
    for path in articles + pages:
        relative = path.relative_to(root)
        display = relative.as_posix()
        header = read_header(path)
        kind = content_type(relative, types)
        validate_article(path, display, kind, header, campaign, problems)
        check_links_and_images(display, path, header, root, problems)
        try:
            address = planned_address(relative, kind, header, settings)
        except (KeyError, IndexError, ValueError):
            address = None  # a URL pattern using fields we do not model
        if address:
            if address in addresses:
                problems.error(display, header.line("title"), f"has the same address as {addresses[address]}: `{address}`",
                               "give one of them a different Title or a `Slug:` line")
            else:
                addresses[address] = display
    for petition in campaign.petitions.values():
        header = read_header(root / petition.source_path)
        check_body_tokens(petition.source_path, header, campaign.facts, campaign.petitions, problems)
    return problems
