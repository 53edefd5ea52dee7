"""What the theme is given besides Pelican's own context: the content types,
the menu, the footer links, the home page's sections, the names of feed
formats and the favicon's links, derived from the settings and put in the
site's words once per build (a page asks for them a thousand times; the
catalogs are asked once)."""

from __future__ import annotations

from dataclasses import dataclass

from .assets import favicon_links
from .i18n import N_, Words
from .settings import has_search

FEED_FORMATS = {
    "application/atom+xml": N_("Atom"),
    "application/rss+xml": N_("RSS"),
    "application/feed+json": N_("JSON Feed"),
}


@dataclass(frozen=True)
class ContentType:
    id: str
    name: str  # "Testimonies", in the site's words
    singular: str  # "Testimony"
    url: str  # its listing
    worker_stories: bool
    more: str  # the home page's link to its listing: "All testimonies"


def content_types(options: dict, words: Words, prefix: str = "") -> dict[str, ContentType]:
    """`prefix`: where the face of `words`' language lives ("es/"), so each
    type's listing is that face's."""
    types = {}
    for type_id, info in options["types"].items():
        name, singular, more = (info.get(key) for key in ("name", "singular", "more"))
        name = words.gettext(name)
        more = words.gettext(more) if more else words.gettext("All {kind}", kind=name)
        types[type_id] = ContentType(
            type_id,
            name,
            words.gettext(singular),
            prefix + options["type_index_url"].format(type=type_id),
            bool(info.get("worker_stories")),
            more,
        )
    return types


def navigation(
    options: dict, settings: dict, types: dict[str, ContentType], words: Words, prefix: str = ""
) -> list[dict]:
    """The main menu: each content type's listing, then petitions, the
    subscribe page and the search page, at the addresses the settings give
    them, on the face at `prefix`."""
    items = [{"url": t.url, "title": t.name, "section": t.id} for t in types.values()]
    items.append(
        {"url": prefix + options["petitions_index_url"], "title": words.gettext("Petitions"), "section": "petitions"}
    )
    if settings.get("SUBSCRIBE_URL"):
        items.append(
            {"url": prefix + settings["SUBSCRIBE_URL"], "title": words.gettext("Subscribe"), "section": "subscribe"}
        )
    if has_search(settings, options) and settings.get("SEARCH_URL"):
        items.append({"url": prefix + settings["SEARCH_URL"], "title": words.gettext("Search"), "section": "search"})
    return items


def footer_links(settings: dict, words: Words, prefix: str = "") -> list[dict]:
    """Links to every story, region and topic, where the site writes those pages."""
    links = (("ARCHIVES", N_("All stories")), ("CATEGORIES", N_("Regions")), ("TAGS", N_("Topics")))
    return [
        {"url": prefix + settings[f"{key}_URL"], "title": words.gettext(title)}
        for key, title in links
        if settings.get(f"{key}_SAVE_AS") and settings.get(f"{key}_URL")
    ]


def home_sections(options: dict, types: dict[str, ContentType], articles: list, words: Words) -> list[dict]:
    """The home page's sections, each with its newest posts and the types
    whose posts it shows, from `home_sections` and each type's `home` (the
    last section when unset; False: none)."""
    sections = options.get("home_sections") or {}
    last = list(sections)[-1] if sections else None
    types_of = {section_id: [] for section_id in sections}
    for type_id, info in options["types"].items():
        section_id = info.get("home", last)
        if section_id is not False and section_id in types_of:
            types_of[section_id].append(types[type_id])
    result = []
    for section_id, section in sections.items():
        shown = types_of[section_id]
        if not shown:
            continue
        ids = {t.id for t in shown}
        items = [a for a in articles if getattr(a, "type", None) in ids][: int(section.get("count", 4))]
        title = section["title"]
        result.append({"id": section_id, "title": words.gettext(title), "types": shown, "items": items})
    return result


def feed_formats(words: Words) -> dict[str, str]:
    return {mime: words.gettext(name) for mime, name in FEED_FORMATS.items()}


def theme_context(options: dict, settings: dict, articles: list, words: Words, prefix: str = "") -> dict:
    """The theme's values for the face of `words`' language at `prefix`,
    whose stories, in the order it shows them, are `articles`."""
    types = content_types(options, words, prefix)
    return {
        "content_types": types,
        "navigation": navigation(options, settings, types, words, prefix),
        "footer_links": footer_links(settings, words, prefix),
        "home_sections": home_sections(options, types, articles, words),
        "feed_formats": feed_formats(words),
        "favicons": favicon_links(settings.get("UNION_LOGO")),
    }
