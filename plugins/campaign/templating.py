"""Jinja filters the theme uses to place facts and petitions outside articles,
and to write numbers, dates, addresses and language marks for the page.

They render through the same code as the Markdown syntax, so a callout on
the home page is the callout in a story. Each speaks the language of the
page being written (`page_lang`, which faces.FaceWriter sets) unless given
`lang=`, the language of a story shown on a page in another.
"""

from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup

from . import render
from .dates import long_date
from .i18n import base_language, language_name, page_language

NOTHING = Markup("")


def _page_lang(campaign, context) -> str:
    return page_language(context) or campaign.default_lang


def _words(campaign, context, lang=None):
    return campaign.words(lang or _page_lang(campaign, context))


def _href(context, url: str) -> str:
    return f"{context.get('SITEURL', '')}/{url}"


def fact_callout(campaign, context, fact_id: str, lang: str | None = None) -> Markup:
    fact = campaign.facts.get(fact_id)
    if fact is None:
        raise ValueError(f"unknown fact `{fact_id}` in a template")
    return Markup(render.to_html(render.fact_callout(fact, campaign.facts, _words(campaign, context, lang))))


def petition_cta(campaign, context, petition, lang: str | None = None) -> Markup:
    """The call to action on the home page and the list of petitions, with its progress bar."""
    words = _words(campaign, context, lang)
    link = _href(context, petition.in_language(words.lang).page_url)
    return Markup(render.to_html(render.petition_block(petition, link, words, meter=True)))


def petition_panel(campaign, context, petition, lang: str | None = None) -> Markup:
    return Markup(render.to_html(render.petition_panel(petition, _words(campaign, context, lang))))


def petition_compact(campaign, context, petition, lang: str | None = None) -> Markup:
    """Near the top of a story, in the story's own language (`lang`), as its closing call to action."""
    words = _words(campaign, context, lang)
    link = _href(context, petition.in_language(words.lang).page_url)
    return Markup(render.to_html(render.petition_compact(petition, link, words)))


def petition_status(campaign, context, petition, lang: str | None = None) -> str:
    return render.status_word(petition.status, _words(campaign, context, lang))


def translated(campaign, context, item, lang: str | None = None):
    """A petition as a page in `lang` (the page's) shows it: its translation's words and page."""
    return item.in_language(_words(campaign, context, lang).lang)


def page_date(campaign, context, value, lang: str | None = None) -> str:
    """`2 October 2026`, `2 de octubre de 2026`: CLDR's month names, the catalog's pattern."""
    return long_date(value, _words(campaign, context, lang))


def number(campaign, context, value, lang: str | None = None) -> str:
    return _words(campaign, context, lang).numbers(value)


def face_url(campaign, context, url) -> str:
    """A listing's address on the page's face: `es/regions/x/` on a Spanish page."""
    face = campaign.faces.get(_page_lang(campaign, context))
    return face.url(str(url)) if face is not None else str(url)


def lang_attrs(campaign, context, item, *names: str) -> Markup:
    """` lang="es"` (or the attributes named) on a link or block whose text
    is in another language than the page's; nothing when it is the page's.
    `item` is a story or petition, or a language (`DEFAULT_LANG|lang_attrs`
    for the organizers' own words, tags, on a page in another language)."""
    lang = item if isinstance(item, str) else getattr(item, "lang", None)
    if not lang or base_language(lang) == _page_lang(campaign, context):
        return NOTHING
    return NOTHING.join(Markup(' {}="{}"').format(name, lang) for name in names or ("lang",))


def in_own_language(campaign, context, text, lang: str | None = None) -> Markup:
    """`text` (an organizer's word: a tag, a region) in a span marked with
    `lang`, the site's language by default, on a page in another."""
    attrs = lang_attrs(campaign, context, lang or campaign.default_lang)
    return Markup("<span{}>{}</span>").format(attrs, text) if attrs else Markup.escape(text)


def in_language_note(campaign, context, item) -> str:
    """ "In English" for a story in another language than the page's; "" otherwise."""
    lang, page = getattr(item, "lang", None), _page_lang(campaign, context)
    if not lang or base_language(lang) == page:
        return ""
    return _words(campaign, context).gettext("In {language}", language=language_name(lang, page))


def share_card(campaign, context, url: str):
    """The share card drawn for the page at `url` (cards.ShareCard), or None."""
    return campaign.cards.get(url)


FILTERS = (
    fact_callout,
    petition_cta,
    petition_panel,
    petition_compact,
    petition_status,
    translated,
    page_date,
    number,
    face_url,
    lang_attrs,
    in_own_language,
    in_language_note,
    share_card,
)


class BoundFilter:
    """One of the FILTERS, bound to this build's Campaign and given the page's
    context. Pelican pickles the settings into its content cache: a cached
    copy carries no Campaign (the next build binds its own)."""

    jinja_pass_arg = pass_context(lambda: None).jinja_pass_arg

    def __init__(self, function, campaign):
        self.function, self.campaign = function, campaign

    def __call__(self, context, *args, **kwargs):
        return self.function(self.campaign, context, *args, **kwargs)

    def __reduce__(self):
        return (BoundFilter, (self.function, None))


def install_filters(settings: dict, campaign):
    """The theme's filters, bound to this build's Campaign."""
    filters = {function.__name__: BoundFilter(function, campaign) for function in FILTERS}
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), **filters}
    settings["JINJA_TESTS"] = {**settings.get("JINJA_TESTS", {}), **TESTS}


def starting_with(value, prefix: str) -> bool:
    return str(value).startswith(prefix)


TESTS = {"startingwith": starting_with}
