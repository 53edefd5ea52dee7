"""The site a live preview keeps in memory between edits (tools/preview.py).

A whole build runs in this process, so its Pelican generators, their context
and its Campaign stay here afterwards. An edited story is then read again
alone, put in its old one's place, and only the pages that show it are
rendered again with the theme, through Pelican's own Writer and generators
(`Plan`: the story's page first, then its listings, then its feeds).

Every file is written into a staging folder beside the served one and read
there by the privacy gate (gate.Gate.check_files); only files that pass are
moved into the served folder, one `rename` each, so a browser never gets a
half-written page and nothing the gate has not read is ever served.
"""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import sys
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from campaign import gate as privacy_gate
from campaign import privacy
from campaign.campaign import BUILD_KEY, render_petition_bodies
from campaign.consent import is_withdrawn, is_yes, kept_off_the_web
from campaign.facts import load_facts
from campaign.feeds import CampaignFeedsGenerator
from campaign.frontmatter import read_header
from campaign.pages import CampaignPagesGenerator
from campaign.petitions import load_petitions
from campaign.problems import CampaignContentError, Problems
from campaign.recheck import recheck
from campaign.sitemap import forget_unfinished_build
from campaign.story import story_of
from campaign.validation import check_body_tokens, split_ids, teller_sources
from pelican import Pelican, signals
from pelican.contents import Article, Page, SkipStub
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.settings import read_settings
from pelican.utils import posixize_path
from pelican.writers import Writer

from tools.publishing import fresh_folder, swap_in

# What a petition's call to action shows inside the stories that name it; a
# change to anything else of a petition (its text) shows on its own page only.
PETITION_BLOCK = ("title", "url", "summary", "goal", "signatures", "deadline", "outcome", "status")
PETITION_FIELDS = PETITION_BLOCK + ("lang", "body_markdown", "body_line")


@dataclass
class Plan:
    """What to write after a change, in order: the edited pages first, then
    the listings that show them, then the feeds they are in. Empty lists and
    `rebuild` False: nothing to write. `rebuild`: only a whole build can tell."""

    pages: list = field(default_factory=list)  # output paths (save_as)
    listings: list = field(default_factory=list)
    feeds: list = field(default_factory=list)  # feed keys ("all", "petition:caseload-cap")
    problems: Problems | None = None  # set when the change was refused: the campaign's problems
    edited: Problems = field(default_factory=Problems)  # the changed files' own problems (warnings)
    rebuild: bool = False


@dataclass
class Written:
    """What one pass wrote into the served folder, or why it wrote nothing."""

    paths: list = field(default_factory=list)  # relative to the site
    problems: Problems = field(default_factory=Problems)  # the gate's, when it refused


class _StagingWriter(Writer):
    """Pelican's Writer, asked by the generators for every page as in a
    build, writes only the pages wanted (the others cost a name lookup)."""

    def __init__(self, output_path, settings, wanted):
        super().__init__(output_path, settings=settings)
        self.wanted = set(wanted)

    def write_file(self, name, *args, **kwargs):
        if name in self.wanted:
            return super().write_file(name, *args, **kwargs)
        return None


class LiveSite:
    """The last good build of a content folder, kept up to date edit by edit."""

    def __init__(self, settings_file: Path, content: Path, output: Path, overrides: dict):
        self.settings_file = Path(settings_file)
        self.content = Path(content).resolve()
        self.output = Path(output).resolve()
        self.overrides = overrides
        self.settings: dict | None = None
        self.generators: list = []
        self.campaign = None
        self._staging: Path | None = None  # beside the served folder, for the files not yet gated
        self._removing: list = []

    # --- whole builds -----------------------------------------------------

    def read_settings(self, output: Path) -> dict:
        override = {"PATH": str(self.content), "OUTPUT_PATH": str(output), **self.overrides}
        return read_settings(str(self.settings_file), override=override)

    def build(self) -> Problems | None:
        """Build everything into a fresh folder and swap it in; the problems
        that stopped it (the served site untouched) or None."""
        fresh = fresh_folder(self.output)
        settings = None
        captured = []
        gc.unfreeze()  # the last build's objects may go once this one is kept

        def keep(generators):
            if generators and generators[0].settings is settings:
                captured[:] = list(generators)

        forget_unfinished_build()
        signals.all_generators_finalized.connect(keep, weak=False)
        try:
            settings = self.read_settings(fresh)
            Pelican(settings).run()
        except CampaignContentError as error:  # its problems are printed already
            return self._failed(fresh, settings, error.problems)
        except Exception as error:  # noqa: BLE001 - a theme or settings mistake: one line, no traceback
            problems = Problems()
            problems.error(*where(error, self.settings_file), f"the build stopped: {type(error).__name__}: {error}")
            sys.stderr.write(problems.report() + "\n")
            return self._failed(fresh, settings, problems)
        finally:
            signals.all_generators_finalized.disconnect(keep)
        swap_in(fresh, self.output, discard=self._discard)
        self.settings, self.generators = settings, captured
        campaign = captured[0].context[BUILD_KEY]
        # From now on this process writes one page at a time and gates each
        # one itself (render): the build's early reader and progress
        # reports are for whole builds.
        campaign.gate = None
        campaign.file_count = 0
        campaign.output = self.output
        settings[BUILD_KEY] = campaign  # the hooks that read a story again find it here
        for generator in captured:
            generator.output_path = str(self.output)
        self.campaign = campaign
        one_page_at_a_time(self.generator(ArticlesGenerator))
        # What the build made lives as long as this process: the collector
        # need not look through it again and again (a whole pause per edit).
        gc.collect()
        gc.freeze()
        return None

    def _discard(self, old: Path):
        """The site a whole build replaced, removed while the preview goes on
        (thousands of files: seconds on a slow disk)."""
        thread = threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}, daemon=True)
        thread.start()
        self._removing.append(thread)

    def close(self):
        for thread in self._removing:
            thread.join(timeout=30)
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None

    def _failed(self, fresh: Path, settings, problems: Problems) -> Problems:
        campaign = (settings or {}).get(BUILD_KEY)
        if campaign is not None:  # stopped after it started writing: its gate is not needed
            if campaign.gate_at_exit is not None:
                atexit.unregister(campaign.gate_at_exit)
            if campaign.gate is not None:
                campaign.gate.close()
        shutil.rmtree(fresh, ignore_errors=True)
        return problems

    # --- what the last build holds ------------------------------------------

    def generator(self, kind):
        return next((g for g in self.generators if isinstance(g, kind)), None)

    @property
    def context(self) -> dict:
        return self.generators[0].context

    def sources(self) -> dict:
        """Content file (relative, POSIX) -> the Article or Page read from it."""
        return {
            path: item
            for path, item in self.context["generated_content"].items()
            if isinstance(item, Article | Page) and not isinstance(item, SkipStub)
        }

    def knows(self, relative: str) -> bool:
        return self.campaign is not None and relative in self.campaign.source_check.entries

    # --- an edited story or page ------------------------------------------

    def edited(self, relatives: list[str]) -> Plan:
        """Check the edited content files again alone, then read them again."""
        checked = recheck(self.campaign, [self.content / relative for relative in relatives])
        if checked is None:
            return Plan(rebuild=True)
        edited = Problems(checked.edited)
        if checked.edited.errors:
            return Plan(problems=checked.problems, edited=edited)
        plan = self.read_again(relatives)
        plan.edited = edited
        return plan

    def read_again(self, relatives: list[str]) -> Plan:
        """Read content files again into the kept build; what to write then."""
        sources = self.sources()
        old = {relative: sources[relative] for relative in relatives if relative in sources}
        if len(old) != len(relatives):
            return Plan(rebuild=True)
        fresh = {}
        for relative, before in old.items():
            after = self._read(relative, before)
            if after is None or self.shape(after) != self.shape(before):
                return Plan(rebuild=True)  # a new address, status, term or teller: every page may change
            fresh[relative] = after
        pointing = self._pointing_at(old.values())
        feeds_before = self._feeds_with(old.values())
        articles = {relative: item for relative, item in fresh.items() if isinstance(item, Article)}
        pages = {relative: item for relative, item in fresh.items() if not isinstance(item, Article)}
        if articles:
            self._take_in(self.generator(ArticlesGenerator), Article, articles)
        if pages:
            self._take_in(self.generator(PagesGenerator), Page, pages)
        for item in fresh.values():
            item.refresh_metadata_intersite_links()
        for kind in (CampaignPagesGenerator, CampaignFeedsGenerator):
            self.generator(kind).generate_context()  # home sections, petitions' threads, which feeds exist
        plan = Plan(pages=[item.save_as for item in fresh.values() if item.save_as])
        listings = set(pointing) | self._pointing_at(fresh.values())
        for before, after in zip(old.values(), fresh.values(), strict=True):
            listings |= self.listings_of(before) | self.listings_of(after)
        plan.listings = sorted(listings - set(plan.pages))
        plan.feeds = _merged_keys(feeds_before, self._feeds_with(fresh.values()))  # a story may leave a feed
        return plan

    def _feeds_with(self, items) -> list[str]:
        items = list(items)
        feeds = self.generator(CampaignFeedsGenerator).feeds
        return [feed.key for feed in feeds if any(item in feed.articles for item in items)]

    def _read(self, relative: str, before):
        kind = Article if isinstance(before, Article) else Page
        generator = self.generator(ArticlesGenerator if kind is Article else PagesGenerator)
        # Pelican's reader cache knows the file by its time; a fact or a
        # petition it shows may have changed while the file did not.
        generator.readers._cache.pop(os.path.abspath(os.path.join(generator.path, relative)), None)
        prefix = "article" if kind is Article else "page"
        try:
            item = generator.readers.read_file(
                base_path=generator.path,
                path=relative,
                content_class=kind,
                context=generator.context,
                preread_signal=getattr(signals, f"{prefix}_generator_preread"),
                preread_sender=generator,
                context_signal=getattr(signals, f"{prefix}_generator_context"),
                context_sender=generator,
            )
        except Exception:  # noqa: BLE001 - the whole build says what Pelican could not read
            return None
        if isinstance(item, SkipStub) or not item.is_valid():
            return None
        return item

    def shape(self, item) -> tuple:
        """What, if it changes, changes other pages than the item's listings:
        its address, whether and where it is listed, its terms, its teller,
        the files it links to."""
        meta = item.metadata
        today = self.campaign.today
        return (
            isinstance(item, Article),  # not its class: a kept story's is addresses.Story
            item.save_as,
            item.url,
            item.status,
            item.lang,
            is_yes(meta.get("translation")),
            getattr(item, "template", None),
            str(getattr(item, "category", "") or ""),
            sorted(str(tag) for tag in getattr(item, "tags", []) or []),
            sorted(str(author) for author in getattr(item, "authors", []) or []),
            getattr(item, "series", None),
            is_withdrawn(meta, today),
            kept_off_the_web(meta),
            story_of(item).anonymous if isinstance(item, Article) else False,
            meta.get("storyteller"),
            sorted(item.get_static_links()),
            item.title if not isinstance(item, Article) else "",  # every page's menu lists the pages
        )

    def _take_in(self, generator, kind, fresh: dict):
        """Pelican's own gathering of the articles (or pages) again, with the
        kept objects for every file but the fresh ones: orders, terms,
        translations, and the plugin's sorting (withdrawn stories, petitions'
        threads, series, related stories), as in a build, with nothing read."""
        kept = {relative: item for relative, item in self.sources().items() if isinstance(item, kind)}
        kept.update(fresh)
        generator.get_cached_data = lambda path, default=None: kept.get(posixize_path(os.path.normpath(path)), default)
        generator.readers.save_cache = lambda: None  # the cache on disk is the whole build's business
        # The kept items' links to static files are in the context already.
        generator.add_static_links = (
            lambda item: type(generator).add_static_links(generator, item)
            if any(item is new for new in fresh.values())
            else None
        )
        if kind is Article:  # made lists by the last gathering
            generator.tags, generator.categories, generator.authors = (
                defaultdict(list),
                defaultdict(list),
                defaultdict(list),
            )
        try:
            generator.generate_context()
        finally:
            del generator.get_cached_data
            del generator.readers.save_cache
            del generator.add_static_links
            one_page_at_a_time(generator)  # gathering again set the whole build's up again

    def _pointing_at(self, items) -> set:
        """The pages of the stories that show these ones as related, in their series or as translations."""
        items = list(items)
        found = set()
        for article in self._all_articles():
            story = story_of(article)
            shown = list(story.related) + (list(story.series.items) if story.series else [])
            shown += list(getattr(article, "translations", []))
            if any(item in shown for item in items) and article.save_as:
                found.add(article.save_as)
        return found

    def _all_articles(self):
        generator = self.generator(ArticlesGenerator)
        return generator.articles + generator.translations + generator.hidden_articles + generator.hidden_translations

    def listings_of(self, item) -> set:
        """The listing pages an article appears on (a page is on none)."""
        if not isinstance(item, Article):
            return set()
        settings, options = self.settings, self.campaign.options
        found = {
            settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
            for name in ("index", "archives")
            if name in settings.get("DIRECT_TEMPLATES", [])
        }
        if getattr(item, "type", None):
            found.add(options["type_index_save_as"].format(type=item.type))
        terms = [getattr(item, "category", None), *getattr(item, "tags", []), *getattr(item, "authors", [])]
        found |= {term.save_as for term in terms if term is not None and getattr(term, "save_as", "")}
        petition = story_of(item).petition
        if petition is not None:
            found.add(options["petition_save_as"].format(id=petition.id))
            found.add(options["petitions_index_save_as"])
        return {name for name in found if name}

    # --- facts and petitions ----------------------------------------------

    def facts_changed(self) -> Plan:
        campaign = self.campaign
        old = campaign.facts
        path = campaign.content_root / campaign.options["facts_file"]
        problems = Problems()
        new = load_facts(path, old.path, problems)
        if set(new) != set(old) or new.broken != old.broken or new.unreadable != old.unreadable:
            return Plan(rebuild=True)  # a story may name a fact that is gone, or one that is new
        privacy.check_sources(
            campaign.name_matcher,
            [],
            campaign.content_root,
            [],
            problems,
            teller_sources(campaign.storytellers),
            extra_files=[campaign.options["facts_file"]],
        )
        campaign.problems[:] = [p for p in campaign.problems if p.path != old.path] + problems
        if problems.errors:
            return Plan(problems=campaign.problems, edited=problems)
        changed = {fact_id for fact_id in new if new[fact_id] != old[fact_id]}
        changed |= {fact_id for fact_id in new if new[fact_id].compare_to in changed}  # "20 over the cap"
        old.clear()
        old.update(new)  # in place: the Markdown extension and the filters hold this registry
        render_petition_bodies(campaign)
        users = self._citing("fact", changed)
        plan = self.read_again(users) if users else Plan()
        plan.edited = problems
        return self._with_campaign_pages(plan, petitions=list(campaign.petitions))

    def petitions_changed(self) -> Plan:
        campaign = self.campaign
        old = campaign.petitions
        problems = Problems()
        new = load_petitions(
            campaign.content_root / campaign.options["petitions_dir"], campaign.content_root, campaign.today, problems
        )
        if set(new) != set(old) or new.drafts != old.drafts or new.broken != old.broken:
            return Plan(rebuild=True)  # a petition came, went, or became a draft
        displays = {petition.source_path for petition in new.values()}
        check = campaign.source_check
        petitions = []
        for petition in new.values():
            header = read_header(campaign.content_root / petition.source_path)
            check_body_tokens(petition.source_path, header, campaign.facts, old, problems, campaign.code_finder())
            petitions.append((petition.source_path, header))
        if privacy.storytellers(petitions, None) != privacy.storytellers(check.petitions, None):
            return Plan(rebuild=True)
        privacy.check_sources(
            campaign.name_matcher, petitions, campaign.content_root, [], problems, teller_sources(campaign.storytellers)
        )
        check.petitions = petitions
        campaign.problems[:] = [p for p in campaign.problems if p.path not in displays] + problems
        if problems.errors:
            return Plan(problems=campaign.problems, edited=problems)
        changed = {pid for pid in new if fields_of(new[pid], PETITION_FIELDS) != fields_of(old[pid], PETITION_FIELDS)}
        shown = {pid for pid in changed if fields_of(new[pid], PETITION_BLOCK) != fields_of(old[pid], PETITION_BLOCK)}
        for pid in changed:  # in place: every story's `story.petition` is one of these
            for name in PETITION_FIELDS:
                setattr(old[pid], name, getattr(new[pid], name))
        render_petition_bodies(campaign)
        users = self._citing("petition", shown)
        plan = self.read_again(users) if users else Plan()
        plan.edited = problems
        plan.feeds = sorted(set(plan.feeds) | {f"petition:{pid}" for pid in changed})
        return self._with_campaign_pages(plan, petitions=sorted(changed))

    def _with_campaign_pages(self, plan: Plan, petitions) -> Plan:
        """The home page and the petitions' pages show facts and petitions too."""
        if plan.rebuild:
            return plan
        options = self.campaign.options
        extra = [self.settings.get("INDEX_SAVE_AS", "index.html"), options["petitions_index_save_as"]]
        extra += [options["petition_save_as"].format(id=pid) for pid in petitions]
        plan.listings = sorted(set(plan.listings) | set(extra))
        self.generator(CampaignPagesGenerator).generate_context()
        self.generator(CampaignFeedsGenerator).generate_context()
        return plan

    def _citing(self, kind: str, ids: set) -> list[str]:
        """The content files whose text or header names one of these facts or petitions."""
        if not ids:
            return []
        finder = self.campaign.code_finder()
        found = []
        for relative, (_path, _display, _kind, header) in self.campaign.source_check.entries.items():
            named = set(split_ids(header.get("facts"))) if kind == "fact" else {(header.get("petition") or "").strip()}
            named |= {code.id for code in finder.find(header.body, header.body_line) if code.kind == kind}
            if named & ids:
                found.append(relative)
        sources = self.sources()
        return [relative for relative in found if relative in sources]

    # --- writing ----------------------------------------------------------

    def render(self, names=(), feed_keys=()) -> Written:
        """Render these pages (output paths) and feeds into the staging
        folder, gate them there, and move into the served folder what passes."""
        if self._staging is None or not self._staging.is_dir():
            self._staging = fresh_folder(self.output)
        staging = self._staging
        wanted = set(names)
        writer = _StagingWriter(str(staging), self.settings, wanted)
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        articles = self.generator(ArticlesGenerator)
        stories = {item.save_as for item in self._all_articles()}
        pages = {item.save_as for item in self.sources().values() if isinstance(item, Page)}
        with signals.content_written.muted():  # the sitemap's queue and the build's gate are a build's
            # Pelican's own steps (ArticlesGenerator.generate_pages), each
            # only when a page it writes is wanted: going through every tag
            # costs more than writing one story.
            if wanted & stories:
                articles.generate_articles(write)
            if wanted - stories - pages:
                articles.generate_period_archives(write)
                articles.generate_direct_templates(write)
                articles.generate_tags(write)
                articles.generate_categories(write)
                articles.generate_authors(write)
                self.generator(CampaignPagesGenerator).write_pages(writer)
            if wanted & pages:
                self.generator(PagesGenerator).generate_output(writer)
            if feed_keys:
                self._write_feeds(staging, writer, set(feed_keys))
        staged = [
            (Path(folder) / name, (Path(folder) / name).relative_to(staging).as_posix())
            for folder, _dirs, files in os.walk(staging)
            for name in files
        ]
        campaign = self.campaign
        gate = privacy_gate.Gate(campaign.name_matcher, campaign.output_sources, campaign.unpublished_urls)
        problems, _leaking = gate.check_files(staged)
        if problems.errors:
            for path, _relative in staged:
                path.unlink()
            return Written(problems=problems)
        for path, relative in staged:
            target = self.output / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
        return Written(paths=sorted(relative for _path, relative in staged))

    def _write_feeds(self, staging: Path, writer, keys: set):
        generator = self.generator(CampaignFeedsGenerator)
        every = generator.feeds
        generator.feeds = [feed for feed in every if feed.key in keys]
        generator.output_path = str(staging)
        try:
            generator.generate_output(writer)
        finally:
            generator.feeds = every
            generator.output_path = str(self.output)


def one_page_at_a_time(generator):
    """A whole build renders its story pages on every core (campaign.writing
    puts its own `generate_articles` on the generator); the preview writes a
    page or two at a time, which forking would only slow, so it uses
    Pelican's own again."""
    generator.__dict__.pop("generate_articles", None)


def _merged_keys(first, then) -> list:
    return list(dict.fromkeys([*first, *then]))


def fields_of(item, names) -> tuple:
    return tuple(getattr(item, name) for name in names)


def where(error: Exception, settings_file: Path) -> tuple[str, int]:
    """The file and line a build error names (a template's syntax), else the settings file."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if filename:
        return str(filename), int(line or 1)
    return str(settings_file), 1
