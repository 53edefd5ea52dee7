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
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from . import codes, parallel, render
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

    def _meet(self, match, near_miss=False):
        """In collect mode, note the code (or near miss) met, by its mark."""
        number = codes.mark_number(match.group("mark")) if self.ext.collect else None
        if number is not None:
            self.ext.met.setdefault(number, (near_miss, match))


class CampaignBlockProcessor(_CampaignMixin, BlockProcessor):
    def __init__(self, parser, ext):
        super().__init__(parser)
        self.ext = ext

    def test(self, parent, block):
        return bool(BLOCK_TOKEN.match(block))

    def run(self, parent, blocks):
        match = BLOCK_TOKEN.match(blocks[0])
        self._meet(match)
        kind, item_id = match.group("kind"), match.group("id")
        found = self._lookup(kind, item_id)
        if found is None:
            return False  # leave it to the paragraph processor, as written
        blocks.pop(0)
        if self.ext.collect:
            etree.SubElement(parent, "div")  # taken, as when rendering; nothing to draw
        elif kind == "fact":
            callout = as_written(render.fact_callout(found, self.ext.facts, self._words()))
            parent.append(callout)
            self.ext.placed_facts.setdefault(item_id, callout)
        else:
            parent.append(as_written(render.petition_block(found, self.ext.petition_href(item_id), self._words())))
            self.ext.placed_petitions.add(item_id)
        return True


def as_written(element):
    """A block placed while the text is parsed is read by the inline patterns
    after it: its words (a fact's label, a petition's title) are the
    organizer's text to show as written, never Markdown or HTML to run."""
    for node in element.iter():
        if node.text:
            node.text = AtomicString(node.text)
        if node.tail and node is not element:
            node.tail = AtomicString(node.tail)
    return element


class CampaignInlineProcessor(_CampaignMixin, InlineProcessor):
    def __init__(self, pattern, ext):
        super().__init__(pattern, ext.md)
        self.ext = ext

    def handleMatch(self, m, data):
        self._meet(m)
        kind, item_id = m.group("kind"), m.group("id")
        found = self._lookup(kind, item_id)
        if found is None:
            return None, None, None
        if self.ext.collect:
            element = etree.Element("span")  # taken, as when rendering; nothing to draw
        elif kind == "fact":
            element = render.fact_inline(found)
        else:
            element = render.petition_inline(found, self.ext.petition_href(item_id))
        return element, m.start(0), m.end(0)


class NearMissInlineProcessor(_CampaignMixin, InlineProcessor):
    """Collect mode only: text meant as a code that is not one, noted and
    left as written. A code with an unknown id, left by the code pattern,
    is not a near miss."""

    def __init__(self, pattern, ext):
        super().__init__(pattern, ext.md)
        self.ext = ext

    def handleMatch(self, m, data):
        if not codes.is_code(m.group(0)):
            self._meet(m, near_miss=True)
        return None, None, None


class MarkedReferencesTreeprocessor(Treeprocessor):
    """Collect mode only: a link reference whose label is code-shaped
    (`[fact: x]: https://...`) carries a mark, and so does each use of it,
    a different one. Each use still finds it, as it does when rendering."""

    def __init__(self, md, ext):
        super().__init__(md)
        self.ext = ext

    def run(self, root):
        references = self.md.references
        for key in [k for k in references if codes.MARK_OPEN in k]:
            label = codes.unmark(key)
            for number in range(self.ext.marks):
                references.setdefault(codes.mark_for(number) + label, references[key])


class ArticleMetadataTreeprocessor(_CampaignMixin, Treeprocessor):
    """`Facts:` and `Petition:` in a file's header: the "By the numbers" box
    goes at the top and the petition's call to action closes the text. Done
    while the file is read, so the feeds carry them and Pelican's cache keeps
    them. What the writer already placed in the text as a block (a fact's
    callout, the petition's call to action) is not shown a second time.

    One callout is the story's lead, the one its printed flyer carries: the
    first fact `Facts:` lists, wherever it is shown, else the first placed."""

    def __init__(self, md, ext):
        super().__init__(md)
        self.ext = ext

    def run(self, root):
        meta = getattr(self.md, "Meta", None) or {}
        if "summary" not in meta and "quote" not in meta:
            meta[LEDE_KEY] = [opening_words(root)]
        words = self._words()
        fact_ids = [i.strip() for line in meta.get("facts", []) for i in line.split(",") if i.strip()]
        listed = [i for i in fact_ids if i in self.ext.facts]
        boxed = [self.ext.facts[i] for i in listed if i not in self.ext.placed_facts]
        box = render.facts_box(boxed, self.ext.facts, words) if boxed else None
        if box is not None:
            root.insert(0, box)
        lead = self.ext.placed_facts.get(listed[0]) if listed else None
        if lead is None:
            lead = box.find("figure") if box is not None else next(iter(self.ext.placed_facts.values()), None)
        if lead is not None:
            render.mark_lead(lead)
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

    def __init__(
        self, facts=None, petitions=None, petition_href=petition_source_link, catalogs=None, collect=False, **kwargs
    ):
        self.config = {"lang": ["en", "language used when a document sets no Lang"]}
        super().__init__(**kwargs)
        self.facts = facts if facts is not None else {}
        self.petitions = petitions if petitions is not None else {}
        self.petition_href = petition_href
        self.catalogs = catalogs if catalogs is not None else Catalogs(None)
        self.placed_petitions: set[str] = set()  # petition blocks in the file being read
        self.placed_facts: dict = {}  # fact id -> its first callout in the file being read
        self.md = None
        # Collect mode (CodeFinder): the codes and near misses met, by mark.
        self.collect = collect
        self.met: dict[int, tuple] = {}
        self.marks = 0  # how many marks the document being read has

    def extendMarkdown(self, md):
        self.md = md
        self.placed_petitions = set()
        self.placed_facts = {}
        md.registerExtension(self)
        md.parser.blockprocessors.register(CampaignBlockProcessor(md.parser, self), "campaign_block", BLOCK_PRIORITY)
        md.inlinePatterns.register(CampaignInlineProcessor(TOKEN, self), "campaign_inline", INLINE_PRIORITY)
        if self.collect:
            near_miss = NearMissInlineProcessor(codes.NEAR_MISS, self)
            md.inlinePatterns.register(near_miss, "campaign_near_miss", NEAR_MISS_PRIORITY)
            references = MarkedReferencesTreeprocessor(md, self)
            md.treeprocessors.register(references, "campaign_references", REFERENCES_PRIORITY)
            return  # what is found is all that matters: no boxes, no sanitizing
        md.treeprocessors.register(ArticleMetadataTreeprocessor(md, self), "campaign_metadata", METADATA_PRIORITY)
        md.postprocessors.register(SanitizePostprocessor(md), "campaign_sanitize", SANITIZE_PRIORITY)

    def reset(self):
        self.placed_petitions = set()
        self.placed_facts = {}
        self.met = {}

    # Pelican pickles its settings into the content cache; the registries are
    # rebuilt every run, so a cached copy carries none of them.
    def __reduce__(self):
        return (CampaignExtension, ())


META_EXTENSIONS = {"meta", "markdown.extensions.meta"}


def site_extensions(markdown_settings: dict | None) -> tuple[list, dict]:
    """The extensions Pelican reads with, as Pelican lists them (those in
    `extension_configs` too), without ours and without `meta`: the finder
    reads a body whose header is already taken off."""
    settings = markdown_settings or {}
    configs = dict(settings.get("extension_configs", {}))
    listed = [e for e in settings.get("extensions", []) if not isinstance(e, CampaignExtension)]
    listed += [name for name in configs if name not in listed]
    kept = [e for e in listed if not (isinstance(e, str) and e in META_EXTENSIONS)]
    return kept, {name: config for name, config in configs.items() if name not in META_EXTENSIONS}


class CodeFinder:
    """Every code and near miss in a text, with its line: the text is read
    by the site's own Markdown and this extension in collect mode, so a code
    counts exactly when rendering would meet it (never in code, comments,
    escapes, links, images or addresses)."""

    def __init__(self, facts, petitions, markdown_settings=None, memo=None):
        self.facts, self.petitions = facts, petitions
        self.memo = memo  # code_memo.CodeMemo: answers kept from earlier builds
        self.prefetched: dict[tuple[str, int], list] = {}  # (text, first line) -> found, by prefetch
        self.extension = CampaignExtension(facts=facts, petitions=petitions, collect=True)
        extensions, configs = site_extensions(markdown_settings)
        self.md = Markdown(extensions=[*extensions, self.extension], extension_configs=configs, output_format="html5")
        # Only what runs before the campaign's own processors decides which
        # codes they meet: emphasis, later tree steps, serializing and the
        # postprocessors are skipped, as they cannot change that.
        for name in [p.name for p in self.md.inlinePatterns._priority if p.priority < NEAR_MISS_PRIORITY]:
            self.md.inlinePatterns.deregister(name)
        inline = self.md.treeprocessors._priority[self.md.treeprocessors.get_index_for_name("inline")].priority
        self.treeprocessors = [
            self.md.treeprocessors[item.name] for item in self.md.treeprocessors._priority if item.priority >= inline
        ]

    def find(self, text: str, first_line: int = 1) -> list[codes.Found]:
        found = self.prefetched.pop((text, first_line), None)
        if self.memo is None:
            return found if found is not None else self._find(text, first_line)
        key = self.memo.key(text, first_line)
        found = found if found is not None else self.memo.get(key)
        if found is None:
            found = self._find(text, first_line)
        self.memo.put(key, found)
        return found

    def prefetch(self, texts: list[tuple[str, int]], count: int):
        """The codes of many texts (text, first line), those no memo holds
        shared with `count - 1` forked workers, so a cold build's checking
        uses every core; `find` then answers from what was found."""
        missing = [
            item for item in dict.fromkeys(texts) if self.memo is None or self.memo.get(self.memo.key(*item)) is None
        ]
        if count < 2 or len(missing) < parallel.PARALLEL_FROM:
            return
        kept, handed = parallel.share(missing, count)
        helpers = [(parallel.Worker(self._find_item, batches), batches) for batches in handed if batches]
        for batch in kept:
            for item in batch:
                self.prefetched[item] = self._find(*item)
        for worker, batches in helpers:
            for batch in batches:
                for item in batch:
                    found = worker.answer(item)
                    self.prefetched[item] = found if found is not None else self._find(*item)
            worker.close()

    def _find_item(self, item: tuple[str, int]) -> list[codes.Found]:
        return self._find(*item)

    def _read(self, text: str):
        """Markdown's own convert(), up to the point where every code has been
        met: preprocessors, the block parser, then the inline treeprocessor."""
        lines = text.split("\n")
        for preprocessor in self.md.preprocessors:
            lines = preprocessor.run(lines)
        root = self.md.parser.parseDocument(lines).getroot()
        for treeprocessor in self.treeprocessors:
            root = treeprocessor.run(root) or root

    def _find(self, text: str, first_line: int) -> list[codes.Found]:
        marked, offsets = codes.mark(text)
        if not offsets:
            return []
        self.md.reset()
        self.extension.marks = len(offsets)
        self._read(marked)
        found = []
        for number, (is_near_miss, match) in sorted(self.extension.met.items()):
            line = codes.line_of(offsets[number], text, first_line)
            if is_near_miss:
                kind = match.group("kind").lower().rstrip("s")
                registry = self.facts if kind.startswith("fact") else self.petitions
                found.append(codes.near_miss(line, match, registry))
            else:
                found.append(codes.Found(line, match.group("kind"), match.group("id"), codes.unmark(match.group(0))))
        self.extension.met = {}
        return found


def makeExtension(**kwargs):
    return CampaignExtension(**kwargs)
