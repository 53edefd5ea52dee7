"""The output privacy gate: the last line of defence, run on the finished site.

Field checks can only guard the fields they know. The gate reads what was
actually written: every file and folder name and every byte of every file,
text or binary (the search index decompressed first), and stops the build when an anonymous storyteller's name (as
names.py recognises it) or a draft's address appears anywhere, or when a file
is of a kind that cannot be published safely. Files that leak are deleted, so
a stopped build never leaves a leaking site behind.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import shutil
import struct
from dataclasses import dataclass, field
from pathlib import Path

from . import statics
from .names import Hit, NameMatcher, findings
from .problems import Problems
from .search import SearchFiles, readable

TEXT_SUFFIXES = {".html", ".htm", ".xml", ".json", ".txt", ".css", ".svg", ".js", ".xsl", ".webmanifest", ".map"}
MARKUP_SUFFIXES = {".html", ".htm", ".xml", ".svg", ".xsl"}
PARALLEL_FROM_FILES = 200  # below this, the files left at the end are read here, in one go
FIX = (
    "find where it comes from (a template, a setting, a theme file or a content file) and remove it; "
    "if the word is ordinary here, list it under `allow:` in the storyteller's register entry"
)


@dataclass
class Gate:
    matcher: NameMatcher
    # output path (relative, POSIX) -> content source that produced it
    sources: dict = field(default_factory=dict)
    # addresses that must never be linked -> why (drafts, stories kept off the web)
    forbidden_urls: dict = field(default_factory=dict)
    # output path -> SHA-256 of a picture the build drew and whose text it
    # checked before writing it (share cards, cards.py). Compressed pixels
    # hold no letters to read, so for exactly those bytes the gate checks
    # that the PNG holds pixels and nothing else, instead of searching them.
    drawn: dict = field(default_factory=dict)
    # The search page's files (search.py), when the site has search: the
    # only scripts and index files it may publish.
    search: SearchFiles | None = None
    files_read: int = 0
    bytes_read: int = 0
    # Asked once: read_early runs for every file written.
    can_fork: bool = field(default_factory=lambda: _can_fork())
    _reader: object = field(default=None, repr=False)

    def read_early(self, path, output: Path):
        """Start reading a file as soon as it is written, in a forked child on
        another core, while Pelican (which uses one) goes on writing. `scan`
        uses what the child found only if the file has not changed since."""
        path = Path(path)
        if self.can_fork and "\n" not in str(path):
            self._send(path, path.relative_to(output).as_posix())

    def _send(self, path: Path, relative: str):
        if self._reader is None:
            self._reader = _Reader(self)
        self._reader.read(path, relative)

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
                for found in findings(self.matcher.find(name)):
                    problems.error(relative, 1, self._message(found, "its name contains", relative), FIX)
                    leaking.append(path)
                if name in filenames:
                    files.append((path, relative))
        # Each file's size and time, read once: what decides whether the
        # reader's result still stands, and what the build reports.
        stamps = {str(path): _stamp(path) for path, _ in files}
        try:
            sent = self._reader.sent if self._reader is not None else {}
            left = [(path, relative) for path, relative in files if sent.get(str(path)) != stamps[str(path)]]
            # What the reader has not seen is shared with it: half there, half here.
            if len(left) >= PARALLEL_FROM_FILES and self.can_fork:
                for path, relative in left[1::2]:
                    self._send(path, relative)
                left = left[::2]
            found_here, bad_here = self._scan_files(left)
            read = self._reader.results() if self._reader is not None else {}
        finally:
            self.close()
        problems.extend(found_here)
        leaking.extend(bad_here)
        scanned_here = {str(path) for path, _ in left}
        for path, relative in files:
            if str(path) in scanned_here:
                continue
            result = read.get(str(path))
            if result is None or result[0] != stamps[str(path)]:  # changed after it was read: read it again
                again = Problems()
                result = (None, again, self._scan_file(path, relative, again))
            problems.extend(result[1])
            if result[2]:
                leaking.append(path)
        self.files_read = len(files)
        self.bytes_read = sum(size for size, _time in stamps.values())
        if leaking and self.search is not None and (output / self.search.bundle).is_dir():
            # The index keeps each page's words as stems ("quillfeath"), which
            # no name matches: a leak on any page takes the whole index with it.
            leaking.append(output / self.search.bundle)
        return problems, sorted(set(leaking))

    def check_files(self, files) -> tuple[Problems, list[Path]]:
        """Every problem in `files` ((path, path relative to the site) pairs),
        read here and now, each name and every byte: a live preview gates each
        file it rewrites before the file is served."""
        problems, leaking = Problems(), []
        for path, relative in files:
            for found in findings(self.matcher.find(relative)):
                problems.error(relative, 1, self._message(found, "its name contains", relative), FIX)
                leaking.append(path)
        found_here, bad_here = self._scan_files(files)
        problems.extend(found_here)
        leaking.extend(bad_here)
        self.files_read += len(files)
        self.bytes_read += sum(os.lstat(path).st_size for path, _relative in files)
        return problems, sorted(set(leaking))

    def close(self):
        if self._reader is not None:
            self._reader.results()
            self._reader = None

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
        if self.drawn.get(relative) == hashlib.sha256(data).hexdigest():
            extra = _chunks_beyond_pixels(data)
            if extra:
                problems.error(
                    relative, 1, f"is a drawn card that carries {', '.join(extra)}", "only its pixels are published"
                )
            return bool(extra)
        bad = False
        suffix = path.suffix.lower()
        searching = self.search is not None and self.search.owns(relative)
        compressed = searching and self.search.compressed(relative)
        if compressed:
            plain = readable(data)
            if plain is None:
                problems.error(
                    relative,
                    1,
                    "is a search index file that could not be decompressed, so the gate cannot read it",
                    "build again: the search index is written afresh on every build",
                )
                return True
            data = plain  # compressed, a name would be invisible to the matcher
        if suffix in TEXT_SUFFIXES or compressed:
            text = data.decode("utf-8", "replace")
            for url, why in self.forbidden_urls.items():
                if url and url in text:
                    problems.error(
                        relative,
                        text.count("\n", 0, text.index(url)) + 1 if not compressed else 1,
                        f"links to `{url}`, {why}",
                        "it is not published: remove the link from the page that was written for "
                        f"{self.sources.get(relative, 'this file')}",
                    )
                    bad = True
        if suffix in TEXT_SUFFIXES:
            hits = self.matcher.find(text, markup=suffix in MARKUP_SUFFIXES)
        else:
            hits = self.matcher.find_in_bytes(data)
        first, reported = [], set()
        for hit in hits:
            if (hit.part, hit.storyteller.source) in reported:
                continue  # once per file is enough to stop the build and find the source
            reported.add((hit.part, hit.storyteller.source))
            # A binary file has no lines.
            first.append(hit if suffix in TEXT_SUFFIXES else Hit(hit.part, hit.storyteller, 1))
        what = "its text contains" if suffix in TEXT_SUFFIXES else "its bytes contain"
        if compressed:
            what = "its search index data contains"
        for found in findings(first):
            problems.error(relative, found.line, self._message(found, what, relative), FIX)
            bad = True
        unsafe = None if searching else statics.unsafe_published_file(path, data)
        if unsafe:
            problems.error(relative, 1, unsafe, "only cleaned pictures and the site's own files are published")
            bad = True
        return bad

    def _message(self, found, what: str, relative: str = "") -> str:
        source = self.sources.get(relative)
        origin = f", written for {source}" if source else ""
        return f"{what} {found.words()}{origin}"


def remove(paths: list[Path]):
    for path in sorted(paths, key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists() or path.is_symlink():
            path.unlink()


def removal_note(paths: list[Path], output: Path):
    from .problems import Problem

    names = ", ".join(sorted(p.relative_to(output).as_posix() for p in paths)) or "nothing"
    return Problem(
        str(output),
        1,
        f"the build stopped after writing; these files were deleted: {names}",
        "fix the problems above and build again",
        "note",
    )


PIXEL_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}


def _chunks_beyond_pixels(data: bytes) -> list[str]:
    """The PNG chunks that are not pixels (text, EXIF, times, profiles), read
    from the chunk headers alone; anything that is not a whole PNG is one."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return ["no PNG signature"]
    found, offset = [], 8
    while offset + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if kind not in PIXEL_CHUNKS:
            found.append(f"a {kind.decode('latin-1')} chunk")
        offset += 12 + length
        if kind == b"IEND":
            break
    if offset != len(data):
        found.append("bytes outside its chunks")
    return found


def _can_fork() -> bool:
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def _stamp(path: Path) -> tuple[int, int]:
    info = os.lstat(path)
    return info.st_size, info.st_mtime_ns


class _Reader:
    """A child process, forked when the first file is written, that reads
    each path the build sends it down a pipe and sends back, at the end, what
    it found. A pipe and one fork cost the build almost nothing per file; a
    process pool's queues and threads cost it more than the reading saves.
    The child is a copy of the build, so it needs no state of its own."""

    def __init__(self, gate: Gate):
        paths_in, self._paths_out = os.pipe()
        self._results_in, results_out = os.pipe()
        self._found = None
        self.sent = {}  # path -> stamp when sent: what the child will have read
        self._pid = os.fork()
        if self._pid == 0:
            os.close(self._paths_out)
            os.close(self._results_in)
            _read_paths(gate, paths_in, results_out)  # never returns
        os.close(paths_in)
        os.close(results_out)

    def read(self, path: Path, relative: str):
        self.sent[str(path)] = _stamp(path)
        os.write(self._paths_out, f"{path}\0{relative}\n".encode("utf-8", "surrogateescape"))

    def results(self) -> dict:
        """path -> (stamp when read, problems, whether it must go)."""
        if self._found is None:
            os.close(self._paths_out)
            with os.fdopen(self._results_in, "rb") as source:
                data = source.read()
            os.waitpid(self._pid, 0)
            self._found = pickle.loads(data) if data else {}
        return self._found


def _read_paths(gate: Gate, paths_in: int, results_out: int):
    code = 1
    try:
        found = {}
        with os.fdopen(paths_in, "rb") as source:
            for raw in source:
                path, relative = raw.decode("utf-8", "surrogateescape").rstrip("\n").split("\0")
                try:
                    stamp = _stamp(Path(path))
                    problems = Problems()
                    bad = gate._scan_file(Path(path), relative, problems)
                except OSError:
                    continue  # gone or moved: the end of the build reads what is there
                found[path] = (stamp, problems, bad)
        with os.fdopen(results_out, "wb") as sink:
            pickle.dump(found, sink)
        code = 0
    finally:
        os._exit(code)  # no atexit handlers, no test runner teardown: this is a copy of the build
