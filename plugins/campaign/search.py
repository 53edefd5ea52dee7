"""Search without a server: Pagefind's index of the finished site.

At the end of a build, before the privacy gate's last scan, Pagefind (its
binary ships in the `pagefind_bin` wheel) reads the written pages and writes
its bundle into the site itself (`pagefind/`): the index, split by each
page's `<html lang>`, and the scripts the search page loads. Only the region
a template marks `data-pagefind-body` is indexed (stories, updates, news and
petitions), so a page without it (a withdrawn notice, a listing) never is;
`data-pagefind-filter` gives the type, region and topic filters.

The gate reads the bundle like every other file, but Pagefind gzips its
index, fragments and metadata: `readable` gives the gate their plain bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from .problems import Problems

BUNDLE = "pagefind"  # the bundle's folder in the site, as the search page links it
# The theme's own script, kept out of its static folder (which Pelican copies
# whole) so that a site without search publishes no script at all; written
# under THEME_STATIC_DIR only when the site searches.
SCRIPT_SOURCE = "scripts/search.js"
SEARCH_SCRIPT = "js/search.js"
# Gzip-compressed by Pagefind (the WebAssembly too); the data of the index,
# fragments, filters and metadata starts with this signature.
COMPRESSED_SUFFIXES = {".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter", ".pagefind"}
SIGNATURE = b"pagefind_dcd"
# What else the bundle may hold: its entry file, and the scripts and styles
# of the interface the search page uses.
BUNDLE_SUFFIXES = COMPRESSED_SUFFIXES | {".json", ".js", ".css"}
# Pagefind writes three interfaces; the search page uses the default one.
# The others are never linked, so they are not published.
UNUSED = (
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
# What would only add noise to a story's entry: the share links, the printed
# QR code, the calls to sign (the same on every story of a petition) and the
# list of a series' other posts and of a petition's stories.
NOT_INDEXED = (".share", ".print-qr", ".petition-cta", ".series-nav", ".thread")
TIMEOUT = 600  # seconds; Pagefind indexes a thousand stories in about two
# Pagefind writes these in an arbitrary order (its hash maps'), each named by
# a hash of its bytes: two runs over the same pages differ here alone.
UNSTABLE = re.compile(r"filter/[^/]+\.pf_filter|pagefind\.[^/]+\.pf_meta|pagefind-entry\.json")
KEPT_RUNS = 8  # the arbitrary files of the last few distinct indexes, kept to be written again


@dataclass(frozen=True)
class SearchFiles:
    """Where the search page's files are in the site, for the gate: the
    bundle's folder and the theme's script, each relative to the output."""

    bundle: str = BUNDLE
    script: str = f"theme/{SEARCH_SCRIPT}"

    def owns(self, relative: str) -> bool:
        """Whether a published file is one the search page needs, which the
        site publishes although it publishes no other script."""
        if relative == self.script:
            return True
        return relative.startswith(self.bundle + "/") and Path(relative).suffix.lower() in BUNDLE_SUFFIXES

    def compressed(self, relative: str) -> bool:
        return relative.startswith(self.bundle + "/") and Path(relative).suffix.lower() in COMPRESSED_SUFFIXES


def search_files(settings: dict) -> SearchFiles:
    return SearchFiles(BUNDLE, f"{settings.get('THEME_STATIC_DIR', 'theme')}/{SEARCH_SCRIPT}")


def publish_script(settings: dict, output: Path, problems: Problems):
    """The theme's search script, where the search page links it."""
    source = Path(settings.get("THEME", "")) / SCRIPT_SOURCE
    target = Path(output) / search_files(settings).script
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    except OSError as error:
        problems.error(
            source, 1, f"the search page's script could not be published ({error.strerror})", "restore it from Git"
        )


def readable(data: bytes) -> bytes | None:
    """A compressed bundle file as the gate can read it: a fragment's JSON;
    the strings of the index, filters and metadata, one a line (they are
    CBOR, where each word is glued to a length byte that reads as a letter:
    "okonjo" is stored as "fokonjo"); the WebAssembly as it is. None when
    it cannot be read, so the gate cannot prove it clean."""
    try:
        plain = gzip.decompress(data)
    except (OSError, EOFError, zlib.error):
        return None
    if not plain.startswith(SIGNATURE):
        return None
    plain = plain[len(SIGNATURE) :]
    if plain.startswith((b"{", b"\0asm")):
        return plain
    try:
        return "\n".join(cbor_strings(plain)).encode("utf-8")
    except (IndexError, ValueError, RecursionError):
        return None


def cbor_strings(data: bytes) -> list[str]:
    """Every text and byte string in CBOR data (RFC 8949), in order. Only
    what Pagefind writes needs reading: arrays, maps, numbers and strings."""
    found: list[str] = []

    def item(at: int) -> int:
        major, info = data[at] >> 5, data[at] & 0x1F
        at += 1
        if info < 24:
            value = info
        elif info < 28:
            size = 1 << (info - 24)
            if at + size > len(data):
                raise ValueError("truncated")
            value, at = int.from_bytes(data[at : at + size], "big"), at + size
        elif info == 31 and major in (2, 3, 4, 5):
            value = None  # indefinite length, up to a 0xff
        else:
            raise ValueError(f"CBOR item {data[at - 1]:#x} at {at - 1}")
        if major in (0, 1, 7):  # integers, simple values and floats: nothing to read
            return at
        if major == 6:  # a tag, then the item it tags
            return item(at)
        if value is None:
            while data[at] != 0xFF:
                at = item(at)
            return at + 1
        if major in (2, 3):
            if at + value > len(data):
                raise ValueError("truncated")
            found.append(data[at : at + value].decode("utf-8", "replace"))
            return at + value
        for _ in range(value * (2 if major == 5 else 1)):
            at = item(at)
        return at

    at = 0
    while at < len(data):
        at = item(at)
    return found


@dataclass
class IndexReport:
    pages: int = 0
    languages: tuple = ()
    seconds: float = 0.0

    def line(self) -> str:
        langs = ", ".join(self.languages) or "none"
        return f"Search index: {self.pages:,} pages ({langs}) in {self.seconds:.2f} s.\n"


def pagefind_binary() -> Path:
    from pagefind_bin import get_executable

    return Path(get_executable())


def build_index(output: Path, problems: Problems, cache: Path | None = None) -> IndexReport:
    """Index the finished site into `output/pagefind/`, replacing the last
    build's bundle entirely: Pagefind adds files and never removes any, so a
    fragment of a story since withdrawn would otherwise stay published.
    With a `cache` folder, an index of the same pages is written with the
    same bytes as last time (`same_bytes_as_last_time`)."""
    output = Path(output)
    started = time.monotonic()
    bundle = output / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)
    command = [
        str(pagefind_binary()),
        "--site",
        str(output),
        "--output-subdir",
        BUNDLE,
        "--exclude-selectors",
        ", ".join(NOT_INDEXED),
        "--silent",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError) as error:
        problems.error(output, 1, f"the search index could not be built ({error})", _HINT)
        shutil.rmtree(bundle, ignore_errors=True)
        return IndexReport()
    if result.returncode != 0:
        said = " ".join((result.stderr or result.stdout).split())[-500:] or f"exit status {result.returncode}"
        problems.error(output, 1, f"the search index could not be built: {said}", _HINT)
        shutil.rmtree(bundle, ignore_errors=True)
        return IndexReport()
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    if cache is not None:
        same_bytes_as_last_time(bundle, Path(cache))
    return IndexReport(*_entry(bundle), time.monotonic() - started)


def same_bytes_as_last_time(bundle: Path, cache: Path):
    """Give an index of the same pages the same bytes, so that publishing an
    unchanged site sends nothing. Everything Pagefind writes but its filter
    and metadata files (and the entry file naming them) is the same on every
    run; those hold the same data in another order, all of it drawn from the
    pages' fragments (each of which carries its page's filters). Keyed on all
    the rest, the last run's versions of those files are kept in the cache
    and put back in place of this run's."""
    digest, unstable = hashlib.sha256(), []
    for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
        relative = path.relative_to(bundle).as_posix()
        if UNSTABLE.fullmatch(relative):
            unstable.append(relative)
        else:
            digest.update(relative.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    kept = cache / "search-index" / digest.hexdigest()[:32]
    try:
        if (kept / "complete").is_file():
            cached = {p.relative_to(kept / "files").as_posix(): p for p in (kept / "files").rglob("*") if p.is_file()}
            # The entry file last: until it is replaced it names this run's
            # files, which are all still there, so a failure halfway leaves
            # an index that works.
            for relative in sorted(cached, key=lambda r: r == "pagefind-entry.json"):
                shutil.copyfile(cached[relative], bundle / relative)
            for relative in unstable:
                if relative not in cached:
                    (bundle / relative).unlink()
            os.utime(kept)
            return
        kept.parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(dir=kept.parent, prefix=".new-"))
        for relative in unstable:
            (fresh / "files" / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(bundle / relative, fresh / "files" / relative)
        (fresh / "complete").touch()
        try:
            fresh.rename(kept)  # whole or not at all, whatever another build does at once
        except OSError:
            shutil.rmtree(fresh, ignore_errors=True)
        runs = sorted((p for p in kept.parent.iterdir() if not p.name.startswith(".")), key=lambda p: p.stat().st_mtime)
        for old in runs[:-KEPT_RUNS]:
            shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass  # the cache is a saving, never a reason to fail: this run's own files stand


_HINT = "reinstall the pinned dependencies (`make venv`), or set CAMPAIGN['search'] = False to build without search"


def _entry(bundle: Path) -> tuple[int, tuple]:
    """How many pages Pagefind indexed, and in which languages."""
    try:
        languages = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    except (OSError, ValueError, KeyError, TypeError):
        return 0, ()
    return sum(int(info.get("page_count", 0)) for info in languages.values()), tuple(sorted(languages))
