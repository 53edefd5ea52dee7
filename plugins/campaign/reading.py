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

import multiprocessing
import os
import sys
from pathlib import Path

from markdown import Markdown
from markdown.extensions.meta import MetaPreprocessor
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .campaign import campaign_of

BATCH = 25  # files per hand-off: big enough to pay for the pickling, small enough to balance
PARALLEL_FROM = 2 * BATCH  # fewer files to convert are faster read in order


def workers(settings: dict) -> int:
    """CAMPAIGN_WORKERS (1 turns parallel reading off), else every core."""
    configured = os.environ.get("CAMPAIGN_WORKERS") or settings.get("CAMPAIGN_WORKERS")
    if configured:
        return max(1, int(configured))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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
        done = worker.result(str(source_path)) if worker is not None else None
        # What a worker could not convert is converted here, so its error is
        # Pelican's usual one, with the file's name.
        content, meta = done if done is not None else self.convert(source_path)
        # _parse_metadata converts formatted fields (Summary) with self._md.
        self._md = self.parser()
        return content, (self._parse_metadata(meta) if meta else {})


class Worker:
    """A forked process converting its batches in order, and what it sent back."""

    def __init__(self, reader: CampaignMarkdownReader, batches: list[list[str]]):
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        # Forked, so the reader (its settings, the campaign's Markdown
        # extension) is the worker's without being pickled; only the
        # results travel. multiprocessing ends it with os._exit: no atexit
        # step of the build (the privacy gate) runs in it.
        self._process = context.Process(target=_convert_batches, args=(reader, batches, send), daemon=True)
        self._process.start()
        send.close()
        self._results: dict[str, tuple[str, dict] | None] = {}

    def result(self, path: str) -> tuple[str, dict] | None:
        while path not in self._results:
            try:
                self._results.update(self._receive.recv())
            except (EOFError, OSError):  # the worker died: convert the rest here
                return None
        return self._results.pop(path)

    def close(self):
        self._receive.close()
        self._process.join(timeout=5)


def _convert_batches(reader: CampaignMarkdownReader, batches: list[list[str]], send):
    for batch in batches:
        done = {}
        for path in batch:
            try:
                done[path] = reader.convert(path)
            except Exception:  # noqa: BLE001 -- converted again in the build's process, which reports it
                done[path] = None
        send.send(done)
    send.close()


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
    batches = [paths[start : start + BATCH] for start in range(0, len(paths), BATCH)]
    sys.stderr.write(f"Converting {len(paths):,} stories in {count} processes\n")
    # Batch 0 is read here while worker 1 converts batch 1, and so on: by
    # the time Pelican reaches a worker's batch it is usually waiting.
    for number in range(1, count):
        mine = batches[number::count]
        if mine:
            worker = Worker(reader, mine)
            reader.workers.append(worker)
            for batch in mine:
                for path in batch:
                    reader.handed[path] = worker


def stop_workers(generator):
    """article_generator_finalized: every worker has sent all it had."""
    reader = generator.readers.readers.get("md")
    if isinstance(reader, CampaignMarkdownReader):
        for worker in reader.workers:
            worker.close()
        reader.workers, reader.handed = [], {}
