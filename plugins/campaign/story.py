"""What the plugin knows about each article, in one place: `article.story`.

Set while the article is read (petition, anonymity, print consent) and when
the articles are sorted out (series, related stories); templates and feeds
read it there, never from loose attributes on the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .images import photo_path, upright_size


@dataclass
class Series:
    name: str
    items: list  # every post of the series, oldest first, this one included
    previous: object | None = None
    next: object | None = None


@dataclass
class Photo:
    """`Photo:` and `Photo-Alt:`, with the size it is shown at (so the page
    keeps its place for it while it loads)."""

    path: str  # content-relative, as it is published: images/x.jpg
    alt: str
    width: int
    height: int


@dataclass
class Story:
    petition: object | None = None  # petitions.Petition named by `Petition:`
    anonymous: bool = False
    printable: bool = False  # its consent covers print: the flyer carries it
    series: Series | None = None
    related: list = field(default_factory=list)  # other worker stories, most alike first
    photo: Photo | None = None


def story_of(article) -> Story:
    story = getattr(article, "story", None)
    if story is None:
        story = Story()
        article.story = story
    return story


def photo_from(metadata: dict, content_root: Path) -> Photo | None:
    """The story's `Photo:`, checked before the build (validation.check_photo)."""
    if not metadata.get("photo"):
        return None
    path = photo_path(metadata["photo"])
    width, height = upright_size(Path(content_root) / path)
    return Photo(path, str(metadata.get("photo-alt") or "").strip(), width, height)
