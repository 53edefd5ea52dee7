"""Each story's address, worked out once.

Pelican's `url` and `save_as` are properties: every read formats the
address setting again from a fresh copy of the metadata, slugifying the
category on the way, and a page of listings reads them many times (about
18,000 reads for 1,000 stories, 7% of a cold build). Once every story is
read and sorted, nothing changes an address any more, so each story's is
kept from its first read on."""

from __future__ import annotations

import functools

from pelican.contents import Article


class Story(Article):
    """An Article whose address, once asked for, is kept. Named apart from
    Pelican's class but settled by `Article._expand_settings` (ARTICLE_* or
    DRAFT_*), which does not read the class name."""

    @functools.cached_property
    def url(self):
        return self.get_url_setting("url")

    @functools.cached_property
    def save_as(self):
        return self.get_url_setting("save_as")


def keep_addresses(generator):
    """article_generator_finalized: every story is read, sorted and linked,
    so its address is final."""
    for name in ("articles", "translations", "hidden_articles", "hidden_translations", "drafts", "drafts_translations"):
        for article in getattr(generator, name, ()):
            if type(article) is Article:
                article.__class__ = Story
