"""Jinja filters the theme uses to place facts and petitions outside articles.

They render through the same code as the Markdown syntax, so a callout on
the home page is the callout in a story.
"""

from __future__ import annotations

import functools

from markupsafe import Markup

from . import render


def fact_callout(campaign, fact_id: str, lang: str | None = None) -> Markup:
    fact = campaign.facts.get(fact_id)
    if fact is None:
        raise ValueError(f"unknown fact `{fact_id}` in a template")
    return Markup(render.to_html(render.fact_callout(fact, campaign.facts, campaign.words(lang))))


def petition_cta(campaign, petition, href: str, lang: str | None = None) -> Markup:
    """The call to action on the home page and the list of petitions, with its progress bar."""
    words = campaign.words(lang or petition.lang or None)
    return Markup(render.to_html(render.petition_block(petition, href, words, meter=True)))


def petition_panel(campaign, petition, lang: str | None = None) -> Markup:
    return Markup(render.to_html(render.petition_panel(petition, campaign.words(lang or petition.lang or None))))


def petition_compact(campaign, petition, href: str, lang: str | None = None) -> Markup:
    """The story's own language speaks around it, as in its closing call to action."""
    return Markup(render.to_html(render.petition_compact(petition, href, campaign.words(lang or None))))


def petition_status(campaign, petition, lang: str | None = None) -> str:
    return render.status_word(petition.status, campaign.words(lang or petition.lang or None))


NOTHING = Markup("")


def lang_attrs(default_lang: str, item, *names: str) -> Markup:
    """` lang="es"` (or the attributes named) on a link or block whose text is
    in another language than the site's; nothing when it is the site's."""
    lang = getattr(item, "lang", None)
    if not lang or lang == default_lang:
        return NOTHING
    return NOTHING.join(Markup(' {}="{}"').format(name, lang) for name in names or ("lang",))


def starting_with(value, prefix: str) -> bool:
    return str(value).startswith(prefix)


TESTS = {"startingwith": starting_with}


def install_filters(settings: dict, campaign):
    """The theme's filters, bound to this build's Campaign."""
    filters = {
        name: functools.partial(function, campaign)
        for name, function in (
            ("fact_callout", fact_callout),
            ("petition_cta", petition_cta),
            ("petition_panel", petition_panel),
            ("petition_compact", petition_compact),
            ("petition_status", petition_status),
        )
    }
    filters["lang_attrs"] = functools.partial(lang_attrs, settings.get("DEFAULT_LANG", "en"))
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), **filters}
    settings["JINJA_TESTS"] = {**settings.get("JINJA_TESTS", {}), **TESTS}
