"""Jinja filters the theme uses to place facts and petitions outside articles.

They render through the same code as the Markdown syntax, so a callout on
the home page is the callout in a story.
"""

from __future__ import annotations

from markupsafe import Markup

from . import build, render


def fact_callout(fact_id: str, lang: str = "en") -> Markup:
    campaign = build.current
    fact = campaign.facts.get(fact_id) if campaign else None
    if fact is None:
        raise ValueError(f"unknown fact `{fact_id}` in a template or in HOME_FACTS")
    return Markup(render.to_html(render.fact_callout(fact, campaign.facts, lang)))


def petition_cta(petition, href: str, lang: str = "en") -> Markup:
    return Markup(render.to_html(render.petition_block(petition, href, lang)))


def starting_with(value, prefix: str) -> bool:
    return str(value).startswith(prefix)


FILTERS = {"fact_callout": fact_callout, "petition_cta": petition_cta}
TESTS = {"startingwith": starting_with}


def install_filters(settings: dict):
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), **FILTERS}
    settings["JINJA_TESTS"] = {**settings.get("JINJA_TESTS", {}), **TESTS}
