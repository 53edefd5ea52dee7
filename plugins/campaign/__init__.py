"""Campaign plugin: caseload facts, petitions, and the pages and feeds they need.

Modules, by what they hold:
  facts.py        the facts registry (facts.yml) and comparisons
  petitions.py    the petitions registry (petitions/*.md) and their status
  markdown_ext.py the `[fact: ID]` / `[petition: ID]` Markdown syntax
  render.py       the HTML of callouts and calls to action
  validation.py   the metadata contract, checked with line numbers
  hooks.py        the plugin's steps in a Pelican build
  pages.py        petition pages, type listings, withdrawn-story notices
  consent.py      what a storyteller agreed to: scope, withdrawal, expiry
  names.py        recognising an anonymous storyteller's name anywhere
  privacy.py      where the sources name an anonymous storyteller
  statics.py      static files cleaned (SVG) or refused; images.py re-encodes pictures
  gate.py         the output privacy gate, run on the finished site
  folders.py      which output folders a build may delete
"""

from pelican import signals

from . import hooks


def register():
    signals.get_generators.connect(hooks.start_build)
    signals.article_generator_preread.connect(hooks.report_progress)
    signals.article_generator_context.connect(hooks.hide_anonymous_author)
    signals.content_object_init.connect(hooks.add_facts_and_petition)
    signals.article_generator_pretaxonomy.connect(hooks.sort_out_articles)
    signals.page_generator_finalized.connect(hooks.drop_draft_pages)
    signals.static_generator_finalized.connect(hooks.take_static_files)
    signals.all_generators_finalized.connect(hooks.stop_on_unreadable_files)
    signals.all_generators_finalized.connect(hooks.remember_sources)
    signals.content_written.connect(hooks.read_early)
    # finish_build (the privacy gate) is connected by start_build, so that it
    # runs after every other plugin's `finalized` step, such as the sitemap's.
