"""One build's campaign: its facts, its petitions and its problems.

Loaded afresh at the start of every build (autoreload included), from inside
the content folder the build was pointed at.
"""

from __future__ import annotations

import datetime
import logging
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

import segno
from markdown import Markdown

from .code_memo import CodeMemo, fingerprint
from .dates import parse_date
from .facts import FactsRegistry, load_facts
from .gate import Gate
from .i18n import SOURCE_LANG, Catalogs, base_language, load_catalogs
from .languages import face_prefix, site_languages
from .markdown_ext import CampaignExtension, CodeFinder
from .names import NameMatcher
from .petitions import Petition, load_petitions
from .problems import Problems
from .settings import campaign_settings, derive_content_settings

logger = logging.getLogger(__name__)

# Stories; below this, reading the finished site at the end is quicker than
# starting another process to read it while it is written.
READ_EARLY_FROM = 200


# Each build's Campaign travels with that build's own settings dict, which
# Pelican hands (or copies into the context it hands) to every generator,
# content object and writer: no module state outlives a build.
BUILD_KEY = "CAMPAIGN_BUILD"


def campaign_of(settings) -> Campaign | None:
    return settings.get(BUILD_KEY) if settings is not None else None


@dataclass
class Campaign:
    settings: dict
    options: dict
    content_root: Path
    today: datetime.date
    facts: FactsRegistry
    petitions: dict[str, Petition]
    problems: Problems
    withdrawn: list = field(default_factory=list)  # articles taken out of every listing
    static_files: list = field(default_factory=list)  # taken from Pelican, written cleaned by pages.py
    name_matcher: NameMatcher = field(default_factory=NameMatcher)  # anonymous storytellers' names
    output_sources: dict = field(default_factory=dict)  # output path -> content file, for the gate
    unpublished_urls: dict = field(default_factory=dict)  # address -> why it must never be linked
    gate_at_exit: object = None  # the gate, run at exit if the build crashes before its end
    gate: Gate | None = None  # this build's privacy gate, reading files as they are written
    register: object = None  # the storyteller register (register.Register), when there are anonymous stories
    register_required: bool = True  # False only for a local preview, which may go on without it
    preview_without_register: bool = False  # a preview built without the register says so on every page
    storytellers: list = field(default_factory=list)  # names.Storyteller, from the register and legacy Authors
    catalogs: Catalogs = field(default_factory=lambda: Catalogs(None))  # every word the site prints (i18n.py)
    faces: dict = field(default_factory=dict)  # language -> faces.Face, made when the pages generator starts
    output: Path | None = None
    source_check: object = None  # validation.SourceCheck: what each content file's checks found
    cards: dict = field(default_factory=dict)  # page address -> cards.ShareCard, for its <head>
    _code_finder: CodeFinder | None = field(default=None, repr=False)

    def written(self, path):
        """A file was written: on a large site, the gate starts reading it now."""
        if self.gate is not None and self.output is not None and self.file_count >= READ_EARLY_FROM:
            self.gate.read_early(path, self.output)

    file_count: int = 0  # articles this build reads, for progress reports
    files_checked: int = 0  # articles and pages the validation read
    files_read: int = 0

    def petition_page_url(self, petition_id: str, lang: str | None = None) -> str:
        """A petition's page, on the face of `lang` (the site's own by default)."""
        return face_prefix(self.settings, self.options, lang) + self.options["petition_url"].format(id=petition_id)

    @property
    def default_lang(self) -> str:
        return base_language(self.settings.get("DEFAULT_LANG", SOURCE_LANG))

    @property
    def languages(self) -> list[str]:
        """Every language the site speaks, its own first (`CAMPAIGN["languages"]`)."""
        return site_languages(self.settings, self.options)

    def code_finder(self) -> CodeFinder:
        """The codes in a text as this build's Markdown reads them (made once)."""
        if self._code_finder is None:
            markdown = self.settings.get("MARKDOWN")
            memo = None
            if self.settings.get("CACHE_CONTENT") and self.settings.get("CACHE_PATH"):
                base = Path(self.settings.get("CAMPAIGN_CACHE_BASE") or self.settings["CACHE_PATH"])
                memo = CodeMemo(base, fingerprint(self.facts, self.petitions, markdown))
            self._code_finder = CodeFinder(self.facts, self.petitions, markdown, memo)
        return self._code_finder

    def save_code_memo(self):
        if self._code_finder is not None and self._code_finder.memo is not None:
            self._code_finder.memo.save()

    def markdown_extension(self, petition_href=None, lang: str | None = None) -> CampaignExtension:
        """`lang`: the language of a text with no `Lang:` (the site's by default)."""
        kwargs = {"lang": lang or self.settings.get("DEFAULT_LANG", "en")}
        if petition_href is not None:
            kwargs["petition_href"] = petition_href
        return CampaignExtension(facts=self.facts, petitions=self.petitions, catalogs=self.catalogs, **kwargs)

    def words(self, lang: str | None = None):
        return self.catalogs.words(lang)


def build_date(options: dict, settings: dict) -> datetime.date:
    # CAMPAIGN_TODAY previews the site as it will be on another day (a
    # deadline passed, a consent expired); tests pin it the same way.
    configured = os.environ.get("CAMPAIGN_TODAY") or options.get("today")
    if configured:
        parsed = parse_date(str(configured)) if not isinstance(configured, datetime.date) else configured
        if isinstance(parsed, datetime.datetime):
            return parsed.date()
        if parsed:
            return parsed
    timezone = settings.get("TIMEZONE")
    try:
        from zoneinfo import ZoneInfo

        return datetime.datetime.now(ZoneInfo(timezone)).date() if timezone else datetime.date.today()
    except Exception:  # an unknown zone is Pelican's to report
        return datetime.date.today()


def load_campaign(settings: dict) -> Campaign:
    options = campaign_settings(settings)
    derive_content_settings(settings, options)
    root = Path(settings["PATH"]).resolve()
    problems = Problems()
    today = build_date(options, settings)
    facts_path = root / options["facts_file"]
    facts = load_facts(
        facts_path,
        facts_path.relative_to(root).as_posix() if facts_path.is_relative_to(root) else str(facts_path),
        problems,
        settings.get("DEFAULT_LANG", SOURCE_LANG),
        site_languages(settings, options),
    )
    default_lang = settings.get("DEFAULT_LANG", "en")
    petitions = load_petitions(root / options["petitions_dir"], root, today, problems, default_lang)
    campaign = Campaign(settings, options, root, today, facts, petitions, problems)
    campaign.catalogs = load_catalogs(
        translations_folder(settings, options), settings.get("DEFAULT_LANG", "en"), problems
    )
    campaign.register_required = bool(options.get("register_required", True))
    render_petition_bodies(campaign)
    return campaign


def translations_folder(settings: dict, options: dict) -> Path | None:
    """`CAMPAIGN["translations"]`, else the theme's own `translations/`."""
    if options.get("translations"):
        return Path(options["translations"]).expanduser().resolve()
    theme = settings.get("THEME")
    return Path(theme) / "translations" if theme else None


def user_extensions(markdown_settings: dict) -> list:
    """The site's own Markdown extensions, without any campaign extension."""
    return [ext for ext in markdown_settings.get("extensions", []) if not isinstance(ext, CampaignExtension)]


def render_petition_bodies(campaign: Campaign):
    """A petition's demand is Markdown too, and may cite facts or petitions;
    so is each of its translations, rendered in its own language."""
    markdown_settings = campaign.settings.get("MARKDOWN", {})
    for petition in campaign.petitions.values():
        petition.page_url = campaign.petition_page_url(petition.id)
        petition.page_urls = {lang: campaign.petition_page_url(petition.id, lang) for lang in campaign.languages}

    for petition in campaign.petitions.values():
        for text in [petition, *petition.translations.values()]:
            # Petition pages are not Pelican content, so their links to other
            # petitions are made relative here rather than through `{filename}`.
            page_url = petition.page_urls.get(text.lang, petition.page_url)
            here = posixpath.dirname(page_url.rstrip("/")) if not page_url.endswith("/") else page_url

            def href(pid, lang=None, here=here, text_lang=text.lang):
                return posixpath.relpath(campaign.petition_page_url(pid, lang or text_lang), here) + "/"

            # The text's language speaks in its boxes, as a story's Lang does.
            extension = campaign.markdown_extension(petition_href=href, lang=text.lang)
            md = Markdown(
                extensions=user_extensions(markdown_settings) + [extension],
                extension_configs=markdown_settings.get("extension_configs", {}),
                output_format="html5",
            )
            text.body_html = md.convert(text.body_markdown)  # sanitized as its last step
        # The printed code is described in the words of each page that prints it.
        for lang in campaign.languages:
            words = campaign.words(lang)
            petition.qr_svgs[lang] = qr_code(petition.url, words.gettext("QR code: {url}", url=petition.url))
        petition.qr_svg = petition.qr_svgs.get(petition.lang) or qr_code(
            petition.url, campaign.words(petition.lang).gettext("QR code: {url}", url=petition.url)
        )


# A printed QR code scans from arm's length when each module is about a
# millimetre and the code, quiet zone included, is no smaller than 3 cm.
QR_MODULE_MM = 1.0
QR_SMALLEST_MM = 30


def qr_code(url: str, title: str) -> str:
    """The sign link as an inline SVG QR code, for printed flyers: sized in
    millimetres, with a viewBox so it scales rather than clips, its quiet zone
    of four modules drawn white so nothing printed around it can eat into it."""
    code = segno.make(url, error="m")
    modules = code.symbol_size(scale=1)[0]  # the quiet zone included
    scale = max(QR_MODULE_MM, QR_SMALLEST_MM / modules)
    return code.svg_inline(scale=round(scale, 3), unit="mm", light="#fff", title=title, svgclass="qr-code")
