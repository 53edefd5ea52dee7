"""Campaign plugin: caseload facts, petitions, storyteller safety, and the
pages and feeds they need. The flow of a build and where each thing lives:
docs/architecture.md. This module only connects Pelican's signals to hooks.py.
"""

from pelican import signals

from . import addresses, hooks, reading, writing


def register():
    signals.get_generators.connect(hooks.start_build)
    signals.generator_init.connect(hooks.install_words)
    signals.get_writer.connect(hooks.face_writer)
    signals.readers_init.connect(reading.use_reader)
    signals.article_generator_init.connect(reading.convert_in_parallel)
    signals.article_generator_finalized.connect(reading.stop_workers)
    signals.article_generator_finalized.connect(addresses.keep_addresses)
    signals.article_generator_finalized.connect(writing.render_in_parallel)
    signals.article_generator_preread.connect(hooks.report_progress)
    signals.article_generator_context.connect(hooks.hide_anonymous_author)
    signals.content_object_init.connect(hooks.add_facts_and_petition)
    signals.article_generator_pretaxonomy.connect(hooks.sort_out_articles)
    signals.page_generator_finalized.connect(hooks.drop_draft_pages)
    signals.static_generator_finalized.connect(hooks.take_static_files)
    signals.all_generators_finalized.connect(hooks.mark_cache_saved)
    signals.all_generators_finalized.connect(hooks.stop_on_unreadable_files)
    signals.all_generators_finalized.connect(hooks.remember_sources)
    signals.all_generators_finalized.connect(hooks.draw_share_cards)
    signals.content_written.connect(hooks.read_early)
    # finish_build (the privacy gate) is connected by start_build, so that it
    # runs after every other plugin's `finalized` step, such as the sitemap's.
