"""The plugin's one settings dict, `CAMPAIGN`, and its defaults.

A site sets only what it changes: `CAMPAIGN = {"feed_domain": "example.org"}`
keeps every other default.
"""

from __future__ import annotations

import copy
import re

DEFAULTS = {
    # Inside the content folder, so `pelican OTHER_CONTENT` reads its own.
    "facts_file": "facts.yml",
    "petitions_dir": "petitions",
    # Content types come from the first folder of a file's path: the folder,
    # its name in the navigation and listings, and the word `invoke new` takes.
    # ARTICLE_PATHS and PATH_METADATA are derived from this (derive_content_settings).
    "types": {
        "testimonies": {"name": "Testimonies", "singular": "Testimony"},
        "updates": {"name": "Updates", "singular": "Update"},
        "news": {"name": "News", "singular": "News"},
    },
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
