"""The output privacy gate: the last line of defence, run on the finished site.

Field checks can only guard the fields they know. The gate reads what was
actually written: every file and folder name and every byte of every file,
text or binary, and stops the build when an anonymous storyteller's name (as
names.py recognises it) or a draft's address appears anywhere, or when a file
is of a kind that cannot be published safely. Files that leak are deleted, so
a stopped build never leaves a leaking site behind.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import statics
from .names import NameMatcher
from .problems import Problems

TEXT_SUFFIXES = {".html", ".htm", ".xml", ".json", ".txt", ".css", ".svg", ".js", ".xsl", ".webmanifest", ".map"}
MARKUP_SUFFIXES = {".html", ".htm", ".xml", ".svg", ".xsl"}
PARALLEL_FROM_BYTES = 8_000_000  # below this, starting workers costs more than it saves
FIX = ("find where it comes from (a template, a setting, a theme file or a content file) and remove it; "
       "if the word is ordinary here, add it to the story's Allow-Name-Words")


@dataclass
class Gate:
    matcher: NameMatcher
    # output path (relative, POSIX) -> content source that produced it
    sources: dict = field(default_factory=dict)
    # addresses that must never be linked -> why (drafts, stories kept off the web)
    forbidden_urls: dict = field(default_factory=dict)

    def scan(self, output: Path) -> tuple[Problems, list[Path]]:
        """Every problem in the output folder, and the paths that must go."""
        problems, leaking = Problems(), []
        output = Path(output)
        files = []
        for dirpath, dirnames, filenames in os.walk(output):
            dirnames.sort()
            for name in sorted(dirnames) + sorted(filenames):
                path = Path(dirpath) / name
                relative = path.relative_to(output).as_posix()
                for hit in self.matcher.find(name):
                    problems.error(relative, 1, self._message(hit, "its name contains", relative), FIX)
                    leaking.append(path)
                if name in filenames:
                    files.append((path, relative))
        for found, bad in self._scan_contents(files):
            problems.extend(found)
            leaking.extend(bad)
        return problems, sorted(set(leaking))

    def _scan_contents(self, files):
        """Reading every byte is the gate's whole cost, so a large site is read
        by one process per core (forked: nothing is pickled but the results)."""
        total = sum(path.stat().st_size for path, _ in files if not path.is_symlink())
        workers = min(os.cpu_count() or 1, 8)
        if workers < 2 or total < PARALLEL_FROM_BYTES or "fork" not in multiprocessing.get_all_start_methods():
            return [self._scan_files(files)]
        chunks = [files[i::workers] for i in range(workers)]
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
            return list(pool.map(self._scan_files, chunks))

    def _scan_files(self, files) -> tuple[Problems, list[Path]]:
        problems, bad = Problems(), []
        for path, relative in files:
            if self._scan_file(path, relative, problems):
                bad.append(path)
        return problems, bad

    def _scan_file(self, path: Path, relative: str, problems: Problems) -> bool:
        if path.is_symlink():
            problems.error(relative, 1, "is a symbolic link", "a published site holds files, not links")
            return True
        data = path.read_bytes()
        bad = False
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            text = data.decode("utf-8", "replace")
            hits = self.matcher.find(text, markup=suffix in MARKUP_SUFFIXES)
            for url, why in self.forbidden_urls.items():
                if url and url in text:
                    problems.error(relative, text.count("\n", 0, text.index(url)) + 1, f"links to `{url}`, {why}",
                                   "it is not published: remove the link from the page that was written for "
                                   f"{self.sources.get(relative, 'this file')}")
                    bad = True
        else:
            hits = self.matcher.find_in_bytes(data)
        reported = set()
        for hit in hits:
            if (hit.part, hit.storyteller.source) in reported:
                continue  # once per file is enough to stop the build and find the source
            reported.add((hit.part, hit.storyteller.source))
            if suffix in TEXT_SUFFIXES:
                problems.error(relative, hit.line, self._message(hit, "its text contains", relative), FIX)
            else:  # a binary file has no lines
                problems.error(relative, 1, self._message(hit, "its bytes contain", relative), FIX)
            bad = True
        unsafe = statics.unsafe_published_file(path, data)
        if unsafe:
            problems.error(relative, 1, unsafe, "only cleaned pictures and the site's own files are published")
            bad = True
        return bad

    def _message(self, hit, what: str, relative: str = "") -> str:
        source = self.sources.get(relative)
        origin = f", written for {source}" if source else ""
        return (f"{what} `{hit.part}`, part of the name of the anonymous storyteller of "
                f"{hit.storyteller.source}{origin}")


def remove(paths: list[Path]):
    for path in sorted(paths, key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists() or path.is_symlink():
            path.unlink()


def removal_note(paths: list[Path], output: Path):
    from .problems import Problem

    names = ", ".join(sorted(p.relative_to(output).as_posix() for p in paths)) or "nothing"
    return Problem(str(output), 1, f"the build stopped after writing; these files were deleted: {names}",
                   "fix the problems above and build again", "note")
