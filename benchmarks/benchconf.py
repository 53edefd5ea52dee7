"""The benchmark's settings: the project's defaults (site_defaults.py) and a
union of its own, so every run builds the same site whatever a union has set
in pelicanconf.py (its types, language or logo)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from site_defaults import *  # noqa: E402,F403

SITENAME = "Benchmark Local"
UNION_NAME = "Benchmark Workers United"
UNION_TAGLINE = "Manageable caseloads, measured."
UNION_LOGO = None
BRAND_COLOUR = "#9b1d20"
CANONICAL_SITEURL = "https://bench.example.org"
TIMEZONE = "America/Los_Angeles"
DEFAULT_LANG = "en"
CAMPAIGN = {"feed_domain": "bench.example.org", "register_required": False}
