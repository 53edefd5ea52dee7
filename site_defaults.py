"""Pelican settings the campaign theme and plugin are built around: where
content lives, the addresses of every page, feeds (written by the plugin),
drafts, plugins, Markdown and Jinja, the content cache.

A union does not edit this file: its own choices (name, colours, language,
the CAMPAIGN dict) are in pelicanconf.py, which imports everything here
first. The test suite builds with the same defaults and settings of its own
(tests/settings/), so a union's choices never turn the tests red.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# Import our plugin here so a broken plugin stops the build: Pelican only logs
# a plugin that fails to import and goes on without it.
sys.path.insert(0, os.path.join(HERE, "plugins"))
import campaign as _campaign_plugin  # noqa: E402,F401
from campaign.template_cache import TemplateBytecodeCache  # noqa: E402

# Overridden by pelicanconf.py where a union chooses otherwise.
SITEURL = ""
RELATIVE_URLS = True
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
DEFAULT_CATEGORY = "Campaign-wide"
CANONICAL_SITEURL = ""  # share cards need absolute URLs: pelicanconf.py sets the site's

PATH = os.path.join(HERE, "content")  # `pelican OTHER_CONTENT` reads another folder
THEME = os.path.join(HERE, "theme")
# The theme's stylesheets are published by the plugin without their comments
# (assets.write_theme_css); Pelican copies nothing of the theme as it is.
THEME_STATIC_PATHS = []

# --- Content types come from folders ---------------------------------------
# testimonies/, updates/ and news/ by default; a site adds a type in
# CAMPAIGN["types"] (pelicanconf.py). The plugin derives ARTICLE_PATHS and PATH_METADATA from them: the
# first folder names the type, so Category stays free for the region.
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
USE_FOLDER_AS_CATEGORY = False

ARTICLE_URL = "{type}/{slug}/"
ARTICLE_SAVE_AS = "{type}/{slug}/index.html"
ARTICLE_LANG_URL = "{type}/{slug}-{lang}/"
ARTICLE_LANG_SAVE_AS = "{type}/{slug}-{lang}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{slug}-{lang}/"
PAGE_LANG_SAVE_AS = "{slug}-{lang}/index.html"
# A draft is never written: a story without consent must not be online, even unlisted.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

CATEGORY_URL = "regions/{slug}/"
CATEGORY_SAVE_AS = "regions/{slug}/index.html"
CATEGORIES_URL = "regions/"
CATEGORIES_SAVE_AS = "regions/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
INDEX_SAVE_AS = "index.html"
DIRECT_TEMPLATES = ["index", "archives", "categories", "tags", "authors", "404", "subscribe", "search"]
SUBSCRIBE_URL = "subscribe/"
SUBSCRIBE_SAVE_AS = "subscribe/index.html"
# The one page that runs a script (Pagefind's search box); without it, it
# lists the listings. CAMPAIGN["search"] = False drops it and the index.
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
DEFAULT_PAGINATION = False

# --- Feeds: written by the campaign plugin, not by Pelican -----------------
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 50  # per feed, newest first
WITH_FUTURE_DATES = False  # a story dated in the future waits, off every page and feed

# --- Plugins ---------------------------------------------------------------
# Setting PLUGINS turns off Pelican's plugin discovery: every plugin is listed.
PLUGIN_PATHS = [os.path.join(HERE, "plugins")]
PLUGINS = ["campaign", "pelican.plugins.sitemap"]
SITEMAP = {
    "format": "xml",
    # Each language's face (es/...) like the root.
    "exclude": ["^404", "^([a-z]{2,3}/)?tags/", "^([a-z]{2,3}/)?authors/$"],
}

# Merged into by the plugin (it adds its own extension), so these stay.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

SUMMARY_MAX_LENGTH = 40
# Pelican's content cache: a rebuild re-reads only the files that changed.
# The campaign plugin starts a fresh cache whenever facts or petitions change.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = os.path.join(HERE, ".cache")
GZIP_CACHE = False  # faster to load; the cache stays on this machine

# --- Theme -----------------------------------------------------------------
# Escape everything by default: organizer-written values land in HTML.
os.makedirs(os.path.join(HERE, ".cache", "jinja"), exist_ok=True)
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    # Compiled templates are kept between builds, next to the content cache,
    # and recompiled when the plugin's filters change (template_cache.py).
    "bytecode_cache": TemplateBytecodeCache(os.path.join(HERE, ".cache", "jinja")),
}
