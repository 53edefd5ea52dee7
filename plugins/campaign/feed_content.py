"""A story's content as feed readers get it: what its page shows, written
so it reads fully with no stylesheet, no SVG and no script.

Readers sanitize what they are sent, drop what they do not know and show the
rest without our CSS; a terminal reader shows plain text. So the bar chart
goes (its sentence already says what it draws), each fact callout becomes a
sentence, our own elements become the plain ones every reader keeps, the
attributes only our stylesheet reads go, and every link is made absolute.
"""

from __future__ import annotations

from lxml import html as lxml_html

from . import render
from .facts import FactsRegistry
from .i18n import Words

# Elements of our callouts that readers' sanitizers drop, and what keeps their text.
PLAIN = {"section": "div", "figure": "div", "figcaption": "div", "data": "span"}
DROPPED = ("svg",)
# For our stylesheet and the page's own landmarks only.
PAGE_ATTRIBUTES = ("class", "style", "role", "aria-labelledby", render.FACT_ATTRIBUTE)


def _replace(element, replacements: list):
    """Put `replacements` where `element` was, keeping the text after it."""
    parent = element.getparent()
    tail = element.tail
    position = parent.index(element)
    parent.remove(element)
    for offset, new in enumerate(replacements):
        parent.insert(position + offset, new)
    if tail:
        last = replacements[-1] if replacements else None
        if last is not None:
            last.tail = (last.tail or "") + tail
        elif position:
            parent[position - 1].tail = (parent[position - 1].tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def feed_html(fragment: str, base_url: str, facts: FactsRegistry, words: Words) -> str:
    """`fragment` (a story's HTML, as its page shows it) for feed readers;
    `words` in the story's own language, `base_url` the story's address."""
    if not fragment.strip():
        return fragment
    wrapper = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for callout in wrapper.xpath(f".//figure[@{render.FACT_ATTRIBUTE}]"):
        fact = facts.get(callout.get(render.FACT_ATTRIBUTE))
        if fact is not None:
            sentences = render.fact_sentence(fact, facts, words)
            _replace(callout, [lxml_html.fragment_fromstring(render.to_html(p)) for p in sentences])
    for dropped in wrapper.xpath(" | ".join(f".//{tag}" for tag in DROPPED)):
        _replace(dropped, [])
    for element in wrapper.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "data":
            element.attrib.pop("value", None)  # a span has none
        element.tag = PLAIN.get(element.tag, element.tag)
        for name in PAGE_ATTRIBUTES:
            element.attrib.pop(name, None)
    # Feed readers resolve nothing against the page a story came from.
    wrapper.make_links_absolute(base_url, resolve_base_href=False)
    return "".join([wrapper.text or ""] + [lxml_html.tostring(child, encoding="unicode") for child in wrapper])
