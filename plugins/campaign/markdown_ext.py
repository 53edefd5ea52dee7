"""The Python-Markdown extension behind `[fact: ID]` and `[petition: ID]`.

Alone in its paragraph, a token becomes a block (a fact callout, a petition
call to action); inside a sentence it becomes inline markup. Unknown ids are
collected in `problems` and left as written; the build's validation reports
them with their line.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor

from . import render
from .sanitize import sanitize

TOKEN = r"\[(?P<kind>fact|petition):\s*(?P<id>[^\]\s]+)\s*\]"
BLOCK_TOKEN = re.compile(rf"^\s*{TOKEN}\s*$")
PETITION_BLOCKS_KEY = "petition_blocks"  # metadata: petitions placed as blocks

# Just above the paragraph processor (10), so a token alone in a paragraph is
# ours while lists, quotes and headings keep their own processors.
BLOCK_PRIORITY = 15
# Above links (160) and references (170), below code spans (190) so a token
# inside backticks stays literal text.
INLINE_PRIORITY = 175
# After raw HTML is put back (30): the last step, so everything is sanitized.
SANITIZE_PRIORITY = 1


def petition_source_link(petition_id: str) -> str:
    """A link Pelican resolves per page, like any `{filename}` link."""
    return "{filename}/petitions/" + petition_id + ".md"


class _CampaignMixin:
    def _lang(self):
        meta = getattr(self.ext.md, "Meta", None) or {}
        values = meta.get("lang")
        return values[0] if values else self.ext.getConfig("lang")

    def _lookup(self, kind, item_id):
        registry = self.ext.facts if kind == "fact" else self.ext.petitions
        found = registry.get(item_id)
        if found is None:
            self.ext.problems.append((kind, item_id))
        return found


class CampaignBlockProcessor(_CampaignMixin, BlockProcessor):
    def __init__(self, parser, ext):
        super().__init__(parser)
        self.ext = ext

    def test(self, parent, block):
        return bool(BLOCK_TOKEN.match(block))

    def run(self, parent, blocks):
        match = BLOCK_TOKEN.match(blocks[0])
        kind, item_id = match.group("kind"), match.group("id")
        found = self._lookup(kind, item_id)
        if found is None:
            return False  # leave it to the paragraph processor, as written
        blocks.pop(0)
        if kind == "fact":
            parent.append(render.fact_callout(found, self.ext.facts, self._lang()))
        else:
            parent.append(render.petition_block(found, self.ext.petition_href(item_id), self._lang()))
            self._remember_block(item_id)
        return True

    def _remember_block(self, petition_id):
        # Recorded as metadata so the closing call to action is not repeated
        # right after a block the writer already placed; Pelican caches it
        # with the rest of the file's metadata.
        meta = getattr(self.ext.md, "Meta", None)
        if meta is not None:
            blocks = meta.setdefault(PETITION_BLOCKS_KEY, [""])
            blocks[0] = ",".join(filter(None, [blocks[0], petition_id]))


class CampaignInlineProcessor(_CampaignMixin, InlineProcessor):
    def __init__(self, pattern, ext):
        super().__init__(pattern, ext.md)
        self.ext = ext

    def handleMatch(self, m, data):
        kind, item_id = m.group("kind"), m.group("id")
        found = self._lookup(kind, item_id)
        if found is None:
            return None, None, None
        if kind == "fact":
            element = render.fact_inline(found)
        else:
            element = render.petition_inline(found, self.ext.petition_href(item_id))
        return element, m.start(0), m.end(0)


class SanitizePostprocessor(Postprocessor):
    """The document, raw HTML included, through the allow-list. Done here
    rather than later so Pelican's content cache keeps the clean HTML."""

    def run(self, text):
        return sanitize(text)


class CampaignExtension(Extension):
    """Configured with the build's facts and petitions registries."""

    def __init__(self, facts=None, petitions=None, petition_href=petition_source_link, **kwargs):
        self.config = {"lang": ["en", "language used when a document sets no Lang"]}
        super().__init__(**kwargs)
        self.facts = facts if facts is not None else {}
        self.petitions = petitions if petitions is not None else {}
        self.petition_href = petition_href
        self.problems: list[tuple[str, str]] = []
        self.md = None

    def extendMarkdown(self, md):
        self.md = md
        md.registerExtension(self)
        md.parser.blockprocessors.register(CampaignBlockProcessor(md.parser, self), "campaign_block", BLOCK_PRIORITY)
        md.inlinePatterns.register(CampaignInlineProcessor(TOKEN, self), "campaign_inline", INLINE_PRIORITY)
        md.postprocessors.register(SanitizePostprocessor(md), "campaign_sanitize", SANITIZE_PRIORITY)

    def reset(self):
        self.problems = []

    # Pelican pickles its settings into the content cache; the registries are
    # rebuilt every run, so a cached copy carries none of them.
    def __reduce__(self):
        return (CampaignExtension, ())


def makeExtension(**kwargs):
    return CampaignExtension(**kwargs)
