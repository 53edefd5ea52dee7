"""How stories point to each other: series in order, related worker stories."""

from __future__ import annotations

import heapq
from collections import Counter

from .faces import version_in
from .story import Series, story_of


def link_series(articles):
    """Each update in a Series knows the whole series, oldest first."""
    series = {}
    for article in articles:
        name = getattr(article, "series", None)
        if name:
            series.setdefault(name, []).append(article)
    for items in series.values():
        items.sort(key=lambda a: a.date)
        for index, article in enumerate(items):
            story_of(article).series = Series(
                article.series,
                items,
                previous=items[index - 1] if index > 0 else None,
                next=items[index + 1] if index + 1 < len(items) else None,
            )


RELATED_CANDIDATES_PER_TAG = 30


def link_related(articles, count, story_types):
    """Worker stories (of the `story_types`, settings.story_types) sharing the
    most tags with each story, newest first on ties."""
    # Only the newest few stories of each tag are candidates, so the work per
    # story stays the same however large the campaign grows.
    by_tag = {}
    for article in sorted(articles, key=lambda a: a.date, reverse=True):
        if getattr(article, "type", None) in story_types:
            for tag in getattr(article, "tags", ()):
                candidates = by_tag.setdefault(tag, [])
                if len(candidates) < RELATED_CANDIDATES_PER_TAG:
                    candidates.append(article)
    newest_first = {a: -rank for rank, a in enumerate(sorted(articles, key=lambda a: a.date))}
    for article in articles:
        shared = Counter()
        for tag in getattr(article, "tags", ()):
            shared.update(by_tag.get(tag, ()))
        shared.pop(article, None)
        story_of(article).related = heapq.nsmallest(count, shared, key=lambda a: (-shared[a], newest_first[a]))


def link_translations(articles):
    """A translation shows its original's series and related stories, each in
    the translation's language where it has a version in it."""
    for original in articles:
        story = story_of(original)
        for translation in getattr(original, "translations", []):
            lang = translation.lang
            own = story_of(translation)
            own.related = [version_in(other, lang) for other in story.related]
            if story.series is not None:
                items = [translation if item is original else version_in(item, lang) for item in story.series.items]
                at = items.index(translation)
                own.series = Series(
                    getattr(translation, "series", None) or story.series.name,
                    items,
                    previous=items[at - 1] if at > 0 else None,
                    next=items[at + 1] if at + 1 < len(items) else None,
                )
