"""The allow-list every organizer-written HTML passes before it is published.

Markdown lets a writer paste raw HTML; a pasted `<script>`, an `onerror=` or
a `javascript:` link must never reach a reader. nh3 (ammonia) keeps only the
tags and attributes below, which cover Markdown's output and our own callout
markup, and only http(s) and mailto links.
"""

from __future__ import annotations

import nh3

TAGS = {
    # Markdown and its `extra` extension
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "em",
    "strong",
    "b",
    "i",
    "a",
    "img",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "abbr",
    "sup",
    "sub",
    "del",
    "ins",
    "s",
    "small",
    "mark",
    "q",
    "cite",
    "kbd",
    "div",
    "span",
    # our callouts and calls to action
    "figure",
    "figcaption",
    "data",
    "section",
    "svg",
    "title",
    "rect",
    "text",
}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "abbr": set(),
    "data": {"value"},
    "section": {"aria-labelledby"},
    "figure": {"data-fact"},
    "svg": {"role", "viewBox", "width", "height", "xmlns", "aria-hidden", "focusable"},
    "rect": {"x", "y", "width", "height"},
    "text": {"x", "y"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(html: str) -> str:
    if not html:
        return html
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,  # leave links as written; rel is ours to choose
        strip_comments=True,
    )
