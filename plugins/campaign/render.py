"""HTML for fact callouts and petition calls to action.

Everything is built as ElementTree elements, never by pasting strings, so
every organizer-written value is escaped wherever it lands. Each block reads
fully as plain text once CSS and SVG are stripped, as feed readers do: the
chart repeats what the sentences already say.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.serializers import to_html_string

from .dates import long_date
from .facts import Fact, FactsRegistry, format_number
from .i18n import Words
from .petitions import Petition

CHART_WIDTH = 240
BAR_HEIGHT = 14


def _sub(parent, tag, text=None, **attrs):
    element = etree.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _value_markup(parent, fact: Fact, css_class: str):
    """`<data value="65">65</data> students` inside `parent`."""
    data = _sub(parent, "data", fact.display_value, value=str(fact.value), class_=css_class)
    if fact.unit:
        if fact.is_percent:
            data.tail = "%"
        else:
            data.tail = " "
            _sub(parent, "span", fact.unit, class_="fact-unit")
    return data


def fact_chart(fact: Fact, other: Fact, words: Words) -> etree.Element:
    """Two bars, this fact's and the one it is compared with."""
    largest = max(abs(fact.value), abs(other.value)) or 1
    height = BAR_HEIGHT * 2 + 12
    svg = etree.Element(
        "svg",
        {
            "class": "fact-chart",
            "role": "img",
            "viewBox": f"0 0 {CHART_WIDTH} {height}",
            "width": str(CHART_WIDTH),
            "height": str(height),
            "xmlns": "http://www.w3.org/2000/svg",
        },
    )
    _sub(
        svg,
        "title",
        words.gettext(
            "Bar chart: {value} compared with {other}", value=fact.with_unit, other=compared_with(other, words)
        ),
    )
    label_space = 100
    for row, (item, css) in enumerate(((fact, "fact-bar"), (other, "fact-bar fact-bar-other"))):
        y = row * (BAR_HEIGHT + 8) + 2
        width = max(2, round(abs(item.value) / largest * (CHART_WIDTH - label_space)))
        _sub(svg, "rect", x="0", y=str(y), width=str(width), height=str(BAR_HEIGHT), class_=css)
        _sub(svg, "text", item.with_unit, x=str(width + 6), y=str(y + BAR_HEIGHT - 3), class_="fact-bar-label")
    return svg


def compared_with(other: Fact, words: Words) -> str:
    """ "the cap of 45 students", or "45 students" when the fact has no short name."""
    if other.short:
        return words.gettext("{short} of {value}", short=other.short, value=other.with_unit)
    return other.with_unit


LEAD_CLASS = "fact-lead"  # the callout a story's printed flyer carries
FACT_ATTRIBUTE = "data-fact"  # the fact a callout shows, so the feeds can write it as a sentence
VALUE_MARK = "\x00"  # where a sentence's value goes, set in bold; no fact's text can hold it


def fact_callout(fact: Fact, registry: FactsRegistry, words: Words) -> etree.Element:
    figure = etree.Element("figure", {"class": "fact", FACT_ATTRIBUTE: fact.id})
    figure_value = _sub(figure, "p", class_="fact-figure")
    _value_markup(figure_value, fact, "fact-value")
    comparison = registry.comparison(fact)
    if comparison is not None:
        figure.append(fact_chart(fact, comparison.other, words))
    caption = _sub(figure, "figcaption")
    _sub(caption, "p", fact.label, class_="fact-label")
    if comparison is not None:
        _sub(caption, "p", comparison.sentence(words), class_="fact-compare")
    if fact.source or fact.as_of:
        _source_line(_sub(caption, "p", class_="fact-source"), fact, words)
    return figure


def _source_line(source: etree.Element, fact: Fact, words: Words) -> etree.Element:
    """ "Source: the survey, as of 1 September 2026" inside `source`."""
    source.text = words.gettext("Source:") + " "
    if fact.source and fact.source_url:
        link = _sub(source, "a", fact.source, href=fact.source_url)
        tail_target = link
    else:
        source.text += fact.source
        tail_target = None
    if fact.as_of:
        suffix = (", " if fact.source else "") + words.gettext(
            "as of {date}", date=long_date(fact.as_of, words, fact.as_of_precision)
        )
        if tail_target is not None:
            tail_target.tail = suffix
        else:
            source.text += suffix
    return source


def mark_lead(callout: etree.Element):
    callout.set("class", callout.get("class", "") + " " + LEAD_CLASS)


def fact_sentence(fact: Fact, registry: FactsRegistry, words: Words) -> list[etree.Element]:
    """The callout as feed readers show it, with no chart and no stylesheet:
    "**65 students**: students each coordinator carries, 20 more than the
    cap of 45 (44% over)." and its source on a line of its own."""
    sentence = etree.Element("p")
    comparison = registry.comparison(fact)
    if comparison is not None:
        text = words.gettext(
            "{value}: {label}, {comparison}.", value=VALUE_MARK, label=fact.label, comparison=comparison.sentence(words)
        )
    else:
        text = words.gettext("{value}: {label}.", value=VALUE_MARK, label=fact.label)
    # The value is set in bold wherever the language puts it in the sentence.
    before, _, after = text.partition(VALUE_MARK)
    sentence.text = before
    _sub(sentence, "strong", fact.with_unit).tail = after
    paragraphs = [sentence]
    if fact.source or fact.as_of:
        paragraphs.append(_source_line(etree.Element("p"), fact, words))
    return paragraphs


def fact_inline(fact: Fact) -> etree.Element:
    """The value and unit inside a sentence; the label is its description."""
    data = etree.Element("data", {"class": "fact-inline", "value": str(fact.value), "title": fact.label})
    data.text = fact.with_unit
    return data


def facts_box(facts: list[Fact], registry: FactsRegistry, words: Words) -> etree.Element:
    """The "By the numbers" box shown near the top of an article."""
    section = etree.Element("section", {"class": "facts-box", "aria-labelledby": "by-the-numbers"})
    _sub(section, "h2", words.gettext("By the numbers"), id="by-the-numbers")
    for fact in facts:
        section.append(fact_callout(fact, registry, words))
    return section


def petition_block(
    petition: Petition, petition_href: str, words: Words, closing: bool = False, meter: bool = False
) -> etree.Element:
    """The call to action: title, summary, progress, deadline, sign link.
    `meter` adds a progress bar, for pages (feeds get the sentence alone)."""
    classes = ["petition-cta", f"petition-{petition.status}"]
    if closing:
        classes.append("petition-closing")
    block = etree.Element("div", {"class": " ".join(classes)})
    kicker = _sub(block, "p", words.gettext("Petition"), class_="petition-kicker")
    if not petition.is_open:
        kicker.text += " · " + status_word(petition.status, words)
    title = _sub(block, "p", class_="petition-title")
    _sub(_sub(title, "strong"), "a", petition.title, href=petition_href)
    if petition.summary:
        _sub(block, "p", petition.summary, class_="petition-summary")
    _outcome_and_action(block, petition, words, meter)
    return block


def petition_panel(petition: Petition, words: Words) -> etree.Element:
    """The petition's own page, under its title and summary: where it stands
    (the bar, the outcome of a won or closed one) and the sign link, without
    saying the title and summary again."""
    block = etree.Element("div", {"class": f"petition-cta petition-panel petition-{petition.status}"})
    _outcome_and_action(block, petition, words, meter=True)
    return block


def petition_compact(petition: Petition, petition_href: str, words: Words) -> etree.Element:
    """One line near the top of a story: the sign link, and the petition's
    title and count for whoever wants to read first."""
    block = etree.Element("div", {"class": "petition-cta petition-compact"})
    _sub(block, "a", words.gettext("Sign the petition"), href=petition.url, class_="petition-sign")
    about = _sub(block, "p", class_="petition-about")
    _sub(about, "a", petition.title, href=petition_href)
    progress = progress_text(petition, words)
    if progress:
        about[-1].tail = " · " + progress
    return block


def _outcome_and_action(block, petition: Petition, words: Words, meter: bool):
    if petition.status == "won":
        outcome = _sub(block, "p", class_="petition-outcome")
        _sub(outcome, "strong", words.gettext("We won this petition."))
        if petition.outcome:
            outcome[-1].tail = " " + petition.outcome
    elif petition.status == "closed":
        text = (
            words.gettext("This petition closed on {date}.", date=long_date(petition.deadline, words))
            if petition.deadline
            else words.gettext("This petition is closed.")
        )
        outcome = _sub(block, "p", class_="petition-outcome")
        _sub(outcome, "strong", text)
        if petition.outcome:
            outcome[-1].tail = " " + petition.outcome
    progress = progress_text(petition, words)
    if progress and meter and petition.goal and petition.signatures:
        block.append(progress_meter(petition, words))
    elif progress:
        _sub(block, "p", progress, class_="petition-progress")
    if petition.is_open:
        if petition.deadline:
            deadline = words.gettext("Deadline: {date}", date=long_date(petition.deadline, words))
            _sub(block, "p", deadline, class_="petition-deadline")
        action = _sub(block, "p", class_="petition-action")
        _sub(action, "a", words.gettext("Sign the petition"), href=petition.url, class_="petition-sign")


def percent_of_goal(petition: Petition) -> int:
    return round(petition.signatures / petition.goal * 100)


def progress_meter(petition: Petition, words: Words) -> etree.Element:
    """The count as a sentence, a bar that is named by it, and the percent in
    words: a screen reader hears the sentence and the bar's value, a reader
    without CSS sees both sentences."""
    label_id = f"progress-{petition.id}"
    meter = etree.Element("div", {"class": "petition-meter"})
    if petition.signatures > petition.goal:
        progress = words.ngettext(
            "{signatures} signature, past our goal of {goal}",
            "{signatures} signatures, past our goal of {goal}",
            petition.signatures,
            signatures=format_number(petition.signatures),
            goal=format_number(petition.goal),
        )
    else:
        progress = progress_text(petition, words)
    _sub(meter, "p", progress, class_="petition-progress", id=label_id)
    percent = percent_of_goal(petition)
    bar = _sub(
        meter,
        "progress",
        f"{percent}%",
        max=str(petition.goal),
        value=str(min(petition.signatures, petition.goal)),
        aria_labelledby=label_id,
    )
    bar.set("class", "petition-bar")
    _sub(meter, "p", words.gettext("{percent}% of the goal", percent=percent), class_="petition-percent")
    return meter


def status_word(status: str, words: Words) -> str:
    """A petition's status as the site prints it."""
    return {"open": words.gettext("Open"), "won": words.gettext("Won"), "closed": words.gettext("Closed")}[status]


def progress_text(petition: Petition, words: Words) -> str:
    """ "1,840 of 2,500 signatures"; never "0 signatures"."""
    signatures, goal = format_number(petition.signatures or 0), format_number(petition.goal or 0)
    if petition.signatures:
        if petition.goal:
            return words.ngettext(
                "{signatures} of {goal} signature",
                "{signatures} of {goal} signatures",
                petition.goal,
                signatures=signatures,
                goal=goal,
            )
        return words.ngettext(
            "{signatures} signature", "{signatures} signatures", petition.signatures, signatures=signatures
        )
    if petition.goal:
        return words.ngettext("Goal: {goal} signature", "Goal: {goal} signatures", petition.goal, goal=goal)
    return ""


def petition_inline(petition: Petition, petition_href: str) -> etree.Element:
    link = etree.Element("a", {"class": "petition-inline", "href": petition_href})
    link.text = petition.title
    return link


def to_html(element: etree.Element) -> str:
    return to_html_string(element)
