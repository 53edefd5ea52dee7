"""The plugin's one settings dict, `CAMPAIGN`, and its defaults.

A site sets only what it changes: `CAMPAIGN = {"feed_domain": "example.org"}`
keeps every other default.
"""

from __future__ import annotations

import copy
import difflib
import re

from .i18n import N_

DEFAULTS = {
    # Inside the content folder, so `pelican OTHER_CONTENT` reads its own.
    "facts_file": "facts.yml",
    "petitions_dir": "petitions",
    # Content types come from the first folder of a file's path: the folder,
    # its name in the navigation and listings, and the word `invoke new` takes.
    # ARTICLE_PATHS and PATH_METADATA are derived from this (derive_content_settings).
    # Names are messages of the catalogs (N_), translated where they are printed.
    # `home` names the home-page section a type's newest posts appear in (the
    # last section when unset; False: not on the home page); `more` is the
    # link to its listing there. `worker_stories: True`: first-person worker
    # testimonies, so the Role, Quote, Consent, anonymity and Storyteller
    # rules, the testimony byline, related stories and re-identification
    # warnings apply (is_worker_stories). The keys an entry may have: TYPE_KEYS.
    "types": {
        "testimonies": {
            "name": N_("Testimonies"),
            "singular": N_("Testimony"),
            "worker_stories": True,
            "home": "stories",
            "more": N_("All testimonies"),
        },
        "updates": {"name": N_("Updates"), "singular": N_("Update"), "more": N_("All updates")},
        "news": {"name": N_("News"), "singular": N_("News"), "more": N_("All news")},
    },
    # The home page's sections of newest posts, in order.
    "home_sections": {
        "stories": {"title": N_("Workers' stories"), "count": 6},
        "latest": {"title": N_("Latest updates and news"), "count": 4},
    },
    # The catalogs of every word the site prints (i18n.py); None: THEME/translations.
    "translations": None,
    # The languages the site speaks besides DEFAULT_LANG (which is always
    # one): each has a catalog in `translations` and a face under /<lang>/,
    # its home page, listings, petitions and feeds in its words (faces.py).
    "languages": ["en", "es"],
    # The union's own words on another language's pages, by language:
    # {"es": {"UNION_TAGLINE": "...", "UNION_NAME": "...", "SITENAME": "..."}}.
    "translated_settings": {},
    # Petition pages.
    "petition_url": "petitions/{id}/",
    "petition_save_as": "petitions/{id}/index.html",
    "petitions_index_url": "petitions/",
    "petitions_index_save_as": "petitions/index.html",
    # Each type's own listing.
    "type_index_url": "{type}/",
    "type_index_save_as": "{type}/index.html",
    # Feeds. Any path set to None is not written. FEED_MAX_ITEMS (Pelican's
    # setting) caps the items in each.
    "feeds": {
        "all_atom": "feeds/all.atom.xml",
        "all_rss": "feeds/all.rss.xml",
        "all_json": "feeds/all.json",
        "type_atom": "feeds/{type}.atom.xml",
        "type_rss": "feeds/{type}.rss.xml",
        "region_atom": "feeds/regions/{slug}.atom.xml",
        "region_rss": "feeds/regions/{slug}.rss.xml",
        "petition_atom": "feeds/petitions/{id}.atom.xml",
        "petition_rss": "feeds/petitions/{id}.rss.xml",
    },
    # Entry ids are tag: URIs: `tag:DOMAIN,DATE:SOURCE-PATH`. Set the domain
    # once (one the union owns) and never change it.
    "feed_domain": "campaign.invalid",
    "feed_id_date": "2026",
    # How many "More stories like this" a story shows.
    "related_count": 3,
    # The private storyteller register (real names of anonymous storytellers),
    # read from beside the content folder unless a path is given; the
    # CAMPAIGN_REGISTER environment variable wins. See register.py.
    "register": None,
    # Without the register, `check` and publishing refuse; set False for a
    # local preview, which then goes on with a visible warning.
    "register_required": True,
    # The date a build treats as today (a date or "YYYY-MM-DD"); None: today.
    "today": None,
    # The fonts share cards are drawn with (cards.py): Debian's fonts-dejavu-core,
    # which .ci/run installs; any TrueType font with accented letters will do.
    "card_font": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "card_bold_font": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    # A search page (SEARCH_URL), and Pagefind's index of the stories, updates,
    # news and petitions written into the site at the end of each build
    # (search.py). False: neither, and the site ships no script at all.
    "search": True,
    # A share card drawn for every story and petition (cards.py), named by its
    # page's og:image. False: none drawn or published, and a shared link shows
    # the story's photo, else the logo; the card fonts are then not needed.
    "share_cards": True,
}


# What a CAMPAIGN["types"] entry may hold: `name` (navigation and listings)
# and `singular` (`invoke new`) are required; `worker_stories` marks the types
# the storyteller rules apply to; `home` and `more` place the type on the home
# page (home_sections).
TYPE_KEYS = ("name", "singular", "worker_stories", "home", "more")
REQUIRED_TYPE_KEYS = ("name", "singular")


def story_types(options: dict) -> list[str]:
    """The content types that hold first-person worker testimonies
    (`worker_stories: True`), in the order the settings list them."""
    return [type_id for type_id in options["types"] if is_worker_stories(options, type_id)]


def is_worker_stories(options: dict, type_id: str | None) -> bool:
    """Whether the storyteller rules apply to this type's files; never to a
    file outside every type (a page), nor to an entry that is not a dict
    (`type_problems` reports that)."""
    info = options["types"].get(type_id) if type_id is not None else None
    return isinstance(info, dict) and bool(info.get("worker_stories"))


def _unknown_key(problems, at, entry, key, known):
    close = difflib.get_close_matches(str(key), known, n=1)
    meant = f'did you mean "{close[0]}"? ' if close else ""
    problems.error(*at, f'{entry} has an unknown key "{key}"', f"{meant}known keys are {', '.join(known)}")


def _nowhere(*_keys):
    return ("pelicanconf.py", 1)


def settings_problems(settings: dict, options: dict, problems, where=_nowhere):
    """Each mistake in CAMPAIGN: a key no part of the plugin reads (a typo
    would silently keep the default), and the mistakes `type_problems` and
    `home_problems` find. `where(*keys)` is the (file, line) that wrote
    CAMPAIGN[keys...] (settings_source.SettingsSource)."""
    for key in settings.get("CAMPAIGN") or {}:
        if key not in DEFAULTS:
            _unknown_key(problems, where(key), "CAMPAIGN", key, list(DEFAULTS))
    for key in options.get("feeds") or {}:
        if key not in DEFAULTS["feeds"]:
            _unknown_key(problems, where("feeds", key), 'CAMPAIGN["feeds"]', key, list(DEFAULTS["feeds"]))
    type_problems(options, problems, where)
    home_problems(options, problems, where)
    if not isinstance(options.get("search"), bool):
        problems.error(
            *where("search"),
            f'CAMPAIGN["search"] is `{options.get("search")!r}`',
            "write True for a search page and its index, or False for neither",
        )
    if not isinstance(options.get("share_cards"), bool):
        problems.error(
            *where("share_cards"),
            f'CAMPAIGN["share_cards"] is `{options.get("share_cards")!r}`',
            "write True for a share card on every story and petition, or False for none",
        )
    language_problems(settings, options, problems, where)


def type_problems(options: dict, problems, where=_nowhere):
    """Each mistake in CAMPAIGN["types"]: an entry that is not a dict, a
    required key missing, a key no part of the site reads (a typo in
    `worker_stories` would silently drop every storyteller rule)."""
    for type_id, info in options["types"].items():
        entry = f'CAMPAIGN["types"]["{type_id}"]'
        if not isinstance(info, dict):
            problems.error(
                *where("types", type_id),
                f"{entry} is not a dict",
                f'write it as {{"name": "...", "singular": "..."}}; known keys are {", ".join(TYPE_KEYS)}',
            )
            continue
        for key in info:
            if key not in TYPE_KEYS:
                _unknown_key(problems, where("types", type_id, key), entry, key, TYPE_KEYS)
        for key in REQUIRED_TYPE_KEYS:
            if not info.get(key):
                problems.error(
                    *where("types", type_id, key),
                    f'{entry} has no "{key}"',
                    "each type needs a name (for navigation and listings) and a singular (for `invoke new`)",
                )


HOME_SECTION_KEYS = ("title", "count")


def home_problems(options: dict, problems, where=_nowhere):
    """A home section without a title or with a count that is not a number,
    and a type whose `home` names no section (its posts would never show)."""
    sections = options.get("home_sections") or {}
    for section_id, section in sections.items():
        entry = f'CAMPAIGN["home_sections"]["{section_id}"]'
        if not isinstance(section, dict) or not section.get("title"):
            problems.error(
                *where("home_sections", section_id), f"{entry} has no title", 'write it as {"title": "...", "count": 4}'
            )
            continue
        for key in section:
            if key not in HOME_SECTION_KEYS:
                _unknown_key(problems, where("home_sections", section_id, key), entry, key, HOME_SECTION_KEYS)
        count = section.get("count", 4)
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            problems.error(
                *where("home_sections", section_id, "count"),
                f"{entry} has count `{count}`",
                "write how many posts it shows, e.g. 4",
            )
    for type_id, info in options["types"].items():
        home = info.get("home") if isinstance(info, dict) else None
        if home not in (None, False) and home not in sections:
            known = ", ".join(f'"{s}"' for s in sections) or "none"
            problems.error(
                *where("types", type_id, "home"),
                f'CAMPAIGN["types"]["{type_id}"] has home "{home}", which is not a home section',
                f"use one of {known}, or False to keep its posts off the home page",
            )


def derive_content_settings(settings: dict, options: dict):
    """Pelican's own settings for the content types, from CAMPAIGN["types"]:
    each type's folder is read as articles, and the folder names the type.
    Derived when a build starts, so a type added by a site (or `-e`) counts."""
    types = list(options["types"])
    settings["ARTICLE_PATHS"] = types
    settings["PATH_METADATA"] = "(?P<type>" + "|".join(re.escape(t) for t in types) + ")/.*"
    if options.get("search") is False and "search" in (settings.get("DIRECT_TEMPLATES") or ()):
        settings["DIRECT_TEMPLATES"] = [name for name in settings["DIRECT_TEMPLATES"] if name != "search"]


def has_search(settings: dict, options: dict) -> bool:
    """Whether this build writes the search page, and so indexes the site."""
    return options.get("search") is True and "search" in (settings.get("DIRECT_TEMPLATES") or ())


def has_share_cards(options: dict) -> bool:
    """Whether this build draws share cards (and needs their fonts)."""
    return options.get("share_cards") is True


TRANSLATED_SETTINGS = ("SITENAME", "UNION_NAME", "UNION_TAGLINE")


def language_problems(settings: dict, options: dict, problems, where=_nowhere):
    """`languages` must be a list of language codes, and `translated_settings`
    say, for a language the site speaks, only the settings a page shows."""
    languages = options.get("languages")
    if not isinstance(languages, list | tuple) or not all(isinstance(lang, str) and lang for lang in languages):
        problems.error(
            *where("languages"),
            f'CAMPAIGN["languages"] is `{languages!r}`',
            'write the languages the site speaks as a list of codes, e.g. ["en", "es"]',
        )
        return
    translated = options.get("translated_settings")
    if not isinstance(translated, dict):
        problems.error(
            *where("translated_settings"),
            'CAMPAIGN["translated_settings"] is not a dict',
            'write {"es": {"UNION_TAGLINE": "..."}}',
        )
        return
    spoken = [str(lang).split("_")[0].lower() for lang in languages]
    for lang, values in translated.items():
        entry = f'CAMPAIGN["translated_settings"]["{lang}"]'
        if lang not in spoken:
            problems.warning(
                *where("translated_settings", lang),
                f"{entry} is for a language the site does not speak, so no page shows it",
                f'add "{lang}" to CAMPAIGN["languages"], or use one of {", ".join(spoken)}',
            )
        elif not isinstance(values, dict):
            problems.error(
                *where("translated_settings", lang), f"{entry} is not a dict", 'write {"UNION_TAGLINE": "..."}'
            )
        else:
            for key in values:
                if key not in TRANSLATED_SETTINGS:
                    _unknown_key(problems, where("translated_settings", lang, key), entry, key, TRANSLATED_SETTINGS)


def canonical_siteurl(settings: dict) -> str:
    """The site's own address, for share cards and feeds: SITEURL when it is
    absolute (publishing, or `-e SITEURL=...`), so every link follows a move;
    CANONICAL_SITEURL only for a preview, whose SITEURL is relative. Derived
    when a build starts: settings files are read before `-e` overrides."""
    siteurl = str(settings.get("SITEURL") or "")
    if siteurl.startswith(("http://", "https://")):
        return siteurl.rstrip("/")
    return str(settings.get("CANONICAL_SITEURL") or "").rstrip("/")


def campaign_settings(settings: dict) -> dict:
    """CAMPAIGN over the defaults. A dict is merged into the default dict of
    the same key, so a site's `types` adds to the three default types (an
    entry of the same name replaces that default whole); a type set to None
    is removed, so a union renaming `testimonies` writes
    `{"testimonies": None, "stories": {..., "worker_stories": True}}`."""
    merged = copy.deepcopy(DEFAULTS)
    user = settings.get("CAMPAIGN") or {}
    for key, value in user.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    if isinstance(merged.get("types"), dict):
        merged["types"] = {type_id: info for type_id, info in merged["types"].items() if info is not None}
    return merged
