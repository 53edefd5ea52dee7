"""The pages the plugin adds: petitions, each type's listing, withdrawn notices."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pelican.generators import Generator

from . import assets
from .campaign import BUILD_KEY
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
        # `{filename}/petitions/ID.md` in any article resolves to the petition page.
        for petition in self.campaign.petitions.values():
            self.context["generated_content"][petition.source_path] = PageLink(
                petition.page_url, options["petition_save_as"].format(id=petition.id)
            )

    def generate_context(self):
        petitions = sorted(
            self.campaign.petitions.values(),
            key=lambda p: (not p.is_open, p.status != "won", p.title.lower()),
        )
        self.context["petitions"] = petitions
        self.context["facts"] = list(self.campaign.facts.values())
        self.context["petitions_url"] = self.campaign.options["petitions_index_url"]
        self.context.update(
            theme_context(self.campaign.options, self.settings, self.context.get("articles", []), self.campaign.words())
        )

    def generate_output(self, writer):
        self.write_pages(writer)
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
                petition=petition,
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
            )
