"""Development settings: the union's own choices, over the project's
defaults (site_defaults.py: addresses, feeds, plugins, Markdown, Jinja),
which a union does not need to edit. Build the campaign site to preview it
locally; `publishconf.py` imports everything here and changes only what
publishing needs (an absolute SITEURL).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from site_defaults import *  # noqa: E402,F403

# --- The union -------------------------------------------------------------
SITENAME = "Local 2210"
UNION_NAME = "Human Services Workers United, Local 2210"
UNION_TAGLINE = "Manageable caseloads, for the workers and for the people we serve."
UNION_LOGO = "images/logo.svg"  # inside content/, or None for the name alone
BRAND_COLOUR = "#9b1d20"  # used for buttons and accents; text contrast is checked by the tests
CONTACT_EMAIL = "organize@local2210.example.org"
CANONICAL_SITEURL = "https://local2210.example.org"  # the site's address, for previews' share cards

# --- Language and dates ----------------------------------------------------
# The site's words come from theme/translations/<DEFAULT_LANG>/ (README,
# "Your own campaign"); a story in another language says so with `Lang:`,
# and each other language in CAMPAIGN["languages"] has its own pages.
TIMEZONE = "America/Los_Angeles"
DEFAULT_LANG = "en"
# Dates are written in each page's language, "2 October 2026" or "2 de octubre
# de 2026": a pattern in each catalog (d MMMM y), CLDR's month names.
DEFAULT_CATEGORY = "Campaign-wide"  # the region of a story with no Category

# --- The campaign plugin (docs/architecture.md lists every key) ------------
CAMPAIGN = {
    # Entry ids in feeds are tag: URIs minted from this domain. Set it once
    # and never change it, so moving the site never re-announces every story.
    "feed_domain": "local2210.example.org",
    # The storyteller register: who told each anonymous story. The sample's is
    # made up and kept in Git; a union's own lives in private/ (the default,
    # ignored by Git) or wherever CAMPAIGN_REGISTER points. See docs/writing.md.
    "register": "examples/storytellers.yml",
    # A local preview goes on without the register, with a warning on every
    # page; `check` and publishing (publishconf.py) refuse without it.
    "register_required": False,
    # The languages the site speaks: DEFAULT_LANG at the root, Spanish under
    # /es/ (a third is its catalog and one more code here; docs/writing.md).
    "languages": ["en", "es"],
    "translated_settings": {
        "es": {"UNION_TAGLINE": "Cargas de trabajo manejables, por quienes trabajamos y por quienes atendemos."}
    },
}
