"""The settings every test builds with: the project's defaults
(site_defaults.py) under a test union of its own. A union's choices in
pelicanconf.py (its name, language, content types, logo) are its own and are
covered by `make check`; the suite tests the theme and the plugin as shipped,
so those choices never turn it red. conftest.py points `invoke` and `make`
here too (CAMPAIGN_SETTINGS).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from site_defaults import *  # noqa: E402,F403

SITENAME = "Local 2210"
UNION_NAME = "Human Services Workers United, Local 2210"
UNION_TAGLINE = "Manageable caseloads, for the workers and for the people we serve."
UNION_LOGO = None  # the showcase campaign, which has one, sets it (conftest.py)
BRAND_COLOUR = "#9b1d20"
CONTACT_EMAIL = "organize@local2210.example.org"
CANONICAL_SITEURL = "https://local2210.example.org"
TIMEZONE = "America/Los_Angeles"
DEFAULT_LANG = "en"

CAMPAIGN = {
    "feed_domain": "local2210.example.org",
    "register_required": False,
    "translated_settings": {
        "es": {"UNION_TAGLINE": "Cargas de trabajo humanas, para quien trabaja y para quien atendemos."}
    },
}
