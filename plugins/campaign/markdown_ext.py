"""The Python-Markdown extension behind `[fact: ID]` and `[petition: ID]`.

Alone in its paragraph, a code becomes a block (a fact callout, a petition
call to action); inside a sentence it becomes inline markup. The grammar is
codes.py's. An unknown id or a near miss is left as written; the build's
validation reports it with its line before any file is rendered, having
found it with this same extension in collect mode (`CodeFinder`), so what
validation checks is exactly what rendering meets.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from . import codes, render
from .i18n import Catalogs
from .sanitize import sanitize

TOKEN = codes.TOKEN
BLOCK_TOKEN = codes.BLOCK_TOKEN
LEDE_KEY = "lede"  # metadata: the opening words, for a summary without the facts box
LEDE_WORDS = 60
_STASH_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")

# Just above the paragraph processor (10), so a token alone in a paragraph is
# ours while lists, quotes and headings keep their own processors.
BLOCK_PRIORITY = 15
# Below code spans (190), escapes (180), references (170), links (160), images
# (150, 140, 125), autolinks (120, 110), inline HTML (90) and entities (80),
# so a code in any of them is their text, never ours; above emphasis (60).
INLINE_PRIORITY = 75
# Collect mode only: near misses, once the codes are taken.
NEAR_MISS_PRIORITY = 74
# Collect mode only: before inline processing (20), link references are
# found whatever the marks in their labels.
REFERENCES_PRIORITY = 25
# After inline processing (20), so our boxes' text is never read as Markdown.
METADATA_PRIORITY = 15
# After raw HTML is put back (30): the last step, so everything is sanitized.
SANITIZE_PRIORITY = 1


def petition_source_link(petition_id: str) -> str:
    """A link Pelican resolves per page, like any `{filename}` link."""
    return "{filename}/petitions/" + petition_id + ".md"


class _CampaignMixin:
    def _words(self):
        """The words of the document's own language: a Spanish story's boxes speak Spanish."""
        meta = getattr(self.ext.md, "Meta", None) or {}
        values = meta.get("lang")
        return self.ext.catalogs.words(values[0] if values else self.ext.getConfig("lang"))

    def _lookup(self, kind, item_id):
        registry = self.ext.facts if kind == "fact" else self.ext.petitions
        return registry.get(item_id)


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
            parent.append(render.fact_callout(found, self.ext.facts, self._words()))
        else:
            parent.append(render.petition_block(found, self.ext.petition_href(item_id), self._words()))
            self.ext.placed_petitions.add(item_id)
        return True


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


class ArticleMetadataTreeprocessor(_CampaignMixin, Treeprocessor):
    """`Facts:` and `Petition:` in a file's header: the "By the numbers" box
    goes at the top and the petition's call to action closes the text. Done
    while the file is read, so the feeds carry them and Pelican's cache keeps
    them; the call to action is left out when the writer already placed that
    petition's block in the text."""

    def __init__(self, md, ext):
        super().__init__(md)
        self.ext = ext

    def run(self, root):
        meta = getattr(self.md, "Meta", None) or {}
        if "summary" not in meta and "quote" not in meta:
            meta[LEDE_KEY] = [opening_words(root)]
        words = self._words()
        fact_ids = [i.strip() for line in meta.get("facts", []) for i in line.split(",") if i.strip()]
        facts = [self.ext.facts[i] for i in fact_ids if i in self.ext.facts]
        if facts:
            root.insert(0, render.facts_box(facts, self.ext.facts, words))
        petition_id = " ".join(meta.get("petition", [])).strip()
        petition = self.ext.petitions.get(petition_id)
        if petition is not None and petition_id not in self.ext.placed_petitions:
            root.append(render.petition_block(petition, self.ext.petition_href(petition_id), words, closing=True))


def opening_words(root, limit=LEDE_WORDS) -> str:
    """The first words of the text, as plain text, for listings and feeds."""
    words = []
    for element in root:
        if element.tag == "p":
            words += _STASH_PLACEHOLDER.sub("", "".join(element.itertext())).split()
            if len(words) >= limit:
                return " ".join(words[:limit]) + " …"
    return " ".join(words)


class SanitizePostprocessor(Postprocessor):
    """The document, raw HTML included, through the allow-list. Done here
    rather than later so Pelican's content cache keeps the clean HTML."""

    def run(self, text):
        return sanitize(text)


class CampaignExtension(Extension):
    """Configured with the build's facts and petitions registries."""

    def __init__(self, facts=None, petitions=None, petition_href=petition_source_link, catalogs=None, **kwargs):
        self.config = {"lang": ["en", "language used when a document sets no Lang"]}
        super().__init__(**kwargs)
        self.facts = facts if facts is not None else {}
        self.petitions = petitions if petitions is not None else {}
        self.petition_href = petition_href
        self.catalogs = catalogs if catalogs is not None else Catalogs(None)
        self.placed_petitions: set[str] = set()  # petition blocks in the file being read
        self.md = None

    def extendMarkdown(self, md):
        self.md = md
        self.placed_petitions = set()
        md.registerExtension(self)
        md.parser.blockprocessors.register(CampaignBlockProcessor(md.parser, self), "campaign_block", BLOCK_PRIORITY)
        md.inlinePatterns.register(CampaignInlineProcessor(TOKEN, self), "campaign_inline", INLINE_PRIORITY)
        md.treeprocessors.register(ArticleMetadataTreeprocessor(md, self), "campaign_metadata", METADATA_PRIORITY)
        md.postprocessors.register(SanitizePostprocessor(md), "campaign_sanitize", SANITIZE_PRIORITY)

    def reset(self):
        self.placed_petitions = set()

    # Pelican pickles its settings into the content cache; the registries are
    # rebuilt every run, so a cached copy carries none of them.
    def __reduce__(self):
        return (CampaignExtension, ())


def makeExtension(**kwargs):
    return CampaignExtension(**kwargs)
