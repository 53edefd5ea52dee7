"""The plugin's one settings dict, `CAMPAIGN`, and its defaults.

A site sets only what it changes: `CAMPAIGN = {"feed_domain": "example.org"}`
keeps every other default.
"""

from __future__ import annotations

import copy
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
    # link to its listing there.
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
}


def derive_content_settings(settings: dict, options: dict):
    """Pelican's own settings for the content types, from CAMPAIGN["types"]:
    each type's folder is read as articles, and the folder names the type.
    Derived when a build starts, so a type added by a site (or `-e`) counts."""
    types = list(options["types"])
    settings["ARTICLE_PATHS"] = types
    settings["PATH_METADATA"] = "(?P<type>" + "|".join(re.escape(t) for t in types) + ")/.*"


def campaign_settings(settings: dict) -> dict:
    merged = copy.deepcopy(DEFAULTS)
    user = settings.get("CAMPAIGN") or {}
    for key, value in user.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def home_sections(options: dict, articles: list) -> list[dict]:
    """The home page's sections, each with its newest posts and its types,
    from `home_sections` and each type's `home`."""
    sections = options.get("home_sections") or {}
    last = list(sections)[-1] if sections else None
    types_of = {section_id: [] for section_id in sections}
    for type_id, info in options["types"].items():
        section_id = info.get("home", last)
        if section_id in types_of:
            types_of[section_id].append(type_id)
    result = []
    for section_id, section in sections.items():
        type_ids = types_of[section_id]
        if not type_ids:
            continue
        items = [a for a in articles if getattr(a, "type", None) in type_ids][: int(section.get("count", 4))]
        result.append({"id": section_id, "title": section["title"], "types": type_ids, "items": items})
    return result


def navigation(options: dict, settings: dict) -> list[dict]:
    """The main menu: each content type's listing, then petitions and the
    subscribe page, at the addresses the settings give them."""
    items = [
        {"url": options["type_index_url"].format(type=type_id), "title": info["name"], "section": type_id}
        for type_id, info in options["types"].items()
    ]
    items.append({"url": options["petitions_index_url"], "title": N_("Petitions"), "section": "petitions"})
    if settings.get("SUBSCRIBE_URL"):
        items.append({"url": settings["SUBSCRIBE_URL"], "title": N_("Subscribe"), "section": "subscribe"})
    return items


def footer_links(settings: dict) -> list[dict]:
    """The footer's links to every story, region and topic, where the site writes those pages."""
    links = (("ARCHIVES", N_("All stories")), ("CATEGORIES", N_("Regions")), ("TAGS", N_("Topics")))
    return [
        {"url": settings[f"{key}_URL"], "title": title}
        for key, title in links
        if settings.get(f"{key}_SAVE_AS") and settings.get(f"{key}_URL")
    ]
