"""Build real sites from real Markdown into temporary folders."""

from __future__ import annotations

import gzip
import hashlib
import html
import os
import re
import subprocess
import sys
import textwrap
import unicodedata
import urllib.parse
from pathlib import Path

from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
# What every test builds with: the project's defaults and a test union of
# its own (tests/settings/), never the union's pelicanconf.py.
SETTINGS_DIR = Path(__file__).resolve().parent / "settings"
TEST_SETTINGS = SETTINGS_DIR / "testsite.py"
TEST_PUBLISH_SETTINGS = SETTINGS_DIR / "testsite_publish.py"
SETTINGS_ENV = {"CAMPAIGN_SETTINGS": str(TEST_SETTINGS), "CAMPAIGN_PUBLISH_SETTINGS": str(TEST_PUBLISH_SETTINGS)}
# The campaigns the tests build, each small and made for what its tests test
# (tests/fixtures/NAME/content, with its register in tests/fixtures/NAME/private):
# never content/, so a union that replaces content/ with its own keeps a green
# test suite. content/ is covered by `check` (tests/test_own_content.py).
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHOWCASE = FIXTURES / "showcase" / "content"  # one of every page type
FEEDS = FIXTURES / "feeds" / "content"  # stories for every kind of feed
SERIES = FIXTURES / "series" / "content"  # two series and an update in none
SEARCH = FIXTURES / "search" / "content"  # what is searched, what never is, and a Spanish story
PROJECT_CONTENT = ROOT / "content"
# Tests pin "today" so petition deadlines and consent dates are stable.
TODAY = "2026-11-23"


def fixture_register(content: Path) -> str | None:
    """A fixture campaign keeps its storyteller register where a union's
    does by default, beside its content folder; the project's own content
    uses the register its settings name."""
    if Path(content).resolve() == PROJECT_CONTENT.resolve():
        return None
    return str(Path(content).parent / "private" / "storytellers.yml")


def fixture_env(content: Path) -> dict:
    register = fixture_register(content)
    return {"CAMPAIGN_TODAY": TODAY, **({"CAMPAIGN_REGISTER": register} if register else {})}


def settings_for(content: Path, output: Path, settings_file: Path = TEST_SETTINGS, **overrides):
    from pelican.settings import read_settings

    campaign = {"today": TODAY}
    if fixture_register(content):
        campaign["register"] = fixture_register(content)
    campaign.update(overrides.pop("CAMPAIGN", {}))
    base = read_settings(str(settings_file))
    merged_campaign = {**base.get("CAMPAIGN", {}), **campaign}
    override = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CAMPAIGN": merged_campaign,
        "CACHE_PATH": str(output.parent / (output.name + "-cache")),
        **overrides,
    }
    return read_settings(str(settings_file), override=override)


def build_site(content: Path, output: Path, **overrides) -> Path:
    """Build through Pelican's own API, as `pelican` does."""
    from pelican import Pelican

    settings = settings_for(Path(content), Path(output), **overrides)
    Pelican(settings).run()
    return Path(output)


def write_settings(path: Path, text: str = "", base: str = "testsite") -> Path:
    """A settings file at `path`: the tests' settings (`base`, in
    tests/settings/), then `text`, Python that changes some of them."""
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(SETTINGS_DIR)!r})\nfrom {base} import *  # noqa: F403\n{text}",
        encoding="utf-8",
    )
    return path


def run_pelican(content: Path, output: Path, settings_file: Path = TEST_SETTINGS, env_extra=None):
    """Plain `pelican CONTENT -s SETTINGS -o OUT`, as an organizer runs it."""
    env = {**os.environ, **fixture_env(content), **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", str(settings_file), "-o", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def write_files(folder: Path, files: dict[str, str]) -> Path:
    """Write `{relative path: text}` under folder; text is dedented."""
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


def headers(path: Path) -> dict[str, str]:
    """A source file's header, `{lowercased key: value}`, up to the first blank line."""
    found = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        found[key.strip().lower()] = value.strip()
    return found


def published_sources(content: Path, *folders: str, translations: bool = False) -> list[Path]:
    """The Markdown files of `folders` (default: every article folder) that are
    not drafts, hidden or withdrawn; translations only when asked (each has a
    page, but the listings show its original)."""
    folders = folders or ("testimonies", "updates", "news")
    return sorted(
        path
        for folder in folders
        for path in (Path(content) / folder).glob("*.md")
        if headers(path).get("status", "published") == "published"
        and "withdrawn" not in headers(path)
        and (translations or headers(path).get("translation", "").lower() not in ("true", "yes"))
    )


# The showcase's page of each type, as the browser, the Nu HTML checker and
# lychee visit them (its sources are tests/fixtures/showcase/content).
SHOWCASE_PAGES = {
    "home": "",
    "testimony": "testimonies/sixty-five-names-on-a-list-built-for-forty-five/",
    "testimony-anonymous": "testimonies/the-desk-by-the-window-is-empty-again/",
    "testimony-spanish": "testimonies/nos-prometieron-tiempo-para-cada-estudiante/",
    "testimony-translation": "testimonies/sixty-five-names-on-a-list-built-for-forty-five-es/",
    "update": "updates/caseload-forum-part-2-who-fills-the-empty-desks/",
    "news": "news/coordinators-rally-at-riverside-for-a-cap-of-45/",
    "petition": "petitions/cap-at-45/",
    "petition-won": "petitions/mentor-every-new-hire/",
    "petitions": "petitions/",
    "testimonies": "testimonies/",
    "archives": "archives/",
    "region": "regions/cedar-valley/",
    "regions": "regions/",
    "tag": "tags/caseloads/",
    "tags": "tags/",
    "author": "authors/wren-halvorsen/",
    "authors": "authors/",
    "page": "about-this-campaign/",
    "subscribe": "subscribe/",
    "search": "search/",
    "404": "404.html",
    # The Spanish face (faces.py): the same pages in Spanish, under es/.
    "home-es": "es/",
    "testimonies-es": "es/testimonies/",
    "petition-es": "es/petitions/cap-at-45/",
    "petition-won-es": "es/petitions/mentor-every-new-hire/",
    "subscribe-es": "es/subscribe/",
    "search-es": "es/search/",
}


def search_pages(site: Path) -> set[Path]:
    """The search page, and its version on each other language's face: the
    only pages that run scripts."""
    site = Path(site)
    return {page for page in [site / "search" / "index.html", *site.glob("*/search/index.html")] if page.is_file()}


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`: its path, and a file's SHA-256, so
    a file changed, added or removed anywhere shows."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "/"
        for path in sorted(Path(folder).rglob("*"))
    }


def page(output: Path, url: str):
    """The parsed HTML at a site URL such as `testimonies/slug/`."""
    path = Path(output) / url
    if url.endswith("/") or url == "":
        path = path / "index.html"
    return lxml_html.fromstring(path.read_bytes())


def text_of(element) -> str:
    return " ".join(element.text_content().split())


MINIMAL_FACTS = """
signature-caseload:
  label: students each coordinator carries
  value: 65
  unit: students
  compare_to: caseload-cap
  source: Caseload survey
  as_of: 2026-09-15
caseload-cap:
  label: students per coordinator, the cap we ask for
  short: the cap
  value: 45
  unit: students
  source: Bargaining proposal
  es:
    label: estudiantes por coordinadora, el tope que pedimos
    short: el tope
    unit: estudiantes
"""

OPEN_PETITION = """
Title: Cap caseloads at 45
Url: https://sign.example.org/cap
Goal: 2500
Signatures: 1840
Deadline: 2027-03-31
Status: open
Summary: Coordinators ask for a cap of 45 students each.

We demand a cap of [fact: caseload-cap].
"""
# Its Spanish words, for the Spanish pages (which show every petition).
OPEN_PETITION_ES = """
Title: Un tope de 45
Lang: es
Translation: true
Summary: Las coordinadoras piden un tope de 45 estudiantes cada una.

Exigimos un tope de [fact: caseload-cap].
"""


def minimal_content(folder: Path, extra: dict[str, str] | None = None) -> Path:
    """A tiny campaign: two facts, one open petition, one testimony; the
    petition and the fact it cites have their Spanish words."""
    files = {
        "facts.yml": MINIMAL_FACTS,
        "petitions/caseload-cap.md": OPEN_PETITION,
        "petitions/caseload-cap.es.md": OPEN_PETITION_ES,
        "testimonies/one-story.md": """
            Title: One story
            Id: one-story-0001
            Date: 2026-10-01
            Author: Test Teller
            Role: Program Coordinator
            Workplace: Test Program
            Quote: A line worth quoting.
            Consent: 2026-09-20
            Category: Harbor County
            Tags: caseloads
            Facts: signature-caseload
            Petition: caseload-cap

            My caseload is [fact: signature-caseload] today.
            """,
        "pages/about.md": """
            Title: About

            About the union.
            """,
    }
    files.update(extra or {})
    return write_files(folder, files)


def lay_down(content: Path, case_folder: Path) -> Path:
    """Lay a case folder over a campaign: its `private/` beside the content
    folder (where the storyteller register lives), the rest inside it."""
    for path in sorted(case_folder.rglob("*")):
        if path.is_file() and path.name not in ("facts-extra.yml", "expect.yml"):
            relative = path.relative_to(case_folder)
            base = content.parent if relative.parts[0] == "private" else content
            target = base / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    return content


def anonymous_campaign(folder: Path) -> Path:
    """The minimal campaign with tests/bad_inputs/anonymous over it: a story by
    `st-0001`, whose register sits beside `folder` (where a union's lives)."""
    return lay_down(minimal_content(folder), Path(__file__).resolve().parent / "bad_inputs" / "anonymous")


# --- Searching every output byte, independently of the plugin's own matcher --


def _readable(data: bytes) -> list[str]:
    """The ways a reader could see these bytes: as UTF-8 and as Latin-1, each
    also with entities, JSON escapes and %-encoding decoded; all folded."""
    views = []
    for text in (data.decode("utf-8", "replace"), data.decode("latin-1")):
        plain = urllib.parse.unquote(
            re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html.unescape(html.unescape(text)))
        )
        for variant in (text, plain):
            decomposed = unicodedata.normalize("NFKD", variant)
            views.append("".join(c for c in decomposed if not unicodedata.combining(c)).casefold())
    return views


def every_output_byte(site: Path):
    """(name, bytes) for every file and folder name and every file's content,
    and a gzip file's content decompressed too (the search index is gzipped)."""
    for path in sorted(Path(site).rglob("*")):
        yield f"name:{path.relative_to(site)}", str(path.relative_to(site)).encode()
        if path.is_file():
            data = path.read_bytes()
            yield str(path.relative_to(site)), data
            if data.startswith(b"\x1f\x8b"):
                yield f"{path.relative_to(site)} (decompressed)", gzip.decompress(data)


def words_found(site: Path, words) -> list[tuple[str, str]]:
    """(output file or name, word) for each whole word found, ignoring case,
    accents and width, in every output byte and path."""
    patterns = {w: re.compile(rf"(?<![^\W_]){re.escape(w.casefold())}(?![^\W_])") for w in words}
    found = []
    for name, data in every_output_byte(site):
        views = _readable(data)
        for word, pattern in patterns.items():
            if any(pattern.search(view) for view in views):
                found.append((name, word))
    return found
