"""The site's faces: one per language it speaks.

The site's own language (`DEFAULT_LANG`) is the face at the root; every
other language in `CAMPAIGN["languages"]` has one under `/<lang>/`: the
home page, every listing, the petitions, the subscribe page and the feeds,
in that language's words. A face shows each story in its language where
there is a version in it (the story itself or its translation), lists those
first (the root face keeps plain newest-first order: it is the whole
campaign as it happened), and marks the rest with their own language.

Every page is written through `FaceWriter`, which gives the page the face of
its language: a story's page is its `Lang`'s, a face's page is the face's. So
a Spanish story speaks Spanish all round (menu, footer, share links) and
leads to the Spanish listings, and every page knows its versions in the
other languages (`<link rel="alternate" hreflang>` and the language switch).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pelican.writers import Writer

from .campaign import BUILD_KEY
from .i18n import PAGE_LANG, Catalogs, Words, base_language, language_name
from .languages import face_prefix, site_languages


@dataclass
class FacePage:
    """One page a face writes besides the stories: where, with which template and values."""

    save_as: str  # as the root face has it: "testimonies/index.html"
    url: str
    template: str
    values: dict = field(default_factory=dict)


@dataclass
class Face:
    lang: str
    prefix: str  # "" for the site's own language, "es/" for Spanish
    catalogs: Catalogs  # (Words cannot be pickled, and Pelican's cache pickles what the settings hold)
    context: dict = field(default_factory=dict)  # what the theme is given on this face's pages
    pages: list[FacePage] = field(default_factory=list)  # what only a face of another language writes
    mirrored: set[str] = field(default_factory=set)  # the root pages (save_as) this face has a version of

    @property
    def words(self) -> Words:
        return self.catalogs.words(self.lang)

    def url(self, url: str) -> str:
        """A root page's address on this face: the face's own version where
        it has one (`regions/x/` is `es/regions/x/`), else the page itself."""
        return self.prefix + url if self.prefix and save_as_of(url) in self.mirrored else url


def save_as_of(url: str) -> str:
    return url + "index.html" if url == "" or url.endswith("/") else url


def url_of(save_as: str) -> str:
    return save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as


def version_in(article, lang: str):
    """The story as a reader of `lang` gets it: itself when it is in `lang`,
    else its translation into `lang`, else itself."""
    if base_language(article.lang) == lang:
        return article
    for other in getattr(article, "translations", []):
        if base_language(other.lang) == lang:
            return other
    return article


def shown_in(articles, lang: str, own_first: bool = True) -> list:
    """Each story once, in `lang` where it can be; those in `lang` first when
    `own_first`, each group in the order given (newest first)."""
    versions = [version_in(article, lang) for article in articles]
    if not own_first:
        return versions
    own = [v for v in versions if base_language(v.lang) == lang]
    return own + [v for v in versions if base_language(v.lang) != lang]


def make_faces(campaign) -> dict[str, Face]:
    """A face for each language the site speaks, before anything is written."""
    settings, options = campaign.settings, campaign.options
    return {
        lang: Face(lang, face_prefix(settings, options, lang), campaign.catalogs)
        for lang in site_languages(settings, options)
    }


def face_of(campaign, lang: str | None) -> Face:
    """The face a page in `lang` belongs to; the site's own for a language it has no face in."""
    faces = campaign.faces
    return faces.get(base_language(lang)) or faces[campaign.default_lang]


class FaceWriter(Writer):
    """Pelican's writer, giving each page its language's face: the face's
    words, menu and listings, and links to the page in the other languages.
    The page's language is `page_lang` when the writer is told it (a face's
    pages), else the language of the story or page being written."""

    def write_file(self, name, template, context, *args, **kwargs):
        campaign = context.get(BUILD_KEY)
        if campaign is not None and campaign.faces and name:
            item = kwargs.get("article") or kwargs.get("page")
            lang = kwargs.get(PAGE_LANG) or getattr(item, "lang", None) or campaign.default_lang
            face = face_of(campaign, lang)
            alternates = page_alternates(campaign, face, name, item)
            kwargs = {
                **face.context,
                PAGE_LANG: face.lang,
                "page_alternates": alternates,
                "language_links": language_links(campaign, face, alternates),
                **kwargs,
            }
        return super().write_file(name, template, context, *args, **kwargs)


def page_alternates(campaign, face: Face, name: str, item) -> list[dict]:
    """The page in every language it is written in, this one included, for
    `<link rel="alternate" hreflang>`: a story and its translations, a
    face's page and its versions on the other faces. Empty when there is
    only the one."""
    versions = []
    if item is not None and hasattr(item, "translations"):
        for version in [item, *item.translations]:
            versions.append((base_language(version.lang), version.url))
    else:
        root = name[len(face.prefix) :] if face.prefix and name.startswith(face.prefix) else name
        versions.append((campaign.default_lang, url_of(root)))
        for other in campaign.faces.values():
            if other.prefix and root in other.mirrored:
                versions.append((other.lang, other.prefix + url_of(root)))
    if len(versions) < 2:
        return []
    # The site's own language first: it is also the x-default.
    order = {lang: rank for rank, lang in enumerate(campaign.faces)}
    found = sorted(dict(versions).items(), key=lambda item: order.get(item[0], len(order)))
    return [{"lang": lang, "url": url, "name": language_name(lang)} for lang, url in found]


def language_links(campaign, face: Face, alternates: list[dict]) -> list[dict]:
    """The language switch: for each other language, this page in it, or
    that language's home page when this page has no version in it."""
    same_page = {alternate["lang"]: alternate["url"] for alternate in alternates}
    links = []
    for other in campaign.faces.values():
        if other.lang == face.lang:
            continue
        links.append(
            {
                "lang": other.lang,
                "name": language_name(other.lang),
                "url": same_page.get(other.lang, other.prefix),
                "same_page": other.lang in same_page,
            }
        )
    return links
