"""The metadata contract, checked on the Markdown sources before Pelican reads them.

It reads the files itself so that every problem carries its line number, and
it collects every problem before anything is written, for both the build and
`invoke check`.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from pelican.utils import slugify

from . import cards, images, privacy, statics
from . import storyteller_register as register_file
from .consent import (
    CONSENT_SCOPES,
    EXPIRY_WARNING_DAYS,
    NO,
    YES,
    expiry,
    is_yes,
    kept_off_the_web,
    split_ids,
)
from .dates import as_date, date_problem, parse_date
from .frontmatter import Field, Header, read_header
from .i18n import base_language
from .languages import (
    check_catalogs,
    check_petition_files,
    check_translations,
    check_words_in_languages,
    english_name,
    face_languages,
    face_prefix,
    shown_in_languages,
    site_languages,
)
from .markdown_ext import CodeFinder
from .parallel import workers
from .petitions import TEMPLATE_BODY, TEMPLATE_URL
from .problems import Problems
from .settings import has_share_cards, is_worker_stories, settings_problems, story_types
from .settings_source import SettingsSource

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}

STANDARD_KEYS = {
    "title",
    "date",
    "modified",
    "summary",
    "tags",
    "category",
    "slug",
    "status",
    "lang",
    "translation",
    "author",
    "authors",
    "template",
    "save_as",
    "url",
}
CAMPAIGN_KEYS = {
    "role",
    "workplace",
    "quote",
    "consent",
    "consent-scope",
    "consent-expires",
    "anonymous",
    "withdrawn",
    "series",
    "petition",
    "facts",
    "id",
    "allow-name-words",
    "storyteller",
    "photo",
    "photo-alt",
}
# A mistake in one of these must stop the build, never pass as a warning:
# `Anonymus: yes` would publish the storyteller's name.
SAFETY_KEYS = {
    "anonymous",
    "consent",
    "consent-scope",
    "consent-expires",
    "withdrawn",
    "allow-name-words",
    "status",
    "id",
    "author",
    "authors",
    "storyteller",
}
KNOWN_KEYS = STANDARD_KEYS | CAMPAIGN_KEYS
STATUSES = {"published", "draft", "hidden"}
# What `invoke new` writes where the organizer must fill something in.
PLACEHOLDERS = {
    "author": "Storyteller's name",
    "byline": "Your name",
    "role": "Job title",
    "workplace": "Employer or program",
    "quote": "One or two sentences from the story, shown large at the top.",
    "category": "Region or program",
    "series": "Name of the forum or bargaining series",
    "summary": "One sentence for listings and feeds.",
    "url": TEMPLATE_URL,
}
# The instructions `invoke new` writes as a draft's text, one per kind.
TEMPLATE_BODIES = {
    "testimony": (
        "Write the story here, in the storyteller's words, as they told it.\n\n"
        "Before publishing: get the storyteller's written consent and put its date in Consent; "
        "fill in Role and Workplace; write Anonymous: yes if their name must never appear; "
        "then change Status to published.\n"
    ),
    "anonymous testimony": (
        "Write the story here, in the storyteller's words, as they told it.\n\n"
        "Before publishing: get the storyteller's written consent and put its date under their id in the "
        "private storyteller register (consent:), with where they agreed it may appear (scope:); "
        "fill in Role and Workplace, broadly enough that nobody can tell who they are; "
        "then change Status to published.\n"
    ),
    "update": "Write what happened, what was agreed and what comes next.\n",
    "news": "Write the news here. Start with what happened, then why it matters.\n",
    # Any other type (a union's own, such as statements).
    "other": "Write the text here. Start with what matters most to the reader.\n",
    "petition": TEMPLATE_BODY + "\n",
}
_TEMPLATE_SENTENCES = [line.strip() for text in TEMPLATE_BODIES.values() for line in text.split("\n") if line.strip()]
STORY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{3,63}$")

_FENCE = re.compile(r"^\s*(```|~~~)")


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


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_slug(display: str, header: Header, settings: dict, problems: Problems):
    """A Slug is the last part of an address: lowercase letters, digits and
    single hyphens, so it is the same in every browser, feed and sitemap."""
    raw = header.get("slug")
    if raw is None:
        if header.get("title") and not header.get("save_as") and not slug_of(header.get("title"), settings).strip("-"):
            problems.error(
                display,
                header.line("title"),
                f"the Title `{header.get('title')}` has no letters or digits to make an address from",
                "add a `Slug:` line, such as `Slug: our-story`",
            )
        return
    if SLUG.match(raw.strip()):
        return
    suggested = slug_of(raw, settings, plain=True).strip("-")
    problems.error(
        display,
        header.line("slug"),
        f"Slug `{raw}` is not an address: only lowercase letters, digits and hyphens",
        f"write `Slug: {suggested}`"
        if suggested and SLUG.match(suggested)
        else "write it as lowercase-words-with-hyphens",
    )


def slug_of(text: str, settings: dict, plain: bool = False) -> str:
    """The slug Pelican makes of `text` with this site's settings; `plain`:
    lowercase ASCII whatever they say, as a Slug: line must be."""
    return slugify(
        text,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=False if plain else settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=False if plain else settings.get("SLUGIFY_USE_UNICODE", False),
    )


def check_lang(display: str, header: Header, campaign, problems: Problems):
    raw = header.get("lang")
    if raw is None:
        return
    languages = site_languages(campaign.settings, campaign.options)
    if base_language(raw) not in languages:
        problems.error(
            display,
            header.line("lang"),
            f"Lang `{raw}` is not a language this site speaks",
            f"write one of {', '.join(languages)}; a new language is a catalog and a setting "
            '(docs/writing.md, "A new language")',
        )


def check_translation_language(display: str, header: Header, default_lang: str, problems: Problems):
    """A translation in the site's own language would be written over its
    original (Pelican gives it the original's address)."""
    if not is_yes(header.get("translation")):
        return
    lang = (header.get("lang") or default_lang).strip().lower()
    if lang == default_lang.strip().lower():
        problems.error(
            display,
            header.line("translation"),
            f"this translation is in `{lang}`, the site's own language, so it would replace its original",
            "give it `Lang:` with the language it is written in, or remove `Translation:` if it is the original",
        )


def files_under(root: Path, every: list[Path], folders) -> list[Path]:
    prefixes = tuple(Path(folder).as_posix().strip("/") + "/" for folder in folders)
    return [p for p in every if p.relative_to(root).as_posix().startswith(prefixes)]


def stray_files(root: Path, every: list[Path], read: set, options: dict, settings: dict, problems: Problems):
    """A Markdown file in a folder no content type, page or petition lives in
    is never published: say so, rather than lose the story without a word."""
    petitions = root / options["petitions_dir"]
    folders = [f"{folder}/" for folder in [*settings.get("ARTICLE_PATHS", []), *settings.get("PAGE_PATHS", [])]]
    for path in every:
        relative = path.relative_to(root)
        if path in read or path.is_relative_to(petitions) or any(part.startswith(".") for part in relative.parts):
            continue
        close = difflib.get_close_matches(relative.parts[0] + "/", [*folders, options["petitions_dir"] + "/"], n=1)
        problems.warning(
            relative.as_posix(),
            1,
            "this file is in no folder the site reads, so it is never published",
            f"did you mean {close[0]}?"
            if close and len(relative.parts) > 1
            else f"move it into {', '.join(folders)} or {options['petitions_dir']}/",
        )


def validate_article(path: Path, display: str, kind: str | None, header: Header, campaign, problems: Problems) -> list:
    """Every rule of the header and text; returns the codes the text holds."""
    facts, petitions, today = campaign.facts, campaign.petitions, campaign.today
    for item in header.duplicates:
        problems.error(display, item.line, f"`{item.key}` is written twice", "keep one line for each key")
    check_keys(display, header, problems)
    status = (header.get("status") or "published").strip().lower()
    if status not in STATUSES:
        problems.error(
            display,
            header.line("status"),
            f"Status `{header.get('status')}` is not known",
            "use published, draft or hidden",
        )
    is_draft = status == "draft"
    report = problems.warning if is_draft else problems.error
    for key, placeholder in PLACEHOLDERS.items():
        field_key = "author" if key == "byline" else key
        if header.get(field_key) == placeholder:
            report(
                display,
                header.line(field_key),
                f"`{header.fields[field_key].key}` still says `{placeholder}`",
                "replace the template's text with the real value",
            )
    for number, line in body_lines(header):
        if line.strip() and line.strip() in _TEMPLATE_SENTENCES:
            report(
                display,
                number,
                "the text still holds the template's instructions",
                "replace them with the real text before publishing",
            )
            break
    if not header.get("title"):
        problems.error(display, 1, "this file has no Title", "add a line `Title: ...` at the top")
    if kind is not None:
        raw_date = header.get("date")
        late = {item.key.strip().lower() for item in header.late_keys}
        if not raw_date and "date" not in late:  # a Date after the blank line is reported at its own line
            problems.error(display, 1, "this file has no Date", "add a line `Date: YYYY-MM-DD`")
        elif parse_date(raw_date) is None:
            message, hint = date_problem("Date", raw_date)
            problems.error(display, header.line("date"), message, hint + " (a time may follow: YYYY-MM-DD HH:MM)")
        elif as_date(parse_date(raw_date)) > today and not is_draft:
            problems.warning(
                display,
                header.line("date"),
                f"Date {as_date(parse_date(raw_date)).isoformat()} is in the future",
                "the story stays off the site and feeds until that day",
            )
    for key in ("modified",):
        raw = header.get(key)
        if raw and parse_date(raw) is None:
            problems.error(display, header.line(key), *date_problem(key.title(), raw))

    if is_worker_stories(campaign.options, kind):
        if not header.get("role"):
            problems.error(
                display,
                1,
                "this testimony has no Role",
                "add `Role: ...`, the storyteller's job title shown in the byline",
            )
        if not header.get("quote"):
            problems.warning(
                display,
                1,
                "this testimony has no Quote",
                "add `Quote: ...`, the pull quote shown at the top and in feeds",
            )
        raw_consent = header.get("consent")
        check_consent_expiry(display, header, today, is_draft, problems)
        if kept_off_the_web({"consent-scope": header.get("consent-scope")}) and not is_draft:
            problems.warning(
                display,
                header.line("consent-scope"),
                "this story is kept off the website and its feeds: its Consent-Scope has no `web`",
                "add `web` only if the storyteller agreed to publication online",
            )
        if not raw_consent and header.consent_in_register:
            pass  # the register cannot be read here: its own problem says so
        elif not raw_consent:
            if not is_draft and header.get("storyteller"):
                problems.error(
                    display,
                    header.line("storyteller"),
                    "this testimony has no Consent date",
                    f"add `consent: YYYY-MM-DD` under `{header.get('storyteller')}:` in the storyteller "
                    "register, the day they agreed to publication, or set `Status: draft`",
                )
            elif not is_draft:
                problems.error(
                    display,
                    1,
                    "this testimony has no Consent date",
                    "add `Consent: YYYY-MM-DD`, the day the storyteller agreed to publication, or set `Status: draft`",
                )
        else:
            consent = parse_date(raw_consent)
            if consent is None:
                message, hint = date_problem("Consent", raw_consent)
                problems.error(display, header.line("consent"), message, hint + ", the day the storyteller agreed")
            elif as_date(consent) > today and not is_draft:
                problems.error(
                    display,
                    header.line("consent"),
                    f"Consent {as_date(consent).isoformat()} is in the future",
                    "publish only after the storyteller has agreed; check the year",
                )
        raw_scope = header.get("consent-scope")
        if raw_scope:
            unknown = [s for s in split_ids(raw_scope.lower()) if s not in CONSENT_SCOPES]
            if unknown:
                problems.error(
                    display,
                    header.line("consent-scope"),
                    f"Consent-Scope has `{', '.join(unknown)}`",
                    "use any of: web, feed, print",
                )
        anonymous = header.get("anonymous")
        if anonymous and anonymous.strip().lower() not in YES | NO:
            problems.error(
                display,
                header.line("anonymous"),
                f"Anonymous `{anonymous}` is neither yes nor no",
                "write `Anonymous: yes` to hide the storyteller's name everywhere",
            )
        raw_withdrawn = header.get("withdrawn")
        if raw_withdrawn and parse_date(raw_withdrawn) is None:
            message, hint = date_problem("Withdrawn", raw_withdrawn)
            problems.error(display, header.line("withdrawn"), message, hint + ", the day the storyteller withdrew")
    elif kind is not None:
        folders = " or ".join(f"content/{t}/" for t in story_types(campaign.options))
        hint = (
            f"move this file to {folders} or remove the line"
            if folders
            else 'remove the line: no type in CAMPAIGN["types"] has `worker_stories: True`'
        )
        for key in ("role", "workplace", "quote", "consent", "consent-scope", "consent-expires", "anonymous"):
            if header.get(key):
                problems.warning(
                    display,
                    header.line(key),
                    f"`{header.fields[key].key}` only has a meaning in worker-story types",
                    hint,
                )
    if header.get("series") and kind != "updates":
        problems.warning(
            display, header.line("series"), "`Series` only groups updates", "move this file to content/updates/"
        )

    for fact_id in split_ids(header.get("facts")):
        if fact_id not in facts and not facts.reported(fact_id):
            problems.error(
                display,
                header.line("facts"),
                f"unknown fact `{fact_id}` in Facts",
                _suggest(fact_id, facts, f"add it to {facts.path} or fix the id"),
            )
    petition_id = (header.get("petition") or "").strip()
    if petition_id in getattr(petitions, "drafts", ()) and not is_draft:
        problems.error(
            display,
            header.line("petition"),
            f"petition `{petition_id}` is still a draft",
            f"set its Status to open in content/petitions/{petition_id}.md, or keep this story a draft",
        )
    elif petition_id and petition_id not in petitions and not petitions.reported(petition_id):
        problems.error(
            display,
            header.line("petition"),
            f"unknown petition `{petition_id}` in Petition",
            _suggest(petition_id, petitions, "the id is a file name in content/petitions/ without .md"),
        )
    check_photo(display, kind, header, campaign, problems)
    return check_body_tokens(display, header, facts, petitions, problems, campaign.code_finder())


def check_photo(display: str, kind: str | None, header: Header, campaign, problems: Problems):
    """`Photo:` is a picture of the content folder's, published cleaned like
    every picture; `Photo-Alt:` says what it shows, for readers who cannot see it."""
    photo, alt = header.get("photo"), (header.get("photo-alt") or "").strip()
    if photo and kind is None:
        problems.warning(
            display,
            header.line("photo"),
            "`Photo` is shown on stories, updates and news only, not on pages",
            "put the picture in the text instead: ![what it shows]({static}/images/NAME.jpg)",
        )
        return
    if not photo:
        if alt:
            problems.warning(
                display,
                header.line("photo-alt"),
                "`Photo-Alt` without a `Photo`",
                "add `Photo: images/NAME.jpg` or remove the line",
            )
        return
    line = header.line("photo")
    if not alt:
        problems.error(
            display,
            line,
            "this Photo has no `Photo-Alt`",
            "add `Photo-Alt: ...` below it: what the picture shows, for readers who cannot see it",
        )
    relative = images.photo_path(photo)
    root = campaign.content_root
    static = [str(folder).strip("/") + "/" for folder in campaign.settings.get("STATIC_PATHS", [])]
    source = root / relative
    if Path(relative).suffix.lower() not in statics.PHOTO_SUFFIXES:
        problems.error(display, line, f"Photo `{photo}` is not a JPEG, PNG, WebP or GIF picture", "export it as JPEG")
    elif not source.is_file() or not any(relative.startswith(folder) for folder in static):
        problems.error(
            display,
            line,
            f"Photo `{photo}` is not a picture in the content folder's {', '.join(static) or 'static'} folder",
            f"put it at content/{static[0] if static else ''}{Path(relative).name} and write "
            f"`Photo: {static[0] if static else ''}{Path(relative).name}`",
        )
    if is_yes(header.get("anonymous")):
        problems.warning(
            display,
            line,
            "this anonymous story has a Photo",
            "a face, a badge, a workplace or a view can tell who told it: "
            "use a picture that cannot be traced to the storyteller",
        )


def known_key_for(written: str) -> str | None:
    """The key an organizer most likely meant: `Consent Scope`, `consent_scope`
    and `Consent-scope` are all Consent-Scope; `Anon` is Anonymous."""
    normal = re.sub(r"[\s_.]+", "-", written.strip().lower())
    if normal in KNOWN_KEYS:
        return normal
    close = difflib.get_close_matches(normal, sorted(KNOWN_KEYS), n=1, cutoff=0.75)
    if close:
        return close[0]
    if len(normal) >= 3:
        starting = sorted(k for k in KNOWN_KEYS if k.startswith(normal))
        if len(starting) == 1:
            return starting[0]
    close = difflib.get_close_matches(normal, sorted(SAFETY_KEYS), n=1, cutoff=0.6)
    return close[0] if close else None


def _key_title(key: str) -> str:
    return "-".join(part.capitalize() for part in key.split("-"))


def check_keys(display: str, header: Header, problems: Problems):
    for key, item in header.fields.items():
        if key in KNOWN_KEYS:
            continue
        meant = known_key_for(key)
        if meant in SAFETY_KEYS:
            problems.error(
                display,
                item.line,
                f"unknown key `{item.key}`: a storyteller-safety key must be spelled exactly",
                f"did you mean `{_key_title(meant)}`?",
            )
        else:
            hint = f"did you mean `{_key_title(meant)}`?" if meant else "see docs/writing.md for the keys"
            problems.warning(display, item.line, f"unknown key `{item.key}`", hint)
    # Keys Markdown will not read as keys: a mistake in a safety key is an error.
    misplaced = [
        (item, "is indented, so it is read as more of the line above", "start it at the beginning of the line")
        for item in header.folded_keys
    ] + [
        (
            item,
            "comes after the blank line that ends the header, so it is published as text",
            "move it up into the header, with no blank line above it",
        )
        for item in header.late_keys
    ]
    for item, why, hint in misplaced:
        meant = known_key_for(item.key)
        if meant:
            # A key after the blank line publishes the rest of the header as
            # the story's first paragraph: always an error, at that line.
            late = item in header.late_keys
            report = problems.error if meant in SAFETY_KEYS or late else problems.warning
            report(display, item.line, f"`{item.key}:` {why}, not read as a key", hint)
    for key in sorted(SAFETY_KEYS - {"author", "authors", "allow-name-words"}):
        item = header.fields.get(key)
        if item is not None and not item.value and key != "consent":
            problems.error(
                display,
                item.line,
                f"`{item.key}:` has no value",
                "write its value, or remove the line"
                if key != "withdrawn"
                else "write the day the storyteller withdrew as YYYY-MM-DD; until then the story is kept off the site",
            )
    stray = header.stray
    if stray is not None:
        meant = known_key_for(stray.key)
        if meant:
            problems.error(
                display,
                stray.line,
                f"`{stray.key}:` is not read as a key: the header ends here, and this "
                "line and everything after it would be published as text",
                f"write `{_key_title(meant)}:`",
            )
        else:
            problems.warning(
                display,
                stray.line,
                f"`{stray.key}:` looks like a key, but the header ends here",
                "keys have no spaces; if this is the story's first line, leave a blank line above it",
            )


def check_consent_expiry(display: str, header: Header, today: datetime.date, is_draft: bool, problems: Problems):
    raw = header.get("consent-expires")
    if not raw:
        return
    expires = expiry({"consent-expires": raw})
    line = header.line("consent-expires")
    if expires is None:
        problems.error(display, line, *date_problem("Consent-Expires", raw))
    elif is_draft:
        return
    elif today > expires:
        problems.warning(
            display,
            line,
            f"consent expired on {expires.isoformat()}: the story is treated as withdrawn",
            "ask the storyteller to renew it and change the date, or set `Withdrawn:` to that day",
        )
    elif (expires - today).days <= EXPIRY_WARNING_DAYS:
        problems.warning(
            display,
            line,
            f"consent expires on {expires.isoformat()}, in {(expires - today).days} days",
            "ask the storyteller to renew it; after that day the story is withdrawn",
        )


def check_story_id(display: str, kind: str | None, header: Header, ids: dict, problems: Problems):
    """A story's feed id is its `Id:`, so fixing its Date or renaming its file
    never makes subscribers receive it again."""
    if kind is None:
        return
    story_id = header.get("id")
    if not story_id:
        status = (header.get("status") or "").strip().lower()
        if is_yes(header.get("anonymous")) and status != "draft":
            problems.error(
                display,
                1,
                "this anonymous story has no `Id:`",
                f"add `Id: {new_story_id()}`; without it, its feed id would be made from its file's name",
            )
        elif status != "draft":
            problems.warning(
                display,
                1,
                "this story has no `Id:`",
                f"add `Id: {new_story_id()}` so subscribers never receive it twice after a correction",
            )
        return
    if not STORY_ID.match(story_id):
        problems.error(
            display,
            header.line("id"),
            f"Id `{story_id}` is not an id",
            f"use 4 to 64 letters, digits and dashes, such as `{new_story_id()}`",
        )
    else:
        # A translation may keep its original's Id: its feed entry adds its language (feeds.entry_id).
        key = f"{story_id}/{base_language(header.get('lang'))}" if is_yes(header.get("translation")) else story_id
        ids.setdefault(key, []).append((str(header.get("date") or ""), display, header.line("id"), story_id))


def report_duplicate_ids(ids: dict, problems: Problems):
    """The oldest story keeps its Id (subscribers already have it); each
    newer one, most likely a copied file, is the one to change."""
    for holders in ids.values():
        holders.sort()
        first = holders[0][1]
        for _date, display, line, story_id in holders[1:]:
            problems.error(
                display,
                line,
                f"Id `{story_id}` is also the Id of {first}",
                f"give this story a new one, such as `{new_story_id()}`; never change an Id once published",
            )


def _is_unpublished(header: Header) -> bool:
    return (header.get("status") or "published").strip().lower() != "published"


def site_addresses(campaign) -> dict[str, str]:
    """The pages the site writes of its own, by output path: no story or page
    may take one (a page titled "Petitions" would replace the petitions list)."""
    settings, options = campaign.settings, campaign.options
    own = {}
    for name in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            own[save_as] = f"the site's {name} page"
    own[options["petitions_index_save_as"]] = "the list of petitions"
    for petition_id in campaign.petitions:
        own[options["petition_save_as"].format(id=petition_id)] = f"the page of petition `{petition_id}`"
    for type_id in options["types"]:
        own[options["type_index_save_as"].format(type=type_id)] = f"the list of {type_id}"
    # Each other language's face writes the same pages under its prefix.
    for lang in face_languages(settings, options):
        prefix = face_prefix(settings, options, lang)
        for save_as, what in list(own.items()):
            if not save_as.startswith(prefix) and save_as != settings.get("404_SAVE_AS", "404.html"):
                own[prefix + save_as] = f"{what} in {english_name(lang)}"
    return own


def report_address_collisions(addresses: dict[str, list], own: dict[str, str], problems: Problems):
    """Two files, or a file and one of the site's own pages, at one address:
    Pelican would stop with an overwrite error, or one would silently replace
    the other. The published, older file keeps its address (people have shared
    it); the newer or unpublished one is told to move, naming the other."""
    for address, claims in addresses.items():
        claims.sort()
        if address in own:
            for _unpublished, _date, display, line in claims:
                problems.error(
                    display,
                    line,
                    f"would be written at `{address}`, which is {own[address]}",
                    "give it a different Title, or a `Slug:` line",
                )
            continue
        _unpublished, _date, keeper, _line = claims[0]
        for _unpublished, _date, display, line in claims[1:]:
            problems.error(
                display,
                line,
                f"has the same address as {keeper}: `{address}`",
                "give this one a different Title or a `Slug:` line; the other keeps its address",
            )


def new_story_id() -> str:
    """Random, so it holds nothing of the story: not its title, date or file."""
    return secrets.token_hex(6)


def check_static_files(root: Path, static_paths, problems: Problems):
    """Every file that would be published as it is must be cleanable."""
    for folder in static_paths:
        base = root / folder
        if not base.exists() and not base.is_symlink():
            continue
        entries = [base] if base.is_file() or base.is_symlink() else []
        for dirpath, dirnames, filenames in os.walk(base):
            for name in dirnames + filenames:
                entries.append(Path(dirpath) / name)
        for path in entries:
            display = path.relative_to(root).as_posix()
            if statics.is_junk(path):
                continue
            if path.is_symlink() or path.is_file():
                refused = statics.refusal(path, root)
                if refused is None and path.is_file() and path.suffix.lower() in statics.SVG_SUFFIXES:
                    try:
                        statics.clean_svg(path.read_bytes())
                    except statics.UnsafeFile as error:
                        refused = str(error)
                elif refused is None and path.is_file():
                    refused = statics.unreadable_picture(path)
                if refused and (path.is_file() or not path.resolve().is_relative_to(root.resolve())):
                    problems.error(
                        display,
                        1,
                        f"this file {refused}",
                        "remove it from content/, or replace it with a picture that can be cleaned",
                    )


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


def check_body_tokens(
    display, header: Header, facts, petitions, problems: Problems, finder: CodeFinder | None = None
) -> list:
    """Every `[fact: …]` and `[petition: …]` in the text as the build's
    Markdown reads it (`finder`, made once per build), and every near miss;
    returns what it found."""
    finder = finder or CodeFinder(facts, petitions, {"extensions": ["markdown.extensions.extra"]})
    every = finder.find(header.body, header.body_line)
    for found in every:
        if found.near_miss:
            problems.error(
                display, found.line, f"`{found.written}` is not a code: {found.reason}", _meant(found, facts, petitions)
            )
            continue
        registry = facts if found.kind == "fact" else petitions
        if found.id not in registry and not registry.reported(found.id):
            where = facts.path if found.kind == "fact" else "content/petitions/"
            problems.error(
                display,
                found.line,
                f"unknown {found.kind} `{found.id}`",
                _suggest(found.id, registry, f"check the id against {where}"),
            )
    return every


def _meant(found, facts, petitions) -> str:
    if found.meant:
        return f"did you mean {found.meant}?"
    where = facts.path if found.kind == "fact" else "content/petitions/"
    return f"write the {found.kind}'s id after the colon, as in {where}"


# `{filename}x.md`, `{static}/images/x.jpg`, `{attach}x.pdf` wherever they are
# written: inline and reference-style Markdown links, and raw HTML.
_INTERNAL_LINK = re.compile(r"\{(?P<what>filename|static|attach)\}(?P<target>[^)\s>\"'#?]+)")
# `![alt](path)` with a path inside the site (not http:, not a {placeholder}).
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]+)")


def check_links_and_images(
    display: str, path: Path, header: Header, root: Path, problems: Problems, unpublished: dict | None = None
):
    """Links to other content and images must point at files that exist, and
    never at a draft or a story kept off the web: the link would write its
    address (and so its title) into pages and feeds."""
    for number, line in body_lines(header):
        for match in _INTERNAL_LINK.finditer(line):
            target = match.group("target")
            resolved = (root / target.lstrip("/")) if target.startswith("/") else (path.parent / target)
            reason = (unpublished or {}).get(resolved.resolve()) if match.group("what") == "filename" else None
            if reason:
                problems.error(
                    display, number, f"links to `{target}`, {reason}", "remove the link until that story is published"
                )
            elif not resolved.exists():
                kind = "image or file" if match.group("what") != "filename" else "page"
                problems.error(
                    display,
                    number,
                    f"links to a {kind} that does not exist: `{target}`",
                    "check the spelling; paths starting with / are inside content/",
                )
        for match in _IMAGE.finditer(line):
            src = match.group("src")
            if not match.group("alt").strip():
                problems.warning(
                    display,
                    number,
                    f"image `{src}` has no description",
                    "write what the picture shows between the brackets: ![Workers at the rally](...)",
                )
            if src.startswith("{") or re.match(r"^[a-z]+:", src) or src.startswith("//"):
                continue
            resolved = (root / src.lstrip("/")) if src.startswith("/") else (path.parent / src)
            if not resolved.exists():
                problems.error(
                    display,
                    number,
                    f"image `{src}` does not exist",
                    "put the picture in content/images/ and write {static}/images/NAME",
                )


def planned_address(relative: Path, kind: str | None, header: Header, settings: dict) -> str | None:
    """Where Pelican will write this file, or None when it writes nothing."""
    status = (header.get("status") or "published").strip().lower()
    if status == "draft":
        return None
    title = header.get("title") or ""
    slug = header.get("slug") or slug_of(title, settings)
    if header.get("save_as"):
        return header.get("save_as")
    # A translation lives at its original's address plus its language.
    lang_key = "_LANG" if is_yes(header.get("translation")) else ""
    if kind is None:
        return settings.get(f"PAGE{lang_key}_SAVE_AS", "{slug}.html").format(slug=slug, lang=header.get("lang") or "")
    return settings.get(f"ARTICLE{lang_key}_SAVE_AS", "{slug}.html").format(
        slug=slug, type=kind, lang=header.get("lang") or "", category="", date=None
    )


def unpublished_sources(headers) -> dict:
    """Resolved path -> why a link to it must not be written."""
    found = {}
    for path, _display, _kind, header in headers:
        if (header.get("status") or "").strip().lower() == "draft":
            found[path.resolve()] = "a draft"
        elif kept_off_the_web({"consent-scope": header.get("consent-scope")}):
            found[path.resolve()] = "a story kept off the website (its Consent-Scope has no `web`)"
    return found


@dataclass
class FileCheck:
    """What checking one content file alone found: its own problems, and
    what the checks across files need of it."""

    problems: Problems
    ids: dict  # story id -> [(date, display, line, id)]
    claim: tuple | None = None  # (output path, (unpublished, date, display, line))
    codes: list = field(default_factory=list)  # the codes its text holds (codes.Found)


@dataclass
class SourceCheck:
    """What validate_content read and found, file by file, kept on the
    Campaign so that a preview can check an edited story again without
    reading every other one (recheck.py)."""

    entries: dict  # display -> (path, display, kind, header), in the order read
    files: dict  # display -> FileCheck
    unpublished: dict  # what unpublished_sources found
    petitions: list  # (display, header) of each petition, whose names are checked too
    tellers: list  # the anonymous storytellers the name checks guard
    cross: Problems = field(default_factory=Problems)  # addresses and ids shared by files, translations
    petition_codes: dict = field(default_factory=dict)  # petition or translation file -> the codes its text holds
    groups: Problems = field(default_factory=Problems)  # small groups that identify a teller


def validate_content(campaign) -> Problems:
    """Every problem in the content folder, without writing anything."""
    problems = campaign.problems
    root = campaign.content_root
    settings = campaign.settings
    types = campaign.options["types"]
    every = markdown_files(root, ["."])  # one walk of the content folder
    articles = files_under(root, every, settings.get("ARTICLE_PATHS", []))
    pages = files_under(root, every, settings.get("PAGE_PATHS", []))
    stray_files(root, every, set(articles) | set(pages), campaign.options, settings, problems)
    # Counted here, where the folders are walked anyway, for progress reports.
    campaign.file_count = len(articles)
    campaign.files_checked = len(articles) + len(pages)
    headers = []
    for path in articles + pages:
        relative = path.relative_to(root)
        headers.append((path, relative.as_posix(), content_type(relative, types), read_header(path)))
    open_register(campaign, headers, problems)
    own = {display: Problems() for _path, display, _kind, _header in headers}
    for _path, display, _kind, header in headers:
        use_register_entry(campaign, display, header, own[display])
    # A cold build finds every text's codes on every core before the checks ask.
    campaign.code_finder().prefetch(
        [(header.body, header.body_line) for _p, _d, _k, header in headers if not header.unreadable],
        workers(settings),
    )
    unpublished = unpublished_sources(headers)  # with the consent the register gave
    files = {entry[1]: check_file(campaign, entry, unpublished, own[entry[1]]) for entry in headers}
    petitions, petition_codes = [], {}
    for petition in campaign.petitions.values():
        # Each translation's text too: its codes, and the names in it.
        for source in [petition.source_path, *(t.source_path for t in petition.translations.values())]:
            header = read_header(root / source)
            petition_codes[source] = check_body_tokens(
                source, header, campaign.facts, campaign.petitions, problems, campaign.code_finder()
            )
            petitions.append((source, header))
    check_petition_files(campaign, problems)
    check_static_files(root, settings.get("STATIC_PATHS", []), problems)
    named = [(display, header) for _path, display, _kind, header in headers]
    check = SourceCheck({entry[1]: entry for entry in headers}, files, unpublished, petitions, [])
    check.petition_codes = petition_codes
    check.tellers = check_privacy(campaign, named, petitions, problems, files)
    check.cross = across_files(campaign, check)
    check.groups = small_groups(campaign, check)
    for found in files.values():
        problems.extend(found.problems)
    problems.extend(check.cross)
    problems.extend(check.groups)
    campaign.source_check = check
    return problems


def check_file(campaign, entry, unpublished: dict, problems: Problems) -> FileCheck:
    """The checks that read one content file alone, once use_register_entry
    has given it its consent (names aside: check_names_in)."""
    path, display, kind, header = entry
    settings = campaign.settings
    found = FileCheck(problems, {})
    if header.unreadable:
        problems.error(
            display, 1, f"this file {header.unreadable}", "open it in your editor and save it again as UTF-8"
        )
        return found
    relative = path.relative_to(campaign.content_root)
    found.codes = validate_article(path, display, kind, header, campaign, problems)
    check_translation_language(display, header, settings.get("DEFAULT_LANG", "en"), problems)
    check_slug(display, header, settings, problems)
    check_lang(display, header, campaign, problems)
    check_story_id(display, kind, header, found.ids, problems)
    check_links_and_images(display, path, header, campaign.content_root, problems, unpublished)
    try:
        address = planned_address(relative, kind, header, settings)
    except (KeyError, IndexError, ValueError):
        address = None  # a URL pattern using fields we do not model
    if address is not None:
        line = header.line("slug") if header.get("slug") else header.line("title")
        found.claim = (address, (_is_unpublished(header), str(header.get("date") or ""), display, line))
    return found


def across_files(campaign, check: SourceCheck) -> Problems:
    """Two files at one address, or with one Id; a translation with no
    original or a second in its language (reported as such, not as the
    address or Id it shares); what a page in another language would show
    without its words."""
    problems = Problems()
    entries = list(check.entries.values())
    translations_reported = check_translations(entries, campaign.settings, slug_of, problems)
    addresses: dict[str, list] = {}  # output path -> every file that would be written there
    ids: dict[str, list] = {}
    for display, found in check.files.items():
        if display in translations_reported:
            continue
        if found.claim is not None:
            addresses.setdefault(found.claim[0], []).append(found.claim[1])
        for story_id, holders in found.ids.items():
            ids.setdefault(story_id, []).extend(holders)
    report_address_collisions(addresses, site_addresses(campaign), problems)
    report_duplicate_ids(ids, problems)
    codes = {display: found.codes for display, found in check.files.items()} | check.petition_codes
    check_words_in_languages(campaign, shown_in_languages(campaign, entries, codes), problems)
    return problems


def small_groups(campaign, check: SourceCheck) -> Problems:
    problems = Problems()
    privacy.check_small_groups(list(check.entries.values()), campaign.today, problems, story_types(campaign.options))
    return problems


def open_register(campaign, headers, problems: Problems):
    """Anonymous stories name their teller by a register id; the register
    holds the name and the consent (use_register_entry gives each story its
    teller's)."""
    root = campaign.content_root
    anonymous = [(display, header) for _p, display, _k, header in headers if is_anonymous(header)]
    path = register_file.locate(campaign.options, root)
    if anonymous or path.exists():
        campaign.register = register_file.load_register(path, register_file.display_path(path, root), problems)
    found = campaign.register
    if anonymous and (found is None or not found.usable) and getattr(found, "state", "") != "unreadable":
        where = found.display if found is not None else register_file.display_path(path, root)
        reason = found.reason if found is not None else f"there is no storyteller register at {where}"
        hint = (
            "set CAMPAIGN_REGISTER_KEY to your age key file (make one with `make storytellers ARGS=keygen` and "
            'ask the register\'s keeper to encrypt it to you); see "Sharing the register safely" in docs/writing.md'
            if found is not None and found.state == "locked"
            else "put the register there, or set CAMPAIGN_REGISTER to where it is; see "
            '"The storyteller register" in docs/writing.md'
        )
        if campaign.register_required:
            problems.error(
                where,
                1,
                f"{reason}: without it no anonymous storyteller's name can be checked, so nothing is published",
                hint,
            )
        else:
            problems.warning(where, 1, f"{reason}: this preview does not check anonymous storytellers' names", hint)
            campaign.preview_without_register = True


def is_anonymous(header: Header) -> bool:
    """Told anonymously, or meant to be: it names a teller in the register."""
    return is_yes(header.get("anonymous")) or bool(header.get("storyteller"))


def use_register_entry(campaign, display: str, header: Header, problems: Problems):
    """An anonymous story gets its teller's consent keys from the register,
    so every later check reads them as if written in the story."""
    if not is_anonymous(header):
        return
    found = campaign.register
    teller_id = (header.get("storyteller") or "").strip()
    if not is_yes(header.get("anonymous")):
        problems.error(
            display,
            header.line("storyteller"),
            "`Storyteller:` is only for anonymous stories",
            "add `Anonymous: yes`, or write the teller's name in `Author:` if they chose to be named",
        )
        return
    for key in ("author", "authors"):
        if header.get(key):
            problems.error(
                display,
                header.line(key),
                f"this anonymous story has its teller's real name in "
                f"`{header.fields[key].key}:`, and so in the repository, where Git keeps it forever",
                "run `make storytellers ARGS=migrate` to move it to the private register and "
                "write `Storyteller: st-...` instead",
            )
    if not teller_id:
        if not any(header.get(key) for key in ("author", "authors")):
            problems.error(
                display,
                1,
                "this anonymous story has no `Storyteller:`",
                "add the teller's id from the storyteller register, such as `Storyteller: st-0142`",
            )
        return
    if found is None or not found.usable:
        header.consent_in_register = True  # unknown until the register can be read
        return
    entry = found.entries.get(teller_id)
    if entry is None:
        close = difflib.get_close_matches(teller_id, list(found.entries), n=1)
        problems.error(
            display,
            header.line("storyteller"),
            f"storyteller `{teller_id}` is not in the register " f"{found.display}",
            f"did you mean `{close[0]}`?" if close else "add them to the register, or fix the id",
        )
        return
    take_consent_from(entry, display, header, found.display, problems)
    if header.get("allow-name-words"):
        problems.error(
            display,
            header.line("allow-name-words"),
            "`Allow-Name-Words:` writes words of the storyteller's name into the repository",
            f"list them under `allow:` in {teller_id}'s entry of the register instead",
        )


def take_consent_from(entry, display: str, header: Header, register_display: str, problems: Problems):
    """Consent lives in the register; a story's own consent keys must agree."""
    wanted = entry.consent_metadata()
    for key, value in wanted.items():
        item = header.fields.get(key)
        if item is None:
            header.fields[key] = Field(key.title(), value, header.line("storyteller"))
        elif _consent_value(key, item.value) != _consent_value(key, value):
            problems.error(
                display,
                item.line,
                f"`{item.key}: {item.value}` disagrees with the storyteller register "
                f"({entry.id} in {register_display} says `{value}`)",
                "ask which is right: if the storyteller agreed differently to this story, give it its "
                "own register entry (same name, new id) with that consent; then remove this line",
            )


def _consent_value(key: str, value: str):
    if key == "consent-scope":
        return frozenset(split_ids(value.lower()))
    parsed = parse_date(value)
    return as_date(parsed) if parsed else value.strip()


def check_privacy(campaign, named, petitions, problems: Problems, files: dict) -> list:
    """No source may name an anonymous storyteller: each file's findings go
    with its own problems (`files`), the petitions', facts.yml's and the static
    files' names with the rest. The matcher is kept for the output gate, which
    looks again at the finished site."""
    tellers = privacy.storytellers(named + petitions, campaign.register)
    campaign.name_matcher = matcher = privacy.NameMatcher(tellers)
    campaign.storytellers = tellers
    for display, header in named:
        check_names_in(campaign, display, header, files[display].problems)
    privacy.check_sources(
        matcher,
        petitions,
        campaign.content_root,
        campaign.settings.get("STATIC_PATHS", []),
        problems,
        teller_sources(tellers),
        extra_files=[campaign.options["facts_file"]],
    )
    privacy.acknowledgements(tellers, problems)
    return tellers


def teller_sources(tellers) -> dict:
    return {teller.source: teller for teller in tellers}


def check_names_in(campaign, display: str, header: Header, problems: Problems):
    """An anonymous storyteller's name in one content file's header, text or name."""
    privacy.check_sources(
        campaign.name_matcher,
        [(display, header)],
        campaign.content_root,
        [],
        problems,
        teller_sources(campaign.storytellers),
    )


def load_and_check(settings: dict, require_register: bool | None = None):
    """The campaign and every problem in it: what a build checks before it
    writes anything, and all that `invoke check` does (which always needs
    the storyteller register: `require_register=True`)."""
    from .campaign import load_campaign

    campaign = load_campaign(settings)
    if require_register is not None:
        campaign.register_required = require_register
    validate_content(campaign)
    campaign.save_code_memo()
    source = SettingsSource(settings)
    settings_problems(settings, campaign.options, campaign.problems, functools.partial(source.where, "CAMPAIGN"))
    check_theme_settings(settings, campaign.problems, source)
    if has_share_cards(campaign.options):  # without cards, nothing is drawn with the fonts
        cards.font_problems(settings, campaign.options, campaign.problems, source)
    check_catalogs(campaign, campaign.problems, source.where)
    return campaign


BRAND_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def check_theme_settings(settings: dict, problems, source: SettingsSource):
    colour = settings.get("BRAND_COLOUR")
    if colour and not BRAND_COLOUR.match(str(colour)):
        problems.error(
            *source.where("BRAND_COLOUR"),
            f"BRAND_COLOUR `{colour}` is not a colour",
            "write it as #rrggbb, e.g. #9b1d20",
        )
    logo = settings.get("UNION_LOGO")
    if logo:
        # Every page shows it: a missing picture is a broken image on each one.
        static = [str(folder).strip("/") + "/" for folder in settings.get("STATIC_PATHS", [])]
        found = (Path(settings["PATH"]) / str(logo)).is_file()
        if not found or not any(str(logo).startswith(folder) for folder in static):
            problems.error(
                *source.where("UNION_LOGO"),
                f"UNION_LOGO `{logo}` is not a picture in the content folder's {', '.join(static) or 'static'} folder",
                f"put the picture at content/{static[0] if static else ''}{Path(str(logo)).name}, "
                "or write UNION_LOGO = None for the name alone",
            )
