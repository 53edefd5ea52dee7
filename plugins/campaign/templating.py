"""Jinja filters the theme uses to place facts and petitions outside articles.

They render through the same code as the Markdown syntax, so a callout on
the home page is the callout in a story.
"""

from __future__ import annotations

import functools

from markupsafe import Markup

from . import render


def fact_callout(campaign, fact_id: str, lang: str = "en") -> Markup:
    fact = campaign.facts.get(fact_id)
    if fact is None:
        raise ValueError(f"unknown fact `{fact_id}` in a template")
    return Markup(render.to_html(render.fact_callout(fact, campaign.facts, lang)))


def petition_cta(petition, href: str, lang: str = "en") -> Markup:
    return Markup(render.to_html(render.petition_block(petition, href, lang)))


def starting_with(value, prefix: str) -> bool:
    return str(value).startswith(prefix)


TESTS = {"startingwith": starting_with}


def install_filters(settings: dict, campaign):
    """The theme's filters, bound to this build's Campaign."""
    filters = {"fact_callout": functools.partial(fact_callout, campaign), "petition_cta": petition_cta}
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), **filters}
    settings["JINJA_TESTS"] = {**settings.get("JINJA_TESTS", {}), **TESTS}
