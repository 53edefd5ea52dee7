"""The languages a site speaks, where each one's face lives, and the checks
that keep each page in one language.

`DEFAULT_LANG` is the site's own language, at the root of the site; every
other language in `CAMPAIGN["languages"]` has a face under `/<lang>/` (its
home page, listings, petitions and feeds: faces.py). A language is spoken
when it is listed there and has a catalog (English, the source language,
needs none); adding one is a catalog and that setting.

`check_languages` (run by every build and `invoke check`) reports what
would put words of one language on another's page, or lose a translation:
a language with no catalog, a catalog's missing or broken entries, a
translation with no original or a second one in its language, and facts
and petitions a page in another language would show without its words.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

from .consent import is_yes
from .frontmatter import read_header
from .i18n import DOMAIN, SOURCE_LANG, base_language, language_name

# `{signatures}` in the plugin's messages, `%(site)s` in the templates'.
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)s")


def site_languages(settings: dict, options: dict) -> list[str]:
    """Every language the site speaks, its own first."""
    default = base_language(settings.get("DEFAULT_LANG", SOURCE_LANG))
    listed = options.get("languages") or []
    if not isinstance(listed, list | tuple):
        listed = []  # settings.language_problems reports it
    return list(dict.fromkeys([default, *(base_language(str(lang)) for lang in listed)]))


def face_languages(settings: dict, options: dict) -> list[str]:
    """The languages with a face of their own: all but the site's."""
    return site_languages(settings, options)[1:]


def face_prefix(settings: dict, options: dict, lang: str | None) -> str:
    """Where a language's face lives: "" for the site's own, "es/" for Spanish."""
    if not lang or base_language(lang) not in face_languages(settings, options):
        return ""
    return f"{base_language(lang)}/"


def english_name(lang: str) -> str:
    """ "Spanish", for check's messages, which speak English as the guide does."""
    name = language_name(lang, SOURCE_LANG)
    return name if name != lang else f"`{lang}`"


def shown_path(path: Path) -> str:
    """A catalog's path as a problem names it: from the working folder when it is inside it."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else str(path)


def lang_of(header, default_lang: str) -> str:
    return base_language(header.get("lang") or default_lang)


# --- the catalogs ------------------------------------------------------------


def check_catalogs(campaign, problems, where):
    """Each language the site speaks has a catalog, every message of the
    template is in it, and no translation asks for a value the site does not
    give (`{firmas}` for `{signatures}` would stop every build that prints it)."""
    catalogs = campaign.catalogs
    folder = catalogs.folder
    for lang in site_languages(campaign.settings, campaign.options):
        path = folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po" if folder else None
        if lang != SOURCE_LANG and lang not in catalogs.compiled and not (path and path.exists()):
            setting = ("DEFAULT_LANG",) if lang == campaign.default_lang else ("CAMPAIGN", "languages")
            problems.error(
                *where(*setting),
                f"the site speaks {english_name(lang)} (`{lang}`), but there is no catalog of its words"
                + (f" at {shown_path(path)}" if path else ""),
                f"run `invoke translations --add {lang}` and fill in its msgstr lines (docs/writing.md, "
                '"A new language")',
            )
    if folder is None:
        return
    template = reference_messages(folder)
    for path in catalogs.files():
        lang = base_language(path.parent.parent.name)
        spoken = lang in site_languages(campaign.settings, campaign.options)
        catalog = read_catalog(path) if spoken or lang == SOURCE_LANG else None
        if catalog is None:
            continue  # not spoken, or unreadable (load_catalogs reported it)
        check_placeholders(path, lang, catalog, problems)
        if lang == SOURCE_LANG:
            continue
        have = {_msgid(m): m for m in catalog if m.id}
        for msgid in template:
            message = have.get(msgid)
            if message is None:
                problems.warning(
                    shown_path(path),
                    1,
                    f"the {english_name(lang)} catalog has no entry for “{msgid}”",
                    "run `invoke translations` to add it, then write its msgstr",
                )
            elif not _translated(message):
                problems.warning(
                    shown_path(path),
                    message.lineno or 1,
                    f"no {english_name(lang)} words for “{msgid}”",
                    f"write them in its msgstr; until then the {english_name(lang)} pages show it in English",
                )


def reference_messages(folder: Path) -> list[str]:
    """Every message the site prints: the template beside the catalogs, else the English catalog."""
    for path in (folder / f"{DOMAIN}.pot", folder / SOURCE_LANG / "LC_MESSAGES" / f"{DOMAIN}.po"):
        catalog = read_catalog(path) if path.exists() else None
        if catalog is not None:
            return [_msgid(m) for m in catalog if m.id]
    return []


def read_catalog(path: Path):
    try:
        with path.open("rb") as source:
            return read_po(source, domain=DOMAIN, abort_invalid=True)
    except (PoFileError, OSError, UnicodeDecodeError, ValueError):
        return None


def _msgid(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(strings) and all(strings) and not message.fuzzy


def check_placeholders(path: Path, lang: str, catalog, problems):
    for message in catalog:
        if not message.id or not _translated(message):
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        given = {p for text in ids for p in PLACEHOLDER.findall(text)}
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        unknown = sorted({p for text in strings for p in PLACEHOLDER.findall(text)} - given)
        if unknown:
            problems.error(
                shown_path(path),
                message.lineno or 1,
                f"the {english_name(lang)} words for “{_msgid(message)}” use {', '.join(unknown)}, which the site does not fill in",
                "use only " + (", ".join(sorted(given)) or "no placeholders") + ", spelled as in its msgid",
            )


# --- translations ------------------------------------------------------------


@dataclass
class Version:
    display: str
    line: int
    lang: str
    draft: bool
    date: str = ""
    lang_line: int = 1


def check_translations(headers, settings: dict, slug_of, problems) -> set[str]:
    """Each translation (`Translation: true`) has its original, a story or
    page of the same folder and Slug, and is the only one in its language.
    Returns the files reported, whose addresses need no second message."""
    default_lang = settings.get("DEFAULT_LANG", SOURCE_LANG)
    originals: dict[tuple, Version] = {}
    unmarked: dict[tuple, list] = {}  # every file that is not a translation, by folder and Slug
    translations: dict[tuple, list] = {}
    for _path, display, kind, header in headers:
        if header.unreadable or header.get("save_as"):
            continue
        slug = header.get("slug") or slug_of(header.get("title") or "", settings)
        draft = (header.get("status") or "").strip().lower() == "draft"
        version = Version(
            display,
            header.line("translation"),
            lang_of(header, default_lang),
            draft,
            str(header.get("date") or ""),
            header.line("lang"),
        )
        if is_yes(header.get("translation")):
            translations.setdefault((kind, slug), []).append(version)
        else:
            unmarked.setdefault((kind, slug), []).append(version)
    reported = set()
    for key, versions in unmarked.items():
        # The original is the one in the site's language, else the oldest; a
        # file in another language at its address is most likely its
        # translation without `Translation: true`. Saying so keeps the
        # organizer from re-addressing the published original instead.
        versions.sort(key=lambda v: (base_language(v.lang) != base_language(default_lang), v.date, v.display))
        original = originals[key] = versions[0]
        for version in versions[1:]:
            if version.lang == original.lang:
                continue  # the same language: two stories at one address (validation.py says so)
            problems.error(
                version.display,
                version.lang_line,
                f"this is in {english_name(version.lang)} with the Slug of {original.display}, "
                "but does not say it translates it",
                "add `Translation: true` under its `Lang:` line; to publish it as a story of its own, "
                "give it a `Slug:` of its own",
            )
            reported.add(version.display)
    for (kind, slug), versions in translations.items():
        original = originals.get((kind, slug))
        where = f"{kind}/" if kind else "the pages"
        seen: dict[str, Version] = {}
        # The older translation is the one readers know: the newer is reported.
        for version in sorted(versions, key=lambda v: (v.date, v.display)):
            if original is None:
                problems.error(
                    version.display,
                    version.line,
                    f"this translation has no original: nothing in {where} has the Slug `{slug}`",
                    "give it the Slug of the story it translates, or remove `Translation: true` "
                    "to publish it as a story of its own",
                )
            elif original.lang == version.lang:
                problems.error(
                    version.display,
                    version.line,
                    f"this translation is in `{version.lang}`, the language of its original {original.display}",
                    "give it `Lang:` with the language it is written in",
                )
            elif original.draft and not version.draft:
                problems.error(
                    version.display,
                    version.line,
                    f"its original {original.display} is a draft, so this translation would be published alone",
                    "publish the original first, or keep this translation a draft too",
                )
            elif version.lang in seen:
                problems.error(
                    version.display,
                    version.line,
                    f"a second {english_name(version.lang)} translation of {original.display} "
                    f"(the other is {seen[version.lang].display})",
                    "keep one translation in each language: merge the two, or remove one",
                )
            else:
                seen[version.lang] = version
                continue
            reported.add(version.display)
    return reported


def _petition_name_hint(named: str, lang: str, petition_ids: list[str]) -> str:
    """The petition a mistyped name most likely meant, else one of this campaign's."""
    close = difflib.get_close_matches(named, petition_ids, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]}.{lang}.md? A translation is named after its petition and its language"
    example = f"{petition_ids[0]}.{lang}.md" if petition_ids else f"ID.{lang}.md"
    return f"name it after the petition it translates and its language, as in {example}"


def check_petition_files(campaign, problems):
    """A petition's translation names a petition that exists, in a language
    the site speaks; a file named like a translation says it is one."""
    spoken = site_languages(campaign.settings, campaign.options)
    registry = campaign.petitions
    for display, line, original_id, lang in getattr(registry, "orphans", []):
        problems.error(
            display,
            line,
            f"this translates petition `{original_id}`, and there is no petition of that name",
            _petition_name_hint(original_id, lang, list(registry)),
        )
    for petition in registry.values():
        texts = [(petition.source_path, petition.lang)] + [
            (t.source_path, t.lang) for t in petition.translations.values()
        ]
        for display, lang in texts:
            if lang not in spoken:
                problems.error(
                    display,
                    read_header(campaign.content_root / display).line("lang"),
                    f"Lang `{lang}` is not a language this site speaks",
                    f"write one of {', '.join(spoken)}; a new language is a catalog and a setting "
                    '(docs/writing.md, "A new language")',
                )
        original_id, dot, lang = petition.id.rpartition(".")
        if dot and original_id in registry and lang in spoken:
            problems.error(
                petition.source_path,
                1,
                f"this is named like the {english_name(lang)} translation of `{original_id}`, "
                "but it is a petition of its own",
                f"add `Lang: {lang}` and `Translation: true` to it, or give it a name without `.{lang}`",
            )


# --- words a page in another language would show -----------------------------


@dataclass
class Shown:
    """The facts and petitions a language's pages show, each with the first
    place it is shown, so a warning can say where."""

    facts: dict = field(default_factory=dict)
    petitions: dict = field(default_factory=dict)

    def fact(self, fact_id: str, where: str):
        self.facts.setdefault(fact_id, where)

    def petition(self, petition_id: str, where: str):
        self.petitions.setdefault(petition_id, where)


def shown_in_languages(campaign, headers, codes: dict) -> dict[str, Shown]:
    """What each language other than the site's shows: the stories written
    in it (their `Facts:`, `Petition:` and codes), and on its face the
    featured facts and every petition, with the facts their texts cite."""
    default_lang = campaign.default_lang
    shown = {lang: Shown() for lang in site_languages(campaign.settings, campaign.options) if lang != default_lang}
    for _path, display, _kind, header in headers:
        lang = lang_of(header, default_lang)
        if lang not in shown or header.unreadable:
            continue
        for fact_id in (i.strip() for i in (header.get("facts") or "").split(",")):
            if fact_id:
                shown[lang].fact(fact_id, display)
        if header.get("petition"):
            shown[lang].petition(header.get("petition").strip(), display)
        for found in codes.get(display, []):
            if not found.near_miss:
                getattr(shown[lang], found.kind)(found.id, display)
    for lang in face_languages(campaign.settings, campaign.options):
        face = face_prefix(campaign.settings, campaign.options, lang)
        for fact in campaign.facts.values():
            if fact.featured:
                shown[lang].fact(fact.id, face)
        for petition in campaign.petitions.values():
            shown[lang].petition(petition.id, face)
            text = petition.translations.get(lang)
            for found in codes.get(text.source_path if text else petition.source_path, []):
                if not found.near_miss:
                    getattr(shown[lang], found.kind)(found.id, text.source_path if text else face)
    # A comparison names the other fact: its short name and unit are shown too.
    for items in shown.values():
        for fact_id, where in list(items.facts.items()):
            fact = campaign.facts.get(fact_id)
            if fact is not None and fact.compare_to in campaign.facts:
                items.fact(fact.compare_to, where)
    return shown


def check_words_in_languages(campaign, shown: dict[str, Shown], problems):
    """A fact or petition a page in another language shows, without its
    words in that language, is shown in the site's own: a warning, at the
    line to add them."""
    for lang, items in shown.items():
        name = english_name(lang)
        for fact_id, where in items.facts.items():
            fact = campaign.facts.get(fact_id)
            if fact is None:
                continue
            wording = fact.wording(lang)
            wanted = (
                ["label"] + (["unit"] if fact.unit and not fact.is_percent else []) + (["short"] if fact.short else [])
            )
            missing = [key for key in wanted if key not in wording]
            if missing:
                named = [{"short": "short name"}.get(key, key) for key in missing]
                problems.warning(
                    campaign.facts.path,
                    fact.line,
                    f"fact `{fact_id}` is shown on {name} pages ({where}) without a {name} {_and(named)}",
                    f"add under it, indented: `{lang}:` with {_and([f'`{key}:`' for key in missing])} below it "
                    '(docs/writing.md, "Facts in other languages")',
                )
        for petition_id, where in items.petitions.items():
            petition = campaign.petitions.get(petition_id)
            if petition is None or petition.lang == lang:
                continue
            text = petition.translations.get(lang)
            if text is None and (petition_id, lang) in getattr(campaign.petitions, "broken_translations", ()):
                continue
            if text is None:
                problems.warning(
                    petition.source_path,
                    1,
                    f"petition `{petition_id}` is shown on {name} pages ({where}) in {english_name(petition.lang)}",
                    f"add {_beside(petition.source_path, petition_id, lang)} with `Lang: {lang}`, `Translation: true` "
                    f'and its Title, Summary and text in {name} (docs/writing.md, "Petitions in other languages")',
                )
                continue
            for key, own in (("Summary", petition.summary), ("Outcome", petition.outcome)):
                if own and not getattr(text, key.lower()):
                    problems.warning(
                        text.source_path,
                        1,
                        f"this translation has no {key}, so {name} pages show the petition's own",
                        f"add `{key}:` in {name}",
                    )
            if not text.body_markdown.strip():
                problems.warning(
                    text.source_path,
                    1,
                    f"this translation has no text, so {name} pages show the demand in {english_name(petition.lang)}",
                    f"write the demand in {name} below the header",
                )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _beside(source_path: str, petition_id: str, lang: str) -> str:
    folder = source_path.rpartition("/")[0]
    return f"{folder}/{petition_id}.{lang}.md" if folder else f"{petition_id}.{lang}.md"
