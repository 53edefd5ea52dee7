"""The plugin's part in a Pelican build, in the order Pelican runs it.

1. `start_build` (get_generators): load and check the campaign (facts,
   petitions, every content file, the storyteller register); stop on any
   error; refuse an unsafe output folder; install the Markdown extension and
   the Jinja filters bound to this build's Campaign; return its generators.
2. `hide_anonymous_author` (article_generator_context): an anonymous story
   has no author, and takes its consent from the register.
3. `add_facts_and_petition` (content_object_init): summaries, facts and the
   petition of each article. (The boxes went into the content while Markdown
   read it, because Pelican writes feeds before article pages.)
4. `sort_out_articles` (article_generator_pretaxonomy): withdrawn, off-web and
   draft stories leave every list; series and related stories are linked.
5. `take_static_files` (static_generator_finalized): no file is copied as it is.
6. `draw_share_cards` (all_generators_finalized): every story's and
   petition's share card, checked for names, before any page is written.
7. `read_early` (content_written): the privacy gate starts reading.
8. `finish_build` (finalized, connected last): the search index, then the
   privacy gate, which reads the index too.
"""

from __future__ import annotations

import atexit
import functools
import sys
import time
from pathlib import Path

from markupsafe import escape
from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator

from . import cards, gate, i18n, search, sitemap, statics
from .cache import cache_saved, use_campaign_cache
from .campaign import BUILD_KEY, Campaign, campaign_of, user_extensions
from .consent import consent_scope, is_withdrawn, is_yes, kept_off_the_web
from .faces import FaceWriter
from .feeds import CampaignFeedsGenerator
from .folders import output_folder_problem, protected_folders
from .linking import link_related, link_series, link_translations
from .markdown_ext import LEDE_KEY
from .pages import CampaignPagesGenerator
from .problems import CampaignContentError, Problems, quiet_content_error_tracebacks, stop_on_errors
from .sanitize import sanitize
from .settings import has_search, has_share_cards, story_types
from .settings_source import SettingsSource
from .story import Story, photo_from, story_of
from .templating import install_filters
from .validation import load_and_check


def start_build(pelican):
    quiet_content_error_tracebacks()
    pelican.settings.pop(BUILD_KEY, None)
    campaign = load_and_check(pelican.settings)
    problems = campaign.problems
    unsafe = output_folder_problem(
        Path(pelican.output_path), campaign.content_root, protected_folders(pelican.settings, Path.cwd())
    )
    if unsafe:
        where = SettingsSource(pelican.settings).where("OUTPUT_PATH")
        problems.error(*where, unsafe, "build into a folder of its own, such as output/")
    # Warnings are printed plainly too, one per line: a log formatter would
    # wrap a long path:line and make it unreadable.
    warnings = [str(p) for p in problems.in_order() if p.severity != "error"]
    if warnings and not problems.errors:
        sys.stderr.write("\n".join(warnings) + "\n")
    stop_on_errors(problems)
    install_markdown_extension(pelican.settings, campaign)
    install_filters(pelican.settings, campaign)
    use_campaign_cache(pelican.settings, campaign)
    pelican.settings[BUILD_KEY] = campaign
    campaign.output = Path(pelican.output_path)
    # Connected now, after every plugin's register(), so that the gate reads
    # what other plugins write at `finalized` (the sitemap) too.
    signals.finalized.connect(finish_build)
    campaign.gate = new_gate(campaign)
    # A build that crashes after writing never reaches `finalized`, where the
    # gate runs; Pelican's command line then exits, so the gate runs at exit.
    campaign.gate_at_exit = functools.partial(gate_after_a_crash, campaign, Path(pelican.output_path))
    atexit.register(campaign.gate_at_exit)
    # Generator classes made for this build, each holding its Campaign.
    return (
        type("CampaignPagesGenerator", (CampaignPagesGenerator,), {"campaign": campaign}),
        type("CampaignFeedsGenerator", (CampaignFeedsGenerator,), {"campaign": campaign}),
    )


def face_writer(pelican):
    """get_writer: every page is written with the face of its language."""
    return FaceWriter


def install_words(generator):
    """Each generator's Jinja environment speaks this build's catalogs (generator_init)."""
    campaign = campaign_of(generator.settings)
    if campaign is not None:
        i18n.install_in_environment(generator.env, campaign.catalogs)


PROGRESS_FROM = 200  # files; smaller sites build too fast to need it


def report_progress(generator):
    """A large build says how far it has got, so it never looks hung."""
    campaign = campaign_of(generator.settings)
    if campaign is None or campaign.file_count < PROGRESS_FROM:
        return
    campaign.files_read += 1
    step = max(1, campaign.file_count // 10)
    if campaign.files_read % step == 0 or campaign.files_read == campaign.file_count:
        sys.stderr.write(f"Reading stories: {campaign.files_read}/{campaign.file_count}\n")
        sys.stderr.flush()


def install_markdown_extension(settings: dict, campaign: Campaign):
    """Merge into MARKDOWN (which replaces Pelican's defaults when a site sets
    it), replacing the extension of any earlier build, so it is there once."""
    markdown = settings.setdefault("MARKDOWN", {})
    markdown["extensions"] = user_extensions(markdown) + [campaign.markdown_extension()]


def hide_anonymous_author(generator, metadata):
    """An anonymous story has no author, and its consent comes from the
    storyteller register (validation already compared the two)."""
    if not is_yes(metadata.get("anonymous")):
        return
    metadata.pop("author", None)
    metadata.pop("authors", None)
    campaign = campaign_of(generator.settings)
    register = campaign.register if campaign is not None else None
    entry = register.entries.get(str(metadata.get("storyteller") or "").strip()) if register is not None else None
    if entry is not None:
        metadata.update(entry.consent_metadata())


def add_facts_and_petition(instance):
    """Links each article to its facts and petition for the templates, and
    settles its summary. The boxes themselves went into the content while
    Markdown read it (markdown_ext.ArticleMetadataTreeprocessor)."""
    campaign = campaign_of(instance.settings)
    if campaign is None:
        return
    metadata = instance.metadata
    # Markdown was sanitized as the extension's last step (and so is cached
    # clean); anything read by another reader is sanitized here. Edit
    # `_content` only: `.content` is memoized.
    if metadata_reader(instance) != "markdown":
        instance._content = sanitize(instance._content or "")
    if metadata.get("summary"):
        metadata["summary"] = sanitize(metadata["summary"])
    elif metadata.get("quote"):
        metadata["summary"] = f"<p>{escape(metadata['quote'])}</p>"
    elif metadata.get(LEDE_KEY):
        metadata["summary"] = f"<p>{escape(metadata[LEDE_KEY])}</p>"
    if not isinstance(instance, Article):
        return
    instance.story = Story(
        petition=campaign.petitions.get((metadata.get("petition") or "").strip()),
        anonymous=is_yes(metadata.get("anonymous")),
        printable="print" in consent_scope(metadata),
        photo=photo_from(metadata, campaign.content_root),
    )
    keep_own_address(instance)


def keep_own_address(article):
    """A story written in another language (not a translation) keeps the
    address every story has, `/testimonies/<slug>/`; Pelican would otherwise
    give it the `_LANG_` address meant for translations."""
    if article.in_default_lang or is_yes(article.metadata.get("translation")):
        return
    if "url" in article.metadata or "save_as" in article.metadata:
        return
    fields = article.url_format
    article.override_url = article.settings["ARTICLE_URL"].format(**fields)
    article.override_save_as = article.settings["ARTICLE_SAVE_AS"].format(**fields)


def metadata_reader(instance) -> str:
    return str(instance.metadata.get("reader", ""))


def sort_out_articles(generator):
    """Withdrawn stories (whatever their Status, expired consent included)
    leave every list and keep only a neutral notice at their address; a story
    whose consent has no `web` is not written at all."""
    campaign = campaign_of(generator.settings)
    if campaign is None:
        return
    campaign.withdrawn = []
    unpublished = campaign.unpublished_urls
    for name in ("articles", "translations", "hidden_articles", "hidden_translations", "drafts", "drafts_translations"):
        kept = []
        for article in getattr(generator, name):
            if name.startswith("drafts"):
                # Never written, whatever its Save_as; its address, and the
                # one it will have once published, must not be linked.
                unpublished[article.url] = "the address of a draft"
                unpublished[future_url(article)] = "the address a draft will have once published"
            elif kept_off_the_web(article.metadata):
                unpublished[article.url] = "the address of a story kept off the website (no `web` in its Consent-Scope)"
            elif is_withdrawn(article.metadata, campaign.today):
                campaign.withdrawn.append(article)
            else:
                kept.append(article)
        setattr(generator, name, kept)
    # A translation goes with its original.
    withdrawn_slugs = {(getattr(article, "type", None), article.slug) for article in campaign.withdrawn}
    for name in ("translations", "hidden_translations"):
        kept = []
        for article in getattr(generator, name):
            (campaign.withdrawn if (getattr(article, "type", None), article.slug) in withdrawn_slugs else kept).append(
                article
            )
        setattr(generator, name, kept)
    gone = {article.url for article in campaign.withdrawn} | set(unpublished)
    for article in (
        generator.articles + generator.translations + generator.hidden_articles + generator.hidden_translations
    ):
        unpublished.pop(article.url, None)  # a draft may share a slug with a live story in another folder
    for article in (
        generator.articles + generator.translations + generator.hidden_articles + generator.hidden_translations
    ):
        article.translations = [t for t in getattr(article, "translations", []) if t.url not in gone]
    for petition in campaign.petitions.values():
        petition.thread = []
    # Originals only: each face shows a story in its own language (faces.py).
    for article in generator.articles:
        petition = story_of(article).petition
        if petition is not None:
            petition.thread.append(article)
    for petition in campaign.petitions.values():
        petition.thread.sort(key=lambda a: a.date, reverse=True)
    link_series(generator.articles)
    link_related(generator.articles, campaign.options["related_count"], story_types(campaign.options))
    link_translations(generator.articles)


def future_url(article) -> str:
    return article.settings["ARTICLE_URL"].format(**article.url_format)


def drop_draft_pages(generator):
    """A draft page is never written either, whatever its Save_as."""
    campaign = campaign_of(generator.settings)
    if campaign is None:
        return
    for page in getattr(generator, "draft_pages", []) + getattr(generator, "draft_translations", []):
        campaign.unpublished_urls[page.url] = "the address of a draft"
    generator.draft_pages, generator.draft_translations = [], []
    generator.context["draft_pages"] = []


def mark_cache_saved(generators):
    """all_generators_finalized: the content cache is whole again (cache.py)."""
    if generators and campaign_of(generators[0].settings) is not None:
        cache_saved(generators[0].settings)


def stop_on_unreadable_files(generators):
    """Pelican logs a file it could not read and builds without it; a
    campaign site must not quietly lose a story, so the build stops."""
    campaign = campaign_of(generators[0].settings) if generators else None
    if campaign is None:
        return
    context = generators[0].context
    failed = sorted(path for path, item in context.get("generated_content", {}).items() if item is None)
    if failed:
        problems = Problems()
        for path in failed:
            problems.error(path, 1, "Pelican could not read this file", "see the error printed above it")
        sys.stderr.write(problems.report() + "\n")
        raise CampaignContentError(problems)


def draw_share_cards(generators):
    """Every story's and petition's share card, before any page that names
    it is written (all_generators_finalized): drawn, or taken from the cache."""
    campaign = campaign_of(generators[0].settings) if generators else None
    if campaign is None or campaign.output is None:
        return
    if not has_share_cards(campaign.options):
        cards.take_down_all(campaign.output)
        campaign.cards = {}  # each page's <head> falls back to its photo or the logo
        return
    articles = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            for name in ("articles", "translations", "hidden_articles", "hidden_translations"):
                articles += getattr(generator, name, [])
    campaign.cards = cards.make_cards(campaign, articles, campaign.output)


def take_static_files(generator):
    """Every static file leaves Pelican's byte-for-byte copying: pages.py
    writes each one cleaned, and a file that cannot be cleaned stops the build."""
    campaign = campaign_of(generator.settings)
    if campaign is None:
        return
    problems = Problems()
    generator.staticfiles = [s for s in generator.staticfiles if not statics.is_junk(Path(s.source_path))]
    for static in generator.staticfiles:
        refused = statics.refusal(Path(static.source_path), campaign.content_root)
        if refused:
            problems.error(
                static.relative_source_path,
                1,
                f"this file {refused}",
                "remove it from content/, or replace it with a picture that can be cleaned",
            )
    stop_on_errors(problems)
    campaign.static_files = list(generator.staticfiles)
    generator.staticfiles = []
    generator.context["staticfiles"] = []


def read_early(path, context=None):
    """Pelican wrote a file (`content_written`): the gate may start reading it."""
    campaign = (context or {}).get(BUILD_KEY)
    if campaign is not None:
        campaign.written(path)


def remember_sources(generators):
    """Which content file each output file was written for, so the gate can
    name the source of what it finds."""
    campaign = campaign_of(generators[0].settings) if generators else None
    if campaign is None:
        return
    for item in generators[0].context.get("generated_content", {}).values():
        save_as = getattr(item, "save_as", None)
        source = getattr(item, "relative_source_path", None)
        if save_as and source:
            campaign.output_sources[save_as] = source


def new_gate(campaign: Campaign) -> gate.Gate:
    searching = has_search(campaign.settings, campaign.options)
    return gate.Gate(
        campaign.name_matcher,
        campaign.output_sources,
        campaign.unpublished_urls,
        search=search.search_files(campaign.settings) if searching else None,
    )


def build_search_index(campaign: Campaign, output: Path) -> Problems:
    """Pagefind indexes the finished pages, before the gate reads them all."""
    problems = Problems()
    if has_search(campaign.settings, campaign.options):
        search.publish_script(campaign.settings, output, problems)
        cache = campaign.settings.get("CAMPAIGN_CACHE_BASE") or campaign.settings.get("CACHE_PATH")
        sys.stderr.write(search.build_index(output, problems, Path(cache) if cache else None).line())
    return problems


def run_privacy_gate(campaign: Campaign, output: Path):
    """The last step of every build: the finished output, every byte and path."""
    if campaign.gate_at_exit is not None:
        atexit.unregister(campaign.gate_at_exit)
        campaign.gate_at_exit = None
    checker = campaign.gate or new_gate(campaign)
    started = time.monotonic()
    problems, leaking = checker.scan(output)
    sys.stderr.write(
        f"Privacy gate: read {checker.files_read:,} files ({checker.bytes_read / 1e6:.1f} MB) "
        f"and every name; {time.monotonic() - started:.2f} s after the last file was written.\n"
    )
    if problems.errors:
        gate.remove(leaking)
        problems.append(gate.removal_note(leaking, output))
        stop_on_errors(problems)


def gate_after_a_crash(campaign: Campaign, output: Path):
    try:
        run_privacy_gate(campaign, output)
    except CampaignContentError:
        pass  # reported, and the leaking files are gone
    except Exception as error:  # noqa: BLE001 - at exit, say what failed rather than raise
        sys.stderr.write(
            f"The privacy gate could not check {output} after the build stopped ({error}): "
            "do not publish that folder.\n"
        )


def finish_build(pelican):
    campaign = pelican.settings.pop(BUILD_KEY, None)
    if campaign is not None:
        output = Path(pelican.output_path)
        sitemap.drop_invented_dates(output)
        indexing = build_search_index(campaign, output)
        run_privacy_gate(campaign, output)  # a failed index stops the build only once the gate has run
        stop_on_errors(indexing)
