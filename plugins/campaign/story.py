"""What the plugin knows about each article, in one place: `article.story`.

Set while the article is read (petition, anonymity, print consent) and when
the articles are sorted out (series, related stories); templates and feeds
read it there, never from loose attributes on the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Series:
    name: str
    items: list  # every post of the series, oldest first, this one included
    previous: object | None = None
    next: object | None = None


@dataclass
class Story:
    petition: object | None = None  # petitions.Petition named by `Petition:`
    anonymous: bool = False
    printable: bool = False  # its consent covers print: the flyer carries it
    series: Series | None = None
    related: list = field(default_factory=list)  # other worker stories, most alike first


def story_of(article) -> Story:
    story = getattr(article, "story", None)
    if story is None:
        story = Story()
        article.story = story
    return story
