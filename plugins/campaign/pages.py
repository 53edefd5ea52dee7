"""The pages the plugin adds: petitions, each type's listing, withdrawn
notices, and each language's face (faces.py): its home page, listings,
petitions and subscribe page, written from the same templates."""

from __future__ import annotations

import dataclasses
import posixpath
from dataclasses import dataclass
from pathlib import Path

from pelican.generators import Generator

from . import assets
from .campaign import BUILD_KEY
from .faces import Face, FacePage, make_faces, shown_in, version_in
from .i18n import PAGE_LANG
from .settings import canonical_siteurl
from .theme_context import theme_context


@dataclass
class PageLink:
    """Enough of a Pelican content object for `{filename}` links and the sitemap."""

    url: str
    save_as: str
    status: str = "published"


class CampaignPagesGenerator(Generator):
    campaign = None  # set on the subclass made for each build (hooks.start_build)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = self.campaign.options
        # The context is shared by every generator and the writer: the gate's
        # early reading (on `content_written`) finds this build's Campaign here.
        self.context[BUILD_KEY] = self.campaign
        # The context is shared by every generator: each page of a preview
        # built without the storyteller register shows this warning.
        self.context["CAMPAIGN_PREVIEW_WITHOUT_REGISTER"] = self.campaign.preview_without_register
        # Pelican copied the settings into the context before this build
        # started: the canonical address is derived here, after any `-e`.
        self.context["CANONICAL_SITEURL"] = canonical_siteurl(self.settings)
        # `{filename}/petitions/ID.md` in any article resolves to the petition
        # page, and `ID.es.md` (a Spanish story's link) to its Spanish face's.
        self.campaign.faces = make_faces(self.campaign)
        for petition in self.campaign.petitions.values():
            folder = posixpath.dirname(petition.source_path)
            for face in self.campaign.faces.values():
                source = petition.source_path if not face.prefix else f"{folder}/{petition.id}.{face.lang}.md"
                self.context["generated_content"][source] = PageLink(
                    petition.page_urls.get(face.lang, petition.page_url),
                    face.prefix + options["petition_save_as"].format(id=petition.id),
                )

    def generate_context(self):
        petitions = sorted(
            self.campaign.petitions.values(),
            key=lambda p: (not p.is_open, p.status != "won", p.title.lower()),
        )
        self.context["petitions"] = petitions
        self.context["facts"] = list(self.campaign.facts.values())
        self.context["petitions_url"] = self.campaign.options["petitions_index_url"]
        own = theme_context(
            self.campaign.options, self.settings, self.context.get("articles", []), self.campaign.words()
        )
        self.context.update(own)
        for face in self.campaign.faces.values():
            if face.prefix:
                self.prepare_face(face, petitions)
            else:
                face.context = {
                    **own,
                    "petitions": petitions,
                    "petitions_url": self.context["petitions_url"],
                    "home_url": "",
                }

    def prepare_face(self, face: Face, petitions: list):
        """What a face in another language shows, and the pages it writes:
        each story in the face's language where it has a version in it,
        those first; the petitions in their translations' words."""
        options, settings, lang = self.campaign.options, self.settings, face.lang
        articles = shown_in(self.context.get("articles", []), lang)
        theme = theme_context(options, settings, articles, face.words, face.prefix)
        shown = [
            dataclasses.replace(petition.in_language(lang), thread=shown_in(petition.thread, lang))
            for petition in petitions
        ]
        face.context = {
            **theme,
            "petitions": shown,
            "petitions_url": face.prefix + options["petitions_index_url"],
            "home_url": face.prefix,
            "pages": [version_in(page, lang) for page in self.context.get("pages", [])],
            # The union's name and tagline in this language, where the settings give them.
            **(options.get("translated_settings") or {}).get(lang, {}),
        }
        # The root's listings, in the face's words and order.
        dates = shown_in(self.context.get("dates", []), lang, own_first=False)
        terms = {
            name: [(term, shown_in(items, lang)) for term, items in self.context.get(name, [])]
            for name in ("categories", "tags", "authors")
        }
        listing = {"articles": articles, "dates": dates, **terms}
        pages = []
        for template in settings.get("DIRECT_TEMPLATES", []):
            save_as = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
            if save_as and template != "404":  # a server shows the root's for any missing address
                url = settings.get(f"{template.upper()}_URL", "" if template == "index" else f"{template}.html")
                values = {**listing, "template_name": template, "page_name": f"{face.prefix}{template}"}
                pages.append(FacePage(save_as, url, template, values))
        for name, template in (("categories", "category"), ("tags", "tag"), ("authors", "author")):
            for term, items in terms[name]:
                if term.save_as:
                    values = {**listing, template: term, "articles": items, "dates": shown_in(items, lang, False)}
                    pages.append(FacePage(term.save_as, term.url, template, values))
        for type_id, content_type in theme["content_types"].items():
            items = [a for a in articles if getattr(a, "type", None) == type_id]
            values = {"content_type": type_id, "type_info": content_type, "type_articles": items, "page_name": type_id}
            root = options["type_index_save_as"].format(type=type_id)
            pages.append(FacePage(root, options["type_index_url"].format(type=type_id), "type_index", values))
        pages.append(
            FacePage(
                options["petitions_index_save_as"],
                options["petitions_index_url"],
                "petitions",
                {"page_name": "petitions"},
            )
        )
        for petition in shown:
            save_as = options["petition_save_as"].format(id=petition.id)
            values = {
                "petition": petition,
                "page": PageLink(petition.page_url, face.prefix + save_as),
                "page_name": f"petitions/{petition.id}",
            }
            pages.append(FacePage(save_as, options["petition_url"].format(id=petition.id), "petition", values))
        face.pages = pages
        face.mirrored = {page.save_as for page in pages}

    def generate_output(self, writer):
        self.write_pages(writer)
        assets.write_theme_css(self.settings, Path(self.output_path))
        assets.write_brand_css(self.settings, Path(self.output_path))
        assets.write_favicons(self.settings, Path(self.output_path))
        assets.write_static_files(self.campaign, self.context, Path(self.output_path))

    def write_pages(self, writer):
        """The pages rendered from templates (a live preview rewrites some of
        them alone, through a writer that skips the others)."""
        options = self.campaign.options
        relative = self.settings.get("RELATIVE_URLS", False)
        petitions = self.context["petitions"]

        writer.write_file(
            options["petitions_index_save_as"],
            self.get_template("petitions"),
            self.context,
            relative_urls=relative,
            url=options["petitions_index_url"],
            page_name="petitions",
        )
        for petition in petitions:
            writer.write_file(
                options["petition_save_as"].format(id=petition.id),
                self.get_template("petition"),
                self.context,
                relative_urls=relative,
                url=petition.page_url,
                petition=petition.in_language(self.campaign.default_lang),
                page=PageLink(petition.page_url, options["petition_save_as"].format(id=petition.id)),
                page_name=f"petitions/{petition.id}",
            )

        articles = self.context.get("articles", [])
        for type_id in options["types"]:
            url = options["type_index_url"].format(type=type_id)
            writer.write_file(
                options["type_index_save_as"].format(type=type_id),
                self.get_template("type_index"),
                self.context,
                relative_urls=relative,
                url=url,
                page_name=type_id,
                content_type=type_id,
                type_info=self.context["content_types"][type_id],
                type_articles=[a for a in articles if getattr(a, "type", None) == type_id],
            )

        for face in self.campaign.faces.values():
            for face_page in face.pages:
                writer.write_file(
                    face.prefix + face_page.save_as,
                    self.get_template(face_page.template),
                    self.context,
                    relative_urls=relative,
                    url=face.prefix + face_page.url,
                    **{PAGE_LANG: face.lang},
                    **face_page.values,
                )

        # A withdrawn story's old address says so, and says nothing else.
        for article in self.campaign.withdrawn:
            writer.write_file(
                article.save_as,
                self.get_template("withdrawn"),
                self.context,
                relative_urls=relative,
                url=article.url,
                page=PageLink(article.url, article.save_as, status="withdrawn"),
                page_name="withdrawn",
                # Whoever kept the link reads the notice in the story's language.
                **{PAGE_LANG: article.lang},
            )
