"""The site's feeds, written with feedgen (Atom, RSS) and the standard library
(JSON Feed 1.1), from the articles as the pages show them.

Pelican's own feeds are turned off: they keep relative links, which break in
feed readers, and know nothing of petitions. Entry ids are tag: URIs from a
configured domain, the story's date and its source path, so moving the site
to a new address never makes readers see every story as new.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import html as lxml_html
from markupsafe import escape
from pelican.generators import Generator

from .consent import consent_scope, is_withdrawn, is_yes
from .faces import shown_in
from .feed_content import feed_html
from .i18n import base_language
from .memo import Memo
from .settings import canonical_siteurl
from .story import story_of
from .theme_context import content_types

logger = logging.getLogger(__name__)

ATOM, RSS, JSON = "application/atom+xml", "application/rss+xml", "application/feed+json"


@dataclass
class Feed:
    key: str  # "all", "type:testimonies", "region:harbor-county", "petition:caseload-cap"
    title: str
    description: str
    articles: list
    paths: dict = field(default_factory=dict)  # mime -> path in the output folder
    home_url: str = ""  # relative URL of the page the feed follows
    lang: str = "en"  # the language of its face: its titles, and its stories where they have a version in it
    prefix: str = ""  # where its face lives: "" or "es/"

    @property
    def id_key(self) -> str:
        """What its tag: id is minted from: the key, under its language on a face of another."""
        key = self.key.replace(":", "/")
        return f"{self.lang}/{key}" if self.prefix else key


def site_base(settings: dict) -> str:
    """Absolute base for every URL in a feed (settings.canonical_siteurl)."""
    return canonical_siteurl(settings)


def tag_uri(domain: str, date, specific: str) -> str:
    return f"tag:{domain},{date}:{specific}"


def entry_id(domain: str, id_date: str, article) -> str:
    """The story's own `Id:`, which survives a new Date, title or file name.
    A story without one (check warns) falls back to a digest of its source
    path, which stays stable while the file keeps its name and shows nothing
    of that name."""
    story_id = (article.metadata.get("id") or "").strip()
    if not story_id:
        digest = hashlib.sha256(article.get_relative_source_path().encode()).hexdigest()[:16]
        story_id = f"path-{digest}"
    # A translation may keep its original's Id (copying the file keeps it):
    # its entry is the story in its language, an entry of its own.
    if is_yes(article.metadata.get("translation")):
        story_id = f"{story_id}/{base_language(article.lang)}"
    return tag_uri(domain, id_date, story_id)


def may_go_in_feeds(article, now: datetime.datetime, today: datetime.date) -> bool:
    if is_withdrawn(article.metadata, today) or article.status != "published":
        return False
    if not {"web", "feed"} <= consent_scope(article.metadata):
        return False
    return article.date <= now


def plain_text(html: str) -> str:
    if not html:
        return ""
    return " ".join(lxml_html.fragment_fromstring(html, create_parent="div").text_content().split())


def byline(article) -> str:
    """Author and role; an anonymous storyteller is role and workplace only."""
    parts = []
    author = getattr(article, "author", None)
    if author and not story_of(article).anonymous:
        parts.append(str(author))
    for key in ("role", "workplace"):
        value = article.metadata.get(key)
        if value:
            parts.append(value)
    return ", ".join(parts)


class _Entry(FeedEntry):
    """feedgen 1.0.0 writes an entry's <link> without its rel, type and title
    (a shadowed variable), which turns a petition's rel="related" sign link
    into a second alternate link. Put the attributes back."""

    _ATTRIBUTES = ("rel", "type", "hreflang", "title", "length")
    # The entry's language, when it is not its feed's (an English story in
    # the Spanish feed): Atom says so with xml:lang on the entry.
    lang: str | None = None

    def atom_entry(self, extensions=True):
        entry = super().atom_entry(extensions)
        if self.lang:
            entry.set("{http://www.w3.org/XML/1998/namespace}lang", self.lang)
        elements = [e for e in entry if isinstance(e.tag, str) and e.tag.rsplit("}", 1)[-1] == "link"]
        for element, data in zip(elements, self.link() or [], strict=False):
            for name in self._ATTRIBUTES:
                if data.get(name):
                    element.attrib[name] = str(data[name])
        return entry


class CampaignFeedsGenerator(Generator):
    """Decides which feeds exist (context for autodiscovery and /subscribe/)
    and writes them."""

    campaign = None  # set on the subclass made for each build (hooks.start_build)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = self.campaign.options
        self.feeds: list[Feed] = []

    def _paths(self, kind: str, **fields) -> dict:
        patterns = self.options["feeds"]
        paths = {}
        for suffix, mime in (("atom", ATOM), ("rss", RSS), ("json", JSON)):
            pattern = patterns.get(f"{kind}_{suffix}")
            if pattern:
                paths[mime] = pattern.format(**fields)
        return paths

    def generate_context(self):
        now = datetime.datetime.now(datetime.UTC)
        articles = [a for a in self.context.get("articles", []) if may_go_in_feeds(a, now, self.campaign.today)]
        articles.sort(key=lambda a: a.date, reverse=True)
        self.feeds = []
        for face in self.campaign.faces.values() or [None]:
            feeds = self.face_feeds(face, articles, now)
            self.feeds += feeds
            if face is not None:
                face.context["feeds_by_key"] = {f.key: f for f in feeds}
                face.context["site_feeds"] = feeds
            if face is None or not face.prefix:
                self.context["feeds_by_key"] = {f.key: f for f in feeds}
                self.context["site_feeds"] = feeds
        # The formats the feeds come in, for the subscribe page to name and count.
        self.context["site_feed_formats"] = [m for m in (ATOM, RSS, JSON) if any(m in f.paths for f in self.feeds)]
        self.context["FEED_BASE_URL"] = site_base(self.settings)

    def face_feeds(self, face, articles: list, now) -> list[Feed]:
        """A face's feeds, in its words: every story once, newest first, in
        the face's language where it has a version in it."""
        lang = face.lang if face is not None else base_language(self.settings.get("DEFAULT_LANG"))
        prefix = face.prefix if face is not None else ""
        words = self.campaign.words(lang)
        sitename = (face.context if face is not None else {}).get("SITENAME") or self.settings.get("SITENAME", "")
        today = self.campaign.today

        def version(items):
            return [v for v in shown_in(items, lang, own_first=False) if may_go_in_feeds(v, now, today)]

        articles = version(articles)

        def feed(key, title, description, items, kind, home_url, **fields):
            paths = {mime: prefix + path for mime, path in self._paths(kind, **fields).items()}
            return Feed(key, title, description, items, paths, prefix + home_url if home_url else prefix, lang, prefix)

        feeds = [
            feed(
                "all",
                words.gettext("{site}: everything", site=sitename),
                words.gettext("Every story, update and news post from {site}.", site=sitename),
                articles,
                "all",
                "",
            )
        ]
        for type_id, content_type in content_types(self.options, words).items():
            feeds.append(
                feed(
                    f"type:{type_id}",
                    words.gettext("{site}: {feed}", site=sitename, feed=content_type.name),
                    words.gettext("{kind} from {site}.", kind=content_type.name, site=sitename),
                    [a for a in articles if getattr(a, "type", None) == type_id],
                    "type",
                    content_type.url,
                    type=type_id,
                )
            )
        for category, _ in self.context.get("categories", []):
            items = [a for a in articles if getattr(a, "category", None) == category]
            if items:
                feeds.append(
                    feed(
                        f"region:{category.slug}",
                        words.gettext("{site}: {feed}", site=sitename, feed=category.name),
                        words.gettext("Stories and news from {region}.", region=category.name),
                        items,
                        "region",
                        category.url,
                        slug=category.slug,
                    )
                )
        for petition in self.campaign.petitions.values():
            title = petition.in_language(lang).title
            feeds.append(
                feed(
                    f"petition:{petition.id}",
                    words.gettext("{site}: {feed}", site=sitename, feed=title),
                    words.gettext("The campaign behind the petition “{petition}”.", petition=title),
                    version(petition.thread),
                    "petition",
                    petition.page_url,
                    id=petition.id,
                )
            )
        return [f for f in feeds if f.paths]

    def content_memo(self, base: str) -> Memo | None:
        """Each story's feed content, kept between builds: making it means
        parsing the story's HTML, and a rebuild after one edit needs it for
        every other story again. Kept in the campaign's content cache
        folder, which a change to the facts, petitions or words replaces."""
        if not self.settings.get("CACHE_CONTENT"):
            return None
        digest = hashlib.sha256(base.encode())
        for name in ("feed_content.py", "render.py", "feeds.py", "memo.py"):
            digest.update(Path(__file__).with_name(name).read_bytes())
        return Memo(Path(self.settings["CACHE_PATH"]), "feed-content.pickle", digest.digest())

    def generate_output(self, writer):
        base = site_base(self.settings)
        domain = self.options["feed_domain"]
        memo = self.content_memo(base)
        limit = self.settings.get("FEED_MAX_ITEMS") or None
        # A story is in up to four feeds: build its entry once, and let it go
        # after its last feed, so a large site never holds every entry at once.
        selections = [feed.articles[:limit] if limit else feed.articles for feed in self.feeds]
        uses = Counter(id(article) for items in selections for article in items)
        entries_by_article = {}
        for feed, items in zip(self.feeds, selections, strict=False):
            entries = []
            for article in items:
                key = id(article)
                if key not in entries_by_article:
                    entries_by_article[key] = self.entry_data(article, base, domain, memo)
                entries.append(entries_by_article[key])
                uses[key] -= 1
                if not uses[key]:
                    del entries_by_article[key]
            for mime, path in feed.paths.items():
                target = Path(self.output_path) / path
                target.parent.mkdir(parents=True, exist_ok=True)
                if mime == JSON:
                    self.write_json(feed, entries, base, path, target)
                else:
                    self.write_xml(feed, entries, base, domain, mime, path, target)
                self.campaign.written(target)
        if memo is not None:
            memo.save()

    def entry_data(self, article, base: str, domain: str, memo: Memo | None = None) -> dict:
        url = f"{base}/{article.url}"
        # Not `get_content`: it memoizes, and would keep a second copy of
        # every story for the whole build.
        page_html = article._update_content(article._content, base)
        key = Memo.key_of(url, article.lang or "", page_html)
        content = memo.get(key) if memo is not None else None
        if content is None:
            content = feed_html(page_html, url, self.campaign.facts, self.campaign.words(article.lang))
        if memo is not None:
            memo.put(key, content)
        petition = story_of(article).petition
        summary = plain_text(article.metadata.get("summary") or "")
        category = getattr(article, "category", None)
        categories = []
        if category is not None and category.name != self.settings.get("DEFAULT_CATEGORY"):
            categories.append((category.slug, category.name, f"{base}/{category.url}"))
        categories += [(t.slug, str(t), f"{base}/{t.url}") for t in getattr(article, "tags", [])]

        return {
            "id": entry_id(domain, self.options["feed_id_date"], article),
            "url": url,
            "title": article.title,
            "content": content,
            "summary": summary,
            "published": article.date,
            "updated": getattr(article, "modified", None) or article.date,
            "author": byline(article),
            "categories": categories,
            "tags": [label for _, label, _ in categories],
            "lang": article.lang,
            "sign_url": petition.url if petition is not None and petition.is_open else None,
            "sign_title": self.campaign.words(article.lang).gettext("Sign the petition"),
        }

    def write_xml(self, feed: Feed, entries, base, domain, mime, path, target):
        # RSS readers treat a description as HTML, so text that came from an
        # organizer (a quote with "<script>" in it) is escaped once more there.
        as_text = (lambda text: str(escape(text))) if mime == RSS else (lambda text: text)
        fg = FeedGenerator()
        fg.id(tag_uri(domain, self.options["feed_id_date"], feed.id_key))
        fg.title(feed.title)
        fg.description(as_text(feed.description))
        fg.link(href=f"{base}/{path}", rel="self", type=mime)
        fg.link(href=f"{base}/{feed.home_url}", rel="alternate", type="text/html")
        fg.language(feed.lang)
        fg.generator(self.campaign.words(feed.lang).gettext("Pelican with the campaign plugin"))
        newest = max((e["updated"] for e in entries), default=None)
        fg.updated(newest or self.campaign_epoch())
        if mime == RSS:
            fg.load_extension("dc", atom=False, rss=True)
        for data in entries:
            fe = fg.add_entry(_Entry(), order="append")
            if base_language(data["lang"]) != base_language(feed.lang):
                fe.lang = data["lang"]
                if mime == RSS:
                    fe.dc.dc_language(data["lang"])
            fe.id(data["id"])
            fe.guid(data["id"], permalink=False)
            fe.title(data["title"])
            fe.link(href=data["url"], rel="alternate", type="text/html")
            if data["sign_url"]:
                fe.link(href=data["sign_url"], rel="related", title=data["sign_title"])
            fe.content(data["content"], type="CDATA" if mime == RSS else "html")
            if data["summary"]:
                fe.summary(as_text(data["summary"]))
            fe.published(data["published"])
            fe.updated(data["updated"])
            if data["author"]:
                if mime == RSS:
                    fe.dc.dc_creator(data["author"])
                else:
                    fe.author(name=data["author"])
            for term, label, scheme in data["categories"]:
                fe.category(term=term, label=label, scheme=scheme) if mime == ATOM else fe.category(term=label)
        if mime == RSS:
            fg.rss_file(str(target), pretty=False)
        else:
            fg.atom_file(str(target), pretty=False)

    def write_json(self, feed: Feed, entries, base, path, target):
        items = []
        for data in entries:
            item = {
                "id": data["id"],
                "url": data["url"],
                "title": data["title"],
                "content_html": data["content"],
                "date_published": data["published"].isoformat(),
                "date_modified": data["updated"].isoformat(),
                "language": data["lang"],
            }
            if data["summary"]:
                item["summary"] = data["summary"]
            if data["author"]:
                item["authors"] = [{"name": data["author"]}]
            if data["tags"]:
                item["tags"] = data["tags"]
            # No `external_url`: the spec means the page a link post is about,
            # and readers open it instead of the story. The sign link is in
            # the content, where the story asks readers to sign.
            items.append(item)
        document = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed.title,
            "home_page_url": f"{base}/{feed.home_url}",
            "feed_url": f"{base}/{path}",
            "description": feed.description,
            "language": feed.lang,
            "items": items,
        }
        target.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")

    def campaign_epoch(self):
        return datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
