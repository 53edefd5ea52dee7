"""Story pages rendered on every core.

Rendering `article.html` is a quarter of a cold build and half of a warm
one, and each story's page depends only on the finished context. So, with
more than one core, Pelican's `generate_articles` is replaced for this
build: forked workers (parallel.py) render and write their share of the
stories while this process writes the rest. Whatever other steps Pelican
and plugins take when a file is written (the sitemap's list, the privacy
gate's early read) happen here, in this process, once a worker says the
file is written, so they see every page as if it had been written here.
A page a worker could not write is written here, so its error is Pelican's.
"""

from __future__ import annotations

import os
from itertools import chain

from pelican import signals

from .campaign import BUILD_KEY, campaign_of
from .parallel import PARALLEL_FROM, Worker, share, workers


def render_in_parallel(generator):
    """article_generator_finalized: this build's ArticlesGenerator writes its
    story pages with every core."""
    campaign = campaign_of(generator.settings)
    count = workers(generator.settings)
    if campaign is None or count < 2:
        return
    serial = generator.generate_articles
    generator.generate_articles = lambda write: _generate_articles(generator, write, serial, count)


def _generate_articles(generator, write, serial, count: int):
    articles = list(
        chain(generator.translations, generator.articles, generator.hidden_translations, generator.hidden_articles)
    )
    if len(articles) < PARALLEL_FROM:
        serial(write)
        return
    for article in articles:
        signals.article_generator_write_article.send(generator, content=article)

    def write_one(index: int) -> str:
        article = articles[index]
        write(
            article.save_as,
            generator.get_template(article.template),
            generator.context,
            article=article,
            category=getattr(article, "category", None),
            override_output=hasattr(article, "override_save_as"),
            url=article.url,
            blog=True,
        )
        return os.path.join(generator.output_path, article.save_as)

    def write_in_worker(index: int) -> str:
        # A worker's write is announced by this process (`_announce`), so
        # the gate is not also told from the worker.
        generator.context[BUILD_KEY].gate = None
        return write_one(index)

    # The first page is written before forking, so every template it uses is
    # compiled (and its bytecode cached on disk) once, not by each process.
    write_one(0)
    kept, handed = share(list(range(1, len(articles))), count)
    helpers = [(Worker(write_in_worker, batches), batches) for batches in handed if batches]
    for batch in kept:
        for index in batch:
            write_one(index)
    for worker, batches in helpers:
        for batch in batches:
            for index in batch:
                path = worker.answer(index)
                if path is None:
                    write_one(index)
                else:
                    _announce(generator, path, articles[index])
        worker.close()


def _announce(generator, path: str, article):
    """What Pelican's writer sends after writing a page (`content_written`)."""
    context = dict(generator.context, article=article, category=getattr(article, "category", None))
    context["output_file"] = article.save_as
    signals.content_written.send(path, context=context)
