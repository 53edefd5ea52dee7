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
import json
import shutil
import subprocess
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from .problems import Problems

BUNDLE = "pagefind"  # the bundle's folder in the site, as the search page links it
SEARCH_SCRIPT = "js/search.js"  # the theme's own script, under THEME_STATIC_DIR
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
TIMEOUT = 600  # seconds; Pagefind indexes a thousand stories in about one


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


def readable(data: bytes) -> bytes | None:
    """A compressed bundle file's own bytes, without Pagefind's signature;
    None when they cannot be read (then the gate cannot prove them clean)."""
    try:
        plain = gzip.decompress(data)
    except (OSError, EOFError, zlib.error):
        return None
    return plain[len(SIGNATURE) :] if plain.startswith(SIGNATURE) else plain


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


def build_index(output: Path, problems: Problems) -> IndexReport:
    """Index the finished site into `output/pagefind/`, replacing the last
    build's bundle entirely: Pagefind adds files and never removes any, so a
    fragment of a story since withdrawn would otherwise stay published."""
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
    return IndexReport(*_entry(bundle), time.monotonic() - started)


_HINT = "reinstall the pinned dependencies (`make venv`), or set CAMPAIGN['search'] = False to build without search"


def _entry(bundle: Path) -> tuple[int, tuple]:
    """How many pages Pagefind indexed, and in which languages."""
    try:
        languages = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    except (OSError, ValueError, KeyError, TypeError):
        return 0, ()
    return sum(int(info.get("page_count", 0)) for info in languages.values()), tuple(sorted(languages))
