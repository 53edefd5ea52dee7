"""Reading Markdown faster: one parser per process, and a cold build's
stories converted on every core.

Pelican makes a new `Markdown` object for each file and converts the files
one after another in one process. Converting is half of a cold build, and
each file's conversion depends only on its text and the build's settings,
so a build that must convert many files (an empty or stale content cache)
hands every other batch to a forked worker while Pelican converts the rest
in order. A worker returns only strings (the HTML and Markdown's raw
`Meta`); the metadata is parsed here, in the build's own process, so dates,
tags and authors are Pelican's usual objects and every signal runs as
before. A warm build converts only what changed and forks nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from markdown import Markdown
from markdown.extensions.meta import MetaPreprocessor
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .campaign import campaign_of
from .parallel import PARALLEL_FROM, Worker, share, workers


class CampaignMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, with one parser kept for every file (reset
    between files) and conversions done by a worker taken when ready."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._parser: Markdown | None = None
        self.workers: list[Worker] = []
        self.handed: dict[str, Worker] = {}  # absolute path -> the worker converting it

    def parser(self) -> Markdown:
        if self._parser is None:
            self._parser = Markdown(**self.settings["MARKDOWN"])
        else:
            self._parser.reset()
            # Pelican's metadata parsing removes the header reader, so that a
            # Summary is not read as a header; each new file needs it back.
            if "meta" not in self._parser.preprocessors:
                self._parser.preprocessors.register(MetaPreprocessor(self._parser), "meta", 27)
        return self._parser

    def convert(self, source_path: str) -> tuple[str, dict]:
        """A file's HTML and Markdown's raw header, as strings only."""
        parser = self.parser()
        with pelican_open(source_path) as text:
            content = parser.convert(text)
        return content, dict(getattr(parser, "Meta", {}) or {})

    def read(self, source_path):
        self._source_path = source_path
        worker = self.handed.pop(str(source_path), None)
        done = worker.answer(str(source_path)) if worker is not None else None
        # What a worker could not convert is converted here, so its error is
        # Pelican's usual one, with the file's name.
        content, meta = done if done is not None else self.convert(source_path)
        # _parse_metadata converts formatted fields (Summary) with self._md.
        self._md = self.parser()
        return content, (self._parse_metadata(meta) if meta else {})


def use_reader(readers):
    """readers_init: Markdown files are read by CampaignMarkdownReader."""
    for extension in CampaignMarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = CampaignMarkdownReader


def convert_in_parallel(generator):
    """article_generator_init: the stories the content cache cannot give
    back, every other batch of them (with two cores) sent to a worker before
    Pelican starts reading in order."""
    campaign = campaign_of(generator.settings)
    reader = generator.readers.readers.get("md")
    count = workers(generator.settings)
    if campaign is None or not isinstance(reader, CampaignMarkdownReader) or count < 2:
        return
    paths = []
    for relative in generator.get_files(
        generator.settings["ARTICLE_PATHS"], exclude=generator.settings["ARTICLE_EXCLUDES"]
    ):
        full = os.path.abspath(os.path.join(generator.path, relative))
        if Path(full).suffix.lstrip(".") not in CampaignMarkdownReader.file_extensions:
            continue
        if generator.readers.get_cached_data(full, None) is None:
            paths.append(full)
    if len(paths) < PARALLEL_FROM:
        return
    sys.stderr.write(f"Converting {len(paths):,} stories in {count} processes\n")
    # Pelican reads in order: the batches kept are read as it gets to them.
    _kept, handed = share(paths, count)
    for batches in handed:
        if batches:
            worker = Worker(reader.convert, batches)
            reader.workers.append(worker)
            for batch in batches:
                for path in batch:
                    reader.handed[path] = worker


def stop_workers(generator):
    """article_generator_finalized: every worker has sent all it had."""
    reader = generator.readers.readers.get("md")
    if isinstance(reader, CampaignMarkdownReader):
        for worker in reader.workers:
            worker.close()
        reader.workers, reader.handed = [], {}
